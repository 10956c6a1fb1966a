using HyperDsl.Runtime.Devices;
using TorchSharp;

namespace HyperDsl.Examples.Shared.Cli;

/// <summary>The options every experiment accepts: <c>[--quick] [--smoke] [--out DIR] [--device cpu|cuda] [--seed N]</c>.</summary>
/// <param name="Quick">Smaller data and fewer epochs: the run must finish in minutes on two CPU cores.</param>
/// <param name="OutputDirectory">Where results.json, results.md and curves.png are written.</param>
/// <param name="Device">The requested device, or null to let <see cref="DeviceSelector"/> choose.</param>
/// <param name="Seed">Seeds data generation and training; a seed gives the same numbers on CPU.</param>
public sealed record ExperimentOptions(bool Quick, string OutputDirectory, string? Device, int Seed)
{
    /// <summary>
    /// Tiny sizes (a few seconds): the whole pipeline runs and writes its files, but the numbers mean nothing. The test
    /// suite runs every experiment this way so a program that no longer runs end to end fails CI. Implies <see cref="Quick"/>.
    /// </summary>
    public bool Smoke { get; init; }

    /// <summary>The device to train on (explicit request, else CUDA when available, else CPU).</summary>
    public torch.Device SelectDevice() => DeviceSelector.Select(Device);

    /// <summary>Picks the quick or the full value of a size setting.</summary>
    public T Size<T>(T quick, T full) => Quick ? quick : full;

    /// <summary>Picks the smoke, quick or full value of a size setting.</summary>
    public T Size<T>(T smoke, T quick, T full) => Smoke ? smoke : Quick ? quick : full;

    /// <summary>
    /// The seeds of the run, from <see cref="Seed"/> on: two for a smoke run (the fewest that give a paired interval),
    /// five for quick and full runs (each seed a full repetition: data sampling and initialisation).
    /// </summary>
    public IReadOnlyList<int> Seeds => Enumerable.Range(Seed, Size(2, 5, 5)).ToList();

    /// <summary>"smoke", "quick" or "full": the size of the run, for the notes of its results.</summary>
    public string SizeName => Size("smoke", "quick", "full");
}

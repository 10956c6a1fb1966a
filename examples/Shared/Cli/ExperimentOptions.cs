using HyperDsl.Runtime.Devices;
using TorchSharp;

namespace HyperDsl.Examples.Shared.Cli;

/// <summary>The options every experiment accepts: <c>[--quick] [--out DIR] [--device cpu|cuda] [--seed N]</c>.</summary>
/// <param name="Quick">Smaller data and fewer epochs: the run must finish in minutes on two CPU cores.</param>
/// <param name="OutputDirectory">Where results.json, results.md and curves.png are written.</param>
/// <param name="Device">The requested device, or null to let <see cref="DeviceSelector"/> choose.</param>
/// <param name="Seed">Seeds data generation and training; a seed gives the same numbers on CPU.</param>
public sealed record ExperimentOptions(bool Quick, string OutputDirectory, string? Device, int Seed)
{
    /// <summary>The device to train on (explicit request, else CUDA when available, else CPU).</summary>
    public torch.Device SelectDevice() => DeviceSelector.Select(Device);

    /// <summary>Picks the quick or the full value of a size setting.</summary>
    public T Size<T>(T quick, T full) => Quick ? quick : full;
}

using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>The compared methods, each a factory of a fresh model.</summary>
public static class EnsembleMethods
{
    /// <summary>Dropout rate of the MC-dropout baseline.</summary>
    public const double DropoutRate = 0.2;

    /// <summary>Factories for every method, on <paramref name="device"/>.</summary>
    public static IReadOnlyList<Func<IEnsembleModel>> Create(Device device) =>
    [
        () => new McDropout(DropoutRate, device),
        () => new GeneratedNoiseEnsemble(device),
    ];
}

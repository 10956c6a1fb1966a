using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>The compared methods, each a factory of a fresh model.</summary>
public static class EnsembleMethods
{
    /// <summary>Dropout rate of the MC-dropout baseline.</summary>
    public const double DropoutRate = 0.2;

    /// <summary>λ, the weight of the entropy term in the noise ensemble's loss (see <see cref="WeightEntropy"/>).</summary>
    public const double EntropyWeight = 1.0;

    /// <summary>Factories for every method, on <paramref name="device"/>; the deep ensemble has <paramref name="members"/> networks (= k).</summary>
    public static IReadOnlyList<Func<IEnsembleModel>> Create(int members, Device device) =>
    [
        () => new McDropout(DropoutRate, device),
        () => new DeepEnsemble(members, device),
        () => new GeneratedNoiseEnsemble(0, device),
        () => new GeneratedNoiseEnsemble(EntropyWeight, device),
    ];
}

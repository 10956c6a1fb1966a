using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// Stochastic depth (Huang et al. 2016) as torchvision's <c>ops.stochastic_depth</c>: in training, each sample's value
/// (<see cref="Row"/>) or the whole batch's (<see cref="Batch"/>) is zeroed with probability p and the survivors divided
/// by 1 − p, so the expectation is unchanged; in evaluation it is the identity.
/// </summary>
public static class StochasticDepth
{
    /// <summary>Drops whole samples (one draw per batch row).</summary>
    public static Tensor Row(Tensor input, double p, bool training) => Apply(input, p, training, perSample: true);

    /// <summary>Drops the whole batch (one draw).</summary>
    public static Tensor Batch(Tensor input, double p, bool training) => Apply(input, p, training, perSample: false);

    private static Tensor Apply(Tensor input, double p, bool training, bool perSample)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "A drop probability is in [0, 1].");
        if (!training || p == 0) return input;
        var survival = 1.0 - p;
        var shape = new long[input.dim()];
        Array.Fill(shape, 1L);
        if (perSample) shape[0] = input.size(0);
        var noise = empty(shape, input.dtype, input.device).bernoulli_(survival);
        if (survival > 0) noise.div_(survival);
        return input * noise;
    }
}

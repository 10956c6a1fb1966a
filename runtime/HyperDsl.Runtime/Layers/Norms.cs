using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>Normalisation layers created with torch.nn's initial values where TorchSharp does not set them.</summary>
public static class Norms
{
    /// <summary>
    /// <c>nn.GroupNorm</c> with weight 1 and bias 0. TorchSharp 0.107's <c>nn.GroupNorm</c> leaves its affine
    /// parameters uninitialised (whatever memory they were allocated in, measured up to 1e37 and NaN), so generated
    /// code creates group norms through this.
    /// </summary>
    /// <param name="numGroups">Number of groups the channels are divided into.</param>
    /// <param name="numChannels">Number of channels.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    public static TorchSharp.Modules.GroupNorm GroupNorm(long numGroups, long numChannels, double eps = 1e-5)
    {
        var norm = nn.GroupNorm(numGroups, numChannels, eps);
        using var noGrad = no_grad();
        norm.weight?.fill_(1);
        norm.bias?.zero_();
        return norm;
    }
}

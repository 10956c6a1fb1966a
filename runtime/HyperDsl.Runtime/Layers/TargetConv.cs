namespace HyperDsl.Runtime.Layers;

/// <summary>
/// A convolution (1, 2 or 3 spatial dimensions) of a target network: own parameters (trainable or frozen) or weight and/or bias generated per sample, applied as one grouped convolution with the batch folded into the groups (<see cref="HyperOps.Conv"/>). Own tensors are <c>weight</c> <c>[out, in/groups, k...]</c> and <c>bias</c> <c>[out]</c>, initialised like torch.nn.ConvNd. LoRA is not supported on convolutions.
/// </summary>
public sealed class TargetConv : ConvolutionLayer<TargetConv>
{
    /// <summary>Creates the layer and its own parameters for <paramref name="role"/>.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="spatialRank">1, 2 or 3.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="kernelSize">Kernel size, one entry per spatial dimension.</param>
    /// <param name="stride">Stride, one entry per spatial dimension.</param>
    /// <param name="padding">Zero padding, one entry per spatial dimension.</param>
    /// <param name="dilation">Dilation, one entry per spatial dimension.</param>
    /// <param name="groups">Groups; both channel counts must be divisible by it.</param>
    /// <param name="hasBias">Whether the layer adds a bias.</param>
    /// <param name="role">Trainable, Frozen or External (Lora throws <see cref="NotSupportedException"/>).</param>
    /// <param name="declaration">The <c>.hyp</c> declaration, used in error messages.</param>
    public TargetConv(string name, int spatialRank, long inChannels, long outChannels, long[] kernelSize, long[] stride,
        long[] padding, long[] dilation, long groups, bool hasBias, Role role, string declaration)
        : base(name, new ConvolutionCore(false, spatialRank, inChannels, outChannels, kernelSize, stride, padding,
            new long[Math.Max(spatialRank, 0)], dilation, groups, hasBias, role, declaration))
    {
    }
}

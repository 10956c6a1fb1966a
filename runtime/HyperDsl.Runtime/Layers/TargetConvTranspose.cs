namespace HyperDsl.Runtime.Layers;

/// <summary>
/// A transposed convolution (1, 2 or 3 spatial dimensions) of a target network: own parameters (trainable or frozen) or weight and/or bias generated per sample, applied as one grouped transposed convolution with the batch folded into the groups (<see cref="HyperOps.ConvTranspose"/>). Own tensors are <c>weight</c> <c>[in, out/groups, k...]</c> and <c>bias</c> <c>[out]</c>, initialised like torch.nn.ConvTransposeNd. LoRA is not supported.
/// </summary>
public sealed class TargetConvTranspose : ConvolutionLayer<TargetConvTranspose>
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
    /// <param name="outputPadding">Extra size on one side of each output dimension.</param>
    /// <param name="groups">Groups; both channel counts must be divisible by it.</param>
    /// <param name="hasBias">Whether the layer adds a bias.</param>
    /// <param name="role">Trainable, Frozen or External (Lora throws <see cref="NotSupportedException"/>).</param>
    /// <param name="declaration">The <c>.hyp</c> declaration, used in error messages.</param>
    public TargetConvTranspose(string name, int spatialRank, long inChannels, long outChannels, long[] kernelSize, long[] stride,
        long[] padding, long[] dilation, long[] outputPadding, long groups, bool hasBias, Role role, string declaration)
        : base(name, new ConvolutionCore(true, spatialRank, inChannels, outChannels, kernelSize, stride, padding,
            outputPadding, dilation, groups, hasBias, role, declaration))
    {
    }
}

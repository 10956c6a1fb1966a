using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// A convolution (1, 2 or 3 spatial dimensions) of a target network: own parameters (trainable or frozen) or weight and/or bias generated per sample, applied as one grouped convolution with the batch folded into the groups (<see cref="HyperOps.Conv"/>). Own tensors are <c>weight</c> <c>[out, in/groups, k...]</c> and <c>bias</c> <c>[out]</c>, initialised like torch.nn.ConvNd. LoRA is not supported on convolutions.
/// </summary>
public sealed class TargetConv : nn.Module<Tensor, Tensor>, ITargetLayer
{
    // Field names are the state_dict keys: <layer>.weight, <layer>.bias. Null when generated or absent.
    private Parameter? weight;
    private Parameter? bias;
    private readonly ConvolutionCore core;

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
        long[] padding, long[] dilation, long groups, bool hasBias, Role role, string declaration) : base(name)
    {
        core = new ConvolutionCore(false, spatialRank, inChannels, outChannels, kernelSize, stride, padding,
            new long[Math.Max(spatialRank, 0)], dilation, groups, hasBias, role, declaration);
        weight = core.CreateWeight();
        bias = core.CreateBias();
        RegisterComponents();
    }

    /// <inheritdoc/>
    public string Declaration => core.Declaration;

    /// <inheritdoc/>
    public Role Role => core.Role;

    /// <summary>Spatial dimensions (1, 2 or 3).</summary>
    public int SpatialRank => core.SpatialRank;

    /// <summary>Input channels.</summary>
    public long InChannels => core.InChannels;

    /// <summary>Output channels.</summary>
    public long OutChannels => core.OutChannels;

    /// <summary>Per-sample weight shape [out, in/groups, k...].</summary>
    public IReadOnlyList<long> WeightShape => core.WeightShape;

    /// <summary>The own weight, or null when it is generated.</summary>
    public Parameter? Weight => weight;

    /// <summary>The own bias <c>[out]</c>, or null when it is generated or absent.</summary>
    public Parameter? Bias => bias;

    /// <summary>Applies the layer with own parameters only.</summary>
    /// <param name="input"><c>[N, in, spatial...]</c>.</param>
    public override Tensor forward(Tensor input) => core.Forward(input, null, weight, bias);

    /// <summary>Applies the layer; generated tensors are read from <paramref name="generated"/>.</summary>
    /// <param name="input"><c>[B, in, spatial...]</c>.</param>
    /// <param name="generated">The hypernetwork's output for this batch; required for the External role.</param>
    public Tensor forward(Tensor input, GeneratedWeights? generated) => core.Forward(input, generated, weight, bias);

    /// <inheritdoc/>
    public void MaterializeInto(ITargetLayer destination, GeneratedWeights? generated, long sample)
    {
        var target = LayerChecks.Destination<TargetConv>(destination, Declaration);
        core.CheckSameShape(target.core);
        core.MaterializeInto(target.weight, target.bias, generated, sample, weight, bias);
    }
}

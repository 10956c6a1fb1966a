using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// What <see cref="TargetConv"/> and <see cref="TargetConvTranspose"/> have in common as modules: the own
/// <c>weight</c> and <c>bias</c> parameters, the forward passes and materialisation, all delegated to one
/// <see cref="ConvolutionCore"/>. The two layers differ only in their constructor (and the core's transposed flag).
/// </summary>
/// <typeparam name="TSelf">The concrete layer: materialisation only copies into a layer of the same kind.</typeparam>
public abstract class ConvolutionLayer<TSelf> : nn.Module<Tensor, Tensor>, ITargetLayer where TSelf : ConvolutionLayer<TSelf>
{
    // Field names are the state_dict keys: <layer>.weight, <layer>.bias. Null when generated or absent. Not private:
    // RegisterComponents (called by the concrete layer) reflects over the concrete type, which sees a base class's
    // fields only when they are not private.
    private protected Parameter? weight;
    private protected Parameter? bias;
    private readonly ConvolutionCore core;

    private protected ConvolutionLayer(string name, ConvolutionCore core) : base(name)
    {
        this.core = core;
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

    /// <summary>Per-sample weight shape: <c>[out, in/groups, k...]</c> for a convolution, <c>[in, out/groups, k...]</c> transposed.</summary>
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
        var target = LayerChecks.Destination<TSelf>(destination, Declaration);
        core.CheckSameShape(target.core);
        core.MaterializeInto(target.weight, target.bias, generated, sample, weight, bias);
    }
}

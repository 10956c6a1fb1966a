using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// Layer normalisation over the channel dimension of a feature map <c>[B, C, H, W]</c> (torchvision's ConvNeXt
/// <c>LayerNorm2d</c>: channels moved last, normalised, moved back), with torch.nn.LayerNorm's state_dict keys
/// <c>weight</c> and <c>bias</c> <c>[C]</c> (ones and zeros; absent without elementwise affine).
/// </summary>
public sealed class LayerNorm2d : nn.Module<Tensor, Tensor>
{
    // Field names are the state_dict keys.
    private readonly Parameter? weight;
    private readonly Parameter? bias;
    private readonly long[] _shape;
    private readonly double _eps;

    /// <summary>Creates the norm.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="channels">Channels C.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="elementwiseAffine">Whether the norm has a learned weight and bias.</param>
    public LayerNorm2d(string name, long channels, double eps = 1e-5, bool elementwiseAffine = true) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _shape = [channels];
        _eps = eps;
        if (elementwiseAffine)
        {
            weight = new Parameter(ones(channels));
            bias = new Parameter(zeros(channels));
            weight.DetachFromDisposeScope();
            bias.DetachFromDisposeScope();
        }
        RegisterComponents();
    }

    /// <summary>The learned scale <c>[C]</c>, or null without elementwise affine.</summary>
    public Parameter? Weight => weight;

    /// <summary>The learned shift <c>[C]</c>, or null without elementwise affine.</summary>
    public Parameter? Bias => bias;

    /// <summary>Normalises each position's channel vector.</summary>
    public override Tensor forward(Tensor input) =>
        nn.functional.layer_norm(input.permute(0, 2, 3, 1), _shape, weight, bias, _eps).permute(0, 3, 1, 2);
}

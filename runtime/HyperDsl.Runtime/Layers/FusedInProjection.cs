using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// The fused query / key / value projection of a multi-head attention, with torch.nn.MultiheadAttention's tensors and
/// state_dict keys: <c>in_proj_weight</c> <c>[3·width, width]</c> (xavier-uniform) and <c>in_proj_bias</c>
/// <c>[3·width]</c> (zeros). <c>forward</c> maps <c>[B, T, width]</c> to <c>[B, T, 3·width]</c> (queries, keys, values
/// side by side). The output projection is an ordinary <see cref="TargetLinear"/> (<c>out_proj</c>), so roles apply to it.
/// </summary>
public sealed class FusedInProjection : nn.Module<Tensor, Tensor>
{
    // Field names are the state_dict keys (PyTorch's), so TorchSharp's .to() and load_state_dict keep them.
#pragma warning disable IDE1006 // PyTorch's parameter names
    private readonly Parameter in_proj_weight;
    private readonly Parameter? in_proj_bias;
#pragma warning restore IDE1006

    /// <summary>Creates the projection, initialised like PyTorch's.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="width">Embedding width (query, key and value width alike).</param>
    /// <param name="hasBias">Whether the projection adds a bias.</param>
    /// <param name="trainable">False for a frozen projection.</param>
    public FusedInProjection(string name, long width, bool hasBias = true, bool trainable = true) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Width = width;
        using (no_grad())
        {
            in_proj_weight = new Parameter(empty(3 * width, width), requires_grad: trainable);
            nn.init.xavier_uniform_(in_proj_weight);
            in_proj_weight.DetachFromDisposeScope();
            if (hasBias)
            {
                in_proj_bias = new Parameter(zeros(3 * width), requires_grad: trainable);
                in_proj_bias.DetachFromDisposeScope();
            }
        }
        RegisterComponents();
    }

    /// <summary>Embedding width.</summary>
    public long Width { get; }

    /// <summary>The fused weight <c>[3·width, width]</c>: query rows, then key rows, then value rows.</summary>
    public Parameter Weight => in_proj_weight;

    /// <summary>The fused bias <c>[3·width]</c>, or null.</summary>
    public Parameter? Bias => in_proj_bias;

    /// <summary>
    /// Copies <paramref name="source"/>'s fused weight and bias into this projection (not its <c>out_proj</c> child,
    /// which copies its own effective weights).
    /// </summary>
    public void CopyFrom(FusedInProjection source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var noGrad = no_grad();
        in_proj_weight.copy_(source.in_proj_weight);
        if (in_proj_bias is not null && source.in_proj_bias is not null) in_proj_bias.copy_(source.in_proj_bias);
    }

    /// <summary>Queries, keys and values side by side: <c>[..., width] → [..., 3·width]</c>.</summary>
    public override Tensor forward(Tensor input) => nn.functional.linear(input, in_proj_weight, in_proj_bias);
}

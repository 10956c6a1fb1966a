using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// A learned lookup table <c>weight [count, size]</c> initialised N(0, 1) like <c>nn.Embedding</c>. Used instead of
/// TorchSharp 0.107's <c>nn.Embedding</c>, whose weight is disposed (and vanishes from <c>parameters()</c>) when the
/// module is built inside a DisposeScope.
/// </summary>
internal sealed class EmbeddingTable : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public EmbeddingTable(string name, long count, long size) : base(name)
    {
        weight = new Parameter(randn(count, size));
        weight.DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Rows of the table for int64 indices of any shape: <c>[..., size]</c>.</summary>
    public override Tensor forward(Tensor indices) => weight.index_select(0, indices.flatten()).reshape([.. indices.shape, weight.shape[1]]);
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// A learned lookup table <c>weight [count, size]</c> initialised N(0, 1) like <c>nn.Embedding</c>, with the same
/// state_dict key (<c>weight</c>). Used instead of TorchSharp 0.107's <c>nn.Embedding</c>, whose weight is disposed
/// (and vanishes from <c>parameters()</c>) when the module is built inside a DisposeScope: for task ids
/// (<see cref="Conditioning.TaskEmbedding"/>), the hypernetwork's attribute embeddings, and a network's class token and
/// position embedding.
/// </summary>
public sealed class EmbeddingTable : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    /// <summary>Creates a table of <paramref name="count"/> rows of <paramref name="size"/> values.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="count">Number of rows.</param>
    /// <param name="size">Values per row.</param>
    public EmbeddingTable(string name, long count, long size) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        weight = new Parameter(randn(count, size));
        weight.DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>The table <c>[count, size]</c> (the registered parameter, also after <c>.to(device)</c>).</summary>
    public Parameter Weight => weight;

    /// <summary>Rows of the table for int64 indices of any shape: <c>[..., size]</c>.</summary>
    public override Tensor forward(Tensor indices) => weight.index_select(0, indices.flatten()).reshape([.. indices.shape, weight.size(1)]);
}

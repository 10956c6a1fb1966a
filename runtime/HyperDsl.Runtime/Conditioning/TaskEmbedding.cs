using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Conditioning;

/// <summary>
/// A learnable embedding table for task (or domain) identifiers: int64 ids <c>[B]</c> become <c>[B, size]</c>.
/// The condition of a hypernetwork conditioned on "which task". The table is an <see cref="EmbeddingTable"/> (same
/// N(0, 1) values and state_dict key <c>table.weight</c> as <c>nn.Embedding</c>, which TorchSharp 0.107 empties when the
/// module is built inside a DisposeScope).
/// </summary>
public sealed class TaskEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly EmbeddingTable table;

    /// <summary>Creates a table of <paramref name="numTasks"/> embeddings of <paramref name="size"/> values each.</summary>
    /// <param name="name">Module name (the .hyp declaration's name).</param>
    /// <param name="numTasks">Number of distinct task ids; valid ids are 0 .. numTasks-1.</param>
    /// <param name="size">Embedding width.</param>
    public TaskEmbedding(string name, long numTasks, long size) : base(name)
    {
        // Checked here as well as in EmbeddingTable so that the exception names this constructor's parameters.
        ArgumentOutOfRangeException.ThrowIfLessThan(numTasks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        table = new EmbeddingTable("table", numTasks, size);
        RegisterComponents();
    }

    /// <summary>Number of distinct task ids (the table's rows).</summary>
    public long NumTasks => table.Weight.size(0);

    /// <summary>Embedding width (the table's columns).</summary>
    public long Size => table.Weight.size(1);

    /// <summary>Looks up the embeddings of <paramref name="taskIds"/> (int64 <c>[B]</c>) and returns <c>[B, size]</c>.</summary>
    /// <exception cref="HyperDslShapeException">The ids are not a 1-D int64 tensor.</exception>
    /// <exception cref="ArgumentException">An id is outside 0 .. numTasks-1.</exception>
    public override Tensor forward(Tensor taskIds)
    {
        if (taskIds.dtype != ScalarType.Int64 || taskIds.dim() != 1)
            throw new HyperDslShapeException(
                $"TaskEmbedding '{GetName()}': task ids must be a 1-D int64 tensor [B], got {taskIds.dtype} {HyperDslShapeException.Render(taskIds.shape)}.");
        if (taskIds.numel() > 0)
        {
            // One host sync per batch: an out-of-range id would otherwise be a native index error without a name.
            var low = taskIds.min().item<long>();
            var high = taskIds.max().item<long>();
            if (low < 0 || high >= NumTasks)
                throw new ArgumentException(
                    $"TaskEmbedding '{GetName()}': task id {(low < 0 ? low : high)} is out of range; valid ids are 0 .. {NumTasks - 1}.",
                    nameof(taskIds));
        }
        return table.forward(taskIds);
    }
}

using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Semantics;

/// <summary>
/// The hypernetwork's parameter rows: the contract's <see cref="HypernetLayout"/>, the one function the runtime's
/// <c>HyperNetwork</c> builds its modules from, so names, shapes and order are the ones the built module registers.
/// </summary>
internal static class HypernetParameters
{
    /// <summary>The rows, or none when the layout cannot be built (the binder has reported why).</summary>
    public static IEnumerable<ParameterRow> Rows(BoundHypernet h, ImmutableArray<BoundCondition> conditions, ImmutableArray<GeneratedTensor> generated)
    {
        var conditionSize = ConditionSize(h, conditions);
        if (HypernetLayout.Problems(conditionSize, h, generated).Count > 0) return [];
        return HypernetLayout.Of(conditionSize, h, generated).Parameters()
            .Select(p => new ParameterRow("hypernet." + p.Name, ParameterOwner.Hypernet, ParameterOrigin.Trainable, [.. p.Shape], Shapes.Count([.. p.Shape]) ?? 0));
    }

    /// <summary>Width of the concatenated embeddings of the conditions the hypernetwork reads.</summary>
    public static long ConditionSize(BoundHypernet h, ImmutableArray<BoundCondition> conditions) =>
        h.Sources.Sum(s => conditions.FirstOrDefault(c => c.Name == s)?.EmbeddingSize ?? 0);
}

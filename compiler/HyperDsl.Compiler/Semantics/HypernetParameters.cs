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
    public static IEnumerable<ParameterRow> Rows(BoundHypernet h, ImmutableArray<GeneratedTensor> generated)
    {
        if (HypernetLayout.Problems(h.ConditionSize, h, generated).Count > 0) return [];
        return HypernetLayout.Of(h.ConditionSize, h, generated).Parameters()
            .Select(p => new ParameterRow("hypernet." + p.Name, ParameterOwner.Hypernet, ParameterOrigin.Trainable, [.. p.Shape], Shapes.Count([.. p.Shape]) ?? 0));
    }
}

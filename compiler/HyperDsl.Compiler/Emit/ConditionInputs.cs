using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>One tensor of the generated condition record.</summary>
/// <param name="Key">Unique key: condition name plus role (image / mask).</param>
/// <param name="Property">Escaped property name.</param>
/// <param name="Shape">Expected shape without the batch dimension.</param>
/// <param name="Description">XML text for the property's documentation.</param>
internal sealed record ConditionInput(string Key, BoundCondition Condition, string Property, ImmutableArray<long> Shape, string Description);

/// <summary>Names the condition record's properties (which conditions need a tensor is <see cref="ModelFacts.ConditionTensors"/>).</summary>
internal static class ConditionInputs
{
    public static IReadOnlyList<ConditionInput> For(EmitContext context)
    {
        var scope = new NameScope(["Equals", "GetHashCode", "ToString", "Deconstruct", "EqualityContract", "PrintMembers",
            "GetType", "MemberwiseClone", "Finalize", CSharpNames.Bare(context.ConditionClass)]);
        return [.. ModelFacts.ConditionTensors(context.Model).Select(t =>
            new ConditionInput(t.Key, t.Condition, scope.Declare(t.Key, t.Name), t.Shape, Description(t)))];
    }

    private static string Description(ConditionTensor t)
    {
        var name = DocComments.Inline(t.Condition.Name);
        var shape = string.Join(", ", t.Shape);
        return t.Role switch
        {
            ConditionTensorRole.TaskIds => $"Task ids of <c>{name}</c>, int64 [B], each in [0, {t.Condition.Count}).",
            ConditionTensorRole.Table => $"Tabular features of <c>{name}</c>, [B, {shape}] ({DocComments.Inline(string.Join(", ", t.Condition.Columns.IsDefault ? [] : t.Condition.Columns))}); NaN marks a missing value.",
            ConditionTensorRole.SupportImage => $"Support image of <c>{name}</c>, [B, {shape}].",
            ConditionTensorRole.SupportMask => $"Support mask of <c>{name}</c>, [B, {shape}].",
            _ => $"Input of the domain classifier of <c>{name}</c>, [B, {shape}].",
        };
    }
}

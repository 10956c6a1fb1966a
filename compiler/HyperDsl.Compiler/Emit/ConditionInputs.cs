using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>One tensor of the generated condition record.</summary>
/// <param name="Key">Unique key: condition name plus role (image / mask).</param>
/// <param name="Property">Escaped property name.</param>
/// <param name="Shape">Expected shape without the batch dimension.</param>
/// <param name="Description">XML text for the property's documentation.</param>
internal sealed record ConditionInput(string Key, BoundCondition Condition, string Property, ImmutableArray<long> Shape, string Description);

/// <summary>Decides which conditions need a tensor in the condition record and what its property is called.</summary>
internal static class ConditionInputs
{
    public static IReadOnlyList<ConditionInput> For(EmitContext context)
    {
        var scope = new NameScope(["Equals", "GetHashCode", "ToString", "Deconstruct", "EqualityContract", "PrintMembers",
            "GetType", "MemberwiseClone", "Finalize", CSharpNames.Bare(context.ConditionClass)]);
        var result = new List<ConditionInput>();
        foreach (var condition in context.Model.Conditions)
        {
            var name = DocComments.Inline(condition.Name);
            switch (condition.Kind)
            {
                case ConditionKind.Task:
                    result.Add(new(condition.Name, condition, scope.Declare(condition.Name, condition.Name), [],
                        $"Task ids of <c>{name}</c>, int64 [B], each in [0, {condition.Count})."));
                    break;
                case ConditionKind.Tabular:
                    var columns = condition.Columns.IsDefault ? 0 : condition.Columns.Length;
                    result.Add(new(condition.Name, condition, scope.Declare(condition.Name, condition.Name), [columns],
                        $"Tabular features of <c>{name}</c>, [B, {columns}] ({DocComments.Inline(string.Join(", ", condition.Columns.IsDefault ? [] : condition.Columns))}); NaN marks a missing value."));
                    break;
                case ConditionKind.SupportMask:
                    var image = condition.InputShape.IsDefault ? ImmutableArray<long>.Empty : condition.InputShape;
                    var mask = image.Length > 0 ? image.SetItem(0, 1) : image;
                    result.Add(new(condition.Name + "/image", condition, scope.Declare(condition.Name + "/image", condition.Name + "_image"), image,
                        $"Support image of <c>{name}</c>, [B, {string.Join(", ", image)}]."));
                    result.Add(new(condition.Name + "/mask", condition, scope.Declare(condition.Name + "/mask", condition.Name + "_mask"), mask,
                        $"Support mask of <c>{name}</c>, [B, {string.Join(", ", mask)}]."));
                    break;
                case ConditionKind.Domain when !condition.FromInput:
                    var shape = condition.InputShape.IsDefault ? ImmutableArray<long>.Empty : condition.InputShape;
                    result.Add(new(condition.Name, condition, scope.Declare(condition.Name, condition.Name), shape,
                        $"Input of the domain classifier of <c>{name}</c>, [B, {string.Join(", ", shape)}]."));
                    break;
            }
        }
        return result;
    }
}

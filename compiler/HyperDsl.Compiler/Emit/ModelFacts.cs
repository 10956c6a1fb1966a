using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>What a condition input is to a generated model: its ids, table, support image or mask, or classifier input.</summary>
internal enum ConditionTensorRole { TaskIds, Table, SupportImage, SupportMask, DomainInput }

/// <summary>One tensor a caller passes for a condition (backend-neutral; each backend names it).</summary>
/// <param name="Key">Unique key: the condition name, plus <c>/image</c> or <c>/mask</c> for a support pair.</param>
/// <param name="Name">The name the tensor is given before a backend escapes it (<c>support_image</c>).</param>
/// <param name="Shape">Expected shape without the batch dimension.</param>
internal sealed record ConditionTensor(string Key, BoundCondition Condition, ConditionTensorRole Role, string Name, ImmutableArray<long> Shape);

/// <summary>
/// Readings of the bound model every backend makes the same way (which condition tensors a caller passes, what the
/// hypernetwork reads, how pooling and resampling constants are laid out), so the C# and Python writers cannot disagree.
/// </summary>
internal static class ModelFacts
{
    /// <summary>The condition tensors in declaration order; noise and a domain classifier reading the model input need none.</summary>
    public static IReadOnlyList<ConditionTensor> ConditionTensors(BoundModel model)
    {
        var result = new List<ConditionTensor>();
        foreach (var condition in model.Conditions)
        {
            switch (condition.Kind)
            {
                case ConditionKind.Task:
                    result.Add(new(condition.Name, condition, ConditionTensorRole.TaskIds, condition.Name, []));
                    break;
                case ConditionKind.Tabular:
                    result.Add(new(condition.Name, condition, ConditionTensorRole.Table, condition.Name, [condition.Columns.IsDefault ? 0 : condition.Columns.Length]));
                    break;
                case ConditionKind.SupportMask:
                    var image = condition.InputShape.IsDefault ? ImmutableArray<long>.Empty : condition.InputShape;
                    var mask = image.Length > 0 ? image.SetItem(0, 1) : image;
                    result.Add(new(condition.Name + "/image", condition, ConditionTensorRole.SupportImage, condition.Name + "_image", image));
                    result.Add(new(condition.Name + "/mask", condition, ConditionTensorRole.SupportMask, condition.Name + "_mask", mask));
                    break;
                case ConditionKind.Domain when !condition.FromInput:
                    result.Add(new(condition.Name, condition, ConditionTensorRole.DomainInput, condition.Name,
                        condition.InputShape.IsDefault ? ImmutableArray<long>.Empty : condition.InputShape));
                    break;
            }
        }
        return result;
    }

    /// <summary>The .hyp path of a value id: <c>encoder</c> for both <c>encoder</c> and <c>encoder#2</c>, <c>encoder.0</c> for <c>encoder.0#1</c>.</summary>
    public static string ValuePath(string valueId)
    {
        var hash = valueId.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? valueId : valueId[..hash];
    }

    /// <summary>
    /// For each step, whether it reads the previous step's value as its first argument and nothing else reads that value
    /// (an intermediate of a pipeline): a backend may keep the two in one local, reassigned.
    /// </summary>
    public static bool[] ContinuesPrevious(BoundNetwork network)
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        void Use(string id) => uses[id] = uses.GetValueOrDefault(id) + 1;
        foreach (var step in network.Steps) foreach (var argument in step.Arguments) Use(argument);
        Use(network.OutputValue);
        foreach (var value in network.NamedOutputs.Values) Use(value);
        var result = new bool[network.Steps.Length];
        for (var i = 1; i < result.Length; i++)
        {
            var previous = network.Steps[i - 1].Result;
            var step = network.Steps[i];
            result[i] = previous.Contains('#', StringComparison.Ordinal) && uses.GetValueOrDefault(previous) == 1
                && step.Arguments.Length > 0 && step.Arguments[0] == previous;
        }
        return result;
    }

    /// <summary>Linear, convolution and transposed convolution: the layers whose weights can be generated.</summary>
    public static bool IsTargetLayer(BoundLayer layer) => layer.Kind is LayerKind.Linear or LayerKind.Conv or LayerKind.ConvTranspose;

    /// <summary>A pooling step's window: Ints = kernel, stride and padding, SpatialRank entries each (the binder resolves their defaults).</summary>
    public static (long[] Kernel, long[] Stride, long[] Padding) PoolWindow(StepOp op)
    {
        var rank = op.SpatialRank;
        var ints = op.Ints.IsDefault ? ImmutableArray<long>.Empty : op.Ints;
        if (rank < 1 || ints.Length != 3 * rank) throw new InvalidOperationException($"a pool of rank {rank} needs {3 * rank} sizes, not {ints.Length}");
        return (ints.Take(rank).ToArray(), ints.Skip(rank).Take(rank).ToArray(), ints.Skip(2 * rank).Take(rank).ToArray());
    }

    /// <summary>A resampling step's interpolation mode as PyTorch spells it (<c>nearest</c>, <c>bilinear</c>, ...).</summary>
    public static string InterpolationMode(StepOp op) => op.Interpolation.ToString().ToLowerInvariant();

    /// <summary>The per-spatial-dimension tuple, or <paramref name="fallback"/> repeated when the binder left it unset.</summary>
    public static ImmutableArray<long> Tuple(ImmutableArray<long> values, int rank, long fallback) =>
        values.IsDefaultOrEmpty ? [.. Enumerable.Repeat(fallback, Math.Max(1, rank))] : values;

    /// <summary>The channel count a norm layer normalises.</summary>
    public static long NormChannels(LayerArguments a) => a.OutFeatures > 0 ? a.OutFeatures : a.InFeatures;

    /// <summary>A layer norm's normalised shape.</summary>
    public static ImmutableArray<long> NormalizedShape(LayerArguments a) => a.NormalizedShape.IsDefaultOrEmpty ? [a.InFeatures] : a.NormalizedShape;

    /// <summary>The slot of a layer's generated tensor <paramref name="name"/>, or null when it is not generated.</summary>
    public static int? Slot(BoundLayer layer, string name) =>
        layer.Parameters.FirstOrDefault(p => p.Name == name && p.Origin == ParameterOrigin.Generated)?.Slot;

    /// <summary>The domain condition and its classifier network a domain loss reads.</summary>
    public static (BoundCondition Condition, BoundNetwork Network) DomainOf(BoundLoss loss)
    {
        var condition = loss.Condition ?? throw new InvalidOperationException($"loss '{loss.Name}' has no domain condition");
        return (condition, DomainNetwork(condition));
    }

    /// <summary>The auxiliary network a domain condition reads its embedding from.</summary>
    public static BoundNetwork DomainNetwork(BoundCondition condition) =>
        condition.Network ?? throw new InvalidOperationException($"domain condition '{condition.Name}' has no network");
}

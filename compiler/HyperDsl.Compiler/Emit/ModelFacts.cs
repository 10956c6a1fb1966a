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

    /// <summary>The conditions the hypernetwork reads, in the order their embeddings are concatenated.</summary>
    public static List<BoundCondition> Sources(BoundModel model)
    {
        if (model.Hypernet is not { } hypernet || hypernet.Sources.IsDefaultOrEmpty) return model.Conditions.ToList();
        return hypernet.Sources.Select(s => model.Conditions.FirstOrDefault(c => c.Name == s)
            ?? throw new InvalidOperationException($"hypernetwork reads unknown condition '{s}'")).ToList();
    }

    /// <summary>
    /// Generation reads the model input when a domain classifier looks at it, or when no condition tensor exists to take
    /// the batch size and device from (noise only).
    /// </summary>
    public static bool GenerateReadsInput(BoundModel model)
    {
        var sources = Sources(model);
        return sources.Any(c => c.Kind == ConditionKind.Domain && c.FromInput) ||
               !ConditionTensors(model).Any(t => sources.Contains(t.Condition));
    }

    /// <summary>Linear, convolution and transposed convolution: the layers whose weights can be generated.</summary>
    public static bool IsTargetLayer(BoundLayer layer) => layer.Kind is LayerKind.Linear or LayerKind.Conv or LayerKind.ConvTranspose;

    /// <summary>A pooling step's window: Ints = kernel, then optionally stride and padding, each SpatialRank entries (stride defaults to the kernel).</summary>
    public static (long[] Kernel, long[] Stride, long[] Padding) PoolWindow(StepOp op)
    {
        var ints = op.Ints.IsDefault ? ImmutableArray<long>.Empty : op.Ints;
        var rank = Math.Max(1, op.SpatialRank);
        var kernel = ints.Take(rank).ToArray();
        if (kernel.Length < rank) kernel = Enumerable.Repeat(kernel.FirstOrDefault(2), rank).ToArray();
        var stride = ints.Length >= 2 * rank ? ints.Skip(rank).Take(rank).ToArray() : kernel;
        var padding = ints.Length >= 3 * rank ? ints.Skip(2 * rank).Take(rank).ToArray() : new long[rank];
        return (kernel, stride, padding);
    }

    /// <summary>A resampling step's interpolation mode as PyTorch spells it (<c>nearest</c>, <c>bilinear</c>, ...).</summary>
    public static string InterpolationMode(StepOp op) => op.Mode?.ToLowerInvariant() switch
    {
        null or "" or "nearest" => "nearest",
        "linear" or "bilinear" or "trilinear" => Math.Max(1, op.SpatialRank) switch { 1 => "linear", 2 => "bilinear", _ => "trilinear" },
        "bicubic" => "bicubic",
        "area" => "area",
        _ => "nearest",
    };

    /// <summary>The hypernetwork's normalisation as the runtime's NormKind names it.</summary>
    public static string NormKind(string? norm) => norm?.Replace("_", "").ToLowerInvariant() switch
    {
        "layernorm" or "layer" or "ln" => "LayerNorm",
        "batchnorm" or "batch" or "bn" => "BatchNorm",
        _ => "None",
    };

    /// <summary>The per-spatial-dimension tuple, or <paramref name="fallback"/> repeated when the binder left it unset.</summary>
    public static ImmutableArray<long> Tuple(ImmutableArray<long> values, int rank, long fallback) =>
        values.IsDefaultOrEmpty ? [.. Enumerable.Repeat(fallback, Math.Max(1, rank))] : values;

    /// <summary>The channel count a norm layer normalises.</summary>
    public static long NormChannels(LayerArguments a) => a.OutFeatures > 0 ? a.OutFeatures : a.InFeatures;

    /// <summary>A layer norm's normalised shape.</summary>
    public static ImmutableArray<long> NormalizedShape(LayerArguments a) => a.NormalizedShape.IsDefaultOrEmpty ? [a.InFeatures] : a.NormalizedShape;

    /// <summary>A learned tensor's layer (positional embedding, class token, layer scale) named by a step.</summary>
    public static BoundLayer StepLayer(BoundNetwork network, BoundStep step) =>
        network.Layers.FirstOrDefault(l => l.FieldName == step.Layer)
        ?? throw new InvalidOperationException($"network '{network.Name}': step '{step.Result}' names unknown layer '{step.Layer}'");

    /// <summary>The slot of a layer's generated tensor <paramref name="name"/>, or null when it is not generated.</summary>
    public static int? Slot(BoundLayer layer, string name) =>
        layer.Parameters.FirstOrDefault(p => p.Name == name && p.Origin == ParameterOrigin.Generated)?.Slot;

    /// <summary>The domain condition and its classifier network a domain loss reads.</summary>
    public static (BoundCondition Condition, BoundNetwork Network) DomainOf(BoundModel model, BoundLoss loss)
    {
        var condition = model.Conditions.FirstOrDefault(c => c.Name == loss.Condition && c.Kind == ConditionKind.Domain)
            ?? throw new InvalidOperationException($"loss '{loss.Name}' names no domain condition");
        return (condition, model.AuxiliaryNetworks.First(n => n.Name == condition.Network));
    }

    /// <summary>The auxiliary network a domain condition reads its embedding from.</summary>
    public static BoundNetwork DomainNetwork(BoundModel model, BoundCondition condition)
    {
        var network = condition.Network ?? throw new InvalidOperationException($"domain condition '{condition.Name}' names no network");
        return model.AuxiliaryNetworks.FirstOrDefault(n => n.Name == network)
            ?? throw new InvalidOperationException($"domain condition '{condition.Name}' names unknown network '{network}'");
    }
}

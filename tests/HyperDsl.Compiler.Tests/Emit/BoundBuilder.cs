using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Tests.Emit;

/// <summary>
/// Builds bound networks by hand for emitter tests (the shape checker normally does this): layers with their roles,
/// generated-tensor slots in declaration order, and the forward program.
/// </summary>
internal sealed class NetworkBuilder(string name, string file, List<GeneratedTensor> generated, ImmutableArray<long> inputShape, string inputValue = "x")
{
    private readonly List<BoundLayer> _layers = [];
    private readonly List<BoundStep> _steps = [];
    private readonly Dictionary<string, ImmutableArray<long>> _shapes = new() { [inputValue] = inputShape };
    private int _line = 10;

    public Dictionary<string, string> NamedOutputs { get; } = [];

    public SourceSpan Span(int? line = null) => new(file, line ?? ++_line, 5, line ?? _line, 20);

    public string Linear(string path, string input, long inFeatures, long outFeatures, LayerRole role, bool bias = true, string? result = null, string? doc = null)
    {
        var args = new LayerArguments(InFeatures: inFeatures, OutFeatures: outFeatures, Bias: bias);
        var shape = _shapes[input].SetItem(_shapes[input].Length - 1, outFeatures);
        return AddLayer(path, LayerKind.Linear, args, role, [outFeatures, inFeatures], bias ? [outFeatures] : null, input, shape, result, doc, inFeatures, outFeatures);
    }

    public string Conv(string path, string input, long inChannels, long outChannels, long kernel, LayerRole role, long stride = 1, long padding = 0,
        bool transpose = false, string? result = null)
    {
        var inShape = _shapes[input];
        var rank = inShape.Length - 1;
        var spatial = inShape.Skip(1).Select(d => transpose ? (d - 1) * stride - 2 * padding + kernel : (d + 2 * padding - kernel) / stride + 1);
        var shape = ImmutableArray.Create(outChannels).AddRange(spatial);
        var k = Enumerable.Repeat(kernel, rank).ToImmutableArray();
        var args = new LayerArguments(InFeatures: inChannels, OutFeatures: outChannels, SpatialRank: rank, KernelSize: k,
            Stride: Enumerable.Repeat(stride, rank).ToImmutableArray(), Padding: Enumerable.Repeat(padding, rank).ToImmutableArray(),
            Dilation: Enumerable.Repeat(1L, rank).ToImmutableArray(), OutputPadding: Enumerable.Repeat(0L, rank).ToImmutableArray());
        var weight = transpose ? new[] { inChannels, outChannels }.Concat(k).ToArray() : new[] { outChannels, inChannels }.Concat(k).ToArray();
        var fan = k.Aggregate(1L, (a, b) => a * b);
        return AddLayer(path, transpose ? LayerKind.ConvTranspose : LayerKind.Conv, args, role, weight, [outChannels], input, shape, result, null,
            inChannels * fan, outChannels * fan);
    }

    public string Norm(string path, LayerKind kind, string input, LayerRole? role = null, long groups = 0)
    {
        var shape = _shapes[input];
        var channels = kind == LayerKind.LayerNorm ? shape[^1] : shape[0];
        var args = new LayerArguments(InFeatures: channels, OutFeatures: channels, NumGroups: groups,
            SpatialRank: kind == LayerKind.BatchNorm ? Math.Max(1, shape.Length - 1) : 0,
            NormalizedShape: kind == LayerKind.LayerNorm ? [channels] : default);
        return AddLayer(path, kind, args, role ?? LayerRole.Trainable, [channels], [channels], input, shape, null, null, 0, 0);
    }

    /// <summary>A learned tensor (class token, position embedding) whose key is its path; returns it for the steps that read it.</summary>
    public BoundLayer Learned(string path, long[] shape)
    {
        var layer = new BoundLayer(path, LayerKind.LearnedTensor, new LayerArguments(TensorShape: [.. shape]), LayerRole.Trainable,
            [new BoundParameter("", [.. shape], ParameterOrigin.Trainable, null)], Span(), null);
        _layers.Add(layer);
        return layer;
    }

    public string Step(StepOp op, ImmutableArray<long> shape, string? result = null, BoundLayer? layer = null, params string[] args)
    {
        result ??= $"v{_steps.Count}";
        _steps.Add(new BoundStep(result, op, [.. args], shape, Span(), layer));
        _shapes[result] = shape;
        return result;
    }

    public string Act(string input, ActivationKind activation = ActivationKind.ReLU) =>
        Step(new StepOp(StepOpKind.Activation, activation), _shapes[input], args: input);

    public ImmutableArray<long> ShapeOf(string value) => _shapes[value];

    public BoundNetwork Build(string output) => new(name, Span(3), _shapes[inputValue], _shapes[output], [.. _layers], [.. _steps], inputValue, output,
        NamedOutputs.ToImmutableDictionary());

    private string AddLayer(string path, LayerKind kind, LayerArguments args, LayerRole role, long[] weightShape, long[]? biasShape,
        string input, ImmutableArray<long> shape, string? result, string? doc, long fanIn, long fanOut)
    {
        var span = Span();
        var parameters = new List<BoundParameter>();
        var component = generated.Select(g => g.LayerPath).Distinct().Count();
        var type = path.Split('.')[^1];
        int Generate(string local, GeneratedKind gkind, long[] gshape)
        {
            generated.Add(new GeneratedTensor($"{path}.{local}", path, gkind, [.. gshape], fanIn, fanOut, component, type, 0, span));
            return generated.Count - 1;
        }
        switch (role.Kind)
        {
            case LayerRoleKind.External:
                parameters.Add(role.GenerateWeight ? new("weight", [.. weightShape], ParameterOrigin.Generated, Generate("weight", GeneratedKind.Weight, weightShape))
                                                   : new("weight", [.. weightShape], ParameterOrigin.Trainable, null));
                if (biasShape is not null)
                    parameters.Add(role.GenerateBias ? new("bias", [.. biasShape], ParameterOrigin.Generated, Generate("bias", GeneratedKind.Bias, biasShape))
                                                     : new("bias", [.. biasShape], ParameterOrigin.Trainable, null));
                break;
            case LayerRoleKind.Lora:
                parameters.Add(new("weight", [.. weightShape], ParameterOrigin.Frozen, null));
                if (biasShape is not null) parameters.Add(new("bias", [.. biasShape], ParameterOrigin.Frozen, null));
                parameters.Add(new("lora_a", [role.Rank, weightShape[1]], ParameterOrigin.Generated, Generate("lora_a", GeneratedKind.LoraA, [role.Rank, weightShape[1]])));
                parameters.Add(new("lora_b", [weightShape[0], role.Rank], ParameterOrigin.Generated, Generate("lora_b", GeneratedKind.LoraB, [weightShape[0], role.Rank])));
                break;
            default:
                var origin = role.Kind == LayerRoleKind.Frozen ? ParameterOrigin.Frozen : ParameterOrigin.Trainable;
                parameters.Add(new("weight", [.. weightShape], origin, null));
                if (biasShape is not null) parameters.Add(new("bias", [.. biasShape], origin, null));
                break;
        }
        var layer = new BoundLayer(path, kind, args, role, [.. parameters], span, doc);
        _layers.Add(layer);
        return Step(new StepOp(StepOpKind.Layer), shape, result ?? path.Replace(".", "") + "_out", layer, input);
    }
}

internal static class Roles
{
    public static LayerRole External(bool weight = true, bool bias = true) => new(LayerRoleKind.External, weight, bias);
    public static LayerRole Lora(int rank, double alpha) => new(LayerRoleKind.Lora, Rank: rank, Alpha: alpha);
}

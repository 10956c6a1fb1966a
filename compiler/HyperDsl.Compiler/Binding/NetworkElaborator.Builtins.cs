using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

// Built-in layers and operations: argument binding, shape checking and the steps they add.
internal sealed partial class NetworkElaborator
{
    private (ValueInfo, LayerBuilder?) ApplyBuiltin(Builtin builtin, ImmutableArray<Argument> arguments, SourceSpan span, ValueInfo input,
        string path, BodyScope scope, string? documentation, LayerBuilder? previousLayer)
    {
        if (builtin.Kind == BuiltinKind.Merge) return (Merge(builtin, arguments, span, input, path, scope), null);
        var args = builtin.Signature.Bind(span, arguments, scope.Constants, _evaluator, _diagnostics);
        var shape = input.Shape;
        var name = builtin.Name;
        var r = builtin.SpatialRank;

        switch (name)
        {
            case "linear":
                {
                    var inF = args.Int("in", 1);
                    var outF = args.Int("out", 1);
                    var bias = args.Bool("bias", true);
                    var result = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length == 0)
                            ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "an input with a feature dimension", Shapes.Format(shape));
                        else if (shape[^1] != inF && !args.HasErrors)
                            ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, inF, "features", Shapes.Format(shape));
                        else result = shape.SetItem(shape.Length - 1, outF);
                    }
                    var layer = AddLayer(path, LayerKind.Linear, new LayerArguments(InFeatures: inF, OutFeatures: outF, Bias: bias), span, documentation);
                    CheckTensors(layer, args.HasErrors);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], result, span, layer), layer);
                }
            case var _ when name.StartsWith("conv", StringComparison.Ordinal):
                return Convolution(args, span, input, path, documentation, r, transposed: name.StartsWith("convtranspose", StringComparison.Ordinal));
            case "groupnorm":
                {
                    var groups = args.Int("groups", 1);
                    var channels = args.Has("channels") ? args.Int("channels", 1) : ChannelsOf(shape, path, span, minRank: 1);
                    if (args.Has("channels") && Shapes.IsKnown(shape) && shape.Length > 0 && shape[0] != channels)
                        ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, channels, "channels", Shapes.Format(shape));
                    if (channels > 0 && groups > 0 && channels % groups != 0)
                        _diagnostics.Report(DiagnosticCatalog.GroupsDoNotDivide, args.SpanOf("groups"), path, groups, "channels", channels);
                    var layer = AddLayer(path, LayerKind.GroupNorm, new LayerArguments(InFeatures: channels, OutFeatures: channels, NumGroups: groups,
                        Epsilon: args.Double("eps", 1e-5, 0, 1)), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer), layer);
                }
            case "layernorm":
                {
                    // The normalised dimensions are the input's trailing ones: `layernorm(768)` or `layernorm([7, 7])`.
                    ImmutableArray<long> normalized;
                    if (args.Has("features"))
                    {
                        normalized = args.IntList("features");
                        var empty = normalized.IsEmpty;
                        if (empty)
                        {
                            if (!args.HasErrors)
                                _diagnostics.Report(DiagnosticCatalog.TypeMismatch, args.SpanOf("features"), "layernorm: features", "a size or a list of trailing dimensions", "an empty list");
                            normalized = [1];
                        }
                        var fits = Shapes.IsKnown(shape) && shape.Length >= normalized.Length && shape.Skip(shape.Length - normalized.Length).SequenceEqual(normalized);
                        if (Shapes.IsKnown(shape) && !args.HasErrors && !empty && !fits)
                        {
                            if (normalized.Length == 1) ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, normalized[0], "features", Shapes.Format(shape));
                            else ReportIncoming(DiagnosticCatalog.ShapeMismatch, span, input, path, "[..., " + Shapes.Format(normalized)[1..], Shapes.Format(shape));
                        }
                    }
                    else normalized = [Shapes.IsKnown(shape) && shape.Length > 0 ? shape[^1] : 1];
                    var layer = AddLayer(path, LayerKind.LayerNorm, new LayerArguments(InFeatures: normalized[^1], OutFeatures: normalized[^1],
                        NormalizedShape: normalized, Epsilon: args.Double("eps", 1e-5, 0, 1), Affine: args.Bool("elementwise_affine", true)), span, documentation);
                    CheckTensors(layer, args.HasErrors);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer), layer);
                }
            case "layernorm2d":
                {
                    if (Shapes.IsKnown(shape) && shape.Length != 3)
                        _diagnostics.Report(DiagnosticCatalog.RankMismatch, span, path, RankText(2), Shapes.Format(shape));
                    var channels = args.Has("channels") ? args.Int("channels", 1) : ChannelsOf(shape, path, span, minRank: 1);
                    if (args.Has("channels") && Shapes.IsKnown(shape) && shape.Length > 0 && shape[0] != channels)
                        _diagnostics.Report(DiagnosticCatalog.FeatureMismatch, span, path, channels, "channels", Shapes.Format(shape));
                    var layer = AddLayer(path, LayerKind.LayerNorm2d, new LayerArguments(InFeatures: channels, OutFeatures: channels,
                        Epsilon: args.Double("eps", 1e-5, 0, 1), Affine: args.Bool("elementwise_affine", true)), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer), layer);
                }
            case "layer_scale":
                {
                    var channels = args.Int("channels", 1);
                    var init = args.Double("init", 1.0);
                    ImmutableArray<long> scale = [channels];
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length == 0 || shape[0] != channels)
                        {
                            if (!args.HasErrors) _diagnostics.Report(DiagnosticCatalog.FeatureMismatch, span, path, channels, "channels", Shapes.Format(shape));
                        }
                        else scale = [channels, .. Enumerable.Repeat(1L, shape.Length - 1)];
                    }
                    var layer = AddLayer(path, LayerKind.LearnedTensor, new LayerArguments(InFeatures: channels, OutFeatures: channels, Bias: false,
                        TensorShape: scale, TensorFill: init), span, documentation);
                    CheckTensors(layer, args.HasErrors);
                    return (AddStep(path, new StepOp(StepOpKind.LayerScale), [input.Ssa], shape, span, layer), layer);
                }
            case "multihead_attention":
                return MultiheadAttention(args, span, input, path, documentation);
            case var _ when name.StartsWith("batchnorm", StringComparison.Ordinal):
                {
                    if (Shapes.IsKnown(shape) && shape.Length != r + 1 && !(r == 1 && shape.Length == 1))
                        ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, RankText(r), Shapes.Format(shape));
                    var channels = args.Has("channels") ? args.Int("channels", 1) : ChannelsOf(shape, path, span, minRank: 1);
                    if (args.Has("channels") && Shapes.IsKnown(shape) && shape.Length > 0 && shape[0] != channels)
                        ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, channels, "channels", Shapes.Format(shape));
                    var layer = AddLayer(path, LayerKind.BatchNorm, new LayerArguments(InFeatures: channels, OutFeatures: channels, SpatialRank: r,
                        Epsilon: args.Double("eps", 1e-5, 0, 1), Momentum: args.Double("momentum", 0.1, 0, 1), Affine: args.Bool("affine", true)), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer), layer);
                }
            case "patch_embed":
                {
                    var inC = args.Int("in", 1);
                    var width = args.Int("width", 1);
                    var patch = args.Int("patch", 1);
                    var result = default(ImmutableArray<long>);
                    var tokens = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length != 3)
                            ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "an image [channels, height, width]", Shapes.Format(shape));
                        else if (shape[0] != inC)
                            ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, inC, "channels", Shapes.Format(shape));
                        else if (shape[1] < patch || shape[2] < patch)
                            _diagnostics.Report(DiagnosticCatalog.EmptySpatialOutput, span, path, Shapes.Format(shape), Math.Min(shape[1], shape[2]) / patch);
                        else
                        {
                            result = [width, shape[1] / patch, shape[2] / patch];
                            tokens = [result[1] * result[2], width];
                        }
                    }
                    var layer = AddLayer(path, LayerKind.Conv, new LayerArguments(InFeatures: inC, OutFeatures: width, SpatialRank: 2,
                        KernelSize: [patch, patch], Stride: [patch, patch], Padding: [0, 0], Dilation: [1, 1], OutputPadding: [0, 0]), span, documentation);
                    CheckTensors(layer, args.HasErrors);
                    var grid = AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], result, span, layer);
                    return (AddStep(path, new StepOp(StepOpKind.PatchEmbed), [grid.Ssa], tokens, span), layer);
                }
            case "class_token":
                {
                    var width = args.Int("width", 1);
                    var result = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length != 2) ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "tokens [count, width]", Shapes.Format(shape));
                        else if (shape[1] != width) ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, width, "features", Shapes.Format(shape));
                        else result = [shape[0] + 1, width];
                    }
                    var layer = AddLayer(path, LayerKind.LearnedTensor, new LayerArguments(InFeatures: 1, OutFeatures: width, Bias: false, TensorShape: [1, 1, width]), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.PrependClassToken), [input.Ssa], result, span, layer), layer);
                }
            case "position_embedding":
                {
                    var tokens = args.Int("tokens", 1);
                    var width = args.Int("width", 1);
                    ImmutableArray<long> expected = [tokens, width];
                    if (Shapes.IsKnown(shape) && !Shapes.SameShape(shape, expected) && !args.HasErrors)
                        _diagnostics.Report(DiagnosticCatalog.ShapeMismatch, span, path, Shapes.Format(expected), Shapes.Format(shape));
                    var layer = AddLayer(path, LayerKind.LearnedTensor, new LayerArguments(InFeatures: tokens, OutFeatures: width, Bias: false, TensorShape: [1, tokens, width]), span, documentation);
                    CheckTensors(layer, args.HasErrors);
                    return (AddStep(path, new StepOp(StepOpKind.AddPositionalEmbedding), [input.Ssa], expected, span, layer), layer);
                }
        }

        // Parameter-free operations.
        switch (name)
        {
            case "relu" or "gelu" or "silu" or "tanh" or "sigmoid" or "softmax" or "identity" or "leakyrelu" or "relu6" or "hardswish" or "hardsigmoid":
                {
                    // Gains follow torch.nn.init.calculate_gain; the ReLU-like ones without an official gain take ReLU's.
                    var (activation, gain) = name switch
                    {
                        "relu" => (ActivationKind.ReLU, Math.Sqrt(2)),
                        "gelu" => (args.Choice("approximate", "GELU approximation", ["none", "tanh"], "none") == "tanh" ? ActivationKind.GELUTanh : ActivationKind.GELU, Math.Sqrt(2)),
                        "silu" => (ActivationKind.SiLU, Math.Sqrt(2)),
                        "relu6" => (ActivationKind.ReLU6, Math.Sqrt(2)),
                        "hardswish" => (ActivationKind.Hardswish, Math.Sqrt(2)),
                        "hardsigmoid" => (ActivationKind.Hardsigmoid, 1.0),
                        "tanh" => (ActivationKind.Tanh, 5.0 / 3.0),
                        "sigmoid" => (ActivationKind.Sigmoid, 1.0),
                        "softmax" => (ActivationKind.Softmax, 1.0),
                        "identity" => (ActivationKind.Identity, 1.0),
                        _ => (ActivationKind.LeakyReLU, 1.0),
                    };
                    var slope = 0.0;
                    if (activation == ActivationKind.LeakyReLU)
                    {
                        slope = args.Double("slope", 0.01, 0, 1);
                        gain = Math.Sqrt(2.0 / (1 + slope * slope));
                    }
                    if (previousLayer is not null) previousLayer.Gain = gain;
                    return (AddStep(path, new StepOp(StepOpKind.Activation, activation, slope), [input.Ssa], shape, span), null);
                }
            case "stochastic_depth":
                {
                    var p = args.Double("p", 0, 0, 1);
                    var mode = args.Choice("mode", "stochastic depth mode", ["row", "batch"], "row") == "batch" ? DropMode.Batch : DropMode.Row;
                    return (AddStep(path, new StepOp(StepOpKind.StochasticDepth, Value: p, DropMode: mode), [input.Ssa], shape, span), null);
                }
            case "permute":
                {
                    var dims = args.IntList("dims", minimum: 0);
                    var result = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape) && !args.HasErrors)
                    {
                        if (dims.Length != shape.Length || !dims.Order().SequenceEqual(Enumerable.Range(0, shape.Length).Select(i => (long)i)))
                            _diagnostics.Report(DiagnosticCatalog.BadPermutation, args.SpanOf("dims"), path, Shapes.Format(shape), shape.Length - 1, Shapes.Format(dims));
                        else result = [.. dims.Select(d => shape[(int)d])];
                    }
                    return (AddStep(path, new StepOp(StepOpKind.Permute, Ints: dims), [input.Ssa], result, span), null);
                }
            case "dropout":
                {
                    var p = args.Double("p", 0, 0, 1, "[0, 1)");
                    if (p >= 1) _diagnostics.Report(DiagnosticCatalog.OutOfRange, args.SpanOf("p"), "dropout: p", "[0, 1)", p);
                    return (AddStep(path, new StepOp(StepOpKind.Dropout, Value: p), [input.Ssa], shape, span), null);
                }
            case "flatten":
                {
                    var result = Shapes.IsKnown(shape) ? ImmutableArray.Create(Shapes.Count(shape) ?? 0) : default;
                    return (AddStep(path, new StepOp(StepOpKind.Flatten), [input.Ssa], result, span), null);
                }
            case "reshape":
                {
                    var target = args.IntList("shape");
                    if (Shapes.IsKnown(shape) && !args.HasErrors && Shapes.Count(shape) != Shapes.Count(target))
                        _diagnostics.Report(DiagnosticCatalog.ShapeMismatch, span, path, $"a value with {Shapes.Count(target)} elements", Shapes.Format(shape));
                    return (AddStep(path, new StepOp(StepOpKind.Reshape, Ints: target), [input.Ssa], target, span), null);
                }
            case "global_avgpool":
                {
                    if (Shapes.IsKnown(shape) && shape.Length < 2)
                    {
                        ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "a feature map [channels, spatial...]", Shapes.Format(shape));
                        return (Unknown(input), null);
                    }
                    var rank = Shapes.IsKnown(shape) ? shape.Length - 1 : 1;
                    ImmutableArray<long> ones = [.. Enumerable.Repeat(1L, rank)];
                    var pooled = AddStep(path, new StepOp(StepOpKind.AdaptiveAvgPool, SpatialRank: rank, Ints: ones), [input.Ssa],
                        Shapes.IsKnown(shape) ? [shape[0], .. ones] : default, span);
                    return (AddStep(path, new StepOp(StepOpKind.Flatten), [pooled.Ssa], Shapes.IsKnown(shape) ? [shape[0]] : default, span), null);
                }
            case "upsample":
                {
                    var scale = args.Int("scale", 2);
                    var mode = args.Choice("mode", "upsampling mode", SettingChoices.UpsampleMode, "nearest")!;
                    var result = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length < 2 || shape.Length > 4)
                            ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "a feature map [channels, spatial...] with 1 to 3 spatial dimensions", Shapes.Format(shape));
                        else result = [shape[0], .. shape.Skip(1).Select(d => d * scale)];
                    }
                    var rank = Shapes.IsKnown(shape) ? Math.Max(0, shape.Length - 1) : 0;
                    var interpolation = mode == "nearest" ? Interpolation.Nearest
                        : rank switch { <= 1 => Interpolation.Linear, 2 => Interpolation.Bilinear, _ => Interpolation.Trilinear };
                    return (AddStep(path, new StepOp(StepOpKind.Upsample, Value: scale, SpatialRank: rank, Interpolation: interpolation), [input.Ssa], result, span), null);
                }
            case "take_class_token" or "mean_tokens":
                {
                    var result = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length != 2) ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "tokens [count, width]", Shapes.Format(shape));
                        else result = [shape[1]];
                    }
                    var kind = name == "take_class_token" ? StepOpKind.SelectClassToken : StepOpKind.MeanTokens;
                    return (AddStep(path, new StepOp(kind), [input.Ssa], result, span), null);
                }
            case var _ when name.Contains("pool", StringComparison.Ordinal):
                return (Pool(name, args, span, input, path, r), null);
        }
        return (Unknown(input), null);
    }

    private static string RankText(int spatialRank) => spatialRank switch
    {
        1 => "a sequence [channels, length]",
        2 => "an image [channels, height, width]",
        _ => "a volume [channels, depth, height, width]",
    };

    private long ChannelsOf(ImmutableArray<long> shape, string path, SourceSpan span, int minRank)
    {
        if (!Shapes.IsKnown(shape)) return 1;
        if (shape.Length < minRank)
        {
            _diagnostics.Report(DiagnosticCatalog.RankMismatch, span, path, "an input with a channel dimension", Shapes.Format(shape));
            return 1;
        }
        return shape[0];
    }

    private (ValueInfo, LayerBuilder?) Convolution(CallArguments args, SourceSpan span, ValueInfo input, string path, string? documentation, int r, bool transposed)
    {
        var inC = args.Int("in", 1);
        var outC = args.Int("out", 1);
        var kernel = args.Tuple("kernel", r, 1);
        var stride = args.Tuple("stride", r, 1);
        var padding = args.Tuple("padding", r, 0, minimum: 0);
        var dilation = args.Tuple("dilation", r, 1);
        var outputPadding = transposed ? args.Tuple("output_padding", r, 0, minimum: 0) : [.. Enumerable.Repeat(0L, r)];
        var groups = args.Int("groups", 1);
        var bias = args.Bool("bias", true);
        // PyTorch's rule: each output padding must be smaller than the stride or the dilation of its dimension.
        for (var i = 0; i < r && transposed; i++)
            if (outputPadding[i] >= Math.Max(stride[i], dilation[i]))
            {
                _diagnostics.Report(DiagnosticCatalog.OutOfRange, args.SpanOf("output_padding"), $"{path}: output_padding",
                    $"[0, max(stride, dilation)) = [0, {Math.Max(stride[i], dilation[i])})", outputPadding[i]);
                break;
            }
        if (inC % groups != 0) _diagnostics.Report(DiagnosticCatalog.GroupsDoNotDivide, args.SpanOf("groups"), path, groups, "in", inC);
        else if (outC % groups != 0) _diagnostics.Report(DiagnosticCatalog.GroupsDoNotDivide, args.SpanOf("groups"), path, groups, "out", outC);
        var shape = input.Shape;
        var result = default(ImmutableArray<long>);
        if (Shapes.IsKnown(shape) && !args.HasErrors)
        {
            if (shape.Length != r + 1)
                ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, RankText(r), Shapes.Format(shape));
            else if (shape[0] != inC)
                ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, inC, "channels", Shapes.Format(shape));
            else
            {
                var spatial = new long[r];
                for (var i = 0; i < r; i++)
                    spatial[i] = transposed
                        ? Shapes.ConvTransposeOut(shape[i + 1], kernel[i], stride[i], padding[i], outputPadding[i], dilation[i])
                        : Shapes.ConvOut(shape[i + 1], kernel[i], stride[i], padding[i], dilation[i]);
                if (spatial.Any(s => s <= 0))
                    _diagnostics.Report(DiagnosticCatalog.EmptySpatialOutput, span, path, Shapes.Format(shape), spatial.Min());
                else result = [outC, .. spatial];
            }
        }
        var layer = AddLayer(path, transposed ? LayerKind.ConvTranspose : LayerKind.Conv, new LayerArguments(InFeatures: inC, OutFeatures: outC,
            SpatialRank: r, KernelSize: kernel, Stride: stride, Padding: padding, Dilation: dilation, OutputPadding: outputPadding,
            Groups: groups, Bias: bias), span, documentation);
        CheckTensors(layer, args.HasErrors);
        return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], result, span, layer), layer);
    }

    private ValueInfo Pool(string name, CallArguments args, SourceSpan span, ValueInfo input, string path, int r)
    {
        var shape = input.Shape;
        var adaptive = name.StartsWith("adaptive", StringComparison.Ordinal);
        var kind = adaptive ? StepOpKind.AdaptiveAvgPool : name.StartsWith("max", StringComparison.Ordinal) ? StepOpKind.MaxPool : StepOpKind.AvgPool;
        ImmutableArray<long> ints;
        var ceil = false;
        long[] spatial = new long[r];
        if (adaptive)
        {
            ints = args.Tuple("size", r, 1);
            for (var i = 0; i < r; i++) spatial[i] = ints[i];
        }
        else
        {
            var kernel = args.Tuple("kernel", r, 1);
            var stride = args.Has("stride") ? args.Tuple("stride", r, 1) : kernel;
            var padding = args.Tuple("padding", r, 0, minimum: 0);
            ceil = args.Bool("ceil_mode", false);
            ints = [.. kernel, .. stride, .. padding];
            if (Shapes.IsKnown(shape) && shape.Length == r + 1)
                for (var i = 0; i < r; i++) spatial[i] = Shapes.PoolOut(shape[i + 1], kernel[i], stride[i], padding[i], ceil);
        }
        var result = default(ImmutableArray<long>);
        if (Shapes.IsKnown(shape) && !args.HasErrors)
        {
            if (shape.Length != r + 1) ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, RankText(r), Shapes.Format(shape));
            else if (spatial.Any(s => s <= 0)) _diagnostics.Report(DiagnosticCatalog.EmptySpatialOutput, span, path, Shapes.Format(shape), spatial.Min());
            else result = [shape[0], .. spatial];
        }
        return AddStep(path, new StepOp(kind, SpatialRank: r, Ints: ints, CeilMode: ceil), [input.Ssa], result, span);
    }

    /// <summary>
    /// torch.nn.MultiheadAttention as two layers: the fused in-projection at <paramref name="path"/> (in_proj_weight,
    /// in_proj_bias) and an ordinary linear <c>path.out_proj</c>, with the attention between them.
    /// </summary>
    private (ValueInfo, LayerBuilder?) MultiheadAttention(CallArguments args, SourceSpan span, ValueInfo input, string path, string? documentation)
    {
        var width = args.Int("width", 1);
        var heads = args.Int("heads", 1);
        var dropout = args.Double("dropout", 0, 0, 1, "[0, 1)");
        if (dropout >= 1) _diagnostics.Report(DiagnosticCatalog.OutOfRange, args.SpanOf("dropout"), "multihead_attention: dropout", "[0, 1)", dropout);
        var bias = args.Bool("bias", true);
        var shape = input.Shape;
        var fused = default(ImmutableArray<long>);
        var result = default(ImmutableArray<long>);
        if (Shapes.IsKnown(shape) && !args.HasErrors)
        {
            if (shape.Length != 2) _diagnostics.Report(DiagnosticCatalog.RankMismatch, span, path, "tokens [count, width]", Shapes.Format(shape));
            else if (shape[1] != width) _diagnostics.Report(DiagnosticCatalog.FeatureMismatch, span, path, width, "features", Shapes.Format(shape));
            else if (width % heads != 0) _diagnostics.Report(DiagnosticCatalog.HeadsDoNotDivide, args.SpanOf("heads"), heads, width);
            else
            {
                fused = [shape[0], 3 * width];
                result = shape;
            }
        }
        var inProjection = AddLayer(path, LayerKind.InProjection, new LayerArguments(InFeatures: width, OutFeatures: 3 * width, Bias: bias), span, documentation);
        CheckTensors(inProjection, args.HasErrors);
        var qkv = AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], fused, span, inProjection);
        var parts = new List<string>();
        for (var i = 0; i < 3; i++)
            parts.Add(AddStep(path, new StepOp(StepOpKind.Slice, Ints: [i * width, width]), [qkv.Ssa], result, span).Ssa);
        var attended = AddStep(path, new StepOp(StepOpKind.Attention, Value: dropout, Ints: [heads]), [.. parts], result, span);
        var outProjection = AddLayer(path + ".out_proj", LayerKind.Linear, new LayerArguments(InFeatures: width, OutFeatures: width, Bias: bias,
            ZeroInitialBias: true), span, documentation);
        CheckTensors(outProjection, args.HasErrors);
        return (AddStep(path, new StepOp(StepOpKind.Layer), [attended.Ssa], result, span, outProjection), outProjection);
    }

    private ValueInfo Merge(Builtin builtin, ImmutableArray<Argument> arguments, SourceSpan span, ValueInfo input, string path, BodyScope scope)
    {
        var values = new List<(ValueInfo Value, SourceSpan Span)>();
        var startsPipeline = _elementIsFirst;
        // Positional arguments are values; named ones are constants bound through the signature.
        var args = builtin.Signature.Bind(span, [.. arguments.Where(a => a.Name is not null)], scope.Constants, _evaluator, _diagnostics);
        var heads = args.Int("heads", 1);
        var dropout = args.Double("dropout", 0, 0, 1, "[0, 1)");
        if (dropout >= 1) _diagnostics.Report(DiagnosticCatalog.OutOfRange, args.SpanOf("dropout"), $"{builtin.Name}: dropout", "[0, 1)", dropout);
        foreach (var a in arguments.Where(a => a.Name is null))
        {
            if (a.Value is not (NameExpr or IndexExpr or MemberExpr or ParenExpr) || (a.Value is NameExpr constant && scope.Lookup(constant.Name.Text) is null && scope.Constants.Lookup(constant.Name.Text) is not null))
            {
                var what = a.Value switch
                {
                    CallExpr => "a call",
                    IntLiteral or FloatLiteral => "a number",
                    NameExpr => "a constant",
                    _ => "an expression",
                };
                if (a.Value is not ErrorExpr) _diagnostics.Report(DiagnosticCatalog.NotAValue, a.Value.Span, Syntax.SyntaxPrinter.Print(a.Value), what);
                values.Add((Unknown(input), a.Value.Span));
            }
            else if (TryResolveValue(a.Value, scope, report: true) is { } entry) values.Add((entry.Value, a.Value.Span));
            else values.Add((Unknown(input), a.Value.Span));
        }
        if (builtin.Name == "attention")
        {
            if (values.Count == 0) values = [(input, span), (input, span), (input, span)];
            if (values.Count != 3)
            {
                _diagnostics.Report(DiagnosticCatalog.TooManyArguments, span, "attention", 3, values.Count);
                return Unknown(input);
            }
            var q = values[0].Value.Shape;
            var known = values.All(v => Shapes.IsKnown(v.Value.Shape));
            var result = default(ImmutableArray<long>);
            if (known)
            {
                if (q.Length != 2) ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "tokens [count, width]", Shapes.Format(q));
                else if (values.Skip(1).FirstOrDefault(v => !Shapes.SameShape(v.Value.Shape, q)) is { Value: not null } bad)
                    _diagnostics.Report(DiagnosticCatalog.ShapeMismatch, bad.Span, path, Shapes.Format(q), Shapes.Format(bad.Value.Shape));
                else if (q[1] % heads != 0) _diagnostics.Report(DiagnosticCatalog.HeadsDoNotDivide, span, heads, q[1]);
                else result = q;
            }
            return AddStep(path, new StepOp(StepOpKind.Attention, Value: dropout, Ints: [heads]), [.. values.Select(v => v.Value.Ssa)], result, span);
        }
        // add / mul / concat: with fewer than two explicit values, the current value is the first operand.
        if (!startsPipeline || values.Count < 2) values.Insert(0, (input, span));
        if (values.Count < 2)
        {
            _diagnostics.Report(DiagnosticCatalog.MissingArgument, span, builtin.Name, "value");
            return Unknown(input);
        }
        if (builtin.Name == "mul") return Multiply(values, span, path);
        var shapes = values.Select(v => v.Value.Shape).ToList();
        var merged = default(ImmutableArray<long>);
        if (shapes.All(Shapes.IsKnown))
        {
            var first = shapes[0];
            if (builtin.Name == "add")
            {
                var bad = values.Skip(1).FirstOrDefault(v => !Shapes.SameShape(v.Value.Shape, first));
                if (bad.Value is not null) _diagnostics.Report(DiagnosticCatalog.AddShapeMismatch, bad.Span, Shapes.Format(first), Shapes.Format(bad.Value.Shape));
                else merged = first;
            }
            else
            {
                var bad = values.Skip(1).FirstOrDefault(v => v.Value.Shape.Length != first.Length || first.Length == 0 || !v.Value.Shape.Skip(1).SequenceEqual(first.Skip(1)));
                if (bad.Value is not null) _diagnostics.Report(DiagnosticCatalog.ConcatShapeMismatch, bad.Span, Shapes.Format(first), Shapes.Format(bad.Value.Shape));
                else
                {
                    // Channels of 2^63 - 1 (reported on their layer) overflow the sum (found by fuzzing).
                    try { merged = first.SetItem(0, shapes.Sum(s => s[0])); }
                    catch (OverflowException) { _diagnostics.Report(DiagnosticCatalog.ArithmeticOverflow, span, path); }
                }
            }
        }
        var op = new StepOp(builtin.Name == "add" ? StepOpKind.Add : StepOpKind.Concat);
        return AddStep(path, op, [.. values.Select(v => v.Value.Ssa)], merged, span);
    }

    /// <summary>
    /// The element-wise product: operands of equal rank broadcast where a dimension is 1 (a gate [C, 1, 1] over
    /// [C, H, W]); a vector [C] beside a value of higher rank scales that value's channel (first) dimension, reshaped
    /// to [C, 1, ...] by a step of its own.
    /// </summary>
    private ValueInfo Multiply(List<(ValueInfo Value, SourceSpan Span)> values, SourceSpan span, string path)
    {
        if (!values.All(v => Shapes.IsKnown(v.Value.Shape)))
            return AddStep(path, new StepOp(StepOpKind.Mul), [.. values.Select(v => v.Value.Ssa)], default, span);
        var widest = values.MaxBy(v => v.Value.Shape.Length).Value.Shape;
        var operands = new List<string>();
        var merged = widest;
        foreach (var (value, valueSpan) in values)
        {
            var operand = value;
            if (value.Shape.Length == 1 && widest.Length > 1 && value.Shape[0] == widest[0])
            {
                ImmutableArray<long> gate = [value.Shape[0], .. Enumerable.Repeat(1L, widest.Length - 1)];
                operand = AddStep(path, new StepOp(StepOpKind.Reshape, Ints: gate), [value.Ssa], gate, valueSpan);
            }
            operands.Add(operand.Ssa);
            if (!Shapes.IsKnown(merged)) continue;
            var broadcast = Shapes.Broadcast(merged, operand.Shape);
            if (!Shapes.IsKnown(broadcast))
                _diagnostics.Report(DiagnosticCatalog.MulShapeMismatch, valueSpan, Shapes.Format(widest), Shapes.Format(value.Shape));
            merged = broadcast;
        }
        return AddStep(path, new StepOp(StepOpKind.Mul), [.. operands], merged, span);
    }

    /// <summary>Reports tensors beyond the size limit or overflowing 64-bit arithmetic (a layer of 10^12 parameters).</summary>
    private void CheckTensors(LayerBuilder layer, bool argumentErrors)
    {
        if (argumentErrors) return;
        foreach (var (tensor, shape) in layer.Tensors())
        {
            var count = Shapes.Count(shape);
            if (count is null)
            {
                _diagnostics.Report(DiagnosticCatalog.ArithmeticOverflow, layer.Span, layer.Path + "." + tensor);
                return;
            }
            if (count > BindingLimits.MaxTensorElements)
            {
                _diagnostics.Report(DiagnosticCatalog.TensorTooLarge, layer.Span, layer.Path + "." + tensor, count.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    BindingLimits.MaxTensorElements.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
        }
    }
}

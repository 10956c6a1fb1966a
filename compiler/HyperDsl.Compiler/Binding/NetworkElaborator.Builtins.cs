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
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], result, span, layer.FieldName), layer);
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
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer.FieldName), layer);
                }
            case "layernorm":
                {
                    long features;
                    if (args.Has("features"))
                    {
                        features = args.Int("features", 1);
                        if (Shapes.IsKnown(shape) && (shape.Length == 0 || shape[^1] != features))
                            ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, features, "features", Shapes.Format(shape));
                    }
                    else features = Shapes.IsKnown(shape) && shape.Length > 0 ? shape[^1] : 1;
                    var layer = AddLayer(path, LayerKind.LayerNorm, new LayerArguments(InFeatures: features, OutFeatures: features,
                        NormalizedShape: [features], Epsilon: args.Double("eps", 1e-5, 0, 1)), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer.FieldName), layer);
                }
            case var _ when name.StartsWith("batchnorm", StringComparison.Ordinal):
                {
                    if (Shapes.IsKnown(shape) && shape.Length != r + 1 && !(r == 1 && shape.Length == 1))
                        ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, RankText(r), Shapes.Format(shape));
                    var channels = args.Has("channels") ? args.Int("channels", 1) : ChannelsOf(shape, path, span, minRank: 1);
                    if (args.Has("channels") && Shapes.IsKnown(shape) && shape.Length > 0 && shape[0] != channels)
                        ReportIncoming(DiagnosticCatalog.FeatureMismatch, span, input, path, channels, "channels", Shapes.Format(shape));
                    var layer = AddLayer(path, LayerKind.BatchNorm, new LayerArguments(InFeatures: channels, OutFeatures: channels, SpatialRank: r,
                        Epsilon: args.Double("eps", 1e-5, 0, 1)), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], shape, span, layer.FieldName), layer);
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
                    var grid = AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], result, span, layer.FieldName);
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
                    var layer = AddLayer(path, LayerKind.Embedding, new LayerArguments(InFeatures: 1, OutFeatures: width, Bias: false), span, documentation);
                    return (AddStep(path, new StepOp(StepOpKind.PrependClassToken), [input.Ssa], result, span, layer.FieldName), layer);
                }
            case "position_embedding":
                {
                    var tokens = args.Int("tokens", 1);
                    var width = args.Int("width", 1);
                    ImmutableArray<long> expected = [tokens, width];
                    if (Shapes.IsKnown(shape) && !Shapes.SameShape(shape, expected) && !args.HasErrors)
                        _diagnostics.Report(DiagnosticCatalog.ShapeMismatch, span, path, Shapes.Format(expected), Shapes.Format(shape));
                    var layer = AddLayer(path, LayerKind.Embedding, new LayerArguments(InFeatures: tokens, OutFeatures: width, Bias: false), span, documentation);
                    CheckTensors(layer, args.HasErrors);
                    return (AddStep(path, new StepOp(StepOpKind.AddPositionalEmbedding), [input.Ssa], expected, span, layer.FieldName), layer);
                }
        }

        // Parameter-free operations.
        switch (name)
        {
            case "relu" or "gelu" or "silu" or "tanh" or "sigmoid" or "softmax" or "identity" or "leakyrelu":
                {
                    var (activation, gain) = name switch
                    {
                        "relu" => (Activation.ReLU, Math.Sqrt(2)),
                        "gelu" => (Activation.GELU, Math.Sqrt(2)),
                        "silu" => (Activation.SiLU, Math.Sqrt(2)),
                        "tanh" => (Activation.Tanh, 5.0 / 3.0),
                        "sigmoid" => (Activation.Sigmoid, 1.0),
                        "softmax" => (Activation.Softmax, 1.0),
                        "identity" => (Activation.Identity, 1.0),
                        _ => (Activation.LeakyReLU, 1.0),
                    };
                    var slope = 0.0;
                    if (activation == Activation.LeakyReLU)
                    {
                        slope = args.Double("slope", 0.01, 0, 1);
                        gain = Math.Sqrt(2.0 / (1 + slope * slope));
                    }
                    if (previousLayer is not null) previousLayer.Gain = gain;
                    return (AddStep(path, new StepOp(StepOpKind.Activation, activation, slope), [input.Ssa], shape, span), null);
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
                    var mode = args.Choice("mode", "upsampling mode", ["nearest", "linear"], "nearest")!;
                    var result = default(ImmutableArray<long>);
                    if (Shapes.IsKnown(shape))
                    {
                        if (shape.Length < 2 || shape.Length > 4)
                            ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, "a feature map [channels, spatial...] with 1 to 3 spatial dimensions", Shapes.Format(shape));
                        else result = [shape[0], .. shape.Skip(1).Select(d => d * scale)];
                    }
                    var rank = Shapes.IsKnown(shape) ? Math.Max(0, shape.Length - 1) : 0;
                    return (AddStep(path, new StepOp(StepOpKind.Upsample, Value: scale, SpatialRank: rank, Mode: mode), [input.Ssa], result, span), null);
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
        return (AddStep(path, new StepOp(StepOpKind.Layer), [input.Ssa], result, span, layer.FieldName), layer);
    }

    private ValueInfo Pool(string name, CallArguments args, SourceSpan span, ValueInfo input, string path, int r)
    {
        var shape = input.Shape;
        var adaptive = name.StartsWith("adaptive", StringComparison.Ordinal);
        var kind = adaptive ? StepOpKind.AdaptiveAvgPool : name.StartsWith("max", StringComparison.Ordinal) ? StepOpKind.MaxPool : StepOpKind.AvgPool;
        ImmutableArray<long> ints;
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
            ints = [.. kernel, .. stride, .. padding];
            if (Shapes.IsKnown(shape) && shape.Length == r + 1)
                for (var i = 0; i < r; i++) spatial[i] = Shapes.ConvOut(shape[i + 1], kernel[i], stride[i], padding[i], 1);
        }
        var result = default(ImmutableArray<long>);
        if (Shapes.IsKnown(shape) && !args.HasErrors)
        {
            if (shape.Length != r + 1) ReportIncoming(DiagnosticCatalog.RankMismatch, span, input, path, RankText(r), Shapes.Format(shape));
            else if (spatial.Any(s => s <= 0)) _diagnostics.Report(DiagnosticCatalog.EmptySpatialOutput, span, path, Shapes.Format(shape), spatial.Min());
            else result = [shape[0], .. spatial];
        }
        return AddStep(path, new StepOp(kind, SpatialRank: r, Ints: ints), [input.Ssa], result, span);
    }

    private ValueInfo Merge(Builtin builtin, ImmutableArray<Argument> arguments, SourceSpan span, ValueInfo input, string path, BodyScope scope)
    {
        var values = new List<(ValueInfo Value, SourceSpan Span)>();
        var startsPipeline = _elementIsFirst;
        long heads = 1;
        foreach (var a in arguments)
        {
            if (a.Name is not null)
            {
                if (builtin.Name == "attention" && a.Name.Text == "heads")
                {
                    var h = _evaluator.Evaluate(a.Value, scope.Constants);
                    if (h is IntValue { Value: > 0 } hv) heads = hv.Value;
                    else if (h is not ErrorValue) _diagnostics.Report(DiagnosticCatalog.NotPositive, a.Value.Span, "attention: heads", h);
                }
                else _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownArgument, a.Name.Span,
                    builtin.Name == "attention" ? NameSuggestions.Hint(a.Name.Text, ["heads"]) : null, builtin.Name, a.Name.Text);
                continue;
            }
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
            return AddStep(path, new StepOp(StepOpKind.Attention, Ints: [heads]), [.. values.Select(v => v.Value.Ssa)], result, span);
        }
        // add / concat: with fewer than two explicit values, the current value is the first operand.
        if (!startsPipeline || values.Count < 2) values.Insert(0, (input, span));
        if (values.Count < 2)
        {
            _diagnostics.Report(DiagnosticCatalog.MissingArgument, span, builtin.Name, "value");
            return Unknown(input);
        }
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

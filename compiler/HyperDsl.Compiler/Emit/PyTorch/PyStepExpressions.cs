using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>The Python expression of one forward step (straight-line: every argument is a local already defined).</summary>
internal static class PyStepExpressions
{
    /// <param name="args">The locals the step reads, in order.</param>
    /// <param name="layer">The layer for <see cref="StepOpKind.Layer"/>, or the learned tensor a positional embedding, class token or layer scale reads.</param>
    /// <param name="layerTakesGenerated">The layer is a target layer that reads generated weights.</param>
    public static string For(PyContext context, BoundStep step, IReadOnlyList<string> args, string? layer, bool layerTakesGenerated)
    {
        var op = step.Op;
        string Arg(int i) => i < args.Count ? args[i] : throw new InvalidOperationException($"step '{step.Result}' ({op.Kind}) needs argument {i + 1}");
        var ints = op.Ints.IsDefault ? ImmutableArray<long>.Empty : op.Ints;
        return op.Kind switch
        {
            StepOpKind.Layer => layerTakesGenerated ? $"{layer}({Arg(0)}, generated)" : $"{layer}({Arg(0)})",
            StepOpKind.LayerScale => $"{Arg(0)} * {layer}",
            StepOpKind.Activation => Activation(op, Arg(0)),
            StepOpKind.Dropout => $"F.dropout({Arg(0)}, {PythonLiterals.Double(op.Value)}, self.training)",
            StepOpKind.MaxPool => Pool("max", op, Arg(0)),
            StepOpKind.AvgPool => Pool("avg", op, Arg(0)),
            StepOpKind.AdaptiveAvgPool => op.SpatialRank <= 1
                ? $"F.adaptive_avg_pool1d({Arg(0)}, {PythonLiterals.Long(ints.FirstOrDefault(1))})"
                : $"F.adaptive_avg_pool{op.SpatialRank}d({Arg(0)}, {PythonLiterals.Tuple(ints)})",
            StepOpKind.Upsample => Upsample(op, Arg(0)),
            StepOpKind.Add => string.Join(" + ", args),
            StepOpKind.Mul => string.Join(" * ", args),
            // Dimensions exclude the batch: permute([1, 2, 0]) over [C, H, W] is torch's permute(0, 2, 3, 1).
            StepOpKind.Permute => $"{Arg(0)}.permute({string.Join(", ", new[] { "0" }.Concat(ints.Select(d => PythonLiterals.Long(d + 1))))})",
            StepOpKind.Slice => $"{Arg(0)}.narrow(-1, {PythonLiterals.Long(ints[0])}, {PythonLiterals.Long(ints[1])})",
            StepOpKind.StochasticDepth => $"{context.Runtime("StochasticDepth")}.{(op.DropMode == DropMode.Row ? "row" : "batch")}({Arg(0)}, {PythonLiterals.Double(op.Value)}, self.training)",
            StepOpKind.Concat => $"torch.cat([{string.Join(", ", args)}], {PythonLiterals.Long(ints.Length > 0 ? ints[0] + 1 : 1)})",
            StepOpKind.Flatten => $"{Arg(0)}.flatten(1)",
            StepOpKind.Reshape => $"{Arg(0)}.reshape({string.Join(", ", new[] { $"{Arg(0)}.size(0)" }.Concat(ints.Select(PythonLiterals.Long)))})",
            // A patch-embedding convolution's output [B, C, spatial...] becomes tokens [B, patches, C].
            StepOpKind.PatchEmbed => $"{Arg(0)}.flatten(2).transpose(1, 2)",
            StepOpKind.AddPositionalEmbedding => $"{Arg(0)} + {layer}",
            StepOpKind.PrependClassToken => $"torch.cat([{layer}.expand({Arg(0)}.size(0), -1, -1), {Arg(0)}], 1)",
            StepOpKind.SelectClassToken => $"{Arg(0)}[:, 0]",
            StepOpKind.MeanTokens => $"{Arg(0)}.mean(1)",
            StepOpKind.Attention => args.Count >= 3
                ? $"{context.AttentionHelper}({Arg(0)}, {Arg(1)}, {Arg(2)}, heads={PythonLiterals.Long(ints.FirstOrDefault(1))}{AttentionDropout(op)})"
                : $"{context.AttentionHelper}({Arg(0)}, {Arg(0)}, {Arg(0)}, heads={PythonLiterals.Long(ints.FirstOrDefault(1))}{AttentionDropout(op)})",
            _ => throw new InvalidOperationException($"step kind {op.Kind} has no Python form"),
        };
    }

    // Attention dropout only applies in training (torch.nn.MultiheadAttention's dropout on the attention weights).
    private static string AttentionDropout(StepOp op) => op.Value > 0 ? $", dropout={PythonLiterals.Double(op.Value)} if self.training else 0.0" : "";

    private static string Activation(StepOp op, string x) => op.Activation switch
    {
        ActivationKind.ReLU => $"F.relu({x})",
        ActivationKind.LeakyReLU => $"F.leaky_relu({x}, {PythonLiterals.Double(op.Value)})",
        ActivationKind.GELU => $"F.gelu({x})",
        ActivationKind.GELUTanh => $"F.gelu({x}, approximate=\"tanh\")",
        ActivationKind.ReLU6 => $"F.relu6({x})",
        ActivationKind.Hardswish => $"F.hardswish({x})",
        ActivationKind.Hardsigmoid => $"F.hardsigmoid({x})",
        ActivationKind.SiLU => $"F.silu({x})",
        ActivationKind.Tanh => $"torch.tanh({x})",
        ActivationKind.Sigmoid => $"torch.sigmoid({x})",
        ActivationKind.Softmax => $"F.softmax({x}, -1)",
        _ => x,
    };

    private static string Pool(string kind, StepOp op, string x)
    {
        var (kernel, stride, padding) = ModelFacts.PoolWindow(op);
        var ceilMode = op.CeilMode ? ", ceil_mode=True" : "";
        if (kernel.Length == 1)
            return $"F.{kind}_pool1d({x}, {PythonLiterals.Long(kernel[0])}, {PythonLiterals.Long(stride[0])}, {PythonLiterals.Long(padding[0])}{ceilMode})";
        return $"F.{kind}_pool{kernel.Length}d({x}, {PythonLiterals.Tuple(kernel)}, {PythonLiterals.Tuple(stride)}, {PythonLiterals.Tuple(padding)}{ceilMode})";
    }

    private static string Upsample(StepOp op, string x)
    {
        var mode = ModelFacts.InterpolationMode(op);
        var scale = "(" + string.Join(", ", Enumerable.Repeat(PythonLiterals.Double(op.Value), Math.Max(1, op.SpatialRank))) + (op.SpatialRank <= 1 ? ",)" : ")");
        // TorchSharp's interpolation leaves align_corners unset, which is False for the linear modes; said explicitly here.
        var corners = mode is "linear" or "bilinear" or "trilinear" or "bicubic" ? ", align_corners=False" : "";
        return $"F.interpolate({x}, scale_factor={scale}, mode=\"{mode}\"{corners})";
    }
}

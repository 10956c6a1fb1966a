using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>The C# expression of one forward step (straight-line: every argument is a local already defined).</summary>
internal static class StepExpressions
{
    /// <param name="args">The escaped locals the step reads, in order.</param>
    /// <param name="layer">The layer field for <see cref="StepOpKind.Layer"/>, or the learned tensor of a positional embedding, class token or layer scale.</param>
    /// <param name="layerTakesGenerated">The layer is a target layer that reads generated weights.</param>
    public static string For(BoundStep step, IReadOnlyList<string> args, string? layer, bool layerTakesGenerated, string attentionHelper)
    {
        var op = step.Op;
        string Arg(int i) => i < args.Count ? args[i] : throw new InvalidOperationException($"step '{step.Result}' ({op.Kind}) needs argument {i + 1}");
        var ints = op.Ints.IsDefault ? ImmutableArray<long>.Empty : op.Ints;
        return op.Kind switch
        {
            StepOpKind.Layer => layerTakesGenerated ? $"{layer}.forward({Arg(0)}, generated)" : $"{layer}.forward({Arg(0)})",
            StepOpKind.LayerScale => $"{Arg(0)} * {layer}",
            StepOpKind.Activation => Activation(op, Arg(0)),
            StepOpKind.Dropout => $"nn.functional.dropout({Arg(0)}, {CSharpLiterals.Double(op.Value)}, training)",
            StepOpKind.MaxPool => Pool("max", op, Arg(0)),
            StepOpKind.AvgPool => Pool("avg", op, Arg(0)),
            StepOpKind.AdaptiveAvgPool => op.SpatialRank <= 1
                ? $"nn.functional.adaptive_avg_pool1d({Arg(0)}, {CSharpLiterals.Long(ints.FirstOrDefault(1))})"
                : $"nn.functional.adaptive_avg_pool{op.SpatialRank}d({Arg(0)}, {CSharpLiterals.LongArray(ints)})",
            StepOpKind.Upsample =>
                $"nn.functional.interpolate({Arg(0)}, scale_factor: {CSharpLiterals.DoubleArray(Enumerable.Repeat(op.Value, Math.Max(1, op.SpatialRank)))}, mode: InterpolationMode.{op.Interpolation})",
            StepOpKind.Add => string.Join(" + ", args),
            StepOpKind.Mul => string.Join(" * ", args),
            // Dimensions exclude the batch: permute([1, 2, 0]) over [C, H, W] is torch's permute(0, 2, 3, 1).
            StepOpKind.Permute => $"{Arg(0)}.permute({string.Join(", ", new[] { "0" }.Concat(ints.Select(d => CSharpLiterals.Long(d + 1))))})",
            StepOpKind.Slice => $"{Arg(0)}.narrow(-1, {CSharpLiterals.Long(ints[0])}, {CSharpLiterals.Long(ints[1])})",
            StepOpKind.StochasticDepth => $"StochasticDepth.{op.DropMode}({Arg(0)}, {CSharpLiterals.Double(op.Value)}, training)",
            StepOpKind.Concat => $"torch.cat(new[] {{ {string.Join(", ", args)} }}, {CSharpLiterals.Long(ints.Length > 0 ? ints[0] + 1 : 1)})",
            StepOpKind.Flatten => $"{Arg(0)}.flatten(1)",
            StepOpKind.Reshape => $"{Arg(0)}.reshape({string.Join(", ", new[] { $"{Arg(0)}.size(0)" }.Concat(ints.Select(CSharpLiterals.Long)))})",
            // A patch-embedding convolution's output [B, C, spatial...] becomes tokens [B, patches, C].
            StepOpKind.PatchEmbed => $"{Arg(0)}.flatten(2).transpose(1, 2)",
            StepOpKind.AddPositionalEmbedding => $"{Arg(0)} + {layer}",
            StepOpKind.PrependClassToken => $"torch.cat(new[] {{ {layer}.expand({Arg(0)}.size(0), -1, -1), {Arg(0)} }}, 1)",
            StepOpKind.SelectClassToken => $"{Arg(0)}.select(1, 0)",
            StepOpKind.MeanTokens => $"{Arg(0)}.mean(new long[] {{ 1 }})",
            StepOpKind.Attention => args.Count >= 3
                ? $"{attentionHelper}({Arg(0)}, {Arg(1)}, {Arg(2)}, heads: {CSharpLiterals.Long(ints.FirstOrDefault(1))}{AttentionDropout(op)})"
                : $"{attentionHelper}({Arg(0)}, {Arg(0)}, {Arg(0)}, heads: {CSharpLiterals.Long(ints.FirstOrDefault(1))}{AttentionDropout(op)})",
            _ => throw new InvalidOperationException($"step kind {op.Kind} has no C# form"),
        };
    }

    // Attention dropout only applies in training (torch.nn.MultiheadAttention's dropout on the attention weights).
    private static string AttentionDropout(StepOp op) => op.Value > 0 ? $", dropout: training ? {CSharpLiterals.Double(op.Value)} : 0.0" : "";

    /// <summary>True when the step reads a learned tensor (positional embedding, class token, layer scale).</summary>
    public static bool OwnsParameter(StepOpKind kind) => kind is StepOpKind.AddPositionalEmbedding or StepOpKind.PrependClassToken or StepOpKind.LayerScale;

    private static string Activation(StepOp op, string x) => op.Activation switch
    {
        ActivationKind.ReLU => $"nn.functional.relu({x})",
        ActivationKind.LeakyReLU => $"nn.functional.leaky_relu({x}, {CSharpLiterals.Double(op.Value)})",
        ActivationKind.GELU => $"nn.functional.gelu({x})",
        ActivationKind.GELUTanh => $"nn.functional.gelu({x}, TorchSharp.Modules.GELU.Approximate.tanh)",
        ActivationKind.ReLU6 => $"nn.functional.relu6({x})",
        ActivationKind.Hardswish => $"nn.functional.hardswish({x})",
        ActivationKind.Hardsigmoid => $"nn.functional.hardsigmoid({x})",
        ActivationKind.SiLU => $"nn.functional.silu({x})",
        ActivationKind.Tanh => $"nn.functional.tanh({x})",
        ActivationKind.Sigmoid => $"nn.functional.sigmoid({x})",
        ActivationKind.Softmax => $"nn.functional.softmax({x}, -1)",
        _ => x,
    };

    private static string Pool(string kind, StepOp op, string x)
    {
        var (kernel, stride, padding) = ModelFacts.PoolWindow(op);
        var ceilMode = op.CeilMode ? ", ceil_mode: true" : "";
        if (kernel.Length == 1)
            return $"nn.functional.{kind}_pool1d({x}, {CSharpLiterals.Long(kernel[0])}, {CSharpLiterals.Long(stride[0])}, {CSharpLiterals.Long(padding[0])}{ceilMode})";
        return $"nn.functional.{kind}_pool{kernel.Length}d({x}, {CSharpLiterals.LongArray(kernel)}, {CSharpLiterals.LongArray(stride)}, {CSharpLiterals.LongArray(padding)}{ceilMode})";
    }

}

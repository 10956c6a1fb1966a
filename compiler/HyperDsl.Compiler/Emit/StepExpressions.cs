using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>The C# expression of one forward step (straight-line: every argument is a local already defined).</summary>
internal static class StepExpressions
{
    /// <param name="args">The escaped locals the step reads, in order.</param>
    /// <param name="layer">The layer field for <see cref="StepOpKind.Layer"/>, or the learned tensor of a positional embedding, class token or layer scale.</param>
    /// <param name="layerTakesGenerated">The layer is a target layer that reads generated weights.</param>
    /// <param name="constants">Where the step's constant arrays become static fields of the class.</param>
    public static string For(BoundStep step, IReadOnlyList<string> args, string? layer, bool layerTakesGenerated, string attentionHelper,
        ConstantArrays constants)
    {
        var op = step.Op;
        string Arg(int i) => i < args.Count ? args[i] : throw new InvalidOperationException($"step '{step.Result}' ({op.Kind}) needs argument {i + 1}");
        var ints = op.Ints.IsDefault ? ImmutableArray<long>.Empty : op.Ints;
        return op.Kind switch
        {
            // call runs the module's hooks; a target layer's generated weights are a second argument call cannot pass.
            StepOpKind.Layer => layerTakesGenerated ? $"{layer}.forward({Arg(0)}, generated)" : $"{layer}.call({Arg(0)})",
            StepOpKind.LayerScale => $"{Arg(0)} * {layer}",
            StepOpKind.Activation => Activation(op, Arg(0)),
            StepOpKind.Dropout => $"nn.functional.dropout({Arg(0)}, {CSharpLiterals.Double(op.Value)}, training)",
            StepOpKind.MaxPool => Pool("max", op, Arg(0), constants),
            StepOpKind.AvgPool => Pool("avg", op, Arg(0), constants),
            StepOpKind.AdaptiveAvgPool => op.SpatialRank <= 1
                ? $"nn.functional.adaptive_avg_pool1d({Arg(0)}, {CSharpLiterals.Long(ints.FirstOrDefault(1))})"
                : $"nn.functional.adaptive_avg_pool{op.SpatialRank}d({Arg(0)}, {constants.Longs("OutputSize" + ConstantArrays.Sizes(ints), ints)})",
            StepOpKind.Upsample => Upsample(op, Arg(0), constants),
            StepOpKind.Add => string.Join(" + ", args),
            StepOpKind.Mul => string.Join(" * ", args),
            StepOpKind.Permute => Permute(ints, Arg(0), constants),
            StepOpKind.Slice => $"{Arg(0)}.narrow(-1, {CSharpLiterals.Long(ints[0])}, {CSharpLiterals.Long(ints[1])})",
            StepOpKind.StochasticDepth => $"StochasticDepth.{op.DropMode}({Arg(0)}, {CSharpLiterals.Double(op.Value)}, training)",
            StepOpKind.Concat => $"torch.cat(new[] {{ {string.Join(", ", args)} }}, {CSharpLiterals.Long(ints.Length > 0 ? ints[0] + 1 : 1)})",
            StepOpKind.Flatten => $"{Arg(0)}.flatten(1)",
            StepOpKind.Reshape => $"{Arg(0)}.reshape({constants.Longs("Reshape" + ConstantArrays.Sizes(ints), [-1, .. ints], "-1: the batch")})",
            // A patch-embedding convolution's output [B, C, spatial...] becomes tokens [B, patches, C].
            StepOpKind.PatchEmbed => $"{Arg(0)}.flatten(2).transpose(1, 2)",
            StepOpKind.AddPositionalEmbedding => $"{Arg(0)} + {layer}",
            StepOpKind.PrependClassToken => $"torch.cat(new[] {{ {layer}.expand({Arg(0)}.size(0), -1, -1), {Arg(0)} }}, 1)",
            StepOpKind.SelectClassToken => $"{Arg(0)}.select(1, 0)",
            StepOpKind.MeanTokens => $"{Arg(0)}.mean({constants.Longs("TokenDim", [1])})",
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

    private static string Upsample(StepOp op, string x, ConstantArrays constants)
    {
        var scale = Enumerable.Repeat(op.Value, Math.Max(1, op.SpatialRank)).ToList();
        return $"nn.functional.interpolate({x}, scale_factor: {constants.Doubles("ScaleFactor" + ConstantArrays.Sizes(scale), scale)}, mode: InterpolationMode.{op.Interpolation})";
    }

    // Dimensions exclude the batch: permute([1, 2, 0]) over [C, H, W] is torch's permute(0, 2, 3, 1).
    private static string Permute(ImmutableArray<long> ints, string x, ConstantArrays constants)
    {
        long[] dims = [0, .. ints.Select(d => d + 1)];
        return $"{x}.permute({constants.Longs("Permute" + ConstantArrays.Order(dims), dims)})";
    }

    // Ints for pooling: kernel, stride and padding, SpatialRank entries each (the binder resolves their defaults).
    private static string Pool(string kind, StepOp op, string x, ConstantArrays constants)
    {
        var (kernel, stride, padding) = ModelFacts.PoolWindow(op);
        var ceilMode = op.CeilMode ? ", ceil_mode: true" : "";
        if (kernel.Length == 1)
            return $"nn.functional.{kind}_pool1d({x}, {CSharpLiterals.Long(kernel[0])}, {CSharpLiterals.Long(stride[0])}, {CSharpLiterals.Long(padding[0])}{ceilMode})";
        return $"nn.functional.{kind}_pool{kernel.Length}d({x}, {constants.Longs("Kernel" + ConstantArrays.Sizes(kernel), kernel)}, " +
               $"{constants.Longs("Stride" + ConstantArrays.Sizes(stride), stride)}, {constants.Longs("Padding" + ConstantArrays.Sizes(padding), padding)}{ceilMode})";
    }

}

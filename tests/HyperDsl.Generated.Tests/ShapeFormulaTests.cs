using System.Globalization;
using HyperDsl.Compiler;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// The binder's shape arithmetic against TorchSharp's real output shapes, over a grid of size, kernel, stride,
/// padding, dilation, output padding and groups: where libtorch computes a shape the compiler computes the same one,
/// and where libtorch refuses the layer the compiler reports an error.
/// </summary>
public sealed class ShapeFormulaTests
{
    private static readonly long[] Sizes = [5, 8];

    public static TheoryData<int, int, int, int, int, int> Grid()
    {
        var data = new TheoryData<int, int, int, int, int, int>();
        foreach (var kernel in new[] { 1, 3 })
            foreach (var stride in new[] { 1, 2, 3 })
                foreach (var padding in new[] { 0, 1 })
                    foreach (var dilation in new[] { 1, 2 })
                        foreach (var outputPadding in new[] { 0, 1, 2 })
                            foreach (var groups in new[] { 1, 2 })
                                data.Add(kernel, stride, padding, dilation, outputPadding, groups);
        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Transposed_convolution_shapes_are_libtorchs(int kernel, int stride, int padding, int dilation, int outputPadding, int groups)
    {
        foreach (var size in Sizes)
        {
            var layer = $"convtranspose1d(4, 6, {kernel}, {stride}, {padding}, output_padding: {outputPadding}, dilation: {dilation}, groups: {groups})";
            var compiled = OutputShape(size, layer);
            long[]? actual;
            try
            {
                using var scope = NewDisposeScope();
                var weight = randn(4, 6 / groups, kernel);
                actual = nn.functional.conv_transpose1d(randn(1, 4, size), weight, stride: stride, padding: padding,
                    output_padding: outputPadding, dilation: dilation, groups: groups).shape[1..];
            }
            catch (Exception) { actual = null; }
            Assert.True(Same(compiled, actual), $"{layer} on [4, {size}]: compiler {Show(compiled)}, libtorch {Show(actual)}");
        }
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Convolution_shapes_are_libtorchs(int kernel, int stride, int padding, int dilation, int outputPadding, int groups)
    {
        if (outputPadding != 0) return;   // convolutions have no output padding; the grid is shared
        foreach (var size in Sizes)
        {
            var layer = $"conv1d(4, 6, {kernel}, {stride}, {padding}, dilation: {dilation}, groups: {groups})";
            var compiled = OutputShape(size, layer);
            long[]? actual;
            try
            {
                using var scope = NewDisposeScope();
                actual = nn.functional.conv1d(randn(1, 4, size), randn(6, 4 / groups, kernel), stride: stride, padding: padding,
                    dilation: dilation, groups: groups).shape[1..];
            }
            catch (Exception) { actual = null; }
            Assert.True(Same(compiled, actual), $"{layer} on [4, {size}]: compiler {Show(compiled)}, libtorch {Show(actual)}");
        }
    }

    // The target network's output shape as bound, or null when the compiler reports an error.
    private static long[]? OutputShape(long size, string layer)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $$"""
            model M {
                input x: [4, {{size}}];
                network net {
                    y = {{layer}};
                }
            }
            """);
        var result = Compilation.Compile("grid.hyp", text);
        return result.HasErrors ? null : [.. result.File!.Models[0].Target.OutputShape];
    }

    private static bool Same(long[]? a, long[]? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);

    private static string Show(long[]? shape) => shape is null ? "an error" : "[" + string.Join(", ", shape) + "]";
}

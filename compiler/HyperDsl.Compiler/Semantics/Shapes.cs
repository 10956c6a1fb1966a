using System.Collections.Immutable;
using System.Globalization;

namespace HyperDsl.Compiler.Semantics;

/// <summary>Shape arithmetic of the shape checker. A default (uninitialised) array means "unknown after an error".</summary>
internal static class Shapes
{
    public static bool IsKnown(ImmutableArray<long> shape) => !shape.IsDefault;

    public static string Format(ImmutableArray<long> shape) => shape.IsDefault
        ? "[?]"
        : "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Element count, or null on 64-bit overflow.</summary>
    public static long? Count(ImmutableArray<long> shape)
    {
        try
        {
            return shape.Aggregate(1L, (a, d) => checked(a * d));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>PyTorch's convolution / pooling output length.</summary>
    public static long ConvOut(long size, long kernel, long stride, long padding, long dilation) =>
        (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    /// <summary>PyTorch's transposed convolution output length.</summary>
    public static long ConvTransposeOut(long size, long kernel, long stride, long padding, long outputPadding, long dilation) =>
        (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

    public static bool SameShape(ImmutableArray<long> a, ImmutableArray<long> b) => a.SequenceEqual(b);
}

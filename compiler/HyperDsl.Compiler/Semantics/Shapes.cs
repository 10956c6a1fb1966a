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

    /// <summary>PyTorch's pooling output length; with <paramref name="ceil"/> rounded up, except that a last window
    /// starting inside the right padding is dropped.</summary>
    public static long PoolOut(long size, long kernel, long stride, long padding, bool ceil)
    {
        if (!ceil) return ConvOut(size, kernel, stride, padding, 1);
        var span = size + 2 * padding - kernel;
        if (span < 0) return ConvOut(size, kernel, stride, padding, 1);
        var output = (span + stride - 1) / stride + 1;
        if ((output - 1) * stride >= size + padding) output--;
        return output;
    }

    /// <summary>The shape two values broadcast to (equal ranks; each dimension equal or 1), or default when they do not.</summary>
    public static ImmutableArray<long> Broadcast(ImmutableArray<long> a, ImmutableArray<long> b)
    {
        if (a.Length != b.Length) return default;
        var result = new long[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i] && a[i] != 1 && b[i] != 1) return default;
            result[i] = a[i] == 1 ? b[i] : a[i];
        }
        return [.. result];
    }

    /// <summary>PyTorch's transposed convolution output length.</summary>
    public static long ConvTransposeOut(long size, long kernel, long stride, long padding, long outputPadding, long dilation) =>
        (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

    public static bool SameShape(ImmutableArray<long> a, ImmutableArray<long> b) => a.SequenceEqual(b);
}

/// <summary>Numbers as the compiler's text outputs (contract, dumps) write them: invariant, round-trippable.</summary>
internal static class InvariantText
{
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

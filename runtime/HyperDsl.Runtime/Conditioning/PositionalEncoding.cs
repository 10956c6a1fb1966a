using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Conditioning;

/// <summary>
/// Sinusoidal encodings of grid positions: each axis coordinate p, normalised to (0, 1) as (index + 0.5) / size,
/// becomes sin(2^k π p) and cos(2^k π p) for k = 0 .. frequencies-1.
/// </summary>
public static class PositionalEncoding
{
    /// <summary>Width of an encoding for <paramref name="rank"/> axes and <paramref name="frequencies"/> frequencies.</summary>
    public static long Width(int rank, int frequencies) => 2L * rank * frequencies;

    /// <summary>Encodes flat grid indices <c>[B, n]</c> (row-major over <paramref name="grid"/>) as float32 <c>[B, n, Width]</c>.</summary>
    /// <param name="flatIndices">int64 flat indices into the grid.</param>
    /// <param name="grid">The grid's size per axis.</param>
    /// <param name="frequencies">Number of frequencies per axis.</param>
    public static Tensor Encode(Tensor flatIndices, long[] grid, int frequencies)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frequencies, 1);
        var coordinates = new List<Tensor>();
        var stride = 1L;
        for (var axis = grid.Length - 1; axis >= 0; axis--)
        {
            var index = flatIndices.div(stride, rounding_mode: RoundingMode.floor).remainder(grid[axis]);
            coordinates.Insert(0, (index.to_type(ScalarType.Float32) + 0.5f) / grid[axis]);
            stride *= grid[axis];
        }
        var positions = stack(coordinates, -1).unsqueeze(-1); // [B, n, rank, 1]
        var scales = pow(2.0f, arange(frequencies, ScalarType.Float32, flatIndices.device)) * (float)Math.PI; // [F]
        var angles = positions * scales; // [B, n, rank, F]
        var encoded = cat([angles.sin(), angles.cos()], -1); // [B, n, rank, 2F]
        return encoded.flatten(2);
    }
}

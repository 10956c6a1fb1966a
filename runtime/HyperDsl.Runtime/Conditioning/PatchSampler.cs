using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Conditioning;

/// <summary>
/// Chooses patch centres on a feature grid from a binary mask on that grid and gathers each patch's 3^d
/// neighbourhood of features: the context vectors of <see cref="SupportMaskEncoder"/>.
/// </summary>
public static class PatchSampler
{
    /// <summary>
    /// Samples <paramref name="patches"/> centres per sample (with replacement), half in the foreground and half in the
    /// background, a fraction <paramref name="boundary"/> of each half on the mask boundary (voxels whose 3^d neighbourhood
    /// holds both labels). Order within a row: foreground interior, foreground boundary, background interior, background
    /// boundary. An empty category falls back to the whole label, an empty label to the whole grid.
    /// </summary>
    /// <param name="mask">Binary mask <c>[B, 1, grid..]</c> (2 or 3 spatial axes).</param>
    /// <param name="patches">Centres per sample.</param>
    /// <param name="boundary">Fraction of boundary centres, in [0, 1].</param>
    /// <param name="generator">Random generator; null uses torch's default generator.</param>
    /// <returns>Flat grid indices, int64 <c>[B, patches]</c>.</returns>
    public static Tensor Sample(Tensor mask, int patches, double boundary, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patches, 1);
        var batch = mask.shape[0];
        var foreground = mask.reshape(batch, -1) > 0.5;
        var edge = BoundaryOf(mask).reshape(batch, -1);
        var background = foreground.logical_not();
        var interior = edge.logical_not();

        var positive = patches - patches / 2;
        var negative = patches / 2;
        var positiveEdge = (int)Math.Round(boundary * positive);
        var negativeEdge = (int)Math.Round(boundary * negative);
        var parts = new List<Tensor>
        {
            Draw(foreground & interior, foreground, positive - positiveEdge, generator),
            Draw(foreground & edge, foreground, positiveEdge, generator),
            Draw(background & interior, background, negative - negativeEdge, generator),
            Draw(background & edge, background, negativeEdge, generator),
        };
        return cat(parts.Where(p => p.shape[1] > 0).ToArray(), 1);
    }

    /// <summary>Voxels whose 3^d neighbourhood (inside the grid) holds both labels, as a bool tensor shaped like <paramref name="mask"/>.</summary>
    public static Tensor BoundaryOf(Tensor mask)
    {
        var binary = (mask > 0.5).to_type(ScalarType.Float32);
        var rank = (int)mask.dim() - 2;
        // Max pooling pads with -inf, so a neighbourhood never includes voxels outside the grid.
        Tensor MaxPool(Tensor t) => rank == 2
            ? nn.functional.max_pool2d(t, [3L, 3L], [1L, 1L], [1L, 1L])
            : nn.functional.max_pool3d(t, [3L, 3L, 3L], [1L, 1L, 1L], [1L, 1L, 1L]);
        var dilated = MaxPool(binary);
        var eroded = -MaxPool(-binary);
        return dilated > eroded;
    }

    /// <summary>
    /// The 3^d neighbourhood (zero padded at the grid border) of <paramref name="features"/> <c>[B, C, grid..]</c> at
    /// each centre, flattened channel-major: <c>[B, patches, C * 3^d]</c>.
    /// </summary>
    public static Tensor Gather(Tensor features, Tensor centres)
    {
        var batch = features.shape[0];
        var channels = features.shape[1];
        var grid = features.shape[2..];
        var rank = grid.Length;
        var padded = nn.functional.pad(features, Enumerable.Repeat(1L, 2 * rank).ToArray()).reshape(batch, channels, -1);

        // Coordinates of each centre, then its flat index in the padded grid (row-major): memory O(C * 3^d * patches),
        // never a neighbourhood tensor over the whole grid.
        var paddedStrides = new long[rank];
        var stride = 1L;
        for (var axis = rank - 1; axis >= 0; axis--)
        {
            paddedStrides[axis] = stride;
            stride *= grid[axis] + 2;
        }
        var paddedCentre = zeros_like(centres);
        var remaining = centres;
        var gridStride = grid.Aggregate(1L, (a, b) => a * b);
        for (var axis = 0; axis < rank; axis++)
        {
            gridStride /= grid[axis];
            var coordinate = remaining.div(gridStride, rounding_mode: RoundingMode.floor);
            remaining = remaining - coordinate * gridStride;
            paddedCentre = paddedCentre + coordinate * paddedStrides[axis];
        }

        var neighbours = new List<Tensor>();
        foreach (var offset in Offsets(rank))
        {
            // offset[a] in {0, 1, 2} is the neighbour at coordinate + offset[a] - 1, i.e. + offset[a] in the padded grid.
            var shift = offset.Select((o, axis) => o * paddedStrides[axis]).Sum();
            var index = (paddedCentre + shift).unsqueeze(1).expand(batch, channels, centres.shape[1]);
            neighbours.Add(padded.gather(2, index)); // [B, C, n]
        }
        return stack(neighbours, 2).reshape(batch, channels * neighbours.Count, -1).transpose(1, 2);
    }

    private static IEnumerable<long[]> Offsets(int rank) =>
        rank == 2
            ? from y in Enumerable.Range(0, 3) from x in Enumerable.Range(0, 3) select new long[] { y, x }
            : from z in Enumerable.Range(0, 3) from y in Enumerable.Range(0, 3) from x in Enumerable.Range(0, 3) select new long[] { z, y, x };

    private static Tensor Draw(Tensor category, Tensor fallback, int count, Generator? generator)
    {
        var batch = category.shape[0];
        if (count == 0)
            return zeros(batch, 0, ScalarType.Int64, category.device);
        var weights = category.to_type(ScalarType.Float32);
        var fallbackWeights = fallback.to_type(ScalarType.Float32);
        weights = where(weights.sum(1, keepdim: true) > 0, weights, fallbackWeights);
        weights = where(weights.sum(1, keepdim: true) > 0, weights, ones_like(weights));
        return multinomial(weights, count, replacement: true, generator: generator);
    }
}

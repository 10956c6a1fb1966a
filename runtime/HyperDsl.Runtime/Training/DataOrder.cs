namespace HyperDsl.Runtime.Training;

/// <summary>
/// Seeded shuffles of a data set, independent of .NET's and torch's random generators (SplitMix64 + Fisher–Yates),
/// so the order is the same on every platform and version and can be recomputed for any epoch after a resume.
/// </summary>
public static class DataOrder
{
    /// <summary>A permutation of 0 .. count-1 determined by (seed, epoch).</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="epoch">The epoch.</param>
    /// <param name="count">Data set size.</param>
    public static long[] Permutation(long seed, long epoch, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new long[count];
        for (var i = 0L; i < count; i++)
            order[i] = i;
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)epoch * 0xD1B54A32D192ED03UL);
        for (var i = count - 1; i > 0; i--)
        {
            var j = (long)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

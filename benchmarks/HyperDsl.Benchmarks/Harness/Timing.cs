using System.Diagnostics;
using static TorchSharp.torch;

namespace HyperDsl.Benchmarks.Harness;

/// <summary>Medians of two interleaved measurements: the machine is shared, so A and B alternate within one loop
/// (order flipped every round) and both see the same background load; medians discard the outliers.</summary>
public static class Timing
{
    /// <summary>Median milliseconds per call of <paramref name="a"/> and <paramref name="b"/>, interleaved.</summary>
    /// <param name="a">First action (ours); run inside a dispose scope per call.</param>
    /// <param name="b">Second action (reference).</param>
    /// <param name="rounds">Rounds; the samples per side are rounds * inner.</param>
    /// <param name="inner">Samples per round (more for cheap workloads).</param>
    /// <param name="warmup">Untimed rounds first (JIT, allocator, libtorch kernels).</param>
    public static (double A, double B) Interleaved(Action a, Action b, int rounds, int inner = 1, int warmup = 3)
    {
        var (medianA, medianB, _) = Paired(a, b, rounds, inner, warmup);
        return (medianA, medianB);
    }

    /// <summary>As <see cref="Interleaved"/>, plus the median of the per-pair ratios a/b: each pair of adjacent calls
    /// sees nearly the same background load, so this ratio is robust to load that drifts during the run.</summary>
    public static (double A, double B, double PairedRatio) Paired(Action a, Action b, int rounds, int inner = 1, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++)
        {
            Once(a, 1);
            Once(b, 1);
        }
        // Alternate call by call (A B, then B A), so a burst of background load hits both sides alike; every call
        // is one sample, and the median of rounds * inner samples per side is reported.
        var count = rounds * inner;
        var sa = new double[count];
        var sb = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                sa[i] = Once(a, 1);
                sb[i] = Once(b, 1);
            }
            else
            {
                sb[i] = Once(b, 1);
                sa[i] = Once(a, 1);
            }
        }
        return (Median(sa), Median(sb), Median(sa.Zip(sb, (x, y) => x / y).ToArray()));
    }

    /// <summary>Median milliseconds per call of one action.</summary>
    public static double Single(Action a, int rounds, int inner = 1, int warmup = 2)
    {
        for (var i = 0; i < warmup; i++)
            Once(a, inner);
        var s = new double[rounds];
        for (var r = 0; r < rounds; r++)
            s[r] = Once(a, inner);
        return Median(s);
    }

    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double Once(Action action, int inner)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < inner; i++)
        {
            using var scope = NewDisposeScope();
            action();
        }
        return watch.Elapsed.TotalMilliseconds / inner;
    }
}

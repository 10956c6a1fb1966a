using HyperDsl.Examples.Shared.Metrics;

namespace HyperDsl.Examples.Shared.Claims;

/// <summary>
/// Two methods measured on the same seeds: the per-seed differences d_i = a_i − b_i, their mean and the two-sided 95 %
/// Student-t interval mean ± t(0.975, n − 1)·s/√n (s the sample standard deviation of the differences). Pairing
/// removes what a seed does to both methods alike (its data, its pretrained backbone); with fewer than two seeds there
/// is no interval and <see cref="Low"/> and <see cref="High"/> are null.
/// </summary>
/// <param name="N">Number of paired seeds.</param>
/// <param name="MeanA">Mean of A over the seeds.</param>
/// <param name="MeanB">Mean of B over the seeds.</param>
/// <param name="MeanDifference">Mean of a_i − b_i.</param>
/// <param name="Low">Lower end of the 95 % interval of the mean difference.</param>
/// <param name="High">Upper end of the 95 % interval of the mean difference.</param>
public sealed record PairedComparison(int N, double MeanA, double MeanB, double MeanDifference, double? Low, double? High)
{
    /// <summary>Coverage of the interval.</summary>
    public const double Confidence = 0.95;

    /// <summary>Compares <paramref name="a"/> with <paramref name="b"/>, seed by seed (equal lengths, same seed order).</summary>
    public static PairedComparison Of(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
            throw new ArgumentException($"A paired comparison needs one value of each method per seed: {a.Count} against {b.Count}.", nameof(b));
        if (a.Count == 0)
            throw new ArgumentException("A paired comparison needs at least one seed.", nameof(a));
        var differences = a.Zip(b, (x, y) => x - y).ToList();
        var (mean, std) = Metric.MeanStd(differences);
        var n = differences.Count;
        if (n < 2)
            return new PairedComparison(n, a.Average(), b.Average(), mean, null, null);
        var half = StudentT.Quantile(1 - (1 - Confidence) / 2, n - 1) * std / Math.Sqrt(n);
        return new PairedComparison(n, a.Average(), b.Average(), mean, mean - half, mean + half);
    }
}

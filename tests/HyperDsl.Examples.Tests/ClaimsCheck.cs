using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

/// <summary>Checks that the claims in a results file are what its per-seed rows and series give.</summary>
public static class ClaimsCheck
{
    /// <summary>
    /// Every claim re-evaluated from the written per-seed values equals the written claim; and the interval of the first
    /// test with one is recomputed here by hand (differences, their mean and sample sd, the t table's quantile), not
    /// through <see cref="PairedComparison"/>.
    /// </summary>
    public static void FromRows(ExperimentResults results)
    {
        foreach (var claim in results.Claims)
        {
            Assert.False(string.IsNullOrWhiteSpace(claim.Statement));
            if (claim.Combination == ClaimCombination.NotMeasured)
            {
                Assert.Empty(claim.Tests);
                Assert.StartsWith("not measured: ", claim.Evidence);
                continue;
            }
            Assert.NotEmpty(claim.Tests);
            var again = ClaimBuilder.Reevaluate(results, claim);
            Assert.Equal(claim.Holds, again.Holds);
            Assert.Equal(claim.Evidence, again.Evidence);
        }
        var test = results.Claims.SelectMany(c => c.Tests).FirstOrDefault(t => t.Comparison.Low is not null);
        Assert.NotNull(test);
        var d = results.PerSeed(test.A).Zip(results.PerSeed(test.B), (a, b) => a - b).ToArray();
        var mean = d.Average();
        var sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1));
        var half = StudentT.Quantile(0.975, d.Length - 1) * sd / Math.Sqrt(d.Length);
        Assert.Equal(results.Seeds.Count, test.Comparison.N);
        Assert.Equal(mean, test.Comparison.MeanDifference, 12);
        Assert.Equal(mean - half, test.Comparison.Low!.Value, 12);
        Assert.Equal(mean + half, test.Comparison.High!.Value, 12);
    }
}

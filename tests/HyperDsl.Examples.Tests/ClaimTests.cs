using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ClaimTests
{
    [Fact]
    public void Paired_interval_is_the_mean_difference_plus_minus_t_times_its_standard_error()
    {
        // Differences 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.7764451...
        var c = PairedComparison.Of([11, 12, 13, 14, 15], [10, 10, 10, 10, 10]);
        var half = 2.7764451051977987 * Math.Sqrt(2.5) / Math.Sqrt(5);
        Assert.Equal((5, 13.0, 10.0, 3.0), (c.N, c.MeanA, c.MeanB, c.MeanDifference));
        Assert.Equal(3 - half, c.Low!.Value, 9);
        Assert.Equal(3 + half, c.High!.Value, 9);
    }

    [Fact]
    public void Pairing_removes_what_a_seed_does_to_both_methods()
    {
        // Seeds differ by a lot, A is always 0.01 better: unpaired the means overlap, paired the interval is tight.
        double[] b = [0.5, 0.9, 0.6, 0.8, 0.7];
        var a = b.Select((v, i) => v + 0.01 + 0.001 * i).ToArray();
        var test = PairedTest.Of(ClaimRule.Better, "A", a, "B", b, higherIsBetter: true);
        Assert.True(test.Holds);
        Assert.False(PairedTest.Of(ClaimRule.Better, "B", b, "A", a, higherIsBetter: true).Holds);
    }

    [Fact]
    public void Better_needs_the_whole_interval_on_the_better_side_in_the_metrics_direction()
    {
        double[] errorsA = [1.0, 1.1, 0.9, 1.0, 1.05], errorsB = [1.2, 1.3, 1.1, 1.25, 1.2];
        Assert.True(PairedTest.Of(ClaimRule.Better, "A", errorsA, "B", errorsB, higherIsBetter: false).Holds);
        Assert.False(PairedTest.Of(ClaimRule.Better, "A", errorsA, "B", errorsB, higherIsBetter: true).Holds);
        // Differences straddling zero: not established either way.
        double[] mixedA = [1.0, 1.2, 0.9, 1.1, 1.0], mixedB = [1.1, 1.0, 1.0, 1.0, 1.05];
        Assert.False(PairedTest.Of(ClaimRule.Better, "A", mixedA, "B", mixedB, higherIsBetter: false).Holds);
        Assert.False(PairedTest.Of(ClaimRule.Better, "B", mixedB, "A", mixedA, higherIsBetter: false).Holds);
    }

    [Fact]
    public void Non_inferiority_and_equivalence_use_the_margin()
    {
        // A is 0.01 AUC below B on every seed (tiny spread): non-inferior within 0.015, not within 0.005; equivalent within 0.015.
        double[] b = [0.80, 0.82, 0.78, 0.81, 0.79];
        var a = b.Select((v, i) => v - 0.01 + 0.0005 * (i % 2)).ToArray();
        Assert.True(PairedTest.Of(ClaimRule.NonInferior, "A", a, "B", b, true, 0.015).Holds);
        Assert.False(PairedTest.Of(ClaimRule.NonInferior, "A", a, "B", b, true, 0.005).Holds);
        Assert.True(PairedTest.Of(ClaimRule.Equivalent, "A", a, "B", b, true, 0.015).Holds);
        // A far better than B: non-inferior, but not equivalent.
        var better = b.Select(v => v + 0.1).ToArray();
        Assert.True(PairedTest.Of(ClaimRule.NonInferior, "A", better, "B", b, true, 0.015).Holds);
        Assert.False(PairedTest.Of(ClaimRule.Equivalent, "A", better, "B", b, true, 0.015).Holds);
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedTest.Of(ClaimRule.Equivalent, "A", a, "B", b, true, 0));
    }

    [Fact]
    public void One_seed_gives_no_interval_and_no_verdict()
    {
        var test = PairedTest.Of(ClaimRule.Better, "A", [2.0], "B", [1.0], higherIsBetter: true);
        Assert.Null(test.Comparison.Low);
        Assert.False(test.Holds);
        Assert.Contains("no interval (one seed)", test.Evidence);
    }

    [Fact]
    public void Most_of_k_needs_more_than_half()
    {
        double[] low = [0.1, 0.2, 0.1, 0.15, 0.12], high = [0.5, 0.6, 0.55, 0.5, 0.52];
        PairedTest Win() => PairedTest.Of(ClaimRule.Better, "A", high, "B", low, true);
        PairedTest Loss() => PairedTest.Of(ClaimRule.Better, "A", low, "B", high, true);
        Assert.True(ClaimBuilder.MostOf("m", "s", [Win(), Win(), Loss()]).Holds);
        Assert.False(ClaimBuilder.MostOf("m", "s", [Win(), Loss()]).Holds);          // half is not most
        Assert.StartsWith("2 of 3 hold", ClaimBuilder.MostOf("m", "s", [Win(), Win(), Loss()]).Evidence);
        Assert.False(ClaimBuilder.All("a", "s", Win(), Loss()).Holds);
    }

    [Fact]
    public void Evidence_gives_both_means_the_interval_n_and_the_requirement()
    {
        var results = Results();
        var claim = new ClaimBuilder(results).Better("lower-error", "HyDA below the baseline", "HyDA", "baseline");
        Assert.True(claim.Holds);
        var c = claim.Tests[0].Comparison;
        Assert.Equal(
            $"HyDA {F(c.MeanA)} vs baseline {F(c.MeanB)}; A − B = {F(c.MeanDifference)}, 95% CI [{F(c.Low!.Value)}, {F(c.High!.Value)}], n = 5 seeds paired; better: CI < 0 met",
            claim.Evidence);
        var missing = ClaimBuilder.NotMeasured("ablation", "removing X lowers Dice", "the example has no variant without X");
        Assert.False(missing.Holds);
        Assert.Equal("not measured: the example has no variant without X", missing.Evidence);
        static string F(double v) => ResultsWriter.Format(v).Replace("-", "−");
    }

    [Fact]
    public void Claims_read_rows_and_series_by_name_and_refuse_unknown_or_mixed_directions()
    {
        var results = Results();
        var builder = new ClaimBuilder(results);
        Assert.True(builder.Better("interior", "s", "HyDA | interior", "baseline | interior").Holds);
        Assert.Throws<ArgumentException>(() => builder.Better("x", "s", "HyDA", "nobody"));
        Assert.Throws<ArgumentException>(() => builder.Better("x", "s", "HyDA", "accuracy"));
    }

    /// <summary>Five seeds of a lower-is-better metric with a series per part.</summary>
    public static ExperimentResults Results()
    {
        var results = new ExperimentResults("HyDA", "held-out MAE", HigherIsBetter: false,
        [
            new ResultRow("HyDA", MethodKind.Hypernet, [0.70, 0.72, 0.66, 0.69, 0.71]),
            new ResultRow("baseline", MethodKind.Baseline, [0.75, 0.74, 0.73, 0.76, 0.74]),
        ])
        {
            Seeds = [1, 2, 3, 4, 5],
            Size = "quick",
            Series =
            [
                new SeedSeries("HyDA | interior", "MAE (years)", false, [0.60, 0.61, 0.62, 0.60, 0.63]),
                new SeedSeries("baseline | interior", "MAE (years)", false, [0.65, 0.66, 0.64, 0.66, 0.67]),
                new SeedSeries("accuracy", "fraction", true, [0.9, 0.9, 0.9, 0.9, 0.9]),
            ],
        };
        var b = new ClaimBuilder(results);
        return results with
        {
            Claims =
            [
                b.Better("lower-error", "HyDA below the baseline", "HyDA", "baseline"),
                b.NonInferior("interior", "HyDA not worse than the baseline by 0.1 on interior domains", "HyDA | interior", "baseline | interior", 0.1),
                ClaimBuilder.NotMeasured("ablation", "removing X lowers the error", "no variant without X"),
            ],
        };
    }
}

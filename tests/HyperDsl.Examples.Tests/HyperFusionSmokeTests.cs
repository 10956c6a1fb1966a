namespace HyperDsl.Examples.Tests;

public class HyperFusionSmokeTests
{
    [Fact]
    public void HyperFusion_runs_end_to_end_with_both_targets_and_claims_on_each()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.HyperFusion.FusionSetup));
        Assert.Equal("HyperFusion", results.Experiment);
        Assert.False(results.HigherIsBetter);
        // Four methods on the regression target (rows) and on the classification target (series).
        Assert.Equal(4, results.Rows.Count);
        Assert.All(results.Rows, r => Assert.InRange(results.PerSeed($"{r.Method} | test AUC")[0], 0.0, 1.0));
        Assert.Equal(["regression-above-every-baseline", "classification-above-every-baseline"], results.Claims.Select(c => c.Id));
        Assert.All(results.Claims, c => Assert.Equal(3, c.Tests.Count));
    }
}

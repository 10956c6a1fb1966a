namespace HyperDsl.Examples.Tests;

public class HyDASmokeTests
{
    [Fact]
    public void HyDA_runs_every_leave_one_domain_out_fold_end_to_end()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.HyDA.HydaSetup));
        Assert.Equal("HyDA", results.Experiment);
        Assert.False(results.HigherIsBetter);
        // Baseline, hyda.hyp and hyda_tuned.hyp; each value is a mean MAE over the seven held-out domains, in years.
        Assert.Equal(3, results.Rows.Count);
        Assert.All(results.Rows, r => Assert.True(double.IsFinite(r.Value) && r.Value > 0, $"{r.Method}: {r.Value}"));
    }
}

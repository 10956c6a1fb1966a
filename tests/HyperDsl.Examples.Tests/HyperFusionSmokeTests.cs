namespace HyperDsl.Examples.Tests;

public class HyperFusionSmokeTests
{
    [Fact]
    public void HyperFusion_runs_end_to_end_and_writes_both_targets()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.HyperFusion.FusionSetup), "classification/results.json");
        Assert.Equal("HyperFusion", results.Experiment);
    }
}

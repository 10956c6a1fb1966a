namespace HyperDsl.Examples.Tests;

public class HyperCTSmokeTests
{
    [Fact]
    public void HyperCT_runs_every_method_with_a_prospective_test_set_and_its_claims()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.HyperCT.HyperCtSetup));
        // The hypernetwork, equal weighting, per-task LoRA and uncertainty weighting; each also on the shifted test set.
        Assert.Equal(4, results.Rows.Count);
        Assert.All(results.Rows, r => Assert.Equal(results.Seeds.Count, results.PerSeed($"{r.Method} | prospective").Count));
        Assert.Equal(["above-equal-weighting", "above-uncertainty-weighting", "within-per-task-lora", "prospective-not-below-per-task-lora"],
            results.Claims.Select(c => c.Id));
    }
}

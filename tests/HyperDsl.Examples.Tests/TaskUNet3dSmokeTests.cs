namespace HyperDsl.Examples.Tests;

public class TaskUNet3dSmokeTests
{
    [Fact]
    public void TaskUNet3d_runs_end_to_end_with_every_method_and_its_claims()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.TaskUNet.TaskSetup));
        Assert.Equal("TaskUNet3d", results.Experiment);
        Assert.True(results.HigherIsBetter);
        // One-shot, adapted, Hyper and Rand U-Net fine-tuned on N = 1, 2, 4, Conv and All U-Net.
        Assert.Equal(10, results.Rows.Count);
        Assert.All(results.Rows, r => Assert.All(r.PerSeed, v => Assert.InRange(v, 0, 1)));
        Assert.Contains(results.Claims, c => c.Id == "no-norm-on-task-embedding" && !c.Holds && c.Evidence.StartsWith("not measured: "));
        Assert.Equal(2, results.Claims.Single(c => c.Id == "adaptation-raises-most-types").Tests.Count);
    }
}

namespace HyperDsl.Examples.Tests;

public class TaskUNet3dSmokeTests
{
    [Fact]
    public void TaskUNet3d_runs_end_to_end_with_four_methods()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.TaskUNet.TaskSetup));
        Assert.Equal("TaskUNet3d", results.Experiment);
        Assert.True(results.HigherIsBetter);
        Assert.Equal(4, results.Rows.Count);
        Assert.All(results.Rows, r => Assert.InRange(r.Value, 0, 1));
    }
}

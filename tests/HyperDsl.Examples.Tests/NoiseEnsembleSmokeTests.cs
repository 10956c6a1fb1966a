namespace HyperDsl.Examples.Tests;

public class NoiseEnsembleSmokeTests
{
    [Fact]
    public void NoiseEnsemble_runs_end_to_end_with_its_baselines()
    {
        var results = ExperimentSmoke.Run(typeof(HyperDsl.Examples.NoiseEnsemble.EnsembleMethods));
        Assert.Equal("NoiseEnsemble", results.Experiment);
        Assert.True(results.HigherIsBetter);
        // MC dropout, the deep ensemble, the noise ensemble without and with its entropy term; AUCs lie in [0, 1].
        Assert.Equal(4, results.Rows.Count);
        Assert.All(results.Rows, r => Assert.InRange(r.Value, 0.0, 1.0));
    }
}

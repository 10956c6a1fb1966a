namespace HyperDsl.Examples.Tests;

public class HyperCTSmokeTests
{
    [Fact]
    public void HyperCT_runs_end_to_end_and_writes_its_files() =>
        ExperimentSmoke.Run(typeof(HyperDsl.Examples.HyperCT.HyperCtSetup));
}

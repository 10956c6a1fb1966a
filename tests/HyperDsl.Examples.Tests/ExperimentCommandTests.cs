using HyperDsl.Examples.Shared.Cli;

namespace HyperDsl.Examples.Tests;

public class ExperimentCommandTests
{
    [Fact]
    public void Defaults_are_full_size_seed_one_auto_device_and_out_per_experiment()
    {
        var (options, errors) = ExperimentCommand.Parse([], "HyDA");
        Assert.Empty(errors);
        Assert.Equal(new ExperimentOptions(false, Path.Combine("out", "HyDA"), null, ExperimentCommand.DefaultSeed), options);
    }

    [Fact]
    public void All_options_are_parsed()
    {
        var (options, errors) = ExperimentCommand.Parse(["--quick", "--out", "/tmp/r", "--device", "cpu", "--seed", "7"], "HyDA");
        Assert.Empty(errors);
        Assert.Equal(new ExperimentOptions(true, "/tmp/r", "cpu", 7), options);
    }

    [Theory]
    [InlineData("--device", "tpu")]
    [InlineData("--seed", "-3")]
    [InlineData("--seed", "many")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_errors_not_runs(string name, string value)
    {
        var (options, errors) = ExperimentCommand.Parse([name, value], "HyDA");
        Assert.Null(options);
        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Size_picks_the_quick_or_the_full_value()
    {
        Assert.Equal(3, new ExperimentOptions(true, "o", null, 1).Size(3, 30));
        Assert.Equal(30, new ExperimentOptions(false, "o", null, 1).Size(3, 30));
    }

    [Fact]
    public void Smoke_implies_quick_and_picks_the_smoke_value()
    {
        var (options, errors) = ExperimentCommand.Parse(["--smoke"], "HyDA");
        Assert.Empty(errors);
        Assert.True(options!.Smoke);
        Assert.True(options.Quick);
        Assert.Equal(1, options.Size(1, 3, 30));
        Assert.Equal(3, new ExperimentOptions(true, "o", null, 1).Size(1, 3, 30));
        Assert.Equal(30, new ExperimentOptions(false, "o", null, 1).Size(1, 3, 30));
    }
}

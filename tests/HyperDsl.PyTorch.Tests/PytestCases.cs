namespace HyperDsl.PyTorch.Tests;

/// <summary>
/// Every pytest case (the generated Python against TorchSharp, the snapshots run, the Python runtime's own tests) as its
/// own xunit case, so the test command counts them; pytest runs once for all of them. A skipped pytest case fails here:
/// nothing is skipped in CI.
/// </summary>
public sealed class PytestCases
{
    public static TheoryData<string> Cases() => [.. Pytest.Collect()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pytest_case_passes(string nodeId)
    {
        Assert.True(Pytest.Results.TryGetValue(nodeId, out var result), $"pytest did not run {nodeId}");
        Assert.True(result.Outcome == "passed", $"{nodeId}: {result.Outcome}\n{result.Message}");
    }

    [Fact]
    public void Pytest_collects_the_parity_and_snapshot_cases()
    {
        var ids = Pytest.Collect();
        foreach (var model in ModelCase.All)
            Assert.Contains(ids, id => id.Contains($"{(model.InZoo ? "test_zoo_snapshot_builds" : "test_snapshot_runs")}[{model.Name}]", StringComparison.Ordinal));
        foreach (var model in ModelCase.All.Where(c => c.CheckedForParity))
            Assert.Contains(ids, id => id.Contains($"test_parity[{model.Name}]", StringComparison.Ordinal));
    }
}

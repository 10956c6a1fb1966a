using HyperDsl.Fuzz;

namespace HyperDsl.Fuzz.Tests;

/// <summary>Inputs beyond every limit get their diagnostic, within the time and memory bounds.</summary>
[Collection(ProcessorTimeCollection.Name)]
public sealed class LimitTests
{
    private static readonly IReadOnlyList<LimitCase> Cases = LimitCase.All(SeedCorpus.Load());

    // The first compilations of a process pay for JIT and ANTLR's set-up; no case should be charged for them.
    static LimitTests()
    {
        using var runner = new CaseRunner();
        runner.WarmUp();
    }

    public static TheoryData<string> Names() => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Input_beyond_a_limit_gets_a_diagnostic_not_a_hang_or_crash(string name)
    {
        var limitCase = Cases.Single(c => c.Name == name);
        using var runner = new CaseRunner();
        var outcome = runner.Run(limitCase.Input);
        var problems = outcome.Problems.Concat(limitCase.CheckExpectation(outcome)).ToList();
        Assert.True(problems.Count == 0, $"{outcome.Verdict} in {outcome.Elapsed.TotalMilliseconds:0} ms:\n" + string.Join("\n", problems)
            + "\n" + string.Join("\n", outcome.Result?.Diagnostics.Take(5).Select(d => d.ToString()) ?? []));
    }
}

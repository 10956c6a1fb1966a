using System.Text;
using HyperDsl.Fuzz;
using Xunit.Abstractions;

namespace HyperDsl.Fuzz.Tests;

/// <summary>
/// The CI fuzz run: a fixed seed, so every run tries the same inputs and a failure reproduces with
/// <c>dotnet run --project tests/HyperDsl.Fuzz -c Release -- --seed 20261123 --replay INDEX</c>.
/// </summary>
[Collection(ProcessorTimeCollection.Name)]
public sealed class FuzzSuiteTests(ITestOutputHelper output)
{
    public const int Seed = 20261123;
    public const int Cases = 10_000;

    [Fact]
    public void Ten_thousand_mutated_inputs_all_keep_the_robustness_property()
    {
        var seeds = SeedCorpus.Load();
        using var runner = new CaseRunner(emitStage: EmitStage.Default);
        runner.WarmUp();
        var report = new FuzzSession(new CaseGenerator(seeds, Seed), runner).Run(0, Cases);
        output.WriteLine($"{seeds.Count} seed files: {string.Join(", ", seeds.Select(s => s.Name))}");
        output.WriteLine(report.Summary());

        Assert.Equal(Cases, report.CasesRun);
        Assert.True(report.Failures.Count == 0, Describe(report));
        // Every family ran, and the mutations did not only produce errors: some inputs still compile cleanly
        // (so the later phases are exercised too, not only the parser).
        Assert.Equal(Mutators.Families.Select(f => f.Family).Order(), report.CasesPerFamily.Keys.Order());
        Assert.True(report.ErrorFreePerFamily.Values.Sum() > 0, "no mutated input compiled without errors");
    }

    [Fact]
    public void The_examples_themselves_keep_the_property()
    {
        using var runner = new CaseRunner(emitStage: EmitStage.Default);
        var failures = SeedCorpus.Load().Select(s => runner.Run(FuzzInput.FromText("seed", s.Name, s.Text))).Where(o => !o.Passed).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{f.Input}: {f.Problems[0]}")));
    }

    private static string Describe(FuzzReport report)
    {
        var text = new StringBuilder().AppendLine(report.Summary()).AppendLine("Replay a case with: dotnet run --project tests/HyperDsl.Fuzz -c Release -- --seed " + Seed + " --replay INDEX");
        foreach (var (index, outcome) in report.Failures.Take(10))
            text.AppendLine($"case {index}: {outcome.Verdict}: {outcome.Input}").AppendLine("  " + outcome.Problems[0]);
        return text.ToString();
    }
}

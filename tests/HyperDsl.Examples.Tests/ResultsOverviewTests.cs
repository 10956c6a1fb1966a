using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

/// <summary>
/// docs/RESULTS.md is generated from the committed docs/results/*/results.json (<see cref="ResultsOverview"/>):
/// HYPERDSL_ACCEPT=1 rewrites it; otherwise a page that differs from the generator's output fails.
/// </summary>
public class ResultsOverviewTests
{
    static readonly string Root = FindRoot();
    static readonly string PagePath = Path.Combine(Root, "docs", "RESULTS.md");

    [Fact]
    public void The_committed_results_page_is_generated_from_the_committed_results_files()
    {
        var generated = ResultsOverview.Generate(Path.Combine(Root, "docs", "results"));
        if (Environment.GetEnvironmentVariable("HYPERDSL_ACCEPT") == "1")
        {
            File.WriteAllText(PagePath, generated);
            return;
        }
        var current = File.ReadAllText(PagePath).ReplaceLineEndings("\n");
        Assert.True(current == generated, "docs/RESULTS.md differs from docs/results/*/results.json; run the Examples tests with HYPERDSL_ACCEPT=1 and review the diff");
    }

    [Fact]
    public void Every_committed_results_file_has_at_least_five_seeds_and_claims_that_its_rows_give()
    {
        var files = Directory.GetDirectories(Path.Combine(Root, "docs", "results"))
            .Select(d => Path.Combine(d, ResultsWriter.JsonFileName)).Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var results = ResultsReader.Read(file);
            Assert.True(results.Seeds.Count >= 5, $"{file}: {results.Seeds.Count} seeds");
            Assert.NotEmpty(results.Claims);
            ClaimsCheck.FromRows(results);
        }
    }

    [Fact]
    public void The_page_lists_every_experiment_with_its_claims()
    {
        var dir = Directory.CreateTempSubdirectory("hyperdsl-overview-").FullName;
        try
        {
            ResultsWriter.Write(Path.Combine(dir, "HyDA"), ClaimTests.Results());
            var page = ResultsOverview.Generate(dir);
            Assert.Contains("| [HyDA](results/HyDA/README.md) | quick | 1, 2, 3, 4, 5 | held-out MAE ↓ | 2 of 3 |", page);
            Assert.Contains("| lower-error | HyDA below the baseline | **yes** |", page);
            Assert.Contains("| ablation | removing X lowers the error | no | not measured: no variant without X |", page);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HyperDsl.sln")))
                return dir.FullName;
        throw new InvalidOperationException("HyperDsl.sln not found above the test assembly.");
    }
}

using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

/// <summary>
/// Runs an experiment program end to end with <c>--smoke</c> (tiny sizes, seconds, two seeds) through its real entry
/// point, in process, and checks that it exits 0 and writes the files the issue names, with a results.json that reads
/// back under the schema, has hypernet and baseline rows with one value per seed, and claims that its per-seed rows
/// give (<see cref="ClaimsCheck"/>). The numbers of a smoke run mean nothing, so verdicts are not compared; the claims
/// are shown by the <c>--quick</c> runs.
/// </summary>
public static class ExperimentSmoke
{
    /// <summary>Runs the program whose assembly holds <paramref name="anyTypeOfTheExperiment"/>; returns its results.</summary>
    public static ExperimentResults Run(Type anyTypeOfTheExperiment, params string[] extraFiles)
    {
        var assembly = anyTypeOfTheExperiment.Assembly;
        var entry = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point.");
        var output = Directory.CreateTempSubdirectory("hyperdsl-smoke-").FullName;
        try
        {
            string[] args = ["--smoke", "--device", "cpu", "--out", output];
            var exit = entry.GetParameters().Length == 0 ? entry.Invoke(null, null) : entry.Invoke(null, [args]);
            Assert.Equal(0, exit is int code ? code : 0);
            foreach (var file in new[] { ResultsWriter.JsonFileName, ResultsWriter.MarkdownFileName, "curves.png" }.Concat(extraFiles))
                Assert.True(File.Exists(Path.Combine(output, file)), $"{assembly.GetName().Name} --smoke did not write {file}.");
            var results = ResultsReader.Read(Path.Combine(output, ResultsWriter.JsonFileName));
            Assert.Equal("smoke", results.Size);
            Assert.Equal(2, results.Seeds.Count);
            Assert.Contains(results.Rows, r => r.Kind == MethodKind.Hypernet);
            Assert.Contains(results.Rows, r => r.Kind == MethodKind.Baseline);
            Assert.All(results.Rows, r => Assert.Equal(results.Seeds.Count, r.PerSeed.Count));
            Assert.NotEmpty(results.Claims);
            ClaimsCheck.FromRows(results);
            Assert.Contains("## Claims", File.ReadAllText(Path.Combine(output, ResultsWriter.MarkdownFileName)));
            return results;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

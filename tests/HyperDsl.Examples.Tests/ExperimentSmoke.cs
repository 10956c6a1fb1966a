using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

/// <summary>
/// Runs an experiment program end to end with <c>--smoke</c> (tiny sizes, seconds) through its real entry point, in
/// process, and checks that it exits 0 and writes the files the issue names, with a results.json that reads back under
/// the schema and has hypernet and baseline rows. The numbers of a smoke run mean nothing, so they are not compared;
/// the claims are shown by the <c>--quick</c> runs.
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
            Assert.Contains(results.Rows, r => r.Kind == MethodKind.Hypernet);
            Assert.Contains(results.Rows, r => r.Kind == MethodKind.Baseline);
            return results;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

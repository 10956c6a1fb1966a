using System.Reflection;
using System.Text.Json;
using HyperDsl.Benchmarks.Harness;
using HyperDsl.Benchmarks.Suites;

namespace HyperDsl.Benchmarks.Tests;

/// <summary>Each benchmark runs once (<c>--smoke</c> sizes) and writes bench.json / results Markdown of the documented shape.</summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly string RepoRoot = typeof(BenchmarkSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    [Fact]
    public void Every_suite_runs_once_and_the_results_files_have_the_documented_shape()
    {
        var output = Path.Combine(Path.GetTempPath(), $"hyperdsl-bench-smoke-{Guid.NewGuid():N}");
        try
        {
            var options = BenchOptions.Parse(["--smoke", "--out", output], "unused");
            ISuite[] suites = [new GeneratedVsHandSuite(), new BatchedVsLoopSuite(), new MatmulPeakSuite(), new ScalingSuite(),
                new CompilerSuite(RepoRoot), new LanguageServerSuite(), new BuildSuite(RepoRoot)];
            var results = new List<BenchResult>();
            var log = new List<string>();
            foreach (var suite in suites)
                results.AddRange(suite.Run(options, log.Add));

            // Every benchmark family reports at least one entry (the build suite is full-mode only and says so).
            foreach (var prefix in new[] { "generated-vs-hand/hyda", "generated-vs-hand/hyperfusion", "generated-vs-hand/segmenter2d",
                         "hyper-linear/batched-vs-loop", "hyper-conv2d/batched-vs-loop", "hyper-conv3d/batched-vs-loop",
                         "hyper-linear-vs-dense-matmul", "scaling/generated-values", "scaling/time", "compiler/check", "compiler/build/hyda.hyp",
                         "language-server/change-to-diagnostics", "language-server/hover" })
                Assert.Contains(results, r => r.Name.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Contains(log, line => line.StartsWith("build: skipped", StringComparison.Ordinal));
            Assert.All(results, r => Assert.True(r.Ours > 0 && double.IsFinite(r.Ours), $"{r.Name}: ours = {r.Ours}"));

            // Counts are exact, not timings: d x d generated values vs LoRA r = 4 (2 * 4 * d).
            var values = results.Single(r => r.Name == "scaling/generated-values/d16");
            Assert.Equal(16 * 16, values.Reference);
            Assert.Equal(2 * 4 * 16, values.Ours);

            var (json, markdown) = ResultWriter.Write(output, results, "Machine: test", "smoke");
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
            Assert.Equal(results.Count, document.RootElement.GetArrayLength());
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                Assert.Equal(JsonValueKind.String, entry.GetProperty("name").ValueKind);
                Assert.Equal(JsonValueKind.Number, entry.GetProperty("ours").ValueKind);
                Assert.True(entry.GetProperty("reference").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
                Assert.True(entry.GetProperty("ratio").ValueKind is JsonValueKind.Number or JsonValueKind.Null);
                Assert.Equal(JsonValueKind.String, entry.GetProperty("unit").ValueKind);
            }
            var generated = document.RootElement.EnumerateArray().Where(e => e.GetProperty("name").GetString()!.StartsWith("generated-vs-hand/")).ToList();
            // One generated-vs-hand entry per seed example with a hand-written reference (plus the teaching segmenter).
            Assert.Equal(["hyda", "hyperct-small-lora-vit", "hyperfusion", "segmenter2d-conv", "task-unet3d-small"],
                generated.Select(e => e.GetProperty("name").GetString()!.Split('/')[1]).Distinct().Order(StringComparer.Ordinal));
            Assert.All(generated, e => Assert.Equal(JsonValueKind.Number, e.GetProperty("ratio").ValueKind));

            var table = File.ReadAllLines(markdown);
            Assert.Contains(table, l => l.StartsWith("| name | ours | reference |", StringComparison.Ordinal));
            Assert.Equal(results.Count, table.Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 1);
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Unknown_arguments_are_a_usage_error()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--quik"], "out"));
        Assert.Contains("--quik", error.Message);
        Assert.Contains("Usage", error.Message);
    }
}

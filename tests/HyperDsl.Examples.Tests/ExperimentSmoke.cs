using System.Reflection;
using System.Text.Json;

namespace HyperDsl.Examples.Tests;

/// <summary>
/// Runs an experiment program end to end with <c>--smoke</c> (tiny sizes, seconds) through its real entry point, in
/// process, and checks that it exits 0 and writes the files the issue names with the results.json schema. The numbers
/// of a smoke run mean nothing, so they are not compared; the claims are shown by the <c>--quick</c> runs.
/// </summary>
public static class ExperimentSmoke
{
    /// <summary>Runs the program whose assembly holds <paramref name="anyTypeOfTheExperiment"/>; returns results.json.</summary>
    public static JsonElement Run(Type anyTypeOfTheExperiment, params string[] extraFiles)
    {
        var assembly = anyTypeOfTheExperiment.Assembly;
        var entry = assembly.EntryPoint ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no entry point.");
        var output = Directory.CreateTempSubdirectory("hyperdsl-smoke-").FullName;
        try
        {
            string[] args = ["--smoke", "--device", "cpu", "--out", output];
            var exit = entry.GetParameters().Length == 0 ? entry.Invoke(null, null) : entry.Invoke(null, [args]);
            Assert.Equal(0, exit is int code ? code : 0);
            foreach (var file in new[] { "results.json", "results.md", "curves.png" }.Concat(extraFiles))
                Assert.True(File.Exists(Path.Combine(output, file)), $"{assembly.GetName().Name} --smoke did not write {file}.");
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
            var root = json.RootElement.Clone();
            AssertSchema(root);
            return root;
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>The results.json schema of issue 7, with at least one hypernet and one baseline row of finite values.</summary>
    private static void AssertSchema(JsonElement root)
    {
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("experiment").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("metric").GetString()));
        Assert.Contains(root.GetProperty("higher_is_better").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        var kinds = new HashSet<string>();
        foreach (var row in root.GetProperty("rows").EnumerateArray())
        {
            Assert.False(string.IsNullOrWhiteSpace(row.GetProperty("method").GetString()));
            kinds.Add(row.GetProperty("kind").GetString()!);
            Assert.True(double.IsFinite(row.GetProperty("value").GetDouble()), "a row's value is not finite");
        }
        Assert.Contains("hypernet", kinds);
        Assert.Contains("baseline", kinds);
    }
}

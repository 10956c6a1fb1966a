using System.Text.Json;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ResultsWriterTests
{
    static ExperimentResults Sample() => ClaimTests.Results() with
    {
        Details = [new DetailTable("per domain", ["domain", "HyDA", "baseline"], [["d0", "3.0000", "3.5000"]])],
        Notes = ["quick run"],
    };

    [Fact]
    public void Json_has_the_schema_keys_in_order_with_per_seed_values_and_claims()
    {
        using var doc = JsonDocument.Parse(ResultsWriter.ToJson(Sample()));
        var root = doc.RootElement;
        Assert.Equal(["experiment", "metric", "higher_is_better", "size", "seeds", "rows", "series", "claims"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 2, 3, 4, 5], root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal("quick", root.GetProperty("size").GetString());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["method", "kind", "value", "std", "per_seed"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("hypernet", rows[0].GetProperty("kind").GetString());
        Assert.Equal("baseline", rows[1].GetProperty("kind").GetString());
        Assert.Equal([0.70, 0.72, 0.66, 0.69, 0.71], rows[0].GetProperty("per_seed").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(new[] { 0.70, 0.72, 0.66, 0.69, 0.71 }.Average(), rows[0].GetProperty("value").GetDouble(), 12);
        var claims = root.GetProperty("claims").EnumerateArray().ToList();
        Assert.Equal(["id", "statement", "holds", "evidence", "combination", "tests"], claims[0].EnumerateObject().Select(p => p.Name));
        Assert.True(claims[0].GetProperty("holds").GetBoolean());
        Assert.False(claims[2].GetProperty("holds").GetBoolean());
        Assert.StartsWith("not measured: ", claims[2].GetProperty("evidence").GetString());
        var test = claims[0].GetProperty("tests")[0];
        Assert.Equal(["rule", "a", "b", "higher_is_better", "margin", "n", "mean_a", "mean_b", "mean_difference", "low", "high", "holds"], test.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Per_seed_lists_must_have_one_value_per_seed_and_names_must_be_unique()
    {
        var short_ = Sample() with { Seeds = [1, 2, 3, 4] };
        Assert.Contains("per-seed values for 4 seeds", Assert.Throws<InvalidOperationException>(() => ResultsWriter.ToJson(short_)).Message);
        var twice = Sample() with { Series = [.. Sample().Series, new SeedSeries("HyDA", "x", false, [1, 1, 1, 1, 1])] };
        Assert.Contains("'HyDA'", Assert.Throws<InvalidOperationException>(() => ResultsWriter.ToJson(twice)).Message);
    }

    [Fact]
    public void Json_round_trips_doubles_exactly()
    {
        var value = 1.0 / 3;
        var results = Sample() with { Rows = [new ResultRow("HyDA", MethodKind.Hypernet, [value, value, value, value, value]), Sample().Rows[1]] };
        using var doc = JsonDocument.Parse(ResultsWriter.ToJson(results));
        Assert.Equal(value, doc.RootElement.GetProperty("rows")[0].GetProperty("per_seed")[0].GetDouble());
    }

    [Fact]
    public void Non_finite_values_are_rejected_naming_the_method()
    {
        var results = Sample() with { Rows = [new ResultRow("HyDA", MethodKind.Hypernet, [double.NaN, 1, 1, 1, 1]), Sample().Rows[1]], Claims = [] };
        var e = Assert.Throws<InvalidOperationException>(() => ResultsWriter.ToJson(results));
        Assert.Contains("HyDA", e.Message);
    }

    [Fact]
    public void Markdown_holds_the_main_table_claims_series_details_and_notes()
    {
        var md = ResultsWriter.ToMarkdown(Sample());
        Assert.Contains("| HyDA | hypernet | 0.6960 | 0.0230 | 0.7000, 0.7200, 0.6600, 0.6900, 0.7100 |", md);
        Assert.Contains("## Claims", md);
        Assert.Contains("| lower-error | HyDA below the baseline | **yes** | HyDA 0.6960 vs baseline 0.7440;", md);
        Assert.Contains("| ablation | removing X lowers the error | no | not measured: no variant without X |", md);
        Assert.Contains("| HyDA \\| interior | MAE (years) ↓ | 0.6120 |", md);
        Assert.Contains("## per domain", md);
        Assert.Contains("| d0 | 3.0000 | 3.5000 |", md);
        Assert.Contains("- quick run", md);
    }

    [Fact]
    public void Write_creates_the_directory_and_both_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hyperdsl-results-" + Guid.NewGuid().ToString("N"));
        try
        {
            ResultsWriter.Write(dir, Sample());
            Assert.Equal(ResultsWriter.ToJson(Sample()), File.ReadAllText(Path.Combine(dir, "results.json")));
            Assert.True(File.Exists(Path.Combine(dir, "results.md")));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

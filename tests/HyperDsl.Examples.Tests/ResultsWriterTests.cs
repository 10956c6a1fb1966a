using System.Text.Json;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Tests;

public class ResultsWriterTests
{
    static ExperimentResults Sample(double hyper = 3.25, double baseline = 3.5) => new(
        "HyDA", "held-out MAE", HigherIsBetter: false,
        [
            new ResultRow("HyDA", MethodKind.Hypernet, hyper, 0.5),
            new ResultRow("no hypernetwork", MethodKind.Baseline, baseline, 0.25),
        ])
    {
        Details = [new DetailTable("per domain", ["domain", "HyDA", "baseline"], [["d0", "3.0000", "3.5000"]])],
        Notes = ["quick run"],
    };

    [Fact]
    public void Json_has_exactly_the_schema_keys_in_order_with_kind_spelled_lower_case()
    {
        using var doc = JsonDocument.Parse(ResultsWriter.ToJson(Sample()));
        var root = doc.RootElement;
        Assert.Equal(["experiment", "metric", "higher_is_better", "rows"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("HyDA", root.GetProperty("experiment").GetString());
        Assert.Equal("held-out MAE", root.GetProperty("metric").GetString());
        Assert.False(root.GetProperty("higher_is_better").GetBoolean());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["method", "kind", "value", "std"], rows[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("hypernet", rows[0].GetProperty("kind").GetString());
        Assert.Equal("baseline", rows[1].GetProperty("kind").GetString());
        Assert.Equal(3.25, rows[0].GetProperty("value").GetDouble());
        Assert.Equal(0.25, rows[1].GetProperty("std").GetDouble());
    }

    [Fact]
    public void Json_round_trips_doubles_exactly()
    {
        var value = 1.0 / 3;
        using var doc = JsonDocument.Parse(ResultsWriter.ToJson(Sample(hyper: value)));
        Assert.Equal(value, doc.RootElement.GetProperty("rows")[0].GetProperty("value").GetDouble());
    }

    [Fact]
    public void Non_finite_values_are_rejected_naming_the_method()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ResultsWriter.ToJson(Sample(hyper: double.NaN)));
        Assert.Contains("HyDA", e.Message);
    }

    [Fact]
    public void Claim_compares_in_the_metric_direction()
    {
        Assert.True(Sample(3.0, 3.5).HypernetBeatsEveryBaseline());
        Assert.False(Sample(3.5, 3.0).HypernetBeatsEveryBaseline());
        Assert.False(Sample(3.5, 3.5).HypernetBeatsEveryBaseline());   // a tie is not a win
        var auc = Sample(0.9, 0.8) with { HigherIsBetter = true };
        Assert.True(auc.HypernetBeatsEveryBaseline());
        var onlyBaselines = new ExperimentResults("x", "m", true, [new ResultRow("b", MethodKind.Baseline, 1, 0)]);
        Assert.False(onlyBaselines.HypernetBeatsEveryBaseline());
    }

    [Fact]
    public void Markdown_holds_the_main_table_details_and_notes()
    {
        var md = ResultsWriter.ToMarkdown(Sample());
        Assert.Contains("| HyDA | hypernet | 3.2500 | 0.5000 |", md);
        Assert.Contains("| no hypernetwork | baseline | 3.5000 | 0.2500 |", md);
        Assert.Contains("## per domain", md);
        Assert.Contains("| d0 | 3.0000 | 3.5000 |", md);
        Assert.Contains("- quick run", md);
        Assert.Contains("Hypernetwork beats every baseline: yes", md);
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

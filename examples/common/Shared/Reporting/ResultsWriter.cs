using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperDsl.Examples.Shared.Claims;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>Writes <c>results.json</c> (the fixed schema tools read) and <c>results.md</c> (for people).</summary>
public static class ResultsWriter
{
    /// <summary>File name of the machine-readable results.</summary>
    public const string JsonFileName = "results.json";

    /// <summary>File name of the human-readable results.</summary>
    public const string MarkdownFileName = "results.md";

    /// <summary>
    /// The JSON document, in this key order: <c>experiment</c>, <c>metric</c>, <c>higher_is_better</c>, <c>size</c>,
    /// <c>seeds</c>, <c>rows</c> [{<c>method</c>, <c>kind</c> (hypernet | baseline), <c>value</c>, <c>std</c>,
    /// <c>per_seed</c>}], <c>series</c> [{<c>name</c>, <c>quantity</c>, <c>higher_is_better</c>, <c>per_seed</c>}],
    /// <c>claims</c> [{<c>id</c>, <c>statement</c>, <c>holds</c>, <c>evidence</c>, <c>combination</c>, <c>tests</c>
    /// [{<c>rule</c>, <c>a</c>, <c>b</c>, <c>higher_is_better</c>, <c>margin</c>, <c>n</c>, <c>mean_a</c>, <c>mean_b</c>,
    /// <c>mean_difference</c>, <c>low</c>, <c>high</c>, <c>holds</c>}]}]. Numbers are written round-trip; NaN and
    /// infinities are rejected because JSON cannot carry them; every per-seed list has one value per seed.
    /// </summary>
    public static string ToJson(ExperimentResults results)
    {
        Check(results);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("experiment", results.Experiment);
            writer.WriteString("metric", results.Metric);
            writer.WriteBoolean("higher_is_better", results.HigherIsBetter);
            writer.WriteString("size", results.Size);
            writer.WriteStartArray("seeds");
            foreach (var seed in results.Seeds)
                writer.WriteNumberValue(seed);
            writer.WriteEndArray();
            writer.WriteStartArray("rows");
            foreach (var row in results.Rows)
            {
                writer.WriteStartObject();
                writer.WriteString("method", row.Method);
                writer.WriteString("kind", KindName(row.Kind));
                writer.WriteNumber("value", Finite(row.Value, row.Method, "value"));
                writer.WriteNumber("std", Finite(row.Std, row.Method, "std"));
                WriteValues(writer, "per_seed", row.PerSeed, row.Method);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("series");
            foreach (var series in results.Series)
            {
                writer.WriteStartObject();
                writer.WriteString("name", series.Name);
                writer.WriteString("quantity", series.Quantity);
                writer.WriteBoolean("higher_is_better", series.HigherIsBetter);
                WriteValues(writer, "per_seed", series.PerSeed, series.Name);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("claims");
            foreach (var claim in results.Claims)
                WriteClaim(writer, claim);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void WriteClaim(Utf8JsonWriter writer, Claim claim)
    {
        writer.WriteStartObject();
        writer.WriteString("id", claim.Id);
        writer.WriteString("statement", claim.Statement);
        writer.WriteBoolean("holds", claim.Holds);
        writer.WriteString("evidence", claim.Evidence);
        writer.WriteString("combination", CombinationName(claim.Combination));
        writer.WriteStartArray("tests");
        foreach (var test in claim.Tests)
        {
            var c = test.Comparison;
            writer.WriteStartObject();
            writer.WriteString("rule", RuleName(test.Rule));
            writer.WriteString("a", test.A);
            writer.WriteString("b", test.B);
            writer.WriteBoolean("higher_is_better", test.HigherIsBetter);
            writer.WriteNumber("margin", test.Margin);
            writer.WriteNumber("n", c.N);
            writer.WriteNumber("mean_a", Finite(c.MeanA, claim.Id, "mean_a"));
            writer.WriteNumber("mean_b", Finite(c.MeanB, claim.Id, "mean_b"));
            writer.WriteNumber("mean_difference", Finite(c.MeanDifference, claim.Id, "mean_difference"));
            WriteOptional(writer, "low", c.Low, claim.Id);
            WriteOptional(writer, "high", c.High, claim.Id);
            writer.WriteBoolean("holds", test.Holds);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The Markdown report: the main table with per-seed values, the claims, the series, the detail tables, the notes.</summary>
    public static string ToMarkdown(ExperimentResults results)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(results.Experiment).Append("\n\n");
        md.Append("Metric: ").Append(results.Metric).Append(results.HigherIsBetter ? " (higher is better)" : " (lower is better)")
          .Append("; ").Append(results.Size).Append(" run, seeds ").Append(string.Join(", ", results.Seeds))
          .Append("; value = mean over seeds, std = across seeds\n\n");
        md.Append("| method | kind | ").Append(results.Metric).Append(" | std | per seed |\n|---|---|---:|---:|---|\n");
        foreach (var row in results.Rows)
            md.Append("| ").Append(Cell(row.Method)).Append(" | ").Append(KindName(row.Kind)).Append(" | ")
              .Append(Format(row.Value)).Append(" | ").Append(Format(row.Std)).Append(" | ").Append(PerSeedText(row.PerSeed)).Append(" |\n");
        md.Append("\n## Claims\n\n").Append(ClaimsTable(results.Claims));
        if (results.Series.Count > 0)
        {
            md.Append("\n## Per-seed measurements behind the claims\n\n| name | quantity | mean | per seed |\n|---|---|---:|---|\n");
            foreach (var s in results.Series)
                md.Append("| ").Append(Cell(s.Name)).Append(" | ").Append(Cell(s.Quantity)).Append(s.HigherIsBetter ? " ↑" : " ↓").Append(" | ")
                  .Append(Format(s.Value)).Append(" | ").Append(PerSeedText(s.PerSeed)).Append(" |\n");
        }
        foreach (var table in results.Details)
        {
            md.Append("\n## ").Append(table.Title).Append("\n\n");
            md.Append("| ").Append(string.Join(" | ", table.Columns)).Append(" |\n");
            md.Append('|').Append(string.Concat(table.Columns.Select((_, i) => i == 0 ? "---|" : "---:|"))).Append('\n');
            foreach (var cells in table.Rows)
                md.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
        }
        if (results.Notes.Count > 0)
        {
            md.Append("\n## Notes\n\n");
            foreach (var note in results.Notes)
                md.Append("- ").Append(note).Append('\n');
        }
        return md.ToString();
    }

    /// <summary>The claims as a Markdown table: id, statement, holds, evidence (pipes in the text escaped).</summary>
    public static string ClaimsTable(IReadOnlyList<Claim> claims)
    {
        var md = new StringBuilder("| claim | statement | holds | evidence |\n|---|---|---|---|\n");
        foreach (var claim in claims)
            md.Append("| ").Append(claim.Id).Append(" | ").Append(Cell(claim.Statement)).Append(" | ").Append(claim.Holds ? "**yes**" : "no")
              .Append(" | ").Append(Cell(claim.Evidence)).Append(" |\n");
        return md.ToString();
    }

    /// <summary>Text for a Markdown table cell: pipes escaped.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    static string PerSeedText(IReadOnlyList<double> values) => string.Join(", ", values.Select(Format));

    /// <summary>Writes results.json and results.md into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(string directory, ExperimentResults results)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, JsonFileName), ToJson(results));
        WriteAtomically(Path.Combine(directory, MarkdownFileName), ToMarkdown(results));
    }

    /// <summary>The schema's spelling of a kind.</summary>
    public static string KindName(MethodKind kind) => kind switch
    {
        MethodKind.Hypernet => "hypernet",
        MethodKind.Baseline => "baseline",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The schema's spelling of a rule.</summary>
    public static string RuleName(ClaimRule rule) => rule switch
    {
        ClaimRule.Better => "better",
        ClaimRule.NonInferior => "non_inferior",
        ClaimRule.Equivalent => "equivalent",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>The schema's spelling of a combination.</summary>
    public static string CombinationName(ClaimCombination combination) => combination switch
    {
        ClaimCombination.All => "all",
        ClaimCombination.Most => "most",
        ClaimCombination.NotMeasured => "not_measured",
        _ => throw new ArgumentOutOfRangeException(nameof(combination)),
    };

    /// <summary>Four decimals, invariant culture: the one number format of reports.</summary>
    public static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    static void Check(ExperimentResults results)
    {
        if (results.Seeds.Count == 0)
            throw new InvalidOperationException($"{results.Experiment}: results without seeds.");
        var names = results.Rows.Select(r => r.Method).Concat(results.Series.Select(s => s.Name)).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"{results.Experiment}: two rows or series are named '{duplicate.Key}'.");
        foreach (var (name, values) in results.Rows.Select(r => (r.Method, r.PerSeed)).Concat(results.Series.Select(s => (s.Name, s.PerSeed))))
            if (values.Count != results.Seeds.Count)
                throw new InvalidOperationException($"{results.Experiment}: '{name}' has {values.Count} per-seed values for {results.Seeds.Count} seeds.");
    }

    static void WriteValues(Utf8JsonWriter writer, string name, IReadOnlyList<double> values, string owner)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
            writer.WriteNumberValue(Finite(v, owner, name));
        writer.WriteEndArray();
    }

    static void WriteOptional(Utf8JsonWriter writer, string name, double? value, string owner)
    {
        if (value is { } v)
            writer.WriteNumber(name, Finite(v, owner, name));
        else
            writer.WriteNull(name);
    }

    static double Finite(double value, string owner, string field) =>
        double.IsFinite(value) ? value : throw new InvalidOperationException($"Result '{owner}' has a non-finite {field} ({value}); training diverged.");

    // A reader never sees a half-written file: write a sibling temp file, then rename over the target.
    static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}

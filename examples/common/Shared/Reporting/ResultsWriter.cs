using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>Writes <c>results.json</c> (the fixed schema tools read) and <c>results.md</c> (for people).</summary>
public static class ResultsWriter
{
    /// <summary>File name of the machine-readable results.</summary>
    public const string JsonFileName = "results.json";

    /// <summary>File name of the human-readable results.</summary>
    public const string MarkdownFileName = "results.md";

    /// <summary>
    /// The JSON document, exactly <c>{"experiment", "metric", "higher_is_better", "rows": [{"method", "kind", "value", "std"}]}</c>
    /// in that key order; kind is <c>hypernet</c> or <c>baseline</c>. Numbers are written round-trip; NaN and infinities are
    /// rejected because JSON cannot carry them.
    /// </summary>
    public static string ToJson(ExperimentResults results)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("experiment", results.Experiment);
            writer.WriteString("metric", results.Metric);
            writer.WriteBoolean("higher_is_better", results.HigherIsBetter);
            writer.WriteStartArray("rows");
            foreach (var row in results.Rows)
            {
                writer.WriteStartObject();
                writer.WriteString("method", row.Method);
                writer.WriteString("kind", KindName(row.Kind));
                writer.WriteNumber("value", Finite(row.Value, row.Method, "value"));
                writer.WriteNumber("std", Finite(row.Std, row.Method, "std"));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The Markdown report: the main table, then every detail table, then the notes.</summary>
    public static string ToMarkdown(ExperimentResults results)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(results.Experiment).Append("\n\n");
        md.Append("Metric: ").Append(results.Metric).Append(results.HigherIsBetter ? " (higher is better)" : " (lower is better)").Append("\n\n");
        md.Append("| method | kind | ").Append(results.Metric).Append(" | std |\n|---|---|---:|---:|\n");
        foreach (var row in results.Rows)
            md.Append("| ").Append(row.Method).Append(" | ").Append(KindName(row.Kind)).Append(" | ")
              .Append(Format(row.Value)).Append(" | ").Append(Format(row.Std)).Append(" |\n");
        md.Append('\n').Append("Hypernetwork beats every baseline: ").Append(results.HypernetBeatsEveryBaseline() ? "yes" : "no").Append("\n");
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

    /// <summary>Four significant decimals, invariant culture: the one number format of reports.</summary>
    public static string Format(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    static double Finite(double value, string method, string field) =>
        double.IsFinite(value) ? value : throw new InvalidOperationException($"Result row '{method}' has a non-finite {field} ({value}); training diverged.");

    // A reader never sees a half-written file: write a sibling temp file, then rename over the target.
    static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}

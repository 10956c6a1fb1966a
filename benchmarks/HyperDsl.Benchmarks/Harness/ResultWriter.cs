using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HyperDsl.Benchmarks.Harness;

/// <summary>Writes <c>bench.json</c> (one entry per comparison: name, ours, reference, ratio, unit, note) and a
/// Markdown table with the machine details.</summary>
public static class ResultWriter
{
    /// <summary>Writes both files into <paramref name="directory"/>; returns (json path, markdown path).</summary>
    public static (string Json, string Markdown) Write(string directory, IReadOnlyList<BenchResult> results, string machine, string mode)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "bench.json");
        var rows = results.Select(r => new Dictionary<string, object?>
        {
            ["name"] = r.Name,
            ["ours"] = Finite(r.Ours),
            ["reference"] = Finite(r.Reference),
            ["ratio"] = Finite(r.Ratio),
            ["unit"] = r.Unit,
            ["note"] = r.Note,
        }).ToList();
        WriteAtomically(json, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var markdown = Path.Combine(directory, DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".md");
        WriteAtomically(markdown, Markdown(results, machine, mode));
        return (json, markdown);
    }

    /// <summary>The results as a Markdown document: machine, mode, then one table.</summary>
    public static string Markdown(IReadOnlyList<BenchResult> results, string machine, string mode)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# HyperDsl benchmark results ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {mode})").AppendLine();
        sb.AppendLine(machine).AppendLine();
        sb.AppendLine("| name | ours | reference | ratio (ours / reference) | unit | meaning |");
        sb.AppendLine("|---|---:|---:|---:|---|---|");
        foreach (var r in results)
            sb.AppendLine($"| {r.Name} | {Format(r.Ours)} | {Format(r.Reference)} | {Format(r.Ratio)} | {r.Unit} | {r.Note} |");
        return sb.ToString();
    }

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;

    private static string Format(double v) =>
        !double.IsFinite(v) ? "-" : Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}

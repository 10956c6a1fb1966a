using System.Text;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>
/// docs/RESULTS.md, generated from the committed docs/results/&lt;Name&gt;/results.json files: one summary line per
/// experiment (run size, seeds, how many claims hold), then each experiment's rows and its claims with their
/// evidence, exactly as the programs computed them. Nothing on the page is written by hand, so no verdict can drift from
/// the figures; a test in tests/HyperDsl.Examples.Tests compares the committed page with this output.
/// </summary>
public static class ResultsOverview
{
    /// <summary>The page for the experiments whose results.json lies in a subfolder of <paramref name="resultsDirectory"/>.</summary>
    public static string Generate(string resultsDirectory)
    {
        var experiments = Directory.GetDirectories(resultsDirectory)
            .Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, ResultsWriter.JsonFileName)))
            .Select(d => (Folder: Path.GetFileName(d), Results: ResultsReader.Read(Path.Combine(d, ResultsWriter.JsonFileName))))
            .ToList();
        var md = new StringBuilder();
        md.Append("# Results of the experiments\n\n");
        md.Append("<!-- Generated from docs/results/*/results.json by ResultsOverview (examples/common/Shared/Reporting); do not edit:\n");
        md.Append("     the Examples tests fail when this page differs, HYPERDSL_ACCEPT=1 rewrites it. -->\n\n");
        md.Append("Every seed paper's architecture is declared in a `.hyp` file under `examples/`, compiled at build time and trained on\n");
        md.Append("synthetic data the example makes itself; the papers use real data, so only the direction of a comparison carries\n");
        md.Append("over, never the value. Each experiment evaluates the paper's claims from its own per-seed rows: a paired comparison\n");
        md.Append("over the seeds (each seed a full repetition: data, initialisation, training) with a 95 % Student-t interval of the\n");
        md.Append("mean difference; a claim holds only when the interval excludes the opposite. Each experiment's page (linked) says\n");
        md.Append("what its method, data and settings are and which settings were searched for whom.\n\n");
        md.Append("| experiment | run size | seeds | metric | claims that hold |\n|---|---|---|---|---:|\n");
        foreach (var (folder, r) in experiments)
            md.Append("| [").Append(r.Experiment).Append("](results/").Append(folder).Append("/README.md) | ").Append(r.Size).Append(" | ")
              .Append(string.Join(", ", r.Seeds)).Append(" | ").Append(r.Metric).Append(r.HigherIsBetter ? " ↑" : " ↓").Append(" | ")
              .Append(r.Claims.Count(c => c.Holds)).Append(" of ").Append(r.Claims.Count).Append(" |\n");
        foreach (var (folder, r) in experiments)
        {
            md.Append("\n## ").Append(r.Experiment).Append("\n\n");
            md.Append("From `docs/results/").Append(folder).Append("/results.json` (").Append(r.Size).Append(" run, ").Append(r.Seeds.Count).Append(" seeds).\n\n");
            md.Append("| method | kind | ").Append(r.Metric).Append(r.HigherIsBetter ? " ↑" : " ↓").Append(" | std across seeds |\n|---|---|---:|---:|\n");
            foreach (var row in r.Rows)
                md.Append("| ").Append(ResultsWriter.Cell(row.Method)).Append(" | ").Append(ResultsWriter.KindName(row.Kind)).Append(" | ")
                  .Append(ResultsWriter.Format(row.Value)).Append(" | ").Append(ResultsWriter.Format(row.Std)).Append(" |\n");
            md.Append('\n').Append(ResultsWriter.ClaimsTable(r.Claims));
        }
        return md.ToString();
    }
}

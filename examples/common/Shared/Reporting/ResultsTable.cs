using Spectre.Console;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>Prints the results on the terminal as Spectre.Console tables (plain text when output is redirected).</summary>
public static class ResultsTable
{
    /// <summary>Prints the main table (best row marked), the detail tables and every claim with its evidence.</summary>
    public static void Print(ExperimentResults results, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var bestValue = results.HigherIsBetter ? results.Rows.Max(r => r.Value) : results.Rows.Min(r => r.Value);
        var table = new Table().Title($"{Markup.Escape(results.Experiment)}: {Markup.Escape(results.Metric)} ({(results.HigherIsBetter ? "higher" : "lower")} is better)");
        table.AddColumn("method").AddColumn("kind").AddColumn(new TableColumn(Markup.Escape(results.Metric)).RightAligned()).AddColumn(new TableColumn("std").RightAligned());
        foreach (var row in results.Rows)
        {
            var value = ResultsWriter.Format(row.Value);
            table.AddRow(
                Markup.Escape(row.Method),
                ResultsWriter.KindName(row.Kind),
                row.Value == bestValue ? $"[bold]{value}[/]" : value,
                ResultsWriter.Format(row.Std));
        }
        console.Write(table);
        foreach (var detail in results.Details)
        {
            var t = new Table().Title(Markup.Escape(detail.Title));
            for (var i = 0; i < detail.Columns.Count; i++)
                t.AddColumn(i == 0 ? new TableColumn(Markup.Escape(detail.Columns[i])) : new TableColumn(Markup.Escape(detail.Columns[i])).RightAligned());
            foreach (var cells in detail.Rows)
                t.AddRow(cells.Select(Markup.Escape).ToArray());
            console.Write(t);
        }
        foreach (var claim in results.Claims)
            console.MarkupLine($"{(claim.Holds ? "[green]holds[/]" : "[yellow]does not hold[/]")} {Markup.Escape(claim.Id)}: {Markup.Escape(claim.Statement)}\n    {Markup.Escape(claim.Evidence)}");
    }
}

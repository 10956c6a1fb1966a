namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>Whether a row is the hypernetwork under test or a baseline it is compared with.</summary>
public enum MethodKind
{
    /// <summary>A model generated from a .hyp file.</summary>
    Hypernet,
    /// <summary>A hand-written comparison model.</summary>
    Baseline,
}

/// <summary>One method's score: the mean over folds, domains, tasks or seeds, and the standard deviation of that mean's parts.</summary>
public sealed record ResultRow(string Method, MethodKind Kind, double Value, double Std);

/// <summary>A supplementary table (per domain, per task, second target) shown in results.md and on the terminal.</summary>
/// <param name="Title">Heading of the table.</param>
/// <param name="Columns">Column headers; the first column names the row.</param>
/// <param name="Rows">Cells, already formatted.</param>
public sealed record DetailTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The outcome of one experiment: what results.json holds, plus details for results.md.</summary>
/// <param name="Experiment">Experiment name, for example <c>HyDA</c>.</param>
/// <param name="Metric">The primary metric, for example <c>held-out MAE</c>.</param>
/// <param name="HigherIsBetter">True for AUC, accuracy, Dice; false for errors.</param>
/// <param name="Rows">One row per method.</param>
public sealed record ExperimentResults(string Experiment, string Metric, bool HigherIsBetter, IReadOnlyList<ResultRow> Rows)
{
    /// <summary>Supplementary tables; not part of results.json.</summary>
    public IReadOnlyList<DetailTable> Details { get; init; } = [];

    /// <summary>Free-text notes for results.md (settings, seeds, timing).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>True when <paramref name="a"/> is strictly better than <paramref name="b"/> on this metric.</summary>
    public bool IsBetter(double a, double b) => HigherIsBetter ? a > b : a < b;

    /// <summary>
    /// The claim every experiment checks: there is at least one hypernetwork row and at least one baseline row, and
    /// the best hypernetwork row is strictly better than every baseline row.
    /// </summary>
    public bool HypernetBeatsEveryBaseline()
    {
        var hyper = Rows.Where(r => r.Kind == MethodKind.Hypernet).ToList();
        var baselines = Rows.Where(r => r.Kind == MethodKind.Baseline).ToList();
        if (hyper.Count == 0 || baselines.Count == 0)
            return false;
        var best = HigherIsBetter ? hyper.Max(r => r.Value) : hyper.Min(r => r.Value);
        return baselines.All(b => IsBetter(best, b.Value));
    }
}

using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Metrics;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>Whether a row is the hypernetwork under test or a baseline it is compared with.</summary>
public enum MethodKind
{
    /// <summary>A model generated from a .hyp file.</summary>
    Hypernet,
    /// <summary>A hand-written comparison model.</summary>
    Baseline,
}

/// <summary>
/// One method's score on the primary metric: one value per seed (each seed a full repetition: data, initialisation,
/// training), in the order of <see cref="ExperimentResults.Seeds"/>; the row's value is their mean, its std their
/// sample standard deviation.
/// </summary>
public sealed record ResultRow(string Method, MethodKind Kind, IReadOnlyList<double> PerSeed)
{
    /// <summary>Mean over seeds.</summary>
    public double Value => Metric.MeanStd(PerSeed).Mean;

    /// <summary>Sample standard deviation across seeds (0 for one seed).</summary>
    public double Std => Metric.MeanStd(PerSeed).Std;
}

/// <summary>
/// A per-seed measurement beside the rows that a claim needs and the primary metric does not give: a method on a part of
/// the test set (interior domains, one task, a shifted test set), a second target, a secondary metric.
/// </summary>
/// <param name="Name">Unique name, conventionally <c>method | part</c>.</param>
/// <param name="Quantity">What is measured, with unit.</param>
/// <param name="HigherIsBetter">Direction of the measurement.</param>
/// <param name="PerSeed">One value per seed, in the order of <see cref="ExperimentResults.Seeds"/>.</param>
public sealed record SeedSeries(string Name, string Quantity, bool HigherIsBetter, IReadOnlyList<double> PerSeed)
{
    /// <summary>Mean over seeds.</summary>
    public double Value => Metric.MeanStd(PerSeed).Mean;
}

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
    /// <summary>The seeds, in the order of every row's and series' per-seed values.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];

    /// <summary>Size of the run: <c>smoke</c>, <c>quick</c> or <c>full</c>.</summary>
    public string Size { get; init; } = "";

    /// <summary>Per-seed measurements beside the rows, for claims.</summary>
    public IReadOnlyList<SeedSeries> Series { get; init; } = [];

    /// <summary>The paper's claims, evaluated from <see cref="Rows"/> and <see cref="Series"/> (see <see cref="ClaimBuilder"/>).</summary>
    public IReadOnlyList<Claim> Claims { get; init; } = [];

    /// <summary>Supplementary tables; not part of results.json.</summary>
    public IReadOnlyList<DetailTable> Details { get; init; } = [];

    /// <summary>Free-text notes for results.md (settings, seeds, timing).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>These results with the claims <paramref name="claims"/> computes from them (through a <see cref="ClaimBuilder"/> on these rows).</summary>
    public ExperimentResults WithClaims(Func<ClaimBuilder, IReadOnlyList<Claim>> claims) => this with { Claims = claims(new ClaimBuilder(this)) };

    /// <summary>The per-seed values of the row <paramref name="name"/> (a method) or of the series <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No row or series has that name.</exception>
    public IReadOnlyList<double> PerSeed(string name) =>
        Rows.FirstOrDefault(r => r.Method == name)?.PerSeed
        ?? Series.FirstOrDefault(s => s.Name == name)?.PerSeed
        ?? throw new ArgumentException($"{Experiment} has no row or series '{name}'.", nameof(name));

    /// <summary>The direction of the row (the primary metric's) or series <paramref name="name"/>.</summary>
    public bool HigherIsBetterFor(string name) =>
        Rows.Any(r => r.Method == name) ? HigherIsBetter
        : Series.FirstOrDefault(s => s.Name == name)?.HigherIsBetter
          ?? throw new ArgumentException($"{Experiment} has no row or series '{name}'.", nameof(name));
}

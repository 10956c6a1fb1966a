using System.Globalization;
using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.HyDA;

/// <summary>Turns fold results into results.json rows (held-out MAE per seed), interior/extreme series, claims, tables and the figure.</summary>
public static class HydaReport
{
    /// <summary>Row name of the baseline.</summary>
    public const string BaselineName = "no hypernetwork (baseline)";

    /// <summary>Row name of hyda.hyp (the seed paper's settings).</summary>
    public const string SeedName = "HyDA (hyda.hyp)";

    /// <summary>Row name of hyda_tuned.hyp.</summary>
    public const string TunedName = "HyDA tuned (hyda_tuned.hyp)";

    /// <summary>The held-out domains that are interpolation: every domain but the two extremes θ = ±1.</summary>
    public static IReadOnlyList<int> InteriorDomains(int domains) => Enumerable.Range(1, domains - 2).ToList();

    /// <summary>The two extreme domains (θ = −1 and +1): extrapolation for every method.</summary>
    public static IReadOnlyList<int> ExtremeDomains(int domains) => [0, domains - 1];

    /// <summary>Per method: the held-out MAE of each domain, averaged over seeds.</summary>
    public static IReadOnlyList<(string Method, MethodKind Kind, double[] PerDomain)> PerDomain(HydaSetup setup, IReadOnlyList<FoldResult> folds) =>
        folds.GroupBy(f => (f.Method, f.Kind))
             .Select(g => (g.Key.Method, g.Key.Kind,
                 Enumerable.Range(0, setup.Domains).Select(d => g.Where(f => f.HeldOut == d).Average(f => f.Mae)).ToArray()))
             .ToList();

    /// <summary>
    /// The results: one row per method, per seed the mean over all held-out domains of the MAE on that domain (years);
    /// series <c>method | interior</c> and <c>method | extremes</c> average only those domains; claims compare the two
    /// HyDA declarations with the baseline on all three, paired over seeds.
    /// </summary>
    public static ExperimentResults Build(HydaSetup setup, IReadOnlyList<FoldResult> folds, ExperimentOptions options, TimeSpan elapsed)
    {
        var methods = folds.GroupBy(f => (f.Method, f.Kind)).ToList();
        IReadOnlyList<double> PerSeed(IEnumerable<FoldResult> method, IReadOnlyList<int> domains) =>
            setup.Seeds.Select(seed => method.Where(f => f.Seed == seed && domains.Contains(f.HeldOut)).Average(f => f.Mae)).ToList();
        var all = Enumerable.Range(0, setup.Domains).ToList();
        var interior = InteriorDomains(setup.Domains);
        var extremes = ExtremeDomains(setup.Domains);
        var rows = methods.Select(g => new ResultRow(g.Key.Method, g.Key.Kind, PerSeed(g, all))).ToList();
        var series = methods.SelectMany(g => new[]
        {
            new SeedSeries($"{g.Key.Method} | interior", $"held-out MAE (years) on the interior domains d{interior[0]}-d{interior[^1]}", false, PerSeed(g, interior)),
            new SeedSeries($"{g.Key.Method} | extremes", "held-out MAE (years) on the extreme domains d0 and d" + extremes[1], false, PerSeed(g, extremes)),
        }).ToList();

        var perDomain = PerDomain(setup, folds);
        var columns = new List<string> { "held-out domain (θ)" };
        columns.AddRange(perDomain.Select(m => m.Method));
        var tableRows = Enumerable.Range(0, setup.Domains).Select(d =>
        {
            var cells = new List<string> { string.Create(CultureInfo.InvariantCulture, $"d{d} ({BrainAgeData.DomainParameter(d, setup.Domains):+0.00;-0.00})") };
            cells.AddRange(perDomain.Select(m => ResultsWriter.Format(m.PerDomain[d])));
            return (IReadOnlyList<string>)cells;
        }).ToList();
        var sourceRows = folds.GroupBy(f => f.Method)
            .Select(g => (IReadOnlyList<string>)[g.Key, ResultsWriter.Format(g.Average(f => f.SourceMae)), ResultsWriter.Format(g.Average(f => f.Mae))])
            .ToList();
        return new ExperimentResults("HyDA", "held-out MAE (years)", HigherIsBetter: false, rows)
        {
            Seeds = setup.Seeds,
            Size = options.SizeName,
            Series = series,
            Details =
            [
                new DetailTable("Held-out MAE per domain (years, mean over seeds)", columns, tableRows),
                new DetailTable("Source (training domains) vs held-out MAE (years, mean over folds and seeds)", ["method", "source MAE", "held-out MAE"], sourceRows),
            ],
            Notes =
            [
                $"{options.SizeName} run: {setup.Domains} domains, {setup.TrainPerDomain} training and {setup.TestPerDomain} test subjects per domain, {setup.Features} features",
                $"seeds {string.Join(", ", setup.Seeds)} (each new scanner physics, subjects and initialisations); {setup.Training.Epochs} epochs, batch {setup.Training.BatchSize}, AdamW lr {setup.Training.LearningRate.ToString(CultureInfo.InvariantCulture)}, weight decay {setup.Training.WeightDecay.ToString(CultureInfo.InvariantCulture)}, cosine schedule, the same for every method",
                "value per seed = mean over the held-out domains of the MAE on that domain; std = across seeds",
                "tuning: hyda_tuned.hyp is hyda.hyp after about ten variants searched for HyDA alone on seed 1 of the quick size (norm, bound, body depth, detached embedding, L2 weight, domain-loss weights, epochs); the baseline got no search",
                string.Create(CultureInfo.InvariantCulture, $"wall time {elapsed.TotalSeconds:0} s on {options.SelectDevice().type}"),
            ],
        }.WithClaims(claims => Claims(claims, interior.Count));
    }

    static IReadOnlyList<Claim> Claims(ClaimBuilder claims, int interiorCount) =>
    [
        claims.Better("tuned-interior",
            $"hyda_tuned.hyp: held-out MAE below the no-adaptation baseline on the {interiorCount} interior (interpolated) scanners, the paper's claim",
            $"{TunedName} | interior", $"{BaselineName} | interior"),
        claims.Better("tuned-extremes",
            "hyda_tuned.hyp: held-out MAE below the baseline on the two extreme scanners (extrapolation)",
            $"{TunedName} | extremes", $"{BaselineName} | extremes"),
        claims.Better("tuned-all",
            "hyda_tuned.hyp: mean held-out MAE over all domains below the baseline",
            TunedName, BaselineName),
        claims.Better("seed-settings-interior",
            "hyda.hyp (the seed paper's settings): held-out MAE below the baseline on the interior scanners",
            $"{SeedName} | interior", $"{BaselineName} | interior"),
        claims.Better("seed-settings-extremes",
            "hyda.hyp: held-out MAE below the baseline on the two extreme scanners",
            $"{SeedName} | extremes", $"{BaselineName} | extremes"),
    ];

    /// <summary>curves.png: mean training loss per epoch for each method, and held-out MAE per domain as bars.</summary>
    public static void SaveFigure(string directory, HydaSetup setup, IReadOnlyList<FoldResult> folds)
    {
        var curves = folds.GroupBy(f => f.Method)
            .Select(g => new Curve(g.Key, Enumerable.Range(0, setup.Training.Epochs).Select(e => g.Average(f => f.EpochLosses[e])).ToArray()))
            .ToList();
        var bars = new MetricBars("held-out MAE per domain (years)", HigherIsBetter: false,
            Enumerable.Range(0, setup.Domains).Select(d => $"d{d}").ToList(),
            folds.GroupBy(f => f.Method).Select(g => new MetricSeries(g.Key,
                Enumerable.Range(0, setup.Domains).Select(d => (IReadOnlyList<double>)g.Where(f => f.HeldOut == d).Select(f => f.Mae).ToList()).ToList())).ToList());
        CurvesFigure.Save(directory, "HyDA", [new CurvePanel("training loss (mean over folds)", curves), bars]);
    }
}

using System.Globalization;
using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>Turns the runs into results.json rows (OOD-detection AUC), the variance table and the figure.</summary>
public static class UncertaintyReport
{
    /// <summary>The results: one row per method, value = AUC of the predictive variance as an OOD score, mean over seeds, std across seeds.</summary>
    public static ExperimentResults Build(IReadOnlyList<UncertaintyRun> runs, EnsembleSettings settings, IReadOnlyList<int> seeds, string size, TimeSpan elapsed)
    {
        var groups = runs.GroupBy(r => (r.Method, r.Kind)).ToList();
        // Runs come seed by seed in the order of seeds, so each group's runs are in seed order.
        var rows = groups.Select(g => new ResultRow(g.Key.Method, g.Key.Kind, g.Select(r => r.Auc).ToList())).ToList();
        var series = groups.SelectMany(g => new[]
        {
            new SeedSeries($"{g.Key.Method} | ID MSE", "in-distribution MSE of the ensemble mean", false, g.Select(r => r.InDistributionMse).ToList()),
            new SeedSeries($"{g.Key.Method} | ID variance", "mean predictive variance in distribution", true, g.Select(r => r.InDistributionVariance).ToList()),
            new SeedSeries($"{g.Key.Method} | OOD variance", "mean predictive variance out of distribution", true, g.Select(r => r.OutOfDistributionVariance).ToList()),
        }).ToList();
        string F(double v) => ResultsWriter.Format(v);
        return new ExperimentResults("NoiseEnsemble", "OOD-detection AUC of predictive variance", HigherIsBetter: true, rows)
        {
            Seeds = seeds,
            Size = size,
            Series = series,
            Details =
            [
                new DetailTable("Predictive variance in and out of distribution (mean over seeds)",
                    ["method", "ID variance", "OOD variance", "OOD / ID", "ID MSE of the mean"],
                    groups.Select(g => (IReadOnlyList<string>)
                    [
                        g.Key.Method, F(g.Average(r => r.InDistributionVariance)), F(g.Average(r => r.OutOfDistributionVariance)),
                        F(g.Average(r => r.VarianceRatio)), F(g.Average(r => r.InDistributionMse)),
                    ]).ToList()),
            ],
            Notes =
            [
                string.Create(CultureInfo.InvariantCulture,
                    $"{size} run: {settings.TrainCount} training inputs ~ N(0, I_8); ID test ~ N(0, I_8); OOD test ~ N(0, {NoiseData.OutOfDistributionScale}² I_8); k = {settings.Samples} draws (noise samples, dropout masks, ensemble members)"),
                string.Create(CultureInfo.InvariantCulture,
                    $"seeds {string.Join(", ", seeds)}; {settings.Training.Epochs} epochs; entropy weight λ = {EnsembleMethods.EntropyWeight}; value = AUC of the predictive variance as an OOD score, mean over seeds, std across seeds"),
                "tuning: λ was chosen for the noise ensemble on earlier quick runs of the evaluation seeds (0.01, 0.1, 0.3, 1 tried); MC dropout's rate (0.2) and the deep ensemble were not searched; every method trains with the same epochs, batch and optimiser",
                "cost: the noise ensemble and MC dropout are one training each; the deep ensemble is k trainings",
                string.Create(CultureInfo.InvariantCulture, $"wall time {elapsed.TotalSeconds:0} s"),
            ],
        }.WithClaims(Claims);
    }

    /// <summary>Row name of the noise ensemble with the entropy term (the example's method).</summary>
    public const string NoiseEnsembleRow = "noise ensemble (noise.hyp)";

    /// <summary>Row name of the noise ensemble trained on the declared loss alone.</summary>
    public const string NoiseEnsembleWithoutEntropyRow = "noise ensemble (noise.hyp), no entropy term";

    /// <summary>Row name of the MC-dropout baseline.</summary>
    public const string McDropoutRow = "MC dropout";

    /// <summary>Non-inferiority margin of "at least as well as MC dropout": one AUC point, fixed before the five-seed runs.</summary>
    public const double AucMargin = 0.01;

    static IReadOnlyList<Claim> Claims(ClaimBuilder claims) =>
    [
        claims.NonInferior("ood-auc-vs-mc-dropout",
            $"The noise ensemble's predictive variance (entropy term λ = {EnsembleMethods.EntropyWeight.ToString(CultureInfo.InvariantCulture)}) separates out-of-distribution from in-distribution inputs (AUC) at least as well as MC dropout, at one training's cost like it: non-inferior by less than {AucMargin.ToString(CultureInfo.InvariantCulture)} AUC (its in-distribution MSE is in the series '| ID MSE')",
            NoiseEnsembleRow, McDropoutRow, AucMargin),
        claims.NonInferior("ood-auc-vs-mc-dropout-declared-loss",
            $"The same for the noise ensemble trained on noise.hyp's declared loss alone (no entropy term): AUC non-inferior to MC dropout by less than {AucMargin.ToString(CultureInfo.InvariantCulture)}",
            NoiseEnsembleWithoutEntropyRow, McDropoutRow, AucMargin),
        claims.Better("variance-larger-ood",
            "The noise ensemble's mean predictive variance is larger out of distribution than in distribution",
            $"{NoiseEnsembleRow} | OOD variance", $"{NoiseEnsembleRow} | ID variance"),
    ];

    /// <summary>curves.png: mean training loss per epoch for each method, and mean predictive variance in and out of distribution as bars.</summary>
    public static void SaveFigure(string directory, IReadOnlyList<UncertaintyRun> runs, EnsembleSettings settings)
    {
        var groups = runs.GroupBy(r => r.Method).ToList();
        var curves = groups.Select(g => new Curve(g.Key, Enumerable.Range(0, settings.Training.Epochs).Select(e => g.Average(r => r.EpochLosses[e])).ToArray())).ToList();
        // Larger is better only out of distribution; the bars show both so the ratio (the metric) can be read off.
        var variance = new MetricBars("mean predictive variance, out of distribution", HigherIsBetter: true, ["in distribution", "out of distribution"],
            groups.Select(g => new MetricSeries(g.Key,
                [g.Select(r => r.InDistributionVariance).ToList(), g.Select(r => r.OutOfDistributionVariance).ToList()])).ToList());
        var auc = new MetricBars("out-of-distribution detection AUC", HigherIsBetter: true, [""],
            groups.Select(g => new MetricSeries(g.Key, [g.Select(r => r.Auc).ToList()])).ToList());
        CurvesFigure.Save(directory, "Noise ensemble (mean over seeds)", [new CurvePanel("training objective", curves), auc, variance]);
    }
}

using System.Globalization;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>Turns the runs into results.json rows (OOD-detection AUC), the variance table and the figure.</summary>
public static class UncertaintyReport
{
    /// <summary>The results: one row per method, value = AUC of the predictive variance as an OOD score, mean over seeds, std across seeds.</summary>
    public static ExperimentResults Build(IReadOnlyList<UncertaintyRun> runs, EnsembleSettings settings, IReadOnlyList<int> seeds, string size, TimeSpan elapsed)
    {
        var groups = runs.GroupBy(r => (r.Method, r.Kind)).ToList();
        var rows = groups.Select(g =>
        {
            var (mean, std) = Metric.MeanStd(g.Select(r => r.Auc).ToList());
            return new ResultRow(g.Key.Method, g.Key.Kind, mean, std);
        }).ToList();
        string F(double v) => ResultsWriter.Format(v);
        return new ExperimentResults("NoiseEnsemble", "OOD-detection AUC of predictive variance", HigherIsBetter: true, rows)
        {
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
                string.Create(CultureInfo.InvariantCulture, $"wall time {elapsed.TotalSeconds:0} s"),
            ],
        };
    }

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

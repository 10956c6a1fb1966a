using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>Turns runs into results (regression rows, classification series), the claims, a comparison table and the figure.</summary>
public static class FusionReport
{
    /// <summary>Row name of the generated model.</summary>
    public const string HyperFusionName = "HyperFusion (hyperfusion.hyp)";

    /// <summary>
    /// Results: rows = test MAE of the regression target per seed; series <c>method | test AUC</c> = the classification
    /// target per seed; claims: HyperFusion better than each baseline on each target.
    /// </summary>
    public static ExperimentResults Build(FusionSetup setup, IReadOnlyList<FusionRun> runs, ExperimentOptions options, TimeSpan elapsed)
    {
        // Runs come seed by seed, so each method's runs of a target are in seed order.
        IEnumerable<IGrouping<(string Method, MethodKind Kind), FusionRun>> Methods(FusionTarget target) =>
            runs.Where(r => r.Target == target).GroupBy(r => (r.Method, r.Kind));
        var rows = Methods(FusionTarget.Regression).Select(g => new ResultRow(g.Key.Method, g.Key.Kind, g.Select(r => r.Metric).ToList())).ToList();
        var classification = Methods(FusionTarget.Classification)
            .Select(g => new SeedSeries(ClassificationName(g.Key.Method), "classification test AUC", HigherIsBetter: true, g.Select(r => r.Metric).ToList())).ToList();
        var baselines = rows.Where(r => r.Kind == MethodKind.Baseline).Select(r => r.Method).ToList();
        var results = new ExperimentResults("HyperFusion", FusionTraining.MetricName(FusionTarget.Regression), HigherIsBetter: false, rows)
        {
            Seeds = setup.Seeds,
            Size = options.SizeName,
            Series = classification,
            Notes =
            [
                $"{options.SizeName} run: {setup.TrainCount} training and {setup.TestCount} test subjects, images 1x{setup.Architecture.ImageSize}x{setup.Architecture.ImageSize}, {setup.TabularColumns} tabular columns",
                "target: y = sum_k s_k a_k + 0.3 s_0 (s_k tabular, a_k image pattern amplitudes); classification label y > 0 (AUC in the series 'method | test AUC')",
                $"seeds {string.Join(", ", setup.Seeds)}, each new subjects and initialisations; {setup.Training.Epochs} epochs, batch {setup.Training.BatchSize}, AdamW lr {setup.Training.LearningRate}, weight decay {setup.Training.WeightDecay}, the same for every method; nothing was searched for any method",
                $"wall time {elapsed.TotalSeconds:0} s",
            ],
        };
        results = results with { Details = [BothTargets(results)] };
        return results.WithClaims(claims =>
        [
            ClaimBuilder.All("regression-above-every-baseline",
                "Regression (test MAE): HyperFusion is better than image-only, tabular-only and concatenation fusion (each a paired comparison; all must hold)",
                baselines.Select(b => claims.Test(ClaimRule.Better, HyperFusionName, b)).ToArray()),
            ClaimBuilder.All("classification-above-every-baseline",
                "Classification (test AUC): HyperFusion is better than image-only, tabular-only and concatenation fusion (each a paired comparison; all must hold)",
                baselines.Select(b => claims.Test(ClaimRule.Better, ClassificationName(HyperFusionName), ClassificationName(b))).ToArray()),
        ]);
    }

    static string ClassificationName(string method) => $"{method} | test AUC";

    /// <summary>A table with both targets side by side, for results.md and the terminal.</summary>
    static DetailTable BothTargets(ExperimentResults results) => new(
        "Both targets (mean ± std across seeds)",
        ["method", results.Metric + " (lower is better)", "test AUC (higher is better)"],
        results.Rows.Select(r =>
        {
            var auc = results.PerSeed(ClassificationName(r.Method));
            var (mean, std) = Shared.Metrics.Metric.MeanStd(auc);
            return (IReadOnlyList<string>)[r.Method, $"{ResultsWriter.Format(r.Value)} ± {ResultsWriter.Format(r.Std)}", $"{ResultsWriter.Format(mean)} ± {ResultsWriter.Format(std)}"];
        }).ToList());

    /// <summary>
    /// curves.png: each target's training loss per method (mean over seeds), and each target's test metric as bars with
    /// error bars across seeds, one panel per metric.
    /// </summary>
    public static void SaveFigure(string directory, FusionSetup setup, IReadOnlyList<FusionRun> runs)
    {
        CurvePanel Curves(FusionTarget target, string quantity) => new(quantity, runs.Where(r => r.Target == target).GroupBy(r => r.Method)
            .Select(g => new Curve(g.Key, Enumerable.Range(0, setup.Training.Epochs).Select(e => g.Average(r => r.EpochLosses[e])).ToArray()))
            .ToList());
        MetricBars Bars(FusionTarget target) => new(FusionTraining.MetricName(target), target == FusionTarget.Classification, [""],
            runs.Where(r => r.Target == target).GroupBy(r => r.Method).Select(g => new MetricSeries(g.Key, [g.Select(r => r.Metric).ToList()])).ToList());
        CurvesFigure.Save(directory, "HyperFusion (mean over seeds)",
        [
            Curves(FusionTarget.Regression, "regression training MSE"),
            Curves(FusionTarget.Classification, "classification training BCE"),
            Bars(FusionTarget.Regression),
            Bars(FusionTarget.Classification),
        ]);
    }
}

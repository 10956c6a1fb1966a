using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>Turns runs into results (one file per target), a comparison table and the figure.</summary>
public static class FusionReport
{
    /// <summary>Results of one target: value = mean over seeds, std = across seeds.</summary>
    public static ExperimentResults Build(FusionTarget target, FusionSetup setup, IReadOnlyList<FusionRun> runs, ExperimentOptions options, TimeSpan elapsed)
    {
        var rows = runs.Where(r => r.Target == target)
            .GroupBy(r => (r.Method, r.Kind))
            .Select(g =>
            {
                var (mean, std) = Metric.MeanStd(g.Select(r => r.Metric).ToList());
                return new ResultRow(g.Key.Method, g.Key.Kind, mean, std);
            }).ToList();
        var name = target == FusionTarget.Regression ? "HyperFusion" : "HyperFusion (classification)";
        return new ExperimentResults(name, FusionTraining.MetricName(target), HigherIsBetter: target == FusionTarget.Classification, rows)
        {
            Notes =
            [
                $"{options.SizeName} run: {setup.TrainCount} training and {setup.TestCount} test subjects, images 1x{setup.Architecture.ImageSize}x{setup.Architecture.ImageSize}, {setup.TabularColumns} tabular columns",
                $"target: y = sum_k s_k a_k + 0.3 s_0 (s_k tabular, a_k image pattern amplitudes); classification label y > 0",
                $"seeds {string.Join(", ", setup.Seeds)}; {setup.Training.Epochs} epochs, batch {setup.Training.BatchSize}; value = mean over seeds, std across seeds",
                $"wall time {elapsed.TotalSeconds:0} s",
            ],
        };
    }

    /// <summary>A table with both targets side by side, for the main results.md and the terminal.</summary>
    public static DetailTable BothTargets(ExperimentResults regression, ExperimentResults classification) => new(
        "Both targets",
        ["method", regression.Metric + " (lower is better)", classification.Metric + " (higher is better)"],
        regression.Rows.Select(r => (IReadOnlyList<string>)
        [
            r.Method,
            $"{ResultsWriter.Format(r.Value)} ± {ResultsWriter.Format(r.Std)}",
            classification.Rows.Where(c => c.Method == r.Method).Select(c => $"{ResultsWriter.Format(c.Value)} ± {ResultsWriter.Format(c.Std)}").FirstOrDefault() ?? "-",
        ]).ToList());

    /// <summary>
    /// curves.png: each target's training loss per method (mean over seeds), and each target's test metric as bars with
    /// error bars across seeds, one panel per metric.
    /// </summary>
    public static void SaveFigure(string directory, FusionSetup setup, IReadOnlyList<FusionRun> runs, ExperimentResults regression, ExperimentResults classification)
    {
        CurvePanel Curves(FusionTarget target, string quantity) => new(quantity, runs.Where(r => r.Target == target).GroupBy(r => r.Method)
            .Select(g => new Curve(g.Key, Enumerable.Range(0, setup.Training.Epochs).Select(e => g.Average(r => r.EpochLosses[e])).ToArray()))
            .ToList());
        MetricBars Bars(FusionTarget target, ExperimentResults results) => new(results.Metric, results.HigherIsBetter, [""],
            results.Rows.Select(row => new MetricSeries(row.Method,
                [runs.Where(r => r.Target == target && r.Method == row.Method).Select(r => r.Metric).ToList()])).ToList());
        CurvesFigure.Save(directory, "HyperFusion (mean over seeds)",
        [
            Curves(FusionTarget.Regression, "regression training MSE"),
            Curves(FusionTarget.Classification, "classification training BCE"),
            Bars(FusionTarget.Regression, regression),
            Bars(FusionTarget.Classification, classification),
        ]);
    }
}

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

    /// <summary>curves.png: regression training loss per method, and bars of both targets' metrics.</summary>
    public static void SaveFigure(string directory, FusionSetup setup, IReadOnlyList<FusionRun> runs, ExperimentResults regression, ExperimentResults classification)
    {
        var curves = runs.Where(r => r.Target == FusionTarget.Regression).GroupBy(r => r.Method)
            .Select(g => new Curve(g.Key, Enumerable.Range(0, setup.Training.Epochs).Select(e => g.Average(r => r.EpochLosses[e])).ToArray()))
            .ToList();
        var bars = new BarGroups("test metric per target", "metric", [regression.Metric, classification.Metric],
            regression.Rows.Select(r => (r.Method, (IReadOnlyList<double>)
                [r.Value, classification.Rows.FirstOrDefault(c => c.Method == r.Method)?.Value ?? 0])).ToList());
        CurvesFigure.Save(directory, "HyperFusion: regression training loss (mean over seeds)", "training MSE", curves, bars);
    }
}

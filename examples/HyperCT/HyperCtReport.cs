using System.Globalization;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.HyperCT;

/// <summary>Turns the seeds' runs into results, a per-task table and the figure.</summary>
public static class HyperCtReport
{
    /// <summary>The primary metric.</summary>
    public const string MetricName = "mean test AUC over tasks";

    /// <summary>Rows: value = mean over seeds of the mean test AUC over tasks; std across seeds.</summary>
    public static ExperimentResults Build(HyperCtSetup setup, IReadOnlyList<SeedRun> seeds, ExperimentOptions options, TimeSpan elapsed)
    {
        var methods = seeds.SelectMany(s => s.Methods).GroupBy(m => (m.Method, m.Kind)).ToList();
        var rows = methods.Select(g =>
        {
            var (mean, std) = Metric.MeanStd(g.Select(r => r.TaskAuc.Average()).ToList());
            return new ResultRow(g.Key.Method, g.Key.Kind, mean, std);
        }).ToList();

        var perTask = new DetailTable("Test AUC per task (mean over seeds)",
            ["task", .. methods.Select(g => g.Key.Method)],
            Enumerable.Range(0, setup.TaskCount).Select(t => (IReadOnlyList<string>)
                [$"{t}: {ShapeTasks.All[t].Name}", .. methods.Select(g => ResultsWriter.Format(g.Average(r => r.TaskAuc[t])))]).ToList());
        var cost = new DetailTable("Trainable parameters and model selection",
            ["method", "trainable parameters", "best epoch (mean over seeds)"],
            methods.Select(g => (IReadOnlyList<string>)
                [g.Key.Method, g.First().Parameters.ToString("N0", CultureInfo.InvariantCulture), g.Average(r => r.Curve.BestEpoch + 1).ToString("0.0", CultureInfo.InvariantCulture)]).ToList());

        var t = setup.Training;
        return new ExperimentResults("HyperCT", MetricName, HigherIsBetter: true, rows)
        {
            Details = [perTask, cost],
            Notes =
            [
                $"{options.SizeName} run, seeds {string.Join(", ", setup.Seeds)}; value = mean over seeds of the mean test AUC over {setup.TaskCount} tasks, std across seeds",
                $"data: 1x16x16 synthetic images with up to four shapes (blob, square, stripes, cross), one per quadrant; per task {setup.TrainPerTask} training, {setup.ValidationPerTask} validation and {setup.TestPerTask} test images, each half positive",
                $"tasks in id order: {string.Join("; ", ShapeTasks.All.Take(setup.TaskCount).Select(t => t.Rule))}",
                $"backbone: hyperct_small.hyp (ViT, 4 blocks, width 64, 4 heads, 4x4 patches) pretrained on {setup.PretextCount} images to name the shape families present ({setup.Pretext.Epochs} epochs; pretext test accuracy {string.Join(", ", seeds.Select(s => s.Backbone.PretextAccuracy.ToString("0.000", CultureInfo.InvariantCulture)))}), then frozen",
                $"all methods: rank-4 LoRA on q, v, fc1, fc2 of every block and the same trainable per-task head (one logit per task); AdamW lr {t.LearningRate.ToString(CultureInfo.InvariantCulture)}, weight decay {t.WeightDecay.ToString(CultureInfo.InvariantCulture)}, cosine schedule, {t.PerTaskBatch} examples of every task per step, {t.Epochs} epochs x {t.StepsPerEpoch} steps; the epoch with the best mean validation AUC is kept (single-task models: the best epoch of each task; they share no parameter and are trained side by side with summed per-task losses, which gives each exactly its single-task updates)",
                $"wall time {elapsed.TotalSeconds:0} s",
            ],
        };
    }

    /// <summary>curves.png: training BCE and validation AUC per epoch (mean over seeds) and test AUC per task.</summary>
    public static void SaveFigure(string directory, HyperCtSetup setup, IReadOnlyList<SeedRun> seeds)
    {
        var methods = seeds.SelectMany(s => s.Methods).GroupBy(m => m.Method).ToList();
        var epochs = setup.Training.Epochs;
        var losses = methods.Select(g => new Curve(ShortName(g.Key), Enumerable.Range(0, epochs).Select(e => g.Average(r => r.Curve.Losses[e])).ToArray())).ToList();
        var validation = methods.Select(g => new Curve(ShortName(g.Key), Enumerable.Range(0, epochs).Select(e => g.Average(r => r.Curve.ValidationAuc[e])).ToArray())).ToList();
        var bars = new MetricBars("test AUC per task", HigherIsBetter: true,
            Enumerable.Range(0, setup.TaskCount).Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList(),
            methods.Select(g => new MetricSeries(ShortName(g.Key),
                Enumerable.Range(0, setup.TaskCount).Select(t => (IReadOnlyList<double>)g.Select(r => r.TaskAuc[t]).ToList()).ToList())).ToList());
        CurvesFigure.Save(directory, "HyperCT (mean over seeds)",
            [new CurvePanel("training BCE", losses), new CurvePanel("validation AUC (higher is better)", validation), bars]);
    }

    static string ShortName(string method) => method.Split(':')[0];
}

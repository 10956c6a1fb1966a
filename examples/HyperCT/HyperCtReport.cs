using System.Globalization;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.HyperCT;

/// <summary>Turns the seeds' runs into results, a per-task table and the figure.</summary>
public static class HyperCtReport
{
    /// <summary>The primary metric.</summary>
    public const string MetricName = "mean test AUC over tasks";

    /// <summary>Non-inferiority margin of "within 1.5 AUC points of per-task LoRA".</summary>
    public const double StlMargin = 0.015;

    /// <summary>
    /// Rows: per seed the mean test AUC over tasks (in distribution); series <c>method | prospective</c>: the same on the
    /// shifted test set; claims compare the hypernetwork with every baseline, paired over seeds.
    /// </summary>
    public static ExperimentResults Build(HyperCtSetup setup, IReadOnlyList<SeedRun> seeds, ExperimentOptions options, TimeSpan elapsed)
    {
        // Each method's runs are in seed order (seeds run one after the other).
        var methods = seeds.SelectMany(s => s.Methods).GroupBy(m => (m.Method, m.Kind)).ToList();
        var rows = methods.Select(g => new ResultRow(g.Key.Method, g.Key.Kind, g.Select(r => r.TaskAuc.Average()).ToList())).ToList();
        var prospective = methods.Select(g => new SeedSeries(Prospective(g.Key.Method), "mean prospective (shifted) test AUC over tasks", true,
            g.Select(r => r.ProspectiveAuc.Average()).ToList())).ToList();

        var perTask = new DetailTable("Test AUC per task (mean over seeds; in distribution / prospective)",
            ["task", .. methods.Select(g => g.Key.Method)],
            Enumerable.Range(0, setup.TaskCount).Select(t => (IReadOnlyList<string>)
                [$"{t}: {ShapeTasks.All[t].Name}", .. methods.Select(g => $"{ResultsWriter.Format(g.Average(r => r.TaskAuc[t]))} / {ResultsWriter.Format(g.Average(r => r.ProspectiveAuc[t]))}")]).ToList());
        var cost = new DetailTable("Trainable parameters and model selection",
            ["method", "trainable parameters", "best epoch (mean over seeds)"],
            methods.Select(g => (IReadOnlyList<string>)
                [g.Key.Method, g.First().Parameters.ToString("N0", CultureInfo.InvariantCulture), g.Average(r => r.Curve.BestEpoch + 1).ToString("0.0", CultureInfo.InvariantCulture)]).ToList());

        var t = setup.Training;
        var p = Acquisition.Prospective;
        return new ExperimentResults("HyperCT", MetricName, HigherIsBetter: true, rows)
        {
            Seeds = setup.Seeds,
            Size = options.SizeName,
            Series = prospective,
            Details = [perTask, cost],
            Notes =
            [
                $"{options.SizeName} run, seeds {string.Join(", ", setup.Seeds)} (each: new images, pretraining, initialisations); value = mean over seeds of the mean test AUC over {setup.TaskCount} tasks, std across seeds",
                $"data: 1x16x16 synthetic images with up to four shapes (blob, square, stripes, cross), one per quadrant, comorbid (one latent burden per image raises every shape's chance); per task {setup.TrainPerTask} training, {setup.ValidationPerTask} validation and {setup.TestPerTask} test images, each half positive",
                string.Create(CultureInfo.InvariantCulture, $"prospective test set: {setup.TestPerTask} more images per task acquired differently (noise {p.NoiseStd}, brightness {p.MinBrightness}-{p.MaxBrightness}, background offset ±{p.MaxOffset}; training and in-distribution test: noise {Acquisition.Retrospective.NoiseStd}, brightness {Acquisition.Retrospective.MinBrightness}-{Acquisition.Retrospective.MaxBrightness}, offset ±{Acquisition.Retrospective.MaxOffset})"),
                $"tasks in id order: {string.Join("; ", ShapeTasks.All.Take(setup.TaskCount).Select(t => t.Rule))}",
                $"backbone: hyperct_small.hyp (ViT, 4 blocks, width 64, 4 heads, 4x4 patches) pretrained on {setup.PretextCount} images to name the shape families present ({setup.Pretext.Epochs} epochs; pretext test accuracy {string.Join(", ", seeds.Select(s => s.Backbone.PretextAccuracy.ToString("0.000", CultureInfo.InvariantCulture)))}), then frozen",
                $"all methods: rank-4 LoRA on q, v, fc1, fc2 of every block and the same trainable per-task head (one logit per task); AdamW lr {t.LearningRate.ToString(CultureInfo.InvariantCulture)}, weight decay {t.WeightDecay.ToString(CultureInfo.InvariantCulture)}, cosine schedule, {t.PerTaskBatch} examples of every task per step, {t.Epochs} epochs x {t.StepsPerEpoch} steps; the epoch with the best mean validation AUC is kept (single-task models: the best epoch of each task; they share no parameter and are trained side by side with summed per-task losses, which gives each exactly its single-task updates)",
                "uncertainty weighting: loss Σ_t exp(−s_t)·L_t + s_t/2, s_t = log σ_t² learned per task from 0",
                "tuning: on this task set nothing was searched for any method (the shared settings above); on earlier task sets variants were tried for the hypernetwork and learning rates for per-task LoRA (HISTORY.md)",
                $"wall time {elapsed.TotalSeconds:0} s",
            ],
        }.WithClaims(claims =>
        [
            claims.Better("above-equal-weighting",
                "In distribution, hypernetwork LoRA's mean test AUC is above equal-weight multi-task learning (one shared LoRA, per-task heads)",
                HyperCtRuns.HypernetName, HyperCtRuns.SharedName),
            claims.Better("above-uncertainty-weighting",
                "In distribution, hypernetwork LoRA's mean test AUC is above uncertainty-weighted multi-task learning (one shared LoRA, per-task heads)",
                HyperCtRuns.HypernetName, HyperCtRuns.UncertaintyName),
            claims.NonInferior("within-per-task-lora",
                $"In distribution, hypernetwork LoRA is within {(StlMargin * 100).ToString("0.0", CultureInfo.InvariantCulture)} AUC points of per-task LoRA (non-inferiority: the interval of HyperCT − STL lies above −{StlMargin.ToString(CultureInfo.InvariantCulture)})",
                HyperCtRuns.HypernetName, HyperCtRuns.SingleTaskName, StlMargin),
            claims.NonInferior("prospective-not-below-per-task-lora",
                "On the shifted (prospective) test set, hypernetwork LoRA is not below per-task LoRA (non-inferiority with margin 0: the interval of HyperCT − STL lies above 0)",
                Prospective(HyperCtRuns.HypernetName), Prospective(HyperCtRuns.SingleTaskName), 0),
        ]);
    }

    static string Prospective(string method) => $"{method} | prospective";

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

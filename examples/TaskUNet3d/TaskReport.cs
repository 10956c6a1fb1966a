using HyperDsl.Examples.Shared.Claims;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>One seed's outcome: hypernetwork training curve, held-out evaluation, in-distribution one-shot check.</summary>
public sealed record SeedRun(int Seed, double[] TrainingCurve, EvaluationRun HeldOut, EvaluationRun TrainTypes);

/// <summary>Turns the runs into results (held-out Dice per seed and method), per-type series, the claims, tables and the figure.</summary>
public static class TaskReport
{
    /// <summary>Points of each training curve in the figure.</summary>
    public const int CurvePoints = 20;

    /// <summary>
    /// Results: per seed and method the mean Dice over that seed's held-out query volumes; series <c>method | type</c>
    /// per held-out type for the one-shot and adapted U-Nets (the "most held-out tasks" claim).
    /// </summary>
    public static ExperimentResults Build(TaskSetup setup, IReadOnlyList<SeedRun> runs, ExperimentOptions options, TimeSpan elapsed)
    {
        var scores = runs.SelectMany(r => r.HeldOut.Scores).ToList();
        IReadOnlyList<double> PerSeed(string method, StructureType? type = null) =>
            runs.Select(r => r.HeldOut.Scores.Where(s => s.Method == method && (type is null || s.Task == type)).Average(s => s.Dice)).ToList();
        var rows = TaskMethods.Rows.Select(m => new ResultRow(m.Name, m.Kind, PerSeed(m.Name))).ToList();
        var series = new[] { TaskMethods.OneShot, TaskMethods.Adapted }
            .SelectMany(m => setup.HeldOutTypes.Select(t => new SeedSeries(PerType(m, t), $"held-out Dice on {t}", true, PerSeed(m, t))))
            .ToList();
        var inDistribution = runs.SelectMany(r => r.TrainTypes.Scores).Average(s => s.Dice);
        var perTask = new DetailTable("Held-out Dice per structure type (mean over seeds)",
            ["method", .. setup.HeldOutTypes.Select(t => t.ToString())],
            TaskMethods.Rows.Select(m => (IReadOnlyList<string>)
                [m.Name, .. setup.HeldOutTypes.Select(t => ResultsWriter.Format(scores.Where(s => s.Method == m.Name && s.Task == t).Average(s => s.Dice)))])
            .ToList());
        return new ExperimentResults("TaskUNet3d", "held-out Dice", HigherIsBetter: true, rows)
        {
            Seeds = setup.Seeds,
            Size = options.SizeName,
            Series = series,
            Details = [perTask],
            Notes =
            [
                $"{options.SizeName} run: volumes {setup.VolumeSize}^3 (task_unet3d_small.hyp), each with one target and 2 distractor structures of training types (intensity at least {SyntheticVolumes.MinContrast} from the target's episode appearance); per-volume gain, offset, background; noise sd 0.12",
                $"training types {string.Join(", ", setup.TrainTypes)}; held-out types {string.Join(", ", setup.HeldOutTypes)} (never seen by the hypernetwork, not even as distractors; Conv and All U-Net are trained on them by definition)",
                $"episodic training: {setup.Episodes} episodes x {setup.TasksPerEpisode} tasks, AdamW lr {setup.LearningRate} cosine, weight decay {TaskSetup.WeightDecay}, loss 0.2 support + 0.8 query Dice+BCE (as declared)",
                $"evaluation: {setup.EvalEpisodes} tasks per held-out type and seed, each with {TaskSetup.MaxShots} labelled pairs (the first is the support pair) and {setup.QueriesPerEpisode} query volumes; Dice of logits > 0 on the queries; value per seed = mean over its query volumes",
                "adaptation: the declared step (one gradient step, lr 0.01, on the support pair, hypernetwork fixed)",
                $"fine-tuning on N = {string.Join(", ", TaskSetup.FineTuneShots)} pairs: {setup.SupportSteps} AdamW steps on all N pairs at once (Dice+BCE, weight decay {TaskSetup.WeightDecay}), the same for Hyper and Rand U-Net; lr {setup.FineTuneLearningRate} from the generated U-Net, {setup.ScratchLearningRate} for Rand U-Net (random decoder and head, encoder and upsampling copied from the trained model)",
                $"Conv U-Net: random initialisation, {setup.ConvSteps} AdamW steps (cosine, lr {setup.ScratchLearningRate}) of {TaskSetup.BatchSize} volumes from {setup.ConvPairs} labelled pairs of the target type; All U-Net: the same optimiser for {setup.AllSteps} steps on fresh volumes of all six types, unconditioned",
                "tuning: no setting was searched for any method in this version; the hypernetwork's settings and the two fine-tuning learning rates are those of earlier versions (HISTORY.md)",
                $"in-distribution check: one-shot Dice on new volumes of the training types {ResultsWriter.Format(inDistribution)}",
                $"seeds {string.Join(", ", setup.Seeds)} (each: new volumes, initialisations, training); wall time {elapsed.TotalSeconds:0} s",
            ],
        }.WithClaims(claims => Claims(claims, setup));
    }

    static string PerType(string method, StructureType type) => $"{method} | {type}";

    static IReadOnlyList<Claim> Claims(ClaimBuilder claims, TaskSetup setup) =>
    [
        claims.Better("one-shot-above-rand-unet",
            "On held-out types, the one-shot Hyper U-Net is above Rand U-Net (shared encoder, random decoder) fine-tuned on the same support pair",
            TaskMethods.OneShot, TaskMethods.RandFineTuned(1)),
        claims.Better("one-shot-below-conv-unet",
            "On held-out types, the one-shot Hyper U-Net is below Conv U-Net trained fully on the target type (tested as Conv U-Net above the one-shot U-Net)",
            TaskMethods.Conv, TaskMethods.OneShot),
        ClaimBuilder.MostOf("adaptation-raises-most-types",
            $"The declared adaptation step raises Dice on most of the {setup.HeldOutTypes.Count} held-out types (each type its own paired test)",
            setup.HeldOutTypes.Select(t => claims.Test(ClaimRule.Better, PerType(TaskMethods.Adapted, t), PerType(TaskMethods.OneShot, t))).ToList()),
        ClaimBuilder.NotMeasured("no-norm-on-task-embedding",
            "Removing the norm on z_task lowers held-out Dice",
            "the task embedding comes from the support_mask condition (runtime SupportMaskEncoder), whose output is a linear projection with no norm to remove and no option for one; the ablation needs a runtime and language change (outside this example's host code) and a second episodic training per seed"),
        ClaimBuilder.NotMeasured("no-positional-embeddings",
            "Removing the task-specific positional embeddings lowers held-out Dice",
            "the support_mask condition (runtime SupportMaskEncoder) always adds a fixed sinusoidal encoding of each patch's position, not learned task-specific embeddings, and has no switch to drop it; the ablation needs a runtime and language change (outside this example's host code)"),
        ClaimBuilder.All("fine-tuning-beats-rand-unet",
            "Fine-tuning the generated U-Net on N = 2 and on N = 4 labelled pairs beats fine-tuning Rand U-Net on the same pairs with the same steps (both must hold)",
            claims.Test(ClaimRule.Better, TaskMethods.HyperFineTuned(2), TaskMethods.RandFineTuned(2)),
            claims.Test(ClaimRule.Better, TaskMethods.HyperFineTuned(4), TaskMethods.RandFineTuned(4))),
    ];

    /// <summary>curves.png: training losses (hypernetwork episodes; the fine-tunings' support steps) and held-out Dice per type.</summary>
    public static void SaveFigure(string directory, TaskSetup setup, IReadOnlyList<SeedRun> runs)
    {
        double[] Mean(Func<SeedRun, double[]> pick) =>
            Enumerable.Range(0, pick(runs[0]).Length).Select(i => runs.Average(r => pick(r)[i])).ToArray();
        var curves = new List<Curve> { new("hypernet episodic loss", Mean(r => r.TrainingCurve)) };
        if (runs[0].HeldOut.RandCurve.Length > 0)
        {
            curves.Add(new Curve("Rand U-Net fine-tuning: support loss", EpisodicTraining.Blocks(Mean(r => r.HeldOut.RandCurve), CurvePoints)));
            curves.Add(new Curve("Hyper U-Net fine-tuning: support loss", EpisodicTraining.Blocks(Mean(r => r.HeldOut.FineTuneCurve), CurvePoints)));
        }
        var scores = runs.SelectMany(r => r.HeldOut.Scores).ToList();
        var bars = new MetricBars("held-out Dice per structure type", HigherIsBetter: true, setup.HeldOutTypes.Select(t => t.ToString()).ToList(),
            TaskMethods.Rows.Select(m => new MetricSeries(m.Name, setup.HeldOutTypes
                .Select(t => (IReadOnlyList<double>)scores.Where(s => s.Method == m.Name && s.Task == t).GroupBy(s => s.Seed).Select(g => g.Average(s => s.Dice)).ToList())
                .ToList())).ToList());
        CurvesFigure.Save(directory, "TaskUNet3d",
            [new CurvePanel("training Dice + BCE", curves, $"block ({CurvePoints} blocks of each method's own steps)"), bars]);
    }
}

using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>One seed's outcome: hypernetwork training curve, held-out evaluation, in-distribution one-shot check.</summary>
public sealed record SeedRun(int Seed, double[] TrainingCurve, EvaluationRun HeldOut, EvaluationRun TrainTypes);

/// <summary>Turns the runs into results (mean held-out Dice per method), the claims, per-task tables and the figure.</summary>
public static class TaskReport
{
    /// <summary>Points of each training curve in the figure.</summary>
    public const int CurvePoints = 20;

    static readonly SupportMethod[] Methods = Enum.GetValues<SupportMethod>();

    /// <summary>Results: value = mean Dice over held-out query volumes (all seeds); std = across evaluation episodes (episode mean Dice).</summary>
    public static ExperimentResults Build(TaskSetup setup, IReadOnlyList<SeedRun> runs, ExperimentOptions options, TimeSpan elapsed)
    {
        var scores = runs.SelectMany(r => r.HeldOut.Scores).ToList();
        var rows = Methods.Select(m =>
        {
            var own = scores.Where(s => s.Method == m).ToList();
            var perEpisode = own.GroupBy(s => (s.Seed, s.Task, s.Episode)).Select(g => g.Average(s => s.Dice)).ToList();
            return new ResultRow(SupportEvaluation.Name(m), SupportEvaluation.Kind(m), own.Average(s => s.Dice), Metric.MeanStd(perEpisode).Std);
        }).ToList();
        double Mean(SupportMethod m) => rows[(int)m].Value;
        var inDistribution = runs.SelectMany(r => r.TrainTypes.Scores).Average(s => s.Dice);

        var perTask = new DetailTable("Held-out Dice per structure type",
            ["method", .. setup.HeldOutTypes.Select(t => t.ToString())],
            Methods.Select(m => (IReadOnlyList<string>)
                [SupportEvaluation.Name(m), .. setup.HeldOutTypes.Select(t => ResultsWriter.Format(scores.Where(s => s.Method == m && s.Task == t).Average(s => s.Dice)))])
            .ToList());
        var oneShot = Mean(SupportMethod.OneShot);
        var adapted = Mean(SupportMethod.Adapted);
        var scratch = Mean(SupportMethod.Scratch);
        var claims = new DetailTable("Claims",
            ["claim", "figures", "holds"],
            [
                ["one-shot beats scratch", $"{ResultsWriter.Format(oneShot)} vs {ResultsWriter.Format(scratch)}", oneShot > scratch ? "yes" : "no"],
                ["adaptation step does not hurt", $"{ResultsWriter.Format(adapted)} vs {ResultsWriter.Format(oneShot)} (Δ {adapted - oneShot:+0.0000;-0.0000;0})", adapted >= oneShot ? "yes" : "no"],
                ["best hypernet row beats every baseline", string.Join(", ", rows.Select(r => $"{ResultsWriter.Format(r.Value)}")), new ExperimentResults("", "", true, rows).HypernetBeatsEveryBaseline() ? "yes" : "no"],
            ]);
        return new ExperimentResults("TaskUNet3d", "held-out Dice", HigherIsBetter: true, rows)
        {
            Details = [claims, perTask],
            Notes =
            [
                $"{options.SizeName} run: volumes {setup.VolumeSize}^3 (task_unet3d_small.hyp), each with one target and 2 distractor structures of training types (intensity at least {SyntheticVolumes.MinContrast} from the target's episode appearance); per-volume gain, offset, background; noise sd 0.12",
                $"training types {string.Join(", ", setup.TrainTypes)}; held-out types {string.Join(", ", setup.HeldOutTypes)} (never seen in training, not even as distractors)",
                $"episodic training: {setup.Episodes} episodes x {setup.TasksPerEpisode} tasks, AdamW lr {setup.LearningRate} cosine, weight decay {TaskSetup.WeightDecay}, loss 0.2 support + 0.8 query Dice+BCE (as declared)",
                $"evaluation: {setup.EvalEpisodes} episodes per held-out type, one support pair and {setup.QueriesPerEpisode} query volumes each; Dice of logits > 0 on the queries",
                $"adaptation: the declared step (one gradient step, lr 0.01, on the support pair, hypernetwork fixed)",
                $"scratch (baseline) and materialised fine-tuning (hypernet row: its weights are generated): {setup.SupportSteps} AdamW steps on the support pair (Dice+BCE, weight decay {TaskSetup.WeightDecay}); scratch lr {setup.ScratchLearningRate}, fine-tuning lr {setup.FineTuneLearningRate}; mean support Dice after fitting: scratch {ResultsWriter.Format(runs.Average(r => r.HeldOut.ScratchSupportDice))}, fine-tuned {ResultsWriter.Format(runs.Average(r => r.HeldOut.FineTuneSupportDice))}",
                $"in-distribution check: one-shot Dice on new volumes of the training types {ResultsWriter.Format(inDistribution)}",
                $"seeds {string.Join(", ", setup.Seeds)}; value = mean over held-out query volumes of all seeds, std = across evaluation episodes; wall time {elapsed.TotalSeconds:0} s",
            ],
        };
    }

    /// <summary>curves.png: training losses (hypernetwork episodes; the baselines' support steps) and held-out Dice per type.</summary>
    public static void SaveFigure(string directory, TaskSetup setup, IReadOnlyList<SeedRun> runs, ExperimentResults results)
    {
        double[] Mean(Func<SeedRun, double[]> pick) =>
            Enumerable.Range(0, pick(runs[0]).Length).Select(i => runs.Average(r => pick(r)[i])).ToArray();
        var curves = new List<Curve>
        {
            new("hypernet episodic loss", Mean(r => r.TrainingCurve)),
        };
        if (runs[0].HeldOut.ScratchCurve.Length > 0)
        {
            curves.Add(new Curve("scratch: support loss", EpisodicTraining.Blocks(Mean(r => r.HeldOut.ScratchCurve), CurvePoints)));
            curves.Add(new Curve("fine-tuned materialised: support loss", EpisodicTraining.Blocks(Mean(r => r.HeldOut.FineTuneCurve), CurvePoints)));
        }
        var scores = runs.SelectMany(r => r.HeldOut.Scores).ToList();
        var bars = new MetricBars("held-out Dice per structure type", HigherIsBetter: true, setup.HeldOutTypes.Select(t => t.ToString()).ToList(),
            Methods.Select(m => new MetricSeries(SupportEvaluation.Name(m), setup.HeldOutTypes
                .Select(t => (IReadOnlyList<double>)scores.Where(s => s.Method == m && s.Task == t).GroupBy(s => s.Seed).Select(g => g.Average(s => s.Dice)).ToList())
                .ToList())).ToList());
        CurvesFigure.Save(directory, "TaskUNet3d",
            [new CurvePanel("training Dice + BCE", curves, $"block ({CurvePoints} blocks of each method's own steps)"), bars]);
    }
}

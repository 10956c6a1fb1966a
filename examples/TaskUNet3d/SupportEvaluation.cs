using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Runtime.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>The four compared ways to get a U-Net for a task from its one support pair.</summary>
public enum SupportMethod
{
    /// <summary>The hypernetwork's generated U-Net, used as is.</summary>
    OneShot,
    /// <summary>The generated U-Net after the declared adaptation step (one gradient step on the support pair).</summary>
    Adapted,
    /// <summary>A U-Net of the same architecture trained from random initialisation on the support pair.</summary>
    Scratch,
    /// <summary>The materialised generated U-Net (<c>Materialize</c>), every layer fine-tuned on the support pair.</summary>
    MaterializedFineTuned,
}

/// <summary>Dice of one method on one query volume of one evaluation episode.</summary>
public sealed record QueryScore(int Seed, StructureType Task, int Episode, SupportMethod Method, double Dice);

/// <summary>What evaluating one seed produced: query scores, the support-loss curves of the two trained baselines and their final support Dice.</summary>
public sealed record EvaluationRun(IReadOnlyList<QueryScore> Scores, double[] ScratchCurve, double[] FineTuneCurve, double ScratchSupportDice, double FineTuneSupportDice);

/// <summary>Scores the four methods on evaluation episodes: each gets only the episode's support pair.</summary>
public static class SupportEvaluation
{
    /// <summary>Display names of the methods (results rows).</summary>
    public static string Name(SupportMethod method) => method switch
    {
        SupportMethod.OneShot => "one-shot hypernet U-Net",
        SupportMethod.Adapted => "one-shot + adaptation step",
        SupportMethod.Scratch => "U-Net from scratch on the support pair",
        SupportMethod.MaterializedFineTuned => "materialised U-Net fine-tuned on the support pair",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>
    /// Results kind of each method. Every U-Net whose weights come from the hypernetwork is a hypernetwork row: the
    /// one-shot U-Net, its adapted version and the materialised U-Net fine-tuned on the support pair (the paper's own
    /// few-shot use of a generated U-Net as a task-informed initialisation). The only baseline is the same U-Net
    /// architecture trained from scratch on the support pair, which never sees the hypernetwork.
    /// </summary>
    public static MethodKind Kind(SupportMethod method) =>
        method == SupportMethod.Scratch ? MethodKind.Baseline : MethodKind.Hypernet;

    /// <summary>
    /// Scores every method on <paramref name="episodes"/>; with <paramref name="oneShotOnly"/> only the one-shot
    /// U-Net (used for the in-distribution check on training types).
    /// </summary>
    public static EvaluationRun Run(TaskUNet3dSmall model, IReadOnlyList<Episode> episodes, TaskSetup setup, int seed, Device device, IProgressTask progress, bool oneShotOnly = false)
    {
        model.eval();
        var scores = new List<QueryScore>();
        var scratchCurves = new List<double[]>();
        var fineTuneCurves = new List<double[]>();
        var scratchFit = new List<double>();
        var fineTuneFit = new List<double>();
        for (var e = 0; e < episodes.Count; e++)
        {
            using var scope = NewDisposeScope();
            var episode = episodes[e];
            var supportImage = SyntheticVolumes.Images([episode.Support], device);
            var supportMask = SyntheticVolumes.Masks([episode.Support], device);
            var condition = new TaskUNet3dSmallCondition(supportImage, supportMask);
            void Score(SupportMethod method, Func<Tensor, Tensor> predict)
            {
                using var noGrad = no_grad();
                for (var q = 0; q < episode.Queries.Count; q++)
                {
                    var logits = predict(SyntheticVolumes.Images([episode.Queries[q]], device));
                    scores.Add(new QueryScore(seed, episode.Task, e, method, Dice(logits, episode.Queries[q].Mask)));
                }
            }

            // Patch sampling in the support encoder draws from torch's generator: seed it per episode so every
            // method that generates weights sees the same embedding.
            void SeedEpisode() => torch.manual_seed(seed * 100_003L + e);
            SeedEpisode();
            using (no_grad())
            {
                var generated = model.Generate(condition);
                Score(SupportMethod.OneShot, query => model.unet.forward(query, generated));
            }
            if (oneShotOnly)
            {
                progress.Step();
                continue;
            }

            SeedEpisode();
            var adapted = model.Adapt(condition, supportImage, supportMask);
            Score(SupportMethod.Adapted, query => model.unet.forward(query, adapted));

            SeedEpisode();
            using (var scratch = new TaskUNet3dSmallNetwork(allTrainable: true))
            {
                scratch.to(device);
                var (curve, fit) = FitSupport(scratch, supportImage, supportMask, setup.SupportSteps, setup.ScratchLearningRate);
                scratchCurves.Add(curve);
                scratchFit.Add(fit);
                Score(SupportMethod.Scratch, query => scratch.forward(query));
            }

            SeedEpisode();
            using (var materialized = model.Materialize(condition))
            {
                var (curve, fit) = FitSupport(materialized, supportImage, supportMask, setup.SupportSteps, setup.FineTuneLearningRate);
                fineTuneCurves.Add(curve);
                fineTuneFit.Add(fit);
                Score(SupportMethod.MaterializedFineTuned, query => materialized.forward(query));
            }
            progress.Step();
        }
        return new EvaluationRun(scores, MeanCurve(scratchCurves), MeanCurve(fineTuneCurves),
            scratchFit.DefaultIfEmpty(double.NaN).Average(), fineTuneFit.DefaultIfEmpty(double.NaN).Average());
    }

    /// <summary>
    /// Trains every parameter of <paramref name="network"/> on the one support pair for <paramref name="steps"/> AdamW
    /// steps with the experiment's loss (Dice + BCE, as declared); returns the loss per step and the final support Dice.
    /// </summary>
    public static (double[] Losses, double SupportDice) FitSupport(TaskUNet3dSmallNetwork network, Tensor image, Tensor mask, int steps, double learningRate)
    {
        network.train();
        using var optimizer = optim.AdamW(network.parameters(), lr: learningRate, weight_decay: TaskSetup.WeightDecay);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = Losses.DiceBce(network.forward(image), mask);
            loss.backward();
            optimizer.step();
            losses[step] = loss.item<float>();
        }
        network.eval();
        using var noGrad = no_grad();
        using var logits = network.forward(image);
        var target = mask.flatten().to_type(ScalarType.Bool).data<bool>().ToArray();
        return (losses, Dice(logits, target));
    }

    /// <summary>Dice of the prediction logits &gt; 0 against <paramref name="target"/>.</summary>
    public static double Dice(Tensor logits, bool[] target)
    {
        var predicted = (logits > 0).flatten().cpu().data<bool>().ToArray();
        return Metric.Dice(predicted, target);
    }

    static double[] MeanCurve(List<double[]> curves) =>
        curves.Count == 0 ? [] : Enumerable.Range(0, curves[0].Length).Select(i => curves.Average(c => c[i])).ToArray();
}

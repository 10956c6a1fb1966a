using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using HyperDsl.Runtime.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>
/// A held-out task to evaluate on: labelled pairs (the first is the support pair the hypernetwork sees; fine-tuning on
/// N pairs uses the first N) and query volumes to score, all of one structure type and one episode appearance.
/// </summary>
public sealed record EvaluationTask(StructureType Task, int Index, IReadOnlyList<Volume> Shots, IReadOnlyList<Volume> Queries)
{
    /// <summary>An evaluation task from an episode with <c>shots − 1 + queries</c> query volumes: the first extra ones become pairs.</summary>
    public static EvaluationTask From(Episode episode, int index, int shots) =>
        new(episode.Task, index, [episode.Support, .. episode.Queries.Take(shots - 1)], episode.Queries.Skip(shots - 1).ToList());
}

/// <summary>Dice of one method on one query volume of one evaluation task.</summary>
public sealed record QueryScore(int Seed, StructureType Task, int Episode, string Method, double Dice);

/// <summary>Names and kinds of the compared methods (the results' rows).</summary>
public static class TaskMethods
{
    /// <summary>The generated U-Net from the support pair, used as is.</summary>
    public const string OneShot = "Hyper U-Net, one-shot";

    /// <summary>The generated U-Net after the declared adaptation step (one gradient step on the support pair).</summary>
    public const string Adapted = "Hyper U-Net, one-shot + adaptation step";

    /// <summary>A U-Net of the same architecture trained from random initialisation on many pairs of the target type.</summary>
    public const string Conv = "Conv U-Net (trained fully on the target type)";

    /// <summary>One unconditioned U-Net trained on every structure type, held-out ones included.</summary>
    public const string All = "All U-Net (trained on all types, unconditioned)";

    /// <summary>The materialised generated U-Net fine-tuned on <paramref name="shots"/> labelled pairs.</summary>
    public static string HyperFineTuned(int shots) => $"Hyper U-Net fine-tuned on N = {shots}";

    /// <summary>
    /// Rand U-Net: the hypernetwork's trained shared layers (encoder, upsampling) with randomly initialised decoder and
    /// head, fine-tuned on <paramref name="shots"/> labelled pairs (N = 1: the one-shot comparison).
    /// </summary>
    public static string RandFineTuned(int shots) => $"Rand U-Net (shared encoder, random decoder) fine-tuned on N = {shots}";

    /// <summary>Every method in row order, with its kind: rows whose weights come from the hypernetwork are hypernet rows.</summary>
    public static IReadOnlyList<(string Name, MethodKind Kind)> Rows { get; } =
    [
        (OneShot, MethodKind.Hypernet),
        (Adapted, MethodKind.Hypernet),
        .. TaskSetup.FineTuneShots.Select(n => (HyperFineTuned(n), MethodKind.Hypernet)),
        .. TaskSetup.FineTuneShots.Select(n => (RandFineTuned(n), MethodKind.Baseline)),
        (Conv, MethodKind.Baseline),
        (All, MethodKind.Baseline),
    ];
}

/// <summary>What evaluating one seed produced: query scores and the mean support-loss curves of the fine-tunings.</summary>
public sealed record EvaluationRun(IReadOnlyList<QueryScore> Scores, double[] RandCurve, double[] FineTuneCurve);

/// <summary>Scores every method on held-out evaluation tasks.</summary>
public static class SupportEvaluation
{
    /// <summary>
    /// Scores every method on <paramref name="tasks"/>: the one-shot and adapted generated U-Nets from the support pair,
    /// fine-tuning of the generated and of the Rand U-Net on N pairs, and the two U-Nets trained beforehand on the
    /// target types (<paramref name="conv"/>, one per type) and on all types (<paramref name="all"/>). With
    /// <paramref name="oneShotOnly"/> only the one-shot U-Net (the in-distribution check on training types).
    /// </summary>
    public static EvaluationRun Run(TaskUNet3dSmall model, IReadOnlyList<EvaluationTask> tasks, TaskSetup setup, int seed, Device device,
        IProgressTask progress, IReadOnlyDictionary<StructureType, TaskUNet3dSmallNetwork>? conv = null, TaskUNet3dSmallNetwork? all = null, bool oneShotOnly = false)
    {
        model.eval();
        var scores = new List<QueryScore>();
        var randCurves = new List<double[]>();
        var fineTuneCurves = new List<double[]>();
        foreach (var task in tasks)
        {
            using var scope = NewDisposeScope();
            var supportImage = SyntheticVolumes.Images([task.Shots[0]], device);
            var supportMask = SyntheticVolumes.Masks([task.Shots[0]], device);
            var condition = new TaskUNet3dSmallCondition(supportImage, supportMask);
            void Score(string method, Func<Tensor, Tensor> predict)
            {
                using var noGrad = no_grad();
                foreach (var query in task.Queries)
                    scores.Add(new QueryScore(seed, task.Task, task.Index, method, Dice(predict(SyntheticVolumes.Images([query], device)), query.Mask)));
            }

            // Patch sampling in the support encoder and the random decoder draw from torch's generator: seed it per
            // task so every method sees the same embedding and Rand U-Net's decoder depends on the task alone.
            void SeedTask() => torch.manual_seed(seed * 100_003L + (int)task.Task * 1_009L + task.Index);
            SeedTask();
            using (no_grad())
            {
                var generated = model.Generate(condition);
                Score(TaskMethods.OneShot, query => model.unet.forward(query, generated));
            }
            if (oneShotOnly)
            {
                progress.Step();
                continue;
            }

            SeedTask();
            var adapted = model.Adapt(condition, supportImage, supportMask);
            Score(TaskMethods.Adapted, query => model.unet.forward(query, adapted));

            foreach (var shots in TaskSetup.FineTuneShots)
            {
                var pairs = task.Shots.Take(shots).ToList();
                var (images, masks) = (SyntheticVolumes.Images(pairs, device), SyntheticVolumes.Masks(pairs, device));
                SeedTask();
                using (var materialized = model.Materialize(condition))
                {
                    fineTuneCurves.Add(FitSupport(materialized, images, masks, setup.SupportSteps, setup.FineTuneLearningRate));
                    Score(TaskMethods.HyperFineTuned(shots), query => materialized.forward(query));
                }
                SeedTask();
                using (var rand = RandUNet(model, device))
                {
                    randCurves.Add(FitSupport(rand, images, masks, setup.SupportSteps, setup.ScratchLearningRate));
                    Score(TaskMethods.RandFineTuned(shots), query => rand.forward(query));
                }
            }
            if (conv is not null)
                Score(TaskMethods.Conv, query => conv[task.Task].forward(query));
            if (all is not null)
                Score(TaskMethods.All, query => all.forward(query));
            progress.Step();
        }
        return new EvaluationRun(scores, MeanCurve(randCurves), MeanCurve(fineTuneCurves));
    }

    /// <summary>
    /// Rand U-Net: a standalone U-Net whose shared layers (every layer the hypernetwork does not generate: encoder,
    /// upsampling) are copied from the trained model and whose decoder and head keep their random initialisation.
    /// </summary>
    public static TaskUNet3dSmallNetwork RandUNet(TaskUNet3dSmall model, Device device)
    {
        var network = new TaskUNet3dSmallNetwork(allTrainable: true);
        network.to(device);
        var own = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        foreach (var (name, shared) in model.unet.named_parameters())
        {
            if (!own.TryGetValue(name, out var target))
                throw new InvalidOperationException($"The standalone U-Net has no parameter '{name}' to take the shared layer into.");
            target.copy_(shared);
        }
        return network;
    }

    /// <summary>
    /// Trains every parameter of <paramref name="network"/> on the labelled pairs (<paramref name="images"/>,
    /// <paramref name="masks"/>, one batch) for <paramref name="steps"/> AdamW steps with the experiment's loss (Dice +
    /// BCE, as declared); returns the loss per step.
    /// </summary>
    public static double[] FitSupport(TaskUNet3dSmallNetwork network, Tensor images, Tensor masks, int steps, double learningRate)
    {
        network.train();
        using var optimizer = optim.AdamW(network.parameters(), lr: learningRate, weight_decay: TaskSetup.WeightDecay);
        var losses = new double[steps];
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = Losses.DiceBce(network.forward(images), masks);
            loss.backward();
            optimizer.step();
            losses[step] = loss.item<float>();
        }
        network.eval();
        return losses;
    }

    /// <summary>
    /// Trains a U-Net from random initialisation for <paramref name="steps"/> steps of <see cref="TaskSetup.BatchSize"/>
    /// volumes drawn by <paramref name="sample"/> (Conv U-Net: pairs of one target type; All U-Net: every type), AdamW
    /// with a cosine schedule; returns the network in evaluation mode.
    /// </summary>
    public static TaskUNet3dSmallNetwork TrainUNet(Func<Volume> sample, int steps, double learningRate, Device device, IProgressTask progress)
    {
        var network = new TaskUNet3dSmallNetwork(allTrainable: true);
        network.to(device);
        network.train();
        using var optimizer = new CosineAdamW(network.parameters(), learningRate, TaskSetup.WeightDecay, steps);
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = Enumerable.Range(0, TaskSetup.BatchSize).Select(_ => sample()).ToList();
            var loss = optimizer.Step(Losses.DiceBce(network.forward(SyntheticVolumes.Images(batch, device)), SyntheticVolumes.Masks(batch, device)));
            progress.Step($"loss {loss:0.000}");
        }
        network.eval();
        return network;
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

using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Metrics;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperCT;

/// <summary>
/// Settings every method trains with. Every step takes <paramref name="PerTaskBatch"/> examples of each task (uniform
/// task sampling, as the paper's); an epoch is one pass over each task's training examples.
/// </summary>
public sealed record LoraSettings(int Epochs, int PerTaskBatch, int StepsPerEpoch, double LearningRate, double WeightDecay);

/// <summary>One trained method: mean training BCE and mean validation AUC per epoch, and the epoch kept (best validation AUC).</summary>
public sealed record TrainingCurve(double[] Losses, double[] ValidationAuc, int BestEpoch);

/// <summary>Trains an <see cref="ILoraMethod"/> and measures per-task AUC.</summary>
public static class LoraTraining
{
    /// <summary>
    /// Trains with AdamW and a cosine schedule on BCE, each example's loss taken on its own task, tasks weighted as the
    /// method says (<see cref="ILoraMethod.Loss"/>: equally, or by learned uncertainties).
    /// After every epoch the validation AUC of every task is measured and the trainable parameters of the best epoch
    /// (mean validation AUC; per task for independent single-task models) are restored at the end, the paper's model
    /// selection, for every method alike.
    /// </summary>
    public static TrainingCurve Train(ILoraMethod method, TaskExamples train, TaskExamples validation, LoraSettings settings,
        Device device, int seed, IProgressTask progress)
    {
        using var scope = NewDisposeScope();
        var images = ShapeData.ImageTensor(train.Images, device);
        var tasks = TensorData.Labels(train.Tasks, device);
        var labels = TensorData.Vector(train.Labels.Select(l => (double)l).ToList(), device);
        var taskIds = train.Tasks.Distinct().Order().ToArray();
        // Independent models: the sum of the per-task mean losses, so each task's parameters get its own gradient
        // unscaled; shared models: the equal-weight mean.
        var lossScale = method.IndependentTasks ? taskIds.Length : 1.0;
        using var optimizer = new CosineAdamW(method.Trainable, settings.LearningRate, settings.WeightDecay, settings.Epochs * settings.StepsPerEpoch);
        var batches = StratifiedBatches(train, settings.PerTaskBatch, new SeededRandom(seed)).GetEnumerator();

        var losses = new double[settings.Epochs];
        var validationAuc = new double[settings.Epochs];
        var perTaskAuc = new List<SortedDictionary<int, double>>();
        var snapshots = new List<Tensor[]>();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            method.Module.train();
            var sum = 0.0;
            for (var s = 0; s < settings.StepsPerEpoch; s++)
            {
                using var step = NewDisposeScope();
                batches.MoveNext();
                var index = tensor(batches.Current, device: device);
                var batchTasks = tasks.index_select(0, index);
                var logits = method.Logits(images.index_select(0, index), batchTasks);
                var perExample = nn.functional.binary_cross_entropy_with_logits(logits, labels.index_select(0, index), reduction: nn.Reduction.None);
                var loss = method.Loss(perExample, batchTasks);
                sum += optimizer.Step(loss * lossScale) / lossScale;
            }
            losses[epoch] = sum / settings.StepsPerEpoch;
            perTaskAuc.Add(Evaluate(method, validation, device));
            validationAuc[epoch] = perTaskAuc[epoch].Values.Average();
            snapshots.Add(Snapshot(method.Trainable));
            progress.Step($"loss {losses[epoch]:0.000} val AUC {validationAuc[epoch]:0.000}");
        }

        var bestEpoch = Array.IndexOf(validationAuc, validationAuc.Max());
        Restore(method.Trainable, snapshots[bestEpoch]);
        if (method.IndependentTasks)
            // Row t of every table belongs to task t alone: take it from that task's best epoch.
            foreach (var t in taskIds)
            {
                var best = Enumerable.Range(0, settings.Epochs).MaxBy(e => perTaskAuc[e][t]);
                RestoreRow(method.Trainable, snapshots[best], t);
            }
        return new TrainingCurve(losses, validationAuc, bestEpoch);
    }

    /// <summary>AUC of every task present in <paramref name="examples"/>, in evaluation mode without gradients.</summary>
    public static SortedDictionary<int, double> Evaluate(ILoraMethod method, TaskExamples examples, Device device)
    {
        method.Module.eval();
        var scores = new double[examples.Count];
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var images = ShapeData.ImageTensor(examples.Images, device);
            var tasks = TensorData.Labels(examples.Tasks, device);
            const int chunk = 256;
            for (var start = 0; start < examples.Count; start += chunk)
            {
                var length = Math.Min(chunk, examples.Count - start);
                var logits = method.Logits(images.narrow(0, start, length), tasks.narrow(0, start, length));
                TensorData.ToDoubles(logits).CopyTo(scores, start);
            }
        }
        var result = new SortedDictionary<int, double>();
        foreach (var task in examples.Tasks.Distinct())
        {
            var rows = Enumerable.Range(0, examples.Count).Where(i => examples.Tasks[i] == task).ToArray();
            result[task] = Metric.Auc(rows.Select(i => scores[i]).ToArray(), rows.Select(i => examples.Labels[i] == 1).ToArray());
        }
        return result;
    }

    // Every batch holds perTaskBatch examples of each task, drawn by shuffled passes over each task's examples.
    static IEnumerable<long[]> StratifiedBatches(TaskExamples train, int perTaskBatch, SeededRandom random)
    {
        var byTask = train.Tasks.Distinct().Order()
            .Select(t => Enumerable.Range(0, train.Count).Where(i => train.Tasks[i] == t).ToArray()).ToArray();
        var streams = byTask.Select(rows => Passes(rows, random).GetEnumerator()).ToArray();
        while (true)
        {
            var batch = new List<long>();
            foreach (var stream in streams)
                for (var k = 0; k < perTaskBatch; k++)
                {
                    stream.MoveNext();
                    batch.Add(stream.Current);
                }
            yield return batch.ToArray();
        }
    }

    static IEnumerable<long> Passes(int[] rows, SeededRandom random)
    {
        while (true)
            foreach (var i in random.Permutation(rows.Length))
                yield return rows[i];
    }

    static Tensor[] Snapshot(IReadOnlyList<Parameter> parameters)
    {
        using var noGrad = no_grad();
        return parameters.Select(p => p.detach().clone()).ToArray();   // owned by the caller's scope
    }

    static void Restore(IReadOnlyList<Parameter> parameters, Tensor[] state)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Count; i++)
            parameters[i].copy_(state[i]);
    }

    static void RestoreRow(IReadOnlyList<Parameter> parameters, Tensor[] state, int row)
    {
        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Count; i++)
            parameters[i][row].copy_(state[i][row]);
    }
}

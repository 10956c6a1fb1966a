using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.Shared.Training;

/// <summary>How long and how fast an epoch loop trains.</summary>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="BatchSize">Examples per step (the last batch of an epoch may be smaller).</param>
/// <param name="LearningRate">AdamW's initial learning rate, decayed by a per-step cosine schedule over the run.</param>
/// <param name="WeightDecay">AdamW's decoupled weight decay.</param>
public sealed record EpochSchedule(int Epochs, int BatchSize, double LearningRate, double WeightDecay);

/// <summary>
/// The epoch loop the experiments share: shuffled mini-batches over the training set (a fresh permutation per epoch,
/// drawn from the seed), <see cref="CosineAdamW"/> over the whole run, one dispose scope per step, and the mean loss of
/// every epoch reported to the progress bar and returned for the training curves.
/// </summary>
public static class MiniBatchTraining
{
    /// <summary>
    /// Trains every parameter of <paramref name="module"/> on <paramref name="count"/> examples. Create the module (under
    /// the caller's torch seed) and move it to its device first: the optimiser is built here, after <c>.to(device)</c>
    /// has replaced the parameters.
    /// </summary>
    /// <param name="module">The module to train; it is put in training mode at every epoch.</param>
    /// <param name="count">Training examples; batches are index tensors into them.</param>
    /// <param name="schedule">Epochs, batch size and optimiser settings.</param>
    /// <param name="device">Device of the index tensors.</param>
    /// <param name="seed">Seed of the data order.</param>
    /// <param name="progress">Receives one step per epoch.</param>
    /// <param name="batchLoss">The loss of one batch, given the int64 indices of its examples; runs inside the step's dispose scope.</param>
    /// <returns>The mean training loss of every epoch.</returns>
    public static double[] Run(nn.Module module, int count, EpochSchedule schedule, Device device, int seed,
        IProgressTask progress, Func<Tensor, Tensor> batchLoss)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(batchLoss);
        var stepsPerEpoch = (count + schedule.BatchSize - 1) / schedule.BatchSize;
        using var optimizer = new CosineAdamW(module.parameters(), schedule.LearningRate, schedule.WeightDecay, schedule.Epochs * stepsPerEpoch);
        var order = new SeededRandom(seed);
        var losses = new double[schedule.Epochs];
        for (var epoch = 0; epoch < schedule.Epochs; epoch++)
        {
            module.train();
            var sum = 0.0;
            foreach (var batch in TensorData.Batches(count, schedule.BatchSize, order))
            {
                using var step = NewDisposeScope();
                sum += optimizer.Step(batchLoss(tensor(batch, device: device)));
            }
            losses[epoch] = sum / stepsPerEpoch;
            progress.Step($"loss {losses[epoch]:0.0000}");
        }
        return losses;
    }
}

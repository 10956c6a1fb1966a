using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Training;

namespace HyperDsl.Examples.HyperCT;

/// <summary>
/// Sizes of one run. Labelled data is scarce on purpose (the paper's motivation for sharing through a hypernetwork):
/// each task has a few dozen labelled images, while the pretext task has thousands of images labelled for free.
/// </summary>
/// <param name="TaskCount">Number of downstream tasks (hyperct_small.hyp: task(count: 10)).</param>
/// <param name="TrainPerTask">Labelled training images per task, half positive.</param>
/// <param name="ValidationPerTask">Labelled validation images per task (model selection).</param>
/// <param name="TestPerTask">Test images per task (AUC).</param>
/// <param name="PretextCount">Images for pretraining the backbone.</param>
/// <param name="Seeds">One full run (data, pretraining, all methods) per seed.</param>
/// <param name="Pretext">Pretraining settings.</param>
/// <param name="Training">Settings shared by every method.</param>
public sealed record HyperCtSetup(int TaskCount, int TrainPerTask, int ValidationPerTask, int TestPerTask, int PretextCount,
    IReadOnlyList<int> Seeds, EpochSchedule Pretext, LoraSettings Training)
{
    /// <summary>The setup for the parsed options; seeds start at --seed.</summary>
    public static HyperCtSetup For(ExperimentOptions options)
    {
        const int taskCount = 10;
        var trainPerTask = options.Size(8, 32, 32);
        var perTaskBatch = options.Size(4, 8, 8);
        return new HyperCtSetup(
            TaskCount: taskCount,
            TrainPerTask: trainPerTask,
            ValidationPerTask: options.Size(8, 32, 32),
            TestPerTask: options.Size(16, 300, 600),
            PretextCount: options.Size(128, 4000, 4000),
            Seeds: options.Seeds,
            Pretext: new EpochSchedule(Epochs: options.Size(1, 10, 10), BatchSize: 64, LearningRate: 3e-3, WeightDecay: 1e-4),
            Training: new LoraSettings(
                Epochs: options.Size(1, 20, 20),
                PerTaskBatch: perTaskBatch,
                StepsPerEpoch: trainPerTask / perTaskBatch,
                LearningRate: 3e-3,
                WeightDecay: 1e-2));
    }
}

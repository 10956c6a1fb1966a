using HyperDsl.Examples.Shared.Cli;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>Sizes and settings of one run (quick: minutes on 2 CPU cores).</summary>
/// <param name="VolumeSize">Edge of the volumes; fixed by task_unet3d_small.hyp (input [1, 16, 16, 16]).</param>
/// <param name="TrainTypes">Structure types the hypernetwork is trained on.</param>
/// <param name="HeldOutTypes">Structure types only seen at evaluation, from one support pair.</param>
/// <param name="Seeds">One full run (data, training, evaluation) per seed.</param>
/// <param name="Episodes">Episodic training steps of the hypernetwork.</param>
/// <param name="TasksPerEpisode">Tasks (support + query pairs) per episode.</param>
/// <param name="LearningRate">AdamW learning rate of episodic training (cosine decay).</param>
/// <param name="EvalEpisodes">Evaluation episodes per held-out type (each: one support pair, <paramref name="QueriesPerEpisode"/> queries).</param>
/// <param name="QueriesPerEpisode">Query volumes scored per evaluation episode.</param>
/// <param name="SupportSteps">Optimiser steps on the support pair for both baselines (scratch and fine-tuning).</param>
/// <param name="ScratchLearningRate">Adam learning rate of the U-Net trained from scratch.</param>
/// <param name="FineTuneLearningRate">Adam learning rate of the materialised U-Net's fine-tuning (it starts from a trained network).</param>
public sealed record TaskSetup(
    int VolumeSize,
    IReadOnlyList<StructureType> TrainTypes,
    IReadOnlyList<StructureType> HeldOutTypes,
    IReadOnlyList<int> Seeds,
    int Episodes,
    int TasksPerEpisode,
    double LearningRate,
    int EvalEpisodes,
    int QueriesPerEpisode,
    int SupportSteps,
    double ScratchLearningRate,
    double FineTuneLearningRate)
{
    /// <summary>Weight decay of every AdamW optimiser in the experiment.</summary>
    public const double WeightDecay = 1e-4;

    /// <summary>The setup for the parsed options; seeds start at --seed.</summary>
    public static TaskSetup For(ExperimentOptions options) => new(
        VolumeSize: 16,
        TrainTypes: [StructureType.Sphere, StructureType.Box, StructureType.Tube, StructureType.Ellipsoid],
        HeldOutTypes: [StructureType.Shell, StructureType.HollowBox],
        Seeds: Enumerable.Range(options.Seed, options.Size(1, 1, 2)).ToList(),
        Episodes: options.Size(4, 600, 1000),
        TasksPerEpisode: 4,
        LearningRate: 3e-3,
        EvalEpisodes: options.Size(1, 4, 6),
        QueriesPerEpisode: options.Size(1, 2, 3),
        SupportSteps: options.Size(3, 60, 100),
        ScratchLearningRate: 3e-3,
        FineTuneLearningRate: 1e-3);
}

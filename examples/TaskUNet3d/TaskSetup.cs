using HyperDsl.Examples.Shared.Cli;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>Sizes and settings of one run (quick: about eight CPU minutes for five seeds on one core).</summary>
/// <param name="VolumeSize">Edge of the volumes; fixed by task_unet3d_small.hyp (input [1, 16, 16, 16]).</param>
/// <param name="TrainTypes">Structure types the hypernetwork is trained on.</param>
/// <param name="HeldOutTypes">Structure types only seen at evaluation (and by Conv and All U-Net, which train on them).</param>
/// <param name="Seeds">One full run (data, training, evaluation) per seed.</param>
/// <param name="Episodes">Episodic training steps of the hypernetwork.</param>
/// <param name="TasksPerEpisode">Tasks (support + query pairs) per episode.</param>
/// <param name="LearningRate">AdamW learning rate of episodic training (cosine decay).</param>
/// <param name="EvalEpisodes">Evaluation tasks per held-out type (each: up to <see cref="MaxShots"/> labelled pairs and <paramref name="QueriesPerEpisode"/> queries).</param>
/// <param name="QueriesPerEpisode">Query volumes scored per evaluation task.</param>
/// <param name="SupportSteps">AdamW steps of every fine-tuning on a task's labelled pairs (Hyper and Rand U-Net alike, whatever N).</param>
/// <param name="ScratchLearningRate">AdamW learning rate of networks with randomly initialised layers (Rand, Conv and All U-Net).</param>
/// <param name="FineTuneLearningRate">AdamW learning rate of fine-tuning the generated U-Net (it starts from a trained network).</param>
/// <param name="ConvPairs">Labelled pairs of the target type Conv U-Net is trained on.</param>
/// <param name="ConvSteps">Training steps of Conv U-Net (per held-out type).</param>
/// <param name="AllSteps">Training steps of All U-Net (once per seed, on every type).</param>
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
    double FineTuneLearningRate,
    int ConvPairs,
    int ConvSteps,
    int AllSteps)
{
    /// <summary>Weight decay of every AdamW optimiser in the experiment.</summary>
    public const double WeightDecay = 1e-4;

    /// <summary>Volumes per step of Conv and All U-Net training.</summary>
    public const int BatchSize = 4;

    /// <summary>The numbers of labelled pairs fine-tuning is compared on (N = 1 is the one-shot setting).</summary>
    public static readonly IReadOnlyList<int> FineTuneShots = [1, 2, 4];

    /// <summary>Labelled pairs per evaluation task: the support pair plus the extra pairs of the largest N.</summary>
    public static int MaxShots => FineTuneShots.Max();

    /// <summary>The setup for the parsed options; seeds start at --seed.</summary>
    public static TaskSetup For(ExperimentOptions options) => new(
        VolumeSize: 16,
        TrainTypes: [StructureType.Sphere, StructureType.Box, StructureType.Tube, StructureType.Ellipsoid],
        HeldOutTypes: [StructureType.Shell, StructureType.HollowBox],
        Seeds: options.Seeds,
        Episodes: options.Size(4, 300, 1000),
        TasksPerEpisode: 4,
        LearningRate: 3e-3,
        EvalEpisodes: options.Size(1, 2, 6),
        QueriesPerEpisode: options.Size(1, 2, 3),
        SupportSteps: options.Size(3, 20, 60),
        ScratchLearningRate: 3e-3,
        FineTuneLearningRate: 1e-3,
        ConvPairs: options.Size(4, 16, 32),
        ConvSteps: options.Size(3, 80, 300),
        AllSteps: options.Size(3, 120, 600));
}

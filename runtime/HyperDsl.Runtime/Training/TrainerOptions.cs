namespace HyperDsl.Runtime.Training;

/// <summary>Settings of a <see cref="Trainer"/> run. Every property has a usable default.</summary>
public sealed record TrainerOptions
{
    /// <summary>Peak learning rate of AdamW (reached after warm-up).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Learning rate the cosine schedule ends at.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Steps of linear warm-up from LearningRate / WarmupSteps to LearningRate; 0 = none.</summary>
    public long WarmupSteps { get; init; }

    /// <summary>false keeps the learning rate constant after warm-up instead of the cosine decay.</summary>
    public bool Cosine { get; init; } = true;

    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>AdamW's β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW's β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW's ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Clips the global gradient norm to this value before each step; null = no clipping.</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>Seed of torch's generator (set when the trainer is created) and of the data order (<see cref="DataOrder"/>).</summary>
    public long Seed { get; init; }

    /// <summary>Steps per epoch (for the epoch counter and <see cref="TrainingStep.BatchIndices"/>); 0 = one endless epoch.</summary>
    public long StepsPerEpoch { get; init; }

    /// <summary>Where checkpoints go; null = no checkpoints (then Ctrl+C only stops).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>The model identity written into checkpoints; required with <see cref="CheckpointPath"/>.</summary>
    public CheckpointInfo? CheckpointInfo { get; init; }

    /// <summary>Save a checkpoint every this many steps; 0 = only on stop, on request and at the end.</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Receives a report after every step; called synchronously on the training thread.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>
    /// A NaN or Inf loss ends the run with <see cref="TrainingDivergedException"/> before that step is applied, so the
    /// parameters and the last checkpoint stay finite (a periodic save would otherwise overwrite a good checkpoint with NaN).
    /// </summary>
    public bool StopOnNonFiniteLoss { get; init; } = true;

    /// <summary>Ctrl+C (SIGINT) during <see cref="Trainer.Run"/> stops after the current step and saves a checkpoint; a second Ctrl+C ends the process.</summary>
    public bool StopOnInterrupt { get; init; } = true;
}

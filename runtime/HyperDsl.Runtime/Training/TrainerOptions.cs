namespace HyperDsl.Runtime.Training;

/// <summary>
/// Settings of a <see cref="Trainer"/> run. Every property has a usable default; the trainer checks them all when it
/// is created and lists every problem at once.
/// </summary>
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

    /// <summary>
    /// Length of the learning-rate schedule; null = the total steps of the first <see cref="Trainer.Run"/> (or, after
    /// <see cref="Trainer.Resume"/>, the schedule the checkpoint was trained with). Steps past it use the final rate.
    /// </summary>
    public long? ScheduleSteps { get; init; }

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

    /// <summary>
    /// Save a checkpoint every this many steps; 0 = only on stop, on request and at the end. A periodic save that fails
    /// (disk full, ...) is retried at the next interval and listed in <see cref="TrainingResult.FailedSaves"/>; the
    /// final save failing fails the run.
    /// </summary>
    public long CheckpointEvery { get; init; }

    /// <summary>
    /// How many versions of the checkpoint to keep: 1 = only the latest; k = the latest plus <c>path.1</c> (the
    /// previous) to <c>path.(k-1)</c>, so a slowly diverging run can go back further. Each save then copies the
    /// previous checkpoint once.
    /// </summary>
    public int KeepCheckpoints { get; init; } = 1;

    /// <summary>Receives a report after every step; called synchronously on the training thread.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>
    /// A NaN or Inf loss or gradient ends the run with <see cref="TrainingDivergedException"/> before that step is
    /// applied; a step whose update makes a parameter or an optimizer moment non-finite ends it right after. false
    /// skips these per-step checks; a checkpoint is still never written from a non-finite state.
    /// </summary>
    public bool StopOnNonFiniteLoss { get; init; } = true;

    /// <summary>Ctrl+C (SIGINT) during <see cref="Trainer.Run"/> stops after the current step and saves a checkpoint; a second Ctrl+C ends the process.</summary>
    public bool StopOnInterrupt { get; init; } = true;

    /// <summary>Every problem with these options, one line each; empty when they are usable.</summary>
    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
                problems.Add(problem);
        }

        // The optimizer's arithmetic runs in float32: a rate beyond its range fails inside the native step.
        Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= float.MaxValue,
            $"LearningRate {Show(LearningRate)} must be a positive finite number within float32's range (at most 3.4e38)");
        Require(double.IsFinite(MinLearningRate) && MinLearningRate >= 0 && MinLearningRate <= LearningRate,
            $"MinLearningRate {Show(MinLearningRate)} must be finite, at least 0 and at most LearningRate ({Show(LearningRate)})");
        Require(WarmupSteps >= 0, $"WarmupSteps {WarmupSteps} must be at least 0");
        Require(ScheduleSteps is null or >= 1, $"ScheduleSteps {ScheduleSteps} must be at least 1 (or null: the run's total steps)");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"WeightDecay {Show(WeightDecay)} must be finite and at least 0");
        // Decoupled weight decay multiplies every weight by 1 - rate * decay per step: at 1 or more it zeroes or flips them.
        Require(!(LearningRate * WeightDecay >= 1),
            $"LearningRate * WeightDecay = {Show(LearningRate * WeightDecay)} must be below 1 (each step multiplies every weight by 1 - LearningRate * WeightDecay)");
        Require(Beta1 is >= 0 and < 1, $"Beta1 {Show(Beta1)} must be in [0, 1)");
        Require(Beta2 is >= 0 and < 1, $"Beta2 {Show(Beta2)} must be in [0, 1)");
        Require(double.IsFinite(Epsilon) && Epsilon > 0, $"Epsilon {Show(Epsilon)} must be a positive finite number");
        Require(ClipGradientNorm is null || (double.IsFinite(ClipGradientNorm.Value) && ClipGradientNorm.Value > 0),
            $"ClipGradientNorm {(ClipGradientNorm is { } clip ? Show(clip) : "")} must be a positive finite number (or null: no clipping)");
        Require(StepsPerEpoch >= 0, $"StepsPerEpoch {StepsPerEpoch} must be at least 0 (0 = one endless epoch)");
        Require(CheckpointEvery >= 0, $"CheckpointEvery {CheckpointEvery} must be at least 0 (0 = only on stop and at the end)");
        Require(CheckpointEvery == 0 || CheckpointPath is not null, $"CheckpointEvery {CheckpointEvery} needs a CheckpointPath");
        Require(KeepCheckpoints >= 1, $"KeepCheckpoints {KeepCheckpoints} must be at least 1 (1 = only the latest)");
        Require(CheckpointPath is null || CheckpointInfo is not null, "CheckpointPath needs CheckpointInfo (the model's identity)");
        Require(CheckpointPath is null || !Directory.Exists(CheckpointPath), $"CheckpointPath '{CheckpointPath}' is a directory; name a file in it");
        Require(CheckpointInfo is null || CheckpointInfo.FormatVersion == Checkpoint.CurrentFormatVersion,
            $"CheckpointInfo.FormatVersion {CheckpointInfo?.FormatVersion} must be {Checkpoint.CurrentFormatVersion}, the format this runtime writes");
        return problems;
    }

    private static string Show(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}

namespace HyperDsl.Runtime.Training;

/// <summary>
/// The part of a checkpoint that lets a <see cref="Trainer"/> resume exactly where it stopped: the step counters,
/// the seed (which fixes the data order), the optimizer's moments and torch's random generator state.
/// </summary>
public sealed record TrainingState
{
    /// <summary>Optimisation steps completed.</summary>
    public long Step { get; init; }

    /// <summary>Epoch of the next step.</summary>
    public long Epoch { get; init; }

    /// <summary>The run's seed (torch's generator and the data order derive from it).</summary>
    public long Seed { get; init; }

    /// <summary>The total steps the run that wrote the checkpoint was asked for (<see cref="Step"/> is at most this), 0 when unknown.</summary>
    public long TotalSteps { get; init; }

    /// <summary>
    /// The learning-rate schedule's length, fixed when the run started (a resumed run continues this schedule, even
    /// when it is asked for more steps), 0 when not fixed yet.
    /// </summary>
    public long ScheduleSteps { get; init; }

    /// <summary>The optimizer's state (the trainer's own format: hyper-parameters, per-parameter moments and step counts), or null.</summary>
    public byte[]? OptimizerState { get; init; }

    /// <summary>torch's default CPU generator state (<c>torch.get_rng_state()</c>), or null.</summary>
    public byte[]? RandomState { get; init; }
}

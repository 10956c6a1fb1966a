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

    /// <summary>The total steps the interrupted run was asked for (the cosine schedule's length), 0 when unknown.</summary>
    public long TotalSteps { get; init; }

    /// <summary>The optimizer's state as TorchSharp serialises it, or null.</summary>
    public byte[]? OptimizerState { get; init; }

    /// <summary>torch's default CPU generator state (<c>torch.get_rng_state()</c>), or null.</summary>
    public byte[]? RandomState { get; init; }
}

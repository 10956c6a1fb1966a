namespace HyperDsl.Runtime.Training;

/// <summary>
/// Thrown by <see cref="Trainer"/> when a loss, a gradient, a parameter or an optimizer moment is NaN or Inf. No
/// checkpoint is ever written from such a state: <see cref="LastCheckpoint"/> is the last one written or resumed from,
/// and it is intact. When the non-finite value was a loss or a gradient the step was not applied (<see cref="Applied"/>
/// is false) and the model holds the parameters after the previous step.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">Zero-based index of the step that diverged.</param>
    /// <param name="loss">That step's loss (NaN when none was computed).</param>
    /// <param name="reason">What was not finite, as the first sentence of the message (no final period).</param>
    /// <param name="applied">true when the step was applied, so the model in memory holds the non-finite values.</param>
    /// <param name="lastCheckpoint">The last checkpoint written or resumed from, or null.</param>
    /// <param name="lastCheckpointStep">The step that checkpoint holds.</param>
    public TrainingDivergedException(long step, double loss, string reason, bool applied, string? lastCheckpoint, long lastCheckpointStep)
        : base(reason + (applied
                   ? ": training diverged. The model in memory holds that step; no checkpoint was written from it. "
                   : ": training diverged and the step was not applied. ") +
               (lastCheckpoint is null
                   ? "No checkpoint was written or resumed from by this trainer. "
                   : $"The last good checkpoint is '{lastCheckpoint}' (step {lastCheckpointStep}); it is intact. ") +
               "Lower the learning rate, clip gradients (ClipGradientNorm), bound the hypernetwork's outputs, or check the data for NaN.")
    {
        Step = step;
        Loss = loss;
        Applied = applied;
        LastCheckpoint = lastCheckpoint;
        LastCheckpointStep = lastCheckpointStep;
    }

    /// <summary>Zero-based index of the step that diverged.</summary>
    public long Step { get; }

    /// <summary>That step's loss (NaN or Inf when the loss itself diverged; finite when a gradient or the update did).</summary>
    public double Loss { get; }

    /// <summary>true when the step was applied (the update itself overflowed), so the model in memory is not finite.</summary>
    public bool Applied { get; }

    /// <summary>The last checkpoint written or resumed from (intact and finite), or null.</summary>
    public string? LastCheckpoint { get; }

    /// <summary>The step <see cref="LastCheckpoint"/> holds.</summary>
    public long LastCheckpointStep { get; }
}

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Thrown by <see cref="Trainer.Run"/> when a step's loss is NaN or Inf. The step was not applied: the model holds the
/// parameters after the previous step, and no checkpoint was overwritten.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="step">Zero-based index of the step whose loss was not finite.</param>
    /// <param name="loss">The loss value.</param>
    /// <param name="lastCheckpoint">The last checkpoint written or resumed from, or null.</param>
    public TrainingDivergedException(long step, double loss, string? lastCheckpoint)
        : base($"The loss of step {step} is {loss}: training diverged and the step was not applied. " +
               (lastCheckpoint is null ? "" : $"The last checkpoint, '{lastCheckpoint}', is intact. ") +
               "Lower the learning rate, clip gradients (ClipGradientNorm), bound the hypernetwork's outputs, or check the data for NaN.")
    {
        Step = step;
        Loss = loss;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>Zero-based index of the step whose loss was not finite.</summary>
    public long Step { get; }

    /// <summary>The non-finite loss value.</summary>
    public double Loss { get; }

    /// <summary>The last checkpoint written or resumed from, or null.</summary>
    public string? LastCheckpoint { get; }
}

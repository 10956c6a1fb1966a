namespace HyperDsl.Runtime.Training;

/// <summary>A report after one optimisation step.</summary>
/// <param name="Step">Steps completed so far (1 after the first step).</param>
/// <param name="Epoch">Epoch of the step just taken.</param>
/// <param name="Loss">The step's loss.</param>
/// <param name="LearningRate">The learning rate the step used.</param>
public readonly record struct TrainingProgress(long Step, long Epoch, double Loss, double LearningRate);

/// <summary>What the loss closure of <see cref="Trainer.Run"/> is told about the step it computes.</summary>
/// <param name="Step">Zero-based global step index.</param>
/// <param name="Epoch">Zero-based epoch.</param>
/// <param name="StepInEpoch">Zero-based step index inside the epoch.</param>
/// <param name="Seed">The run's seed.</param>
public readonly record struct TrainingStep(long Step, long Epoch, long StepInEpoch, long Seed)
{
    /// <summary>
    /// The sample indices of this step's batch in a seeded shuffle of the data set: epoch e visits
    /// <see cref="DataOrder.Permutation"/>(seed, e, datasetSize) in consecutive batches, wrapping around. A pure function
    /// of (seed, epoch, step in epoch), so a resumed run draws the same batches.
    /// </summary>
    /// <param name="datasetSize">Number of samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    public long[] BatchIndices(long datasetSize, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(datasetSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var order = DataOrder.Permutation(Seed, Epoch, datasetSize);
        var batch = new long[batchSize];
        for (var i = 0; i < batchSize; i++)
            batch[i] = order[(StepInEpoch * batchSize + i) % datasetSize];
        return batch;
    }
}

/// <summary>How a <see cref="Trainer.Run"/> ended.</summary>
/// <param name="StepsCompleted">Total steps completed (including those before a resume).</param>
/// <param name="Stopped">true when a stop request (Ctrl+C or <see cref="Trainer.RequestStop"/>) ended the run early.</param>
/// <param name="LastLoss">Loss of the last step taken, NaN when none was.</param>
/// <param name="CheckpointPath">The last checkpoint written, or null.</param>
public sealed record TrainingResult(long StepsCompleted, bool Stopped, double LastLoss, string? CheckpointPath)
{
    /// <summary>Periodic saves that failed and were retried at the next interval, one message each (step and cause).</summary>
    public IReadOnlyList<string> FailedSaves { get; init; } = [];
}

namespace HyperDsl.Runtime.Training;

/// <summary>Linear warm-up followed by cosine decay (or a constant rate), as a pure function of the step.</summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate of zero-based <paramref name="step"/> in a run of <paramref name="totalSteps"/> steps.</summary>
    /// <param name="options">Peak and final rate, warm-up length, cosine on/off.</param>
    /// <param name="step">Zero-based step.</param>
    /// <param name="totalSteps">Length of the run.</param>
    public static double At(TrainerOptions options, long step, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (step < options.WarmupSteps)
            return options.LearningRate * (step + 1) / options.WarmupSteps;
        if (!options.Cosine)
            return options.LearningRate;
        var decaySteps = Math.Max(1, totalSteps - options.WarmupSteps);
        var progress = Math.Clamp((double)(step - options.WarmupSteps) / decaySteps, 0, 1);
        return options.MinLearningRate + 0.5 * (options.LearningRate - options.MinLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }
}

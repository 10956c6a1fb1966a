using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.Shared.Training;

/// <summary>
/// AdamW with a per-step cosine schedule down to <c>minLearningRate</c> (the seeds train this way), for the
/// hand-written baselines and the experiment loops. Build it after moving the model to its device: <c>.to(device)</c>
/// replaces parameters.
/// </summary>
public sealed class CosineAdamW : IDisposable
{
    readonly optim.Optimizer optimizer;
    readonly optim.lr_scheduler.LRScheduler schedule;

    /// <summary>Creates the optimiser for <paramref name="totalSteps"/> optimisation steps.</summary>
    public CosineAdamW(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double weightDecay, int totalSteps, double minLearningRate = 1e-6)
    {
        optimizer = optim.AdamW(parameters, lr: learningRate, weight_decay: weightDecay);
        schedule = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: Math.Max(1, totalSteps), eta_min: minLearningRate);
    }

    /// <summary>Back-propagates <paramref name="loss"/>, steps the optimiser and the schedule; returns the loss value.</summary>
    public double Step(Tensor loss)
    {
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        schedule.step();
        return loss.item<float>();
    }

    /// <inheritdoc/>
    public void Dispose() => optimizer.Dispose();
}

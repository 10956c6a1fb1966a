using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Uncertainty by a noise ensemble: k predictions, each from a network generated for a fresh noise sample, reduced to
/// their mean and unbiased variance over the samples.
/// </summary>
public static class Ensemble
{
    /// <summary>Calls <paramref name="sample"/> <paramref name="k"/> times and returns the element-wise mean and unbiased variance.</summary>
    /// <param name="sample">Produces one prediction (all calls must return the same shape).</param>
    /// <param name="k">Number of samples, at least 2 (the unbiased variance of one sample is undefined).</param>
    /// <returns>Mean and variance, each shaped like one prediction.</returns>
    public static (Tensor Mean, Tensor Variance) Predict(Func<Tensor> sample, int k)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        var predictions = new Tensor[k];
        for (var i = 0; i < k; i++)
        {
            predictions[i] = sample();
            if (i > 0 && !predictions[i].shape.SequenceEqual(predictions[0].shape))
                throw new ArgumentException(
                    $"Ensemble sample {i} has shape {HyperDslShapeException.Render(predictions[i].shape)}, sample 0 has {HyperDslShapeException.Render(predictions[0].shape)}.",
                    nameof(sample));
        }
        var stacked = stack(predictions, 0);
        var (variance, mean) = stacked.var_mean(new long[] { 0 }, unbiased: true, keepdim: false);
        return (mean, variance);
    }
}

using HyperDsl.Runtime.Layers;
using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>
/// The diversity term of the noise ensemble's training loss: a mean-field estimate of the entropy of the distribution
/// of generated weights, <c>mean_j log std_j</c>, where std_j is the standard deviation of generated value j over the
/// batch (every sample of a batch draws its own noise vector, so the batch is a sample of that distribution).
/// Why: trained on the regression loss alone, a noise-conditioned hypernetwork can fit best by ignoring its noise, and
/// the ensemble collapses toward one network whose members disagree little anywhere. Subtracting λ·entropy is the
/// entropy part of the variational objective of Bayesian hypernetworks (Krueger et al.; the review's "uncertainty by
/// noise"): members stay as different as the data allows, which is much where there is data and little where there is
/// none. The L2 penalty noise.hyp declares is the prior part of the same objective.
/// </summary>
public static class WeightEntropy
{
    /// <summary>Small constant under the logarithm (a generated value that does not vary would give −∞).</summary>
    public const double Epsilon = 1e-6;

    /// <summary><c>mean_j log(std_j + ε)</c> over every generated value j, std over the batch (at least 2 samples).</summary>
    public static Tensor MeanLogStd(GeneratedWeights generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        var flat = cat(Enumerable.Range(0, generated.Count).Select(i => generated[i].flatten(1)).ToArray(), 1);   // [B, values]
        if (flat.size(0) < 2)
            throw new ArgumentException("The entropy estimate needs a batch of at least 2 noise draws.", nameof(generated));
        return log(flat.std(0) + Epsilon).mean();
    }
}

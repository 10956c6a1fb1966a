using HyperDsl.Examples.Shared.Data;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>Inputs and targets of one split.</summary>
public sealed record RegressionSamples(double[][] Inputs, double[] Targets);

/// <summary>
/// A smooth non-linear regression in <see cref="Dimensions"/> dimensions: y = Σ_j sin(w_jᵀx) / √J + noise. Training and
/// in-distribution test inputs are standard normal; out-of-distribution inputs are standard normal scaled by
/// <see cref="OutOfDistributionScale"/>, so they lie where no training data constrained the model.
/// </summary>
public sealed class NoiseData
{
    /// <summary>Input dimension (noise.hyp: input x: [8]).</summary>
    public const int Dimensions = 8;

    /// <summary>Radius factor of out-of-distribution inputs.</summary>
    public const double OutOfDistributionScale = 3.0;

    const int Waves = 4;
    readonly double[][] directions;

    /// <summary>Fixes the target function for <paramref name="seed"/>.</summary>
    public NoiseData(int seed)
    {
        var random = new SeededRandom(seed);
        directions = Enumerable.Range(0, Waves).Select(_ => random.NormalVector(Dimensions).Select(v => v / Math.Sqrt(Dimensions)).ToArray()).ToArray();
    }

    /// <summary>The noise-free target at <paramref name="x"/>.</summary>
    public double Function(double[] x) =>
        directions.Sum(w => Math.Sin(2 * w.Zip(x, (a, b) => a * b).Sum())) / Math.Sqrt(Waves);

    /// <summary>Draws <paramref name="count"/> samples with inputs scaled by <paramref name="scale"/> (1 = in distribution).</summary>
    public RegressionSamples Sample(int count, double scale, SeededRandom random)
    {
        var inputs = new double[count][];
        var targets = new double[count];
        for (var n = 0; n < count; n++)
        {
            inputs[n] = random.NormalVector(Dimensions).Select(v => v * scale).ToArray();
            targets[n] = Function(inputs[n]) + 0.05 * random.Normal();
        }
        return new RegressionSamples(inputs, targets);
    }
}

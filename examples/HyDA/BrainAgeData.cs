using HyperDsl.Examples.Shared.Data;

namespace HyperDsl.Examples.HyDA;

/// <summary>The samples of one scanner domain: features, brain age in years, domain index.</summary>
public sealed record DomainSamples(int Domain, double Parameter, double[][] Features, double[] Ages);

/// <summary>
/// Synthetic "brain age" data with scanner-like domain shift. Each subject has a latent age and latent brain features
/// that depend smoothly (non-linearly) on age. A scanner, driven by a hidden scalar parameter θ, distorts the content
/// features: x_f = exp(γθc_f)·((M₀ + μθM₁)·z)_f + noise (a per-feature gain and a θ-dependent mixing), so the same
/// brain looks different on every scanner and the map from features to age depends on the scanner, multiplicatively.
/// The last <see cref="FingerprintFeatures"/> features are a scanner fingerprint (σθu_f + noise, like background
/// statistics of an image): they identify the scanner but say nothing about age on their own, so a network trained on
/// age alone has little reason to read them, while a domain classifier trained on domain labels reads them directly.
/// </summary>
public sealed class BrainAgeData
{
    /// <summary>Mean brain age of the population (years).</summary>
    public const double AgeMean = 50;

    /// <summary>Half the age range: ages span 20 to 80 years; the regression target is (age − 50) / 30.</summary>
    public const double AgeHalfRange = 30;

    const int LatentSize = 6;
    readonly ScannerEffects effects;
    readonly int featureCount;
    readonly double[] gainDirection;
    readonly double[,] mixing0, mixing1;
    readonly double[] shiftDirection;
    readonly double[] ageAmplitude, ageFrequency, agePhase, ageSlope;

    /// <summary>Fixes the population and the scanner physics for <paramref name="seed"/>.</summary>
    public BrainAgeData(int featureCount, int seed, ScannerEffects? effects = null)
    {
        this.effects = effects ?? ScannerEffects.Default;
        if (featureCount < LatentSize + FingerprintFeatures)
            throw new ArgumentOutOfRangeException(nameof(featureCount), $"Need at least {LatentSize + FingerprintFeatures} features.");
        this.featureCount = featureCount;
        var random = new SeededRandom(seed);
        mixing0 = RandomMatrix(random, featureCount, LatentSize, 1.0 / Math.Sqrt(LatentSize));
        mixing1 = RandomMatrix(random, featureCount, LatentSize, 1.0 / Math.Sqrt(LatentSize));
        shiftDirection = random.NormalVector(featureCount);
        gainDirection = Enumerable.Range(0, featureCount).Select(_ => random.Uniform(-1.0, 1.0)).ToArray();
        ageAmplitude = Enumerable.Range(0, LatentSize).Select(_ => random.Uniform(0.5, 1.0)).ToArray();
        ageFrequency = Enumerable.Range(0, LatentSize).Select(_ => random.Uniform(0.5, 2.0)).ToArray();
        agePhase = Enumerable.Range(0, LatentSize).Select(_ => random.Uniform(0, 2 * Math.PI)).ToArray();
        ageSlope = Enumerable.Range(0, LatentSize).Select(_ => random.Uniform(-1.0, 1.0)).ToArray();
    }

    /// <summary>Number of input features per sample.</summary>
    public int FeatureCount => featureCount;

    /// <summary>Number of scanner fingerprint features (the last ones): they carry θ and no age information.</summary>
    public const int FingerprintFeatures = 8;

    int ContentFeatures => featureCount - FingerprintFeatures;

    /// <summary>The hidden scanner parameter of domain <paramref name="domain"/>: evenly spaced in [-1, 1].</summary>
    public static double DomainParameter(int domain, int domainCount) => -1.0 + 2.0 * domain / (domainCount - 1);

    /// <summary>Draws <paramref name="count"/> subjects scanned in domain <paramref name="domain"/> of <paramref name="domainCount"/>.</summary>
    public DomainSamples Sample(int domain, int domainCount, int count, SeededRandom random)
    {
        var theta = DomainParameter(domain, domainCount);
        var features = new double[count][];
        var ages = new double[count];
        var latent = new double[LatentSize];
        for (var n = 0; n < count; n++)
        {
            var t = random.Uniform(-1.0, 1.0);           // normalised age
            ages[n] = AgeMean + AgeHalfRange * t;
            for (var k = 0; k < LatentSize; k++)
                latent[k] = ageAmplitude[k] * Math.Sin(ageFrequency[k] * 2 * t + agePhase[k]) + ageSlope[k] * t + effects.LatentNoise * random.Normal();
            var x = new double[featureCount];
            for (var f = 0; f < ContentFeatures; f++)
            {
                var mixed = 0.0;
                for (var k = 0; k < LatentSize; k++)
                    mixed += (mixing0[f, k] + effects.Mixing * theta * mixing1[f, k]) * latent[k];
                x[f] = Math.Exp(effects.Gain * theta * gainDirection[f]) * mixed + 0.05 * random.Normal();
            }
            for (var f = ContentFeatures; f < featureCount; f++)
                x[f] = effects.Shift * theta * shiftDirection[f] + 0.3 * random.Normal();
            features[n] = x;
        }
        return new DomainSamples(domain, theta, features, ages);
    }

    static double[,] RandomMatrix(SeededRandom random, int rows, int columns, double std)
    {
        var m = new double[rows, columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                m[r, c] = std * random.Normal();
        return m;
    }
}

/// <summary>How strongly the hidden scanner parameter θ distorts the features, and how noisy subjects are.</summary>
/// <param name="Gain">γ: per-feature log-gain per unit θ (feature f is scaled by exp(γθc_f), c_f uniform in [-1, 1]).</param>
/// <param name="Mixing">μ: weight of the θ-dependent mixing matrix.</param>
/// <param name="Shift">σ: size of the shift along the scanner direction (what makes the scanner recognisable).</param>
/// <param name="LatentNoise">Subject variability of the latent features around their age-determined values.</param>
public sealed record ScannerEffects(double Gain, double Mixing, double Shift, double LatentNoise)
{
    /// <summary>The setting the experiment uses.</summary>
    public static ScannerEffects Default { get; } = new(Gain: 1.5, Mixing: 0.8, Shift: 1.0, LatentNoise: 0.05);
}

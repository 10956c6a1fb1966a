using HyperDsl.Runtime.Hypernets;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Init;

/// <summary>
/// Hyperfan initialisation of hypernetwork heads after Chang, Flokas and Lipson, "Principled weight initialization
/// for hypernetworks" (ICLR 2020). A head computes <c>w = H e + c</c> from the body output <c>e</c> (width d);
/// with zero-mean independent head weights of variance s² and c = 0, each generated value has variance
/// <c>d · s² · E[e²]</c>. Choosing <c>s² = target / (d · E[e²])</c> makes the generated weights start with the
/// variance a conventional init would give the target layer: gain² / fan-in (hyperfan-in) or gain² / fan-out
/// (hyperfan-out). <c>E[e²]</c>, the body output's mean second moment, is measured by the caller (see
/// <see cref="HyperNetwork"/>: a probe forward of unit-variance random conditions at construction).
/// Bias heads start at zero (Chang et al. allow splitting the variance with the bias; zero keeps the target
/// network's signal variance set by the weights alone), and LoRA B heads start with a tiny variance so the
/// initial delta is close to LoRA's B = 0 while gradients still reach the A heads.
/// </summary>
public static class HyperfanInit
{
    /// <summary>Standard deviation of generated LoRA B values relative to 1/sqrt(rank).</summary>
    public const double LoraBRelativeStd = 1e-2;

    /// <summary>The variance the generated values of <paramref name="spec"/> should start with under <paramref name="init"/>.</summary>
    /// <param name="spec">The generated tensor.</param>
    /// <param name="init">HyperfanIn or HyperfanOut (Default has no target and throws).</param>
    public static double TargetVariance(GeneratedTensorSpec spec, HyperInit init)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (init == HyperInit.Default)
            throw new ArgumentException("Default initialisation has no target variance.", nameof(init));
        var fan = init == HyperInit.HyperfanIn ? spec.FanIn : spec.FanOut;
        if (fan <= 0 || spec.FanIn <= 0)
            throw new ArgumentException($"Generated tensor '{spec.Name}' has fan {fan}; hyperfan initialisation needs a positive fan.", nameof(spec));
        return spec.Kind switch
        {
            GeneratedKind.Weight => spec.Gain * spec.Gain / fan,
            GeneratedKind.Bias => 0.0,
            // A reads the layer input whichever mode is chosen, so it starts like LoRA's own A: variance 1 / in.
            GeneratedKind.LoraA => 1.0 / spec.FanIn,
            GeneratedKind.LoraB => LoraBRelativeStd * LoraBRelativeStd / spec.Shape[^1],
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "Unknown generated kind."),
        };
    }

    /// <summary>
    /// The variance raw head outputs need so that <c>scale · tanh(raw)</c> has <paramref name="targetVariance"/>, for
    /// zero-mean Gaussian raw values: solves <c>scale² · E[tanh²(σ z)] = target</c> for σ² by bisection, with the
    /// expectation integrated numerically (Simpson's rule on z in [-8, 8]). Without a bound, the target itself.
    /// </summary>
    /// <param name="targetVariance">Variance the bounded values should have.</param>
    /// <param name="boundScale">The bound's scale, or null for unbounded outputs.</param>
    /// <exception cref="ArgumentException">The target is not reachable: it must stay below scale² (tanh saturates).</exception>
    public static double RawVariance(double targetVariance, double? boundScale)
    {
        if (boundScale is not { } scale || targetVariance <= 0)
            return targetVariance;
        var ratio = targetVariance / (scale * scale);
        if (ratio >= 0.95)
            throw new ArgumentException(
                $"A bound of {scale} cannot give generated values variance {targetVariance:g3}: scale · tanh saturates below scale² = {scale * scale:g3}. Raise the bound or use HyperInit.Default.");
        double low = 0, high = 20;
        for (var i = 0; i < 60; i++)
        {
            var sigma = (low + high) / 2;
            if (MeanSquaredTanh(sigma) < ratio) low = sigma; else high = sigma;
        }
        var solved = (low + high) / 2;
        return solved * solved;
    }

    // E[tanh²(σ z)] for z ~ N(0, 1).
    private static double MeanSquaredTanh(double sigma)
    {
        const int intervals = 800;
        const double from = -8, to = 8;
        var h = (to - from) / intervals;
        double sum = 0;
        for (var i = 0; i <= intervals; i++)
        {
            var z = from + i * h;
            var t = Math.Tanh(sigma * z);
            var f = t * t * Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
            sum += f * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /// <summary>
    /// Initialises <paramref name="head"/> so that consecutive blocks of its output rows have the given variances,
    /// given the second moment of its input; the head bias is set to zero.
    /// </summary>
    /// <param name="head">A head <c>Linear(d, rows)</c>.</param>
    /// <param name="rowVariances">(row count, target variance) blocks covering every output row in order.</param>
    /// <param name="inputSecondMoment">Mean of e² over the head's input e (features and samples).</param>
    public static void InitializeHead(Linear head, IEnumerable<(long Rows, double Variance)> rowVariances, double inputSecondMoment)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(rowVariances);
        var weight = head.weight!;
        var inputs = weight.shape[1];
        var moment = Math.Max(inputSecondMoment, 1e-12);
        using var noGrad = no_grad();
        long row = 0;
        foreach (var (rows, variance) in rowVariances)
        {
            var block = weight.narrow(0, row, rows);
            if (variance <= 0)
                block.zero_();
            else
                block.normal_(0, Math.Sqrt(variance / (inputs * moment)));
            row += rows;
        }
        if (row != weight.shape[0])
            throw new ArgumentException($"The row blocks cover {row} rows, the head has {weight.shape[0]}.", nameof(rowVariances));
        head.bias?.zero_();
    }
}

namespace HyperDsl.Examples.Shared.Metrics;

/// <summary>
/// Student's t distribution: the cumulative distribution through the regularized incomplete beta function and exact
/// quantiles by bisection on it (the interval of a paired comparison over a handful of seeds needs the small-sample
/// quantile, not the normal 1.96).
/// </summary>
public static class StudentT
{
    /// <summary>P(T ≤ t) for <paramref name="degreesOfFreedom"/> ≥ 1.</summary>
    public static double Cdf(double t, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (double.IsNaN(t))
            return double.NaN;
        double nu = degreesOfFreedom;
        // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
        var tail = RegularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5) / 2;
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The t with P(T ≤ t) = <paramref name="probability"/>, for a probability in (0, 1).</summary>
    public static double Quantile(double probability, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (!(probability > 0 && probability < 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A quantile needs a probability in (0, 1).");
        if (probability < 0.5)
            return -Quantile(1 - probability, degreesOfFreedom);
        double low = 0, high = 1;
        while (Cdf(high, degreesOfFreedom) < probability)
            high *= 2;
        // 200 halvings reach the double's resolution long before they run out.
        for (var i = 0; i < 200 && high - low > 1e-15 * Math.Max(1, high); i++)
        {
            var mid = (low + high) / 2;
            if (Cdf(mid, degreesOfFreedom) < probability)
                low = mid;
            else
                high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>I_x(a, b), by the continued fraction of Numerical Recipes (modified Lentz), using the symmetry for fast convergence.</summary>
    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0)
            return 0;
        if (x >= 1)
            return 1;
        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(x, a, b) / a
            : 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
    }

    static double BetaContinuedFraction(double x, double a, double b)
    {
        const double tiny = 1e-300, epsilon = 1e-16;
        var c = 1.0;
        var d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.Abs(d) < tiny ? tiny : d);
        var h = d;
        for (var m = 1; m <= 10_000; m++)
        {
            var m2 = 2 * m;
            var even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / Guard(1 + even * d);
            c = Guard(1 + even / c);
            h *= d * c;
            var odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / Guard(1 + odd * d);
            c = Guard(1 + odd / c);
            var step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < epsilon)
                return h;
        }
        return h;

        static double Guard(double v) => Math.Abs(v) < tiny ? tiny : v;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, 9 terms: about 15 significant digits).</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < c.Length; i++)
            sum += c[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}

using System.Globalization;
using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Shared.Claims;

/// <summary>What a paired test asks of the interval of A − B (oriented by the metric's direction).</summary>
public enum ClaimRule
{
    /// <summary>A better than B: the whole interval lies on A's better side of zero.</summary>
    Better,
    /// <summary>
    /// Non-inferiority: A is not worse than B by the margin or more; the whole interval lies on A's better side of
    /// −margin (A may be better by any amount). With margin 0 it is "A not below B", and needs the same as Better.
    /// </summary>
    NonInferior,
    /// <summary>Equivalence: the whole interval lies inside (−margin, +margin).</summary>
    Equivalent,
}

/// <summary>
/// One paired comparison and the verdict on it. A claim holds only when the interval excludes the opposite: an
/// interval that touches or crosses the boundary is "not established", whatever the means say.
/// </summary>
/// <param name="Rule">What is asked of the interval.</param>
/// <param name="A">The method (row or series) the claim is about.</param>
/// <param name="B">The method it is compared with.</param>
/// <param name="HigherIsBetter">Direction of the measurement.</param>
/// <param name="Margin">The margin of <see cref="ClaimRule.NonInferior"/> and <see cref="ClaimRule.Equivalent"/> (metric units; 0 for Better).</param>
/// <param name="Comparison">The paired figures.</param>
public sealed record PairedTest(ClaimRule Rule, string A, string B, bool HigherIsBetter, double Margin, PairedComparison Comparison)
{
    /// <summary>Compares the per-seed values <paramref name="a"/> and <paramref name="b"/> under <paramref name="rule"/>.</summary>
    public static PairedTest Of(ClaimRule rule, string a, IReadOnlyList<double> aValues, string b, IReadOnlyList<double> bValues, bool higherIsBetter, double margin = 0)
    {
        if (!(margin >= 0) || (rule == ClaimRule.Better && margin != 0) || (rule == ClaimRule.Equivalent && margin == 0))
            throw new ArgumentOutOfRangeException(nameof(margin), margin, $"{rule} takes {(rule == ClaimRule.Better ? "no margin" : "a positive margin")}.");
        return new PairedTest(rule, a, b, higherIsBetter, margin, PairedComparison.Of(aValues, bValues));
    }

    /// <summary>True when the interval lies where the rule asks; false without an interval (one seed).</summary>
    public bool Holds
    {
        get
        {
            if (Comparison.Low is not { } low || Comparison.High is not { } high)
                return false;
            // Advantage of A over B in the metric's better direction: positive = A better.
            var (worst, best) = HigherIsBetter ? (low, high) : (-high, -low);
            return Rule switch
            {
                ClaimRule.Better => worst > 0,
                ClaimRule.NonInferior => worst > -Margin,
                ClaimRule.Equivalent => low > -Margin && high < Margin,
                _ => throw new InvalidOperationException($"Unknown rule {Rule}."),
            };
        }
    }

    /// <summary>What the interval must satisfy, in the metric's units, for example <c>&lt; 0</c> or <c>&gt; −0.015</c>.</summary>
    public string Requirement => Rule switch
    {
        ClaimRule.Better or ClaimRule.NonInferior when Margin == 0 => HigherIsBetter ? "> 0" : "< 0",
        ClaimRule.NonInferior => HigherIsBetter ? $"> {Number(-Margin)}" : $"< {Number(Margin)}",
        ClaimRule.Equivalent => $"inside ±{Number(Margin)}",
        _ => throw new InvalidOperationException($"Unknown rule {Rule}."),
    };

    /// <summary>The figures: both means, the mean difference, its interval, n and whether the requirement is met.</summary>
    public string Evidence
    {
        get
        {
            var c = Comparison;
            var interval = c.Low is { } low && c.High is { } high
                ? $"95% CI [{Number(low)}, {Number(high)}]"
                : "no interval (one seed)";
            var rule = Rule switch
            {
                ClaimRule.Better => "better",
                ClaimRule.NonInferior => "non-inferior",
                _ => "equivalent",
            };
            return $"{A} {Number(c.MeanA)} vs {B} {Number(c.MeanB)}; A − B = {Number(c.MeanDifference)}, {interval}, n = {c.N} seeds paired; "
                 + $"{rule}: CI {Requirement} {(Holds ? "met" : "not met")}";
        }
    }

    static string Number(double v) => ResultsWriter.Format(v).Replace("-", "−", StringComparison.Ordinal);
}

using HyperDsl.Examples.Shared.Reporting;

namespace HyperDsl.Examples.Shared.Claims;

/// <summary>
/// Builds an experiment's claims from its own results: every test reads the per-seed values of a row (by method
/// name) or of a series (by name) from <paramref name="results"/>, so a claim can only say what the rows say.
/// </summary>
public sealed class ClaimBuilder(ExperimentResults results)
{
    /// <summary>A paired test of <paramref name="a"/> against <paramref name="b"/> (row or series names) under <paramref name="rule"/>.</summary>
    public PairedTest Test(ClaimRule rule, string a, string b, double margin = 0)
    {
        var direction = results.HigherIsBetterFor(a);
        if (direction != results.HigherIsBetterFor(b))
            throw new ArgumentException($"'{a}' and '{b}' are measured in opposite directions and cannot be compared.", nameof(b));
        return PairedTest.Of(rule, a, results.PerSeed(a), b, results.PerSeed(b), direction, margin);
    }

    /// <summary>A better than B.</summary>
    public Claim Better(string id, string statement, string a, string b) => new(id, statement, ClaimCombination.All, [Test(ClaimRule.Better, a, b)]);

    /// <summary>A not worse than B by <paramref name="margin"/> or more (non-inferiority).</summary>
    public Claim NonInferior(string id, string statement, string a, string b, double margin) =>
        new(id, statement, ClaimCombination.All, [Test(ClaimRule.NonInferior, a, b, margin)]);

    /// <summary>A and B within ±<paramref name="margin"/> of each other (equivalence).</summary>
    public Claim Equivalent(string id, string statement, string a, string b, double margin) =>
        new(id, statement, ClaimCombination.All, [Test(ClaimRule.Equivalent, a, b, margin)]);

    /// <summary>Every one of <paramref name="tests"/> holds.</summary>
    public static Claim All(string id, string statement, params PairedTest[] tests) => new(id, statement, ClaimCombination.All, tests);

    /// <summary>More than half of <paramref name="tests"/> (one per task or item) hold.</summary>
    public static Claim MostOf(string id, string statement, IReadOnlyList<PairedTest> tests) => new(id, statement, ClaimCombination.Most, tests);

    /// <summary>A claim whose method the example does not have: it does not hold, and <paramref name="reason"/> says why.</summary>
    public static Claim NotMeasured(string id, string statement, string reason) => new(id, statement, ClaimCombination.NotMeasured, [], reason);

    /// <summary>
    /// <paramref name="claim"/> evaluated again from <paramref name="results"/>'s per-seed values (a claim read back from a
    /// file, checked against the rows written beside it).
    /// </summary>
    public static Claim Reevaluate(ExperimentResults results, Claim claim)
    {
        var builder = new ClaimBuilder(results);
        return claim with { Tests = claim.Tests.Select(t => builder.Test(t.Rule, t.A, t.B, t.Margin)).ToList() };
    }
}

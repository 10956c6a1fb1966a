namespace HyperDsl.Examples.Shared.Claims;

/// <summary>How a claim's paired tests decide it.</summary>
public enum ClaimCombination
{
    /// <summary>Every test holds (a single comparison is a claim with one test).</summary>
    All,
    /// <summary>Most of K: more than half of the K tests hold (each test one task, domain or item).</summary>
    Most,
    /// <summary>The method the claim needs is not in the example: it does not hold, and the evidence says why.</summary>
    NotMeasured,
}

/// <summary>
/// One claim of the paper, evaluated by the program from its own per-seed results: what it states, whether it holds,
/// and the evidence (the figures of every paired test). results.json carries these.
/// </summary>
/// <param name="Id">Short stable identifier, for example <c>interior-domains</c>.</param>
/// <param name="Statement">The claim in words, naming the methods and the rule (better, non-inferior by m, ...).</param>
/// <param name="Combination">How the tests decide it.</param>
/// <param name="Tests">The paired tests (none when not measured).</param>
/// <param name="Reason">Why it was not measured (only for <see cref="ClaimCombination.NotMeasured"/>).</param>
public sealed record Claim(string Id, string Statement, ClaimCombination Combination, IReadOnlyList<PairedTest> Tests, string? Reason = null)
{
    /// <summary>Whether the claim holds: all tests, more than half of them, or never when not measured.</summary>
    public bool Holds => Combination switch
    {
        ClaimCombination.All => Tests.Count > 0 && Tests.All(t => t.Holds),
        ClaimCombination.Most => Tests.Count(t => t.Holds) * 2 > Tests.Count,
        _ => false,
    };

    /// <summary>The figures behind the verdict; begins with <c>not measured:</c> when the method is missing.</summary>
    public string Evidence => Combination switch
    {
        ClaimCombination.NotMeasured => "not measured: " + Reason,
        ClaimCombination.Most => $"{Tests.Count(t => t.Holds)} of {Tests.Count} hold (needs more than half): " + string.Join(" | ", Tests.Select(t => t.Evidence)),
        _ => string.Join(" | ", Tests.Select(t => t.Evidence)),
    };
}

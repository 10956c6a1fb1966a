using System.Diagnostics;

namespace HyperDsl.Fuzz;

/// <summary>
/// Makes a failing input small enough to read and to keep as a regression case: removes chunks (halves, quarters,
/// ... single characters or bytes) as long as the input still fails the same way. Bounded in attempts and time.
/// </summary>
public static class Shrinker
{
    /// <summary>Shrinks a failure found by <paramref name="runner"/>, keeping its signature.</summary>
    public static CaseOutcome Shrink(CaseRunner runner, CaseOutcome failure, int maxAttempts = 3000, TimeSpan? budget = null)
    {
        var signature = failure.Signature;
        var best = failure;
        // Timeouts cost the full time limit per attempt: shrink them only a little.
        if (failure.Verdict is CaseVerdict.TimedOut or CaseVerdict.TooSlow) maxAttempts = Math.Min(maxAttempts, 20);
        Shrink(failure.Input, candidate =>
        {
            var outcome = runner.Run(candidate);
            if (outcome.Passed || outcome.Signature != signature) return false;
            best = outcome;
            return true;
        }, maxAttempts, budget);
        return best;
    }

    /// <summary>The smallest input found for which <paramref name="stillFails"/> holds (the input itself must fail).</summary>
    public static FuzzInput Shrink(FuzzInput input, Func<FuzzInput, bool> stillFails, int maxAttempts = 3000, TimeSpan? budget = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = budget ?? TimeSpan.FromSeconds(60);
        var best = input;
        var attempts = 0;
        var chunk = Math.Max(1, best.Length / 2);
        while (chunk >= 1 && attempts < maxAttempts && clock.Elapsed < limit)
        {
            var progressed = false;
            for (var start = 0; start < best.Length && attempts < maxAttempts && clock.Elapsed < limit;)
            {
                var candidate = Remove(best, start, Math.Min(chunk, best.Length - start));
                attempts++;
                if (stillFails(candidate)) { best = candidate; progressed = true; }
                else start += chunk;
            }
            if (!progressed) chunk /= 2;
        }
        return best;
    }

    private static FuzzInput Remove(FuzzInput input, int start, int length)
    {
        if (input.Text is { } text) return input.WithContent(text.Remove(start, length), null);
        var bytes = input.Bytes!;
        return input.WithContent(null, [.. bytes[..start], .. bytes[(start + length)..]]);
    }
}

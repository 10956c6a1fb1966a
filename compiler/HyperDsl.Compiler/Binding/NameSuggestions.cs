namespace HyperDsl.Compiler.Binding;

/// <summary>"Did you mean ...?" hints by edit distance.</summary>
internal static class NameSuggestions
{
    /// <summary>The closest candidate within a distance that scales with the name's length, or null.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var limit = Math.Max(1, Math.Min(3, name.Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (c == name) continue;
            var d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return bestDistance <= limit ? best : null;
    }

    public static string? Hint(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } c ? $"Did you mean '{c}'?" : null;

    /// <summary>The suggested name of a hint made by <see cref="Hint"/>, or null for any other hint (the editor's quick fix).</summary>
    public static string? Suggestion(string? hint) =>
        hint is not null && hint.StartsWith(HintStart, StringComparison.Ordinal) && hint.EndsWith(HintEnd, StringComparison.Ordinal)
            && hint.Length > HintStart.Length + HintEnd.Length
            ? hint[HintStart.Length..^HintEnd.Length] : null;

    private const string HintStart = "Did you mean '";
    private const string HintEnd = "'?";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

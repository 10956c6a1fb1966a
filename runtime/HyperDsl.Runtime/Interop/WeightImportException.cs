namespace HyperDsl.Runtime.Interop;

/// <summary>
/// Thrown when a checkpoint does not fit a module: every missing, unexpected, generated and wrong-shaped tensor at
/// once, each naming its <c>.hyp</c> declaration and its checkpoint key. The module is unchanged.
/// </summary>
public sealed class WeightImportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The checkpoint (a path, or a description of an in-memory state dict).</param>
    /// <param name="problems">Every problem found.</param>
    /// <param name="unusedRules">Map rules that matched no checkpoint key (a likely cause when keys are unexpected).</param>
    public WeightImportException(string source, IReadOnlyList<ImportProblem> problems, IReadOnlyList<string> unusedRules)
        : base(Render(source, problems, unusedRules))
    {
        Source = source;
        Problems = problems;
        UnusedRules = unusedRules;
    }

    /// <summary>The checkpoint.</summary>
    public new string Source { get; }

    /// <summary>Every problem, model entries first in state-dict order, then checkpoint entries.</summary>
    public IReadOnlyList<ImportProblem> Problems { get; }

    /// <summary>Map rules that matched nothing.</summary>
    public IReadOnlyList<string> UnusedRules { get; }

    private static string Render(string source, IReadOnlyList<ImportProblem> problems, IReadOnlyList<string> unusedRules)
    {
        var lines = new List<string> { $"Checkpoint '{source}' does not fit the module ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was loaded):" };
        lines.AddRange(problems.Select(p => "  " + p));
        if (unusedRules.Count > 0)
        {
            lines.Add("  map rules that matched no checkpoint key:");
            lines.AddRange(unusedRules.Select(r => "    " + r));
        }
        return string.Join(Environment.NewLine, lines);
    }
}

namespace HyperDsl.Compiler.Text;

/// <summary>Span arithmetic used by the parser front end and the binder.</summary>
public static class SourceSpans
{
    /// <summary>The smallest span covering both (they must be in the same file).</summary>
    public static SourceSpan Cover(this SourceSpan a, SourceSpan b)
    {
        var startFirst = (a.StartLine, a.StartColumn).CompareTo((b.StartLine, b.StartColumn)) <= 0;
        var endLast = (a.EndLine, a.EndColumn).CompareTo((b.EndLine, b.EndColumn)) >= 0;
        return new SourceSpan(a.File,
            startFirst ? a.StartLine : b.StartLine, startFirst ? a.StartColumn : b.StartColumn,
            endLast ? a.EndLine : b.EndLine, endLast ? a.EndColumn : b.EndColumn);
    }

    /// <summary>The span of <paramref name="text"/> starting at a 1-based line and column (end exclusive).</summary>
    public static SourceSpan OfText(string file, int line, int column, string text)
    {
        var endLine = line;
        var endColumn = column;
        foreach (var ch in text)
        {
            if (ch == '\n') { endLine++; endColumn = 1; }
            else endColumn++;
        }
        return new SourceSpan(file, line, column, endLine, endColumn);
    }
}

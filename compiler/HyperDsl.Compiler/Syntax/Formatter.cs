using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Syntax;

/// <summary>Canonical formatting of a whole file (<c>hyperdsl fmt</c>).</summary>
public static class Formatter
{
    /// <summary>The canonical text, or null with diagnostics when the file has syntax errors.</summary>
    public static string? Format(string path, string text, DiagnosticBag diagnostics)
    {
        var syntax = SyntaxParser.Parse(path, text, diagnostics);
        if (diagnostics.HasErrors) return null;
        return SyntaxPrinter.Print(syntax, CommentMap.Collect(text));
    }
}

namespace HyperDsl.Compiler.Text;

/// <summary>
/// A located range of a .hyp file, 1-based lines and columns, end exclusive. Every diagnostic, AST node and bound
/// declaration carries one, so errors and generated <c>#line</c> directives point back at the declaration.
/// </summary>
public readonly record struct SourceSpan(string File, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>A span for synthesised declarations that have no text of their own.</summary>
    public static SourceSpan None(string file) => new(file, 1, 1, 1, 1);

    /// <summary>The canonical <c>file(line,col)</c> prefix of a diagnostic.</summary>
    public override string ToString() => $"{File}({StartLine},{StartColumn})";
}

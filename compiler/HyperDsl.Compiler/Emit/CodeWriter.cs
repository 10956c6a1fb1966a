using System.Globalization;
using System.Text;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Emit;

/// <summary>
/// Accumulates generated C# line by line with four-space indentation and LF line endings. Callers pass only escaped
/// identifiers and Roslyn-quoted literals; the emitter parses the result afterwards to prove it is well formed.
/// </summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private readonly string? _linePath;
    private int _indent;
    private bool _lineMapped;

    /// <param name="linePath">The file named in <c>#line</c> directives; null disables them.</param>
    public CodeWriter(string? linePath) => _linePath = linePath is null ? null : SanitizeLinePath(linePath);

    private CodeWriter(CodeWriter parent)
    {
        _linePath = parent._linePath;
        _indent = parent._indent;
    }

    public void Line(string text = "")
    {
        if (text.Length > 0) _text.Append(' ', _indent * 4).Append(text);
        _text.Append('\n');
    }

    /// <summary>A preprocessor directive, written at the start of the line as is conventional.</summary>
    public void Directive(string text) => _text.Append(text).Append('\n');

    public void Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        EndMapping();
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Maps the following lines to <paramref name="span"/> until <see cref="EndMapping"/> (or the next map).</summary>
    public void MapTo(SourceSpan span)
    {
        if (_linePath is null) return;
        _text.Append("#line ").Append(Math.Max(1, span.StartLine).ToString(CultureInfo.InvariantCulture))
             .Append(" \"").Append(_linePath).Append("\"\n");
        _lineMapped = true;
    }

    /// <summary>Restores the generated file's own line numbers.</summary>
    public void EndMapping()
    {
        if (!_lineMapped) return;
        _text.Append("#line default\n");
        _lineMapped = false;
    }

    /// <summary>An XML <c>summary</c> from .hyp documentation (escaped), else from <paramref name="fallback"/> (already XML).</summary>
    public void Summary(string? documentation, string fallback)
    {
        var lines = documentation is null ? [] : DocComments.EscapedLines(documentation);
        if (lines.Count == 0)
        {
            Line($"/// <summary>{fallback}</summary>");
            return;
        }
        if (lines.Count == 1)
        {
            Line($"/// <summary>{lines[0]}</summary>");
            return;
        }
        Line("/// <summary>");
        foreach (var line in lines) Line(line.Length == 0 ? "///" : "/// " + line);
        Line("/// </summary>");
    }

    /// <summary>
    /// A writer at this one's indentation whose text <see cref="Append"/> adds later: for code written before the
    /// declarations it needs are known (a method and the constant fields it asks for).
    /// </summary>
    public CodeWriter Nested() => new(this);

    /// <summary>Adds the text of a <see cref="Nested"/> writer here.</summary>
    public void Append(CodeWriter nested)
    {
        EndMapping();
        _text.Append(nested._text);
    }

    public override string ToString() => _text.ToString();

    // A #line file name is not an escaped string: quotes and line breaks cannot be written, so they are replaced.
    private static string SanitizeLinePath(string path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (var c in path) builder.Append(c == '"' || char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? '_' : c);
        return builder.ToString();
    }
}

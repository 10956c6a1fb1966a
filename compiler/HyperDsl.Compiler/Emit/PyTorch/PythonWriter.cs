using System.Text;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>
/// Accumulates generated Python line by line with four-space indentation and LF line endings. Callers pass only
/// escaped identifiers and quoted literals (<see cref="PythonLiterals"/>).
/// </summary>
internal sealed class PythonWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0) _text.Append(' ', _indent * 4).Append(text);
        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> (ending in a colon) and indents what follows until <see cref="Dedent"/>.</summary>
    public void Block(string header)
    {
        Line(header);
        _indent++;
    }

    public void Dedent() => _indent--;

    /// <summary>A docstring from .hyp documentation, else from <paramref name="fallback"/>; the text is never trusted as code.</summary>
    public void Docstring(string? documentation, string fallback)
    {
        var lines = documentation is null ? [] : PythonLiterals.DocLines(documentation);
        if (lines.Count == 0) lines = PythonLiterals.DocLines(fallback);
        if (lines.Count == 1)
        {
            Line($"\"\"\"{lines[0]}\"\"\"");
            return;
        }
        Line($"\"\"\"{lines[0]}");
        foreach (var line in lines.Skip(1)) Line(line);
        Line("\"\"\"");
    }

    public override string ToString() => _text.ToString();
}

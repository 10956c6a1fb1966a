using HyperDsl.Compiler.Text;
using HyperDsl.LanguageServer.Protocol;
using Range = HyperDsl.LanguageServer.Protocol.Range;

namespace HyperDsl.LanguageServer.Documents;

/// <summary>
/// Converts between the compiler's spans (1-based lines, columns counting code points) and the protocol's positions
/// (0-based lines, UTF-16 offsets), and between positions and offsets into the text.
/// </summary>
public sealed class LineMap
{
    private readonly string _text;
    private readonly List<int> _starts = [0];

    public LineMap(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') _starts.Add(i + 1);
    }

    public int LineCount => _starts.Count;

    /// <summary>The text of a 0-based line without its line break.</summary>
    public string Line(int line)
    {
        if (line < 0 || line >= _starts.Count) return "";
        var end = line + 1 < _starts.Count ? _starts[line + 1] - 1 : _text.Length;
        if (end > _starts[line] && _text[end - 1] == '\r') end--;
        return _text[_starts[line]..Math.Max(_starts[line], end)];
    }

    /// <summary>Offset into the text of a position, clamped to the text.</summary>
    public int Offset(Position p)
    {
        if (p.Line < 0) return 0;
        if (p.Line >= _starts.Count) return _text.Length;
        return Math.Min(_starts[p.Line] + Math.Max(0, Math.Min(p.Character, Line(p.Line).Length)), _text.Length);
    }

    public Position PositionAt(int offset)
    {
        offset = Math.Clamp(offset, 0, _text.Length);
        var line = _starts.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        return new Position(line, offset - _starts[line]);
    }

    public Range ToRange(SourceSpan span) => new(ToPosition(span.StartLine, span.StartColumn), ToPosition(span.EndLine, span.EndColumn));

    /// <summary>A 1-based line and code-point column as a protocol position.</summary>
    public Position ToPosition(int line, int column)
    {
        var l = Math.Max(0, line - 1);
        var text = Line(l);
        var units = 0;
        var cp = 1;
        while (cp < column && units < text.Length)
        {
            units += char.IsHighSurrogate(text[units]) && units + 1 < text.Length ? 2 : 1;
            cp++;
        }
        return new Position(l, units + Math.Max(0, column - cp));
    }

    /// <summary>A protocol position as a 1-based line and code-point column.</summary>
    public (int Line, int Column) ToLineColumn(Position p) =>
        (p.Line + 1, CodePoints(Line(p.Line), Math.Min(p.Character, Line(p.Line).Length)) + 1);

    private static int CodePoints(string text, int units)
    {
        var n = 0;
        for (var i = 0; i < units && i < text.Length; i++, n++)
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length) i++;
        return n;
    }

    /// <summary>True when the 1-based line and column lie inside the span (end inclusive, so a cursor just after a name counts).</summary>
    public static bool Contains(SourceSpan span, int line, int column) =>
        (line, column).CompareTo((span.StartLine, span.StartColumn)) >= 0 && (line, column).CompareTo((span.EndLine, span.EndColumn)) <= 0;
}

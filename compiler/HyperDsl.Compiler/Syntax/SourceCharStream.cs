using Antlr4.Runtime;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// The lexer's input: the text as Unicode code points (like ANTLR's <c>CodePointCharStream</c>, so a letter beyond
/// U+FFFF is one character of an identifier and columns count code points), but token text is cut from the original
/// string. ANTLR's stream rebuilds every token's text one code point at a time through a <c>StringBuilder</c>
/// (~2 us and ~200 bytes per call); the AST builder asks for token text several times per node, which made that the
/// largest cost of parsing a long file (measured: 100,000 pipeline elements, 700 ms and 250 MB in the AST builder).
/// </summary>
internal sealed class SourceCharStream : BaseInputCharStream
{
    private readonly string _text;
    private readonly int[] _codePoints;

    // UTF-16 offset of each code point (and of the end), only when the text holds surrogate pairs; otherwise code point
    // i is char i.
    private readonly int[]? _offsets;

    /// <param name="text">Text without unpaired surrogates (the parser front end replaces them first).</param>
    public SourceCharStream(string text)
    {
        _text = text;
        _codePoints = new int[text.Length];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                _offsets ??= BuildOffsetsUpTo(count);
                _offsets[count] = i;
                _codePoints[count++] = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
                continue;
            }
            if (_offsets is not null) _offsets[count] = i;
            _codePoints[count++] = text[i];
        }
        if (_offsets is not null) _offsets[count] = text.Length;
        n = count;
    }

    // Every code point before the first pair was a single char: its offset is its index.
    private int[] BuildOffsetsUpTo(int count)
    {
        var offsets = new int[_text.Length + 1];
        for (var i = 0; i < count; i++) offsets[i] = i;
        return offsets;
    }

    protected override int ValueAt(int i) => _codePoints[i];

    protected override string ConvertDataToString(int start, int count)
    {
        if (count <= 0) return string.Empty;
        if (_offsets is null) return _text.Substring(start, count);
        var from = _offsets[start];
        return _text.Substring(from, _offsets[start + count] - from);
    }
}

using Antlr4.Runtime;
using Antlr4.Runtime.Misc;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax.Generated;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// Turns ANTLR's syntax errors into HYP0002 / HYP0008 diagnostics (ANTLR's console listeners are removed). Keywords
/// are contextual, so expected sets are described by their structural tokens only, and at most one error is kept per
/// offending token so recovery does not produce cascades. After <see cref="SyntaxLimits.MaxSyntaxErrors"/> errors it
/// reports HYP0010 and abandons the parse (<see cref="SyntaxErrorLimitException"/>).
/// </summary>
internal sealed class SyntaxErrorListener(string file, DiagnosticBag diagnostics) : BaseErrorListener
{
    private readonly HashSet<int> _reportedTokens = [];

    /// <summary>
    /// Syntax errors the parser met, including the follow-on errors this listener does not report. Recovering from
    /// one costs ANTLR a thrown exception (~20 us, a few KB), so a file that is nothing but errors would otherwise
    /// cost that per token: 6 s and 3.4 GB for 990,000 tokens of <c>a.b.b...</c> before this limit.
    /// </summary>
    public int ErrorsMet { get; private set; }

    /// <summary>An unterminated comment swallowed the rest of the file: the missing closers are its consequence.</summary>
    public bool SuppressAtEndOfFile { get; set; }

    /// <summary>Lines holding an unterminated string: the string swallowed the rest of the line.</summary>
    public HashSet<int> SuppressedLines { get; } = [];
    /// <summary>
    /// Lines where the lexer reported an unexpected character: the parser sees what is left once those characters are
    /// dropped, so an unexpected token there is a consequence (<c>@@@ this is not valid</c> is one mistake, not two).
    /// </summary>
    public HashSet<int> LexicalErrorLines { get; } = [];
    private int _lastLine = -1;

    public override void SyntaxError(TextWriter output, IRecognizer recognizer, IToken offendingSymbol, int line,
        int charPositionInLine, string msg, RecognitionException e)
    {
        if (++ErrorsMet > SyntaxLimits.MaxSyntaxErrors)
        {
            diagnostics.Report(DiagnosticCatalog.TooManySyntaxErrors, TokenText.Span(file, offendingSymbol), SyntaxLimits.MaxSyntaxErrors);
            throw new SyntaxErrorLimitException();
        }
        if (!_reportedTokens.Add(offendingSymbol.TokenIndex)) return;
        if (SuppressAtEndOfFile && offendingSymbol.Type == TokenConstants.EOF) return;
        var span = TokenText.Span(file, offendingSymbol);
        var parser = (Parser)recognizer;
        if (msg == SyntaxErrorStrategy.MissingToken)
        {
            // A missing ';' or ')' belongs at the end of the text before it, not at the next line's first token.
            if (((ITokenStream)parser.InputStream).LT(-1) is { } previous && previous.Type != TokenConstants.EOF)
            {
                var end = TokenText.Span(file, previous);
                span = end with { StartLine = end.EndLine, StartColumn = end.EndColumn, EndColumn = end.EndColumn + 1 };
            }
            if (SuppressedLines.Contains(span.StartLine)) return;
            // The expected set is computed only for errors that are reported: it walks the grammar's ATN.
            diagnostics.Report(DiagnosticCatalog.MissingToken, span, Expected(parser, e), TokenText.Describe(offendingSymbol));
        }
        else
        {
            // A second error on the same line is nearly always a consequence of the first.
            if ((line == _lastLine || LexicalErrorLines.Contains(line)) && offendingSymbol.Type != TokenConstants.EOF) return;
            if (SuppressedLines.Contains(line) || SuppressedLines.Contains(line - 1)) return;
            diagnostics.Report(DiagnosticCatalog.UnexpectedToken, span, TokenText.Describe(offendingSymbol), Expected(parser, e));
        }
        _lastLine = line;
    }

    private static string Expected(Parser parser, RecognitionException? e)
    {
        IntervalSet set;
        try
        {
            set = e?.GetExpectedTokens() ?? parser.GetExpectedTokens();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NullReferenceException)
        {
            return "something else";
        }
        var names = new List<string>();
        var types = set.ToList();
        // Keywords are also names: when a name is acceptable, listing every keyword would only be noise.
        var hasName = types.Contains(HyperDslLexer.IDENT);
        foreach (var type in types)
        {
            if (type == HyperDslLexer.IDENT || (hasName && IsContextualKeyword(type))) continue;
            names.Add(TokenText.DescribeType(type, parser.Vocabulary));
        }
        if (hasName) names.Insert(0, "a name");
        if (names.Count == 0) return "something else";
        if (names.Count > 6) return string.Join(", ", names.Take(5)) + " or another token";
        return names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];
    }

    private static bool IsContextualKeyword(int type) => type >= HyperDslLexer.MODEL && type <= HyperDslLexer.TRAINABLE;
}

using Antlr4.Runtime;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax.Generated;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// Text to AST. Lexical problems (bad characters, unterminated comments and strings, non-ASCII names, nesting too deep)
/// are reported from the token list before parsing; the offending tokens are hidden from the parser so that they do
/// not cause follow-on syntax errors. Bracket nesting is checked on tokens first because ANTLR's recursive descent
/// would exhaust the stack on 10,000 nested parentheses.
/// </summary>
public static class SyntaxParser
{
    /// <summary>Parses one file; never throws for any input text.</summary>
    public static FileSyntax Parse(string file, string text, DiagnosticBag diagnostics)
    {
        var lexer = new HyperDslLexer(new SourceCharStream(ReplaceLoneSurrogates(text)));
        lexer.RemoveErrorListeners();
        var tokens = new List<IToken>();
        for (var token = lexer.NextToken(); ; token = lexer.NextToken())
        {
            tokens.Add(token);
            if (token.Type == TokenConstants.EOF) break;
            if (tokens.Count > SyntaxLimits.MaxTokens)
            {
                diagnostics.Report(DiagnosticCatalog.TooManyTokens, TokenText.Span(file, token), SyntaxLimits.MaxTokens);
                return Empty(file);
            }
        }

        var listener = new SyntaxErrorListener(file, diagnostics);
        if (!CheckTokens(file, tokens, diagnostics, listener)) return Empty(file);

        var stream = new CommonTokenStream(new ListTokenSource(tokens));
        stream.Fill();
        var parser = new HyperDslParser(stream) { ErrorHandler = new SyntaxErrorStrategy() };
        parser.RemoveErrorListeners();
        parser.AddErrorListener(listener);
        HyperDslParser.FileContext tree;
        try
        {
            tree = parser.file();
        }
        catch (SyntaxErrorLimitException)
        {
            // HYP0010 is reported; binding a file this broken would only add noise.
            return Empty(file);
        }
        var syntax = new AstBuilder(file, stream, diagnostics).BuildFile(tree);

        if (syntax.Declarations.Length == 0 && !diagnostics.HasErrors)
            diagnostics.Report(DiagnosticCatalog.EmptyFile, new SourceSpan(file, 1, 1, 1, 1));
        return syntax;
    }

    private static FileSyntax Empty(string file) => new(file, [], SourceSpan.None(file));

    // CharStreams.fromString throws on an unpaired surrogate (only text passed to Compile can hold one; decoded
    // files cannot). U+FFFD keeps every position and is reported as an unexpected character.
    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) (copy ??= text.ToCharArray())[i] = '\uFFFD';
        }
        return copy is null ? text : new string(copy);
    }

    /// <summary>Reports lexical problems, hides bad tokens; false when parsing must not be attempted.</summary>
    private static bool CheckTokens(string file, List<IToken> tokens, DiagnosticBag diagnostics, SyntaxErrorListener listener)
    {
        var stack = new Stack<IToken>();
        // Unary minus nests like a bracket ('- - - x' is -(-(-x))), and ANTLR's prediction over that deep a rule
        // stack is quadratic: 100,000 in a row took 2-3 s (found by fuzzing).
        var minusRun = 0;
        // Arrows since the last statement boundary: a pipeline longer than a network may be is stopped here, before
        // ANTLR, the AST builder and the binder each spend ~0.3-0.9 s on 100,000 elements (found by fuzzing).
        var arrowRun = 0;
        IToken? badRunStart = null;
        // A StringBuilder: appending to a string made a long run of bad characters quadratic (100,000 of them
        // allocated 2.4 GB; found by fuzzing).
        var badRun = new System.Text.StringBuilder();
        void FlushBadRun()
        {
            if (badRunStart is null) return;
            var run = badRun.ToString();
            // Format characters (bidi overrides, zero-width) are not printable either: raw, they reorder the line (found by fuzzing).
            var printable = run.All(c => !char.IsControl(c) && !char.IsWhiteSpace(c) && !char.IsSurrogate(c)
                && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);
            var shown = run.Length == 1 ? Describe(run[0])
                : printable && run.Length <= 24 ? $"sequence '{run}'"
                : $"sequence {string.Join(" ", run.Take(8).Select(c => $"U+{(int)c:X4}"))}{(run.Length > 8 ? " ..." : "")}";
            var start = TokenText.Span(file, badRunStart);
            diagnostics.Report(DiagnosticCatalog.UnexpectedCharacter, start with { EndColumn = start.StartColumn + run.Length }, shown);
            listener.LexicalErrorLines.Add(start.StartLine);
            badRunStart = null;
            badRun.Clear();
        }

        foreach (var token in tokens)
        {
            if (token.Type == HyperDslLexer.BAD_CHAR)
            {
                badRunStart ??= token;
                badRun.Append(token.Text);
                Hide(token);
                continue;
            }
            if (token.Channel == TokenConstants.DefaultChannel || token.Type == TokenConstants.EOF) FlushBadRun();
            if (token.Channel == TokenConstants.DefaultChannel)
            {
                minusRun = token.Type == HyperDslLexer.MINUS ? minusRun + 1 : 0;
                if (minusRun > SyntaxLimits.MaxNesting)
                {
                    diagnostics.Report(DiagnosticCatalog.NestingTooDeep, TokenText.Span(file, token), minusRun, SyntaxLimits.MaxNesting);
                    return false;
                }
                if (token.Type is HyperDslLexer.SEMI or HyperDslLexer.LBRACE or HyperDslLexer.RBRACE)
                    arrowRun = 0;
                else if (token.Type == HyperDslLexer.ARROW && ++arrowRun > SyntaxLimits.MaxPipelineSteps)
                {
                    diagnostics.Report(DiagnosticCatalog.PipelineTooLong, TokenText.Span(file, token), SyntaxLimits.MaxPipelineSteps);
                    return false;
                }
            }
            switch (token.Type)
            {
                case HyperDslLexer.UNTERMINATED_COMMENT:
                    diagnostics.Report(DiagnosticCatalog.UnterminatedComment, FirstLine(file, token));
                    listener.SuppressAtEndOfFile = true;
                    Hide(token);
                    break;
                case HyperDslLexer.UNTERMINATED_STRING:
                    diagnostics.Report(DiagnosticCatalog.UnterminatedString, TokenText.Span(file, token));
                    listener.SuppressedLines.Add(token.Line);
                    ((CommonToken)token).Type = HyperDslLexer.STRING;
                    break;
                case HyperDslLexer.LPAREN or HyperDslLexer.LBRACK or HyperDslLexer.LBRACE:
                    stack.Push(token);
                    if (stack.Count > SyntaxLimits.MaxNesting)
                    {
                        diagnostics.Report(DiagnosticCatalog.NestingTooDeep, TokenText.Span(file, token), stack.Count, SyntaxLimits.MaxNesting);
                        return false;
                    }
                    break;
                case HyperDslLexer.RPAREN or HyperDslLexer.RBRACK or HyperDslLexer.RBRACE:
                    if (stack.Count > 0) stack.Pop();
                    break;
            }
        }
        FlushBadRun();
        return true;
    }

    private static SourceSpan FirstLine(string file, IToken token)
    {
        var text = token.Text ?? "";
        var newline = text.IndexOf('\n');
        return SourceSpans.OfText(file, token.Line, token.Column + 1, newline < 0 ? text : text[..newline]);
    }

    private static void Hide(IToken token) => ((CommonToken)token).Channel = TokenConstants.HiddenChannel;

    // Control, format (bidi overrides, zero-width) and separator characters are named, never printed: printed, they
    // would split or visually reorder the one-line diagnostic.
    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c)
        || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
        ? $"U+{(int)c:X4}"
        : $"'{c}' (U+{(int)c:X4})";
}

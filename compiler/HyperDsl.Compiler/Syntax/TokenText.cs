using Antlr4.Runtime;
using HyperDsl.Compiler.Syntax.Generated;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Syntax;

/// <summary>Spans and human-readable names of tokens.</summary>
internal static class TokenText
{
    public static SourceSpan Span(string file, IToken token)
    {
        if (token.Type == TokenConstants.EOF)
            return new SourceSpan(file, token.Line, token.Column + 1, token.Line, token.Column + 1);
        return SourceSpans.OfText(file, token.Line, token.Column + 1, token.Text ?? "");
    }

    public static SourceSpan Span(string file, ParserRuleContext context)
    {
        var start = Span(file, context.Start);
        var stop = context.Stop;
        if (stop is null || stop.TokenIndex < context.Start.TokenIndex) return start;
        return start.Cover(Span(file, stop));
    }

    /// <summary>How a token is named in a message: the text in quotes, or "end of file".</summary>
    public static string Describe(IToken token) => token.Type switch
    {
        TokenConstants.EOF => "end of file",
        _ when token.Type >= HyperDslLexer.MODEL && token.Type <= HyperDslLexer.TRAINABLE => $"keyword '{token.Text}'",
        HyperDslLexer.IDENT => $"name '{Shorten(token.Text)}'",
        HyperDslLexer.INT or HyperDslLexer.FLOAT => $"number {Shorten(token.Text)}",
        HyperDslLexer.STRING => "string",
        _ => $"'{Shorten(token.Text)}'",
    };

    /// <summary>How an expected token type is named: <c>';'</c>, "a name", "a number".</summary>
    public static string DescribeType(int type, IVocabulary vocabulary) => type switch
    {
        TokenConstants.EOF => "end of file",
        HyperDslLexer.IDENT => "a name",
        HyperDslLexer.INT => "an integer",
        HyperDslLexer.FLOAT => "a number",
        HyperDslLexer.STRING => "a string",
        _ => vocabulary.GetLiteralName(type) ?? vocabulary.GetDisplayName(type),
    };

    private static string Shorten(string? text)
    {
        text ??= "";
        return text.Length <= 24 ? text : text[..21] + "...";
    }
}

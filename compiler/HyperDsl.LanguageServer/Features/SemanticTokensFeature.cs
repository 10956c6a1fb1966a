using Antlr4.Runtime;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Binding;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Syntax.Generated;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>
/// Semantic tokens from the compiler's own lexer (keywords, numbers, strings, comments) with names classified by the
/// binder's resolutions and the syntax tree: built-in layers and operations, blocks, conditions, constants, values.
/// </summary>
public static class SemanticTokensFeature
{
    public static readonly string[] TokenTypes = ["keyword", "number", "string", "comment", "function", "class", "variable", "parameter", "property", "operator"];
    public static readonly string[] TokenModifiers = [];
    private const int Keyword = 0, Number = 1, String = 2, Comment = 3, Function = 4, Class = 5, Variable = 6, Parameter = 7, Operator = 9;

    public static SemanticTokens Tokens(Document document)
    {
        var result = document.Result;
        var kinds = new Dictionary<(int, int), int>();
        foreach (var use in result.Symbols)
        {
            var type = use.Kind switch
            {
                SymbolKind.Block => Class,
                SymbolKind.Condition => Parameter,
                SymbolKind.Constant => Parameter,
                SymbolKind.Value => Variable,
                _ => -1,
            };
            if (type >= 0 && use.Kind != SymbolKind.Pattern)
            {
                kinds[(use.Span.StartLine, use.Span.StartColumn)] = type;
                kinds[(use.Declaration.StartLine, use.Declaration.StartColumn)] = type;
            }
        }
        foreach (var b in SyntaxNodes.DescendantsAndSelf(result.Syntax).OfType<BlockDecl>())
            kinds[(b.Name.Span.StartLine, b.Name.Span.StartColumn)] = Class;

        var data = new List<int>();
        var lexer = new HyperDslLexer(new AntlrInputStream(document.Text));
        lexer.RemoveErrorListeners();
        int previousLine = 0, previousStart = 0;
        for (var t = lexer.NextToken(); t.Type != TokenConstants.EOF; t = lexer.NextToken())
        {
            var type = Classify(t, kinds);
            if (type < 0) continue;
            // Multi-line block comments are sent line by line (clients need not support multi-line tokens).
            var parts = t.Text.Split('\n');
            for (var k = 0; k < parts.Length; k++)
            {
                var line = t.Line - 1 + k;
                var start = k == 0 ? t.Column : 0;
                var length = parts[k].TrimEnd('\r').Length;
                if (length == 0) continue;
                data.AddRange([line - previousLine, line == previousLine ? start - previousStart : start, length, type, 0]);
                previousLine = line;
                previousStart = start;
            }
        }
        return new SemanticTokens([.. data]);
    }

    private static int Classify(IToken t, Dictionary<(int, int), int> kinds)
    {
        switch (t.Type)
        {
            case HyperDslLexer.INT or HyperDslLexer.FLOAT: return Number;
            case HyperDslLexer.STRING or HyperDslLexer.UNTERMINATED_STRING: return String;
            case HyperDslLexer.LINE_COMMENT or HyperDslLexer.BLOCK_COMMENT or HyperDslLexer.DOC_COMMENT or HyperDslLexer.UNTERMINATED_COMMENT: return Comment;
            case HyperDslLexer.ARROW: return Operator;
            case HyperDslLexer.IDENT:
                if (kinds.TryGetValue((t.Line, t.Column + 1), out var kind)) return kind;
                return Builtins.All.ContainsKey(t.Text) ? Function : -1;
            default:
                return char.IsLetter(t.Text.FirstOrDefault()) ? Keyword : -1;
        }
    }
}

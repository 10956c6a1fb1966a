using HyperDsl.Compiler.Ast;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>The outline: models with their input, conditions, networks (and their values), hypernet and training; blocks; constants.</summary>
public static class DocumentSymbolFeature
{
    private const int Module = 2, Class = 5, Property = 7, Struct = 23, Function = 12, Variable = 13, Constant = 14, Event = 24;

    public static DocumentSymbol[] Symbols(Document document) =>
        [.. document.LastParsed.Syntax.Declarations.Select(d => Symbol(document, d)).OfType<DocumentSymbol>()];

    private static DocumentSymbol? Symbol(Document document, Node node)
    {
        var lines = document.Lines;
        DocumentSymbol Make(string name, string? detail, int kind, Identifier? id, IEnumerable<Node> children) =>
            new(name, detail, kind, lines.ToRange(node.Span), lines.ToRange(id?.Span ?? node.Span),
                [.. children.Select(c => Symbol(document, c)).OfType<DocumentSymbol>()]);
        return node switch
        {
            ModelDecl m => Make(m.Name.Text, "model", Module, m.Name, m.Members),
            BlockDecl b => Make(b.Name.Text, $"block({string.Join(", ", b.Parameters.Select(p => p.Text))})", Class, b.Name, b.Body),
            NetworkDecl n => Make(n.Name.Text, n.IsTarget ? "target network" : "network", Struct, n.Name, n.Body),
            InputDecl i => Make(i.Name.Text, "input " + Compiler.Syntax.SyntaxPrinter.Print(i.Shape), Property, i.Name, []),
            ConditionDecl c => Make(c.Name.Text, "condition", Event, c.Name, []),
            LetDecl l => Make(l.Name.Text, "let", Constant, l.Name, []),
            LetStatement l => Make(l.Let.Name.Text, "let", Constant, l.Let.Name, []),
            HypernetDecl h => Make("hypernet", "from " + string.Join(", ", h.Sources.Select(s => s.Text)), Function, null, []),
            TrainingDecl => Make("training", null, Function, null, []),
            ValueStatement v => Make(v.Name.Text, v.Definition is RepetitionSyntax ? "repeated" : null, Variable, v.Name,
                v.Definition is RepetitionSyntax r ? r.Body : []),
            _ => null,
        };
    }
}

using HyperDsl.Compiler;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Text;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>
/// Go-to-definition and find-references from the binder's name resolutions (<see cref="CompilationResult.Symbols"/>):
/// blocks, values (skip and concat targets), constants, conditions, and the layers a role pattern matches.
/// </summary>
public static class NavigationFeature
{
    public static Location[] Definition(Document document, Position position)
    {
        var (line, column) = document.Lines.ToLineColumn(position);
        var uses = UsesAt(document.Result, line, column);
        if (uses.Count == 0)
            return DeclarationAt(document.Result, line, column) is { } own ? [Locate(document, own)] : [];
        return [.. uses.Select(u => u.Declaration).Distinct().Select(d => Locate(document, d))];
    }

    public static Location[] References(Document document, Position position, bool includeDeclaration)
    {
        var (line, column) = document.Lines.ToLineColumn(position);
        var result = document.Result;
        var declarations = UsesAt(result, line, column).Select(u => u.Declaration).ToHashSet();
        if (DeclarationAt(result, line, column) is { } own) declarations.Add(own);
        // A layer call is what patterns refer to.
        foreach (var span in LayerCallsAt(result, line, column)) declarations.Add(span);
        if (declarations.Count == 0) return [];

        var spans = new List<SourceSpan>();
        if (includeDeclaration) spans.AddRange(declarations);
        spans.AddRange(result.Symbols.Where(u => declarations.Contains(u.Declaration) && u.Span != u.Declaration).Select(u => u.Span));
        // Patterns that match a layer under one of the values' instances refer to that value too.
        var instances = result.Symbols.Where(u => u.Kind == SymbolKind.Value && declarations.Contains(u.Declaration) && u.Path is not null)
            .Select(u => (u.Network, u.Path!)).ToHashSet();
        spans.AddRange(result.Symbols.Where(u => u.Kind == SymbolKind.Pattern && u.Path is not null &&
            instances.Any(i => i.Network == u.Network && (u.Path == i.Item2 || u.Path.StartsWith(i.Item2 + ".", StringComparison.Ordinal)))).Select(u => u.Span));
        return [.. spans.Distinct().OrderBy(s => (s.StartLine, s.StartColumn)).Select(s => Locate(document, s))];
    }

    /// <summary>The resolved names at a position, innermost first.</summary>
    public static List<SymbolUse> UsesAt(CompilationResult result, int line, int column) =>
        [.. result.Symbols.Where(u => LineMap.Contains(u.Span, line, column) && u.Span != u.Declaration)
            .OrderBy(u => (u.Span.EndLine - u.Span.StartLine, u.Span.EndColumn - u.Span.StartColumn))];

    /// <summary>The span of the declared name at a position (block, network, condition, let, value, parameter, loop variable).</summary>
    public static SourceSpan? DeclarationAt(CompilationResult result, int line, int column)
    {
        var path = SyntaxNodes.PathTo(result.Syntax, line, column);
        if (path[^1] is not Identifier id || path.Count < 2) return null;
        var declares = path[^2] switch
        {
            ModelDecl d => d.Name == id,
            BlockDecl d => d.Name == id || d.Parameters.Contains(id),
            NetworkDecl d => d.Name == id,
            ConditionDecl d => d.Name == id,
            InputDecl d => d.Name == id,
            LetDecl d => d.Name == id,
            ValueStatement d => d.Name == id,
            RepetitionSyntax d => d.Variables.Contains(id),
            _ => false,
        };
        return declares ? id.Span : null;
    }

    private static IEnumerable<SourceSpan> LayerCallsAt(CompilationResult result, int line, int column) =>
        result.Symbols.Where(u => u.Kind == SymbolKind.Pattern && LineMap.Contains(u.Declaration, line, column)).Select(u => u.Declaration).Distinct();

    private static Location Locate(Document document, SourceSpan span) => new(document.Uri, document.Lines.ToRange(span));
}

using System.Text;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Binding;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Syntax;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;
using static HyperDsl.LanguageServer.Features.BoundLookup;

namespace HyperDsl.LanguageServer.Features;

/// <summary>
/// Hover: what flows through a layer or operation (shapes in and out), its role and parameter count; totals for a
/// block instance, value, network or model; a condition's embedding; the constant a name refers to. Read from the
/// bound model and the binder's name resolutions; a model with errors has no bound model, so only syntax is shown.
/// </summary>
public static class HoverFeature
{
    private const int MaxInstances = 6;

    public static Hover? Hover(Document document, Position position)
    {
        var (line, column) = document.Lines.ToLineColumn(position);
        var result = document.Result;
        var path = SyntaxNodes.PathTo(result.Syntax, line, column);
        var modelDecl = path.OfType<ModelDecl>().LastOrDefault();
        var model = ModelOf(result.File, modelDecl);
        // A file-level block is elaborated inside every model that instantiates it.
        var models = model is not null ? [model] : result.File?.Models ?? [];
        var uses = result.Symbols.Where(u => LineMap.Contains(u.Span, line, column)).ToList();
        var text = Describe(path, uses, model, models, result.Symbols);
        if (text is null) return null;
        var node = path.Count > 0 ? path[^1] : null;
        return new Hover(MarkupContent.Markdown(text), node is null ? null : document.Lines.ToRange(node.Span));
    }

    private static string? Describe(List<Node> path, List<SymbolUse> uses, BoundModel? model, IReadOnlyList<BoundModel> models,
        IReadOnlyList<SymbolUse> all)
    {
        var node = path[^1];
        if (uses.FirstOrDefault(u => u.Kind == SymbolKind.Block) is { } block)
            return BlockInstances(block.Name, uses.Where(u => u.Kind == SymbolKind.Block).ToList(), models);
        if (uses.FirstOrDefault(u => u.Kind == SymbolKind.Value) is { } value)
            return Value(value, uses.Where(u => u.Kind == SymbolKind.Value && u.Declaration == value.Declaration).ToList(), models);
        if (uses.FirstOrDefault(u => u.Kind == SymbolKind.Pattern) is { } pattern)
            return Pattern(pattern, uses.Where(u => u.Kind == SymbolKind.Pattern).ToList(), models);
        if (uses.FirstOrDefault(u => u.Kind == SymbolKind.Condition) is { } conditionUse)
            return Condition(conditionUse.Name, model);
        if (uses.FirstOrDefault(u => u.Kind == SymbolKind.Constant) is { } constant)
            return Constant(constant, path[0]);

        // Declarations by their names.
        if (node is Identifier id && path.Count > 1)
        {
            switch (path[^2])
            {
                case ConditionDecl c when c.Name == id: return Condition(c.Name.Text, model);
                case InputDecl i when i.Name == id: return Input(i, model);
                case NetworkDecl n when n.Name == id: return NetworkTotals(n.Name.Text, model);
                case ModelDecl m when m.Name == id: return ModelTotals(m, model);
                case BlockDecl b when b.Name == id:
                    return BlockInstances(b.Name.Text, [.. all.Where(u => u.Kind == SymbolKind.Block && u.Declaration == b.Name.Span)], models);
                case LetDecl l when l.Name == id: return $"```hyperdsl\n{SyntaxPrinter.Print(l).Trim()}\n```";
            }
        }

        // A layer or operation: the innermost expression the forward program has steps for.
        for (var i = path.Count - 1; i >= 0; i--)
        {
            if (path[i] is not Expr expr) continue;
            if (Steps(expr, models) is { Length: > 0 } text) return text;
            if (Callee(expr) is { } name && Builtins.All.TryGetValue(name, out var builtin)) return SignatureFeature.Label(builtin.Signature);
        }
        return null;
    }

    private static string? Callee(Expr e) => e switch { CallExpr c => c.Callee.Text, NameExpr n => n.Name.Text, _ => null };

    /// <summary>Networks of the models by name; a block's uses name the network only, so a block used by two models finds both.</summary>
    private static IEnumerable<BoundNetwork> NetworksNamed(IReadOnlyList<BoundModel> models, string? name) =>
        models.SelectMany(Networks).Where(n => n.Name == name);

    /// <summary>A network as instances are labelled: prefixed with its model's name when several models are shown.</summary>
    private static string Label(IReadOnlyList<BoundModel> models, BoundNetwork network) =>
        models.Count > 1 && models.FirstOrDefault(m => Networks(m).Contains(network)) is { } owner ? $"{owner.Name}.{network.Name}" : network.Name;

    private static string Steps(Expr expr, IReadOnlyList<BoundModel> models)
    {
        var sb = new StringBuilder();
        var total = 0;
        foreach (var network in models.SelectMany(Networks))
        {
            var shapes = ValueShapes(network);
            // One element may add several steps (global_avgpool pools then flattens); each contiguous run of steps
            // with the element's span is one instance (a block body element has one run per block instance).
            var runs = new List<List<BoundStep>>();
            var previous = false;
            foreach (var step in network.Steps)
            {
                var match = step.Span == expr.Span;
                if (match && !previous) runs.Add([]);
                if (match) runs[^1].Add(step);
                previous = match;
            }
            foreach (var run in runs)
            {
                if (total++ >= MaxInstances) continue;
                var layer = run.FirstOrDefault(s => s.Layer is not null)?.Layer;
                var shapesText = $"{Shape(StepShapes(run[0], shapes).In)} → {Shape(run[^1].ResultShape)}";
                sb.Append(layer is null
                    ? $"**{Callee(expr)}** in `{Label(models, network)}`: {shapesText}"
                    : $"**{Callee(expr)}** `{Label(models, network)}.{layer.Path}`: {shapesText} · {Role(layer.Role)} · {LayerCounts(layer)}");
                sb.Append("\n\n");
            }
        }
        if (total > MaxInstances) sb.Append($"… and {total - MaxInstances} more instance(s)");
        return sb.ToString().TrimEnd();
    }

    private static string LayerCounts(BoundLayer layer)
    {
        var own = layer.Parameters.Where(p => p.Origin != ParameterOrigin.Generated).Sum(p => p.Count);
        var generated = layer.Parameters.Where(p => p.Origin == ParameterOrigin.Generated).Sum(p => p.Count);
        var text = $"{N(own)} parameters";
        return generated > 0 ? text + $" · {N(generated)} values generated per sample" : text;
    }

    private static string BlockInstances(string name, List<SymbolUse> instances, IReadOnlyList<BoundModel> models)
    {
        var sb = new StringBuilder($"**block {name}**");
        foreach (var (use, network) in instances.Take(MaxInstances).SelectMany(u => NetworksNamed(models, u.Network).Select(n => (u, n))))
        {
            if (use.Path is null) continue;
            var layers = LayersUnder(network, use.Path).ToList();
            var shapes = ValueShapes(network, use.Path);
            sb.Append($"\n\n`{Label(models, network)}.{use.Path}`" + (shapes is { } s ? $": {Shape(s.In)} → {Shape(s.Out)}" : "") + $" · {Totals(layers)}");
        }
        if (instances.Count > MaxInstances) sb.Append($"\n\n… and {instances.Count - MaxInstances} more instance(s)");
        return sb.ToString();
    }

    private static string Value(SymbolUse use, List<SymbolUse> instances, IReadOnlyList<BoundModel> models)
    {
        var sb = new StringBuilder($"**{use.Name}**");
        foreach (var (instance, network) in instances.Take(MaxInstances).SelectMany(u => NetworksNamed(models, u.Network).Select(n => (u, n))))
        {
            if (instance.Path is null) continue;
            var layers = LayersUnder(network, instance.Path).ToList();
            var shapes = ValueShapes(network, instance.Path);
            sb.Append($"\n\n`{Label(models, network)}.{instance.Path}`" + (shapes is { } s ? $": {Shape(s.In)} → {Shape(s.Out)}" : ""));
            if (layers.Count > 0) sb.Append($" · {Totals(layers)}");
            if (layers.Count == 1) sb.Append($" · {Role(layers[0].Role)}");
        }
        return sb.ToString();
    }

    private static string Pattern(SymbolUse use, List<SymbolUse> matches, IReadOnlyList<BoundModel> models)
    {
        var sb = new StringBuilder($"**pattern** `{use.Name}` matches {matches.Count} layer{(matches.Count == 1 ? "" : "s")}");
        foreach (var m in matches.Take(12))
        {
            var layer = NetworksNamed(models, m.Network).SelectMany(n => n.Layers).FirstOrDefault(l => l.Path == m.Path);
            sb.Append($"\n- `{m.Path}`" + (layer is null ? "" : $": {Role(layer.Role)} · {LayerCounts(layer)}"));
        }
        if (matches.Count > 12) sb.Append($"\n- … and {matches.Count - 12} more");
        return sb.ToString();
    }

    private static string Condition(string name, BoundModel? model)
    {
        var sb = new StringBuilder($"**condition {name}**");
        if (model?.Conditions.FirstOrDefault(c => c.Name == name) is not { } c) return sb.ToString();
        sb.Append($": {c.Kind.ToString().ToLowerInvariant()} → embedding [{c.EmbeddingSize}]");
        var parameters = model.Parameters.Rows.Where(r => r.Owner == ParameterOwner.Conditioning && r.Name.StartsWith(name + ".", StringComparison.Ordinal)).Sum(r => r.Count);
        if (parameters > 0) sb.Append($" · {N(parameters)} trainable parameters");
        if (c.Network is { } network)
            sb.Append($"\n\nreads `{network.Name}`: {Shape(network.InputShape)} → features `{c.FeaturesValue}`");
        if (model.Hypernet is { } h && h.Sources.Contains(c, ReferenceEqualityComparer.Instance))
            sb.Append($"\n\nread by the hypernetwork ({N(h.ConditionSize)} embedding values in all)");
        return sb.ToString();
    }

    private static string Input(InputDecl decl, BoundModel? model) =>
        model is null ? $"**input {decl.Name.Text}**" : $"**input {decl.Name.Text}**: {Shape(model.Input.Shape)} (per sample; batch dimension first at run time)";

    private static string NetworkTotals(string name, BoundModel? model)
    {
        if (model is null || Network(model, name) is not { } network) return $"**network {name}**";
        return $"**network {name}**{(network == model.Target ? " (target)" : "")}: {Shape(network.InputShape)} → {Shape(network.OutputShape)}\n\n{Totals(network.Layers)}";
    }

    private static string ModelTotals(ModelDecl decl, BoundModel? model)
    {
        if (model is null) return $"**model {decl.Name.Text}**";
        var p = model.Parameters;
        var generated = model.Generated.Sum(g => g.Count);
        return $"**model {model.Name}**: {Shape(model.Input.Shape)} → {Shape(model.Target.OutputShape)}\n\n" +
            $"{N(p.Trainable)} trainable parameters (target {N(p.Rows.Where(r => r.Owner == ParameterOwner.Target && r.Origin == ParameterOrigin.Trainable).Sum(r => r.Count))}, " +
            $"hypernetwork {N(p.Total(ParameterOwner.Hypernet))}, conditioning {N(p.Total(ParameterOwner.Conditioning))}) · " +
            $"{N(p.Total(ParameterOrigin.Frozen))} frozen · {N(generated)} values generated per sample in {model.Generated.Length} tensors";
    }

    private static string? Constant(SymbolUse use, Node root)
    {
        var decl = SyntaxNodes.DescendantsAndSelf(root).OfType<LetDecl>().FirstOrDefault(l => l.Name.Span == use.Declaration);
        return decl is null ? $"**{use.Name}**: constant" : $"```hyperdsl\n{SyntaxPrinter.Print(decl).Trim()}\n```";
    }
}

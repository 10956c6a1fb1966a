using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Binding;

// Conditions, hypernet and training sections.
internal sealed partial class ModelBinder
{
    private static ParameterSpec Req(string name) => new(name, Required: true);
    private static ParameterSpec Opt(string name) => new(name);

    internal static readonly ImmutableDictionary<string, Signature> ConditionKinds = new[]
    {
        Signature.Of("domain", Req("network"), Req("features"), Opt("logits")),
        Signature.Of("task", Req("count"), Req("dim")),
        Signature.Of("support_mask", Req("image"), Req("hidden"), Req("dim"), Opt("patches"), Opt("boundary")),
        Signature.Of("tabular", Req("columns"), Req("dim"), Opt("hidden"), Opt("missing")),
        Signature.Of("noise", Req("dim"), Opt("samples")),
    }.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);

    // Domain conditions by name: the network declaration each reads, linked to its bound network once that is built.
    private readonly Dictionary<string, NetworkDecl> _domainNetworks = new(StringComparer.Ordinal);

    /// <summary>Each domain condition with its bound classifier network (built after the conditions that name it).</summary>
    private ImmutableArray<BoundCondition> LinkDomainNetworks(ImmutableArray<BoundCondition> conditions,
        List<(NetworkDecl Decl, NetworkElaborator.Result Result)> auxiliary, ImmutableArray<BoundNetwork> networks) =>
        [.. conditions.Select(c => _domainNetworks.TryGetValue(c.Name, out var decl) ? c with { Network = networks[auxiliary.FindIndex(a => a.Decl == decl)] } : c)];

    private ImmutableArray<BoundCondition> BindConditions(List<(NetworkDecl Decl, NetworkElaborator.Result Result)> auxiliary,
        List<ParameterRow> rows, Dictionary<string, Dictionary<string, string>> namedOutputs)
    {
        var result = ImmutableArray.CreateBuilder<BoundCondition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in _model.Members.OfType<ConditionDecl>())
        {
            var name = c.Name.Text;
            if (!names.Add(name)) _diagnostics.Report(DiagnosticCatalog.DuplicateName, c.Name.Span, name);
            CSharpKeywordWarning.Report(name, c.Name.Span, _diagnostics);
            if (c.Source is not CallExpr call)
            {
                if (c.Source is not ErrorExpr)
                    _diagnostics.Report(DiagnosticCatalog.TypeMismatch, c.Source.Span, $"condition {name}", "a source such as task(count: 4, dim: 16)", "this expression");
                continue;
            }
            if (!ConditionKinds.TryGetValue(call.Callee.Text, out var signature))
            {
                _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownChoice, call.Callee.Span, NameSuggestions.Hint(call.Callee.Text, ConditionKinds.Keys),
                    call.Callee.Text, "condition kind", string.Join(", ", ConditionKinds.Keys.Order(StringComparer.Ordinal)));
                continue;
            }
            var args = signature.Bind(call.Span, call.Arguments, _context.Constants, _evaluator, _diagnostics);
            var rowsBefore = rows.Count;
            var bound = call.Callee.Text switch
            {
                "task" => TaskCondition(name, c, args, rows),
                "noise" => new BoundCondition(name, ConditionKind.Noise, args.Int("dim", 1), c.Span, Count: args.Int("samples", 1)),
                "tabular" => TabularCondition(name, c, args, rows),
                "support_mask" => SupportCondition(name, c, args, rows),
                _ => DomainCondition(name, c, args, auxiliary, rows, namedOutputs),
            };
            CheckRowSizes(rows.Skip(rowsBefore), c.Span);
            if (bound is not null && !args.HasErrors) result.Add(bound);
        }
        return result.ToImmutable();
    }

    private static BoundCondition TaskCondition(string name, ConditionDecl c, CallArguments args, List<ParameterRow> rows)
    {
        var count = args.Int("count", 1);
        var dim = args.Int("dim", 1);
        rows.Add(Row($"{name}.table.weight", [count, dim]));
        return new BoundCondition(name, ConditionKind.Task, dim, c.Span, Count: count);
    }

    private static ParameterRow Row(string name, ImmutableArray<long> shape, ParameterOwner owner = ParameterOwner.Conditioning) =>
        new(name, owner, ParameterOrigin.Trainable, shape, Shapes.Count(shape) ?? 0);

    /// <summary>Linear(in, out) weight and bias rows.</summary>
    private static void LinearRows(List<ParameterRow> rows, string prefix, long inF, long outF, ParameterOwner owner = ParameterOwner.Conditioning)
    {
        rows.Add(Row(prefix + ".weight", [outF, inF], owner));
        rows.Add(Row(prefix + ".bias", [outF], owner));
    }

    private BoundCondition TabularCondition(string name, ConditionDecl c, CallArguments args, List<ParameterRow> rows)
    {
        var columnsValue = args.Raw("columns");
        var columns = ImmutableArray.CreateBuilder<string>();
        if (columnsValue is ListValue list)
        {
            foreach (var item in list.Items)
            {
                if (item is SymbolValue s) columns.Add(s.Name);
                else if (item is StringValue str) columns.Add(str.Value);
                else _diagnostics.Report(DiagnosticCatalog.TypeMismatch, args.SpanOf("columns"), "tabular: columns", "a list of column names", "a list containing " + item.Kind);
            }
            foreach (var dup in columns.GroupBy(x => x).Where(g => g.Count() > 1))
                _diagnostics.Report(DiagnosticCatalog.DuplicateName, args.SpanOf("columns"), dup.Key);
        }
        else if (columnsValue is not null and not ErrorValue)
            _diagnostics.Report(DiagnosticCatalog.TypeMismatch, args.SpanOf("columns"), "tabular: columns", "a list of column names", columnsValue.Kind);
        var dim = args.Int("dim", 1);
        var hidden = args.IntList("hidden");
        var missing = args.Choice("missing", "missing-value handling", SettingChoices.Missing, "indicator") == "zero" ? MissingValues.Zero : MissingValues.Indicator;
        long width = missing == MissingValues.Indicator ? 2L * columns.Count : columns.Count;
        var i = 0;
        foreach (var h in hidden.Append(dim))
        {
            LinearRows(rows, $"{name}.encoder.{i++}", width, h);
            width = h;
        }
        return new BoundCondition(name, ConditionKind.Tabular, dim, c.Span, Columns: columns.ToImmutable(), Hidden: hidden, Missing: missing);
    }

    private BoundCondition SupportCondition(string name, ConditionDecl c, CallArguments args, List<ParameterRow> rows)
    {
        var image = args.IntList("image");
        var hidden = args.IntList("hidden");
        var dim = args.Int("dim", 1);
        var patches = args.Int("patches", 32);
        var boundary = args.Double("boundary", 0.5, 0, 1);
        if (image.Length is not (3 or 4))
        {
            _diagnostics.Report(DiagnosticCatalog.RankMismatch, args.SpanOf("image"), $"condition {name}", "an image [channels, height, width] or a volume [channels, depth, height, width]", Shapes.Format(image));
            return new BoundCondition(name, ConditionKind.SupportMask, dim, c.Span);
        }
        if (hidden.IsEmpty) _diagnostics.Report(DiagnosticCatalog.MissingArgument, args.SpanOf("hidden"), "support_mask", "hidden");
        // Mirrors the runtime's SupportMaskEncoder: per stage conv k3 s2 + GroupNorm; context and output projections.
        var rank = image.Length - 1;
        long width = image[0];
        var i = 0;
        foreach (var h in hidden)
        {
            rows.Add(Row($"{name}.encoder.{i}.conv.weight", [h, width, .. Enumerable.Repeat(3L, rank)]));
            rows.Add(Row($"{name}.encoder.{i}.conv.bias", [h]));
            rows.Add(Row($"{name}.encoder.{i}.norm.weight", [h]));
            rows.Add(Row($"{name}.encoder.{i}.norm.bias", [h]));
            width = h;
            i++;
        }
        var neighbourhood = (long)Math.Pow(3, rank);
        const int positionalFrequencies = 4;
        LinearRows(rows, $"{name}.context", width * neighbourhood + 2L * rank * positionalFrequencies, width);
        LinearRows(rows, $"{name}.output", 2 * width, dim);
        return new BoundCondition(name, ConditionKind.SupportMask, dim, c.Span, Hidden: hidden, InputShape: image, Patches: patches, Boundary: boundary);
    }

    private BoundCondition? DomainCondition(string name, ConditionDecl c, CallArguments args,
        List<(NetworkDecl Decl, NetworkElaborator.Result Result)> auxiliary, List<ParameterRow> rows,
        Dictionary<string, Dictionary<string, string>> namedOutputs)
    {
        var networkName = args.Raw("network") is SymbolValue s ? s.Name : null;
        var network = auxiliary.FirstOrDefault(a => a.Decl.Name.Text == networkName);
        if (network.Decl is null)
        {
            _diagnostics.ReportWithHint(DiagnosticCatalog.NotADomainNetwork, args.SpanOf("network"),
                NameSuggestions.Hint(networkName ?? "", auxiliary.Select(a => a.Decl.Name.Text)), networkName ?? "?");
            return null;
        }
        var features = args.Raw("features") is SymbolValue f ? f.Name : null;
        if (features is null || network.Result.Scope.Values.GetValueOrDefault(features) is not { } featureEntry)
        {
            _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownName, args.SpanOf("features"),
                NameSuggestions.Hint(features ?? "", network.Result.Scope.Values.Keys), features ?? "?");
            return null;
        }
        var featureShape = featureEntry.Value.Shape;
        if (!featureShape.IsDefault && featureShape.Length != 1)
            _diagnostics.Report(DiagnosticCatalog.NotAVector, args.SpanOf("features"), features, Shapes.Format(featureShape));
        var logitsName = args.Raw("logits") is SymbolValue l ? l.Name : null;
        var logits = network.Result.Output;
        if (logitsName is not null)
        {
            if (network.Result.Scope.Values.GetValueOrDefault(logitsName) is { } logitsEntry) logits = logitsEntry.Value;
            else _diagnostics.Report(DiagnosticCatalog.UnknownName, args.SpanOf("logits"), logitsName);
        }
        if (!logits.Shape.IsDefault && logits.Shape.Length != 1)
            _diagnostics.Report(DiagnosticCatalog.NotAVector, args.SpanOf("logits"), logitsName ?? network.Decl.Name.Text, Shapes.Format(logits.Shape));
        if (!namedOutputs.TryGetValue(network.Decl.Name.Text, out var outputs)) namedOutputs[network.Decl.Name.Text] = outputs = new(StringComparer.Ordinal);
        outputs[features] = featureEntry.Value.Ssa;
        outputs["logits"] = logits.Ssa;
        foreach (var layer in network.Result.Layers)
            foreach (var (tensor, shape) in layer.Tensors())
                rows.Add(new ParameterRow($"{network.Decl.Name.Text}.{layer.Path}.{tensor}", ParameterOwner.Conditioning,
                    layer.Role.Kind == LayerRoleKind.Frozen ? ParameterOrigin.Frozen : ParameterOrigin.Trainable, shape, Shapes.Count(shape) ?? 0));
        var embedding = featureShape.IsDefault || featureShape.Length != 1 ? 0 : featureShape[0];
        var domains = logits.Shape.IsDefault || logits.Shape.Length != 1 ? 0 : logits.Shape[0];
        // The network itself is linked once it is built (ModelBinder.LinkDomainNetworks).
        _domainNetworks[name] = network.Decl;
        return new BoundCondition(name, ConditionKind.Domain, embedding, c.Span, FeaturesValue: features,
            Count: domains, InputShape: network.Result.Input.Shape, FromInput: network.Decl.InputName is null);
    }
}

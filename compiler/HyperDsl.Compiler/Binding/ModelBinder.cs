using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>Binds one <c>model</c>: input, networks, conditions, hypernetwork, training, generated tensors and parameter table.</summary>
internal sealed partial class ModelBinder
{
    private readonly ModelDecl _model;
    private readonly DiagnosticBag _diagnostics;
    private readonly ConstantEvaluator _evaluator;
    private readonly ModelContext _context;
    private readonly string _file;

    public ModelBinder(ModelDecl model, ImmutableDictionary<string, BlockDecl> fileBlocks, ConstantScope fileConstants, DiagnosticBag diagnostics, SymbolUses? uses = null)
    {
        _model = model;
        _diagnostics = diagnostics;
        _evaluator = new ConstantEvaluator(diagnostics, uses);
        _file = model.Span.File;
        var constants = new ConstantScope(fileConstants);
        var blocks = fileBlocks.ToBuilder();
        ScopeDeclarations.Declare(model.Members, constants, blocks, _evaluator, diagnostics);
        _context = new ModelContext(blocks.ToImmutable(), constants, uses);
    }

    public BoundModel? Bind()
    {
        CSharpKeywordWarning.Report(_model.Name.Text, _model.Name.Span, _diagnostics);
        var input = BindInput();
        var networks = _model.Members.OfType<NetworkDecl>().ToList();
        foreach (var dup in networks.GroupBy(n => n.Name.Text).Where(g => g.Count() > 1))
            _diagnostics.Report(DiagnosticCatalog.DuplicateName, dup.Skip(1).First().Name.Span, dup.Key);
        var target = FindTarget(networks);
        if (input is null || target is null) return null;

        var targetResult = new NetworkElaborator(_context, _diagnostics).Elaborate(target, [input.Name], input.Shape, allowGenerated: true);
        var auxiliary = new List<(NetworkDecl Decl, NetworkElaborator.Result Result)>();
        foreach (var n in networks.Where(n => n != target))
        {
            var names = n.InputName is null ? new[] { input.Name } : [n.InputName.Text];
            var shape = n.InputShape is null ? input.Shape : Shape(n.InputShape, $"network {n.Name.Text}: input");
            auxiliary.Add((n, new NetworkElaborator(_context, _diagnostics).Elaborate(n, names, shape, allowGenerated: false)));
        }

        var conditionRows = new List<ParameterRow>();
        var namedOutputs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var conditions = BindConditions(auxiliary, conditionRows, namedOutputs);
        var auxNetworks = auxiliary.Select(a => BuildNetwork(a.Decl, a.Result, [], namedOutputs.GetValueOrDefault(a.Decl.Name.Text))).ToImmutableArray();
        conditions = LinkDomainNetworks(conditions, auxiliary, auxNetworks);

        var generated = PlanGenerated(targetResult.Layers);
        var hypernetDecls = _model.Members.OfType<HypernetDecl>().ToList();
        foreach (var extra in hypernetDecls.Skip(1)) _diagnostics.Report(DiagnosticCatalog.DuplicateSection, extra.Span, _model.Name.Text, "hypernet");
        BoundHypernet? hypernet = null;
        var hypernetRows = new List<ParameterRow>();
        if (hypernetDecls.Count > 0)
        {
            hypernet = BindHypernet(hypernetDecls[0], conditions, generated);
            // A generated tensor beyond the size limit has its error already (CheckTensors); its count would overflow here.
            var sizesKnown = generated.All(g => Shapes.Count([.. g.Shape]) is { } n && n <= BindingLimits.MaxTensorElements);
            if (hypernet is not null && generated.Length > 0 && sizesKnown) hypernetRows.AddRange(HypernetParameters.Rows(hypernet, generated));
            CheckRowSizes(hypernetRows, hypernetDecls[0].Span);
            if (generated.Length == 0) _diagnostics.Report(DiagnosticCatalog.NothingGenerated, hypernetDecls[0].Span, _model.Name.Text);
            foreach (var c in conditions.Where(c => hypernet is not null && !hypernet.Sources.Any(s => s.Name == c.Name)))
                _diagnostics.Report(DiagnosticCatalog.UnusedCondition, c.Span, c.Name);
        }
        else if (generated.Length > 0)
        {
            _diagnostics.Report(DiagnosticCatalog.GeneratedWithoutHypernet, _model.Name.Span, _model.Name.Text, generated.Length);
        }

        var training = BindTraining(conditions);
        var targetNetwork = BuildNetwork(target, targetResult, generated, namedOutputs.GetValueOrDefault(target.Name.Text));

        var rows = new List<ParameterRow>();
        foreach (var layer in targetNetwork.Layers)
            foreach (var p in layer.Parameters)
                rows.Add(new ParameterRow(layer.KeyOf(p.Name), ParameterOwner.Target, p.Origin, p.Shape, SafeCount(p.Shape)));
        rows.AddRange(hypernetRows);
        rows.AddRange(conditionRows);

        return new BoundModel(_model.Name.Text, _model.Span, _model.Documentation, input, conditions, targetNetwork, auxNetworks,
            hypernet, generated, training, new ParameterTable([.. rows]), "");
    }

    private static long SafeCount(ImmutableArray<long> shape) => Shapes.Count(shape) ?? 0;

    /// <summary>
    /// Reports the first conditioning or hypernetwork tensor beyond the size limit or 64 bits (a task table of 10^12
    /// rows, an MLP body of width 10^12), as layers' tensors are; found by fuzzing, where they passed unreported.
    /// </summary>
    private void CheckRowSizes(IEnumerable<ParameterRow> rows, SourceSpan span)
    {
        foreach (var row in rows)
        {
            var count = Shapes.Count(row.Shape);
            if (count is null)
            {
                _diagnostics.Report(DiagnosticCatalog.ArithmeticOverflow, span, row.Name);
                return;
            }
            if (count > BindingLimits.MaxTensorElements)
            {
                _diagnostics.Report(DiagnosticCatalog.TensorTooLarge, span, row.Name, count.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    BindingLimits.MaxTensorElements.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                return;
            }
        }
    }

    private BoundInput? BindInput()
    {
        var inputs = _model.Members.OfType<InputDecl>().ToList();
        if (inputs.Count == 0)
        {
            _diagnostics.Report(DiagnosticCatalog.MissingInput, _model.Name.Span, _model.Name.Text);
            return null;
        }
        foreach (var extra in inputs.Skip(1)) _diagnostics.Report(DiagnosticCatalog.DuplicateSection, extra.Span, _model.Name.Text, "input");
        var i = inputs[0];
        CSharpKeywordWarning.Report(i.Name.Text, i.Name.Span, _diagnostics);
        return new BoundInput(i.Name.Text, Shape(i.Shape, $"input {i.Name.Text}"), i.Span);
    }

    /// <summary>A shape literal: a list of positive integers.</summary>
    private ImmutableArray<long> Shape(Expr expr, string what)
    {
        var value = _evaluator.Evaluate(expr, _context.Constants);
        if (value is ListValue { IsTuple: false } list && list.Items.Length > 0)
        {
            var dims = ImmutableArray.CreateBuilder<long>();
            foreach (var item in list.Items)
            {
                if (item is IntValue { Value: > 0 } d) dims.Add(d.Value);
                else
                {
                    if (item is IntValue bad) _diagnostics.Report(DiagnosticCatalog.NotPositive, expr.Span, what, bad.Value);
                    else if (item is not ErrorValue) _diagnostics.Report(DiagnosticCatalog.TypeMismatch, expr.Span, what, "a shape such as [1, 32, 32]", "a list containing " + item.Kind);
                    return default;
                }
            }
            return dims.ToImmutable();
        }
        if (value is not ErrorValue) _diagnostics.Report(DiagnosticCatalog.TypeMismatch, expr.Span, what, "a shape such as [1, 32, 32]", value.Kind);
        return default;
    }

    private NetworkDecl? FindTarget(List<NetworkDecl> networks)
    {
        var marked = networks.Where(n => n.IsTarget).ToList();
        if (marked.Count == 1) return marked[0];
        if (marked.Count == 0 && networks.Count == 1) return networks[0];
        if (networks.Count == 0) _diagnostics.Report(DiagnosticCatalog.MissingTarget, _model.Name.Span, _model.Name.Text);
        else _diagnostics.Report(DiagnosticCatalog.AmbiguousTarget, (marked.Count > 1 ? marked[1] : networks[0]).Name.Span, _model.Name.Text);
        return null;
    }

    /// <summary>Every generated tensor in slot order: layers in declaration order; weight, bias (external) or A, B (LoRA).</summary>
    private static ImmutableArray<GeneratedTensor> PlanGenerated(IReadOnlyList<LayerBuilder> layers)
    {
        var result = ImmutableArray.CreateBuilder<GeneratedTensor>();
        var component = 0;
        foreach (var l in layers)
        {
            var role = l.Role;
            if (role.Kind is not (LayerRoleKind.External or LayerRoleKind.Lora)) continue;
            var type = ComponentNaming.Type(l.Path);
            var depth = ComponentNaming.Depth(l.Path);
            GeneratedTensor Tensor(string name, GeneratedKind kind, ImmutableArray<long> shape) =>
                new(l.Path + "." + name, l.Path, kind, shape, l.FanIn, l.FanOut, component, type, depth, l.Span, l.Gain);
            var tensors = l.Tensors();
            if (role.Kind == LayerRoleKind.External)
            {
                if (role.GenerateWeight) result.Add(Tensor("weight", GeneratedKind.Weight, tensors[0].Shape));
                if (role.GenerateBias && tensors.Length > 1) result.Add(Tensor("bias", GeneratedKind.Bias, tensors[1].Shape));
            }
            else
            {
                result.Add(Tensor("lora_a", GeneratedKind.LoraA, [role.Rank, l.Arguments.InFeatures]));
                result.Add(Tensor("lora_b", GeneratedKind.LoraB, [l.Arguments.OutFeatures, role.Rank]));
            }
            component++;
        }
        return result.ToImmutable();
    }

    private BoundNetwork BuildNetwork(NetworkDecl decl, NetworkElaborator.Result result, ImmutableArray<GeneratedTensor> generated,
        Dictionary<string, string>? namedOutputs)
    {
        // A layer declared twice (already reported as a duplicate name) yields two tensors of one name: keep the first.
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (generated.IsDefault ? 0 : generated.Length); i++) slots.TryAdd(generated[i].Name, i);
        var layers = ImmutableArray.CreateBuilder<BoundLayer>();
        var bound = new Dictionary<LayerBuilder, BoundLayer>(ReferenceEqualityComparer.Instance);
        foreach (var l in result.Layers)
        {
            var parameters = ImmutableArray.CreateBuilder<BoundParameter>();
            foreach (var (name, shape) in l.Tensors())
            {
                var origin = l.Role.Kind switch
                {
                    LayerRoleKind.Frozen or LayerRoleKind.Lora => ParameterOrigin.Frozen,
                    LayerRoleKind.External when slots.ContainsKey(l.Path + "." + name) => ParameterOrigin.Generated,
                    _ => ParameterOrigin.Trainable,
                };
                parameters.Add(new BoundParameter(name, shape, origin, origin == ParameterOrigin.Generated ? slots[l.Path + "." + name] : null));
            }
            if (l.Role.Kind == LayerRoleKind.Lora)
            {
                parameters.Add(new BoundParameter("lora_a", [l.Role.Rank, l.Arguments.InFeatures], ParameterOrigin.Generated, slots.GetValueOrDefault(l.Path + ".lora_a")));
                parameters.Add(new BoundParameter("lora_b", [l.Arguments.OutFeatures, l.Role.Rank], ParameterOrigin.Generated, slots.GetValueOrDefault(l.Path + ".lora_b")));
            }
            layers.Add(bound[l] = new BoundLayer(l.Path, l.Kind, l.Arguments, l.Role, parameters.ToImmutable(), l.Span, l.Documentation));
        }
        // Steps link the layers they run (a layer beyond the layer limit, already reported, is not linked).
        var steps = result.Steps.Select(s => s.Layer is { } builder && bound.TryGetValue(builder, out var layer) ? s.Step with { Layer = layer } : s.Step)
            .ToImmutableArray();
        var outputs = (namedOutputs ?? []).ToImmutableDictionary(StringComparer.Ordinal);
        return new BoundNetwork(decl.Name.Text, decl.Span, result.Input.Shape.IsDefault ? [] : result.Input.Shape,
            result.Output.Shape.IsDefault ? [] : result.Output.Shape, layers.ToImmutable(), steps, result.Input.Ssa, result.Output.Ssa, outputs);
    }
}

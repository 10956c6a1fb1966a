using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>
/// Elaborates one network: instantiates blocks, unrolls repetitions, names every layer by its dotted path, builds
/// the straight-line SSA forward program and checks shapes on the way (each step's result shape is concrete). Role
/// declarations (prefixes and pattern statements) are recorded in elaboration order and applied at the end, so that
/// `frozen *;` at the top of a network covers layers declared below it and later declarations override earlier ones.
/// </summary>
internal sealed partial class NetworkElaborator
{
    private readonly ModelContext _context;
    private readonly DiagnosticBag _diagnostics;
    private readonly ConstantEvaluator _evaluator;
    private readonly List<LayerBuilder> _layers = [];
    private readonly List<ElaboratedStep> _steps = [];
    private readonly HashSet<string> _ssaNames = new(StringComparer.Ordinal);
    private readonly List<RoleEvent> _roleEvents = [];
    private readonly Stack<string> _blockStack = new();
    private readonly HashSet<SourceSpan> _reportedNamings = [];
    private bool _limitReported;
    private bool _stepLimitReported;
    private bool _elementIsFirst;
    private string _network = "";
    // Where each statement's value was declared, by entry identity (records compare by value), for SymbolUses.
    private readonly Dictionary<Entry, (SourceSpan Name, string Path)> _declaredAt = new(ReferenceEqualityComparer.Instance);

    private abstract record RoleEvent(RoleSyntax Role, SourceSpan Span);
    private sealed record PrefixRole(RoleSyntax Role, ImmutableArray<LayerBuilder> Layers, SourceSpan Span) : RoleEvent(Role, Span);
    private sealed record PatternRole(RoleSyntax Role, PatternSyntax Pattern, string Prefix, SourceSpan Span) : RoleEvent(Role, Span);

    public NetworkElaborator(ModelContext context, DiagnosticBag diagnostics)
    {
        _context = context;
        _diagnostics = diagnostics;
        _evaluator = new ConstantEvaluator(diagnostics, context.Uses);
    }

    /// <summary>A step of the forward program with the layer it runs, linked to its bound layer when the network is built.</summary>
    public sealed record ElaboratedStep(BoundStep Step, LayerBuilder? Layer);

    /// <summary>The result of elaboration; roles are final.</summary>
    public sealed record Result(
        IReadOnlyList<LayerBuilder> Layers,
        ImmutableArray<ElaboratedStep> Steps,
        ValueInfo Input,
        ValueInfo Output,
        BodyScope Scope);

    /// <summary>Elaborates a network body reading an input of the given name(s) and shape.</summary>
    public Result Elaborate(NetworkDecl network, IReadOnlyList<string> inputNames, ImmutableArray<long> inputShape, bool allowGenerated)
    {
        _network = network.Name.Text;
        var input = new ValueInfo(Unique(inputNames[0]), inputShape);
        var scope = new BodyScope(null, new ConstantScope(_context.Constants), "", input);
        foreach (var name in inputNames.Append("input").Distinct()) scope.Values[name] = new ValueEntry(input, null);
        var output = Body(network.Body, scope);
        ApplyRoles(network, allowGenerated);
        return new Result(_layers, [.. _steps], input, output, scope);
    }

    // ---- statements ----

    private ValueInfo Body(ImmutableArray<Statement> statements, BodyScope scope)
    {
        var current = scope.Input;
        ValueInfo? output = null;
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case LetStatement l:
                    var value = _evaluator.Evaluate(l.Let.Value, scope.Constants);
                    if (!scope.Constants.TryDeclare(l.Let.Name.Text, value, l.Let.Name.Span))
                        _diagnostics.Report(DiagnosticCatalog.DuplicateName, l.Let.Name.Span, l.Let.Name.Text);
                    break;
                case OutputStatement o:
                    if (scope.Lookup(o.Name.Text) is { } entry) output = entry.Value;
                    else ReportUnknownValue(o.Name, scope);
                    break;
                case RoleStatement r:
                    foreach (var pattern in r.Patterns) _roleEvents.Add(new PatternRole(r.Role, pattern, scope.PathPrefix, pattern.Span));
                    break;
                case ValueStatement v:
                    current = ValueStatement(v, current, scope);
                    break;
            }
        }
        return output ?? current;
    }

    private ValueInfo ValueStatement(ValueStatement v, ValueInfo current, BodyScope scope)
    {
        var name = v.Name.Text;
        if (scope.Values.ContainsKey(name))
            _diagnostics.Report(DiagnosticCatalog.DuplicateName, v.Name.Span, name);
        CSharpKeywordWarning.Report(name, v.Name.Span, _diagnostics);
        var path = scope.Path(name);
        var layersBefore = _layers.Count;
        Entry entry = v.Definition switch
        {
            RepetitionSyntax r => Repetition(r, current, path, scope, v.Documentation),
            PipelineSyntax p => Pipeline(p, current, path, scope, v.Documentation),
            _ => new ValueEntry(current, null),
        };
        if (v.Role is not null)
            AddPrefixRole(v.Role, layersBefore, v.Role.Span.Cover(v.Name.Span));
        scope.Values[name] = entry;
        _declaredAt[entry] = (v.Name.Span, path);
        _context.Uses?.Add(new SymbolUse(v.Name.Span, SymbolKind.Value, name, v.Name.Span, _network, path));
        return entry.Value;
    }

    private void AddPrefixRole(RoleSyntax role, int layersBefore, SourceSpan span)
    {
        var created = _layers.Skip(layersBefore).ToImmutableArray();
        _roleEvents.Add(new PrefixRole(role, created, span));
    }

    private RepeatedEntry Repetition(RepetitionSyntax r, ValueInfo current, string path, BodyScope scope, string? documentation)
    {
        var items = RepetitionItems(r, scope);
        var iterations = ImmutableArray.CreateBuilder<ValueEntry>();
        var mismatchReported = false;
        var segments = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var inner = new BodyScope(scope, new ConstantScope(scope.Constants), path + "." + i, current);
            inner.Values["input"] = new ValueEntry(current, null);
            BindLoopVariables(r, i, items[i], inner, ref mismatchReported);
            if (r.Naming is not null)
            {
                var segment = IterationSegment(r.Naming, i, inner);
                if (!segments.Add(segment) && _reportedNamings.Add(r.Naming.Span))
                    _diagnostics.Report(DiagnosticCatalog.BadIterationName, r.Naming.Span, Printable(r.Naming.Value), $"spells '{Printable(segment)}' for two iterations");
                inner.PathPrefix = path + "." + segment;
            }
            var iterationPath = inner.PathPrefix;
            ValueInfo output;
            if (r.Pipeline is not null)
                output = Pipeline(r.Pipeline, current, iterationPath, inner, documentation).Value;
            else
                output = Body(r.Body, inner);
            iterations.Add(new ValueEntry(output, inner));
            current = output;
            if (_limitReported) break;
        }
        return new RepeatedEntry(iterations.ToImmutable(), current);
    }

    // `as "encoder_layer_{i}"`: the iteration's path segment, from the loop variables bound for this iteration.
    private string IterationSegment(StringLiteral template, int index, BodyScope inner)
    {
        var text = new System.Text.StringBuilder();
        var t = template.Value;
        for (var i = 0; i < t.Length; i++)
        {
            if (t[i] != '{') { text.Append(t[i]); continue; }
            var close = t.IndexOf('}', i + 1);
            if (close < 0) return Fallback("has a '{' that is never closed");
            var name = t[(i + 1)..close];
            switch (inner.Constants.Lookup(name))
            {
                case IntValue v: text.Append(v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
                case StringValue v: text.Append(v.Value); break;
                case SymbolValue v: text.Append(v.Name); break;
                case ErrorValue: return index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case null: return Fallback($"reads '{name}', which is not a loop variable or constant");
                default: return Fallback($"reads '{name}', which is not an integer or a name");
            }
            i = close;
        }
        var segment = text.ToString();
        if (segment.Length == 0 || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return Fallback($"spells '{segment}' here");
        return segment;

        string Fallback(string problem)
        {
            if (_reportedNamings.Add(template.Span)) _diagnostics.Report(DiagnosticCatalog.BadIterationName, template.Span, Printable(t), Printable(problem));
            return index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    // A template is a string literal: control and formatting characters are shown as code points, never written raw.
    private static string Printable(string text) => string.Concat(text.Select(c =>
        char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format || char.IsSurrogate(c)
            ? $"U+{(int)c:X4}" : c.ToString()));

    private List<ConstValue> RepetitionItems(RepetitionSyntax r, BodyScope scope)
    {
        var source = _evaluator.Evaluate(r.Source, scope.Constants);
        if (r.IsRepeat)
        {
            if (source is IntValue { Value: >= 0 } count)
            {
                if (count.Value > BindingLimits.MaxListLength)
                {
                    _diagnostics.Report(DiagnosticCatalog.ExpansionTooLarge, r.Source.Span, BindingLimits.MaxListLength, "iterations");
                    return [];
                }
                return [.. Enumerable.Range(0, (int)count.Value).Select(i => (ConstValue)new IntValue(i))];
            }
            if (source is IntValue negative)
                _diagnostics.Report(DiagnosticCatalog.OutOfRange, r.Source.Span, "repeat", "0 or more", negative.Value);
            else if (source is SymbolValue word)
                _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownName, r.Source.Span, NameSuggestions.Hint(word.Name, scope.Constants.AllNames()), word.Name);
            else if (source is not ErrorValue)
                _diagnostics.Report(DiagnosticCatalog.TypeMismatch, r.Source.Span, "repeat", "a non-negative integer", source.Kind);
            return [];
        }
        if (source is ListValue { IsTuple: false } list) return [.. list.Items];
        if (source is not ErrorValue)
            _diagnostics.Report(DiagnosticCatalog.TypeMismatch, r.Source.Span, "for", "a list or a range such as 0..4", source.Kind);
        return [];
    }

    private void BindLoopVariables(RepetitionSyntax r, int index, ConstValue item, BodyScope inner, ref bool mismatchReported)
    {
        var vars = r.Variables;
        if (vars.IsEmpty) return;
        var values = item is ListValue { IsTuple: true } tuple ? tuple.Items : [item];
        ImmutableArray<ConstValue> bound;
        if (vars.Length == values.Length) bound = values;
        else if (vars.Length == values.Length + 1) bound = [new IntValue(index), .. values];
        else
        {
            // At the offending item when the list is written out (items of mixed arity), else at the variables.
            var at = r.Source is ListExpr written && written.Items.Length > index ? written.Items[index].Span : vars[0].Span.Cover(vars[^1].Span);
            if (!mismatchReported)
                _diagnostics.Report(DiagnosticCatalog.LoopVariableMismatch, at, vars.Length, values.Length);
            mismatchReported = true;
            bound = [.. vars.Select(_ => (ConstValue)ErrorValue.Instance)];
        }
        for (var k = 0; k < vars.Length; k++) inner.Constants.Set(vars[k].Text, bound[k], vars[k].Span);
    }

    // ---- pipelines ----

    private ValueEntry Pipeline(PipelineSyntax pipeline, ValueInfo current, string path, BodyScope scope, string? documentation)
    {
        var elements = pipeline.Elements;
        var parameterised = elements.Count(e => IsParameterised(e.Expr, scope));
        var stepsBefore = _steps.Count;
        var k = 0;
        ValueInfo value = current;
        BodyScope? inner = null;
        LayerBuilder? lastLayer = null;
        for (var i = 0; i < elements.Length; i++)
        {
            var e = elements[i];
            if (i == 0 && e.Role is null && TryResolveValue(e.Expr, scope, report: false) is { } start)
            {
                value = start.Value;
                inner = start is ValueEntry ve ? ve.Inner : null;
                continue;
            }
            // Numbered like nn.Sequential: with several parameterised elements every element takes its position
            // (parameter-free ones too), so `mlp = linear -> gelu -> dropout -> linear` owns mlp.0 and mlp.3.
            var isParameterised = IsParameterised(e.Expr, scope);
            var elementPath = parameterised <= 1 || !isParameterised ? path : path + "." + k;
            k++;
            var layersBefore = _layers.Count;
            (value, inner, var layer) = Element(e.Expr, value, elementPath, scope, documentation, lastLayer, i == 0);
            // The hyperfan gain of a layer is that of the activation after it, looking through norms and dropout.
            var callee = e.Expr switch { CallExpr c => c.Callee.Text, NameExpr n => n.Name.Text, _ => "" };
            if (layer is { Kind: LayerKind.Linear or LayerKind.Conv or LayerKind.ConvTranspose }) lastLayer = layer;
            else if (layer is null && callee != "dropout") lastLayer = null;
            if (e.Role is not null) AddPrefixRole(e.Role, layersBefore, e.Role.Span.Cover(e.Expr.Span));
        }
        // The statement's value is named after its path (the SSA name of the last step it created).
        if (_steps.Count > stepsBefore && _steps[^1].Step.Result == value.Ssa)
        {
            var nice = Unique(path);
            _ssaNames.Remove(value.Ssa);
            _steps[^1] = _steps[^1] with { Step = _steps[^1].Step with { Result = nice } };
            value = value with { Ssa = nice };
        }
        return new ValueEntry(value, inner);
    }

    private bool IsParameterised(Expr e, BodyScope scope)
    {
        var name = e switch { CallExpr c => c.Callee.Text, NameExpr n => n.Name.Text, _ => null };
        if (name is null) return false;
        if (e is NameExpr && scope.Lookup(name) is not null) return false;
        if (_context.Blocks.ContainsKey(name)) return true;
        return Builtins.All.TryGetValue(name, out var b) && b.Kind == BuiltinKind.Layer;
    }

    private (ValueInfo Value, BodyScope? Inner, LayerBuilder? Layer) Element(Expr expr, ValueInfo input, string path, BodyScope scope,
        string? documentation, LayerBuilder? previousLayer, bool first)
    {
        Identifier callee;
        ImmutableArray<Argument> arguments;
        switch (expr)
        {
            case CallExpr c: callee = c.Callee; arguments = c.Arguments; break;
            case NameExpr n: callee = n.Name; arguments = []; break;
            case ErrorExpr: return (Unknown(input), null, null);
            default:
                if (TryResolveValue(expr, scope, report: true) is not null)
                    _diagnostics.ReportWithHint(DiagnosticCatalog.TypeMismatch, expr.Span, "Merge it with add(...) or concat(...), or start a new statement with it.",
                        "a pipeline step", "a layer, an operation or a block", "a value");
                return (Unknown(input), null, null);
        }
        var name = callee.Text;
        if (expr is NameExpr && scope.Lookup(name) is not null && !first)
        {
            _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownOperation, expr.Span,
                $"'{name}' is a value; merge it with add({name}) or concat({name}).", name);
            return (Unknown(input), null, null);
        }
        if (_context.Blocks.TryGetValue(name, out var block))
        {
            var (value, inner) = InstantiateBlock(block, callee, arguments, expr.Span, input, path, scope);
            return (value, inner, null);
        }
        if (Builtins.All.TryGetValue(name, out var builtin))
        {
            _elementIsFirst = first;
            var errorsBefore = _diagnostics.ErrorCount;
            var (value, layer) = ApplyBuiltin(builtin, arguments, expr.Span, input, path, scope, documentation, previousLayer);
            // A shape computed from a mistaken argument is a guess: later steps must not report it again as theirs.
            if (_diagnostics.ErrorCount > errorsBefore) value = Unknown(value);
            return (value, null, layer);
        }
        var candidates = Builtins.All.Keys.Concat(_context.Blocks.Keys).Concat(scope.AllValueNames());
        _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownOperation, callee.Span, NameSuggestions.Hint(name, candidates), name);
        return (Unknown(input), null, null);
    }

    private static ValueInfo Unknown(ValueInfo input) => input with { Shape = default };

    // ---- blocks ----

    private (ValueInfo, BodyScope?) InstantiateBlock(BlockDecl block, Identifier callee, ImmutableArray<Argument> arguments, SourceSpan span,
        ValueInfo input, string path, BodyScope scope)
    {
        if (_blockStack.Contains(block.Name.Text))
        {
            _diagnostics.Report(DiagnosticCatalog.RecursiveBlock, callee.Span, block.Name.Text);
            return (Unknown(input), null);
        }
        if (_blockStack.Count >= BindingLimits.MaxBlockDepth)
        {
            _diagnostics.Report(DiagnosticCatalog.ExpansionTooLarge, callee.Span, BindingLimits.MaxBlockDepth, "nested block instances");
            return (Unknown(input), null);
        }
        _context.Uses?.Add(new SymbolUse(callee.Span, SymbolKind.Block, block.Name.Text, block.Name.Span, _network, path));
        var signature = Signature.Of(block.Name.Text, [.. block.Parameters.Select(p => new ParameterSpec(p.Text, Required: true))]);
        var bound = signature.Bind(span, arguments, scope.Constants, _evaluator, _diagnostics);
        var constants = new ConstantScope(_context.Constants);
        foreach (var p in block.Parameters) constants.Set(p.Text, bound.Raw(p.Text) ?? ErrorValue.Instance, p.Span);
        var inner = new BodyScope(null, constants, path, input);
        inner.Values["input"] = new ValueEntry(input, null);
        _blockStack.Push(block.Name.Text);
        ValueInfo output;
        BodyScope? members = inner;
        switch (block.Definition)
        {
            // A value block: its elements or iterations are numbered directly under the instance's path.
            case PipelineSyntax pipeline:
                var piped = Pipeline(pipeline, input, path, inner, block.Documentation);
                (output, members) = (piped.Value, piped.Inner);
                break;
            case RepetitionSyntax repetition:
                (output, members) = (Repetition(repetition, input, path, inner, block.Documentation).Value, null);
                break;
            default:
                output = Body(block.Body, inner);
                break;
        }
        _blockStack.Pop();
        return (output, members);
    }

    // ---- value references ----

    /// <summary>Resolves <c>x</c>, <c>encoder[2]</c>, <c>encoder[2].conv</c>, <c>attn.q</c> to a value; null when it is not one.</summary>
    private Entry? TryResolveValue(Expr expr, BodyScope scope, bool report)
    {
        switch (expr)
        {
            case NameExpr n:
                var entry = scope.Lookup(n.Name.Text);
                if (entry is null && report) ReportUnknownValue(n.Name, scope);
                RecordValueUse(n.Name, entry);
                return entry;
            case ParenExpr p:
                return TryResolveValue(p.Inner, scope, report);
            case IndexExpr ix:
                {
                    var target = TryResolveValue(ix.Target, scope, report);
                    if (target is null) return null;
                    if (target is not RepeatedEntry repeated)
                    {
                        if (report) _diagnostics.Report(DiagnosticCatalog.TypeMismatch, ix.Target.Span, "[...]", "a repeated value (declared with for or repeat)", "a single value");
                        return null;
                    }
                    var index = _evaluator.Evaluate(ix.Index, scope.Constants);
                    if (index is not IntValue k)
                    {
                        if (report && index is not ErrorValue) _diagnostics.Report(DiagnosticCatalog.TypeMismatch, ix.Index.Span, "[...]", "an integer", index.Kind);
                        return null;
                    }
                    if (k.Value < 0 || k.Value >= repeated.Iterations.Length)
                    {
                        if (report) _diagnostics.Report(DiagnosticCatalog.IndexOutOfRange, ix.Index.Span, k.Value, repeated.Iterations.Length - 1);
                        return null;
                    }
                    return repeated.Iterations[(int)k.Value];
                }
            case MemberExpr m:
                {
                    var target = TryResolveValue(m.Target, scope, report);
                    if (target is null) return null;
                    var inner = target is ValueEntry { Inner: { } i } ? i : null;
                    if (inner is not null && inner.Values.TryGetValue(m.Member.Text, out var member))
                    {
                        RecordValueUse(m.Member, member);
                        return member;
                    }
                    if (report)
                        _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownName, m.Member.Span,
                            inner is null ? null : NameSuggestions.Hint(m.Member.Text, inner.Values.Keys), Syntax.SyntaxPrinter.Print(m));
                    return null;
                }
            default:
                return null;
        }
    }

    private void RecordValueUse(Identifier name, Entry? entry)
    {
        if (entry is not null && _declaredAt.TryGetValue(entry, out var at))
            _context.Uses?.Add(new SymbolUse(name.Span, SymbolKind.Value, name.Text, at.Name, _network, at.Path));
    }

    private void ReportUnknownValue(Identifier name, BodyScope scope) =>
        _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownName, name.Span, NameSuggestions.Hint(name.Text, scope.AllValueNames()), name.Text);

    // ---- names ----

    private string Unique(string baseName)
    {
        var name = baseName;
        for (var i = 2; !_ssaNames.Add(name); i++) name = baseName + "_" + i;
        return name;
    }

    private ValueInfo AddStep(string path, StepOp op, ImmutableArray<string> arguments, ImmutableArray<long> shape, SourceSpan span, LayerBuilder? layer = null)
    {
        if (_steps.Count >= BindingLimits.MaxSteps)
        {
            if (!_stepLimitReported) _diagnostics.Report(DiagnosticCatalog.ExpansionTooLarge, span, BindingLimits.MaxSteps, "forward steps");
            _stepLimitReported = true;
            // No SSA name: with the count stuck at the limit, every further name would collide and probe suffixes.
            return new ValueInfo("<beyond the step limit>", shape);
        }
        var result = Unique(path + "#" + (_steps.Count + 1));
        _steps.Add(new ElaboratedStep(new BoundStep(result, op, arguments, shape.IsDefault ? [] : shape, span), layer));
        return new ValueInfo(result, shape, new ValueOrigin(path, span));
    }

    /// <summary>Reports a shape error at <paramref name="span"/> with, as related location, where <paramref name="input"/> was produced.</summary>
    private void ReportIncoming(DiagnosticDescriptor descriptor, SourceSpan span, ValueInfo input, params object?[] args)
    {
        var diagnostic = Diagnostic.Create(descriptor, span, args);
        if (input.Origin is { } origin)
            diagnostic = diagnostic.WithRelated(origin.Span, $"the value of shape {Shapes.Format(input.Shape)} is the output of '{origin.Path}' here.");
        _diagnostics.Add(diagnostic);
    }

    private LayerBuilder AddLayer(string path, LayerKind kind, LayerArguments arguments, SourceSpan span, string? documentation)
    {
        var layer = new LayerBuilder(path, kind, arguments, span, documentation);
        if (_layers.Count >= BindingLimits.MaxLayers)
        {
            if (!_limitReported) _diagnostics.Report(DiagnosticCatalog.ExpansionTooLarge, span, BindingLimits.MaxLayers, "layers");
            _limitReported = true;
            return layer;
        }
        _layers.Add(layer);
        return layer;
    }
}

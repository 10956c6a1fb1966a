using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

// The hypernet and training sections: `key [name =] value [weight w];` settings validated here.
internal sealed partial class ModelBinder
{
    internal static readonly ImmutableDictionary<string, Signature> Bodies = new[]
    {
        new Signature("mlp", [new ParameterSpec("act", Positional: false), new ParameterSpec("norm", Positional: false), new ParameterSpec("dropout", Positional: false)], VariadicPositional: true),
        Signature.Of("residual_mlp", Req("latent"), Req("blocks"), Req("head_in"), Opt("act"), Opt("dropout")),
        Signature.Of("mixer", Req("latent"), Req("blocks"), Req("head_in"), Opt("act"), Opt("dropout")),
    }.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);

    internal static readonly ImmutableDictionary<string, Signature> Strategies = new[]
    {
        Signature.Of("all_at_once"),
        Signature.Of("per_layer"),
        Signature.Of("per_component", Req("embedding"), Opt("attributes")),
        Signature.Of("chunked", Req("size"), Req("embedding")),
    }.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);

    internal static readonly string[] HypernetSettings = ["body", "generate", "init", "bound"];
    internal static readonly string[] TrainingSettings = ["loss", "regularize", "episodic", "adapt"];

    internal static readonly Dictionary<string, ActivationKind> Activations = new(StringComparer.Ordinal)
    {
        ["relu"] = ActivationKind.ReLU, ["leakyrelu"] = ActivationKind.LeakyReLU, ["gelu"] = ActivationKind.GELU,
        ["silu"] = ActivationKind.SiLU, ["tanh"] = ActivationKind.Tanh, ["sigmoid"] = ActivationKind.Sigmoid,
        ["relu6"] = ActivationKind.ReLU6, ["hardswish"] = ActivationKind.Hardswish, ["hardsigmoid"] = ActivationKind.Hardsigmoid,
    };

    private BoundHypernet? BindHypernet(HypernetDecl decl, ImmutableArray<BoundCondition> conditions, ImmutableArray<GeneratedTensor> generated)
    {
        if (decl.Sources.IsEmpty) _diagnostics.Report(DiagnosticCatalog.NoSources, decl.Span);
        var ok = !decl.Sources.IsEmpty;
        var declared = _model.Members.OfType<ConditionDecl>().Select(c => c.Name.Text).ToHashSet(StringComparer.Ordinal);
        foreach (var s in decl.Sources)
        {
            if (_model.Members.OfType<ConditionDecl>().FirstOrDefault(c => c.Name.Text == s.Text) is { } condition)
                _context.Uses?.Add(new SymbolUse(s.Span, SymbolKind.Condition, s.Text, condition.Name.Span));
            if (declared.Contains(s.Text)) continue;
            _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownCondition, s.Span, NameSuggestions.Hint(s.Text, declared), s.Text);
            ok = false;
        }
        foreach (var dup in decl.Sources.GroupBy(s => s.Text).Where(g => g.Count() > 1))
            _diagnostics.Report(DiagnosticCatalog.DuplicateName, dup.Skip(1).First().Span, dup.Key);

        var settings = Settings(decl.Settings, "hypernet", HypernetSettings);
        var body = BodyKind.Mlp;
        ImmutableArray<long> widths = [];
        var activation = ActivationKind.ReLU;
        var norm = NormKind.None;
        double dropout = 0;
        long latent = 0, headInput = 0;
        var blocks = 0;
        if (settings.GetValueOrDefault("body") is { } bodySetting && Call(bodySetting, Bodies, "hypernetwork body") is var (bodyName, bodyArgs))
        {
            body = bodyName switch { "mlp" => BodyKind.Mlp, "residual_mlp" => BodyKind.ResidualMlp, _ => BodyKind.Mixer };
            activation = body == BodyKind.Mlp ? ActivationKind.ReLU : ActivationKind.SiLU;
            if (bodyArgs.Choice("act", "activation", [.. Activations.Keys], null) is { } act) activation = Activations[act];
            dropout = bodyArgs.Double("dropout", 0, 0, 0.999999, "[0, 1)");
            if (body == BodyKind.Mlp)
            {
                widths = [.. bodyArgs.Rest.SelectMany(r => bodyArgs.IntListOf(r.Value, r.Span, "width"))];
                norm = bodyArgs.Choice("norm", "normalisation", SettingChoices.BodyNorm, "none") switch
                {
                    "layernorm" => NormKind.LayerNorm,
                    "batchnorm" => NormKind.BatchNorm,
                    _ => NormKind.None,
                };
            }
            else
            {
                latent = bodyArgs.Int("latent", 1);
                blocks = (int)Math.Min(bodyArgs.Int("blocks", 0, minimum: 0), 1000);
                headInput = bodyArgs.Int("head_in", 1);
                norm = NormKind.LayerNorm;
            }
            ok &= !bodyArgs.HasErrors;
        }
        else if (!settings.ContainsKey("body"))
        {
            _diagnostics.Report(DiagnosticCatalog.MissingSetting, decl.Span, "hypernet", "body");
            ok = false;
        }

        var strategy = StrategyKind.AllAtOnce;
        long chunkSize = 0, embedding = 0;
        ImmutableArray<ComponentAttribute> attributes = [];
        if (settings.GetValueOrDefault("generate") is { } generate && Call(generate, Strategies, "generation strategy") is var (strategyName, strategyArgs))
        {
            strategy = strategyName switch
            {
                "all_at_once" => StrategyKind.AllAtOnce,
                "per_layer" => StrategyKind.PerLayerHeads,
                "per_component" => StrategyKind.PerComponent,
                _ => StrategyKind.Chunked,
            };
            embedding = strategyArgs.Int("embedding", 0);
            chunkSize = strategyArgs.Int("size", 0);
            if (strategy == StrategyKind.PerComponent)
            {
                var raw = strategyArgs.Raw("attributes") ?? new ListValue([new SymbolValue("index")], false);
                var words = raw is ListValue l ? l.Items : [raw];
                var list = ImmutableArray.CreateBuilder<ComponentAttribute>();
                foreach (var w in words)
                {
                    var choice = strategyArgs.ChoiceOf(w, strategyArgs.SpanOf("attributes"), "component attribute", SettingChoices.ComponentAttributes);
                    if (choice is not null) list.Add(choice switch { "depth" => ComponentAttribute.Depth, "type" => ComponentAttribute.Type, _ => ComponentAttribute.Index });
                }
                attributes = list.ToImmutable();
                CheckComponents(generated, generate.Span);
            }
            ok &= !strategyArgs.HasErrors;
        }

        var init = HyperInit.Default;
        if (settings.GetValueOrDefault("init") is { } initSetting && initSetting.Value is not null)
        {
            var word = _evaluator.Evaluate(initSetting.Value, _context.Constants);
            var args = Signature.Of("init").Bind(initSetting.Span, [], _context.Constants, _evaluator, _diagnostics);
            init = args.ChoiceOf(word, initSetting.Value.Span, "initialisation", SettingChoices.Init) switch
            {
                "hyperfan_in" => HyperInit.HyperfanIn,
                "hyperfan_out" => HyperInit.HyperfanOut,
                _ => HyperInit.Default,
            };
        }

        double? boundScale = null;
        if (settings.GetValueOrDefault("bound") is { Value: not null } boundSetting)
        {
            var value = _evaluator.Evaluate(boundSetting.Value, _context.Constants);
            if (value is ListValue { IsTuple: true, Items: [var scale, SymbolValue { Name: "tanh" }] } && ConstantEvaluator.AsDouble(scale) is > 0 and var s)
                boundScale = s;
            else if (value is SymbolValue { Name: "tanh" }) boundScale = 1.0;
            else if (value is SymbolValue { Name: "none" }) boundScale = null;
            else if (value is not ErrorValue)
                _diagnostics.Report(DiagnosticCatalog.TypeMismatch, boundSetting.Value.Span, "bound", "'SCALE * tanh' with a positive scale, or 'none'", value.Kind);
        }

        if (!ok) return null;
        // A declared condition that failed to bind has its error already; the hypernetwork reads the ones that bound.
        var sources = decl.Sources.Select(s => conditions.FirstOrDefault(c => c.Name == s.Text)).OfType<BoundCondition>().Distinct().ToImmutableArray();
        var options = new HyperNetworkOptions(body, [.. widths], activation, norm, dropout, latent, blocks, headInput, strategy, chunkSize, embedding,
            [.. attributes], init, boundScale);
        return new BoundHypernet(sources, options, decl.Span);
    }

    /// <summary>Per-component generation shares one head per component type: all components of a type must match.</summary>
    private void CheckComponents(ImmutableArray<GeneratedTensor> generated, SourceSpan span)
    {
        foreach (var type in generated.GroupBy(g => g.ComponentType))
        {
            var sizes = type.GroupBy(g => g.Component).Select(c => c.Sum(t => t.Count)).Distinct().ToList();
            if (sizes.Count > 1) _diagnostics.Report(DiagnosticCatalog.UnequalComponents, span, type.Key, sizes[0], sizes[1]);
        }
    }

    /// <summary>Settings by key; unknown keys get "did you mean" hints; repeated keys (other than loss/regularize) are reported.</summary>
    private Dictionary<string, Setting> Settings(ImmutableArray<Setting> settings, string section, string[] known)
    {
        var result = new Dictionary<string, Setting>(StringComparer.Ordinal);
        foreach (var s in settings)
        {
            var key = s.Key.Text;
            if (!known.Contains(key))
            {
                _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownSetting, s.Key.Span, NameSuggestions.Hint(key, known), key, section);
                continue;
            }
            if (key is "loss" or "regularize") continue;
            if (!result.TryAdd(key, s)) _diagnostics.Report(DiagnosticCatalog.DuplicateSection, s.Key.Span, _model.Name.Text, $"{section} {key}");
        }
        return result;
    }

    /// <summary>A setting whose value is a call (or bare word) from a fixed set.</summary>
    private (string Name, CallArguments Args)? Call(Setting setting, ImmutableDictionary<string, Signature> choices, string what)
    {
        var (callee, arguments, span) = setting.Value switch
        {
            CallExpr c => (c.Callee, c.Arguments, c.Span),
            NameExpr n => (n.Name, ImmutableArray<Argument>.Empty, n.Span),
            _ => ((Identifier?)null, ImmutableArray<Argument>.Empty, setting.Span),
        };
        if (callee is null)
        {
            _diagnostics.Report(DiagnosticCatalog.TypeMismatch, setting.Value?.Span ?? setting.Span, setting.Key.Text, what, "nothing usable");
            return null;
        }
        if (!choices.TryGetValue(callee.Text, out var signature))
        {
            _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownChoice, callee.Span, NameSuggestions.Hint(callee.Text, choices.Keys),
                callee.Text, what, string.Join(", ", choices.Keys.Order(StringComparer.Ordinal)));
            return null;
        }
        return (callee.Text, signature.Bind(span, arguments, _context.Constants, _evaluator, _diagnostics));
    }

    internal static readonly Dictionary<string, LossKind> LossKinds = new(StringComparer.Ordinal)
    {
        ["mae"] = LossKind.Mae, ["mse"] = LossKind.Mse, ["cross_entropy"] = LossKind.CrossEntropy, ["bce"] = LossKind.Bce,
        ["dice_bce"] = LossKind.DiceBce, ["multi_similarity"] = LossKind.MultiSimilarity,
    };

    private BoundTraining BindTraining(ImmutableArray<BoundCondition> conditions)
    {
        var decls = _model.Members.OfType<TrainingDecl>().ToList();
        foreach (var extra in decls.Skip(1)) _diagnostics.Report(DiagnosticCatalog.DuplicateSection, extra.Span, _model.Name.Text, "training");
        if (decls.Count == 0) return new BoundTraining([], [], null, null);
        var decl = decls[0];
        var settings = Settings(decl.Settings, "training", TrainingSettings);
        var losses = ImmutableArray.CreateBuilder<BoundLoss>();
        var regularizers = ImmutableArray.CreateBuilder<BoundRegularizer>();
        foreach (var s in decl.Settings)
        {
            var weight = s.Weight is null ? 1.0 : Number(s.Weight, $"{s.Key.Text} weight", 0, double.MaxValue) ?? 1.0;
            if (s.Key.Text == "loss") { if (Loss(s, weight, conditions) is { } loss) losses.Add(loss); }
            else if (s.Key.Text == "regularize")
            {
                var ok = s.Value is CallExpr { Callee.Text: "l2", Arguments: [{ Name: null, Value: NameExpr { Name.Text: "generated" or "hypernet" } target }] };
                if (!ok)
                {
                    _diagnostics.Report(DiagnosticCatalog.TypeMismatch, s.Value?.Span ?? s.Span, "regularize", "l2(generated) or l2(hypernet)", "this expression");
                    continue;
                }
                var kind = ((NameExpr)((CallExpr)s.Value!).Arguments[0].Value).Name.Text == "generated" ? RegularizerKind.GeneratedL2 : RegularizerKind.HypernetL2;
                regularizers.Add(new BoundRegularizer(kind, weight, s.Span));
            }
        }
        double? beta = null, lr = null;
        if (settings.GetValueOrDefault("episodic") is { } e)
        {
            if (e.Name?.Text != "beta" || e.Value is null)
                _diagnostics.Report(DiagnosticCatalog.TypeMismatch, e.Span, "episodic", "'episodic beta = B;'", "this setting");
            else beta = Number(e.Value, "episodic beta", 0, 1);
        }
        if (settings.GetValueOrDefault("adapt") is { } a)
        {
            if (a.Name?.Text != "lr" || a.Value is null)
                _diagnostics.Report(DiagnosticCatalog.TypeMismatch, a.Span, "adapt", "'adapt lr = RATE;'", "this setting");
            else lr = Number(a.Value, "adapt lr", double.Epsilon, double.MaxValue);
        }
        return new BoundTraining(losses.ToImmutable(), regularizers.ToImmutable(), beta, lr);
    }

    private double? Number(Expr expr, string what, double min, double max)
    {
        var v = _evaluator.Evaluate(expr, _context.Constants);
        var d = ConstantEvaluator.AsDouble(v);
        if (d is null)
        {
            if (v is not ErrorValue) _diagnostics.Report(DiagnosticCatalog.TypeMismatch, expr.Span, what, "a number", v.Kind);
            return null;
        }
        if (d < min || d > max)
        {
            _diagnostics.Report(DiagnosticCatalog.OutOfRange, expr.Span, what, max > 1e300 ? (min > 0 ? "(0, infinity)" : "[0, infinity)") : $"[{min}, {max}]", d.Value);
            return null;
        }
        return d;
    }

    /// <summary>
    /// The named settings each loss accepts, with their defaults: the one place they are declared. The bound loss
    /// carries every one (given or default), so the emitter and docs read values, never fallbacks of their own.
    /// </summary>
    internal static readonly IReadOnlyDictionary<LossKind, (string Name, double Default)[]> LossSettings = new Dictionary<LossKind, (string, double)[]>
    {
        [LossKind.DiceBce] = [("smooth", 1.0)],
        [LossKind.MultiSimilarity] = [("alpha", 2.0), ("beta", 50.0), ("lambda", 0.5), ("margin", 0.1)],
    };

    private BoundLoss? Loss(Setting s, double weight, ImmutableArray<BoundCondition> conditions)
    {
        if (s.Value is not CallExpr call || call.Arguments.IsEmpty || call.Arguments[0].Name is not null)
        {
            _diagnostics.Report(DiagnosticCatalog.TypeMismatch, s.Value?.Span ?? s.Span, "loss", "a loss such as mse(prediction)", "this expression");
            return null;
        }
        if (!LossKinds.TryGetValue(call.Callee.Text, out var kind))
        {
            _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownChoice, call.Callee.Span, NameSuggestions.Hint(call.Callee.Text, LossKinds.Keys),
                call.Callee.Text, "loss", string.Join(", ", LossKinds.Keys));
            return null;
        }
        var targetExpr = call.Arguments[0].Value;
        LossTarget target;
        BoundCondition? condition = null;
        switch (targetExpr)
        {
            case NameExpr { Name.Text: "prediction" }:
                target = LossTarget.Prediction;
                break;
            case MemberExpr { Target: NameExpr c, Member.Text: "logits" or "embedding" } m
                when conditions.FirstOrDefault(x => x.Name == c.Name.Text && x.Kind == ConditionKind.Domain) is { } domain:
                target = m.Member.Text == "logits" ? LossTarget.DomainLogits : LossTarget.DomainEmbedding;
                condition = domain;
                break;
            default:
                _diagnostics.Report(DiagnosticCatalog.BadLossTarget, targetExpr.Span, Syntax.SyntaxPrinter.Print(targetExpr));
                return null;
        }
        var parameters = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var settings = LossSettings.GetValueOrDefault(kind, []);
        foreach (var a in call.Arguments.Skip(1))
        {
            if (a.Name is null)
            {
                _diagnostics.Report(DiagnosticCatalog.TooManyArguments, a.Span, call.Callee.Text, 1, call.Arguments.Count(x => x.Name is null));
                continue;
            }
            if (!settings.Any(x => x.Name == a.Name.Text))
            {
                _diagnostics.ReportWithHint(DiagnosticCatalog.UnknownArgument, a.Name.Span,
                    NameSuggestions.Hint(a.Name.Text, settings.Select(x => x.Name)), call.Callee.Text, a.Name.Text);
                continue;
            }
            if (Number(a.Value, $"{call.Callee.Text}: {a.Name.Text}", double.MinValue, double.MaxValue) is { } v)
                if (!parameters.TryAdd(a.Name.Text, v)) _diagnostics.Report(DiagnosticCatalog.DuplicateArgument, a.Name.Span, a.Name.Text);
        }
        foreach (var (setting, fallback) in settings) parameters.TryAdd(setting, fallback);
        var name = s.Name?.Text ?? call.Callee.Text;
        return new BoundLoss(name, kind, target, weight, condition, parameters.ToImmutable(), s.Span);
    }
}

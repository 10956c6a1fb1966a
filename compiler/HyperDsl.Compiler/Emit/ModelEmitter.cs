using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>
/// Emits the condition record and the model class: conditioning encoders, the hypernetwork with its spec table, the
/// target network, and the methods a user calls (forward, Generate, Materialize, losses, regularisers, ensembles).
/// </summary>
internal sealed class ModelEmitter
{
    private readonly EmitContext _context;
    private readonly BoundModel _model;
    private readonly IReadOnlyList<ConditionInput> _inputs;
    private readonly NameScope _members;
    private readonly List<BoundCondition> _sources;
    private readonly bool _needsInput;
    private readonly ConstantArrays _constants;

    private ModelEmitter(EmitContext context)
    {
        _context = context;
        _model = context.Model;
        _inputs = ConditionInputs.For(context);
        _sources = [.. _model.Sources];
        _needsInput = _model.GenerationReadsInput;
        // Generated members win over type names they shadow (Ensemble): the generated code qualifies those types fully.
        _members = new NameScope(ReservedNames.ModuleMembers.Concat(ReservedNames.Types).Except(GeneratedMembers).Append(CSharpNames.Bare(context.ModelClass)));
        foreach (var member in GeneratedMembers) _members.Declare("member:" + member, member);
        foreach (var loss in _model.Training.Losses) _members.Declare("loss:" + loss.Name, LossMethodName(loss.Name));
        foreach (var condition in _model.Conditions.Where(c => c.Kind != ConditionKind.Domain))
            _members.Declare("encoder:" + condition.Name, condition.Name);
        foreach (var auxiliary in _model.AuxiliaryNetworks) _members.Declare("aux:" + auxiliary.Name, auxiliary.Name);
        _members.Declare("hypernet", "hypernet");
        _members.Declare("target", _model.Target.Name);
        _constants = new ConstantArrays(_members);
    }

    private static readonly string[] GeneratedMembers =
    [
        "ModelName", "DeclarationHash", "GeneratedTensors", "HypernetOptions", "ConditionSize", "Embed", "Generate",
        "Materialize", "RegularizationLoss", "Loss", "TrainingLoss", "DomainLoss", "EpisodicLoss", "Adapt", "Ensemble",
        "CheckFinite", "Save", "Load", "LayerPaths", "DescribeParameter", "DescribeKey",
    ];

    public static void Emit(CodeWriter writer, EmitContext context)
    {
        var emitter = new ModelEmitter(context);
        emitter.EmitConditionRecord(writer);
        writer.Line();
        emitter.EmitModelClass(writer);
    }

    private string Member(string key) => _members[key];

    private string Target => Member("target");

    private string ConditionParameters => _needsInput ? $"{_context.ConditionClass} condition, Tensor input" : $"{_context.ConditionClass} condition";

    private string ConditionArguments => _needsInput ? "condition, input" : "condition";

    // EventShape for the condition property @event.
    private static string ShapeField(ConditionInput input) => CSharpNames.Bare(CSharpNames.Pascal(CSharpNames.Bare(input.Property))) + "Shape";

    private bool HasPredictionLosses => _model.Training.Losses.Any(l => l.Target == LossTarget.Prediction);

    private bool DeclaresRegularizers => _model.Training.Regularizers.Length > 0 && _model.Hypernet is not null;

    private void EmitConditionRecord(CodeWriter writer)
    {
        writer.Line($"/// <summary>The conditioning inputs of <see cref=\"{_context.ModelClass}\"/>, one batch row per sample.</summary>");
        foreach (var input in _inputs)
            writer.Line($"/// <param name=\"{CSharpNames.Bare(input.Property)}\">{input.Description}</param>");
        writer.Line($"{_context.Accessibility} sealed record {_context.ConditionClass}({string.Join(", ", _inputs.Select(i => "Tensor " + i.Property))});");
    }

    private void EmitModelClass(CodeWriter writer)
    {
        writer.Summary(_model.Documentation, $"The model <c>{DocComments.Inline(_model.Name)}</c>: a hypernetwork generates weights of its target network per sample.");
        // A two-input TorchSharp module, so that call(condition, input) runs forward hooks; IHyperModel, so that host code
        // can be generic over models (generate, forward with given weights, losses, materialize, save and load).
        // IDescribesStateDict: weight imports (HyperDsl.Runtime.Interop) name each key's .hyp declaration in their errors.
        var contract = HasPredictionLosses ? "IHyperModelWithLoss" : "IHyperModel";
        writer.Open($"{_context.Accessibility} sealed partial class {_context.ModelClass} : nn.Module<{_context.ConditionClass}, Tensor, Tensor>, " +
                    $"{contract}<{_context.ConditionClass}>, global::HyperDsl.Runtime.Interop.IDescribesStateDict");
        writer.Line("/// <summary>The model's name as declared; checkpoints carry it.</summary>");
        writer.Line($"public const string {Member("member:ModelName")} = {CSharpLiterals.String(_model.Name)};");
        writer.Line();
        writer.Line("/// <summary>SHA-256 of the model's checkpoint contract (tensors, keys, generated specs, hypernetwork options); a checkpoint of another contract is refused.</summary>");
        writer.Line($"public const string {Member("member:DeclarationHash")} = {CSharpLiterals.String(_model.DeclarationHash)};");
        writer.Line();
        if (_model.Hypernet is { } hypernet)
        {
            HypernetTables.Emit(writer, _model, hypernet, Member("member:GeneratedTensors"), Member("member:HypernetOptions"));
            writer.Line("/// <summary>Width of the concatenated condition embeddings the hypernetwork reads.</summary>");
            writer.Line($"public const long {Member("member:ConditionSize")} = {CSharpLiterals.Long(hypernet.ConditionSize)};");
            writer.Line();
        }
        if (_model.Hypernet is not null)
        {
            writer.Line("/// <summary>");
            writer.Line("/// When true, <see cref=\"Generate\"/> throws if a generated tensor holds NaN or Inf, naming its .hyp tensor.");
            writer.Line("/// On by default in Debug builds of the consuming project (it synchronises once per batch).");
            writer.Line("/// </summary>");
            writer.Line($"public bool {Member("member:CheckFinite")} {{ get; set; }} =");
            writer.Directive("#if DEBUG");
            writer.Line("    true;");
            writer.Directive("#else");
            writer.Line("    false;");
            writer.Directive("#endif");
            writer.Line();
        }
        EmitFields(writer);
        EmitConstructor(writer);
        EmitForward(writer);
        if (_model.Hypernet is not null)
        {
            EmitEmbed(writer);
            EmitGenerate(writer);
        }
        EmitMaterialize(writer);
        EmitCheckpoints(writer);
        TrainingMembers.Emit(writer, _context, _members, ConditionArguments, _needsInput);
        EmitInterfaceAdapters(writer);
        writer.Close();
    }

    private void EmitFields(CodeWriter writer)
    {
        foreach (var condition in _model.Conditions.Where(c => c.Kind != ConditionKind.Domain))
        {
            writer.Line($"/// <summary>The encoder of the condition <c>{DocComments.Inline(condition.Name)}</c>.</summary>");
            writer.Line($"public readonly {EncoderType(condition)} {Member("encoder:" + condition.Name)};");
            writer.Line();
        }
        foreach (var auxiliary in _model.AuxiliaryNetworks)
        {
            writer.Line($"/// <summary>The network <c>{DocComments.Inline(auxiliary.Name)}</c>.</summary>");
            writer.Line($"public readonly {_context.AuxiliaryClasses[auxiliary]} {Member("aux:" + auxiliary.Name)};");
            writer.Line();
        }
        if (_model.Hypernet is not null)
        {
            writer.Line("/// <summary>The hypernetwork: condition embedding [B, ConditionSize] to generated weights.</summary>");
            writer.Line($"public readonly HyperNetwork {Member("hypernet")};");
            writer.Line();
        }
        writer.Line($"/// <summary>The target network <c>{DocComments.Inline(_model.Target.Name)}</c>, with the roles the .hyp file declares.</summary>");
        writer.Line($"public readonly {_context.NetworkClass} {Target};");
        writer.Line();
        if (_model.Hypernet is not null)
            foreach (var input in _inputs.Where(i => _sources.Contains(i.Condition)))
                _constants.Longs(ShapeField(input), input.Shape);
        _constants.Emit(writer);
    }

    private void EmitConstructor(CodeWriter writer)
    {
        writer.Line("/// <summary>Builds the model with freshly initialised parameters (seed with <c>torch.manual_seed</c> first for reproducibility).</summary>");
        writer.Open($"public {_context.ModelClass}() : base({Member("member:ModelName")})");
        foreach (var condition in _model.Conditions.Where(c => c.Kind != ConditionKind.Domain))
        {
            writer.MapTo(condition.Span);
            writer.Line($"{Member("encoder:" + condition.Name)} = {EncoderConstruction(condition)};");
        }
        writer.EndMapping();
        foreach (var auxiliary in _model.AuxiliaryNetworks)
            writer.Line($"{Member("aux:" + auxiliary.Name)} = new {_context.AuxiliaryClasses[auxiliary]}();");
        if (_model.Hypernet is { } hypernet)
        {
            writer.MapTo(hypernet.Span);
            writer.Line($"{Member("hypernet")} = new HyperNetwork(\"hypernet\", {Member("member:ConditionSize")}, {Member("member:HypernetOptions")}, {Member("member:GeneratedTensors")});");
            writer.EndMapping();
        }
        writer.Line($"{Target} = new {_context.NetworkClass}();");
        writer.Line("RegisterComponents();");
        writer.Close();
        writer.Line();
    }

    private void EmitForward(CodeWriter writer)
    {
        writer.Line("/// <summary>Generates weights for every sample of the batch and runs the target network with them.</summary>");
        writer.Line("/// <param name=\"condition\">The conditioning inputs, one row per sample.</param>");
        writer.Line($"/// <param name=\"input\">The input <c>{DocComments.Inline(_model.Input.Name)}</c>, shape [B, {string.Join(", ", _model.Input.Shape)}].</param>");
        writer.Open($"public override Tensor forward({_context.ConditionClass} condition, Tensor input)");
        writer.Line(_model.Hypernet is null ? "return forward(input, null);" : $"return forward(input, {Member("member:Generate")}({ConditionArguments}));");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Runs the target network with given weights (generated, adapted or edited).</summary>");
        writer.Line($"/// <param name=\"input\">The input <c>{DocComments.Inline(_model.Input.Name)}</c>, shape [B, {string.Join(", ", _model.Input.Shape)}].</param>");
        writer.Line("/// <param name=\"generated\">Generated weights with the input's batch size; null when no layer reads them.</param>");
        writer.Open("public Tensor forward(Tensor input, GeneratedWeights? generated)");
        writer.Line("// forward rather than call: the generated weights are a second argument TorchSharp's call(input) cannot pass.");
        writer.Line($"return {Target}.forward(input, generated);");
        writer.Close();
        writer.Line();
    }

    private void EmitEmbed(CodeWriter writer)
    {
        writer.Line($"/// <summary>The condition embeddings concatenated in declaration order: [B, {_sources.Sum(c => c.EmbeddingSize)}].</summary>");
        writer.Open($"public Tensor {Member("member:Embed")}({ConditionParameters})");
        foreach (var input in _inputs.Where(i => _sources.Contains(i.Condition)))
            writer.Line($"ShapeGuard.Expect(condition.{input.Property}, {_constants.Longs(ShapeField(input), input.Shape)}, {_context.Declaration(input.Condition.Name, input.Condition.Span)});");
        var locals = new NameScope(_members.Taken.Concat(ReservedNames.Parameters));
        var reference = _needsInput ? "input" : "condition." + _inputs.First(i => _sources.Contains(i.Condition)).Property;
        var embeddings = new List<string>();
        foreach (var condition in _sources)
        {
            var local = locals.Declare(condition.Name, condition.Name + "_embedding");
            embeddings.Add(local);
            writer.MapTo(condition.Span);
            writer.Line($"var {local} = {EncoderCall(condition, reference)};");
        }
        writer.EndMapping();
        writer.Line(embeddings.Count == 1 ? $"return {embeddings[0]};" : $"return torch.cat(new[] {{ {string.Join(", ", embeddings)} }}, 1);");
        writer.Close();
        writer.Line();
    }

    private void EmitGenerate(CodeWriter writer)
    {
        writer.Line("/// <summary>The weights the hypernetwork generates for every sample of the batch (tensor per slot, [B, ...]).</summary>");
        writer.Open($"public GeneratedWeights {Member("member:Generate")}({ConditionParameters})");
        writer.Line($"var generated = {Member("hypernet")}.call({Member("member:Embed")}({ConditionArguments}));");
        writer.Line($"if ({Member("member:CheckFinite")}) GeneratedChecks.EnsureFinite(generated, {Member("member:ModelName")});");
        writer.Line("return generated;");
        writer.Close();
        writer.Line();
    }

    private void EmitMaterialize(CodeWriter writer)
    {
        writer.Line("/// <summary>");
        writer.Line("/// An ordinary network (no hypernetwork) holding the weights generated for the first sample of");
        writer.Line("/// <paramref name=\"condition\"/>, LoRA deltas merged: every layer trainable, fine-tunable and saveable on its own.");
        writer.Line("/// </summary>");
        writer.Open($"public {_context.NetworkClass} {Member("member:Materialize")}({ConditionParameters})");
        writer.Line("using var noGrad = torch.no_grad();");
        if (_model.Hypernet is null)
        {
            writer.Line($"var network = new {_context.NetworkClass}(allTrainable: true);");
            writer.Line($"network.CopyFrom({Target}, null, 0);");
        }
        else
        {
            writer.Line($"var generated = {Member("member:Generate")}({ConditionArguments});");
            writer.Line($"var network = new {_context.NetworkClass}(allTrainable: true);");
            writer.Line("network.to(generated[0].device);");
            writer.Line($"network.CopyFrom({Target}, generated, 0);");
        }
        writer.Line("return network;");
        writer.Close();
    }

    private void EmitCheckpoints(CodeWriter writer)
    {
        var identity = $"new CheckpointInfo({Member("member:ModelName")}, {Member("member:DeclarationHash")})";
        writer.Line();
        writer.Line("/// <summary>Saves every parameter and buffer atomically (temporary file + rename) with the model's name and declaration hash.</summary>");
        writer.Line($"public void {Member("member:Save")}(string path, TrainingState? state = null) => Checkpoint.Save(this, path, {identity}, state);");
        writer.Line();
        writer.Line("/// <summary>Loads a checkpoint of this declaration; another model, declaration or any parameter mismatch throws, naming the .hyp layers.</summary>");
        writer.Line($"public TrainingState? {Member("member:Load")}(string path) => Checkpoint.Load(this, path, {identity}, {Member("member:DescribeParameter")});");
        writer.Line();
        writer.Line("/// <summary>State-dict keys of the target network's layers (a learned tensor's own key) and their .hyp declarations, for messages.</summary>");
        writer.Open($"private static readonly Dictionary<string, string> {Member("member:LayerPaths")} = new()");
        foreach (var layer in _model.Target.Layers)
        {
            var key = $"{CSharpNames.Bare(Target)}.{layer.Path}";
            writer.Line($"[{CSharpLiterals.String(key)}] = {CSharpLiterals.String($"{_model.Name}.{layer.Path} ({_context.SourceFileName}:{layer.Span.StartLine})")},");
        }
        writer.Close(";");
        writer.Line();
        writer.Line("/// <summary>The .hyp declaration of a key of this model's state dict (the key itself when it has none).</summary>");
        writer.Open($"internal static string {Member("member:DescribeParameter")}(string key)");
        writer.Line($"if ({Member("member:LayerPaths")}.TryGetValue(key, out var tensor)) return tensor;");
        writer.Line("var dot = key.LastIndexOf('.');");
        writer.Line($"return dot > 0 && {Member("member:LayerPaths")}.TryGetValue(key.Substring(0, dot), out var layer) ? layer + key.Substring(dot) : key;");
        writer.Close();
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line($"public string {Member("member:DescribeKey")}(string key) => {Member("member:DescribeParameter")}(key);");
    }

    /// <summary>
    /// The members of <c>IHyperModel</c> whose public form differs for this model, implemented explicitly: generation
    /// that does not read the input, a model that generates nothing or declares no regularisers, and Materialize
    /// (its public form returns the network's own class).
    /// </summary>
    private void EmitInterfaceAdapters(CodeWriter writer)
    {
        var contract = $"IHyperModel<{_context.ConditionClass}>";
        var parameters = $"{_context.ConditionClass} condition, Tensor input";
        if (_model.Hypernet is null || !_needsInput)
        {
            writer.Line();
            writer.Line(_model.Hypernet is null ? "/// <summary>No layer is generated: no tensors.</summary>" : "/// <summary>Generation reads the condition only.</summary>");
            writer.Line($"GeneratedWeights {contract}.{Member("member:Generate")}({parameters}) => " +
                        (_model.Hypernet is null ? "GeneratedWeights.None;" : $"{Member("member:Generate")}(condition);"));
        }
        if (!DeclaresRegularizers)
        {
            writer.Line();
            writer.Line("/// <summary>No regularisers are declared: zero.</summary>");
            writer.Line($"Tensor {contract}.{Member("member:RegularizationLoss")}(GeneratedWeights generated) => torch.zeros(System.Array.Empty<long>());");
        }
        writer.Line();
        writer.Line("/// <inheritdoc cref=\"" + Member("member:Materialize") + "\"/>");
        writer.Line($"nn.Module<Tensor, Tensor> {contract}.{Member("member:Materialize")}({parameters}) => {Member("member:Materialize")}({ConditionArguments});");
    }

    private static string EncoderType(BoundCondition condition) => condition.Kind switch
    {
        ConditionKind.Task => "TaskEmbedding",
        ConditionKind.Tabular => "TabularEncoder",
        ConditionKind.SupportMask => "SupportMaskEncoder",
        ConditionKind.Noise => "NoiseSource",
        _ => throw new InvalidOperationException($"condition kind {condition.Kind} has no encoder type"),
    };

    private static string EncoderConstruction(BoundCondition c)
    {
        var name = CSharpLiterals.String(c.Name);
        var hidden = CSharpLiterals.LongArray(c.Hidden.IsDefault ? [] : c.Hidden);
        return c.Kind switch
        {
            ConditionKind.Task => $"new TaskEmbedding({name}, {CSharpLiterals.Long(c.Count)}, {CSharpLiterals.Long(c.EmbeddingSize)})",
            ConditionKind.Tabular => $"new TabularEncoder({name}, {CSharpLiterals.Int(c.Columns.IsDefault ? 0 : c.Columns.Length)}, {hidden}, {CSharpLiterals.Long(c.EmbeddingSize)}, MissingValues.{c.Missing})",
            ConditionKind.SupportMask =>
                $"new SupportMaskEncoder({name}, {CSharpLiterals.Int(Math.Max(1, c.InputShape.IsDefault ? 1 : c.InputShape.Length - 1))}, " +
                $"{CSharpLiterals.Long(c.InputShape.IsDefaultOrEmpty ? 1 : c.InputShape[0])}, {hidden}, {CSharpLiterals.Long(c.EmbeddingSize)}, " +
                $"patches: {CSharpLiterals.Long(c.Patches)}, boundary: {CSharpLiterals.Double(c.Boundary)})",
            ConditionKind.Noise => $"new NoiseSource({name}, {CSharpLiterals.Long(c.EmbeddingSize)})",
            _ => throw new InvalidOperationException($"condition kind {c.Kind} has no encoder"),
        };
    }

    private string EncoderCall(BoundCondition c, string reference)
    {
        string Property(string key) => "condition." + _inputs.First(i => i.Key == key).Property;
        switch (c.Kind)
        {
            case ConditionKind.Task:
            case ConditionKind.Tabular:
                return $"{Member("encoder:" + c.Name)}.call({Property(c.Name)})";
            case ConditionKind.SupportMask:
                return $"{Member("encoder:" + c.Name)}.call({Property(c.Name + "/image")}, {Property(c.Name + "/mask")})";
            case ConditionKind.Noise:
                return $"{Member("encoder:" + c.Name)}.Sample({reference}.size(0), {reference}.device)";
            case ConditionKind.Domain:
                var auxiliary = ModelFacts.DomainNetwork(c);
                var argument = c.FromInput ? "input" : Property(c.Name);
                return $"{Member("aux:" + auxiliary.Name)}.call({argument}).{FeaturesProperty(auxiliary, c.FeaturesValue)}";
            default:
                throw new InvalidOperationException($"condition kind {c.Kind} has no encoder");
        }
    }

    /// <summary>The outputs-record property holding <paramref name="features"/> (a named output, or a value name).</summary>
    internal static string FeaturesProperty(BoundNetwork auxiliary, string? features)
    {
        var properties = NetworkEmitter.OutputProperties(auxiliary);
        if (features is null) return properties[0].Property;
        return (properties.FirstOrDefault(p => p.Name == features) ?? properties.FirstOrDefault(p => p.Value == features))?.Property
            ?? throw new InvalidOperationException($"network '{auxiliary.Name}' has no output '{features}'");
    }

    internal static string LossMethodName(string lossName)
    {
        var pascal = CSharpNames.Bare(CSharpNames.Pascal(lossName));
        return pascal.EndsWith("Loss", StringComparison.Ordinal) ? pascal : pascal + "Loss";
    }
}

using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>
/// Writes the condition dataclass and the model class: conditioning encoders, the hypernetwork with its spec table,
/// the target network, and the methods a user calls (forward, generate, materialize, losses, regularisers, ensembles),
/// as the C# model class has them.
/// </summary>
internal sealed class PyModelWriter
{
    private readonly PyContext _context;
    private readonly BoundModel _model;
    private readonly IReadOnlyList<(ConditionTensor Tensor, string Field)> _inputs;
    private readonly List<BoundCondition> _sources;
    private readonly bool _needsInput;

    private PyModelWriter(PyContext context)
    {
        _context = context;
        _model = context.Model;
        var fields = new PythonScope(PythonReserved.Globals);
        _inputs = [.. ModelFacts.ConditionTensors(_model).Select(t => (t, fields.Declare(t.Key, t.Name)))];
        _sources = [.. _model.Sources];
        _needsInput = _model.GenerationReadsInput;
    }

    public static void WriteCondition(PythonWriter writer, PyContext context) => new PyModelWriter(context).WriteConditionClass(writer);

    public static void WriteModel(PythonWriter writer, PyContext context) => new PyModelWriter(context).WriteModelClass(writer);

    private string Member(object key) => _context.Members[key];

    private string Target => "self." + Member(_model.Target);

    private string ConditionParameters => _needsInput ? $"condition: {_context.ConditionClass}, x: torch.Tensor" : $"condition: {_context.ConditionClass}";

    private string ConditionArguments => _needsInput ? "condition, x" : "condition";

    private void WriteConditionClass(PythonWriter writer)
    {
        writer.Line("@dataclass(frozen=True)");
        writer.Block($"class {_context.ConditionClass}:");
        writer.Docstring(null, $"The conditioning inputs of {_context.ModelClass}, one batch row per sample.");
        if (_inputs.Count > 0) writer.Line();
        foreach (var (tensor, field) in _inputs)
            writer.Line($"{field}: torch.Tensor  # {Describe(tensor)}");
        writer.Dedent();
    }

    private static string Describe(ConditionTensor t)
    {
        var name = PythonLiterals.DocLines(t.Condition.Name) is [var line] ? line : "?";
        var shape = string.Join(", ", t.Shape);
        return t.Role switch
        {
            ConditionTensorRole.TaskIds => $"task ids of {name}, int64 [B], each in [0, {t.Condition.Count})",
            ConditionTensorRole.Table => $"tabular features of {name}, [B, {shape}]; NaN marks a missing value",
            ConditionTensorRole.SupportImage => $"support image of {name}, [B, {shape}]",
            ConditionTensorRole.SupportMask => $"support mask of {name}, [B, {shape}]",
            _ => $"input of the domain classifier of {name}, [B, {shape}]",
        };
    }

    private void WriteModelClass(PythonWriter writer)
    {
        writer.Block($"class {_context.ModelClass}(nn.Module):");
        writer.Docstring(_model.Documentation, $"The model {_model.Name}: a hypernetwork generates weights of its target network per sample.");
        writer.Line();
        writer.Line("# The model's name as declared, and SHA-256 of its checkpoint contract (tensors, keys, generated specs, options).");
        writer.Line($"{Member("MODEL_NAME")} = {PythonLiterals.String(_model.Name)}");
        writer.Line($"{Member("DECLARATION_HASH")} = {PythonLiterals.String(_model.DeclarationHash)}");
        writer.Line();
        if (_model.Hypernet is { } hypernet)
        {
            PyHypernetTables.Write(writer, _context, hypernet, Member("GENERATED_TENSORS"), Member("HYPERNET_OPTIONS"));
            writer.Line("# Width of the concatenated condition embeddings the hypernetwork reads.");
            writer.Line($"{Member("CONDITION_SIZE")} = {PythonLiterals.Long(_model.Hypernet!.ConditionSize)}");
            writer.Line();
        }
        WriteLayerPaths(writer);
        WriteConstructor(writer);
        WriteForward(writer);
        if (_model.Hypernet is not null)
        {
            WriteEmbed(writer);
            WriteGenerate(writer);
        }
        WriteMaterialize(writer);
        WriteDescribe(writer);
        PyTrainingWriter.Write(writer, _context, ConditionArguments, _needsInput);
        writer.Dedent();
    }

    private void WriteLayerPaths(PythonWriter writer)
    {
        writer.Line("# State-dict keys of the target network's layers (a learned tensor's own key) and their .hyp declarations.");
        writer.Block($"{Member("LAYER_PATHS")} = {{");
        foreach (var layer in _model.Target.Layers)
            writer.Line($"{PythonLiterals.String(Member(_model.Target) + "." + layer.Path)}: {_context.Declaration(layer.Path, layer.Span)},");
        writer.Dedent();
        writer.Line("}");
        writer.Line();
    }

    private void WriteConstructor(PythonWriter writer)
    {
        writer.Block("def __init__(self):");
        writer.Docstring(null, "Builds the model with freshly initialised parameters (seed with ``torch.manual_seed`` first for reproducibility).");
        writer.Line("super().__init__()");
        if (_model.Hypernet is not null)
        {
            writer.Line("# When true, generate raises if a generated tensor holds NaN or Inf, naming its .hyp tensor (one host");
            writer.Line("# synchronisation per batch); on unless Python runs optimised (-O), as the C# model checks in Debug builds.");
            writer.Line($"self.{Member("check_finite")} = __debug__");
        }
        foreach (var condition in _model.Conditions.Where(c => c.Kind != ConditionKind.Domain))
            writer.Line($"self.{Member(condition)} = {EncoderConstruction(condition)}");
        foreach (var auxiliary in _model.AuxiliaryNetworks)
            writer.Line($"self.{Member(auxiliary)} = {_context.ClassOf(auxiliary)}()");
        if (_model.Hypernet is { } hypernet)
            writer.Line($"self.{Member(hypernet)} = {_context.Runtime("HyperNetwork")}(\"hypernet\", self.{Member("CONDITION_SIZE")}, self.{Member("HYPERNET_OPTIONS")}, self.{Member("GENERATED_TENSORS")})");
        writer.Line($"{Target} = {_context.NetworkClass}()");
        writer.Dedent();
        writer.Line();
    }

    private void WriteForward(PythonWriter writer)
    {
        writer.Block($"def forward(self, condition: {_context.ConditionClass}, x: torch.Tensor) -> torch.Tensor:");
        writer.Docstring(null, $"Generates weights for every sample of the batch and runs the target network with them on ``x``\n(the input ``{_model.Input.Name}``, [B, {string.Join(", ", _model.Input.Shape)}]).");
        if (_model.Hypernet is null) writer.Line($"return {Target}(x)");
        else
        {
            writer.Line($"generated = self.{Member("generate")}({ConditionArguments})");
            writer.Line($"return {Target}(x, generated)");
        }
        writer.Dedent();
        writer.Line();
    }

    private void WriteEmbed(PythonWriter writer)
    {
        writer.Block($"def {Member("embed")}(self, {ConditionParameters}) -> torch.Tensor:");
        writer.Docstring(null, $"The condition embeddings concatenated in declaration order: [B, {_sources.Sum(c => c.EmbeddingSize)}].");
        var guard = _context.Runtime("ShapeGuard");
        foreach (var (tensor, field) in _inputs.Where(i => _sources.Contains(i.Tensor.Condition)))
            writer.Line($"{guard}.expect(condition.{field}, {PythonLiterals.Tuple(tensor.Shape)}, {_context.Declaration(tensor.Condition.Name, tensor.Condition.Span)})");
        var locals = new PythonScope(_context.Globals.Taken.Concat(["self", "condition", "x"]));
        var reference = _needsInput ? "x" : "condition." + _inputs.First(i => _sources.Contains(i.Tensor.Condition)).Field;
        var embeddings = new List<string>();
        foreach (var condition in _sources)
        {
            var local = locals.Declare(condition, condition.Name + "_embedding");
            embeddings.Add(local);
            writer.Line($"{local} = {EncoderCall(condition, reference)}");
        }
        writer.Line(embeddings.Count == 1 ? $"return {embeddings[0]}" : $"return torch.cat([{string.Join(", ", embeddings)}], 1)");
        writer.Dedent();
        writer.Line();
    }

    private void WriteGenerate(PythonWriter writer)
    {
        writer.Block($"def {Member("generate")}(self, {ConditionParameters}) -> GeneratedWeights:");
        _context.Runtime("GeneratedWeights");
        writer.Docstring(null, "The weights the hypernetwork generates for every sample of the batch (tensor per slot, [B, ...]).");
        writer.Line($"generated = self.{Member(_model.Hypernet!)}(self.{Member("embed")}({ConditionArguments}))");
        writer.Block($"if self.{Member("check_finite")}:");
        writer.Line($"{_context.Runtime("GeneratedChecks")}.ensure_finite(generated, self.{Member("MODEL_NAME")})");
        writer.Dedent();
        writer.Line("return generated");
        writer.Dedent();
        writer.Line();
    }

    private void WriteMaterialize(PythonWriter writer)
    {
        writer.Line("@torch.no_grad()");
        writer.Block($"def {Member("materialize")}(self, {ConditionParameters}) -> {_context.NetworkClass}:");
        writer.Docstring(null, "An ordinary network (no hypernetwork) holding the weights generated for the first sample of ``condition``,\nLoRA deltas merged: every layer trainable, fine-tunable and saveable on its own.");
        if (_model.Hypernet is null)
        {
            writer.Line($"network = {_context.NetworkClass}(all_trainable=True)");
            writer.Line($"network.copy_from({Target}, None, 0)");
        }
        else
        {
            writer.Line($"generated = self.{Member("generate")}({ConditionArguments})");
            writer.Line($"network = {_context.NetworkClass}(all_trainable=True).to(generated[0].device)");
            writer.Line($"network.copy_from({Target}, generated, 0)");
        }
        writer.Line("return network");
        writer.Dedent();
        writer.Line();
    }

    private void WriteDescribe(PythonWriter writer)
    {
        writer.Line("@classmethod");
        writer.Block($"def {Member("describe_parameter")}(cls, key: str) -> str:");
        writer.Docstring(null, "The .hyp declaration of a key of this model's state dict (the key itself when it has none).");
        var paths = Member("LAYER_PATHS");
        writer.Block($"if key in cls.{paths}:");
        writer.Line($"return cls.{paths}[key]");
        writer.Dedent();
        writer.Line("layer, dot, tensor = key.rpartition(\".\")");
        writer.Line($"return cls.{paths}[layer] + dot + tensor if dot and layer in cls.{paths} else key");
        writer.Dedent();
        writer.Line();
        writer.Block($"def {Member("describe_key")}(self, key: str) -> str:");
        writer.Docstring(null, "The .hyp declaration of a key of this model's state dict, for messages.");
        writer.Line($"return self.{Member("describe_parameter")}(key)");
        writer.Dedent();
    }

    private string EncoderConstruction(BoundCondition c)
    {
        var name = PythonLiterals.String(c.Name);
        var hidden = PythonLiterals.Tuple(c.Hidden);
        return c.Kind switch
        {
            ConditionKind.Task => $"{_context.Runtime("TaskEmbedding")}({name}, {PythonLiterals.Long(c.Count)}, {PythonLiterals.Long(c.EmbeddingSize)})",
            ConditionKind.Tabular => $"{_context.Runtime("TabularEncoder")}({name}, {PythonLiterals.Long(c.Columns.IsDefault ? 0 : c.Columns.Length)}, {hidden}, " +
                                     $"{PythonLiterals.Long(c.EmbeddingSize)}, {_context.Runtime("MissingValues")}.{c.Missing})",
            ConditionKind.SupportMask =>
                $"{_context.Runtime("SupportMaskEncoder")}({name}, {PythonLiterals.Long(Math.Max(1, c.InputShape.IsDefault ? 1 : c.InputShape.Length - 1))}, " +
                $"{PythonLiterals.Long(c.InputShape.IsDefaultOrEmpty ? 1 : c.InputShape[0])}, {hidden}, {PythonLiterals.Long(c.EmbeddingSize)}, " +
                $"patches={PythonLiterals.Long(c.Patches)}, boundary={PythonLiterals.Double(c.Boundary)})",
            ConditionKind.Noise => $"{_context.Runtime("NoiseSource")}({name}, {PythonLiterals.Long(c.EmbeddingSize)})",
            _ => throw new InvalidOperationException($"condition kind {c.Kind} has no encoder"),
        };
    }

    private string EncoderCall(BoundCondition c, string reference)
    {
        string Field(string key) => "condition." + _inputs.First(i => i.Tensor.Key == key).Field;
        switch (c.Kind)
        {
            case ConditionKind.Task:
            case ConditionKind.Tabular:
                return $"self.{Member(c)}({Field(c.Name)})";
            case ConditionKind.SupportMask:
                return $"self.{Member(c)}({Field(c.Name + "/image")}, {Field(c.Name + "/mask")})";
            case ConditionKind.Noise:
                return $"self.{Member(c)}.sample({reference}.size(0), {reference}.device)";
            case ConditionKind.Domain:
                var auxiliary = ModelFacts.DomainNetwork(c);
                var argument = c.FromInput ? "x" : Field(c.Name);
                return $"self.{Member(auxiliary)}({argument}).{FeaturesField(auxiliary, c.FeaturesValue)}";
            default:
                throw new InvalidOperationException($"condition kind {c.Kind} has no encoder");
        }
    }

    /// <summary>The outputs-tuple field holding <paramref name="features"/> (a named output, or a value name).</summary>
    internal static string FeaturesField(BoundNetwork auxiliary, string? features)
    {
        var fields = PyNetworkWriter.OutputFields(auxiliary);
        if (features is null) return fields[0].Field;
        return fields.Where(f => f.Name == features).Concat(fields.Where(f => f.Value == features)).Select(f => f.Field).FirstOrDefault()
            ?? throw new InvalidOperationException($"network '{auxiliary.Name}' has no output '{features}'");
    }
}

using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>A property of an auxiliary network's outputs record.</summary>
/// <param name="Name">The named output's name; null for the network's main output.</param>
internal sealed record OutputProperty(string? Name, string Value, string Property);

/// <summary>
/// Emits a network class: one field per layer (state_dict keys follow the .hyp paths), a constructor with the declared
/// roles or every layer trainable, and the forward program as straight-line code. The target network reads generated
/// weights; an auxiliary network (for example a domain classifier) owns all its parameters and returns named outputs.
/// </summary>
internal sealed class NetworkEmitter
{
    private readonly EmitContext _context;
    private readonly BoundNetwork _network;
    private readonly bool _isTarget;
    private readonly string _className;
    private readonly string? _outputsClass;
    private readonly NameScope _members;
    private readonly string _attentionHelper;
    // The C# member of each layer, keyed on the bound layer: the one place this network's layers are named.
    private readonly Dictionary<BoundLayer, string> _fields = new(ReferenceEqualityComparer.Instance);
    private readonly ConstantArrays _constants;

    private NetworkEmitter(EmitContext context, BoundNetwork network, bool isTarget, string className, string? outputsClass)
    {
        _context = context;
        _network = network;
        _isTarget = isTarget;
        _className = className;
        _outputsClass = outputsClass;
        // The model class is named in the network's own members (DescribeKey), so no member may shadow it (a model
        // called Attention beside the attention helper).
        _members = new NameScope(ReservedNames.ModuleMembers.Concat(ReservedNames.Types)
            .Concat(["CopyFrom", "DescribeKey", CSharpNames.Bare(className), CSharpNames.Bare(context.ModelClass)]));
        _attentionHelper = _members.Declare("helper:attention", "Attention");
        // A learned tensor is registered as a parameter named like its last path segment; its handle field must be
        // named otherwise, since TorchSharp's .to() assigns moved parameters to fields of the same name.
        for (var i = 0; i < network.Layers.Length; i++)
        {
            var layer = network.Layers[i];
            var name = CSharpNames.FromPath(layer.Path);
            _fields[layer] = _members.Declare("layer:" + i, layer.Kind == LayerKind.LearnedTensor ? name + "_parameter" : name);
        }
        _constants = new ConstantArrays(_members);
    }

    /// <summary>The target network: <c>&lt;Model&gt;Network : Module&lt;Tensor, Tensor&gt;</c>.</summary>
    public static void EmitTarget(CodeWriter writer, EmitContext context) =>
        new NetworkEmitter(context, context.Model.Target, true, context.NetworkClass, null).Emit(writer);

    /// <summary>An auxiliary network and its outputs record.</summary>
    public static void EmitAuxiliary(CodeWriter writer, EmitContext context, BoundNetwork network) =>
        new NetworkEmitter(context, network, false, context.AuxiliaryClasses[network], context.AuxiliaryOutputs[network]).Emit(writer);

    /// <summary>The property names of an auxiliary network's outputs record: <c>Output</c>, then each named output.</summary>
    public static IReadOnlyList<OutputProperty> OutputProperties(BoundNetwork network)
    {
        var scope = new NameScope(["Equals", "GetHashCode", "ToString", "Deconstruct", "EqualityContract", "PrintMembers", "GetType", "MemberwiseClone"]);
        var result = new List<OutputProperty> { new(null, network.OutputValue, scope.Declare("output", "Output")) };
        foreach (var (name, value) in network.NamedOutputs.OrderBy(p => p.Key, StringComparer.Ordinal))
            result.Add(new(name, value, scope.Declare("named:" + name, name)));
        return result;
    }

    private void Emit(CodeWriter writer)
    {
        var access = _context.Accessibility;
        var modelRef = $"<see cref=\"{_context.ModelClass}\"/>";
        if (_outputsClass is not null)
        {
            var properties = OutputProperties(_network);
            writer.Line($"/// <summary>The outputs of the network <c>{DocComments.Inline(_network.Name)}</c> of {modelRef}.</summary>");
            writer.Line($"{access} sealed record {_outputsClass}({string.Join(", ", properties.Select(p => "Tensor " + p.Property))});");
            writer.Line();
        }

        writer.Line(_isTarget
            ? $"/// <summary>The target network <c>{DocComments.Inline(_network.Name)}</c> of {modelRef}: its generated layers read the weights a hypernetwork produced for each sample.</summary>"
            : $"/// <summary>The network <c>{DocComments.Inline(_network.Name)}</c> of {modelRef}.</summary>");
        var output = _outputsClass ?? "Tensor";
        var describes = _isTarget ? ", global::HyperDsl.Runtime.Interop.IDescribesStateDict" : "";
        writer.Open($"{access} sealed partial class {_className} : nn.Module<Tensor, {output}>{describes}");
        EmitFields(writer);
        // The forward code is written first: the constant fields it asks for are declared above the constructor.
        var forward = writer.Nested();
        EmitForward(forward);
        _constants.Emit(writer);
        EmitConstructor(writer);
        writer.Append(forward);
        if (_isTarget) EmitCopyFrom(writer);
        if (_isTarget) EmitDescribeKey(writer);
        if (_network.Steps.Any(s => s.Op.Kind == StepOpKind.Attention)) EmitAttentionHelper(writer);
        writer.Close();
    }

    /// <summary>The target network names its keys' declarations through its model's table (keys there carry the network's name).</summary>
    private void EmitDescribeKey(CodeWriter writer)
    {
        writer.Line();
        writer.Line("/// <summary>The .hyp declaration of a key of this network's state dict (the key itself when it has none).</summary>");
        // Fully qualified: a layer or helper of the network may share the model's name.
        var model = $"global::{CSharpEmitter.NamespaceName(_context.Options.Namespace)}.{_context.ModelClass}";
        writer.Line($"public string DescribeKey(string key) => {model}.DescribeParameter({CSharpLiterals.String(CSharpNames.Bare(_network.Name) + ".")} + key);");
    }

    private void EmitFields(CodeWriter writer)
    {
        foreach (var layer in _network.Layers)
        {
            if (layer.Kind == LayerKind.LearnedTensor)
            {
                writer.Summary(layer.Documentation, $"The learned tensor <c>{DocComments.Inline(layer.Path)}</c> [{string.Join(", ", layer.Arguments.TensorShape)}] ({Describe(layer)}).");
                writer.Line($"private readonly ParameterHandle {Field(layer)};");
            }
            else
            {
                writer.Summary(layer.Documentation, $"The layer <c>{DocComments.Inline(layer.Path)}</c> ({Describe(layer)}).");
                writer.Line($"public readonly {LayerType(layer)} {Field(layer)};");
            }
            writer.Line();
        }
    }

    private void EmitConstructor(CodeWriter writer)
    {
        if (_isTarget)
        {
            writer.Line("/// <summary>Builds the network with the roles the .hyp file declares, or with every layer trainable.</summary>");
            writer.Line($"/// <param name=\"allTrainable\">True for a standalone network (see <see cref=\"{_context.ModelClass}.Materialize\"/>): every layer owns trainable weights and nothing is generated.</param>");
            writer.Open($"public {_className}(bool allTrainable = false) : base({CSharpLiterals.String(_network.Name)})");
        }
        else
        {
            writer.Line("/// <summary>Builds the network with freshly initialised trainable layers.</summary>");
            writer.Open($"public {_className}() : base({CSharpLiterals.String(_network.Name)})");
        }
        var tree = _members.Declare("local:tree", "tree");
        writer.Line($"var {tree} = new ModuleTree(this);");
        foreach (var layer in _network.Layers)
        {
            writer.MapTo(layer.Span);
            if (layer.Kind == LayerKind.LearnedTensor)
                writer.Line($"{Field(layer)} = {tree}.AddParameter({CSharpLiterals.String(layer.Path)}, new Parameter({LearnedTensorInit(layer.Arguments)}));");
            else
            {
                writer.Line($"{Field(layer)} = {Construction(layer)};");
                writer.Line($"{tree}.Add({CSharpLiterals.String(layer.Path)}, {Field(layer)});");
            }
        }
        writer.EndMapping();
        var zeroBiases = _network.Layers.Where(l => l.Arguments.ZeroInitialBias && l.Arguments.Bias).ToList();
        if (zeroBiases.Count > 0)
        {
            writer.Line("// Attention output projections start with a zero bias, as torch.nn.MultiheadAttention's do.");
            foreach (var layer in zeroBiases)
                writer.Line(IsRuntimeLayer(layer)
                    ? $"if ({Field(layer)}.Bias is not null) nn.init.zeros_({Field(layer)}.Bias);"
                    : $"nn.init.zeros_({Field(layer)}.bias!);");
        }
        // Runtime layers freeze themselves through their role.
        var frozen = _network.Layers.Where(l => l.Role.Kind == LayerRoleKind.Frozen && !IsRuntimeLayer(l)).ToList();
        if (frozen.Count > 0)
        {
            writer.Line("// Frozen normalisation / embedding layers keep their values: they are excluded from gradients.");
            writer.Open(_isTarget ? "if (!allTrainable)" : null);
            foreach (var layer in frozen)
                writer.Line(layer.Kind switch
                {
                    LayerKind.LearnedTensor => $"{Field(layer)}.Value.requires_grad = false;",
                    // Its own tensors only: the out_proj registered beneath it keeps its own role.
                    LayerKind.InProjection => $"foreach (var parameter in {Field(layer)}.parameters(recurse: false)) parameter.requires_grad = false;",
                    _ => $"foreach (var parameter in {Field(layer)}.parameters()) parameter.requires_grad = false;",
                });
            writer.Close();
        }
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Layers are registered under their .hyp paths by the constructor; registering fields by name would add flattened duplicates.</summary>");
        writer.Line("protected override void RegisterComponents() { }");
        writer.Line();
    }

    private void EmitForward(CodeWriter writer)
    {
        var locals = new NameScope(_members.Taken.Concat(ReservedNames.Types).Concat(ReservedNames.Parameters).Concat(ReservedNames.ModuleMembers));
        var input = "input";
        var output = _outputsClass ?? "Tensor";
        var declaration = _isTarget ? _context.Declaration(_context.Model.Input.Name, _context.Model.Input.Span) : _context.Declaration(_network.Name, _network.Span);
        if (_isTarget)
        {
            writer.Line("/// <summary>Runs the network on its own weights only (a materialized network, or one without generated layers).</summary>");
            writer.Line("public override Tensor forward(Tensor input) => forward(input, null);");
            writer.Line();
            writer.Line("/// <summary>Runs the network; <paramref name=\"generated\"/> holds the hypernetwork's output for this batch.</summary>");
            writer.Line($"/// <param name=\"input\">The input <c>{DocComments.Inline(_context.Model.Input.Name)}</c>, shape [B, {string.Join(", ", _network.InputShape)}].</param>");
            writer.Line("/// <param name=\"generated\">Generated weights, one sample per batch row; null when no layer reads them.</param>");
            writer.Open("public Tensor forward(Tensor input, GeneratedWeights? generated)");
        }
        else
        {
            writer.Line($"/// <summary>Runs the network; <paramref name=\"input\"/> has shape [B, {string.Join(", ", _network.InputShape)}].</summary>");
            writer.Open($"public override {output} forward(Tensor input)");
        }
        var stepLocals = StepLocals(locals);
        _constants.Locals = locals;
        writer.Line($"ShapeGuard.Expect(input, {_constants.Longs("InputShape", _network.InputShape)}, {declaration});");
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { [_network.InputValue] = input };
        for (var i = 0; i < _network.Steps.Length; i++)
        {
            var step = _network.Steps[i];
            var args = step.Arguments.Select(a => values.TryGetValue(a, out var local) ? local
                : throw new InvalidOperationException($"network '{_network.Name}': step '{step.Result}' reads '{a}' before it is defined")).ToList();
            string? layerField = null;
            var takesGenerated = false;
            if (step.Op.Kind == StepOpKind.Layer)
            {
                var layer = step.Layer ?? throw new InvalidOperationException($"network '{_network.Name}': step '{step.Result}' runs no layer");
                layerField = Field(layer);
                takesGenerated = _isTarget && IsRuntimeLayer(layer);
            }
            else if (StepExpressions.OwnsParameter(step.Op.Kind))
                layerField = Field(step.Layer ?? throw new InvalidOperationException($"network '{_network.Name}': step '{step.Result}' reads no learned tensor")) + ".Value";
            var (local, fresh) = stepLocals[i];
            values[step.Result] = local;
            writer.MapTo(step.Span);
            writer.Line($"{(fresh ? "var " : "")}{local} = {StepExpressions.For(step, args, layerField, takesGenerated, _attentionHelper, _constants)};");
        }
        writer.EndMapping();
        _constants.Locals = null;
        string Value(string name) => values.TryGetValue(name, out var local) ? local
            : throw new InvalidOperationException($"network '{_network.Name}' returns undefined value '{name}'");
        if (_outputsClass is null) writer.Line($"return {Value(_network.OutputValue)};");
        else writer.Line($"return new {_outputsClass}({string.Join(", ", OutputProperties(_network).Select(p => Value(p.Value)))});");
        writer.Close();
    }

    /// <summary>
    /// The local each step assigns, and whether the step declares it. A run of steps that each read only the previous
    /// one's value is one local, reassigned, named after the run's last value (a statement's):
    /// <c>var head = head_0.call(x); head = relu(head);</c>. Declared before any expression is written, so that the
    /// constant fields the expressions ask for avoid the locals' names.
    /// </summary>
    private (string Local, bool Fresh)[] StepLocals(NameScope locals)
    {
        var continues = ModelFacts.ContinuesPrevious(_network);
        var result = new (string Local, bool Fresh)[_network.Steps.Length];
        for (var i = 0; i < result.Length; i++)
        {
            if (continues[i])
            {
                result[i] = (result[i - 1].Local, false);
                continue;
            }
            var last = i;
            while (last + 1 < continues.Length && continues[last + 1]) last++;
            var name = CSharpNames.FromPath(ModelFacts.ValuePath(_network.Steps[last].Result));
            result[i] = (locals.Declare("value:" + _network.Steps[i].Result, locals.Taken.Contains(name) ? name + "_out" : name), true);
        }
        return result;
    }

    private void EmitCopyFrom(CodeWriter writer)
    {
        writer.Line();
        writer.Line("/// <summary>Copies the effective weights <paramref name=\"source\"/> uses for one sample into this (all-trainable) network.</summary>");
        writer.Open($"internal void CopyFrom({_className} source, GeneratedWeights? generated, long sample)");
        writer.Line("using var noGrad = torch.no_grad();");
        foreach (var layer in _network.Layers)
        {
            var field = Field(layer);
            writer.Line(layer.Kind == LayerKind.LearnedTensor ? $"{field}.Value.copy_(source.{field}.Value);"
                : IsRuntimeLayer(layer) ? $"source.{field}.MaterializeInto({field}, generated, sample);"
                : layer.Kind == LayerKind.InProjection ? $"{field}.CopyFrom(source.{field});"
                : $"{field}.load_state_dict(source.{field}.state_dict());");
        }
        writer.Close();
    }

    private void EmitAttentionHelper(CodeWriter writer)
    {
        writer.Line();
        // The dropout parameter exists only when some attention step of the network has attention dropout.
        var dropout = _network.Steps.Any(s => s.Op.Kind == StepOpKind.Attention && s.Op.Value > 0);
        writer.Line(dropout
            ? "/// <summary>Multi-head scaled dot-product attention over [B, tokens, width] projections; <paramref name=\"dropout\"/> drops attention weights.</summary>"
            : "/// <summary>Multi-head scaled dot-product attention over [B, tokens, width] projections.</summary>");
        writer.Open($"private static Tensor {_attentionHelper}(Tensor query, Tensor key, Tensor value, long heads{(dropout ? ", double dropout = 0.0" : "")})");
        writer.Line("var batch = query.size(0);");
        writer.Line("var tokens = query.size(1);");
        writer.Line("var width = query.size(2);");
        writer.Line("var q = query.reshape(batch, tokens, heads, width / heads).transpose(1, 2);");
        writer.Line("var k = key.reshape(batch, key.size(1), heads, width / heads).transpose(1, 2);");
        writer.Line("var v = value.reshape(batch, value.size(1), heads, width / heads).transpose(1, 2);");
        writer.Line($"return nn.functional.scaled_dot_product_attention(q, k, v{(dropout ? ", p: dropout" : "")}).transpose(1, 2).reshape(batch, tokens, width);");
        writer.Close();
    }

    private string Field(BoundLayer layer) => _fields[layer];

    /// <summary>
    /// Whether a linear or convolution is one of the runtime's target layers rather than TorchSharp's own module: in
    /// the target network, a layer whose weights the hypernetwork generates (External) or adapts (LoRA). The field keeps
    /// that type in a materialized network too (built with Role.Trainable, so it owns its weights and runs as plainly as
    /// nn.Linear): one network class serves both, and MaterializeInto copies between layers of one type. Also a
    /// transposed convolution whose output padding differs between axes: TorchSharp 0.107's ConvTransposeNd applies
    /// its first entry to every axis.
    /// </summary>
    private bool IsRuntimeLayer(BoundLayer layer) => layer.Kind switch
    {
        LayerKind.Linear or LayerKind.Conv => _isTarget && layer.Role.Kind is LayerRoleKind.External or LayerRoleKind.Lora,
        LayerKind.ConvTranspose => (_isTarget && layer.Role.Kind is LayerRoleKind.External or LayerRoleKind.Lora)
                                   || !Uniform(layer.Arguments.OutputPadding),
        _ => false,
    };

    private static bool Uniform(ImmutableArray<long> values) => values.IsDefaultOrEmpty || values.All(v => v == values[0]);

    private string LayerType(BoundLayer layer) => layer.Kind switch
    {
        LayerKind.Linear => IsRuntimeLayer(layer) ? "TargetLinear" : "Linear",
        LayerKind.Conv => IsRuntimeLayer(layer) ? "TargetConv" : $"Conv{layer.Arguments.SpatialRank}d",
        LayerKind.ConvTranspose => IsRuntimeLayer(layer) ? "TargetConvTranspose" : $"ConvTranspose{layer.Arguments.SpatialRank}d",
        LayerKind.GroupNorm => "GroupNorm",
        LayerKind.LayerNorm => "LayerNorm",
        LayerKind.BatchNorm => $"BatchNorm{Math.Clamp(layer.Arguments.SpatialRank, 1, 3)}d",
        LayerKind.LayerNorm2d => "LayerNorm2d",
        LayerKind.InProjection => "FusedInProjection",
        _ => throw new InvalidOperationException($"layer kind {layer.Kind} has no C# form"),
    };

    // N(0, 1) (class token, position embedding) or a constant (a layer scale's initial value).
    private static string LearnedTensorInit(LayerArguments a) => a.TensorFill is { } fill
        ? $"torch.full({CSharpLiterals.LongArray(a.TensorShape)}, {CSharpLiterals.Double(fill)})"
        : $"torch.randn({string.Join(", ", a.TensorShape.Select(CSharpLiterals.Long))})";

    private static string Describe(BoundLayer layer) => layer.Role.Kind switch
    {
        LayerRoleKind.External => layer.Role.GenerateWeight && layer.Role.GenerateBias ? "weight and bias generated"
            : layer.Role.GenerateWeight ? "weight generated" : "bias generated",
        LayerRoleKind.Lora => $"frozen, LoRA rank {layer.Role.Rank} generated",
        LayerRoleKind.Frozen => "frozen",
        _ => "trainable",
    };

    private string Construction(BoundLayer layer)
    {
        var a = layer.Arguments;
        var name = CSharpLiterals.String(CSharpNames.Bare(Field(layer)));
        var declaration = _context.Declaration(layer.Path, layer.Span);
        if (!IsRuntimeLayer(layer) && layer.Kind is LayerKind.Linear or LayerKind.Conv or LayerKind.ConvTranspose) return TorchModule(layer);
        return layer.Kind switch
        {
            LayerKind.Linear =>
                $"new TargetLinear({name}, {CSharpLiterals.Long(a.InFeatures)}, {CSharpLiterals.Long(a.OutFeatures)}, hasBias: {CSharpLiterals.Bool(a.Bias)}, {Role(layer)}, {declaration})",
            LayerKind.Conv =>
                $"new TargetConv({name}, {a.SpatialRank}, {CSharpLiterals.Long(a.InFeatures)}, {CSharpLiterals.Long(a.OutFeatures)}, " +
                $"kernelSize: {Tuple(a.KernelSize, a.SpatialRank, 1)}, stride: {Tuple(a.Stride, a.SpatialRank, 1)}, padding: {Tuple(a.Padding, a.SpatialRank, 0)}, " +
                $"dilation: {Tuple(a.Dilation, a.SpatialRank, 1)}, groups: {CSharpLiterals.Long(a.Groups)}, hasBias: {CSharpLiterals.Bool(a.Bias)}, {Role(layer)}, {declaration})",
            LayerKind.ConvTranspose =>
                $"new TargetConvTranspose({name}, {a.SpatialRank}, {CSharpLiterals.Long(a.InFeatures)}, {CSharpLiterals.Long(a.OutFeatures)}, " +
                $"kernelSize: {Tuple(a.KernelSize, a.SpatialRank, 1)}, stride: {Tuple(a.Stride, a.SpatialRank, 1)}, padding: {Tuple(a.Padding, a.SpatialRank, 0)}, " +
                $"dilation: {Tuple(a.Dilation, a.SpatialRank, 1)}, outputPadding: {Tuple(a.OutputPadding, a.SpatialRank, 0)}, groups: {CSharpLiterals.Long(a.Groups)}, " +
                $"hasBias: {CSharpLiterals.Bool(a.Bias)}, {Role(layer)}, {declaration})",
            // Through the runtime: TorchSharp 0.107's nn.GroupNorm leaves its affine parameters uninitialised.
            LayerKind.GroupNorm => $"Norms.GroupNorm({CSharpLiterals.Long(a.NumGroups)}, {CSharpLiterals.Long(ModelFacts.NormChannels(a))}, eps: {CSharpLiterals.Double(a.Epsilon)})",
            LayerKind.LayerNorm => $"nn.LayerNorm({CSharpLiterals.LongArray(ModelFacts.NormalizedShape(a))}, eps: {CSharpLiterals.Double(a.Epsilon)}{(a.Affine ? "" : ", elementwise_affine: false")})",
            LayerKind.BatchNorm => $"nn.BatchNorm{Math.Clamp(a.SpatialRank, 1, 3)}d({CSharpLiterals.Long(ModelFacts.NormChannels(a))}, eps: {CSharpLiterals.Double(a.Epsilon)}" +
                                   $"{(a.Momentum == 0.1 ? "" : ", momentum: " + CSharpLiterals.Double(a.Momentum))}{(a.Affine ? "" : ", affine: false")})",
            LayerKind.LayerNorm2d => $"new LayerNorm2d({name}, {CSharpLiterals.Long(a.InFeatures)}, eps: {CSharpLiterals.Double(a.Epsilon)}, elementwiseAffine: {CSharpLiterals.Bool(a.Affine)})",
            LayerKind.InProjection => $"new FusedInProjection({name}, {CSharpLiterals.Long(a.InFeatures)}, hasBias: {CSharpLiterals.Bool(a.Bias)})",
            _ => throw new InvalidOperationException($"layer kind {layer.Kind} has no C# form"),
        };
    }

    /// <summary>
    /// TorchSharp's own linear or convolution, written as a person would: defaults left out, a size given once when it
    /// is the same on every axis (<c>nn.Conv2d(64, 128, kernel_size: 3, stride: 2, padding: 1, bias: false)</c>).
    /// TorchSharp 0.107 initialises them as torch.nn does (Kaiming-uniform with a = sqrt(5), bias U(±1/sqrt(fan_in))),
    /// drawing in the same order as the runtime's <c>TorchDefaultInit</c>; frozen ones are frozen by the constructor.
    /// </summary>
    private static string TorchModule(BoundLayer layer)
    {
        var a = layer.Arguments;
        var arguments = new List<string> { CSharpLiterals.Long(a.InFeatures), CSharpLiterals.Long(a.OutFeatures) };
        if (layer.Kind == LayerKind.Linear)
        {
            if (!a.Bias) arguments.Add("hasBias: false");
            return $"nn.Linear({string.Join(", ", arguments)})";
        }
        var rank = Math.Max(1, a.SpatialRank);
        var tuples = new List<(string Name, ImmutableArray<long> Values, long Default)>
        {
            ("kernel_size", a.KernelSize, 1), ("stride", a.Stride, 1), ("padding", a.Padding, 0),
        };
        if (layer.Kind == LayerKind.ConvTranspose) tuples.Add(("output_padding", a.OutputPadding, 0));
        tuples.Add(("dilation", a.Dilation, 1));
        var values = tuples.Select(t => (t.Name, Values: t.Values.IsDefaultOrEmpty ? [.. Enumerable.Repeat(t.Default, rank)] : t.Values.ToArray(), t.Default)).ToList();
        // TorchSharp has one overload taking a single size per argument and one taking a tuple per argument.
        var scalars = rank == 1 || values.All(v => v.Values.All(x => x == v.Values[0]));
        foreach (var (name, entries, fallback) in values)
        {
            if (name != "kernel_size" && entries.All(x => x == fallback)) continue;
            arguments.Add($"{name}: {(scalars ? CSharpLiterals.Long(entries[0]) : "(" + string.Join(", ", entries.Select(CSharpLiterals.Long)) + ")")}");
        }
        if (a.Groups != 1) arguments.Add($"groups: {CSharpLiterals.Long(a.Groups)}");
        if (!a.Bias) arguments.Add("bias: false");
        var type = layer.Kind == LayerKind.Conv ? "Conv" : "ConvTranspose";
        return $"nn.{type}{rank}d({string.Join(", ", arguments)})";
    }

    // Auxiliary networks own all their parameters; in the target network the declared role applies unless allTrainable.
    private string Role(BoundLayer layer)
    {
        var declared = DeclaredRole(layer);
        if (!_isTarget) return declared == "Role.Frozen" ? declared : "Role.Trainable";
        return declared == "Role.Trainable" ? declared : $"allTrainable ? Role.Trainable : {declared}";
    }

    private static string DeclaredRole(BoundLayer layer)
    {
        int? Slot(string name) => ModelFacts.Slot(layer, name);
        string SlotText(int? slot) => slot is { } s ? CSharpLiterals.Int(s) : "null";
        return layer.Role.Kind switch
        {
            LayerRoleKind.Frozen => "Role.Frozen",
            LayerRoleKind.External => $"Role.External(weightSlot: {SlotText(Slot("weight"))}, biasSlot: {SlotText(Slot("bias"))})",
            LayerRoleKind.Lora => $"Role.Lora(rank: {CSharpLiterals.Int(layer.Role.Rank)}, alpha: {CSharpLiterals.Double(layer.Role.Alpha)}, " +
                                  $"aSlot: {SlotText(Slot("lora_a"))}, bSlot: {SlotText(Slot("lora_b"))})",
            _ => "Role.Trainable",
        };
    }

    private static string Tuple(ImmutableArray<long> values, int rank, long fallback) =>
        CSharpLiterals.LongArray(ModelFacts.Tuple(values, rank, fallback));
}

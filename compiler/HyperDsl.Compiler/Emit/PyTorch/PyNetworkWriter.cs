using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>
/// Writes a network class: every layer registered under its .hyp path through the runtime's <c>ModuleTree</c> (so
/// the state-dict keys are the paths, as in the C# module), plain layers as torch's own modules, generated and LoRA
/// layers as the runtime's batched layers, and the forward program as straight-line code. The target network reads
/// generated weights; an auxiliary network (a domain classifier) owns all its parameters and returns named outputs.
/// </summary>
internal sealed class PyNetworkWriter
{
    private readonly PyContext _context;
    private readonly BoundNetwork _network;
    private readonly bool _isTarget;
    private readonly string _className;
    private readonly PythonScope _members;
    // How forward and copy_from reach each layer: self.head, or an attribute that only refers to a nested layer.
    private readonly Dictionary<BoundLayer, string> _access = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<BoundLayer, string> _alias = new(ReferenceEqualityComparer.Instance);

    private PyNetworkWriter(PyContext context, BoundNetwork network, bool isTarget)
    {
        _context = context;
        _network = network;
        _isTarget = isTarget;
        _className = context.ClassOf(network);
        foreach (var layer in network.Layers)
            foreach (var segment in layer.Path.Split('.'))
                if (PythonReserved.ModuleAttributes.Contains(segment))
                    throw new InvalidOperationException($"the layer '{layer.Path}' of network '{network.Name}': '{segment}' is an attribute of torch.nn.Module, so PyTorch cannot register a child under that name; rename the layer");
        // Registered children (a layer at a one-segment path, the first group of a nested one) are attributes too.
        var registered = network.Layers.Select(l => l.Path.Split('.')[0]).Distinct(StringComparer.Ordinal);
        _members = new PythonScope(PythonReserved.ModuleAttributes.Concat(registered).Concat(["copy_from", "describe_key"]));
        foreach (var layer in network.Layers)
        {
            if (!layer.Path.Contains('.') && PythonNames.IsPlainIdentifier(layer.Path))
                _access[layer] = "self." + layer.Path;
            else
            {
                _alias[layer] = _members.Declare(layer, layer.Path.Replace('.', '_'));
                _access[layer] = "self." + _alias[layer] + (layer.Kind == LayerKind.LearnedTensor ? ".value" : "");
            }
        }
    }

    /// <summary>The target network class.</summary>
    public static void WriteTarget(PythonWriter writer, PyContext context) => new PyNetworkWriter(context, context.Model.Target, true).Write(writer);

    /// <summary>An auxiliary network's outputs tuple and class.</summary>
    public static void WriteAuxiliary(PythonWriter writer, PyContext context, BoundNetwork network) => new PyNetworkWriter(context, network, false).Write(writer);

    /// <summary>The fields of an auxiliary network's outputs tuple: <c>output</c>, then each named output.</summary>
    public static IReadOnlyList<(string? Name, string Value, string Field)> OutputFields(BoundNetwork network)
    {
        var scope = new PythonScope(["count", "index"]);
        var result = new List<(string?, string, string)> { (null, network.OutputValue, scope.Declare("output", "output")) };
        foreach (var (name, value) in network.NamedOutputs.OrderBy(p => p.Key, StringComparer.Ordinal))
            result.Add((name, value, scope.Declare("named:" + name, name.StartsWith('_') ? "value" + name : name)));
        return result;
    }

    private void Write(PythonWriter writer)
    {
        if (!_isTarget)
        {
            var outputs = _context.OutputsClassOf(_network);
            writer.Block($"class {outputs}(NamedTuple):");
            writer.Docstring(null, $"The outputs of the network ``{_network.Name}`` of {_context.ModelClass}.");
            writer.Line();
            foreach (var field in OutputFields(_network)) writer.Line($"{field.Field}: torch.Tensor");
            writer.Dedent();
            writer.Line();
            writer.Line();
        }
        writer.Block($"class {_className}(nn.Module):");
        writer.Docstring(null, _isTarget
            ? $"The target network ``{_network.Name}`` of {_context.ModelClass}: its generated layers read the weights a hypernetwork produced for each sample."
            : $"The network ``{_network.Name}`` of {_context.ModelClass}.");
        writer.Line();
        WriteConstructor(writer);
        WriteForward(writer);
        if (_isTarget)
        {
            WriteCopyFrom(writer);
            WriteDescribeKey(writer);
        }
        writer.Dedent();
    }

    private void WriteConstructor(PythonWriter writer)
    {
        if (_isTarget)
        {
            writer.Block("def __init__(self, all_trainable: bool = False):");
            writer.Docstring(null, $"Builds the network with the roles the .hyp file declares, or with every layer trainable\n(``all_trainable``: a standalone network, see ``{_context.ModelClass}.materialize``).");
        }
        else
        {
            writer.Block("def __init__(self):");
            writer.Docstring(null, "Builds the network with freshly initialised trainable layers.");
        }
        writer.Line("super().__init__()");
        writer.Line($"tree = {_context.Runtime("ModuleTree")}(self)");
        if (_alias.Count > 0)
            writer.Line("# Layers are registered under their .hyp paths (the state-dict keys); the plain attributes set with object.__setattr__ only refer to them.");
        foreach (var layer in _network.Layers)
        {
            var registration = layer.Kind == LayerKind.LearnedTensor
                ? $"tree.add_parameter({PythonLiterals.String(layer.Path)}, nn.Parameter({LearnedTensorInit(layer.Arguments)}))"
                : $"tree.add({PythonLiterals.String(layer.Path)}, {Construction(layer)})";
            if (_alias.TryGetValue(layer, out var alias)) writer.Line($"object.__setattr__(self, {PythonLiterals.String(alias)}, {registration})");
            else writer.Line(registration);
        }
        var zeroBiases = _network.Layers.Where(l => l.Arguments.ZeroInitialBias && l.Arguments.Bias).ToList();
        if (zeroBiases.Count > 0)
        {
            writer.Line("# Attention output projections start with a zero bias, as torch.nn.MultiheadAttention's do.");
            foreach (var layer in zeroBiases)
            {
                if (Native(layer)) writer.Line($"nn.init.zeros_({_access[layer]}.bias)");
                else
                {
                    writer.Block($"if {_access[layer]}.bias is not None:");
                    writer.Line($"nn.init.zeros_({_access[layer]}.bias)");
                    writer.Dedent();
                }
            }
        }
        var frozen = _network.Layers.Where(l => l.Role.Kind == LayerRoleKind.Frozen).ToList();
        if (frozen.Count > 0)
        {
            writer.Line("# Frozen layers keep their values: they are excluded from gradients.");
            if (_isTarget) writer.Block("if not all_trainable:");
            foreach (var layer in frozen)
            {
                if (layer.Kind == LayerKind.InProjection)
                {
                    // Its own tensors only: the out_proj registered beneath it keeps its own role.
                    writer.Block($"for parameter in {_access[layer]}.parameters(recurse=False):");
                    writer.Line("parameter.requires_grad_(False)");
                    writer.Dedent();
                }
                else writer.Line($"{_access[layer]}.requires_grad_(False)");
            }
            if (_isTarget) writer.Dedent();
        }
        writer.Dedent();
        writer.Line();
    }

    private void WriteForward(PythonWriter writer)
    {
        var locals = new PythonScope(_context.Globals.Taken.Concat(["self", "x", "generated"]));
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { [_network.InputValue] = "x" };
        var shape = string.Join(", ", _network.InputShape);
        if (_isTarget)
        {
            writer.Block("def forward(self, x: torch.Tensor, generated: Optional[GeneratedWeights] = None) -> torch.Tensor:");
            _context.Runtime("GeneratedWeights");
            writer.Docstring(null, $"Runs the network on ``x`` (the input ``{_context.Model.Input.Name}``, [B, {shape}]); ``generated`` holds the\nhypernetwork's output for this batch (None: own weights only, as in a materialized network).");
        }
        else
        {
            writer.Block($"def forward(self, x: torch.Tensor) -> {_context.OutputsClassOf(_network)}:");
            writer.Docstring(null, $"Runs the network on ``x``, [B, {shape}].");
        }
        var declaration = _isTarget ? _context.Declaration(_context.Model.Input.Name, _context.Model.Input.Span) : _context.Declaration(_network.Name, _network.Span);
        writer.Line($"{_context.Runtime("ShapeGuard")}.expect(x, {PythonLiterals.Tuple(_network.InputShape)}, {declaration})");
        // A run of steps that each read only the previous value is one local, reassigned (as the C# backend does).
        var continues = ModelFacts.ContinuesPrevious(_network);
        var chainLocals = new string[_network.Steps.Length];
        for (var i = 0; i < _network.Steps.Length; i++)
        {
            var step = _network.Steps[i];
            var args = step.Arguments.Select(a => values.TryGetValue(a, out var local) ? local
                : throw new InvalidOperationException($"network '{_network.Name}': step '{step.Result}' reads '{a}' before it is defined")).ToList();
            string? layer = null;
            var takesGenerated = false;
            if (step.Op.Kind == StepOpKind.Layer)
            {
                var bound = step.Layer ?? throw new InvalidOperationException($"network '{_network.Name}': step '{step.Result}' runs no layer");
                layer = _access[bound];
                takesGenerated = _isTarget && !Native(bound) && ModelFacts.IsTargetLayer(bound);
            }
            else if (step.Op.Kind is StepOpKind.AddPositionalEmbedding or StepOpKind.PrependClassToken or StepOpKind.LayerScale)
                layer = _access[step.Layer ?? throw new InvalidOperationException($"network '{_network.Name}': step '{step.Result}' reads no learned tensor")];
            if (continues[i]) chainLocals[i] = chainLocals[i - 1];
            else
            {
                var last = i;
                while (last + 1 < continues.Length && continues[last + 1]) last++;
                chainLocals[i] = locals.Declare(step, ModelFacts.ValuePath(_network.Steps[last].Result).Replace('.', '_'));
            }
            var local = chainLocals[i];
            values[step.Result] = local;
            writer.Line($"{local} = {PyStepExpressions.For(_context, step, args, layer, takesGenerated)}");
        }
        string Value(string name) => values.TryGetValue(name, out var local) ? local
            : throw new InvalidOperationException($"network '{_network.Name}' returns undefined value '{name}'");
        writer.Line(_isTarget
            ? $"return {Value(_network.OutputValue)}"
            : $"return {_context.OutputsClassOf(_network)}({string.Join(", ", OutputFields(_network).Select(f => Value(f.Value)))})");
        writer.Dedent();
    }

    private void WriteCopyFrom(PythonWriter writer)
    {
        writer.Line();
        writer.Line("@torch.no_grad()");
        writer.Block($"def copy_from(self, source: \"{_className}\", generated: Optional[GeneratedWeights], sample: int) -> None:");
        writer.Docstring(null, "Copies the effective weights ``source`` uses for one sample into this (all-trainable) network.");
        foreach (var layer in _network.Layers)
        {
            var mine = _access[layer];
            var theirs = "source" + mine["self".Length..];
            writer.Line(layer.Kind == LayerKind.LearnedTensor ? $"{mine}.copy_({theirs})"
                : ModelFacts.IsTargetLayer(layer) && !Native(layer) ? $"{theirs}.materialize_into({mine}, generated, sample)"
                : layer.Kind == LayerKind.InProjection ? $"{mine}.copy_from({theirs})"
                : $"{mine}.load_state_dict({theirs}.state_dict())");
        }
        writer.Dedent();
    }

    private void WriteDescribeKey(PythonWriter writer)
    {
        writer.Line();
        writer.Block("def describe_key(self, key: str) -> str:");
        writer.Docstring(null, "The .hyp declaration of a key of this network's state dict (the key itself when it has none).");
        writer.Line($"return {_context.ModelClass}.describe_parameter({PythonLiterals.String(_context.Members[_network] + ".")} + key)");
        writer.Dedent();
    }

    // Plain layers are torch's own modules (same state-dict names); generated and LoRA layers are the runtime's.
    private bool Native(BoundLayer layer) =>
        ModelFacts.IsTargetLayer(layer) && (!_isTarget || layer.Role.Kind is LayerRoleKind.Trainable or LayerRoleKind.Frozen);

    // N(0, 1) (class token, position embedding) or a constant (a layer scale's initial value).
    private static string LearnedTensorInit(LayerArguments a) => a.TensorFill is { } fill
        ? $"torch.full({PythonLiterals.Tuple(a.TensorShape)}, {PythonLiterals.Double(fill)})"
        : $"torch.randn({string.Join(", ", a.TensorShape.Select(PythonLiterals.Long))})";

    private string Construction(BoundLayer layer)
    {
        var a = layer.Arguments;
        var rank = Math.Clamp(a.SpatialRank, 1, 3);
        string T(System.Collections.Immutable.ImmutableArray<long> values, long fallback) => PythonLiterals.Tuple(ModelFacts.Tuple(values, a.SpatialRank, fallback));
        var bias = a.Bias ? "" : ", bias=False";
        if (Native(layer))
        {
            var dilation = ModelFacts.Tuple(a.Dilation, a.SpatialRank, 1).All(d => d == 1) ? "" : $", dilation={T(a.Dilation, 1)}";
            var groups = a.Groups == 1 ? "" : $", groups={PythonLiterals.Long(a.Groups)}";
            return layer.Kind switch
            {
                LayerKind.Linear => $"nn.Linear({PythonLiterals.Long(a.InFeatures)}, {PythonLiterals.Long(a.OutFeatures)}{bias})",
                LayerKind.Conv => $"nn.Conv{rank}d({PythonLiterals.Long(a.InFeatures)}, {PythonLiterals.Long(a.OutFeatures)}, kernel_size={T(a.KernelSize, 1)}, " +
                                  $"stride={T(a.Stride, 1)}, padding={T(a.Padding, 0)}{dilation}{groups}{bias})",
                _ => $"nn.ConvTranspose{rank}d({PythonLiterals.Long(a.InFeatures)}, {PythonLiterals.Long(a.OutFeatures)}, kernel_size={T(a.KernelSize, 1)}, " +
                     $"stride={T(a.Stride, 1)}, padding={T(a.Padding, 0)}, output_padding={T(a.OutputPadding, 0)}{groups}{bias}{dilation})",
            };
        }
        var name = PythonLiterals.String(layer.Path.Replace('.', '_'));
        var declaration = _context.Declaration(layer.Path, layer.Span);
        var hasBias = PythonLiterals.Bool(a.Bias);
        return layer.Kind switch
        {
            LayerKind.Linear =>
                $"{_context.Runtime("TargetLinear")}({name}, {PythonLiterals.Long(a.InFeatures)}, {PythonLiterals.Long(a.OutFeatures)}, has_bias={hasBias}, role={Role(layer)}, declaration={declaration})",
            LayerKind.Conv =>
                $"{_context.Runtime("TargetConv")}({name}, {a.SpatialRank}, {PythonLiterals.Long(a.InFeatures)}, {PythonLiterals.Long(a.OutFeatures)}, " +
                $"kernel_size={T(a.KernelSize, 1)}, stride={T(a.Stride, 1)}, padding={T(a.Padding, 0)}, dilation={T(a.Dilation, 1)}, " +
                $"groups={PythonLiterals.Long(a.Groups)}, has_bias={hasBias}, role={Role(layer)}, declaration={declaration})",
            LayerKind.ConvTranspose =>
                $"{_context.Runtime("TargetConvTranspose")}({name}, {a.SpatialRank}, {PythonLiterals.Long(a.InFeatures)}, {PythonLiterals.Long(a.OutFeatures)}, " +
                $"kernel_size={T(a.KernelSize, 1)}, stride={T(a.Stride, 1)}, padding={T(a.Padding, 0)}, dilation={T(a.Dilation, 1)}, " +
                $"output_padding={T(a.OutputPadding, 0)}, groups={PythonLiterals.Long(a.Groups)}, has_bias={hasBias}, role={Role(layer)}, declaration={declaration})",
            LayerKind.GroupNorm => $"nn.GroupNorm({PythonLiterals.Long(a.NumGroups)}, {PythonLiterals.Long(ModelFacts.NormChannels(a))}, eps={PythonLiterals.Double(a.Epsilon)})",
            LayerKind.LayerNorm => $"nn.LayerNorm({PythonLiterals.Tuple(ModelFacts.NormalizedShape(a))}, eps={PythonLiterals.Double(a.Epsilon)}{(a.Affine ? "" : ", elementwise_affine=False")})",
            LayerKind.BatchNorm => $"nn.BatchNorm{rank}d({PythonLiterals.Long(ModelFacts.NormChannels(a))}, eps={PythonLiterals.Double(a.Epsilon)}" +
                                   $"{(a.Momentum == 0.1 ? "" : ", momentum=" + PythonLiterals.Double(a.Momentum))}{(a.Affine ? "" : ", affine=False")})",
            LayerKind.LayerNorm2d => $"{_context.Runtime("LayerNorm2d")}({name}, {PythonLiterals.Long(a.InFeatures)}, eps={PythonLiterals.Double(a.Epsilon)}, elementwise_affine={PythonLiterals.Bool(a.Affine)})",
            LayerKind.InProjection => $"{_context.Runtime("FusedInProjection")}({name}, {PythonLiterals.Long(a.InFeatures)}, has_bias={hasBias})",
            _ => throw new InvalidOperationException($"layer kind {layer.Kind} has no Python form"),
        };
    }

    // Only generated and LoRA layers reach here (plain ones are torch modules): the declared role, unless all_trainable.
    private string Role(BoundLayer layer)
    {
        var role = _context.Runtime("Role");
        string Slot(string name) => ModelFacts.Slot(layer, name) is { } s ? PythonLiterals.Long(s) : "None";
        var declared = layer.Role.Kind switch
        {
            LayerRoleKind.External => $"{role}.external(weight_slot={Slot("weight")}, bias_slot={Slot("bias")})",
            LayerRoleKind.Lora => $"{role}.lora(rank={PythonLiterals.Long(layer.Role.Rank)}, alpha={PythonLiterals.Double(layer.Role.Alpha)}, a_slot={Slot("lora_a")}, b_slot={Slot("lora_b")})",
            _ => throw new InvalidOperationException($"layer '{layer.Path}' has role {layer.Role.Kind}, which a torch module expresses"),
        };
        return $"{role}.trainable() if all_trainable else {declared}";
    }
}

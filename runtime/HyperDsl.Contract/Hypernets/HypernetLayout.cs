namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// Every module and learned tensor of a hypernetwork, computed from its condition size, options and generated-tensor
/// specs: the one description both sides read. The runtime's <c>HyperNetwork</c> builds its body, heads and
/// embeddings from it and registers them under its paths; the compiler's <c>hyperdsl params</c> lists
/// <see cref="Parameters"/>. So the two cannot disagree on a name, a shape or the order.
/// </summary>
/// <param name="ConditionSize">Width of the condition embedding the hypernetwork reads.</param>
/// <param name="Options">The hypernetwork's options.</param>
/// <param name="Specs">The generated tensors, slot order.</param>
/// <param name="Body">The body.</param>
/// <param name="Heads">The heads, in registration order (<c>heads.0</c>, ...).</param>
/// <param name="ComponentSpecs">PerComponent: the spec indices of each component (component order); otherwise empty.</param>
/// <param name="ComponentEmbeddings">PerComponent: one table per distinct attribute; otherwise empty.</param>
/// <param name="ChunkEmbeddings">Chunked: the learned chunk embeddings <c>[chunks, embedding]</c>; otherwise null.</param>
public sealed record HypernetLayout(
    long ConditionSize,
    HyperNetworkOptions Options,
    IReadOnlyList<GeneratedTensorSpec> Specs,
    BodyLayout Body,
    IReadOnlyList<HeadLayout> Heads,
    IReadOnlyList<int[]> ComponentSpecs,
    IReadOnlyList<EmbeddingTableLayout> ComponentEmbeddings,
    HypernetParameter? ChunkEmbeddings)
{
    /// <summary>Module path of the body.</summary>
    public const string BodyPath = "body";

    /// <summary>Module path above the heads (<c>heads.0</c>, ...).</summary>
    public const string HeadsPath = "heads";

    /// <summary>Module path above the component embedding tables.</summary>
    public const string ComponentEmbeddingsPath = "component_embeddings";

    /// <summary>Name of the chunk embedding tensor.</summary>
    public const string ChunkEmbeddingsName = "chunk_embeddings";

    /// <summary>Total generated values per sample.</summary>
    public long TotalValues => Specs.Sum(s => s.Count);

    /// <summary>Chunked: the number of chunks, ceil(total / ChunkSize); otherwise 0.</summary>
    public long ChunkCount => ChunkEmbeddings?.Shape[0] ?? 0;

    /// <summary>
    /// What is wrong with these inputs for building a hypernetwork (empty when nothing is): the runtime refuses them with
    /// these messages; the compiler's binder reports its own diagnostics first.
    /// </summary>
    public static IReadOnlyList<string> Problems(long conditionSize, HyperNetworkOptions options, IReadOnlyList<GeneratedTensorSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(specs);
        var problems = new List<string>();
        if (conditionSize <= 0) problems.Add($"the condition size must be positive, got {conditionSize}.");
        if (specs.Count == 0) problems.Add("a hypernetwork needs at least one generated tensor.");
        foreach (var spec in specs.Where(s => s.Shape.Length == 0 || s.Shape.Any(d => d <= 0)))
            problems.Add($"generated tensor '{spec.Name}' has shape [{string.Join(", ", spec.Shape)}].");
        if (options.Strategy is StrategyKind.PerComponent or StrategyKind.Chunked && options.EmbeddingSize <= 0)
            problems.Add($"the {options.Strategy} strategy needs a positive embedding size.");
        if (options.Strategy == StrategyKind.Chunked && options.ChunkSize <= 0)
            problems.Add("the Chunked strategy needs a positive chunk size.");
        if (options.Body == BodyKind.Mlp)
            problems.AddRange(options.Widths.Where(w => w <= 0).Select(w => $"hypernetwork body widths must be positive, got {w}."));
        else if (options.Latent <= 0 || options.HeadInput <= 0 || options.Blocks < 0)
            problems.Add("a residual hypernetwork body needs a positive latent and head input width and a non-negative block count " +
                         $"(got {options.Latent}, {options.HeadInput}, {options.Blocks}).");
        if (options.Strategy == StrategyKind.PerComponent && problems.Count == 0) problems.AddRange(ComponentProblems(specs));
        return problems;
    }

    /// <summary>The layout of a hypernetwork reading <paramref name="conditionSize"/> values and generating <paramref name="specs"/>.</summary>
    /// <exception cref="ArgumentException">The inputs are inconsistent (<see cref="Problems"/> says how).</exception>
    public static HypernetLayout Of(long conditionSize, HyperNetworkOptions options, IReadOnlyList<GeneratedTensorSpec> specs)
    {
        if (Problems(conditionSize, options, specs) is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems));
        var embedding = options.Strategy is StrategyKind.PerComponent or StrategyKind.Chunked ? options.EmbeddingSize : 0;
        var body = CreateBody(conditionSize + embedding, options);
        LinearLayout Head(int index, long rows) => new($"{HeadsPath}.{index}", body.OutputSize, rows);
        long Rows(IEnumerable<int> members) => members.Sum(i => specs[i].Count);
        var all = Enumerable.Range(0, specs.Count).ToArray();
        switch (options.Strategy)
        {
            case StrategyKind.AllAtOnce:
                return new(conditionSize, options, specs, body, [new HeadLayout(Head(0, Rows(all)), all, [])], [], [], null);
            case StrategyKind.PerLayerHeads:
                var layers = all.GroupBy(i => specs[i].Component).Select(g => g.ToArray()).ToArray();
                return new(conditionSize, options, specs, body, layers.Select((members, h) => new HeadLayout(Head(h, Rows(members)), members, [])).ToArray(),
                    [], [], null);
            case StrategyKind.PerComponent:
                var components = ComponentsOf(specs);
                var types = TypesOf(specs, components);
                var heads = types.Select((type, h) =>
                {
                    var members = Enumerable.Range(0, components.Length).Where(c => specs[components[c][0]].ComponentType == type).ToArray();
                    return new HeadLayout(Head(h, Rows(components[members[0]])), components[members[0]], members);
                }).ToArray();
                var tables = Attributes(options).Select(attribute => new EmbeddingTableLayout(
                    $"{ComponentEmbeddingsPath}.{attribute.ToString().ToLowerInvariant()}", attribute,
                    components.Select((c, index) => attribute switch
                    {
                        ComponentAttribute.Depth => (long)specs[c[0]].Depth,
                        ComponentAttribute.Type => types.IndexOf(specs[c[0]].ComponentType),
                        _ => index,
                    }).ToArray(), embedding)).ToArray();
                return new(conditionSize, options, specs, body, heads, components, tables, null);
            case StrategyKind.Chunked:
                var chunks = (Rows(all) + options.ChunkSize - 1) / options.ChunkSize;
                return new(conditionSize, options, specs, body, [new HeadLayout(Head(0, options.ChunkSize), all, [])], [], [],
                    new HypernetParameter(ChunkEmbeddingsName, [chunks, embedding]));
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "Unknown strategy.");
        }
    }

    /// <summary>
    /// Every module that owns learned tensors, in registration order: the body's (Mlp: linear layers, then norms;
    /// ResidualMlp / Mixer: input projection, blocks, output projection), the heads, the component embedding tables.
    /// </summary>
    public IEnumerable<ModuleLayout> Modules()
    {
        switch (Body)
        {
            case MlpBodyLayout mlp:
                foreach (var linear in mlp.Linears) yield return linear;
                foreach (var norm in mlp.Norms) yield return norm;
                break;
            case ResidualBodyLayout residual:
                yield return residual.InputFc1;
                if (residual.InputFc2 is not null) yield return residual.InputFc2;
                foreach (var block in residual.Blocks)
                {
                    yield return block.Norm;
                    yield return block.Fc1;
                    yield return block.Fc2;
                }
                yield return residual.OutputNorm;
                yield return residual.OutputFc1;
                yield return residual.OutputFc2;
                break;
        }
        foreach (var head in Heads) yield return head.Linear;
        foreach (var table in ComponentEmbeddings) yield return table;
    }

    /// <summary>
    /// Every learned tensor of a hypernetwork whose <see cref="Modules"/> are registered in order under their dotted
    /// paths and whose <see cref="ChunkEmbeddings"/> are its own, in the order <c>named_parameters()</c> lists them
    /// (PyTorch's and TorchSharp's rule): a module's own tensors first, then each submodule's, submodules in the order
    /// they were first registered.
    /// </summary>
    public IReadOnlyList<HypernetParameter> Parameters()
    {
        var root = new Node();
        if (ChunkEmbeddings is not null) root.Own.Add(ChunkEmbeddings);
        foreach (var module in Modules())
        {
            var node = root;
            foreach (var segment in module.Path.Split('.')) node = node.Child(segment);
            node.Own.AddRange(module.Parameters());
        }
        var result = new List<HypernetParameter>();
        root.Collect(result);
        return result;
    }

    private sealed class Node
    {
        private readonly List<(string Name, Node Node)> _children = [];

        public List<HypernetParameter> Own { get; } = [];

        public Node Child(string name)
        {
            foreach (var (existing, node) in _children)
                if (existing == name) return node;
            var child = new Node();
            _children.Add((name, child));
            return child;
        }

        public void Collect(List<HypernetParameter> into)
        {
            into.AddRange(Own);
            foreach (var (_, child) in _children) child.Collect(into);
        }
    }

    /// <summary>PerComponent: the attributes whose embeddings are summed (Index when none is declared), each once.</summary>
    public static ComponentAttribute[] Attributes(HyperNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ComponentAttributes is { Length: > 0 } attributes ? attributes.Distinct().ToArray() : [ComponentAttribute.Index];
    }

    private static BodyLayout CreateBody(long input, HyperNetworkOptions options)
    {
        if (options.Body == BodyKind.Mlp)
        {
            var linears = new List<LinearLayout>();
            var norms = new List<NormLayout>();
            var width = input;
            foreach (var (w, i) in options.Widths.Select((w, i) => (w, i)))
            {
                linears.Add(new($"{BodyPath}.linears.{i}", width, w));
                if (options.Norm != NormKind.None) norms.Add(new($"{BodyPath}.norms.{i}", options.Norm, w));
                width = w;
            }
            return new MlpBodyLayout(BodyPath, input, width, linears, norms);
        }
        var latent = options.Latent;
        var blocks = Enumerable.Range(0, options.Blocks).Select(b => $"{BodyPath}.blocks.{b}")
            .Select(path => new ResidualBlockLayout(path, new($"{path}.norm", NormKind.LayerNorm, latent), new($"{path}.fc1", latent, latent), new($"{path}.fc2", latent, latent)))
            .ToArray();
        return new ResidualBodyLayout(BodyPath, input, options.HeadInput,
            new($"{BodyPath}.input_fc1", input, latent),
            options.Body == BodyKind.Mixer ? new($"{BodyPath}.input_fc2", latent, latent) : null,
            blocks,
            new($"{BodyPath}.output_norm", NormKind.LayerNorm, latent),
            new($"{BodyPath}.output_fc1", latent, options.HeadInput),
            new($"{BodyPath}.output_fc2", options.HeadInput, options.HeadInput));
    }

    private static int[][] ComponentsOf(IReadOnlyList<GeneratedTensorSpec> specs) =>
        Enumerable.Range(0, specs.Count).GroupBy(i => specs[i].Component).Select(g => g.ToArray()).ToArray();

    private static List<string> TypesOf(IReadOnlyList<GeneratedTensorSpec> specs, int[][] components) =>
        components.Select(c => specs[c[0]].ComponentType).Distinct().ToList();

    // One head serves every component of a type, so those components must generate the same tensors.
    private static IEnumerable<string> ComponentProblems(IReadOnlyList<GeneratedTensorSpec> specs)
    {
        var components = ComponentsOf(specs);
        foreach (var component in components)
        {
            if (component.Any(i => specs[i].ComponentType != specs[component[0]].ComponentType))
                yield return $"the tensors of component {specs[component[0]].Component} have different component types.";
            if (specs[component[0]].Depth < 0)
                yield return "component depths must be non-negative.";
        }
        string Describe(int[] members) => string.Join(", ", members.Select(i => $"{specs[i].Kind} [{string.Join(", ", specs[i].Shape)}]"));
        foreach (var type in TypesOf(specs, components))
        {
            var members = components.Where(c => specs[c[0]].ComponentType == type).ToArray();
            var layout = Describe(members[0]);
            foreach (var other in members.Skip(1).Select(Describe).Where(d => d != layout).Take(1))
                yield return $"components of type '{type}' generate different tensors ({other} vs {layout}); a type shares one head, so its components must match.";
        }
    }
}

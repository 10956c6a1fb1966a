using HyperDsl.Runtime.Init;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// A hypernetwork: condition embedding <c>[B, conditionSize]</c> → body → heads → one tensor per
/// <see cref="GeneratedTensorSpec"/>, <c>[B, ...shape]</c>, optionally bounded by <c>scale · tanh</c>.
/// The strategy decides how the body and heads are arranged:
/// <list type="bullet">
/// <item><see cref="StrategyKind.AllAtOnce"/>: one head emits all values, split over the specs.</item>
/// <item><see cref="StrategyKind.PerLayerHeads"/>: one head per generated layer (specs sharing a Component).</item>
/// <item><see cref="StrategyKind.PerComponent"/>: the body runs once per component (batched as <c>[B·L, ...]</c>) on the
/// condition concatenated with the sum of learned attribute embeddings; one head per component type, applied to all
/// components of that type in one matmul.</item>
/// <item><see cref="StrategyKind.Chunked"/>: K = ceil(total / ChunkSize) learned chunk embeddings; the body runs on
/// <c>[B·K, condition + embedding]</c>; one head emits ChunkSize values per chunk; the chunks are concatenated,
/// truncated and split.</item>
/// </list>
/// Modules and tensors are registered under the paths of its <see cref="HypernetLayout"/> (the contract the compiler
/// reads too), so state_dict keys read <c>body.…</c>, <c>heads.N.weight</c>, <c>component_embeddings.depth.weight</c>,
/// <c>chunk_embeddings</c>.
/// </summary>
public sealed class HyperNetwork : nn.Module<Tensor, GeneratedWeights>
{
    /// <summary>
    /// Largest number of random conditions in the construction-time probe that measures the body output's second
    /// moment; PerComponent and Chunked use fewer (at least 16) so the probe runs the body on at most 16384 rows.
    /// </summary>
    public const int ProbeSamples = 512;

    private const long ProbeRows = 16384;

    private const ulong ProbeSeed = 0x5EED_4A9E;

    private readonly IHypernetBody body;
    private readonly Linear[] heads;
    private readonly (ComponentAttribute Attribute, EmbeddingTable Table, long[] Values)[] componentEmbeddings;
    private readonly ParameterHandle? chunkEmbeddings;

    private readonly GeneratedTensorSpec[] specs;
    private readonly HyperNetworkOptions options;
    private readonly long conditionSize;
    // For each head, the spec indices its output rows hold, in row order. PerComponent: the spec indices of ONE
    // component of the head's type (the layout all components of the type share), and the components of that type.
    private readonly int[][] headSpecs;
    private readonly int[][] headComponents;
    private readonly int[][] componentSpecs;

    /// <summary>Builds the body, heads and embeddings <see cref="HypernetLayout.Of"/> lays out and initialises the heads.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="conditionSize">Width of the condition embedding the hypernetwork reads.</param>
    /// <param name="options">Architecture, strategy, initialisation and bound.</param>
    /// <param name="specs">The tensors to generate; slot i is <c>specs[i]</c>.</param>
    /// <exception cref="ArgumentException">The options or specs are inconsistent (the message says which).</exception>
    public HyperNetwork(string name, long conditionSize, HyperNetworkOptions options, IReadOnlyList<GeneratedTensorSpec> specs)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(specs);
        if (HypernetLayout.Problems(conditionSize, options, specs) is { Count: > 0 } problems)
            throw new ArgumentException($"{name}: {string.Join(" ", problems)}", conditionSize <= 0 ? nameof(conditionSize) : nameof(specs));
        Layout = HypernetLayout.Of(conditionSize, options, specs);
        this.conditionSize = conditionSize;
        this.options = options;
        this.specs = specs.ToArray();

        // Names, shapes and registration order all come from the layout (the compiler's `hyperdsl params` lists it).
        var tree = new ModuleTree(this);
        var modules = new HypernetModules(Layout, tree);
        body = Layout.Body switch
        {
            MlpBodyLayout mlp => new MlpBody(mlp, modules, options.Activation, options.Dropout),
            ResidualBodyLayout residual => new ResidualMlpBody(residual, modules, options.Activation, options.Dropout),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Body, "Unknown body kind."),
        };
        heads = Layout.Heads.Select(h => modules.Linear(h.Linear)).ToArray();
        headSpecs = Layout.Heads.Select(h => h.Specs).ToArray();
        headComponents = Layout.Heads.Select(h => h.Components).ToArray();
        componentSpecs = [.. Layout.ComponentSpecs];
        componentEmbeddings = Layout.ComponentEmbeddings.Select(t => (t.Attribute, modules.Table(t), t.Values)).ToArray();
        if (Layout.ChunkEmbeddings is { } chunks)
            chunkEmbeddings = tree.AddParameter(chunks.Name, new Parameter(randn(chunks.Shape)));

        if (options.Init != HyperInit.Default)
            InitializeHeads(options.Init);
    }

    /// <summary>Every module and learned tensor of this hypernetwork, as the compiler's <c>hyperdsl params</c> lists them.</summary>
    public HypernetLayout Layout { get; }

    /// <summary>The generated tensors, in slot order.</summary>
    public IReadOnlyList<GeneratedTensorSpec> Specs => specs;

    /// <summary>Total number of generated values per sample.</summary>
    public long TotalValues => specs.Sum(s => s.Count);

    /// <summary>Chunked: the number of chunks K = ceil(total / ChunkSize); otherwise 0.</summary>
    public long ChunkCount => Layout.ChunkCount;

    /// <summary>
    /// The second moment of the body output per head measured at construction (hyperfan only; empty for Default):
    /// what the head variances were derived from.
    /// </summary>
    public IReadOnlyList<double> MeasuredBodySecondMoments { get; private set; } = [];

    /// <summary>Generates every tensor for a batch of conditions.</summary>
    /// <param name="conditionEmbedding"><c>[B, conditionSize]</c>.</param>
    /// <returns>One tensor per spec, <c>[B, ...shape]</c>.</returns>
    /// <exception cref="HyperDslShapeException">The condition does not have shape <c>[B, conditionSize]</c>.</exception>
    public override GeneratedWeights forward(Tensor conditionEmbedding)
    {
        if (conditionEmbedding.dim() != 2 || conditionEmbedding.size(1) != conditionSize)
            throw new HyperDslShapeException($"{GetName()} (hypernetwork)", "condition embedding",
                $"[B, {conditionSize}]", HyperDslShapeException.Render(conditionEmbedding.shape));
        var batch = conditionEmbedding.size(0);
        var headOutputs = HeadInputs(conditionEmbedding).Select((input, i) => heads[i].forward(input)).ToArray();
        var raw = SplitPerSpec(headOutputs, batch);
        var tensors = new Tensor[specs.Length];
        for (var i = 0; i < specs.Length; i++)
        {
            var values = options.BoundScale is { } scale ? raw[i].tanh().mul(scale) : raw[i];
            tensors[i] = values.reshape(new[] { batch }.Concat(specs[i].Shape).ToArray());
        }
        return new GeneratedWeights(tensors, specs.Select(s => s.Name).ToArray());
    }

    /// <summary>The sum of squares of every hypernetwork parameter (a scalar), for an L2 penalty on the hypernetwork.</summary>
    public Tensor ParameterSquaredNorm()
    {
        Tensor? total = null;
        foreach (var parameter in parameters())
            total = total is null ? parameter.square().sum() : total + parameter.square().sum();
        return total ?? zeros(Array.Empty<long>());
    }

    /// <summary>Modules and tensors are registered under their layout paths by the constructor; registering fields by name would add flattened duplicates.</summary>
    protected override void RegisterComponents() { }

    // What each head reads: [B, H] (AllAtOnce, PerLayerHeads), [B, L_t, H] (PerComponent), [B, K, H] (Chunked).
    private Tensor[] HeadInputs(Tensor condition)
    {
        var batch = condition.size(0);
        switch (options.Strategy)
        {
            case StrategyKind.AllAtOnce or StrategyKind.PerLayerHeads:
                var shared = body.Forward(condition, training);
                return Enumerable.Repeat(shared, heads.Length).ToArray();
            case StrategyKind.PerComponent:
                var embeddings = ComponentEmbeddings(condition.device);              // [L, E]
                var perComponent = RunPerRow(condition, embeddings);                  // [B, L, H]
                return headComponents
                    .Select(members => perComponent.index_select(1, tensor(members.Select(m => (long)m).ToArray(), device: condition.device)))
                    .ToArray();
            default:
                return [RunPerRow(condition, chunkEmbeddings!.Value)];                // [B, K, H]
        }

        Tensor RunPerRow(Tensor cond, Tensor rows)
        {
            var count = rows.size(0);
            var input = cat([cond.unsqueeze(1).expand(batch, count, conditionSize), rows.unsqueeze(0).expand(batch, count, rows.size(1))], 2);
            var output = body.Forward(input.reshape(batch * count, -1), training);
            return output.reshape(batch, count, -1);
        }
    }

    private Tensor ComponentEmbeddings(Device device)
    {
        Tensor? sum = null;
        foreach (var (_, table, values) in componentEmbeddings)
        {
            var embedded = table.forward(tensor(values, device: device));
            sum = sum is null ? embedded : sum + embedded;
        }
        return sum!;
    }

    // Head outputs → one [B, count] tensor per spec, in slot order.
    private Tensor[] SplitPerSpec(Tensor[] headOutputs, long batch)
    {
        var result = new Tensor[specs.Length];
        switch (options.Strategy)
        {
            case StrategyKind.PerComponent:
                // One split per type over the shared layout, then one unbind per tensor kind: two autograd nodes per
                // spec of the layout instead of one per component, so the backward pass does not rebuild the full
                // head output once per component.
                for (var h = 0; h < headComponents.Length; h++)
                {
                    var layout = headSpecs[h];
                    var parts = headOutputs[h].split(layout.Select(i => specs[i].Count).ToArray(), 2);   // [B, L_t, count_k]
                    for (var k = 0; k < layout.Length; k++)
                    {
                        var perComponent = parts[k].unbind(1);                                          // L_t x [B, count_k]
                        for (var position = 0; position < perComponent.Length; position++)
                            result[componentSpecs[headComponents[h][position]][k]] = perComponent[position];
                    }
                }
                break;
            case StrategyKind.Chunked:
                Scatter(headOutputs[0].reshape(batch, -1).narrow(1, 0, TotalValues), headSpecs[0]);
                break;
            default:
                for (var h = 0; h < headOutputs.Length; h++)
                    Scatter(headOutputs[h], headSpecs[h]);
                break;
        }
        return result;

        void Scatter(Tensor rows, int[] members)
        {
            var parts = rows.split(members.Select(i => specs[i].Count).ToArray(), 1);
            for (var k = 0; k < members.Length; k++)
                result[members[k]] = parts[k];
        }
    }

    // Hyperfan: measure the second moment of what each head reads by a probe forward of unit-variance random
    // conditions (a private generator, so the global random stream is untouched; evaluation mode, so dropout and
    // batch-norm statistics neither distort nor change), then set each head's row variances.
    private void InitializeHeads(HyperInit init)
    {
        var moments = new double[heads.Length];
        var wasTraining = training;
        eval();
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            using var generator = new Generator(ProbeSeed);
            var rowsPerSample = options.Strategy switch
            {
                StrategyKind.PerComponent => componentSpecs.Length,
                StrategyKind.Chunked => ChunkCount,
                _ => 1L,
            };
            var samples = Math.Clamp(ProbeRows / rowsPerSample, 16, ProbeSamples);
            var probe = randn([samples, conditionSize], generator: generator);
            var inputs = HeadInputs(probe);
            for (var h = 0; h < inputs.Length; h++)
                moments[h] = inputs[h].square().mean().item<float>();
        }
        train(wasTraining);
        MeasuredBodySecondMoments = moments;

        for (var h = 0; h < heads.Length; h++)
        {
            IEnumerable<(long, double)> blocks;
            if (options.Strategy == StrategyKind.Chunked)
            {
                // One head serves every chunk, so its rows cannot follow individual specs: use the count-weighted
                // mean of the target variances.
                var mean = specs.Sum(s => s.Count * HyperfanInit.TargetVariance(s, init)) / TotalValues;
                blocks = [(options.ChunkSize, mean)];
            }
            else
            {
                blocks = headSpecs[h].Select(i => (specs[i].Count, HyperfanInit.TargetVariance(specs[i], init)));
            }
            // With a bound, the heads emit raw values that scale · tanh maps to the target variance.
            HyperfanInit.InitializeHead(heads[h], blocks.Select(b => (b.Item1, HyperfanInit.RawVariance(b.Item2, options.BoundScale))).ToList(),
                moments[h]);
        }
    }
}

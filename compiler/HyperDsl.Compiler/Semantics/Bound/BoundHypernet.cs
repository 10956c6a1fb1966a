using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics.Bound;

// The hypernetwork's enums (BodyKind, StrategyKind, HyperInit, ComponentAttribute, GeneratedKind, ActivationKind,
// NormKind), its options and the generated-tensor spec are the runtime's, from HyperDsl.Contract: the compiler binds
// into the very types generated code passes to the runtime, and reads their layout through HypernetLayout.

/// <summary>The hypernetwork: the options the runtime builds it from, plus the conditions it reads and its declaration.</summary>
/// <remarks>
/// Every option keeps its contract name (<see cref="HyperNetworkOptions.Body"/>, <see cref="HyperNetworkOptions.Widths"/>, ...);
/// the emitter writes them as the generated model's <c>HypernetOptions</c>.
/// </remarks>
public sealed record BoundHypernet : HyperNetworkOptions
{
    /// <summary>The options as declared, read from <paramref name="Sources"/>, declared at <paramref name="Span"/>.</summary>
    /// <param name="Sources">The conditions it reads, in order (their embeddings are concatenated).</param>
    /// <param name="Options">Body, strategy, initialisation and bound.</param>
    /// <param name="Span">The <c>hypernet</c> section.</param>
    public BoundHypernet(ImmutableArray<BoundCondition> Sources, HyperNetworkOptions Options, SourceSpan Span) : base(Options)
    {
        this.Sources = Sources;
        this.Span = Span;
    }

    /// <summary>The conditions it reads, in order (their embeddings are concatenated; see <see cref="ConditionSize"/>).</summary>
    public ImmutableArray<BoundCondition> Sources { get; init; }

    /// <summary>Width of the hypernetwork's input: the embeddings of <see cref="Sources"/>, concatenated.</summary>
    public long ConditionSize => Sources.Sum(c => c.EmbeddingSize);

    /// <summary>The <c>hypernet</c> section.</summary>
    public SourceSpan Span { get; init; }
}

/// <summary>One generated tensor (per sample): the runtime's spec plus the layer it belongs to and its declaration.</summary>
/// <remarks>
/// Its slot is its index in <see cref="BoundModel.Generated"/>. Component is, for PerComponent, the index of the
/// component (one per generated layer), else the layer's index among generated layers; ComponentType is the layer path
/// without index segments (blocks.3.attn.q → blocks.attn.q); Gain is the hyperfan gain of the activation that follows
/// the layer in its pipeline (sqrt 2 for ReLU/GELU/SiLU, sqrt(2/(1+s^2)) for LeakyReLU(s), 5/3 for Tanh, 1 otherwise).
/// </remarks>
public sealed record GeneratedTensor : GeneratedTensorSpec
{
    /// <param name="Name">Dotted .hyp name, for example <c>head.fc1.weight</c> or <c>blocks.3.attn.q.lora_a</c>.</param>
    /// <param name="LayerPath">The layer it belongs to.</param>
    /// <param name="Kind">Weight, bias or LoRA factor.</param>
    /// <param name="Shape">Per-sample shape (Linear weight [out, in]; Conv weight [out, in/groups, k...]; LoRA A [r, in], B [out, r]).</param>
    /// <param name="FanIn">Fan-in of the target layer (in * prod(kernel) / groups), for hyperfan initialisation.</param>
    /// <param name="FanOut">Fan-out of the target layer (out * prod(kernel) / groups).</param>
    /// <param name="Component">The generated layer (component) it belongs to.</param>
    /// <param name="ComponentType">The component type; tensors of a type share a head (PerComponent).</param>
    /// <param name="Depth">PerComponent: depth attribute (for example the ViT block index), 0 when not meaningful.</param>
    /// <param name="Span">The layer's declaration.</param>
    /// <param name="Gain">Hyperfan gain of the activation that follows the layer.</param>
    public GeneratedTensor(string Name, string LayerPath, GeneratedKind Kind, ImmutableArray<long> Shape, long FanIn, long FanOut, int Component,
        string ComponentType, int Depth, SourceSpan Span, double Gain = 1.0)
        : base(Name, Kind, [.. Shape], FanIn, FanOut, Component, ComponentType, Depth, Gain)
    {
        this.LayerPath = LayerPath;
        this.Span = Span;
    }

    /// <summary>The layer it belongs to.</summary>
    public string LayerPath { get; init; }

    /// <summary>The layer's declaration.</summary>
    public SourceSpan Span { get; init; }
}

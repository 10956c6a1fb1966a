using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics.Bound;

/// <summary>Hypernetwork body kinds.</summary>
public enum BodyKind
{
    /// <summary>Linear layers with the given widths.</summary>
    Mlp,
    /// <summary>A projection to Latent, then Blocks residual blocks (norm, linear, act, linear, act), then a projection to HeadInput.</summary>
    ResidualMlp,
    /// <summary>As ResidualMlp with a mixer (linear, act, linear, act) over the concatenated condition and component embeddings first.</summary>
    Mixer,
}

/// <summary>How the hypernetwork's output is split over the generated tensors.</summary>
public enum StrategyKind
{
    /// <summary>One head emits every generated value at once.</summary>
    AllAtOnce,
    /// <summary>One head per generated layer (weight and bias of that layer together).</summary>
    PerLayerHeads,
    /// <summary>A shared body applied once per component with learned component embeddings; heads per component type.</summary>
    PerComponent,
    /// <summary>A shared body applied once per chunk with learned chunk embeddings; each call emits ChunkSize values.</summary>
    Chunked,
}

/// <summary>Initialisation of the generating heads.</summary>
public enum HyperInit { Default, HyperfanIn, HyperfanOut }

/// <summary>Attributes a component embedding can be made of (PerComponent strategy).</summary>
public enum ComponentAttribute { Depth, Type, Index }

/// <summary>The hypernetwork.</summary>
/// <param name="Sources">The conditions it reads, in order (their embeddings are concatenated; see <see cref="ConditionSize"/>).</param>
/// <param name="Widths">Mlp: hidden widths.</param>
/// <param name="Latent">ResidualMlp / Mixer: latent width.</param>
/// <param name="Blocks">ResidualMlp / Mixer: residual block count.</param>
/// <param name="HeadInput">ResidualMlp / Mixer: width entering the heads.</param>
/// <param name="ChunkSize">Chunked: values emitted per chunk.</param>
/// <param name="EmbeddingSize">PerComponent / Chunked: width of each learned component or chunk embedding.</param>
/// <param name="ComponentAttributes">PerComponent: which attributes make a component's embedding (summed embeddings per attribute).</param>
/// <param name="BoundScale">Output bound: generated = scale * tanh(raw); null for unbounded.</param>
public sealed record BoundHypernet(
    ImmutableArray<BoundCondition> Sources,
    BodyKind Body,
    ImmutableArray<long> Widths,
    Activation Activation,
    string? Norm,
    double Dropout,
    long Latent,
    int Blocks,
    long HeadInput,
    StrategyKind Strategy,
    long ChunkSize,
    long EmbeddingSize,
    ImmutableArray<ComponentAttribute> ComponentAttributes,
    HyperInit Init,
    double? BoundScale,
    SourceSpan Span)
{
    /// <summary>Width of the hypernetwork's input: the embeddings of <see cref="Sources"/>, concatenated.</summary>
    public long ConditionSize => Sources.Sum(c => c.EmbeddingSize);
}

/// <summary>Kinds of generated tensors.</summary>
public enum GeneratedKind { Weight, Bias, LoraA, LoraB }

/// <summary>One generated tensor (per sample); its slot is its index in <see cref="BoundModel.Generated"/>.</summary>
/// <param name="Name">Dotted .hyp name, for example <c>head.fc1.weight</c> or <c>blocks.3.attn.q.lora_a</c>.</param>
/// <param name="LayerPath">The layer it belongs to.</param>
/// <param name="Shape">Per-sample shape (Linear weight [out, in]; Conv weight [out, in/groups, k...]; LoRA A [r, in], B [out, r]).</param>
/// <param name="FanIn">Fan-in of the target layer (in * prod(kernel) / groups), for hyperfan initialisation.</param>
/// <param name="FanOut">Fan-out of the target layer (out * prod(kernel) / groups).</param>
/// <param name="Component">PerComponent: index of the component (one per generated layer); else the layer's index among generated layers.</param>
/// <param name="ComponentType">PerComponent: the component type, the layer path without index segments (blocks.3.attn.q → blocks.attn.q); tensors of a type share a head.</param>
/// <param name="Depth">PerComponent: depth attribute (for example the ViT block index), 0 when not meaningful.</param>
/// <param name="Gain">
/// Hyperfan gain of the activation that follows the layer in its pipeline (sqrt 2 for ReLU/GELU/SiLU, sqrt(2/(1+s^2))
/// for LeakyReLU(s), 5/3 for Tanh, 1 otherwise), matching the runtime's GeneratedTensorSpec.Gain.
/// </param>
public sealed record GeneratedTensor(
    string Name,
    string LayerPath,
    GeneratedKind Kind,
    ImmutableArray<long> Shape,
    long FanIn,
    long FanOut,
    int Component,
    string ComponentType,
    int Depth,
    SourceSpan Span,
    double Gain = 1.0)
{
    public long Count => Shape.Aggregate(1L, (a, d) => checked(a * d));
}

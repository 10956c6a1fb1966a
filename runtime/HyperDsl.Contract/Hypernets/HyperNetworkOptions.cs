namespace HyperDsl.Runtime.Hypernets;

/// <summary>The architecture of a hypernetwork (the runtime's <c>HyperNetwork</c>), as declared in the <c>.hyp</c> file.</summary>
/// <param name="Body">Body kind.</param>
/// <param name="Widths">Mlp: hidden widths (empty: the heads read the condition directly).</param>
/// <param name="Activation">Activation of the body.</param>
/// <param name="Norm">Mlp: normalisation after each linear layer (ResidualMlp and Mixer always use LayerNorm).</param>
/// <param name="Dropout">Dropout probability after each activated layer of the body (residual blocks: on the branch).</param>
/// <param name="Latent">ResidualMlp / Mixer: latent width.</param>
/// <param name="Blocks">ResidualMlp / Mixer: number of residual blocks.</param>
/// <param name="HeadInput">ResidualMlp / Mixer: width the output projection produces for the heads.</param>
/// <param name="Strategy">How values are produced and split over the generated tensors.</param>
/// <param name="ChunkSize">Chunked: values each chunk emits.</param>
/// <param name="EmbeddingSize">PerComponent / Chunked: width of each learned component or chunk embedding.</param>
/// <param name="ComponentAttributes">PerComponent: attributes whose embeddings are summed (empty: Index).</param>
/// <param name="Init">Head initialisation.</param>
/// <param name="BoundScale">Output bound: generated = scale * tanh(raw); null for unbounded.</param>
/// <remarks>Not sealed: the compiler's bound hypernetwork is these options plus its condition sources and source location.</remarks>
public record HyperNetworkOptions(
    BodyKind Body,
    long[] Widths,
    ActivationKind Activation,
    NormKind Norm,
    double Dropout,
    long Latent,
    int Blocks,
    long HeadInput,
    StrategyKind Strategy,
    long ChunkSize,
    long EmbeddingSize,
    ComponentAttribute[] ComponentAttributes,
    HyperInit Init,
    double? BoundScale);

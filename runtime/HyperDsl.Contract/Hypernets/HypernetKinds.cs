namespace HyperDsl.Runtime.Hypernets;

/// <summary>The body a hypernetwork runs before its heads.</summary>
public enum BodyKind
{
    /// <summary>Linear layers of <see cref="HyperNetworkOptions.Widths"/>, each followed by optional norm, activation and dropout.</summary>
    Mlp,
    /// <summary>Projection to Latent, Blocks residual blocks (LayerNorm, Linear, act, Linear, act), output projection (LayerNorm, Linear, act, Linear, act) to HeadInput.</summary>
    ResidualMlp,
    /// <summary>As <see cref="ResidualMlp"/>, with a mixer (Linear, act, Linear, act) to Latent in place of the projection.</summary>
    Mixer,
}

/// <summary>How the hypernetwork's output is produced and split over the generated tensors.</summary>
public enum StrategyKind
{
    /// <summary>One head emits every generated value at once.</summary>
    AllAtOnce,
    /// <summary>One head per generated layer (the specs sharing a <see cref="GeneratedTensorSpec.Component"/>).</summary>
    PerLayerHeads,
    /// <summary>The body runs once per component with a learned component embedding; one head per component type.</summary>
    PerComponent,
    /// <summary>The body runs once per chunk with a learned chunk embedding; one head emits ChunkSize values per chunk.</summary>
    Chunked,
}

/// <summary>Initialisation of the generating heads.</summary>
public enum HyperInit
{
    /// <summary>TorchSharp's default Linear initialisation for every head.</summary>
    Default,
    /// <summary>Generated weights start with variance gain² / fan-in (Chang et al. 2020, hyperfan-in).</summary>
    HyperfanIn,
    /// <summary>Generated weights start with variance gain² / fan-out (Chang et al. 2020, hyperfan-out).</summary>
    HyperfanOut,
}

/// <summary>What a generated tensor is for its target layer.</summary>
public enum GeneratedKind
{
    /// <summary>A layer's weight.</summary>
    Weight,
    /// <summary>A layer's bias.</summary>
    Bias,
    /// <summary>LoRA down-projection A <c>[r, in]</c>.</summary>
    LoraA,
    /// <summary>LoRA up-projection B <c>[out, r]</c>.</summary>
    LoraB,
}

/// <summary>Attributes whose learned embeddings are summed into a component's embedding (<see cref="StrategyKind.PerComponent"/>).</summary>
public enum ComponentAttribute
{
    /// <summary><see cref="GeneratedTensorSpec.Depth"/>, for example the transformer block index.</summary>
    Depth,
    /// <summary><see cref="GeneratedTensorSpec.ComponentType"/>, for example q, k, v, o, fc1, fc2.</summary>
    Type,
    /// <summary>The component's own index.</summary>
    Index,
}

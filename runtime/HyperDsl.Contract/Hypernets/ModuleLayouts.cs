namespace HyperDsl.Runtime.Hypernets;

/// <summary>A learned tensor of a hypernetwork: its name below the hypernetwork (<c>heads.0.weight</c>) and its shape.</summary>
/// <param name="Name">The dotted name, as <c>named_parameters()</c> of the hypernetwork reports it.</param>
/// <param name="Shape">The tensor's shape.</param>
public sealed record HypernetParameter(string Name, long[] Shape)
{
    /// <summary>Number of values (the product of <see cref="Shape"/>).</summary>
    public long Count => Shape.Aggregate(1L, (a, d) => checked(a * d));
}

/// <summary>A module of a hypernetwork that owns learned tensors, at <paramref name="Path"/> below the hypernetwork.</summary>
/// <param name="Path">Dotted module path, for example <c>body.linears.0</c>.</param>
public abstract record ModuleLayout(string Path)
{
    /// <summary>The module's own learned tensors, named below the hypernetwork, in the order the module registers them.</summary>
    public abstract IEnumerable<HypernetParameter> Parameters();
}

/// <summary>A linear layer: weight <c>[out, in]</c> and bias <c>[out]</c>.</summary>
/// <param name="Path">Module path below the hypernetwork.</param>
/// <param name="InputSize">Input features.</param>
/// <param name="OutputSize">Output features.</param>
public sealed record LinearLayout(string Path, long InputSize, long OutputSize) : ModuleLayout(Path)
{
    /// <inheritdoc/>
    public override IEnumerable<HypernetParameter> Parameters() =>
        [new($"{Path}.weight", [OutputSize, InputSize]), new($"{Path}.bias", [OutputSize])];
}

/// <summary>A LayerNorm or BatchNorm over <paramref name="Width"/> features: weight and bias <c>[width]</c> (BatchNorm's running statistics are buffers).</summary>
/// <param name="Path">Module path below the hypernetwork.</param>
/// <param name="Kind">LayerNorm or BatchNorm (never None).</param>
/// <param name="Width">Features normalised.</param>
public sealed record NormLayout(string Path, NormKind Kind, long Width) : ModuleLayout(Path)
{
    /// <inheritdoc/>
    public override IEnumerable<HypernetParameter> Parameters() => [new($"{Path}.weight", [Width]), new($"{Path}.bias", [Width])];
}

/// <summary>PerComponent: the learned embedding table of one component attribute, weight <c>[rows, width]</c>.</summary>
/// <param name="Path">Module path of the table (<c>component_embeddings.depth</c>).</param>
/// <param name="Attribute">The attribute.</param>
/// <param name="Values">The attribute's value for each component (component order); the table has max + 1 rows.</param>
/// <param name="Width">Values per row (the embedding size).</param>
public sealed record EmbeddingTableLayout(string Path, ComponentAttribute Attribute, long[] Values, long Width) : ModuleLayout(Path)
{
    /// <summary>Rows of the table.</summary>
    public long Rows => Values.Length == 0 ? 0 : Values.Max() + 1;

    /// <inheritdoc/>
    public override IEnumerable<HypernetParameter> Parameters() => [new($"{Path}.weight", [Rows, Width])];
}

/// <summary>The body a hypernetwork runs before its heads; <see cref="MlpBodyLayout"/> or <see cref="ResidualBodyLayout"/>.</summary>
/// <param name="Path">Module path of the body (<c>body</c>).</param>
/// <param name="InputSize">Width the body reads: the condition, plus the component or chunk embedding.</param>
/// <param name="OutputSize">Width the heads read.</param>
public abstract record BodyLayout(string Path, long InputSize, long OutputSize);

/// <summary>The Mlp body: for each width a linear layer, then the norm of the same index when there are norms.</summary>
/// <param name="Path">Module path of the body.</param>
/// <param name="InputSize">Width the body reads.</param>
/// <param name="OutputSize">Width of the last linear layer (the input size when there are none).</param>
/// <param name="Linears">The linear layers in order.</param>
/// <param name="Norms">One norm per linear layer, or none.</param>
public sealed record MlpBodyLayout(string Path, long InputSize, long OutputSize, IReadOnlyList<LinearLayout> Linears, IReadOnlyList<NormLayout> Norms)
    : BodyLayout(Path, InputSize, OutputSize);

/// <summary>A residual block: x + act(fc2(act(fc1(norm(x))))).</summary>
/// <param name="Path">Module path of the block.</param>
/// <param name="Norm">The LayerNorm.</param>
/// <param name="Fc1">First linear layer (latent to latent).</param>
/// <param name="Fc2">Second linear layer (latent to latent).</param>
public sealed record ResidualBlockLayout(string Path, NormLayout Norm, LinearLayout Fc1, LinearLayout Fc2);

/// <summary>The ResidualMlp and Mixer bodies: an input projection (Mixer: two linear layers), blocks, an output projection.</summary>
/// <param name="Path">Module path of the body.</param>
/// <param name="InputSize">Width the body reads.</param>
/// <param name="OutputSize">HeadInput.</param>
/// <param name="InputFc1">Projection to the latent width.</param>
/// <param name="InputFc2">Mixer: the second mixer layer (latent to latent); null for ResidualMlp.</param>
/// <param name="Blocks">The residual blocks.</param>
/// <param name="OutputNorm">LayerNorm before the output projection.</param>
/// <param name="OutputFc1">Latent to HeadInput.</param>
/// <param name="OutputFc2">HeadInput to HeadInput.</param>
public sealed record ResidualBodyLayout(string Path, long InputSize, long OutputSize, LinearLayout InputFc1, LinearLayout? InputFc2,
    IReadOnlyList<ResidualBlockLayout> Blocks, NormLayout OutputNorm, LinearLayout OutputFc1, LinearLayout OutputFc2)
    : BodyLayout(Path, InputSize, OutputSize);

/// <summary>A generating head and the generated tensors its output rows hold.</summary>
/// <param name="Linear">The head's linear layer (body output to rows).</param>
/// <param name="Specs">
/// Spec indices in row order. PerComponent: the tensors of ONE component of the head's type, the layout every
/// component of that type shares; Chunked: every spec (the head emits one chunk, the chunks are concatenated).
/// </param>
/// <param name="Components">PerComponent: the components of the head's type; otherwise empty.</param>
public sealed record HeadLayout(LinearLayout Linear, int[] Specs, int[] Components);

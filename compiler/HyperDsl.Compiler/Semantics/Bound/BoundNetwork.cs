using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics.Bound;

/// <summary>
/// A network as parameterised layers plus a straight-line forward program over named values (SSA: each step
/// defines one value, used by later steps). Shapes exclude the batch dimension.
/// </summary>
/// <param name="Name">Declared name (for example <c>unet</c> or <c>domain_classifier</c>).</param>
/// <param name="Layers">Every parameterised layer, fully elaborated, in declaration order.</param>
/// <param name="Steps">The forward program; the first step reads <see cref="InputValue"/>.</param>
/// <param name="InputValue">The value name bound to the network input.</param>
/// <param name="OutputValue">The value the network returns.</param>
/// <param name="NamedOutputs">Extra values other declarations read by name (for example <c>features</c> of a domain classifier).</param>
public sealed record BoundNetwork(
    string Name,
    SourceSpan Span,
    ImmutableArray<long> InputShape,
    ImmutableArray<long> OutputShape,
    ImmutableArray<BoundLayer> Layers,
    ImmutableArray<BoundStep> Steps,
    string InputValue,
    string OutputValue,
    ImmutableDictionary<string, string> NamedOutputs);

/// <summary>A parameterised layer instance.</summary>
/// <param name="Path">Dotted .hyp path, for example <c>decoder.2.conv1</c> or <c>blocks.11.attn.q</c>: the layer's
/// state-dict key prefix and its name in messages. Each backend names its members from it (the C# emitter's
/// <c>decoder_2_conv1</c>); the bound model holds no backend's names.</param>
/// <param name="Parameters">The layer's tensors (weight, bias, ...), each trainable, frozen or generated.</param>
public sealed record BoundLayer(
    string Path,
    LayerKind Kind,
    LayerArguments Arguments,
    LayerRole Role,
    ImmutableArray<BoundParameter> Parameters,
    SourceSpan Span,
    string? Documentation)
{
    /// <summary>The state-dict key of one of the layer's tensors: <c>path.name</c>, or the path itself for a learned tensor.</summary>
    public string KeyOf(string tensorName) => tensorName.Length == 0 ? Path : Path + "." + tensorName;

    /// <summary>Buffers the layer keeps beside its parameters (batch norm's running statistics), as PyTorch names them.</summary>
    public ImmutableArray<(string Name, ImmutableArray<long> Shape)> Buffers => Kind == LayerKind.BatchNorm
        ? [("running_mean", [Arguments.InFeatures]), ("running_var", [Arguments.InFeatures]), ("num_batches_tracked", [])]
        : [];
}

/// <summary>Parameterised layer kinds. Activations, dropout, pooling, resampling and merges are <see cref="StepOp"/>s.
/// <see cref="LayerKind.LearnedTensor"/> is one learned tensor whose state-dict key is the layer's path (a class token
/// <c>[1, 1, D]</c>, a position embedding <c>[1, T, D]</c>, a layer scale <c>[C, 1, 1]</c>), shaped by
/// <see cref="LayerArguments.TensorShape"/>; <see cref="LayerKind.LayerNorm2d"/> normalises the channel dimension of a
/// feature map (torchvision's ConvNeXt LayerNorm2d); <see cref="LayerKind.InProjection"/> is a multi-head attention's
/// fused query / key / value projection (PyTorch's <c>in_proj_weight</c> [3·width, width] and <c>in_proj_bias</c> [3·width]).</summary>
public enum LayerKind { Linear, Conv, ConvTranspose, GroupNorm, LayerNorm, BatchNorm, LearnedTensor, LayerNorm2d, InProjection }

/// <summary>
/// Layer hyper-parameters; only the members meaningful for the kind are set. Spatial tuples have one entry per
/// spatial dimension (<see cref="SpatialRank"/>: 1, 2 or 3 for convolutions and batch norm, 0 otherwise).
/// </summary>
/// <param name="Momentum">Batch norm: the running statistics' update factor (PyTorch's convention, 0.1 by default).</param>
/// <param name="Affine">Norms: whether the layer has a learned weight and bias (batch norm <c>affine</c>, layer norm <c>elementwise_affine</c>).</param>
/// <param name="TensorShape">Learned tensor: its shape (its state-dict key is the layer's path).</param>
/// <param name="TensorFill">Learned tensor: the value every entry starts at (a layer scale's), or null for N(0, 1).</param>
/// <param name="ZeroInitialBias">The bias starts at zero instead of torch.nn.Linear's uniform draw (a multi-head
/// attention's output projection, as torch.nn.MultiheadAttention initialises it).</param>
public sealed record LayerArguments(
    long InFeatures = 0,
    long OutFeatures = 0,
    int SpatialRank = 0,
    ImmutableArray<long> KernelSize = default,
    ImmutableArray<long> Stride = default,
    ImmutableArray<long> Padding = default,
    ImmutableArray<long> Dilation = default,
    ImmutableArray<long> OutputPadding = default,
    long Groups = 1,
    bool Bias = true,
    long NumGroups = 0,
    ImmutableArray<long> NormalizedShape = default,
    double Epsilon = 1e-5,
    double Momentum = 0.1,
    bool Affine = true,
    ImmutableArray<long> TensorShape = default,
    double? TensorFill = null,
    bool ZeroInitialBias = false);

/// <summary>How a layer's parameters come to be.</summary>
public enum LayerRoleKind
{
    /// <summary>Own parameters, trained.</summary>
    Trainable,
    /// <summary>Own parameters, never updated (requires_grad false).</summary>
    Frozen,
    /// <summary>Weight and/or bias generated per sample by the hypernetwork.</summary>
    External,
    /// <summary>Frozen weight plus a generated low-rank delta: W + (Alpha / Rank) * B A.</summary>
    Lora,
}

/// <summary>A layer's role with its settings.</summary>
/// <param name="GenerateWeight">External: the weight is generated.</param>
/// <param name="GenerateBias">External: the bias is generated (otherwise it is trainable, if the layer has one).</param>
/// <param name="Rank">LoRA rank r.</param>
/// <param name="Alpha">LoRA scaling numerator; the delta is scaled by Alpha / Rank.</param>
public sealed record LayerRole(
    LayerRoleKind Kind,
    bool GenerateWeight = false,
    bool GenerateBias = false,
    int Rank = 0,
    double Alpha = 0)
{
    public static LayerRole Trainable { get; } = new(LayerRoleKind.Trainable);
    public static LayerRole Frozen { get; } = new(LayerRoleKind.Frozen);
}

/// <summary>Where a parameter tensor's values come from.</summary>
public enum ParameterOrigin { Trainable, Frozen, Generated }

/// <summary>One tensor of a layer.</summary>
/// <param name="Name">Local name: weight, bias, lora_a, lora_b, ...; empty for a learned tensor (its key is the layer path).</param>
/// <param name="Slot">Index into <see cref="BoundModel.Generated"/> when generated, else null.</param>
public sealed record BoundParameter(string Name, ImmutableArray<long> Shape, ParameterOrigin Origin, int? Slot)
{
    public long Count => Shape.Aggregate(1L, (a, d) => checked(a * d));
}

/// <summary>One step of a forward program: <c>Result = Op(Arguments...)</c>.</summary>
/// <param name="Result">The value the step defines: an id unique in its network, the .hyp path of the statement for a
/// statement's value (<c>encoder</c>), the element's path and step number otherwise (<c>encoder.0#1</c>).</param>
/// <param name="Arguments">Ids of the values read, in order.</param>
/// <param name="Layer">The layer the step runs (<see cref="StepOpKind.Layer"/>) or whose learned tensor it reads.</param>
public sealed record BoundStep(
    string Result,
    StepOp Op,
    ImmutableArray<string> Arguments,
    ImmutableArray<long> ResultShape,
    SourceSpan Span,
    BoundLayer? Layer = null);

/// <summary>
/// Kinds of forward steps. Conventions the binder follows: pooling <see cref="StepOp.Ints"/> = kernel, stride, padding
/// (SpatialRank entries each); AdaptiveAvgPool Ints = output size; Reshape Ints = target shape; Attention Ints = [heads]
/// with Arguments q, k, v and Value = attention dropout; Add / Concat read two or more values (Concat along the first non-batch dimension);
/// Upsample Value = integer scale, Interpolation for the rank; PatchEmbed follows the patch convolution's Layer step and
/// turns [C, H', W'] into tokens [H'·W', C]; PrependClassToken and AddPositionalEmbedding name their Embedding layer
/// (class token [1, 1, width], positions [1, tokens, width]) in <see cref="BoundStep.Layer"/>; `global_avgpool` is
/// AdaptiveAvgPool to 1 followed by Flatten.
/// </summary>
public enum StepOpKind
{
    Layer, Activation, Dropout, MaxPool, AvgPool, AdaptiveAvgPool, Upsample, Add, Concat, Flatten, Reshape,
    // Element-wise product of two or more values with broadcasting; Permute reorders the non-batch dimensions (Ints);
    // StochasticDepth drops whole samples (or the batch) in training with probability Value; Slice takes Ints = [start,
    // length] of the last dimension (a fused projection's query, key or value).
    Mul, Permute, StochasticDepth, Slice,
    // Multiplies by its learned tensor (a layer scale; BoundStep.Layer names it).
    LayerScale,
    // Transformer pieces over [tokens, width] values:
    PatchEmbed, AddPositionalEmbedding, PrependClassToken, SelectClassToken, Attention, MeanTokens,
}

/// <summary>Upsampling interpolation, resolved for the feature map's rank (PyTorch's <c>mode</c>: linear on a 2D map is bilinear).</summary>
public enum Interpolation { Nearest, Linear, Bilinear, Trilinear }

/// <summary>What stochastic depth drops in training: each sample's value (row) or the whole batch's.</summary>
public enum DropMode { Row, Batch }

/// <summary>A step's operation and its constants; only the members meaningful for the kind are set.</summary>
/// <param name="Value">Activation slope (LeakyReLU), dropout / stochastic depth / attention dropout probability, or upsampling scale.</param>
/// <param name="Ints">Kernel, stride and padding for pooling (SpatialRank entries each, defaults resolved), output size for adaptive pooling, target shape for reshape, heads for
/// attention, the order of the non-batch dimensions for permute, [start, length] for slice.</param>
/// <param name="Interpolation">Upsample: the interpolation for this rank.</param>
/// <param name="CeilMode">Max / average pooling: output sizes rounded up (PyTorch's <c>ceil_mode</c>).</param>
/// <param name="DropMode">Stochastic depth: what one random draw drops.</param>
public sealed record StepOp(
    StepOpKind Kind,
    ActivationKind Activation = ActivationKind.Identity,
    double Value = 0,
    int SpatialRank = 0,
    ImmutableArray<long> Ints = default,
    Interpolation Interpolation = Interpolation.Nearest,
    bool CeilMode = false,
    DropMode DropMode = DropMode.Row);

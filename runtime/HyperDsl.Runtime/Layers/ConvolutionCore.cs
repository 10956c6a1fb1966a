using HyperDsl.Runtime.Init;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// What <see cref="TargetConv"/> and <see cref="TargetConvTranspose"/> share: the configuration, own-parameter
/// creation, the forward pass for every role and materialisation. The layers only hold the parameters as fields
/// (so the state_dict keys are <c>weight</c> and <c>bias</c>) and pass them in.
/// </summary>
internal sealed class ConvolutionCore
{
    public ConvolutionCore(bool transposed, int spatialRank, long inChannels, long outChannels, long[] kernelSize, long[] stride,
        long[] padding, long[] outputPadding, long[] dilation, long groups, bool hasBias, Role role, string declaration)
    {
        ArgumentNullException.ThrowIfNull(role);
        var kind = transposed ? "transposed convolution" : "convolution";
        if (spatialRank is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(spatialRank), spatialRank, $"{declaration}: a {kind} has 1, 2 or 3 spatial dimensions.");
        foreach (var (tuple, tupleName) in new[] { (kernelSize, "kernel size"), (stride, "stride"), (padding, "padding"), (outputPadding, "output padding"), (dilation, "dilation") })
            if (tuple is null || tuple.Length != spatialRank)
                throw new ArgumentException($"{declaration}: the {tupleName} needs {spatialRank} entries, one per spatial dimension.");
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"{declaration}: {inChannels} input and {outChannels} output channels are not divisible by {groups} groups.");
        if (role is LoraRole)
            throw new NotSupportedException($"{declaration}: LoRA is supported on linear layers only, not on a {kind}.");
        if (role is ExternalRole { BiasSlot: not null } && !hasBias)
            throw new ArgumentException($"{declaration}: the role generates a bias, but the layer has none.", nameof(role));

        Transposed = transposed;
        SpatialRank = spatialRank;
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = (long[])kernelSize.Clone();
        Stride = (long[])stride.Clone();
        Padding = (long[])padding.Clone();
        OutputPadding = (long[])outputPadding.Clone();
        Dilation = (long[])dilation.Clone();
        Groups = groups;
        HasBias = hasBias;
        Role = role;
        Declaration = declaration;
        var leading = transposed ? new[] { inChannels, outChannels / groups } : new[] { outChannels, inChannels / groups };
        WeightShape = leading.Concat(kernelSize).ToArray();
    }

    public bool Transposed { get; }
    public int SpatialRank { get; }
    public long InChannels { get; }
    public long OutChannels { get; }
    public long[] KernelSize { get; }
    public long[] Stride { get; }
    public long[] Padding { get; }
    public long[] OutputPadding { get; }
    public long[] Dilation { get; }
    public long Groups { get; }
    public bool HasBias { get; }
    public Role Role { get; }
    public string Declaration { get; }

    /// <summary>Per-sample weight shape: <c>[out, in/g, k...]</c>, transposed <c>[in, out/g, k...]</c>.</summary>
    public long[] WeightShape { get; }

    private bool GeneratesWeight => Role is ExternalRole { WeightSlot: not null };
    private bool GeneratesBias => Role is ExternalRole { BiasSlot: not null };

    /// <summary>Own weight, or null when generated; torch.nn's fan-in is dimension 1 of the weight times the kernel volume.</summary>
    public Parameter? CreateWeight() =>
        GeneratesWeight ? null : TorchDefaultInit.Parameter(WeightShape, FanInOfWeight, trainable: Role is not FrozenRole);

    /// <summary>Own bias, or null when generated or absent.</summary>
    public Parameter? CreateBias() =>
        !HasBias || GeneratesBias ? null : TorchDefaultInit.Parameter([OutChannels], FanInOfWeight, trainable: Role is not FrozenRole);

    private long FanInOfWeight => WeightShape.Skip(1).Aggregate(1L, (a, d) => a * d);

    public Tensor Forward(Tensor input, GeneratedWeights? generated, Parameter? weight, Parameter? bias)
    {
        var layout = $"[B, {InChannels}, {string.Join(", ", Enumerable.Repeat("?", SpatialRank))}]";
        LayerChecks.Input(input, Declaration, [SpatialRank + 2], 1, InChannels, layout);
        if (!GeneratesWeight && !GeneratesBias)
            return Shared(input, weight!, bias);

        var batch = input.size(0);
        var generatedBias = Role is ExternalRole { BiasSlot: { } biasSlot }
            ? LayerChecks.Generated(generated, biasSlot, [OutChannels], batch, Declaration, input)
            : null;
        if (Role is ExternalRole { WeightSlot: { } weightSlot })
        {
            var w = LayerChecks.Generated(generated, weightSlot, WeightShape, batch, Declaration, input);
            var b = generatedBias ?? bias?.expand(batch, OutChannels);
            return Transposed
                ? HyperOps.ConvTranspose(input, w, b, Stride, Padding, OutputPadding, Dilation, Groups)
                : HyperOps.Conv(input, w, b, Stride, Padding, Dilation, Groups);
        }

        // Own (shared) weight with a generated bias: one ordinary convolution, then the per-sample bias.
        var broadcastShape = new[] { batch, OutChannels }.Concat(Enumerable.Repeat(1L, SpatialRank)).ToArray();
        return Shared(input, weight!, null) + generatedBias!.reshape(broadcastShape);
    }

    private Tensor Shared(Tensor input, Tensor weight, Tensor? bias) =>
        Transposed
            ? ConvFunctional.ConvolveTransposed(input, weight, bias, Stride, Padding, OutputPadding, Dilation, Groups)
            : ConvFunctional.Convolve(input, weight, bias, Stride, Padding, Dilation, Groups);

    public void MaterializeInto(Parameter? destinationWeight, Parameter? destinationBias, GeneratedWeights? generated, long sample,
        Parameter? weight, Parameter? bias)
    {
        using var scope = NewDisposeScope();
        var batch = generated?.BatchSize ?? 0;
        var effectiveWeight = Role is ExternalRole { WeightSlot: { } slot }
            ? LayerChecks.Generated(generated, slot, WeightShape, batch, Declaration)[sample]
            : weight!;
        LayerChecks.CopyInto(destinationWeight, effectiveWeight, Declaration, "weight");
        if (!HasBias)
            return;
        var effectiveBias = Role is ExternalRole { BiasSlot: { } biasSlot }
            ? LayerChecks.Generated(generated, biasSlot, [OutChannels], batch, Declaration)[sample]
            : bias!;
        LayerChecks.CopyInto(destinationBias, effectiveBias, Declaration, "bias");
    }

    /// <summary>Checks that a destination has the same configuration.</summary>
    public void CheckSameShape(ConvolutionCore other)
    {
        if (!other.WeightShape.SequenceEqual(WeightShape) || other.HasBias != HasBias)
            throw new ArgumentException(
                $"{Declaration}: cannot materialise into {other.Declaration}: weight {HyperDslShapeException.Render(WeightShape)} vs {HyperDslShapeException.Render(other.WeightShape)}, bias {HasBias} vs {other.HasBias}.");
    }
}

using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>A layer being elaborated; its role may change until all role declarations are applied.</summary>
internal sealed class LayerBuilder(string path, LayerKind kind, LayerArguments arguments, SourceSpan span, string? documentation)
{
    public string Path { get; } = path;
    public LayerKind Kind { get; } = kind;
    public LayerArguments Arguments { get; } = arguments;
    public SourceSpan Span { get; } = span;
    public string? Documentation { get; } = documentation;
    public LayerRole Role { get; set; } = LayerRole.Trainable;

    /// <summary>Hyperfan gain of the activation that follows the layer in its pipeline (1 when none).</summary>
    public double Gain { get; set; } = 1.0;

    /// <summary>Kernel volume (1 for non-convolutions).</summary>
    public long KernelVolume => Arguments.KernelSize.IsDefaultOrEmpty ? 1 : Arguments.KernelSize.Aggregate(1L, (a, k) => a * k);

    /// <summary>The layer's own tensors with their natural shapes (weight first).</summary>
    public ImmutableArray<(string Name, ImmutableArray<long> Shape)> Tensors()
    {
        var a = Arguments;
        var kernel = a.KernelSize.IsDefault ? ImmutableArray<long>.Empty : a.KernelSize;
        return Kind switch
        {
            LayerKind.Linear => WithBias([("weight", [a.OutFeatures, a.InFeatures])], a.OutFeatures),
            LayerKind.Conv => WithBias([("weight", [a.OutFeatures, a.InFeatures / a.Groups, .. kernel])], a.OutFeatures),
            LayerKind.ConvTranspose => WithBias([("weight", [a.InFeatures, a.OutFeatures / a.Groups, .. kernel])], a.OutFeatures),
            LayerKind.GroupNorm => [("weight", [a.InFeatures]), ("bias", [a.InFeatures])],
            LayerKind.BatchNorm or LayerKind.LayerNorm2d => a.Affine ? [("weight", [a.InFeatures]), ("bias", [a.InFeatures])] : [],
            LayerKind.LayerNorm => a.Affine ? [("weight", a.NormalizedShape), ("bias", a.NormalizedShape)] : [],
            LayerKind.InProjection => a.Bias
                ? [("in_proj_weight", [a.OutFeatures, a.InFeatures]), ("in_proj_bias", [a.OutFeatures])]
                : [("in_proj_weight", [a.OutFeatures, a.InFeatures])],
            LayerKind.LearnedTensor => [("", a.TensorShape)],
            _ => [],
        };
    }

    private ImmutableArray<(string, ImmutableArray<long>)> WithBias(ImmutableArray<(string, ImmutableArray<long>)> weight, long outFeatures) =>
        Arguments.Bias ? weight.Add(("bias", [outFeatures])) : weight;

    /// <summary>Fan-in for hyperfan initialisation: in * kernel volume / groups.</summary>
    public long FanIn => Arguments.InFeatures * KernelVolume / Math.Max(1, Arguments.Groups);

    /// <summary>Fan-out for hyperfan initialisation: out * kernel volume / groups.</summary>
    public long FanOut => Arguments.OutFeatures * KernelVolume / Math.Max(1, Arguments.Groups);
}

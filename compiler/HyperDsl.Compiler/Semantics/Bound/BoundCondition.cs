using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics.Bound;

/// <summary>Kinds of conditioning sources.</summary>
public enum ConditionKind
{
    /// <summary>Penultimate features of a domain-classifier network declared in the model; trained with its own loss.</summary>
    Domain,
    /// <summary>A learned embedding table indexed by task id.</summary>
    Task,
    /// <summary>A support image and its mask: mask-average-pooled encoder features, patch context vectors, positional encodings.</summary>
    SupportMask,
    /// <summary>Named tabular columns through a small encoder, with missing-value handling.</summary>
    Tabular,
    /// <summary>Gaussian noise of a given size, sampled k times for ensembles.</summary>
    Noise,
}

/// <summary>How missing tabular values (NaN) are handled.</summary>
public enum MissingValues { Zero, Indicator }

/// <summary>One conditioning source; only the members meaningful for <see cref="Kind"/> are set.</summary>
/// <param name="Name">The declared name; the generated condition record has a property of this name.</param>
/// <param name="EmbeddingSize">Width of the embedding this source contributes to the hypernetwork input.</param>
/// <param name="Network">Domain: the auxiliary network (one of <see cref="BoundModel.AuxiliaryNetworks"/>). Null otherwise.</param>
/// <param name="FeaturesValue">Domain: the named output of <see cref="Network"/> used as embedding.</param>
/// <param name="Count">Task: number of tasks. Domain: number of domains (classifier outputs). Noise: samples k.</param>
/// <param name="Columns">Tabular: column names in input order.</param>
/// <param name="Hidden">Tabular / SupportMask: encoder widths or channels.</param>
/// <param name="InputShape">Domain: the classifier input; SupportMask: image shape (mask has the same spatial shape, 1 channel).</param>
/// <param name="Patches">SupportMask: number of sampled patches for context vectors.</param>
/// <param name="Boundary">SupportMask: fraction of patches sampled near the mask boundary.</param>
/// <param name="FromInput">Domain: the classifier reads the model input rather than a separate condition tensor.</param>
public sealed record BoundCondition(
    string Name,
    ConditionKind Kind,
    long EmbeddingSize,
    SourceSpan Span,
    BoundNetwork? Network = null,
    string? FeaturesValue = null,
    long Count = 0,
    ImmutableArray<string> Columns = default,
    ImmutableArray<long> Hidden = default,
    ImmutableArray<long> InputShape = default,
    long Patches = 0,
    double Boundary = 0,
    MissingValues Missing = MissingValues.Indicator,
    bool FromInput = false)
{
    /// <summary>Whether the caller passes a tensor for this condition (noise is sampled; a domain classifier may read the model input).</summary>
    public bool HasConditionTensor => Kind != ConditionKind.Noise && !(Kind == ConditionKind.Domain && FromInput);
}

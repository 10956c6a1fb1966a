using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics.Bound;

// The bound model is the single source of truth after binding and shape checking: `check`, `params`, `graph` and the
// emitter all read it and never re-derive shapes or counts. Everything in it is fully elaborated: blocks are
// instantiated, repetitions unrolled, patterns expanded, every shape concrete (batch dimension excluded).

/// <summary>All models of one .hyp file, in declaration order.</summary>
public sealed record BoundFile(string Path, ImmutableArray<BoundModel> Models);

/// <summary>One <c>model</c> declaration: a target network whose layers a hypernetwork (partly) generates.</summary>
/// <param name="Name">The model's name as written (the emitter escapes it for C#).</param>
/// <param name="Documentation">The doc comment before the declaration, if any (plain text, never trusted as code).</param>
/// <param name="Input">The target network's input.</param>
/// <param name="Conditions">Conditioning sources, in declaration order; their embeddings are concatenated in this order.</param>
/// <param name="Target">The target (primary) network.</param>
/// <param name="AuxiliaryNetworks">Other networks declared in the model (for example a domain classifier), by name.</param>
/// <param name="Hypernet">The hypernetwork; null only for a model with nothing generated.</param>
/// <param name="Generated">Every generated tensor, in slot order (slot = index).</param>
/// <param name="Training">Losses, regularisers, episodic and adaptation settings.</param>
/// <param name="DeclarationHash">SHA-256 (hex, lower case) of the model's contract (<see cref="ModelContract"/>: tensors, keys,
/// generated specs, hypernetwork options), not of its text; checkpoints carry it.</param>
public sealed record BoundModel(
    string Name,
    SourceSpan Span,
    string? Documentation,
    BoundInput Input,
    ImmutableArray<BoundCondition> Conditions,
    BoundNetwork Target,
    ImmutableArray<BoundNetwork> AuxiliaryNetworks,
    BoundHypernet? Hypernet,
    ImmutableArray<GeneratedTensor> Generated,
    BoundTraining Training,
    ParameterTable Parameters,
    string DeclarationHash)
{
    /// <summary>The conditions the hypernetwork reads (every condition when there is none), in concatenation order.</summary>
    public ImmutableArray<BoundCondition> Sources => Hypernet is { Sources.IsDefaultOrEmpty: false } h ? h.Sources : Conditions;

    /// <summary>
    /// Whether generating weights reads the model input: a domain classifier looks at it, or no source has a condition
    /// tensor to take the batch size and device from (noise only).
    /// </summary>
    public bool GenerationReadsInput => Sources.Any(c => c.Kind == ConditionKind.Domain && c.FromInput) || !Sources.Any(c => c.HasConditionTensor);
}

/// <summary>A named input tensor; <paramref name="Shape"/> excludes the batch dimension.</summary>
public sealed record BoundInput(string Name, ImmutableArray<long> Shape, SourceSpan Span);

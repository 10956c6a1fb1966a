using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics.Bound;

/// <summary>Loss functions a model can declare.</summary>
public enum LossKind { Mae, Mse, CrossEntropy, Bce, DiceBce, MultiSimilarity }

/// <summary>What a declared loss is applied to.</summary>
public enum LossTarget
{
    /// <summary>The target network's prediction against the label.</summary>
    Prediction,
    /// <summary>A domain condition's classifier logits against the domain label.</summary>
    DomainLogits,
    /// <summary>A domain condition's embedding (multi-similarity) against the domain label.</summary>
    DomainEmbedding,
}

/// <summary>A named loss with its weight in the total.</summary>
/// <param name="Condition">For domain losses: the domain condition whose classifier the loss trains.</param>
/// <param name="Parameters">Named constants (multi-similarity alpha, beta, lambda, margin; dice smooth; ...).</param>
public sealed record BoundLoss(
    string Name,
    LossKind Kind,
    LossTarget Target,
    double Weight,
    BoundCondition? Condition,
    ImmutableDictionary<string, double> Parameters,
    SourceSpan Span);

/// <summary>Regulariser kinds.</summary>
public enum RegularizerKind
{
    /// <summary>Mean over samples of the squared L2 norm of all generated tensors.</summary>
    GeneratedL2,
    /// <summary>Squared L2 norm of the hypernetwork's own parameters.</summary>
    HypernetL2,
}

/// <summary>A regulariser and its weight.</summary>
public sealed record BoundRegularizer(RegularizerKind Kind, double Weight, SourceSpan Span);

/// <summary>Everything the generated code exposes for training.</summary>
/// <param name="EpisodicBeta">Episodic training: total = beta * support loss + (1 - beta) * query loss; null when not episodic.</param>
/// <param name="AdaptationLearningRate">One gradient step on the support pair before predicting; null when not declared.</param>
public sealed record BoundTraining(
    ImmutableArray<BoundLoss> Losses,
    ImmutableArray<BoundRegularizer> Regularizers,
    double? EpisodicBeta,
    double? AdaptationLearningRate);

using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Losses;

/// <summary>
/// The losses a <c>.hyp</c> file can declare. All reduce by the mean, are computed in a numerically stable form
/// (log-sum-exp, losses "with logits") and require prediction and target shapes to agree exactly, so a silent
/// broadcast never hides a shape error.
/// </summary>
public static class Losses
{
    /// <summary>Mean absolute error.</summary>
    /// <param name="prediction">Predictions, any shape.</param>
    /// <param name="target">Targets, the same shape.</param>
    public static Tensor Mae(Tensor prediction, Tensor target)
    {
        RequireSameShape(prediction, target, nameof(Mae));
        return (prediction - target).abs().mean();
    }

    /// <summary>Mean squared error.</summary>
    /// <param name="prediction">Predictions, any shape.</param>
    /// <param name="target">Targets, the same shape.</param>
    public static Tensor Mse(Tensor prediction, Tensor target)
    {
        RequireSameShape(prediction, target, nameof(Mse));
        return (prediction - target).square().mean();
    }

    /// <summary>Cross entropy of class logits against int64 class labels, averaged over the batch.</summary>
    /// <param name="logits">Logits <c>[B, classes]</c> (or <c>[B, classes, d..]</c> for dense prediction).</param>
    /// <param name="labels">int64 labels <c>[B]</c> (or <c>[B, d..]</c>) in 0 .. classes-1.</param>
    public static Tensor CrossEntropy(Tensor logits, Tensor labels)
    {
        if (labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"CrossEntropy: labels must be int64 class indices, got {labels.dtype}.", nameof(labels));
        var logitsShape = Dims.Of(logits);
        if (logitsShape.Length < 2)
            throw new ArgumentException($"CrossEntropy: logits {Render(logits)} need a batch and a class axis, [B, classes] or [B, classes, d..].", nameof(logits));
        long[] expected = [logitsShape[0], .. logitsShape[2..]];
        if (!Dims.Of(labels).SequenceEqual(expected))
            throw new ArgumentException(
                $"CrossEntropy: logits {Render(logits)} need labels {HyperDslShapeException.Render(expected)}, got {Render(labels)}.",
                nameof(labels));
        return nn.functional.cross_entropy(logits, labels);
    }

    /// <summary>Binary cross entropy of logits against targets in [0, 1] (stable "with logits" form), averaged over all elements.</summary>
    /// <param name="logits">Logits, any shape.</param>
    /// <param name="targets">Targets in [0, 1], the same shape.</param>
    public static Tensor Bce(Tensor logits, Tensor targets)
    {
        RequireSameShape(logits, targets, nameof(Bce));
        return nn.functional.binary_cross_entropy_with_logits(logits, targets.to_type(logits.dtype));
    }

    /// <summary>
    /// Soft Dice loss on <c>sigmoid(logits)</c> plus binary cross entropy, the segmentation loss of the task-conditioned
    /// U-Net. Dice per sample: <c>1 - (2 Σ p t + smooth) / (Σ p + Σ t + smooth)</c> over all non-batch elements,
    /// averaged over the batch; BCE averaged over all elements.
    /// </summary>
    /// <param name="logits">Logits <c>[B, ...]</c>.</param>
    /// <param name="targets">Binary targets, the same shape.</param>
    /// <param name="smooth">Additive smoothing of the Dice ratio (keeps empty masks finite).</param>
    public static Tensor DiceBce(Tensor logits, Tensor targets, double smooth = 1.0)
    {
        RequireSameShape(logits, targets, nameof(DiceBce));
        if (logits.dim() < 1)
            throw new ArgumentException("DiceBce: logits need a batch dimension.", nameof(logits));
        targets = targets.to_type(logits.dtype);
        var batch = logits.size(0);
        var probabilities = logits.sigmoid().reshape(batch, -1);
        var flatTargets = targets.reshape(batch, -1);
        var overlap = (probabilities * flatTargets).sum(1);
        var total = probabilities.sum(1) + flatTargets.sum(1);
        var dice = 1.0 - (2.0 * overlap + smooth) / (total + smooth);
        return dice.mean() + nn.functional.binary_cross_entropy_with_logits(logits, targets);
    }

    /// <summary>
    /// Multi-similarity loss (Wang et al., CVPR 2019) on the cosine similarities S of the L2-normalised embeddings.
    /// For each anchor i, positives (same label, j ≠ i) are kept when <c>S_ij - margin &lt; max S</c> over i's negatives,
    /// negatives when <c>S_ij + margin &gt; min S</c> over i's positives (hard-pair mining); the anchor's loss is
    /// <c>(1/α) log(1 + Σ_pos exp(-α (S_ij - λ))) + (1/β) log(1 + Σ_neg exp(β (S_ij - λ)))</c>, 0 for an anchor
    /// without a kept positive or without a kept negative. The result is the sum over anchors divided by B.
    /// </summary>
    /// <param name="embeddings">Embeddings <c>[B, D]</c>.</param>
    /// <param name="labels">int64 labels <c>[B]</c>.</param>
    /// <param name="alpha">Positive scale α.</param>
    /// <param name="beta">Negative scale β.</param>
    /// <param name="lambda">Similarity offset λ.</param>
    /// <param name="margin">Mining margin ε.</param>
    public static Tensor MultiSimilarity(Tensor embeddings, Tensor labels, double alpha = 2, double beta = 50, double lambda = 0.5, double margin = 0.1)
    {
        if (embeddings.dim() != 2)
            throw new ArgumentException($"MultiSimilarity: embeddings must be [B, D], got {Render(embeddings)}.", nameof(embeddings));
        if (labels.dim() != 1 || labels.size(0) != embeddings.size(0))
            throw new ArgumentException($"MultiSimilarity: labels must be [{embeddings.shape[0]}], got {Render(labels)}.", nameof(labels));
        if (alpha <= 0 || beta <= 0)
            throw new ArgumentOutOfRangeException(alpha <= 0 ? nameof(alpha) : nameof(beta), "MultiSimilarity: α and β must be positive.");

        var batch = embeddings.size(0);
        var normalised = nn.functional.normalize(embeddings, p: 2, dim: 1);
        var similarity = normalised.matmul(normalised.t());
        var sameLabel = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        var self = eye(batch, dtype: ScalarType.Bool, device: embeddings.device);
        var positive = sameLabel & self.logical_not();
        var negative = sameLabel.logical_not();

        var infinity = float.PositiveInfinity;
        using (no_grad())
        {
            // Mining thresholds are selections, not part of the gradient (as in the reference implementation).
            var hardestPositive = similarity.masked_fill(positive.logical_not(), infinity).amin([1], keepdim: true);
            var hardestNegative = similarity.masked_fill(negative.logical_not(), -infinity).amax([1], keepdim: true);
            negative = negative & (similarity + margin > hardestPositive);
            positive = positive & (similarity - margin < hardestNegative);
        }

        var column = zeros(batch, 1, dtype: similarity.dtype, device: similarity.device);
        var positiveTerms = (-alpha * (similarity - lambda)).masked_fill(positive.logical_not(), -infinity);
        var negativeTerms = (beta * (similarity - lambda)).masked_fill(negative.logical_not(), -infinity);
        // log(1 + Σ exp(z)) = logsumexp([0, z...]): stable, and exactly 0 when nothing is kept.
        var positiveLoss = cat([column, positiveTerms], 1).logsumexp(1) / alpha;
        var negativeLoss = cat([column, negativeTerms], 1).logsumexp(1) / beta;
        var counted = positive.any(1) & negative.any(1);
        var perAnchor = (positiveLoss + negativeLoss).masked_fill(counted.logical_not(), 0.0);
        return perAnchor.sum() / batch;
    }

    /// <summary>Episodic weighting of the task-conditioned U-Net: <c>beta * support + (1 - beta) * query</c>.</summary>
    /// <param name="supportLoss">Loss on the support pair (scalar).</param>
    /// <param name="queryLoss">Loss on the query pair (scalar).</param>
    /// <param name="beta">Weight of the support loss, in [0, 1].</param>
    public static Tensor Episodic(Tensor supportLoss, Tensor queryLoss, double beta)
    {
        if (!(beta >= 0 && beta <= 1))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Episodic: β must lie in [0, 1].");
        return beta * supportLoss + (1.0 - beta) * queryLoss;
    }

    private static void RequireSameShape(Tensor prediction, Tensor target, string loss)
    {
        if (!Dims.Of(prediction).SequenceEqual(Dims.Of(target)))
            throw new ArgumentException($"{loss}: prediction {Render(prediction)} and target {Render(target)} must have the same shape.", nameof(target));
    }

    private static string Render(Tensor t) => HyperDslShapeException.Render(t.shape);
}

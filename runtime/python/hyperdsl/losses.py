"""The losses a ``.hyp`` file can declare (Losses.cs). All reduce by the mean, are computed in a numerically stable
form (log-sum-exp, losses "with logits") and require prediction and target shapes to agree exactly, so a silent
broadcast never hides a shape error. Module functions; :class:`Losses` holds the same functions under the C# class
name (``Losses.mse``)."""

import torch
import torch.nn.functional as F

from .errors import HyperDslShapeException

_render = HyperDslShapeException.render


def mae(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean absolute error."""
    _require_same_shape(prediction, target, "Mae")
    return (prediction - target).abs().mean()


def mse(prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error."""
    _require_same_shape(prediction, target, "Mse")
    return (prediction - target).square().mean()


def cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross entropy of logits ``[B, classes(, d..)]`` against int64 labels ``[B(, d..)]``, averaged."""
    if labels.dtype != torch.int64:
        raise ValueError(f"CrossEntropy: labels must be int64 class indices, got {labels.dtype}.")
    expected = [logits.size(0), *logits.shape[2:]] if logits.dim() >= 1 else []
    if logits.dim() < 2 or list(labels.shape) != expected:
        raise ValueError(f"CrossEntropy: logits {_render(logits.shape)} need labels {_render(expected)}, got {_render(labels.shape)}.")
    return F.cross_entropy(logits, labels)


def bce(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Binary cross entropy of logits against targets in [0, 1] ("with logits"), averaged over all elements."""
    _require_same_shape(logits, targets, "Bce")
    return F.binary_cross_entropy_with_logits(logits, targets.to(logits.dtype))


def dice_bce(logits: torch.Tensor, targets: torch.Tensor, smooth: float = 1.0) -> torch.Tensor:
    """Soft Dice on ``sigmoid(logits)`` plus binary cross entropy. Dice per sample:
    ``1 - (2 sum p t + smooth) / (sum p + sum t + smooth)`` over all non-batch elements, averaged over the batch;
    BCE averaged over all elements."""
    _require_same_shape(logits, targets, "DiceBce")
    if logits.dim() < 1:
        raise ValueError("DiceBce: logits need a batch dimension.")
    targets = targets.to(logits.dtype)
    batch = logits.size(0)
    probabilities = logits.sigmoid().reshape(batch, -1)
    flat_targets = targets.reshape(batch, -1)
    overlap = (probabilities * flat_targets).sum(1)
    total = probabilities.sum(1) + flat_targets.sum(1)
    dice = 1.0 - (2.0 * overlap + smooth) / (total + smooth)
    return dice.mean() + F.binary_cross_entropy_with_logits(logits, targets)


def multi_similarity(embeddings: torch.Tensor, labels: torch.Tensor, alpha: float = 2, beta: float = 50,
                     lambda_: float = 0.5, margin: float = 0.1) -> torch.Tensor:
    """Multi-similarity loss (Wang et al., CVPR 2019) on the cosine similarities S of the L2-normalised embeddings
    ``[B, D]`` with int64 labels ``[B]``. For each anchor i, positives (same label, j != i) are kept when
    ``S_ij - margin < max S`` over i's negatives, negatives when ``S_ij + margin > min S`` over i's positives; the
    anchor's loss is ``(1/alpha) log(1 + sum_pos exp(-alpha (S_ij - lambda))) + (1/beta) log(1 + sum_neg
    exp(beta (S_ij - lambda)))``, 0 for an anchor without a kept positive or negative; the sum over anchors / B.
    (C#'s ``lambda`` is ``lambda_``: ``lambda`` is a Python keyword.)"""
    if embeddings.dim() != 2:
        raise ValueError(f"MultiSimilarity: embeddings must be [B, D], got {_render(embeddings.shape)}.")
    if labels.dim() != 1 or labels.size(0) != embeddings.size(0):
        raise ValueError(f"MultiSimilarity: labels must be [{embeddings.size(0)}], got {_render(labels.shape)}.")
    if alpha <= 0 or beta <= 0:
        raise ValueError("MultiSimilarity: alpha and beta must be positive.")
    batch = embeddings.size(0)
    normalised = F.normalize(embeddings, p=2, dim=1)
    similarity = normalised.matmul(normalised.t())
    same_label = labels.unsqueeze(1).eq(labels.unsqueeze(0))
    self_pairs = torch.eye(batch, dtype=torch.bool, device=embeddings.device)
    positive = same_label & self_pairs.logical_not()
    negative = same_label.logical_not()
    inf = float("inf")
    with torch.no_grad():
        # Mining thresholds are selections, not part of the gradient (as in the reference implementation).
        hardest_positive = similarity.masked_fill(positive.logical_not(), inf).amin(1, keepdim=True)
        hardest_negative = similarity.masked_fill(negative.logical_not(), -inf).amax(1, keepdim=True)
        negative = negative & (similarity + margin > hardest_positive)
        positive = positive & (similarity - margin < hardest_negative)
    column = torch.zeros(batch, 1, dtype=similarity.dtype, device=similarity.device)
    positive_terms = (-alpha * (similarity - lambda_)).masked_fill(positive.logical_not(), -inf)
    negative_terms = (beta * (similarity - lambda_)).masked_fill(negative.logical_not(), -inf)
    # log(1 + sum exp(z)) = logsumexp([0, z...]): stable, and exactly 0 when nothing is kept.
    positive_loss = torch.cat([column, positive_terms], 1).logsumexp(1) / alpha
    negative_loss = torch.cat([column, negative_terms], 1).logsumexp(1) / beta
    counted = positive.any(1) & negative.any(1)
    per_anchor = (positive_loss + negative_loss).masked_fill(counted.logical_not(), 0.0)
    return per_anchor.sum() / batch


def episodic(support_loss: torch.Tensor, query_loss: torch.Tensor, beta: float) -> torch.Tensor:
    """``beta * support + (1 - beta) * query``, the episodic weighting of the task-conditioned U-Net."""
    if not 0 <= beta <= 1:
        raise ValueError(f"Episodic: beta must lie in [0, 1], got {beta}.")
    return beta * support_loss + (1.0 - beta) * query_loss


def _require_same_shape(prediction, target, loss):
    if prediction.shape != target.shape:
        raise ValueError(f"{loss}: prediction {_render(prediction.shape)} and target {_render(target.shape)} must have the same shape.")


class Losses:
    """The loss functions under the C# class name."""
    mae = staticmethod(mae)
    mse = staticmethod(mse)
    cross_entropy = staticmethod(cross_entropy)
    bce = staticmethod(bce)
    dice_bce = staticmethod(dice_bce)
    multi_similarity = staticmethod(multi_similarity)
    episodic = staticmethod(episodic)

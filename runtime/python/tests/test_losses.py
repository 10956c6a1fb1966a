"""Every loss against torch's own implementation or a hand-computed value."""

import math

import pytest
import torch
import torch.nn.functional as F

from hyperdsl import Losses
from hyperdsl import losses


def test_mae_and_mse_match_torch():
    p, t = torch.randn(6, 3), torch.randn(6, 3)
    torch.testing.assert_close(losses.mae(p, t), F.l1_loss(p, t))
    torch.testing.assert_close(losses.mse(p, t), F.mse_loss(p, t))
    assert losses.mse(torch.tensor([1.0, 3.0]), torch.tensor([0.0, 0.0])).item() == 5.0
    assert Losses.mae is losses.mae


@pytest.mark.parametrize("loss", [losses.mae, losses.mse, losses.bce, losses.dice_bce])
def test_a_shape_mismatch_is_an_error_not_a_broadcast(loss):
    with pytest.raises(ValueError, match=r"prediction \[4, 1\] and target \[4\] must have the same shape"):
        loss(torch.zeros(4, 1), torch.zeros(4))


def test_cross_entropy_matches_log_softmax_by_hand_for_classes_and_dense_labels():
    logits, labels = torch.randn(5, 4), torch.tensor([0, 3, 1, 1, 2])
    by_hand = -sum(logits[i].log_softmax(0)[labels[i]] for i in range(5)) / 5
    torch.testing.assert_close(losses.cross_entropy(logits, labels), by_hand)
    dense, dense_labels = torch.randn(2, 3, 4, 4), torch.randint(0, 3, (2, 4, 4))
    torch.testing.assert_close(losses.cross_entropy(dense, dense_labels), F.nll_loss(dense.log_softmax(1), dense_labels))
    with pytest.raises(ValueError, match="int64"):
        losses.cross_entropy(logits, labels.float())
    with pytest.raises(ValueError, match=r"need labels \[5\]"):
        losses.cross_entropy(logits, labels[:3])


def test_bce_matches_the_naive_formula_and_stays_finite_for_large_logits():
    logits, targets = torch.randn(8, 2), torch.rand(8, 2)
    p = logits.sigmoid()
    naive = -(targets * p.log() + (1 - targets) * (1 - p).log()).mean()
    torch.testing.assert_close(losses.bce(logits, targets), naive, rtol=1e-5, atol=1e-6)
    extreme = losses.bce(torch.tensor([100.0, -100.0]), torch.tensor([0.0, 1.0]))
    assert extreme.item() == pytest.approx(100.0)


def test_dice_bce_matches_a_per_sample_loop_plus_bce():
    logits, targets, smooth = torch.randn(3, 1, 4, 4), (torch.rand(3, 1, 4, 4) > 0.5).float(), 1.0
    dice = []
    for i in range(3):
        p, t = logits[i].sigmoid().flatten(), targets[i].flatten()
        dice.append(1 - (2 * (p * t).sum() + smooth) / (p.sum() + t.sum() + smooth))
    expected = torch.stack(dice).mean() + F.binary_cross_entropy(logits.sigmoid(), targets)
    torch.testing.assert_close(losses.dice_bce(logits, targets, smooth), expected, rtol=1e-5, atol=1e-6)
    confident = losses.dice_bce(torch.where(targets > 0, 30.0, -30.0), targets)
    assert confident.item() < 1e-5


def multi_similarity_by_loops(embeddings, labels, alpha, beta, lam, margin):
    """The anchor-by-anchor definition of Wang et al. (2019), written with Python loops."""
    x = F.normalize(embeddings.double(), dim=1)
    s = x @ x.t()
    n = len(labels)
    total = 0.0
    for i in range(n):
        pos = [j for j in range(n) if j != i and labels[j] == labels[i]]
        neg = [j for j in range(n) if labels[j] != labels[i]]
        if not pos or not neg:
            continue
        kept_neg = [j for j in neg if s[i, j] + margin > min(s[i, k] for k in pos)]
        kept_pos = [j for j in pos if s[i, j] - margin < max(s[i, k] for k in neg)]
        if not kept_pos or not kept_neg:
            continue
        total += math.log(1 + sum(math.exp(-alpha * (s[i, j] - lam)) for j in kept_pos)) / alpha
        total += math.log(1 + sum(math.exp(beta * (s[i, j] - lam)) for j in kept_neg)) / beta
    return total / n


@pytest.mark.parametrize("alpha,beta,lam,margin", [(2, 50, 0.5, 0.1), (1, 10, 0.2, 0.3), (4, 40, 0.7, 0.0)])
def test_multi_similarity_matches_a_naive_loop(alpha, beta, lam, margin):
    embeddings, labels = torch.randn(12, 6), torch.tensor([0, 0, 1, 1, 2, 2, 0, 1, 2, 3, 3, 0])
    expected = multi_similarity_by_loops(embeddings, labels.tolist(), alpha, beta, lam, margin)
    actual = losses.multi_similarity(embeddings, labels, alpha, beta, lam, margin)
    assert actual.item() == pytest.approx(expected, rel=1e-4, abs=1e-6)


def test_multi_similarity_is_lower_for_clustered_embeddings_and_has_finite_gradients():
    labels = torch.tensor([0, 0, 0, 1, 1, 1])
    centres = torch.randn(2, 8) * 5
    clustered = (centres[labels] + 0.05 * torch.randn(6, 8)).requires_grad_(True)
    mixed = torch.randn(6, 8)
    loss = losses.multi_similarity(clustered, labels)
    assert loss.item() < losses.multi_similarity(mixed, labels).item()
    loss.backward()
    assert torch.isfinite(clustered.grad).all()


def test_episodic_weights_support_by_beta():
    assert losses.episodic(torch.tensor(3.0), torch.tensor(5.0), 0.25).item() == pytest.approx(0.25 * 3 + 0.75 * 5)
    with pytest.raises(ValueError):
        losses.episodic(torch.tensor(3.0), torch.tensor(5.0), 1.5)

"""Guards, checks, ensembles and adaptation steps generated code calls."""

import pytest
import torch
import torch.nn.functional as F

from hyperdsl import (Adaptation, Ensemble, GeneratedChecks, GeneratedWeights, GeneratedWeightsNotFiniteException,
                      HyperDslShapeException, ShapeGuard)

DECL = "HydaBrainAge.features (hyda.hyp:4)"


def test_shape_guard_accepts_any_batch_and_wildcards_and_names_what_is_wrong():
    ShapeGuard.expect(torch.zeros(8, 3), [3], DECL)
    ShapeGuard.expect(torch.zeros(1, 3, 7), [3, -1], DECL)
    ShapeGuard.expect(torch.zeros(5, dtype=torch.int64), [], DECL, dtype=torch.int64)
    with pytest.raises(HyperDslShapeException, match=r"HydaBrainAge\.features \(hyda\.hyp:4\): input has shape \[8, 4\], expected \[B, 3\]\."):
        ShapeGuard.expect(torch.zeros(8, 4), [3], DECL)
    with pytest.raises(HyperDslShapeException, match=r"has shape \[3\], expected \[B, 3\]"):
        ShapeGuard.expect(torch.zeros(3), [3], DECL)
    with pytest.raises(HyperDslShapeException, match="dtype torch.float64, expected torch.float32"):
        ShapeGuard.expect(torch.zeros(2, 3, dtype=torch.float64), [3], DECL, dtype=torch.float32)
    with pytest.raises(HyperDslShapeException, match="expected cuda:0; move it with .to"):
        ShapeGuard.expect(torch.zeros(2, 3), [3], DECL, device="cuda:0")
    ShapeGuard.expect(torch.zeros(2, 3), [3], DECL, device="cpu")


def test_ensure_finite_names_the_first_non_finite_slot():
    good = torch.zeros(2, 3)
    bad = torch.tensor([[1.0, float("nan")], [float("inf"), 0.0]])
    GeneratedChecks.ensure_finite(GeneratedWeights([good], ["fc.weight"]), "HydaBrainAge")
    with pytest.raises(GeneratedWeightsNotFiniteException) as error:
        GeneratedChecks.ensure_finite(GeneratedWeights([good, bad, bad], ["fc.weight", "fc.bias", "out.bias"]), "HydaBrainAge")
    assert error.value.slot == "fc.bias" and error.value.model == "HydaBrainAge"
    assert "generated tensor 'fc.bias' (slot 1, shape [2, 2]) holds 2 non-finite values (1 NaN, 1 Inf) of 4" in str(error.value)


def test_ensemble_mean_and_variance_match_torch():
    predictions = torch.randn(5, 3, 2)
    it = iter(predictions)
    mean, variance = Ensemble.predict(lambda: next(it), 5)
    torch.testing.assert_close(mean, predictions.mean(0))
    torch.testing.assert_close(variance, predictions.var(0, unbiased=True))
    with pytest.raises(ValueError):
        Ensemble.predict(lambda: torch.zeros(1), 1)


def support_loss(weights):
    x = torch.linspace(-1, 1, 6).reshape(1, 6, 1).expand(2, 6, 1)
    prediction = torch.bmm(x, weights[0].transpose(1, 2)) + weights[1].unsqueeze(1)
    return F.mse_loss(prediction, 3 * x)


def test_adaptation_step_is_exactly_weight_minus_learning_rate_times_gradient_and_lowers_the_loss():
    w, b = torch.randn(2, 1, 1), torch.randn(2, 1)
    unused = torch.randn(2, 4)
    generated = GeneratedWeights([w, b, unused], ["fc.weight", "fc.bias", "other.weight"])
    adapted = Adaptation.step(generated, support_loss, 0.1)
    wl, bl = w.clone().requires_grad_(True), b.clone().requires_grad_(True)
    gw, gb = torch.autograd.grad(support_loss([wl, bl]), [wl, bl])
    torch.testing.assert_close(adapted[0], w - 0.1 * gw)
    torch.testing.assert_close(adapted[1], b - 0.1 * gb)
    assert adapted[2] is unused and adapted.name_of(2) == "other.weight"
    assert support_loss(adapted) < support_loss(generated)


@pytest.mark.parametrize("differentiable", [False, True])
def test_first_and_second_order_adaptation_pass_gradients_to_the_hypernetwork(differentiable):
    source = torch.randn(2, 2, requires_grad=True)
    generated = GeneratedWeights([source[:, :1].reshape(2, 1, 1) * 1.0, source[:, 1:] * 1.0], ["w", "b"])
    adapted = Adaptation.step(generated, support_loss, 0.1, differentiable=differentiable)
    support_loss(adapted).backward()
    assert source.grad is not None and source.grad.abs().sum() > 0
    with pytest.raises(ValueError, match="does not require a gradient"):
        Adaptation.step(GeneratedWeights([torch.zeros(2, 1, 1), torch.zeros(2, 1)], ["w", "b"]), support_loss, 0.1,
                        differentiable=True)


def test_generated_weights_check_batches_and_slots():
    generated = GeneratedWeights([torch.ones(2, 3), torch.ones(2, 4) * 2], ["a", "b"])
    assert generated.squared_norm().item() == pytest.approx((6 + 32) / 2)
    one = generated.select(1)
    assert one.batch_size == 1 and one[1].shape == (1, 4)
    with pytest.raises(ValueError, match="batch size 3"):
        GeneratedWeights([torch.ones(2, 3), torch.ones(3, 4)], ["a", "b"])
    with pytest.raises(IndexError):
        generated[2]

"""Hyperfan initialisation: generated weights start with the variance the formula gives (gain^2 / fan), biases at
zero, LoRA B near zero, with and without a bound. Tolerances are statistical and would catch a 2x error."""

import math

import pytest
import torch

from hyperdsl import (ActivationKind, Activations, BodyKind, ComponentAttribute, GeneratedKind, GeneratedTensorSpec,
                      HyperInit, HyperNetwork, HyperNetworkOptions, HyperOps, HyperfanInit, NormKind, StrategyKind)

CONDITION = 64


@pytest.mark.parametrize("init,strategy,body", [
    (HyperInit.HyperfanIn, StrategyKind.AllAtOnce, BodyKind.Mlp),
    (HyperInit.HyperfanOut, StrategyKind.PerLayerHeads, BodyKind.ResidualMlp),
    (HyperInit.HyperfanIn, StrategyKind.PerComponent, BodyKind.Mixer),
    (HyperInit.HyperfanOut, StrategyKind.Chunked, BodyKind.Mlp),
])
def test_generated_weights_start_with_the_target_variance_biases_at_zero_and_lora_b_near_zero(init, strategy, body):
    # A non-square layer (fan-in 32, fan-out 128) and a LoRA module of rank 4 on a 32 -> 128 projection.
    specs = [
        GeneratedTensorSpec("fc.weight", GeneratedKind.Weight, [128, 32], 32, 128, 0, "fc", 0, gain=math.sqrt(2)),
        GeneratedTensorSpec("fc.bias", GeneratedKind.Bias, [128], 32, 128, 0, "fc", 0),
        GeneratedTensorSpec("q.lora_a", GeneratedKind.LoraA, [4, 32], 32, 128, 1, "q", 0),
        GeneratedTensorSpec("q.lora_b", GeneratedKind.LoraB, [128, 4], 32, 128, 1, "q", 0),
    ]
    options = HyperNetworkOptions(body, [48], ActivationKind.SiLU, NormKind.None_, 0.0, 32, 1, 48, strategy, 500, 8,
                                  [ComponentAttribute.Type], init, None)
    generated = HyperNetwork("hyper", CONDITION, options, specs)(torch.randn(64, CONDITION))
    fan = 32 if init is HyperInit.HyperfanIn else 128
    if strategy is StrategyKind.Chunked:
        # One head serves every chunk: its rows start with the count-weighted mean of the target variances.
        counts = [s.count for s in specs]
        targets = [2 / fan, 0.0, 1 / 32, 1e-4 / 4]
        mean = sum(c * t for c, t in zip(counts, targets)) / sum(counts)
        everything = torch.cat([generated[s].flatten() for s in range(4)])
        assert 0.75 < everything.var().item() / mean < 1.33
        return
    assert 0.75 < generated[0].var().item() * fan / 2 < 1.33          # gain sqrt 2: variance 2 / fan
    assert 0.75 < generated[2].var().item() * 32 < 1.33               # LoRA A: 1 / in
    assert generated[1].abs().max().item() == 0                        # biases start at zero
    assert 0.5e-2 / 2 < generated[3].std().item() < 2e-2 / 2           # LoRA B: 1e-2 / sqrt(rank 4)


@pytest.mark.parametrize("scale", [0.5, 0.2])
def test_with_a_bound_the_tanh_outputs_still_start_with_the_target_variance(scale):
    specs = [GeneratedTensorSpec("fc.weight", GeneratedKind.Weight, [128, 32], 32, 128, 0, "fc", 0)]
    options = HyperNetworkOptions(BodyKind.Mlp, [48], ActivationKind.SiLU, NormKind.LayerNorm, 0.0, 0, 0, 0,
                                  StrategyKind.AllAtOnce, 0, 0, [], HyperInit.HyperfanIn, scale)
    generated = HyperNetwork("hyper", CONDITION, options, specs)(torch.randn(64, CONDITION))
    assert 0.8 < generated[0].var().item() * 32 < 1.25
    assert generated[0].abs().max().item() <= scale * (1 + 1e-6)


def test_raw_variance_solves_the_tanh_expectation_and_refuses_an_unreachable_target():
    sigma2 = HyperfanInit.raw_variance(0.01, 0.2)
    z = torch.randn(2_000_000, dtype=torch.float64)
    achieved = (0.2 * torch.tanh(math.sqrt(sigma2) * z)).square().mean().item()
    assert abs(achieved / 0.01 - 1) < 0.01
    assert sigma2 > 0.01                                                # tanh shrinks, so raw values must be wider
    assert HyperfanInit.raw_variance(0.01, None) == 0.01
    with pytest.raises(ValueError, match="saturates"):
        HyperfanInit.raw_variance(0.5, 0.5)


def test_initialize_head_gives_each_row_block_its_variance_and_a_zero_bias():
    head = torch.nn.Linear(200, 3000)
    HyperfanInit.initialize_head(head, [(1000, 0.5), (1000, 0.0), (1000, 2.0)], input_second_moment=4.0)
    w = head.weight.detach()
    # Each block's weight variance is target / (inputs * E[e^2]).
    assert abs(w[:1000].var().item() / (0.5 / (200 * 4.0)) - 1) < 0.02
    assert w[1000:2000].abs().max().item() == 0
    assert abs(w[2000:].var().item() / (2.0 / (200 * 4.0)) - 1) < 0.02
    assert head.bias.abs().max().item() == 0
    with pytest.raises(ValueError, match="cover 10 rows"):
        HyperfanInit.initialize_head(head, [(10, 1.0)], 1.0)


def test_target_variance_follows_the_formula_per_kind():
    spec = GeneratedTensorSpec("w", GeneratedKind.Weight, [8, 4], 4, 8, 0, "fc", 0, gain=5 / 3)
    assert HyperfanInit.target_variance(spec, HyperInit.HyperfanIn) == pytest.approx((5 / 3) ** 2 / 4)
    assert HyperfanInit.target_variance(spec, HyperInit.HyperfanOut) == pytest.approx((5 / 3) ** 2 / 8)
    lora_b = GeneratedTensorSpec("b", GeneratedKind.LoraB, [8, 2], 4, 8, 0, "q", 0)
    assert HyperfanInit.target_variance(lora_b, HyperInit.HyperfanIn) == pytest.approx(1e-4 / 2)
    with pytest.raises(ValueError):
        HyperfanInit.target_variance(spec, HyperInit.Default)


def signal_ratios(hypernet, relu):
    """Second-moment (ReLU) or variance ratio of the activations of 6 generated layers to the input's."""
    with torch.no_grad():
        generated = hypernet(torch.randn(16, CONDITION))
        x = torch.randn(16, 128, 64)
        statistic = (lambda t: t.square().mean().item()) if relu else (lambda t: t.var().item())
        start = statistic(x)
        ratios = []
        for layer in range(6):
            x = HyperOps.linear(x, generated[2 * layer], generated[2 * layer + 1])
            x = x.relu() if relu else x
            ratios.append(statistic(x) / start)
    return ratios


@pytest.mark.parametrize("relu", [False, True])
def test_hyperfan_in_keeps_the_signal_through_six_generated_layers_where_the_default_drifts(relu):
    gain = Activations.gain(ActivationKind.ReLU) if relu else 1.0
    specs = [s for layer in range(6) for s in (
        GeneratedTensorSpec(f"mlp.{layer}.weight", GeneratedKind.Weight, [64, 64], 64, 64, layer, "fc", layer, gain),
        GeneratedTensorSpec(f"mlp.{layer}.bias", GeneratedKind.Bias, [64], 64, 64, layer, "fc", layer, gain))]

    def build(init):
        return HyperNetwork("hyper", CONDITION, HyperNetworkOptions(
            BodyKind.Mlp, [64], ActivationKind.ReLU, NormKind.LayerNorm, 0.0, 0, 0, 0, StrategyKind.PerLayerHeads, 0, 0,
            [], init, None), specs)

    torch.manual_seed(21)
    hyperfan = signal_ratios(build(HyperInit.HyperfanIn), relu)
    torch.manual_seed(21)
    naive = signal_ratios(build(HyperInit.Default), relu)
    assert all(0.5 < r < 2.0 for r in hyperfan), hyperfan
    assert naive[-1] > 100 or naive[-1] < 0.01, naive


def test_default_init_leaves_the_heads_as_torch_made_them():
    specs = [GeneratedTensorSpec("w", GeneratedKind.Weight, [64, 64], 64, 64, 0, "fc", 0)]
    hypernet = HyperNetwork("hyper", CONDITION, HyperNetworkOptions(
        BodyKind.Mlp, [64], ActivationKind.ReLU, NormKind.LayerNorm, 0.0, 0, 0, 0, StrategyKind.PerLayerHeads, 0, 0,
        [], HyperInit.Default, None), specs)
    head = hypernet.state_dict()["heads.0.weight"]
    bound = 1 / math.sqrt(64)
    assert 0.9 * bound < head.abs().max().item() <= bound
    assert hypernet.measured_body_second_moments == []


def test_the_probe_leaves_training_mode_and_batch_norm_statistics_as_they_were():
    specs = [GeneratedTensorSpec("w", GeneratedKind.Weight, [4, 4], 4, 4, 0, "fc", 0)]
    opts = HyperNetworkOptions(BodyKind.Mlp, [8], ActivationKind.ReLU, NormKind.BatchNorm, 0.1, 0, 0, 0,
                               StrategyKind.AllAtOnce, 0, 0, [], HyperInit.HyperfanIn, None)
    hypernet = HyperNetwork("hyper", 8, opts, specs)
    state = hypernet.state_dict()
    assert hypernet.training and len(hypernet.measured_body_second_moments) == 1
    assert int(state["body.norms.0.num_batches_tracked"]) == 0
    assert state["body.norms.0.running_mean"].abs().max().item() == 0

"""Hypernetwork bodies and strategies against hand computations from their parameters; bounds; errors."""

import pytest
import torch
import torch.nn.functional as F

from hyperdsl import (ActivationKind, BodyKind, ComponentAttribute, GeneratedKind, GeneratedTensorSpec,
                      HyperDslShapeException, HyperInit, HyperNetwork, HyperNetworkOptions, NormKind, StrategyKind)

from hypernet_specs import SPECS

CONDITION = 5
BATCH = 3


def options(body, strategy, norm=NormKind.None_, init=HyperInit.HyperfanIn, bound=None, dropout=0.0, widths=(8, 7),
            activation=ActivationKind.SiLU):
    return HyperNetworkOptions(body, list(widths), activation, norm, dropout, 8, 2, 6, strategy, 10, 4,
                               [ComponentAttribute.Depth, ComponentAttribute.Type, ComponentAttribute.Index], init, bound)


COMBINATIONS = [(b, s, NormKind.None_, i) for s in StrategyKind
                for b, i in ((BodyKind.Mlp, HyperInit.HyperfanIn), (BodyKind.ResidualMlp, HyperInit.HyperfanOut),
                             (BodyKind.Mixer, HyperInit.Default))]
COMBINATIONS += [(BodyKind.Mlp, StrategyKind.AllAtOnce, NormKind.LayerNorm, HyperInit.HyperfanIn),
                 (BodyKind.Mlp, StrategyKind.PerComponent, NormKind.BatchNorm, HyperInit.HyperfanIn)]


@pytest.mark.parametrize("body,strategy,norm,init", COMBINATIONS)
def test_every_body_and_strategy_generates_shaped_tensors_and_gradients_reach_every_parameter(body, strategy, norm, init):
    hypernet = HyperNetwork("hyper", CONDITION, options(body, strategy, norm, init, dropout=0.05), SPECS)
    generated = hypernet(torch.randn(BATCH, CONDITION))
    assert generated.count == len(SPECS) and generated.batch_size == BATCH
    for slot, spec in enumerate(SPECS):
        assert list(generated[slot].shape) == [BATCH, *spec.shape]
        assert generated.name_of(slot) == spec.name
    sum((generated[s] * torch.randn_like(generated[s])).sum() for s in range(generated.count)).backward()
    for name, parameter in hypernet.named_parameters():
        assert parameter.grad is not None and parameter.grad.abs().sum() > 0, name


def assert_split(generated, values, slots):
    """The slots' tensors are consecutive columns of ``values`` [B, n], each reshaped to its spec's shape."""
    offset = 0
    for slot in slots:
        spec = SPECS[slot]
        torch.testing.assert_close(generated[slot], values[:, offset:offset + spec.count].reshape(BATCH, *spec.shape),
                                   rtol=1e-5, atol=1e-6)
        offset += spec.count


def test_all_at_once_splits_one_head_over_the_specs_in_slot_order():
    hypernet = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.AllAtOnce, widths=()), SPECS)
    p = dict(hypernet.named_parameters())
    condition = torch.randn(BATCH, CONDITION)
    generated = hypernet(condition)
    assert_split(generated, F.linear(condition, p["heads.0.weight"], p["heads.0.bias"]), range(len(SPECS)))


def test_per_component_runs_the_body_per_component_on_summed_attribute_embeddings_and_one_head_per_type():
    hypernet = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.PerComponent, widths=(6,),
                                                        activation=ActivationKind.Tanh), SPECS)
    p = dict(hypernet.named_parameters())
    condition = torch.randn(BATCH, CONDITION)
    generated = hypernet(condition)
    # component -> (depth, type index, head, slots)
    components = {0: (0, 0, 0, [0, 1]), 1: (1, 0, 0, [2, 3]), 2: (1, 1, 1, [4, 5])}
    for component, (depth, kind, head, slots) in components.items():
        embedding = (p["component_embeddings.depth.weight"][depth] + p["component_embeddings.type.weight"][kind]
                     + p["component_embeddings.index.weight"][component])
        joined = torch.cat([condition, embedding.expand(BATCH, 4)], 1)
        hidden = F.linear(joined, p["body.linears.0.weight"], p["body.linears.0.bias"]).tanh()
        assert_split(generated, F.linear(hidden, p[f"heads.{head}.weight"], p[f"heads.{head}.bias"]), slots)


def test_chunked_runs_the_body_per_chunk_and_concatenates_truncates_and_splits():
    hypernet = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.Chunked, widths=(6,),
                                                        activation=ActivationKind.Tanh), SPECS)
    p = dict(hypernet.named_parameters())
    condition = torch.randn(BATCH, CONDITION)
    generated = hypernet(condition)
    chunks = []
    for k in range(hypernet.chunk_count):
        joined = torch.cat([condition, p["chunk_embeddings"][k].expand(BATCH, 4)], 1)
        hidden = F.linear(joined, p["body.linears.0.weight"], p["body.linears.0.bias"]).tanh()
        chunks.append(F.linear(hidden, p["heads.0.weight"], p["heads.0.bias"]))
    assert_split(generated, torch.cat(chunks, 1)[:, :hypernet.total_values], range(len(SPECS)))


def test_per_layer_heads_have_one_head_per_component():
    hypernet = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.PerLayerHeads), SPECS)
    rows = [head.out_features for head in hypernet.heads]
    assert rows == [16, 16, 14]


@pytest.mark.parametrize("scale", [0.5, 0.05])
def test_a_bound_is_scale_times_tanh_of_the_unbounded_values(scale):
    bounded = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.AllAtOnce, init=HyperInit.Default,
                                                       bound=scale), SPECS)
    free = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.AllAtOnce, init=HyperInit.Default), SPECS)
    free.load_state_dict(bounded.state_dict(), strict=True)
    condition = torch.randn(BATCH, CONDITION) * 30
    b, f = bounded(condition), free(condition)
    for slot in range(len(SPECS)):
        torch.testing.assert_close(b[slot], scale * f[slot].tanh())
        assert b[slot].abs().max() <= scale * (1 + 1e-6)


def test_parameter_squared_norm_is_the_sum_of_squares_of_every_parameter():
    hypernet = HyperNetwork("hyper", CONDITION, options(BodyKind.Mixer, StrategyKind.Chunked), SPECS)
    expected = sum(float((p.double() ** 2).sum()) for p in hypernet.state_dict().values() if p.is_floating_point())
    assert abs(hypernet.parameter_squared_norm().item() - expected) < 1e-4 * expected


def test_errors_name_the_hypernetwork_and_the_problem():
    hypernet = HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.AllAtOnce), SPECS)
    with pytest.raises(HyperDslShapeException, match=r"hyper \(hypernetwork\): condition embedding has shape \[3, 4\], expected \[B, 5\]"):
        hypernet(torch.randn(3, 4))
    mismatched = SPECS[:2] + [GeneratedTensorSpec("fc2.weight", GeneratedKind.Weight, [5, 3], 3, 5, 1, "fc", 1)]
    with pytest.raises(ValueError, match="components of type 'fc' generate different tensors"):
        HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.PerComponent), mismatched)
    with pytest.raises(ValueError, match="at least one generated tensor"):
        HyperNetwork("hyper", CONDITION, options(BodyKind.Mlp, StrategyKind.AllAtOnce), [])

"""Target layers under every role, materialisation, and the torch / torchvision modules whose layout they share."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from hyperdsl import (EmbeddingTable, FusedInProjection, GeneratedWeights, HyperDslShapeException, LayerNorm2d,
                      ModuleTree, Role, StochasticDepth, TargetConv, TargetConvTranspose, TargetLinear)

DECL = "Model.fc (model.hyp:3)"
BATCH = 4

LINEAR_ROLES = {
    "trainable": Role.trainable(),
    "frozen": Role.frozen(),
    "external": Role.external(0, 1),
    "external weight": Role.external(0, None),
    "external bias": Role.external(None, 1),
    "lora": Role.lora(2, 3.0, 2, 3),
}


def linear_generated(fan_in, fan_out, rank=2):
    tensors = [torch.randn(BATCH, fan_out, fan_in), torch.randn(BATCH, fan_out), torch.randn(BATCH, rank, fan_in),
               torch.randn(BATCH, fan_out, rank)]
    return GeneratedWeights(tensors, ["fc.weight", "fc.bias", "fc.lora_a", "fc.lora_b"])


def reference_linear(layer, generated, x, i):
    """What sample i should get, with torch's F.linear and the weights written out by role."""
    role = layer.role
    weight, bias = layer.weight, layer.bias
    if isinstance(role, type(Role.lora(1, 1, 0, 1))):
        weight = weight + role.scale * generated[role.b_slot][i] @ generated[role.a_slot][i]
    elif isinstance(role, type(Role.external(0, 0))):
        weight = generated[role.weight_slot][i] if role.weight_slot is not None else weight
        bias = generated[role.bias_slot][i] if role.bias_slot is not None else bias
    return F.linear(x[i], weight, bias)


@pytest.mark.parametrize("role_name", list(LINEAR_ROLES))
@pytest.mark.parametrize("sequence", [False, True])
def test_target_linear_applies_each_samples_weights_like_f_linear(role_name, sequence):
    layer = TargetLinear("fc", 5, 6, True, LINEAR_ROLES[role_name], DECL)
    generated = linear_generated(5, 6)
    x = torch.randn(BATCH, 3, 5) if sequence else torch.randn(BATCH, 5)
    y = layer(x, generated)
    expected = torch.stack([reference_linear(layer, generated, x, i) for i in range(BATCH)])
    torch.testing.assert_close(y, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("role_name", list(LINEAR_ROLES))
def test_materialised_linear_layer_reproduces_its_sample(role_name):
    layer = TargetLinear("fc", 5, 6, True, LINEAR_ROLES[role_name], DECL)
    generated = linear_generated(5, 6)
    x = torch.randn(BATCH, 5)
    batched = layer(x, generated)
    for sample in range(BATCH):
        plain = TargetLinear("fc", 5, 6, True, Role.trainable(), DECL)
        layer.materialize_into(plain, generated, sample)
        torch.testing.assert_close(plain(x[sample:sample + 1])[0], batched[sample], rtol=1e-5, atol=1e-5)


def test_frozen_and_lora_weights_do_not_require_gradients_and_own_ones_start_like_torch_nn():
    assert not any(p.requires_grad for p in TargetLinear("fc", 5, 6, True, Role.frozen(), DECL).parameters())
    assert not any(p.requires_grad for p in TargetLinear("fc", 5, 6, True, Role.lora(2, 2.0, 0, 1), DECL).parameters())
    layer = TargetLinear("fc", 400, 300, True, Role.trainable(), DECL)
    assert all(p.requires_grad for p in layer.parameters())
    bound = 1 / math.sqrt(400)
    for p in (layer.weight, layer.bias):
        assert p.abs().max() <= bound and p.abs().max() > 0.95 * bound
    assert abs(layer.weight.var().item() - bound ** 2 / 3) < 0.05 * bound ** 2 / 3   # U(-b, b): b^2 / 3


def test_linear_errors_name_the_declaration():
    layer = TargetLinear("fc", 5, 6, True, Role.external(0, 1), DECL)
    generated = linear_generated(5, 6)
    with pytest.raises(HyperDslShapeException, match=r"Model\.fc \(model\.hyp:3\): input has shape \[4, 7\]"):
        layer(torch.zeros(BATCH, 7), generated)
    with pytest.raises(HyperDslShapeException, match="without the hypernetwork's output"):
        layer(torch.zeros(BATCH, 5))
    with pytest.raises(HyperDslShapeException, match="condition batch 4 does not match input batch 2"):
        layer(torch.zeros(2, 5), generated)
    wrong = GeneratedWeights([torch.randn(BATCH, 6, 4), torch.randn(BATCH, 6)], ["fc.weight", "fc.bias"])
    with pytest.raises(HyperDslShapeException, match=r"generated 'fc\.weight' \(slot 0\) has shape \[4, 6, 4\], expected \[4, 6, 5\]"):
        layer(torch.zeros(BATCH, 5), wrong)
    doubles = GeneratedWeights([torch.randn(BATCH, 6, 5, dtype=torch.float64), torch.randn(BATCH, 6)], ["fc.weight", "fc.bias"])
    with pytest.raises(HyperDslShapeException, match="torch.float64"):
        layer(torch.zeros(BATCH, 5), doubles)
    with pytest.raises(ValueError, match="generates a bias, but the layer has none"):
        TargetLinear("fc", 5, 6, False, Role.external(0, 1), DECL)


CONV_ROLES = {
    "trainable": Role.trainable(),
    "external": Role.external(0, 1),
    "external weight": Role.external(0, None),
    "external bias": Role.external(None, 1),
}
CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
CONV_T = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def conv_layer(transposed, rank, role):
    k, s, p, d = [3] * rank, [2] * rank, [1] * rank, [1] * rank
    if transposed:
        return TargetConvTranspose("up", rank, 4, 6, k, s, p, d, [1] * rank, 2, True, role, DECL)
    return TargetConv("conv", rank, 4, 6, k, s, p, d, 2, True, role, DECL)


def reference_conv(layer, generated, x, i):
    role = layer.role
    weight, bias = layer.weight, layer.bias
    if isinstance(role, type(Role.external(0, 0))):
        weight = generated[role.weight_slot][i] if role.weight_slot is not None else weight
        bias = generated[role.bias_slot][i] if role.bias_slot is not None else bias
    if layer.transposed:
        return CONV_T[layer.spatial_rank](x[i:i + 1], weight, bias, layer.stride, layer.padding, layer.output_padding,
                                          layer.groups, layer.dilation)[0]
    return CONV[layer.spatial_rank](x[i:i + 1], weight, bias, layer.stride, layer.padding, layer.dilation, layer.groups)[0]


@pytest.mark.parametrize("transposed", [False, True])
@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("role_name", list(CONV_ROLES))
def test_target_convolutions_match_torch_per_sample_and_materialise(transposed, rank, role_name):
    layer = conv_layer(transposed, rank, CONV_ROLES[role_name])
    generated = GeneratedWeights([torch.randn(BATCH, *layer.weight_shape), torch.randn(BATCH, 6)], ["w", "b"])
    x = torch.randn(BATCH, 4, *[5] * rank)
    y = layer(x, generated)
    expected = torch.stack([reference_conv(layer, generated, x, i) for i in range(BATCH)])
    torch.testing.assert_close(y, expected, rtol=1e-5, atol=1e-5)
    plain = conv_layer(transposed, rank, Role.trainable())
    layer.materialize_into(plain, generated, 2)
    torch.testing.assert_close(plain(x[2:3])[0], y[2], rtol=1e-5, atol=1e-5)


def test_own_conv_parameters_start_like_torch_nn_and_lora_is_refused():
    layer = TargetConv("conv", 2, 8, 16, [3, 3], [1, 1], [1, 1], [1, 1], 2, True, Role.trainable(), DECL)
    assert list(layer.weight.shape) == [16, 4, 3, 3]
    bound = 1 / math.sqrt(4 * 9)
    assert layer.weight.abs().max() <= bound and layer.weight.abs().max() > 0.95 * bound
    up = TargetConvTranspose("up", 2, 8, 16, [2, 2], [2, 2], [0, 0], [1, 1], [0, 0], 2, False, Role.frozen(), DECL)
    assert list(up.weight.shape) == [8, 8, 2, 2] and up.bias is None and not up.weight.requires_grad
    with pytest.raises(NotImplementedError, match=r"Model\.fc \(model\.hyp:3\): LoRA is supported on linear layers only"):
        TargetConv("conv", 2, 8, 16, [3, 3], [1, 1], [1, 1], [1, 1], 1, True, Role.lora(2, 2.0, 0, 1), DECL)
    with pytest.raises(HyperDslShapeException, match=r"input has shape \[2, 3, 8, 8\], expected \[B, 8, \?, \?\]"):
        layer(torch.zeros(2, 3, 8, 8))


def test_fused_in_projection_loads_torch_multihead_attention_and_computes_its_attention():
    width, heads, tokens = 8, 2, 5
    net = nn.Module()
    tree = ModuleTree(net)
    attn = tree.add("attn", FusedInProjection("attn", width, has_bias=True))
    out_proj = tree.add("attn.out_proj", TargetLinear("attn_out_proj", width, width, True, Role.trainable(), DECL))
    reference = nn.MultiheadAttention(width, heads, batch_first=True)
    with torch.no_grad():
        reference.in_proj_bias.normal_()
        reference.out_proj.bias.normal_()
    net.load_state_dict({"attn." + k: v for k, v in reference.state_dict().items()}, strict=True)

    x = torch.randn(3, tokens, width)
    qkv = attn(x)
    q, k, v = (qkv.narrow(-1, i * width, width).reshape(3, tokens, heads, width // heads).transpose(1, 2) for i in range(3))
    weights = (q @ k.transpose(-1, -2) / math.sqrt(width // heads)).softmax(-1)
    mixed = (weights @ v).transpose(1, 2).reshape(3, tokens, width)
    torch.testing.assert_close(out_proj(mixed), reference(x, x, x, need_weights=False)[0], rtol=1e-5, atol=1e-5)

    fresh = FusedInProjection("attn", width)
    assert torch.count_nonzero(fresh.in_proj_bias) == 0
    xavier_bound = math.sqrt(6 / (width + 3 * width))
    assert fresh.in_proj_weight.abs().max() <= xavier_bound


def test_layer_norm_2d_equals_torchvisions_convnext_layer_norm():
    from torchvision.models.convnext import LayerNorm2d as TorchvisionLayerNorm2d
    reference = TorchvisionLayerNorm2d(6, eps=1e-6)
    with torch.no_grad():
        reference.weight.normal_()
        reference.bias.normal_()
    ours = LayerNorm2d("norm", 6, eps=1e-6)
    ours.load_state_dict(reference.state_dict(), strict=True)
    x = torch.randn(2, 6, 4, 5)
    torch.testing.assert_close(ours(x), reference(x), rtol=1e-5, atol=1e-5)
    assert len(LayerNorm2d("norm", 6, elementwise_affine=False).state_dict()) == 0


@pytest.mark.parametrize("mode", ["row", "batch"])
def test_stochastic_depth_draws_exactly_as_torchvision(mode):
    from torchvision.ops import stochastic_depth
    x = torch.randn(64, 3, 2)
    apply = StochasticDepth.row if mode == "row" else StochasticDepth.batch
    torch.manual_seed(5)
    ours = apply(x, 0.3, True)
    torch.manual_seed(5)
    torch.testing.assert_close(ours, stochastic_depth(x, 0.3, mode, True), rtol=0, atol=0)
    assert apply(x, 0.3, False) is x
    with pytest.raises(ValueError):
        apply(x, 1.5, True)
    dropped = (StochasticDepth.row(torch.ones(4000, 1), 0.25, True) == 0).float().mean().item()
    assert abs(dropped - 0.25) < 0.03


def test_embedding_table_is_nn_embedding_by_layout():
    reference = nn.Embedding(7, 3)
    table = EmbeddingTable("t", 7, 3)
    table.load_state_dict(reference.state_dict(), strict=True)
    ids = torch.tensor([[0, 6], [3, 3]])
    torch.testing.assert_close(table(ids), reference(ids), rtol=0, atol=0)
    with pytest.raises(ValueError):
        EmbeddingTable("t", 0, 3)

"""State-dict keys of every runtime class, written from the C# runtime's registered fields (TorchSharp registers a
module's fields by field name): a TorchSharp state dict must load into these modules with strict=True."""

import pytest
import torch
from torch import nn

from hyperdsl import (ActivationKind, BodyKind, ComponentAttribute, EmbeddingTable, FusedInProjection, HyperInit,
                      HyperNetwork, HyperNetworkOptions, LayerNorm2d, MissingValues, ModuleTree, NoiseSource, NormKind, Role, StrategyKind, SupportMaskEncoder, TabularEncoder,
                      TargetConv, TargetConvTranspose, TargetLinear, TaskEmbedding)

from hypernet_specs import SPECS

D = "decl"


def keys(module):
    return sorted(module.state_dict().keys())


@pytest.mark.parametrize("role,has_bias,expected", [
    (Role.trainable(), True, ["bias", "weight"]),
    (Role.trainable(), False, ["weight"]),
    (Role.frozen(), True, ["bias", "weight"]),
    (Role.external(0, 1), True, []),
    (Role.external(0, None), True, ["bias"]),
    (Role.external(None, 1), True, ["weight"]),
    (Role.external(0, None), False, []),
    (Role.lora(2, 2.0, 0, 1), True, ["bias", "weight"]),
])
def test_target_linear(role, has_bias, expected):
    assert keys(TargetLinear("fc", 3, 4, has_bias, role, D)) == expected


@pytest.mark.parametrize("role,has_bias,expected", [
    (Role.trainable(), True, ["bias", "weight"]),
    (Role.frozen(), False, ["weight"]),
    (Role.external(0, 1), True, []),
    (Role.external(0, None), True, ["bias"]),
    (Role.external(None, 1), True, ["weight"]),
])
def test_convolutions(role, has_bias, expected):
    assert keys(TargetConv("c", 2, 4, 4, [3, 3], [1, 1], [1, 1], [1, 1], 1, has_bias, role, D)) == expected
    assert keys(TargetConvTranspose("u", 3, 4, 4, [2] * 3, [2] * 3, [0] * 3, [1] * 3, [0] * 3, 1, has_bias, role, D)) == expected


def test_small_layers_and_encoders():
    assert keys(FusedInProjection("attn", 8)) == ["in_proj_bias", "in_proj_weight"]
    assert keys(FusedInProjection("attn", 8, has_bias=False)) == ["in_proj_weight"]
    assert keys(LayerNorm2d("n", 4)) == ["bias", "weight"]
    assert keys(EmbeddingTable("t", 3, 2)) == ["weight"]
    assert keys(TaskEmbedding("task", 4, 8)) == ["table.weight"]
    assert keys(NoiseSource("z", 4)) == []
    assert keys(TabularEncoder("clinical", 3, [16, 12], 8, MissingValues.Indicator)) == [
        "encoder.0.bias", "encoder.0.weight", "encoder.1.bias", "encoder.1.weight", "encoder.2.bias", "encoder.2.weight"]
    assert keys(SupportMaskEncoder("support", 2, 1, [4, 8], 16, 4, 0.5)) == [
        "context.bias", "context.weight",
        "encoder.0.conv.bias", "encoder.0.conv.weight", "encoder.0.norm.bias", "encoder.0.norm.weight",
        "encoder.1.conv.bias", "encoder.1.conv.weight", "encoder.1.norm.bias", "encoder.1.norm.weight",
        "output.bias", "output.weight"]


def test_module_tree_registers_by_dotted_path_with_groups_above():
    net = nn.Module()
    tree = ModuleTree(net)
    tree.add("layer1.0.conv1", TargetConv("c", 2, 3, 4, [3, 3], [1, 1], [1, 1], [1, 1], 1, False, Role.trainable(), D))
    tree.add("layer1.0.bn1", nn.BatchNorm2d(4))
    tree.add("attn", FusedInProjection("attn", 4))
    tree.add("attn.out_proj", TargetLinear("o", 4, 4, True, Role.trainable(), D))
    tree.add("blocks.0.type", TargetLinear("t", 4, 4, False, Role.trainable(), D))   # a segment named like a Module method
    handle = tree.add_parameter("encoder.pos_embedding", nn.Parameter(torch.zeros(1, 5, 4)))
    token = tree.add_parameter("class_token", nn.Parameter(torch.zeros(1, 1, 4)))
    assert keys(net) == sorted([
        "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.bn1.running_mean",
        "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked", "attn.in_proj_weight", "attn.in_proj_bias",
        "attn.out_proj.weight", "attn.out_proj.bias", "blocks.0.type.weight", "encoder.pos_embedding", "class_token"])
    assert handle.key == "encoder.pos_embedding" and handle.value is net.encoder.pos_embedding
    assert token.value is net.class_token
    with pytest.raises(ValueError, match="already registered"):
        tree.add("attn", FusedInProjection("attn", 4))




def options(body, strategy, norm=NormKind.None_):
    return HyperNetworkOptions(body, [8, 7], ActivationKind.SiLU, norm, 0.0, 8, 2, 6, strategy, 10, 4,
                               [ComponentAttribute.Depth, ComponentAttribute.Type, ComponentAttribute.Index],
                               HyperInit.HyperfanIn, None)


def linear(prefix):
    return [f"{prefix}.bias", f"{prefix}.weight"]


MLP_BODY = linear("body.linears.0") + linear("body.linears.1")
RESIDUAL_BODY = (linear("body.input_fc1")
                 + [k for b in (0, 1) for m in ("fc1", "fc2", "norm") for k in linear(f"body.blocks.{b}.{m}")]
                 + linear("body.output_fc1") + linear("body.output_fc2") + linear("body.output_norm"))
MIXER_BODY = RESIDUAL_BODY + linear("body.input_fc2")
HEADS = {
    StrategyKind.AllAtOnce: linear("heads.0"),
    StrategyKind.PerLayerHeads: linear("heads.0") + linear("heads.1") + linear("heads.2"),
    StrategyKind.PerComponent: linear("heads.0") + linear("heads.1") + [
        "component_embeddings.depth.weight", "component_embeddings.index.weight", "component_embeddings.type.weight"],
    StrategyKind.Chunked: linear("heads.0") + ["chunk_embeddings"],
}


@pytest.mark.parametrize("strategy", list(StrategyKind))
@pytest.mark.parametrize("body,body_keys", [(BodyKind.Mlp, MLP_BODY), (BodyKind.ResidualMlp, RESIDUAL_BODY),
                                            (BodyKind.Mixer, MIXER_BODY)])
def test_hypernetwork(strategy, body, body_keys):
    hypernet = HyperNetwork("hypernet", 5, options(body, strategy), SPECS)
    assert keys(hypernet) == sorted(body_keys + HEADS[strategy])
    # What a TorchSharp export holds loads back strictly (the shapes included).
    HyperNetwork("hypernet", 5, options(body, strategy), SPECS).load_state_dict(hypernet.state_dict(), strict=True)


def test_hypernetwork_mlp_norms_and_embedding_shapes():
    layer_norm = HyperNetwork("h", 5, options(BodyKind.Mlp, StrategyKind.AllAtOnce, NormKind.LayerNorm), SPECS)
    assert keys(layer_norm) == sorted(MLP_BODY + linear("body.norms.0") + linear("body.norms.1") + linear("heads.0"))
    batch_norm = HyperNetwork("h", 5, options(BodyKind.Mlp, StrategyKind.AllAtOnce, NormKind.BatchNorm), SPECS)
    assert [k for k in keys(batch_norm) if k.startswith("body.norms.0")] == [
        "body.norms.0.bias", "body.norms.0.num_batches_tracked", "body.norms.0.running_mean",
        "body.norms.0.running_var", "body.norms.0.weight"]
    per_component = HyperNetwork("h", 5, options(BodyKind.Mlp, StrategyKind.PerComponent), SPECS).state_dict()
    assert list(per_component["component_embeddings.depth.weight"].shape) == [2, 4]    # depths 0 and 1
    assert list(per_component["component_embeddings.type.weight"].shape) == [2, 4]     # types fc and q
    assert list(per_component["component_embeddings.index.weight"].shape) == [3, 4]    # three components
    assert list(per_component["heads.0.weight"].shape) == [16, 7]                      # fc: weight 12 + bias 4
    assert list(per_component["heads.1.weight"].shape) == [14, 7]                      # q: A 6 + B 8
    chunked = HyperNetwork("h", 5, options(BodyKind.Mlp, StrategyKind.Chunked), SPECS).state_dict()
    assert list(chunked["chunk_embeddings"].shape) == [5, 4]                           # ceil(46 / 10)
    assert list(chunked["heads.0.weight"].shape) == [10, 7]

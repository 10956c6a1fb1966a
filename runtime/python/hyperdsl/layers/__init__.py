"""Layers of target networks: roles, generated weights, the batched kernels and the layers that use them."""

from .convolution import ConvolutionLayer, TargetConv, TargetConvTranspose
from .embedding_table import EmbeddingTable
from .fused_in_projection import FusedInProjection
from .generated_weights import GeneratedWeights
from .hyper_ops import HyperOps
from .layer_norm_2d import LayerNorm2d
from .module_tree import ModuleGroup, ModuleTree, ParameterHandle
from .norms import Norms
from .role import ExternalRole, FrozenRole, LoraRole, Role, TrainableRole
from .stochastic_depth import StochasticDepth
from .target_linear import TargetLinear

__all__ = [
    "ConvolutionLayer", "EmbeddingTable", "ExternalRole", "FrozenRole", "FusedInProjection", "GeneratedWeights",
    "HyperOps", "LayerNorm2d", "LoraRole", "ModuleGroup", "ModuleTree", "Norms", "ParameterHandle", "Role",
    "StochasticDepth", "TargetConv", "TargetConvTranspose", "TargetLinear", "TrainableRole",
]

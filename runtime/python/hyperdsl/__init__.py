"""HyperDsl's PyTorch runtime: what Python modules generated from ``.hyp`` files import. It mirrors the C#
runtime (HyperDsl.Runtime for TorchSharp) class for class, with the same registered parameter, buffer and
submodule names, so state dicts move between the two with ``load_state_dict(strict=True)``.

Everything a generated module needs is importable from here. ``hyperdsl.distributed`` (torchrun data-parallel
training) is imported on its own."""

# hypernets is imported before layers and init: init.hyperfan_init reads hypernets' kinds and specs while
# hypernets.hyper_network reads init, and every import of a hyperdsl module runs this file first, so this order
# is the one import order there is.
from .errors import HyperDslShapeException
from .activations import ActivationKind, Activations
from .hypernets import (BodyKind, ComponentAttribute, GeneratedKind, GeneratedTensorSpec, HyperInit, HyperNetwork,
                        HyperNetworkOptions, NormKind, StrategyKind)
from .layers import (ConvolutionLayer, EmbeddingTable, ExternalRole, FrozenRole, FusedInProjection, GeneratedWeights,
                     HyperOps, LayerNorm2d, LoraRole, ModuleGroup, ModuleTree, Norms, ParameterHandle, Role,
                     StochasticDepth, TargetConv, TargetConvTranspose, TargetLinear, TrainableRole)
from .init import HyperfanInit, TorchDefaultInit
from .conditioning import (MissingValues, NoiseSource, PatchSampler, PositionalEncoding, SupportMaskEncoder,
                           TabularEncoder, TaskEmbedding)
from .losses import Losses
from .training import Adaptation, Ensemble, GeneratedChecks, GeneratedWeightsNotFiniteException, ShapeGuard

__version__ = "0.1.0"

__all__ = [
    "ActivationKind", "Activations", "Adaptation", "BodyKind", "ComponentAttribute", "ConvolutionLayer",
    "EmbeddingTable", "Ensemble", "ExternalRole", "FrozenRole", "FusedInProjection", "GeneratedChecks",
    "GeneratedKind", "GeneratedTensorSpec", "GeneratedWeights", "GeneratedWeightsNotFiniteException",
    "HyperDslShapeException", "HyperInit", "HyperNetwork", "HyperNetworkOptions", "HyperOps", "HyperfanInit",
    "LayerNorm2d", "LoraRole", "Losses", "MissingValues", "ModuleGroup", "ModuleTree", "NoiseSource", "NormKind",
    "Norms", "ParameterHandle", "PatchSampler", "PositionalEncoding", "Role", "ShapeGuard", "StochasticDepth",
    "StrategyKind", "SupportMaskEncoder", "TabularEncoder", "TargetConv", "TargetConvTranspose", "TargetLinear",
    "TaskEmbedding", "TorchDefaultInit", "TrainableRole",
]

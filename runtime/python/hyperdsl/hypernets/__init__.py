"""The hypernetwork that turns a condition embedding into the generated tensors of a target network."""

from .bodies import MlpBody, ResidualBlock, ResidualMlpBody
from .generated_tensor_spec import GeneratedTensorSpec
from .hyper_network_options import HyperNetworkOptions
from .kinds import BodyKind, ComponentAttribute, GeneratedKind, HyperInit, NormKind, StrategyKind
from .hyper_network import HyperNetwork

__all__ = [
    "BodyKind", "ComponentAttribute", "GeneratedKind", "GeneratedTensorSpec", "HyperInit", "HyperNetwork",
    "HyperNetworkOptions", "MlpBody", "NormKind", "ResidualBlock", "ResidualMlpBody", "StrategyKind",
]

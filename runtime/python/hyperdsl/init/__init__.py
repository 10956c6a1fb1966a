"""Initialisation: torch.nn's defaults for own parameters of target layers, hyperfan for hypernetwork heads."""

from .hyperfan_init import HyperfanInit
from .torch_default_init import TorchDefaultInit

__all__ = ["HyperfanInit", "TorchDefaultInit"]

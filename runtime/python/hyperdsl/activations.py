"""The element-wise activations a ``.hyp`` file can name (ActivationKind.cs, Activations.cs)."""

import enum
import math

import torch
import torch.nn.functional as F


class ActivationKind(enum.Enum):
    ReLU = 0
    LeakyReLU = 1
    GELU = 2
    SiLU = 3
    Tanh = 4
    Sigmoid = 5
    Softmax = 6
    Identity = 7
    ReLU6 = 8
    Hardswish = 9
    Hardsigmoid = 10
    GELUTanh = 11


class Activations:
    """Applies an :class:`ActivationKind`; the one place activations are mapped to torch."""

    @staticmethod
    def apply(x: torch.Tensor, kind: ActivationKind, negative_slope: float = 0.01) -> torch.Tensor:
        """``kind`` applied to ``x`` (Softmax over the last dimension)."""
        if kind is ActivationKind.ReLU:
            return F.relu(x)
        if kind is ActivationKind.LeakyReLU:
            return F.leaky_relu(x, negative_slope)
        if kind is ActivationKind.GELU:
            return F.gelu(x)
        if kind is ActivationKind.SiLU:
            return F.silu(x)
        if kind is ActivationKind.Tanh:
            return x.tanh()
        if kind is ActivationKind.Sigmoid:
            return x.sigmoid()
        if kind is ActivationKind.Softmax:
            return x.softmax(-1)
        if kind is ActivationKind.Identity:
            return x
        if kind is ActivationKind.ReLU6:
            return F.relu6(x)
        if kind is ActivationKind.Hardswish:
            return F.hardswish(x)
        if kind is ActivationKind.Hardsigmoid:
            return F.hardsigmoid(x)
        if kind is ActivationKind.GELUTanh:
            return F.gelu(x, approximate="tanh")
        raise ValueError(f"Unknown activation {kind!r}.")

    @staticmethod
    def gain(kind: ActivationKind, negative_slope: float = 0.01) -> float:
        """The gain torch.nn.init uses for ``kind`` (sqrt 2 for ReLU, 5/3 for Tanh, ...): the factor by which a
        layer's weight standard deviation is raised so that the activation keeps the signal's second moment."""
        if kind is ActivationKind.ReLU:
            return math.sqrt(2.0)
        if kind is ActivationKind.LeakyReLU:
            return math.sqrt(2.0 / (1 + negative_slope * negative_slope))
        if kind is ActivationKind.Tanh:
            return 5.0 / 3.0
        # GELU, SiLU, ReLU6 and Hardswish behave like ReLU for the second moment to a good approximation.
        if kind in (ActivationKind.GELU, ActivationKind.GELUTanh, ActivationKind.SiLU, ActivationKind.ReLU6,
                    ActivationKind.Hardswish):
            return math.sqrt(2.0)
        return 1.0

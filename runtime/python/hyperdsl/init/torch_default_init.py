"""The initialisation torch.nn gives its Linear and Conv layers (TorchDefaultInit.cs): weight by Kaiming-uniform with
a = sqrt(5), which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and bias by the same bound."""

import math
from typing import Sequence

import torch
from torch import nn


class TorchDefaultInit:
    @staticmethod
    def uniform(tensor: torch.Tensor, fan_in: int) -> None:
        """Fills ``tensor`` in place with U(-1/sqrt(fan_in), 1/sqrt(fan_in)) without recording gradients."""
        if fan_in <= 0:
            raise ValueError(f"The fan-in must be positive, got {fan_in}.")
        bound = 1.0 / math.sqrt(fan_in)
        with torch.no_grad():
            tensor.uniform_(-bound, bound)

    @staticmethod
    def parameter(shape: Sequence[int], fan_in: int, trainable: bool) -> nn.Parameter:
        """A parameter of ``shape`` initialised by :meth:`uniform`; frozen ones do not require gradients."""
        data = torch.empty(list(shape))
        TorchDefaultInit.uniform(data, fan_in)
        return nn.Parameter(data, requires_grad=trainable)

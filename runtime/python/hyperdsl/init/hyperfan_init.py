"""Hyperfan initialisation of hypernetwork heads (HyperfanInit.cs), after Chang, Flokas and Lipson, "Principled
weight initialization for hypernetworks" (ICLR 2020).

A head computes ``w = H e + c`` from the body output ``e`` (width d); with zero-mean independent head weights of
variance s^2 and c = 0, each generated value has variance ``d * s^2 * E[e^2]``. Choosing
``s^2 = target / (d * E[e^2])`` makes the generated weights start with the variance a conventional init would give
the target layer: gain^2 / fan-in (hyperfan-in) or gain^2 / fan-out (hyperfan-out). ``E[e^2]`` is measured by the
caller (HyperNetwork: a probe forward of unit-variance random conditions at construction). Bias heads start at zero;
LoRA B heads start with a tiny variance so the initial delta is close to LoRA's B = 0 while gradients still reach
the A heads."""

import math
from typing import Iterable, Optional, Tuple

import torch
from torch import nn

from ..hypernets.generated_tensor_spec import GeneratedTensorSpec
from ..hypernets.kinds import GeneratedKind, HyperInit


class HyperfanInit:
    LORA_B_RELATIVE_STD = 1e-2
    """Standard deviation of generated LoRA B values relative to 1/sqrt(rank)."""

    @staticmethod
    def target_variance(spec: GeneratedTensorSpec, init: HyperInit) -> float:
        """The variance the generated values of ``spec`` should start with under ``init`` (HyperfanIn or
        HyperfanOut; Default has no target and raises)."""
        if init is HyperInit.Default:
            raise ValueError("Default initialisation has no target variance.")
        fan = spec.fan_in if init is HyperInit.HyperfanIn else spec.fan_out
        if fan <= 0 or spec.fan_in <= 0:
            raise ValueError(f"Generated tensor '{spec.name}' has fan {fan}; hyperfan initialisation needs a positive fan.")
        if spec.kind is GeneratedKind.Weight:
            return spec.gain * spec.gain / fan
        if spec.kind is GeneratedKind.Bias:
            return 0.0
        if spec.kind is GeneratedKind.LoraA:
            # A reads the layer input whichever mode is chosen, so it starts like LoRA's own A: variance 1 / in.
            return 1.0 / spec.fan_in
        if spec.kind is GeneratedKind.LoraB:
            return HyperfanInit.LORA_B_RELATIVE_STD ** 2 / spec.shape[-1]
        raise ValueError(f"Unknown generated kind {spec.kind!r}.")

    @staticmethod
    def raw_variance(target_variance: float, bound_scale: Optional[float]) -> float:
        """The variance raw head outputs need so that ``scale * tanh(raw)`` has ``target_variance``, for zero-mean
        Gaussian raw values: solves ``scale^2 * E[tanh^2(sigma z)] = target`` for sigma^2 by bisection, the
        expectation integrated by Simpson's rule on z in [-8, 8]. Without a bound, the target itself."""
        if bound_scale is None or target_variance <= 0:
            return target_variance
        scale = bound_scale
        ratio = target_variance / (scale * scale)
        if ratio >= 0.95:
            raise ValueError(f"A bound of {scale} cannot give generated values variance {target_variance:.3g}: "
                             f"scale * tanh saturates below scale^2 = {scale * scale:.3g}. Raise the bound or use "
                             "HyperInit.Default.")
        low, high = 0.0, 20.0
        for _ in range(60):
            sigma = (low + high) / 2
            if _mean_squared_tanh(sigma) < ratio:
                low = sigma
            else:
                high = sigma
        solved = (low + high) / 2
        return solved * solved

    @staticmethod
    def initialize_head(head: nn.Linear, row_variances: Iterable[Tuple[int, float]], input_second_moment: float) -> None:
        """Initialises ``head`` so that consecutive blocks of its output rows have the given variances (``(rows,
        variance)`` blocks covering every row in order), given the second moment of its input; the bias is zero."""
        weight = head.weight
        inputs = weight.shape[1]
        moment = max(input_second_moment, 1e-12)
        row = 0
        with torch.no_grad():
            for rows, variance in row_variances:
                block = weight.narrow(0, row, rows)
                if variance <= 0:
                    block.zero_()
                else:
                    block.normal_(0, math.sqrt(variance / (inputs * moment)))
                row += rows
            if row != weight.shape[0]:
                raise ValueError(f"The row blocks cover {row} rows, the head has {weight.shape[0]}.")
            if head.bias is not None:
                head.bias.zero_()


def _mean_squared_tanh(sigma: float) -> float:
    """E[tanh^2(sigma z)] for z ~ N(0, 1)."""
    intervals = 800
    start, stop = -8.0, 8.0
    h = (stop - start) / intervals
    total = 0.0
    for i in range(intervals + 1):
        z = start + i * h
        t = math.tanh(sigma * z)
        f = t * t * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
        total += f * (1 if i in (0, intervals) else 4 if i % 2 == 1 else 2)
    return total * h / 3

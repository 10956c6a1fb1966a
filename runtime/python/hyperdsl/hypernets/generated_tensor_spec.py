"""One tensor a hypernetwork generates per sample (GeneratedTensorSpec.cs)."""

import math
from dataclasses import dataclass
from typing import Sequence

from .kinds import GeneratedKind


@dataclass(frozen=True)
class GeneratedTensorSpec:
    """Its slot is its index in the spec list.

    ``name``: the ``.hyp`` name (``head.fc1.weight``, ``blocks.3.attn.q.lora_a``); ``shape``: per-sample shape
    (Linear weight ``[out, in]``, conv ``[out, in/g, k...]``, LoRA A ``[r, in]``, B ``[out, r]``); ``fan_in`` /
    ``fan_out``: of the target layer, for hyperfan init; ``component``: the generated layer the tensor belongs to;
    ``component_type`` and ``depth``: PerComponent's attributes; ``gain``: hyperfan gain of the activation after
    the target layer (generated weights start with variance gain^2 / fan)."""

    name: str
    kind: GeneratedKind
    shape: Sequence[int]
    fan_in: int
    fan_out: int
    component: int
    component_type: str
    depth: int
    gain: float = 1.0

    @property
    def count(self) -> int:
        """Number of values per sample (the product of the shape)."""
        return math.prod(self.shape)

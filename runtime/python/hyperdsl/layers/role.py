"""How a target layer gets its parameters (Role.cs): own and trained, own and frozen, generated per sample by a
hypernetwork (external), or a frozen weight plus a generated low-rank delta (LoRA). Slots index the
:class:`GeneratedWeights` a hypernetwork returns."""

from dataclasses import dataclass
from typing import Optional


class Role:
    """Base of the four roles; create them with the factories below."""

    @staticmethod
    def trainable() -> "TrainableRole":
        """Own parameters, trained."""
        return TrainableRole()

    @staticmethod
    def frozen() -> "FrozenRole":
        """Own parameters that are never updated (``requires_grad`` false)."""
        return FrozenRole()

    @staticmethod
    def external(weight_slot: Optional[int], bias_slot: Optional[int]) -> "ExternalRole":
        """Weight and/or bias generated per sample; a None slot is an own trainable parameter."""
        return ExternalRole(weight_slot, bias_slot)

    @staticmethod
    def lora(rank: int, alpha: float, a_slot: int, b_slot: int) -> "LoraRole":
        """Frozen weight and bias plus a generated low-rank delta ``(alpha / rank) * B @ A``."""
        return LoraRole(rank, alpha, a_slot, b_slot)


@dataclass(frozen=True)
class TrainableRole(Role):
    pass


@dataclass(frozen=True)
class FrozenRole(Role):
    pass


@dataclass(frozen=True)
class ExternalRole(Role):
    weight_slot: Optional[int]
    bias_slot: Optional[int]


@dataclass(frozen=True)
class LoraRole(Role):
    rank: int
    alpha: float
    a_slot: int
    b_slot: int

    @property
    def scale(self) -> float:
        """The factor ``alpha / rank`` applied to the delta."""
        return self.alpha / self.rank


def generates_weight(role: Role) -> bool:
    return isinstance(role, ExternalRole) and role.weight_slot is not None


def generates_bias(role: Role) -> bool:
    return isinstance(role, ExternalRole) and role.bias_slot is not None

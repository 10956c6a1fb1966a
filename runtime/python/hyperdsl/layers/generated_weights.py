"""The output of a hypernetwork for one batch (GeneratedWeights.cs)."""

from typing import Sequence

import torch


class GeneratedWeights:
    """One tensor per slot, each ``[B, ...per-sample shape]``, with the ``.hyp`` name of each slot (for example
    ``head.fc1.weight``) for messages. Indexed by slot: ``generated[slot]``."""

    def __init__(self, tensors: Sequence[torch.Tensor], names: Sequence[str]):
        if len(tensors) != len(names):
            raise ValueError(f"{len(tensors)} generated tensors but {len(names)} names.")
        self._tensors = list(tensors)
        self._names = list(names)
        self.batch_size = 0
        for slot, t in enumerate(self._tensors):
            if t.dim() == 0:
                raise ValueError(f"Generated tensor '{self._names[slot]}' has no batch dimension.")
            if slot == 0:
                self.batch_size = t.size(0)
            elif t.size(0) != self.batch_size:
                raise ValueError(f"Generated tensor '{self._names[slot]}' has batch size {t.size(0)}, "
                                 f"'{self._names[0]}' has {self.batch_size}.")

    @property
    def count(self) -> int:
        """Number of slots."""
        return len(self._tensors)

    def __len__(self) -> int:
        return len(self._tensors)

    def __getitem__(self, slot: int) -> torch.Tensor:
        return self._tensors[self._check_slot(slot)]

    def name_of(self, slot: int) -> str:
        """The ``.hyp`` name of ``slot``."""
        return self._names[self._check_slot(slot)]

    def squared_norm(self) -> torch.Tensor:
        """The mean over the batch of the sum of squares of all slots (a scalar), for an L2 penalty."""
        if not self._tensors:
            return torch.zeros(())
        total = self._tensors[0].square().sum()
        for t in self._tensors[1:]:
            total = total + t.square().sum()
        return total / self.batch_size

    def select(self, sample: int) -> "GeneratedWeights":
        """The same slots for one sample only (batch size 1), sharing storage with this batch."""
        if sample < 0 or sample >= self.batch_size:
            raise IndexError(f"The batch has {self.batch_size} samples, not a sample {sample}.")
        return GeneratedWeights([t.narrow(0, sample, 1) for t in self._tensors], self._names)

    def _check_slot(self, slot: int) -> int:
        if not 0 <= slot < len(self._tensors):
            raise IndexError(f"There are {len(self._tensors)} generated slots, not a slot {slot}.")
        return slot

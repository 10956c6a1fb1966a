"""Checks on generated weights (GeneratedChecks.cs): a NaN or Inf is reported at the layer that produced it
instead of as a NaN loss many steps later."""

import torch

from ..errors import HyperDslShapeException
from ..layers.generated_weights import GeneratedWeights


class GeneratedWeightsNotFiniteException(Exception):
    """A hypernetwork generated NaN or Inf; ``slot`` is the ``.hyp`` name of the first such tensor."""

    def __init__(self, model: str, slot: str, message: str):
        super().__init__(message)
        self.model = model
        self.slot = slot


class GeneratedChecks:
    @staticmethod
    def ensure_finite(generated: GeneratedWeights, model: str) -> None:
        """Raises :class:`GeneratedWeightsNotFiniteException` when any slot holds NaN or Inf, naming the first such
        slot by its ``.hyp`` name (one host synchronisation for all slots)."""
        if generated.count == 0:
            return
        with torch.no_grad():
            counts = torch.stack([generated[slot].isfinite().logical_not().sum().to(torch.int64).cpu()
                                  for slot in range(generated.count)]).tolist()
            for slot, count in enumerate(counts):
                if count == 0:
                    continue
                t = generated[slot]
                nan = int(t.isnan().sum())
                name = generated.name_of(slot)
                raise GeneratedWeightsNotFiniteException(
                    model, name,
                    f"{model}: generated tensor '{name}' (slot {slot}, shape {HyperDslShapeException.render(t.shape)}) "
                    f"holds {count} non-finite values ({nan} NaN, {count - nan} Inf) of {t.numel()}. Check the "
                    "condition input for NaN/Inf, lower the learning rate, or bound the hypernetwork's outputs (bound scale).")

"""Shape checks shared by the target layers; every failure names the layer's declaration (LayerChecks.cs)."""

from typing import Optional, Sequence

import torch

from ..errors import HyperDslShapeException
from .generated_weights import GeneratedWeights
from .role import ExternalRole, LoraRole

_render = HyperDslShapeException.render


def _is_batch_of(tensor: torch.Tensor, batch: int, per_sample: Sequence[int]) -> bool:
    return tensor.dim() == len(per_sample) + 1 and tensor.size(0) == batch and list(tensor.shape[1:]) == list(per_sample)


def generated(generated: Optional[GeneratedWeights], slot: int, per_sample: Sequence[int], batch: int,
              declaration: str, input: Optional[torch.Tensor] = None) -> torch.Tensor:
    """``generated[slot]`` after checking it is ``[batch, ...per_sample]`` and, when an input is given, has the
    input's dtype and device."""
    if generated is None:
        raise HyperDslShapeException(
            f"{declaration}: this layer has generated weights, but forward was called without the hypernetwork's output.")
    if slot < 0 or slot >= generated.count:
        raise HyperDslShapeException(
            f"{declaration}: generated slot {slot} does not exist; the hypernetwork produced {generated.count} slots.")
    tensor = generated[slot]
    if tensor.dim() == len(per_sample) + 1 and tensor.size(0) != batch and _is_batch_of(tensor, tensor.size(0), per_sample):
        raise HyperDslShapeException(
            f"{declaration}: condition batch {tensor.size(0)} does not match input batch {batch}: the hypernetwork "
            f"generated weights for {tensor.size(0)} samples, but the input holds {batch}; give one condition row per "
            "input sample.")
    if not _is_batch_of(tensor, batch, per_sample):
        raise HyperDslShapeException(declaration, f"generated '{generated.name_of(slot)}' (slot {slot})",
                                     _render([batch, *per_sample]), _render(tensor.shape))
    if input is not None and (tensor.dtype != input.dtype or tensor.device != input.device):
        raise HyperDslShapeException(
            f"{declaration}: generated '{generated.name_of(slot)}' is {tensor.dtype} on {tensor.device}, but the input "
            f"is {input.dtype} on {input.device}; move the model and its inputs to one dtype and device.")
    return tensor


def input(input: torch.Tensor, declaration: str, allowed_ranks: Sequence[int], feature_dim: int, features: int,
          layout: str) -> None:
    """Checks an input's rank and channel / feature dimension."""
    rank = input.dim()
    dim = rank + feature_dim if feature_dim < 0 else feature_dim
    if rank not in allowed_ranks or dim < 0 or dim >= rank or input.size(dim) != features:
        raise HyperDslShapeException(declaration, "input", layout, _render(input.shape))


def destination(destination, kind: type, declaration: str):
    """Checks that a destination of materialisation is the same kind of layer with every tensor its own."""
    if not isinstance(destination, kind):
        raise TypeError(f"{declaration}: cannot materialise into {type(destination).__name__} "
                        f"({getattr(destination, 'declaration', '?')}); it must be a {kind.__name__}.")
    if isinstance(destination.role, (ExternalRole, LoraRole)):
        raise ValueError(f"{declaration}: the destination {destination.declaration} must own all its parameters "
                         f"(Trainable or Frozen), not {destination.role}.")
    return destination


def copy_into(destination: Optional[torch.Tensor], source: torch.Tensor, declaration: str, what: str) -> None:
    """Copies ``source`` into a destination parameter without recording gradients."""
    if destination is None:
        raise ValueError(f"{declaration}: the destination has no {what}.")
    if destination.shape != source.shape:
        raise HyperDslShapeException(declaration, f"materialised {what}", _render(destination.shape), _render(source.shape))
    with torch.no_grad():
        destination.copy_(source)

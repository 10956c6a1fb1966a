"""Input checks generated code places at a model's entry (ShapeGuard.cs)."""

from typing import Optional, Sequence

import torch

from ..errors import HyperDslShapeException


class ShapeGuard:
    @staticmethod
    def expect(tensor: torch.Tensor, shape_without_batch: Sequence[int], declaration: str,
               dtype: Optional[torch.dtype] = None, device=None) -> None:
        """Requires ``tensor`` to be ``[B, *shape_without_batch]`` for any B >= 1 (a -1 entry accepts any size on
        that axis), and optionally a dtype and a device; raises :class:`HyperDslShapeException` naming the
        ``.hyp`` declaration otherwise."""
        actual = list(tensor.shape)
        fits = len(actual) == len(shape_without_batch) + 1 and actual[0] >= 1
        fits = fits and all(d < 0 or d == a for d, a in zip(shape_without_batch, actual[1:]))
        if not fits:
            expected = "[B" + "".join(", " + ("?" if d < 0 else str(d)) for d in shape_without_batch) + "]"
            raise HyperDslShapeException(declaration, "input", expected, HyperDslShapeException.render(actual))
        if dtype is not None and tensor.dtype != dtype:
            raise HyperDslShapeException(f"{declaration}: input has dtype {tensor.dtype}, expected {dtype}.")
        if device is not None:
            wanted = torch.device(device)
            # "cuda" and "cuda:0" are the same device for a user; the CPU has no index.
            if tensor.device.type != wanted.type or _index(tensor.device) != _index(wanted):
                raise HyperDslShapeException(f"{declaration}: input is on device {tensor.device}, expected {wanted}; "
                                             "move it with .to(device).")


def _index(device: torch.device) -> int:
    return 0 if device.type == "cpu" or device.index is None else device.index

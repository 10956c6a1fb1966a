"""The condition of a noise-conditioned hypernetwork (NoiseSource.cs)."""

from typing import Optional

import torch
from torch import nn


class NoiseSource(nn.Module):
    """Standard normal samples ``[B, size]``; has no parameters. Drawing k samples for the same input and
    generating k networks gives an ensemble (:class:`Ensemble`)."""

    def __init__(self, name: str, size: int):
        super().__init__()
        if size < 1:
            raise ValueError(f"NoiseSource '{name}': the size must be positive, got {size}.")
        self.name = name
        self.size = size

    def sample(self, batch: int, device, generator: Optional[torch.Generator] = None) -> torch.Tensor:
        """``batch`` noise vectors ``[batch, size]`` (float32) on ``device``; ``generator`` None uses torch's default
        generator (seeded by ``torch.manual_seed``)."""
        if batch < 1:
            raise ValueError(f"NoiseSource '{self.name}': the batch must be positive, got {batch}.")
        return torch.randn(batch, self.size, dtype=torch.float32, device=device, generator=generator)

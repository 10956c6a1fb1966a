"""Sinusoidal encodings of grid positions (PositionalEncoding.cs)."""

import math
from typing import Sequence

import torch


class PositionalEncoding:
    """Each axis coordinate p, normalised to (0, 1) as (index + 0.5) / size, becomes sin(2^k pi p) and
    cos(2^k pi p) for k = 0 .. frequencies-1."""

    @staticmethod
    def width(rank: int, frequencies: int) -> int:
        return 2 * rank * frequencies

    @staticmethod
    def encode(flat_indices: torch.Tensor, grid: Sequence[int], frequencies: int) -> torch.Tensor:
        """Flat grid indices ``[B, n]`` (row-major over ``grid``) as float32 ``[B, n, width]``."""
        if frequencies < 1:
            raise ValueError(f"A positional encoding needs at least one frequency, got {frequencies}.")
        coordinates = []
        stride = 1
        for axis in range(len(grid) - 1, -1, -1):
            index = torch.div(flat_indices, stride, rounding_mode="floor").remainder(grid[axis])
            coordinates.insert(0, (index.to(torch.float32) + 0.5) / grid[axis])
            stride *= grid[axis]
        positions = torch.stack(coordinates, -1).unsqueeze(-1)                                   # [B, n, rank, 1]
        scales = torch.pow(2.0, torch.arange(frequencies, dtype=torch.float32, device=flat_indices.device)) * math.pi
        angles = positions * scales                                                              # [B, n, rank, F]
        return torch.cat([angles.sin(), angles.cos()], -1).flatten(2)

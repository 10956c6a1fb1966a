"""Patch centres on a feature grid and their neighbourhoods (PatchSampler.cs): the context vectors of
SupportMaskEncoder."""

import itertools
from typing import Optional

import torch
import torch.nn.functional as F


class PatchSampler:
    @staticmethod
    def sample(mask: torch.Tensor, patches: int, boundary: float, generator: Optional[torch.Generator] = None) -> torch.Tensor:
        """``patches`` centres per sample (with replacement), half in the foreground and half in the background, a
        fraction ``boundary`` of each half on the mask boundary. Order within a row: foreground interior,
        foreground boundary, background interior, background boundary. An empty category falls back to the whole
        label, an empty label to the whole grid. ``mask`` ``[B, 1, grid..]``; returns int64 flat indices
        ``[B, patches]``."""
        if patches < 1:
            raise ValueError(f"At least one patch is needed, got {patches}.")
        batch = mask.size(0)
        foreground = mask.reshape(batch, -1) > 0.5
        edge = PatchSampler.boundary_of(mask).reshape(batch, -1)
        background = foreground.logical_not()
        interior = edge.logical_not()
        positive = patches - patches // 2
        negative = patches // 2
        positive_edge = _round_half_even(boundary * positive)
        negative_edge = _round_half_even(boundary * negative)
        parts = [
            _draw(foreground & interior, foreground, positive - positive_edge, generator),
            _draw(foreground & edge, foreground, positive_edge, generator),
            _draw(background & interior, background, negative - negative_edge, generator),
            _draw(background & edge, background, negative_edge, generator),
        ]
        return torch.cat([p for p in parts if p.size(1) > 0], 1)

    @staticmethod
    def boundary_of(mask: torch.Tensor) -> torch.Tensor:
        """Voxels whose 3^d neighbourhood (inside the grid) holds both labels, as a bool tensor shaped like ``mask``."""
        binary = (mask > 0.5).to(torch.float32)
        rank = mask.dim() - 2
        # Max pooling pads with -inf, so a neighbourhood never includes voxels outside the grid.
        pool = (lambda t: F.max_pool2d(t, 3, 1, 1)) if rank == 2 else (lambda t: F.max_pool3d(t, 3, 1, 1))
        dilated = pool(binary)
        eroded = -pool(-binary)
        return dilated > eroded

    @staticmethod
    def gather(features: torch.Tensor, centres: torch.Tensor) -> torch.Tensor:
        """The 3^d neighbourhood (zero padded at the grid border) of ``features`` ``[B, C, grid..]`` at each centre,
        flattened channel-major: ``[B, patches, C * 3^d]``."""
        batch, channels = features.size(0), features.size(1)
        grid = list(features.shape[2:])
        rank = len(grid)
        padded = F.pad(features, [1] * (2 * rank)).reshape(batch, channels, -1)

        # Coordinates of each centre, then its flat index in the padded grid (row-major).
        padded_strides = [0] * rank
        stride = 1
        for axis in range(rank - 1, -1, -1):
            padded_strides[axis] = stride
            stride *= grid[axis] + 2
        padded_centre = torch.zeros_like(centres)
        remaining = centres
        grid_stride = 1
        for g in grid:
            grid_stride *= g
        for axis in range(rank):
            grid_stride //= grid[axis]
            coordinate = torch.div(remaining, grid_stride, rounding_mode="floor")
            remaining = remaining - coordinate * grid_stride
            padded_centre = padded_centre + coordinate * padded_strides[axis]

        neighbours = []
        for offset in itertools.product(range(3), repeat=rank):
            # offset[a] in {0, 1, 2} is the neighbour at coordinate + offset[a] - 1, i.e. + offset[a] when padded.
            shift = sum(o * s for o, s in zip(offset, padded_strides))
            index = (padded_centre + shift).unsqueeze(1).expand(batch, channels, centres.size(1))
            neighbours.append(padded.gather(2, index))                                           # [B, C, n]
        return torch.stack(neighbours, 2).reshape(batch, channels * len(neighbours), -1).transpose(1, 2)


def _round_half_even(value: float) -> int:
    """Math.Round's default (banker's rounding), which Python's round also uses."""
    return int(round(value))


def _draw(category, fallback, count, generator):
    batch = category.size(0)
    if count == 0:
        return torch.zeros(batch, 0, dtype=torch.int64, device=category.device)
    weights = category.to(torch.float32)
    fallback_weights = fallback.to(torch.float32)
    weights = torch.where(weights.sum(1, keepdim=True) > 0, weights, fallback_weights)
    weights = torch.where(weights.sum(1, keepdim=True) > 0, weights, torch.ones_like(weights))
    return torch.multinomial(weights, count, replacement=True, generator=generator)

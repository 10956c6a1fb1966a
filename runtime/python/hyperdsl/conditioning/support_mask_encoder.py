"""Encodes a support pair (image, binary mask) into a task embedding (SupportMaskEncoder.cs), after the
task-conditioned U-Net hypernetwork (Hagen et al.)."""

from collections import OrderedDict
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import HyperDslShapeException
from ..layers.norms import Norms
from .patch_sampler import PatchSampler
from .positional_encoding import PositionalEncoding


class SupportMaskEncoder(nn.Module):
    """``forward(image [B, C, spatial..], mask [B, 1, spatial..]) -> [B, size]``:

    1. a small convolutional encoder (stride-2 3^d convolutions, GroupNorm, LeakyReLU) maps the image to features F;
    2. the global task descriptor is the mask-average pool of F upsampled to the mask (:meth:`mask_average_pool`);
    3. ``patches`` centres are sampled on F's grid, balanced between foreground and background, a fraction
       ``boundary`` of each at the mask boundary; each patch's 3^d neighbourhood of F plus a sinusoidal encoding of
       its position is projected to a context vector;
    4. the mean context vector, concatenated with the task descriptor, is projected to ``size``.

    Patch sampling draws from ``generator`` (torch's default generator when None). State-dict keys:
    ``encoder.N.conv.*``, ``encoder.N.norm.*``, ``context.*``, ``output.*``."""

    POSITIONAL_FREQUENCIES = 4

    def __init__(self, name: str, spatial_rank: int, in_channels: int, channels: Sequence[int], size: int,
                 patches: int, boundary: float):
        super().__init__()
        if spatial_rank not in (2, 3):
            raise ValueError(f"{name}: the support encoder works on 2-D images or 3-D volumes, not rank {spatial_rank}.")
        if in_channels < 1 or size < 1 or patches < 1:
            raise ValueError(f"{name}: in_channels, size and patches must be positive.")
        if len(channels) == 0 or any(c < 1 for c in channels):
            raise ValueError(f"{name}: the support encoder needs at least one stage, each with positive channels.")
        if not 0 <= boundary <= 1:
            raise ValueError(f"{name}: the boundary fraction must lie in [0, 1], got {boundary}.")
        self.name = name
        self.spatial_rank = spatial_rank
        self.in_channels = in_channels
        self.size = size
        self.patches = patches
        self.boundary = boundary
        self.generator: Optional[torch.Generator] = None

        conv_type = nn.Conv2d if spatial_rank == 2 else nn.Conv3d
        self.encoder = nn.ModuleList()
        width = in_channels
        for c in channels:
            self.encoder.append(nn.Sequential(OrderedDict([
                ("conv", conv_type(width, c, kernel_size=3, stride=2, padding=1)),
                ("norm", Norms.group_norm(_groups_for(c), c)),
                ("act", nn.LeakyReLU(0.01)),
            ])))
            width = c
        self.feature_channels = width
        neighbourhood = 3 ** spatial_rank
        self.context = nn.Linear(width * neighbourhood + PositionalEncoding.width(spatial_rank, self.POSITIONAL_FREQUENCIES), width)
        self.output = nn.Linear(2 * width, size)

    def forward(self, image: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        self._check_inputs(image, mask)
        mask = mask.to(image.dtype)
        features = self.encode_features(image)
        task = SupportMaskEncoder.mask_average_pool(features, mask)

        grid = list(features.shape[2:])
        pool = F.adaptive_avg_pool2d if len(grid) == 2 else F.adaptive_avg_pool3d
        coarse_mask = (pool(mask, grid) >= 0.5).to(image.dtype)
        centres = PatchSampler.sample(coarse_mask, self.patches, self.boundary, self.generator)
        neighbourhoods = PatchSampler.gather(features, centres)
        positions = PositionalEncoding.encode(centres, grid, self.POSITIONAL_FREQUENCIES).to(features.dtype)
        contexts = F.leaky_relu(self.context(torch.cat([neighbourhoods, positions], 2)), 0.01)
        return self.output(torch.cat([contexts.mean(1), task], 1))

    def encode_features(self, image: torch.Tensor) -> torch.Tensor:
        """The encoder features F ``[B, feature_channels, spatial/2^stages..]`` of an image."""
        x = image
        for stage in self.encoder:
            x = stage(x)
        return x

    @staticmethod
    def mask_average_pool(features: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The mean over the foreground voxels of ``features`` ``[B, C, s'..]`` upsampled (nearest) to the mask's
        resolution ``[B, 1, s..]``: ``sum(Upsample(F) * y) / sum(y)`` per sample and channel, 0 for an empty mask.
        When the mask's size is a whole multiple of the features' size on every axis, the same value is computed
        without upsampling, weighting each feature cell with the foreground fraction of its block of mask voxels."""
        empty_mask_guard = 1e-6
        rank = features.dim() - 2
        spatial = list(range(2, 2 + rank))
        feature_grid = list(features.shape[2:])
        mask_grid = list(mask.shape[2:])
        mask = mask.to(features.dtype)
        if feature_grid == mask_grid:
            return (features * mask).sum(spatial) / (mask.sum(spatial) + empty_mask_guard)
        if all(m % f == 0 for f, m in zip(feature_grid, mask_grid)):
            # Nearest upsampling repeats each feature cell over a block of r voxels, so
            # sum_v F_up(v) y(v) = r * sum_c F(c) mean_block(y)(c) and sum_v y(v) = r * sum_c mean_block(y)(c).
            block = [m // f for f, m in zip(feature_grid, mask_grid)]
            cell_volume = 1
            for b in block:
                cell_volume *= b
            pool = F.avg_pool2d if rank == 2 else F.avg_pool3d
            fraction = pool(mask, block, block)
            return (features * fraction).sum(spatial) / (fraction.sum(spatial) + empty_mask_guard / cell_volume)
        upsampled = F.interpolate(features, size=mask_grid, mode="nearest")
        return (upsampled * mask).sum(spatial) / (mask.sum(spatial) + empty_mask_guard)

    def _check_inputs(self, image, mask):
        render = HyperDslShapeException.render
        rank = self.spatial_rank + 2
        axes = "H, W" if self.spatial_rank == 2 else "D, H, W"
        if image.dim() != rank or image.size(1) != self.in_channels:
            raise HyperDslShapeException(self.name, "support image", f"[B, {self.in_channels}, {axes}]", render(image.shape))
        if (mask.dim() != rank or mask.size(0) != image.size(0) or mask.size(1) != 1
                or list(mask.shape[2:]) != list(image.shape[2:])):
            raise HyperDslShapeException(self.name, "support mask", render([image.size(0), 1, *image.shape[2:]]),
                                         render(mask.shape))


def _groups_for(channels: int) -> int:
    """The largest group count up to 8 that divides ``channels``."""
    for g in range(min(8, channels), 1, -1):
        if channels % g == 0:
            return g
    return 1

"""Layer normalisation over the channels of a feature map (LayerNorm2d.cs, torchvision's ConvNeXt LayerNorm2d)."""

import torch
import torch.nn.functional as F
from torch import nn


class LayerNorm2d(nn.Module):
    """Normalises each position's channel vector of ``[B, C, H, W]`` (channels moved last, normalised, moved back),
    with torch.nn.LayerNorm's state-dict keys ``weight`` and ``bias`` ``[C]`` (ones and zeros; absent without
    elementwise affine)."""

    def __init__(self, name: str, channels: int, eps: float = 1e-5, elementwise_affine: bool = True):
        super().__init__()
        if channels < 1:
            raise ValueError(f"{name}: the channel count must be positive, got {channels}.")
        self.name = name
        self.channels = channels
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(channels)) if elementwise_affine else None
        self.bias = nn.Parameter(torch.zeros(channels)) if elementwise_affine else None

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(input.permute(0, 2, 3, 1), [self.channels], self.weight, self.bias, self.eps).permute(0, 3, 1, 2)

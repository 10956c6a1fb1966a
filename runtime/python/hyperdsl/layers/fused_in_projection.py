"""The fused query / key / value projection of a multi-head attention (FusedInProjection.cs)."""

import torch
import torch.nn.functional as F
from torch import nn


class FusedInProjection(nn.Module):
    """torch.nn.MultiheadAttention's tensors and state-dict keys: ``in_proj_weight`` ``[3*width, width]``
    (xavier-uniform) and ``in_proj_bias`` ``[3*width]`` (zeros). ``forward`` maps ``[..., width]`` to
    ``[..., 3*width]`` (queries, keys, values side by side). The output projection is an ordinary
    :class:`TargetLinear` registered beneath it as ``out_proj`` (by :class:`ModuleTree`), so roles apply to it."""

    def __init__(self, name: str, width: int, has_bias: bool = True, trainable: bool = True):
        super().__init__()
        if width < 1:
            raise ValueError(f"{name}: the width must be positive, got {width}.")
        self.name = name
        self.width = width
        weight = torch.empty(3 * width, width)
        nn.init.xavier_uniform_(weight)
        self.in_proj_weight = nn.Parameter(weight, requires_grad=trainable)
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * width), requires_grad=trainable) if has_bias else None

    @property
    def weight(self) -> nn.Parameter:
        """The fused weight: query rows, then key rows, then value rows."""
        return self.in_proj_weight

    @property
    def bias(self):
        return self.in_proj_bias

    def copy_from(self, source: "FusedInProjection") -> None:
        """Copies ``source``'s fused weight and bias (not its ``out_proj`` child, which copies its own)."""
        with torch.no_grad():
            self.in_proj_weight.copy_(source.in_proj_weight)
            if self.in_proj_bias is not None and source.in_proj_bias is not None:
                self.in_proj_bias.copy_(source.in_proj_bias)

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        return F.linear(input, self.in_proj_weight, self.in_proj_bias)

"""Normalisation layers with torch.nn's initial values (Norms.cs)."""

from torch import nn


class Norms:
    @staticmethod
    def group_norm(num_groups: int, num_channels: int, eps: float = 1e-5) -> nn.GroupNorm:
        """``nn.GroupNorm`` with weight 1 and bias 0 (torch.nn already initialises it so; TorchSharp 0.107 does
        not, which is why the C# runtime has this factory)."""
        return nn.GroupNorm(num_groups, num_channels, eps)

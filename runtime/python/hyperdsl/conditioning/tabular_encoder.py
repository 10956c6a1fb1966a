"""Encodes tabular data into a condition embedding (TabularEncoder.cs)."""

from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from ..errors import HyperDslShapeException
from .missing_values import MissingValues


class TabularEncoder(nn.Module):
    """``[B, columns]`` (float, NaN marks a missing value) -> ``[B, size]`` with an MLP (ReLU between layers, none
    after the last). Missing values are replaced before the MLP, so a NaN never reaches a weight or a gradient."""

    def __init__(self, name: str, columns: int, hidden: Sequence[int], size: int, missing: MissingValues):
        super().__init__()
        if columns < 1 or size < 1 or any(h < 1 for h in hidden):
            raise ValueError(f"TabularEncoder '{name}': columns, hidden widths and size must be positive.")
        self.name = name
        self.columns = columns
        self.size = size
        self.missing = missing
        self.encoder = nn.ModuleList()
        width = 2 * columns if missing is MissingValues.Indicator else columns
        for h in hidden:
            self.encoder.append(nn.Linear(width, h))
            width = h
        self.encoder.append(nn.Linear(width, size))

    def forward(self, table: torch.Tensor) -> torch.Tensor:
        if table.dim() != 2 or table.size(1) != self.columns:
            raise HyperDslShapeException(self.name, "tabular input", f"[B, {self.columns}]",
                                         HyperDslShapeException.render(table.shape))
        is_missing = table.isnan()
        x = table.masked_fill(is_missing, 0.0)
        if self.missing is MissingValues.Indicator:
            x = torch.cat([x, is_missing.to(x.dtype)], 1)
        for i, layer in enumerate(self.encoder):
            x = layer(x)
            if i < len(self.encoder) - 1:
                x = F.relu(x)
        return x

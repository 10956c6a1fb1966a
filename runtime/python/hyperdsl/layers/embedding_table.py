"""A learned lookup table (EmbeddingTable.cs)."""

import torch
from torch import nn


class EmbeddingTable(nn.Module):
    """``weight`` ``[count, size]`` initialised N(0, 1) like ``nn.Embedding``, with the same state-dict key: task ids
    (:class:`TaskEmbedding`), the hypernetwork's attribute embeddings, a network's class token or position embedding."""

    def __init__(self, name: str, count: int, size: int):
        super().__init__()
        if count < 1 or size < 1:
            raise ValueError(f"{name}: an embedding table needs at least one row and one column, got [{count}, {size}].")
        self.name = name
        self.weight = nn.Parameter(torch.randn(count, size))

    def forward(self, indices: torch.Tensor) -> torch.Tensor:
        """Rows of the table for int64 indices of any shape: ``[..., size]``."""
        return self.weight.index_select(0, indices.flatten()).reshape(*indices.shape, self.weight.size(1))

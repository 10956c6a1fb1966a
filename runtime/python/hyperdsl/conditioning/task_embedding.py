"""A learnable embedding table for task (or domain) identifiers (TaskEmbedding.cs)."""

import torch
from torch import nn

from ..errors import HyperDslShapeException
from ..layers.embedding_table import EmbeddingTable


class TaskEmbedding(nn.Module):
    """int64 ids ``[B]`` become ``[B, size]``; the table is an :class:`EmbeddingTable` with state-dict key
    ``table.weight``."""

    def __init__(self, name: str, num_tasks: int, size: int):
        super().__init__()
        if num_tasks < 1 or size < 1:
            raise ValueError(f"TaskEmbedding '{name}': needs at least one task and a positive size, got {num_tasks} and {size}.")
        self.name = name
        self.table = EmbeddingTable("table", num_tasks, size)

    @property
    def num_tasks(self) -> int:
        return self.table.weight.size(0)

    @property
    def size(self) -> int:
        return self.table.weight.size(1)

    def forward(self, task_ids: torch.Tensor) -> torch.Tensor:
        if task_ids.dtype != torch.int64 or task_ids.dim() != 1:
            raise HyperDslShapeException(
                f"TaskEmbedding '{self.name}': task ids must be a 1-D int64 tensor [B], got {task_ids.dtype} "
                f"{HyperDslShapeException.render(task_ids.shape)}.")
        if task_ids.numel() > 0:
            low, high = int(task_ids.min()), int(task_ids.max())
            if low < 0 or high >= self.num_tasks:
                raise ValueError(f"TaskEmbedding '{self.name}': task id {low if low < 0 else high} is out of range; "
                                 f"valid ids are 0 .. {self.num_tasks - 1}.")
        return self.table(task_ids)

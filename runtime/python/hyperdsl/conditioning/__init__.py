"""Condition encoders producing ``[B, size]`` embeddings, and the patch sampling behind the support encoder."""

from .missing_values import MissingValues
from .noise_source import NoiseSource
from .patch_sampler import PatchSampler
from .positional_encoding import PositionalEncoding
from .support_mask_encoder import SupportMaskEncoder
from .tabular_encoder import TabularEncoder
from .task_embedding import TaskEmbedding

__all__ = ["MissingValues", "NoiseSource", "PatchSampler", "PositionalEncoding", "SupportMaskEncoder",
           "TabularEncoder", "TaskEmbedding"]

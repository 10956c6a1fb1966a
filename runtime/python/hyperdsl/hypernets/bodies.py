"""The hypernetwork bodies (MlpBody.cs, ResidualBlock.cs, ResidualMlpBody.cs); attribute names are the C# field
names, so the state-dict keys match (``body.linears.0.weight``, ``body.blocks.1.fc2.weight``, ...)."""

from typing import Sequence

import torch
from torch import nn

from ..activations import ActivationKind, Activations
from .kinds import NormKind


class MlpBody(nn.Module):
    """For each width: Linear -> optional LayerNorm / BatchNorm -> activation -> dropout."""

    def __init__(self, name: str, input_size: int, widths: Sequence[int], activation: ActivationKind, norm: NormKind,
                 dropout_probability: float):
        super().__init__()
        self.name = name
        self.activation = activation
        self.linears = nn.ModuleList()
        self.norms = nn.ModuleList()
        previous = input_size
        for width in widths:
            if width <= 0:
                raise ValueError(f"Hypernetwork body widths must be positive, got {width}.")
            self.linears.append(nn.Linear(previous, width))
            if norm is NormKind.LayerNorm:
                self.norms.append(nn.LayerNorm(width))
            elif norm is NormKind.BatchNorm:
                self.norms.append(nn.BatchNorm1d(width))
            previous = width
        self.output_size = previous
        self.dropout = nn.Dropout(dropout_probability)

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        x = input
        for i, linear in enumerate(self.linears):
            x = linear(x)
            if len(self.norms) > 0:
                x = self.norms[i](x)
            x = self.dropout(Activations.apply(x, self.activation))
        return x


class ResidualBlock(nn.Module):
    """x + dropout(act(fc2(act(fc1(LayerNorm(x)))))), the residual MLP block of HyperCT's hypernetwork."""

    def __init__(self, name: str, width: int, activation: ActivationKind, dropout_probability: float):
        super().__init__()
        self.name = name
        self.norm = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)
        self.dropout = nn.Dropout(dropout_probability)
        self.activation = activation

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        branch = Activations.apply(self.fc1(self.norm(input)), self.activation)
        branch = Activations.apply(self.fc2(branch), self.activation)
        return input + self.dropout(branch)


class ResidualMlpBody(nn.Module):
    """ResidualMlp: Linear projection to latent; Mixer: Linear -> act -> Linear -> act to latent. Then ``blocks``
    residual blocks and the output projection LayerNorm -> Linear -> act -> Linear -> act to ``head_input``."""

    def __init__(self, name: str, input_size: int, mixer: bool, latent: int, block_count: int, head_input: int,
                 activation: ActivationKind, dropout_probability: float):
        super().__init__()
        if latent <= 0 or head_input <= 0 or block_count < 0:
            raise ValueError("A residual hypernetwork body needs a positive latent and head input width and a "
                             f"non-negative block count (got {latent}, {head_input}, {block_count}).")
        self.name = name
        self.mixer = mixer
        self.activation = activation
        self.input_fc1 = nn.Linear(input_size, latent)
        self.input_fc2 = nn.Linear(latent, latent) if mixer else None
        self.blocks = nn.ModuleList(ResidualBlock(f"block{i}", latent, activation, dropout_probability)
                                    for i in range(block_count))
        self.output_norm = nn.LayerNorm(latent)
        self.output_fc1 = nn.Linear(latent, head_input)
        self.output_fc2 = nn.Linear(head_input, head_input)
        self.dropout = nn.Dropout(dropout_probability)
        self.output_size = head_input

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        x = self.input_fc1(input)
        if self.mixer:
            x = Activations.apply(x, self.activation)
            x = Activations.apply(self.input_fc2(x), self.activation)
        for block in self.blocks:
            x = block(x)
        x = Activations.apply(self.output_fc1(self.output_norm(x)), self.activation)
        x = Activations.apply(self.output_fc2(x), self.activation)
        return self.dropout(x)

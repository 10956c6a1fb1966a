"""The architecture of a hypernetwork as declared in the ``.hyp`` file (HyperNetworkOptions.cs)."""

from dataclasses import dataclass
from typing import Optional, Sequence

from ..activations import ActivationKind
from .kinds import BodyKind, ComponentAttribute, HyperInit, NormKind, StrategyKind


@dataclass(frozen=True)
class HyperNetworkOptions:
    """``widths``: Mlp hidden widths (empty: the heads read the condition directly); ``norm``: Mlp normalisation;
    ``dropout``: after each activated body layer (residual blocks: on the branch); ``latent``, ``blocks``,
    ``head_input``: ResidualMlp / Mixer; ``chunk_size``: Chunked; ``embedding_size``: PerComponent / Chunked;
    ``component_attributes``: PerComponent (empty: Index); ``bound_scale``: generated = scale * tanh(raw), None for
    unbounded."""

    body: BodyKind
    widths: Sequence[int]
    activation: ActivationKind
    norm: NormKind
    dropout: float
    latent: int
    blocks: int
    head_input: int
    strategy: StrategyKind
    chunk_size: int
    embedding_size: int
    component_attributes: Sequence[ComponentAttribute]
    init: HyperInit
    bound_scale: Optional[float]

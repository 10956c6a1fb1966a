"""The enumerations of a hypernetwork's declaration (HypernetKinds.cs, NormKind.cs). Member names are the C# ones,
except ``NormKind.None_``: ``None`` is a Python keyword."""

import enum


class BodyKind(enum.Enum):
    """The body a hypernetwork runs before its heads."""
    Mlp = 0
    ResidualMlp = 1
    Mixer = 2


class StrategyKind(enum.Enum):
    """How the hypernetwork's output is produced and split over the generated tensors."""
    AllAtOnce = 0
    PerLayerHeads = 1
    PerComponent = 2
    Chunked = 3


class HyperInit(enum.Enum):
    """Initialisation of the generating heads."""
    Default = 0
    HyperfanIn = 1
    HyperfanOut = 2


class GeneratedKind(enum.Enum):
    """What a generated tensor is for its target layer."""
    Weight = 0
    Bias = 1
    LoraA = 2
    LoraB = 3


class ComponentAttribute(enum.Enum):
    """Attributes whose learned embeddings are summed into a component's embedding (PerComponent)."""
    Depth = 0
    Type = 1
    Index = 2


class NormKind(enum.Enum):
    """Normalisation after the linear layers of an Mlp body (C# ``NormKind.None`` is ``NormKind.None_``)."""
    None_ = 0
    LayerNorm = 1
    BatchNorm = 2

"""What generated code calls around training: adaptation steps, checks on inputs and generated weights, ensembles."""

from .adaptation import Adaptation
from .ensemble import Ensemble
from .generated_checks import GeneratedChecks, GeneratedWeightsNotFiniteException
from .shape_guard import ShapeGuard

__all__ = ["Adaptation", "Ensemble", "GeneratedChecks", "GeneratedWeightsNotFiniteException", "ShapeGuard"]

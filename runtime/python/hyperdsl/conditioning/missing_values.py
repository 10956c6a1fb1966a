"""How a TabularEncoder treats missing values (NaN) in its input columns (MissingValues.cs)."""

import enum


class MissingValues(enum.Enum):
    Zero = 0
    """A missing value becomes 0; the encoder cannot tell it from a measured 0."""
    Indicator = 1
    """A missing value becomes 0 and a 0/1 missing-indicator column per input column is appended."""

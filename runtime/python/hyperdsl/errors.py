"""The runtime's exception for shape, dtype and device mismatches (HyperDslShapeException.cs)."""

from typing import Iterable


class HyperDslShapeException(Exception):
    """A runtime shape, dtype or device mismatch; the message names the ``.hyp`` declaration, what was expected and
    what arrived, so a user can fix the input without reading generated code.

    ``HyperDslShapeException(message)`` takes a complete message; ``HyperDslShapeException(declaration, what,
    expected, actual)`` renders ``"{declaration}: {what} has shape {actual}, expected {expected}."``.
    """

    def __init__(self, declaration: str, what: str = None, expected: str = None, actual: str = None):
        if what is None:
            super().__init__(declaration)
            self.declaration = self.expected = self.actual = ""
        else:
            super().__init__(f"{declaration}: {what} has shape {actual}, expected {expected}.")
            self.declaration = declaration
            self.expected = expected
            self.actual = actual

    @staticmethod
    def render(shape: Iterable[int]) -> str:
        """Renders a shape as ``[2, 3, ?]``; negative entries (any size) print as ``?``."""
        return "[" + ", ".join("?" if d < 0 else str(int(d)) for d in shape) + "]"

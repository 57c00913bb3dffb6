"""The errors the symbolic side raises: one named ``ValueError`` subclass per kind of bad input."""

from __future__ import annotations


class EtaproofValueError(ValueError):
    """Base class for bad input to the symbolic side; the message names the offending value."""


class InvalidLearningRate(EtaproofValueError):
    """η is a number that is not positive, or not a finite real number."""


class InvalidLabel(EtaproofValueError):
    """A label is outside the label set of the chosen rule."""


class DimensionMismatch(EtaproofValueError):
    """Samples, labels or initial weights do not have matching shapes."""


class InvalidNumber(EtaproofValueError):
    """A feature or weight is NaN, infinite or not a real number."""


class StepOutOfRange(EtaproofValueError):
    """A step index k is outside 1 … n·epochs (or 0 … n·epochs for weights)."""


class UnknownRule(EtaproofValueError):
    """The rule name is not one of the registered perceptron rules."""


class NotFactorable(EtaproofValueError):
    """η could not be factored out: some φ(...) still holds η, or η is not known positive."""

    def __init__(self, message: str, culprit: object = None) -> None:
        super().__init__(message)
        self.culprit = culprit

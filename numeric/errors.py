"""etaproof's errors: one named ``ValueError`` subclass per kind of bad input.

This is the one hierarchy of the project: the numeric twin raises these, and ``symbolic``
re-exports them (adding the errors only the symbolic side can meet), so
``except EtaproofValueError`` catches bad input to either side.  Every error carries the
offending value as ``.value`` and its message reads ``name=value must be …``, naming the row
and column (or position) where there is one.
"""

from __future__ import annotations


class EtaproofValueError(ValueError):
    """Base class for bad input to etaproof; ``.value`` is the offending value (or None)."""

    def __init__(self, message: str, value: object = None) -> None:
        super().__init__(message)
        self.value = value


#: The numeric twin's name for the base class (the same class).
NumericValueError = EtaproofValueError


class InvalidNumber(NumericValueError):
    """A feature, label, rate or weight is NaN, infinite or not a (real, exact) number."""


class InvalidLabel(NumericValueError):
    """A label is outside the label set of the chosen rule."""


class InvalidLearningRate(NumericValueError):
    """A learning rate is not a positive finite number, or no rate was given."""


class DimensionMismatch(NumericValueError):
    """Samples, labels or initial weights do not have matching shapes (ragged rows included)."""


class InvalidEpochs(NumericValueError):
    """The number of epochs is not a positive whole number."""


class UnknownRule(NumericValueError):
    """The rule name is not one of the registered perceptron rules."""


class MalformedCsv(NumericValueError):
    """A CSV file is empty or has no label column."""


class InvalidOption(NumericValueError):
    """An option of a run (``keep=``, ``backend=``, a chunk size) is not one it accepts."""


class NotKept(NumericValueError):
    """A result was asked for something its run did not keep (see ``keep=`` of ``train``)."""


class TooMuchWork(NumericValueError):
    """A run would need more memory (or, where a budget is set, more time) than allowed; the
    message gives the estimate and what would fit."""

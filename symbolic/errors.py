"""The errors the symbolic side raises: etaproof's one hierarchy (owned by
:mod:`numeric.errors`, re-exported here) plus the two errors only the symbolic side meets."""

from __future__ import annotations

from numeric.errors import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
    UnknownRule,
)


class StepOutOfRange(EtaproofValueError):
    """A step index k is outside 1 … n·epochs (or 0 … n·epochs for weights)."""


class NotFactorable(EtaproofValueError):
    """η could not be factored out: some φ(...) still holds η, or η is not known positive."""

    def __init__(self, message: str, culprit: object = None) -> None:
        super().__init__(message, culprit)
        self.culprit = culprit


__all__ = [
    "DimensionMismatch",
    "EtaproofValueError",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "NotFactorable",
    "StepOutOfRange",
    "UnknownRule",
]

"""The errors the symbolic side raises: etaproof's one hierarchy (owned by
:mod:`numeric.errors`, re-exported here) plus the errors only the symbolic side meets."""

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


class UnknownInferenceRule(EtaproofValueError):
    """A ``because=`` reason is a rule name misspelt ("positve-factor", "Zero init"): free text
    would be checked as plain algebra, so it is refused with the rule it most resembles as
    ``.suggestion`` (``.value`` is the reason as given)."""

    def __init__(self, message: str, value: object = None, suggestion: str | None = None) -> None:
        super().__init__(message, value)
        self.suggestion = suggestion


__all__ = [
    "DimensionMismatch",
    "EtaproofValueError",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "NotFactorable",
    "StepOutOfRange",
    "UnknownInferenceRule",
    "UnknownRule",
]

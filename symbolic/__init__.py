"""The symbolic side of etaproof: φ, the perceptron rules, the trace in η and w⁽⁰⁾, η-factoring
and the checked proof of the zero-init theorem."""

from .dataset import Dataset, generic_dataset
from .derivation import Derivation, DerivationError, NotShown
from .errors import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
    NotFactorable,
    StepOutOfRange,
    UnknownRule,
)
from .factoring import factor_eta
from .identity import is_shown_zero
from .nonzero import NonzeroInitAnalysis, analyse_nonzero_init, critical_learning_rate
from .perceptron import ETA, PerceptronTrace, perceptron_trace
from .phi import phi
from .rules import RULES, Rule, get_rule
from .theorem import Check, ZeroInitProof, prove_zero_init_invariance

__all__ = [
    "ETA",
    "RULES",
    "Check",
    "Dataset",
    "Derivation",
    "DerivationError",
    "DimensionMismatch",
    "EtaproofValueError",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "NonzeroInitAnalysis",
    "NotFactorable",
    "NotShown",
    "PerceptronTrace",
    "Rule",
    "StepOutOfRange",
    "UnknownRule",
    "ZeroInitProof",
    "analyse_nonzero_init",
    "critical_learning_rate",
    "factor_eta",
    "generic_dataset",
    "get_rule",
    "is_shown_zero",
    "perceptron_trace",
    "phi",
    "prove_zero_init_invariance",
]

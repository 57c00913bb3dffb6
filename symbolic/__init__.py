"""The symbolic side of etaproof: φ, the perceptron rules, the trace in η and w⁽⁰⁾, η-factoring
and the checked proof of the zero-init theorem."""

from .dataset import Dataset, generic_dataset
from .derivation import Derivation, DerivationError, NotShown
from .document import Document
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
from .inference import INFERENCE_RULES, InferenceRule, Justification
from .nonzero import NonzeroInitAnalysis, analyse_nonzero_init, critical_learning_rate
from .notation import PerceptronNotation
from .perceptron import ETA, PerceptronTrace, perceptron_trace
from .phi import phi
from .rules import RULES, Rule, get_rule
from .theorem import Check, ZeroInitProof, prove_zero_init_invariance
from .vectors import Dot, VectorSymbol, vector

__all__ = [
    "ETA",
    "INFERENCE_RULES",
    "RULES",
    "Check",
    "Dataset",
    "Derivation",
    "DerivationError",
    "DimensionMismatch",
    "Document",
    "Dot",
    "EtaproofValueError",
    "InferenceRule",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "Justification",
    "NonzeroInitAnalysis",
    "NotFactorable",
    "NotShown",
    "PerceptronNotation",
    "PerceptronTrace",
    "Rule",
    "StepOutOfRange",
    "UnknownRule",
    "VectorSymbol",
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
    "vector",
]

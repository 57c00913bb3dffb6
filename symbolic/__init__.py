"""The symbolic side of etaproof: φ, the perceptron rules, the trace in η and w⁽⁰⁾, η-factoring
and the checked proof of the zero-init theorem."""

from symbolic.algebra.factoring import factor_eta
from symbolic.algebra.identity import is_shown_zero
from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import Dot, VectorSymbol, vector
from symbolic.derivations.derivation import Derivation, DerivationError, NotShown
from symbolic.derivations.document import Document
from symbolic.derivations.inference import INFERENCE_RULES, InferenceRule, Justification
from symbolic.errors import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
    NotFactorable,
    StepOutOfRange,
    UnknownRule,
)
from symbolic.perceptron.dataset import Dataset, generic_dataset
from symbolic.perceptron.notation import PerceptronNotation
from symbolic.perceptron.rules import RULES, Rule, get_rule
from symbolic.perceptron.trace import ETA, PerceptronTrace, perceptron_trace
from symbolic.theorems.nonzero_init import (
    NonzeroInitAnalysis,
    analyse_nonzero_init,
    critical_learning_rate,
)
from symbolic.theorems.zero_init import Check, ZeroInitProof, prove_zero_init_invariance

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

"""The symbolic side of etaproof: φ, the perceptron rules, the trace in η and w⁽⁰⁾, η-factoring,
the checked proof of the zero-init theorem, the prover for any online rule, and hidden-unit
symmetry for networks of any depth (and the claims the question's answers make about it, with
their verdicts), and the conservation laws of gradient flow with their exact change under a
step of size η."""

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
from symbolic.perceptron.online_rule import InvalidOnlineRule, OnlineRule
from symbolic.perceptron.rules import RULES, Rule, get_rule, online_rule
from symbolic.perceptron.runner import OnlineRun, run_online
from symbolic.perceptron.trace import ETA, PerceptronTrace, perceptron_trace
from symbolic.theorems.broken_laws import (
    LawExample,
    OneStepChange,
    scale_invariant_example,
    softmax_translation_example,
)
from symbolic.theorems.conservation_laws import ConservationLaws, conservation_laws
from symbolic.theorems.counterexamples import Counterexample, SearchSpace
from symbolic.theorems.deep_symmetry import (
    DeepSymmetryProof,
    prove_deep_symmetry,
    prove_hidden_symmetry,
)
from symbolic.theorems.hidden_symmetry import HiddenSymmetryProof
from symbolic.theorems.nonzero_init import (
    NonzeroInitAnalysis,
    analyse_nonzero_init,
    critical_learning_rate,
)
from symbolic.theorems.prover import EtaVerdict, prove_eta_invariance
from symbolic.theorems.question_claims import QuestionClaim, Witness, question_claims
from symbolic.theorems.scaling_symmetry import (
    CollapseRuns,
    ScalingSymmetry,
    collapse_runs,
    scaling_symmetry,
)
from symbolic.theorems.zero_init import Check, ZeroInitProof, prove_zero_init_invariance

__all__ = [
    "ETA",
    "INFERENCE_RULES",
    "RULES",
    "Check",
    "CollapseRuns",
    "ConservationLaws",
    "Counterexample",
    "Dataset",
    "DeepSymmetryProof",
    "Derivation",
    "DerivationError",
    "DimensionMismatch",
    "Document",
    "Dot",
    "EtaVerdict",
    "EtaproofValueError",
    "HiddenSymmetryProof",
    "InferenceRule",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "InvalidOnlineRule",
    "Justification",
    "LawExample",
    "NonzeroInitAnalysis",
    "NotFactorable",
    "NotShown",
    "OneStepChange",
    "OnlineRule",
    "OnlineRun",
    "PerceptronNotation",
    "PerceptronTrace",
    "QuestionClaim",
    "Rule",
    "ScalingSymmetry",
    "SearchSpace",
    "StepOutOfRange",
    "UnknownRule",
    "VectorSymbol",
    "Witness",
    "ZeroInitProof",
    "analyse_nonzero_init",
    "collapse_runs",
    "conservation_laws",
    "critical_learning_rate",
    "factor_eta",
    "generic_dataset",
    "get_rule",
    "is_shown_zero",
    "online_rule",
    "perceptron_trace",
    "phi",
    "prove_deep_symmetry",
    "prove_eta_invariance",
    "prove_hidden_symmetry",
    "prove_zero_init_invariance",
    "question_claims",
    "run_online",
    "scale_invariant_example",
    "scaling_symmetry",
    "softmax_translation_example",
    "vector",
]

#: The former name of :func:`question_claims`, which earlier READMEs documented: kept so that
#: code calling ``symbolic.seed_claims()`` still runs, but not in ``__all__``.
seed_claims = question_claims

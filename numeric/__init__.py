"""The numeric twin of etaproof: the perceptron rules on concrete data, batched over learning
rates and datasets, in float64 with certified near-ties or in exact rational arithmetic."""

from .bundled import IRIS_CSV, load_iris
from .errors import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidEpochs,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
    InvalidOption,
    MalformedCsv,
    NotKept,
    NumericValueError,
    TooMuchWork,
    UnknownRule,
)
from .estimator import NotFittedError, Perceptron
from .invariance import Difference, InvarianceVerdict, NearTie, check_eta_invariance
from .mlp import MlpTrace, mlp_gradients, train_mlp
from .network import NetworkTrace, Rates, train_network
from .perceptron import train, train_batch
from .phase import Flip, Phase, PhaseDiagram, TooManyPhases, phase_diagram
from .reading import read_csv, read_vector
from .rules import RULES, Rule, get_rule
from .sweep import NonInvariantDataset, Summary, sweep
from .textbook import textbook_weights
from .training_result import TrainingResult

#: The name README documents for what check_eta_invariance returns (kept working).
Verdict = InvarianceVerdict

__all__ = [
    "IRIS_CSV",
    "RULES",
    "Difference",
    "DimensionMismatch",
    "EtaproofValueError",
    "Flip",
    "InvalidEpochs",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "InvalidOption",
    "InvarianceVerdict",
    "MalformedCsv",
    "MlpTrace",
    "NearTie",
    "NetworkTrace",
    "NonInvariantDataset",
    "NotFittedError",
    "NotKept",
    "NumericValueError",
    "Perceptron",
    "Phase",
    "PhaseDiagram",
    "Rates",
    "Rule",
    "Summary",
    "TooManyPhases",
    "TooMuchWork",
    "TrainingResult",
    "UnknownRule",
    "Verdict",
    "check_eta_invariance",
    "get_rule",
    "load_iris",
    "mlp_gradients",
    "phase_diagram",
    "read_csv",
    "read_vector",
    "sweep",
    "textbook_weights",
    "train",
    "train_batch",
    "train_mlp",
    "train_network",
]

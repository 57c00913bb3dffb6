"""The numeric twin of etaproof: the perceptron rules on concrete data, batched over learning
rates and datasets, in float64 with certified near-ties or in exact rational arithmetic."""

from .csvdata import read_csv, read_vector
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
from .invariance import Difference, NearTie, Verdict, check_eta_invariance
from .iris import IRIS_CSV, load_iris
from .network import NetworkTrace, Rates, train_network
from .perceptron import TrainingResult, train, train_batch
from .phase import Flip, Phase, PhaseDiagram, TooManyPhases, phase_diagram
from .rules import RULES, Rule, get_rule
from .sweep import Summary, Witness, sweep
from .textbook import textbook_weights

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
    "MalformedCsv",
    "NearTie",
    "NetworkTrace",
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
    "Witness",
    "check_eta_invariance",
    "get_rule",
    "load_iris",
    "phase_diagram",
    "read_csv",
    "read_vector",
    "sweep",
    "textbook_weights",
    "train",
    "train_batch",
    "train_network",
]

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
    MalformedCsv,
    NumericValueError,
    UnknownRule,
)
from .estimator import NotFittedError, Perceptron
from .invariance import Difference, NearTie, Verdict, check_eta_invariance
from .iris import IRIS_CSV, load_iris
from .perceptron import TrainingResult, train, train_batch
from .rules import RULES, Rule, get_rule
from .textbook import textbook_weights

__all__ = [
    "IRIS_CSV",
    "RULES",
    "Difference",
    "DimensionMismatch",
    "EtaproofValueError",
    "InvalidEpochs",
    "InvalidLabel",
    "InvalidLearningRate",
    "InvalidNumber",
    "MalformedCsv",
    "NearTie",
    "NotFittedError",
    "NumericValueError",
    "Perceptron",
    "Rule",
    "TrainingResult",
    "UnknownRule",
    "Verdict",
    "check_eta_invariance",
    "get_rule",
    "load_iris",
    "read_csv",
    "read_vector",
    "textbook_weights",
    "train",
    "train_batch",
]

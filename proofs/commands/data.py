"""``--data``, ``--w0``, ``--eta`` and ``--epochs`` as ``check`` and ``phase`` read them: a CSV
file or a bundled dataset by name, initial weights of the right length, positive rates and a
number of epochs that fits, with errors that say which option to fix (labels of another rule
name that rule; one weight too many or too few mention ``--bias``)."""

from __future__ import annotations

from collections.abc import Sized
from fractions import Fraction
from pathlib import Path

import numpy as np

from numeric import (
    RULES,
    DimensionMismatch,
    EtaproofValueError,
    InvalidLabel,
    InvalidLearningRate,
    Rule,
    read_csv,
)
from numeric.bundled import bundled_datasets, dataset_path
from numeric.errors import InvalidEpochs
from numeric.inputs import step_count
from numeric.reading import number_from_text

#: ``--data``'s help, naming the bundled datasets.
DATA_HELP = (
    "the dataset: a CSV file (one sample per row, the label last; comma-, semicolon- or "
    "tab-separated), or a bundled one by name: "
    + ", ".join(sorted(name for name in bundled_datasets() if "_" not in name))
    + " (numeric.IRIS_CSV: the textbook's setosa −1 / versicolor +1, sepal and petal length "
    "in cm)"
)


def read_data(text: str, rule: Rule, *, float64: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``(X, y)`` of ``--data text`` for ``rule``.  When a label is not one of the rule's but
    every label is one of another rule's, the error says which ``--rule`` to use."""
    path = dataset_path(text)
    try:
        return read_csv(path, labels=rule.labels, float64=float64)
    except InvalidLabel as error:
        hint = _rule_hint(path, rule, float64)
        if hint is None:
            raise
        raise InvalidLabel(f"{error}; {hint}", error.value) from None


def _rule_hint(path: Path, rule: Rule, float64: bool) -> str | None:
    """``the labels are 0 and 1: use --rule zero-one`` when the labels fit other rules."""
    try:
        _, y = read_csv(path, float64=float64)
    except EtaproofValueError:
        return None
    found = {int(label) for label in np.unique(y)}
    fitting = sorted(other.name for other in RULES.values() if found <= set(other.labels))
    if not fitting or rule.name in fitting:
        return None
    labels = " and ".join(str(label) for label in sorted(found))
    return f"the labels are {labels}: use --rule {' or --rule '.join(fitting)}"


def check_w0_length(weights: Sized, given: str, d: int, bias: bool) -> None:
    """Raise :class:`DimensionMismatch` unless the ``--w0 given`` file holds d weights; one
    too many without ``--bias`` or one too few with it says what ``--bias`` changes."""
    count = len(weights)
    if count == d:
        return
    message = f"--w0={given!r} holds {count} weights but must hold {d}"
    if bias:
        message += " (the bias weight last)"
        if count == d - 1:
            message += "; without a bias weight, leave out --bias"
    elif count == d + 1:
        message += "; if the last is a bias weight, add --bias"
    raise DimensionMismatch(message, given)


def parse_etas(text: str, exact: bool = False) -> list[str]:
    """The learning rates of ``--eta``, each a positive number (kept as written); without
    ``exact``, each must also be a positive number in float64."""
    etas = [piece.strip() for piece in text.split(",")]
    for eta in etas:
        value = number_from_text(eta, "--eta")
        if value is None or value <= 0:
            raise InvalidLearningRate(
                f"--eta={eta!r} must be a positive number (from --eta {text!r}); {POSITIVE}", eta
            )
        if not exact:
            _check_float64_rate(eta, value)
    return etas


#: Words that end the message of a rate that is not positive.
POSITIVE = "learning rates are positive: write them like --eta 0.1,1,10"


def _check_float64_rate(eta: str, value: Fraction) -> None:
    try:
        rounded = float(value)
    except OverflowError:
        rounded = None
    if rounded is None:
        raise InvalidLearningRate(
            f"--eta={eta!r} must fit in float64 (below 1.8e308); use --exact", eta
        )
    if rounded == 0:
        raise InvalidLearningRate(f"--eta={eta!r} rounds to 0 in float64; use --exact", eta)


def check_epochs(epochs: int, n: int) -> None:
    """``--epochs`` is positive and n·epochs is not beyond what one run may take."""
    if epochs < 1:
        raise InvalidEpochs(f"--epochs={epochs} must be a positive whole number", epochs)
    step_count(n, epochs, "--epochs")

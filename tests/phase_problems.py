"""What the phase-diagram tests share: the Hypothesis strategy for one small problem for
``numeric.phase_diagram`` (and the loops that check it), as keyword arguments, and a switch
between the NumPy steps and the compiled ones."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from fractions import Fraction
from unittest import mock

from conftest import require_module
from hypothesis import strategies as st

import numeric
import numeric.eta_path
from numeric.strategies import datasets, features, initial_weights

#: Which steps trace a diagram and check it: NumPy's (the reference), or numba's.
STEPS = ("numpy", "compiled")

RULES = sorted(numeric.RULES)
SMALL = features(kinds=("integers", "rationals"), bound=4)

#: Six samples, two features and a bias, w⁽⁰⁾ = (−3, 1/2, −1/2) (the bias weight last).
SIX = {
    "X": [[2, 1], [-3, -1], [2, -1], [-1, -2], [3, -3], [2, -2]],
    "y": [1, 1, -1, -1, -1, 1],
    "w0": [Fraction(-3), Fraction(1, 2), Fraction(-1, 2)],
    "epochs": 5,
    "bias": True,
    "rule": "rosenblatt",
}


def diagram_of(problem: dict) -> numeric.PhaseDiagram:
    """The phase diagram of one problem given as keyword arguments (as :func:`problems`)."""
    return numeric.phase_diagram(
        problem["X"],
        problem["y"],
        problem["w0"],
        epochs=problem["epochs"],
        bias=problem["bias"],
        rule=problem["rule"],
    )


@st.composite
def problems(draw, zero_init: bool = False, max_n: int = 6) -> dict:
    """A rule, small integer/rational data with its labels (at most ``max_n`` samples), bias
    or not, 1–3 epochs and a non-zero rational w⁽⁰⁾ (or, with ``zero_init``, a zero one in
    any of the forms the API takes)."""
    rule = numeric.get_rule(draw(st.sampled_from(RULES)))
    X, y = draw(datasets(elements=SMALL, labels=rule.labels, max_n=max_n))
    bias = draw(st.booleans())
    d = len(X[0]) + bias
    if zero_init:
        w0 = draw(st.sampled_from([None, 0, [0] * d, [Fraction(0)] * d]))
    else:
        w0 = draw(initial_weights(d, elements=SMALL, nonzero=True))
    return {
        "X": X,
        "y": y,
        "w0": w0,
        "epochs": draw(st.integers(1, 3)),
        "bias": bias,
        "rule": rule.name,
    }


@contextlib.contextmanager
def phase_steps(kind: str) -> Iterator[None]:
    """Inside, diagrams are traced and checked with the NumPy steps (``"numpy"``) or with the
    compiled ones from the first step on (``"compiled"``: skips without numba, or fails under
    ETAPROOF_STRICT=1)."""
    if kind == "compiled":
        require_module("numba")
    work = 0 if kind == "compiled" else 2**62
    with (
        mock.patch.object(numeric.eta_path, "COMPILED_WORK", work),
        mock.patch.object(numeric.eta_path, "LOADED_WORK", work),
    ):
        yield

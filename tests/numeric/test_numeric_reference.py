"""The numeric twin against an independent reference: the textbook loop, written here from the
rules' definitions with Python ``Fraction``s, one sample at a time, one rate at a time."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import numeric
from numeric.strategies import datasets, features, initial_weights, learning_rates

LABELS = {"rosenblatt": (-1, 1), "zero-one": (0, 1), "mistake-driven": (-1, 1)}


def reference_run(X, y, eta, w0=None, epochs=1, bias=False, rule="rosenblatt"):
    """(ŷ⁽¹⁾ …, [w⁽⁰⁾, w⁽¹⁾, …]) in exact arithmetic, straight from the update rules."""
    rows = [[Fraction(v) for v in row] + ([Fraction(1)] if bias else []) for row in X]
    w = [Fraction(v) for v in w0] if w0 is not None else [Fraction(0)] * len(rows[0])
    eta = Fraction(eta)
    negative, positive = LABELS[rule]
    predictions, weights = [], [list(w)]
    for _ in range(epochs):
        for x, target in zip(rows, y, strict=True):
            z = sum(wj * xj for wj, xj in zip(w, x, strict=True))
            y_hat = positive if z >= 0 else negative
            if rule == "mistake-driven":
                update = eta * target if target * z <= 0 else 0
            else:
                update = eta * (target - y_hat)
            w = [wj + update * xj for wj, xj in zip(w, x, strict=True)]
            predictions.append(y_hat)
            weights.append(list(w))
    return predictions, weights


@st.composite
def runs(draw, kinds=("integers",)):
    """A rule, a dataset for it, a few rates, w⁽⁰⁾ (zero or not), bias and epochs."""
    rule = draw(st.sampled_from(sorted(LABELS)))
    X, y = draw(datasets(elements=features(kinds=kinds), labels=LABELS[rule]))
    bias = draw(st.booleans())
    d = len(X[0]) + bias
    w0 = draw(st.none() | initial_weights(d, elements=features(kinds=kinds)))
    etas = draw(st.lists(learning_rates(kinds=("rationals",)), min_size=1, max_size=3))
    epochs = draw(st.integers(1, 3))
    return {"X": X, "y": y, "etas": etas, "w0": w0, "epochs": epochs, "bias": bias, "rule": rule}


def test_the_reference_reproduces_a_hand_computed_run():
    # Two samples, η = 1/2, Rosenblatt.  Step 1: z = 0 ⇒ ŷ = +1, y = −1 ⇒ Δw = ½·(−2)·(1, 2).
    # Step 2: z = (−1, −2)·(3, −1) = −1 ⇒ ŷ = −1, y = +1 ⇒ Δw = ½·2·(3, −1) = (3, −1).
    predictions, weights = reference_run([[1, 2], [3, -1]], [-1, 1], Fraction(1, 2))
    assert predictions == [1, -1]
    assert weights == [[0, 0], [-1, -2], [2, -3]]


@pytest.mark.parametrize("kinds", [("integers",), ("decimals", "rationals", "floats")])
@given(data=st.data())
def test_exact_training_agrees_with_the_reference(kinds, data):
    run = data.draw(runs(kinds=kinds))
    result = numeric.train(**run, exact=True)
    for e, eta in enumerate(run["etas"]):
        options = {key: run[key] for key in ("w0", "epochs", "bias", "rule")}
        predictions, weights = reference_run(run["X"], run["y"], eta, **options)
        assert result.predictions[e].tolist() == predictions
        assert result.weights[e].tolist() == weights
        assert [Fraction(z) for z in result.net_inputs[e]] == [
            sum(wj * xj for wj, xj in zip(w, x, strict=True))
            for w, x in zip(
                weights,
                [[Fraction(v) for v in row] + [1] * run["bias"] for row in run["X"]]
                * run["epochs"],
                strict=False,
            )
        ]


@given(runs(), st.lists(st.integers(-4, 4), min_size=1, max_size=3))
def test_float_training_is_exact_on_small_integers_with_power_of_two_rates(run, exponents):
    # Small integers times powers of two are exact in float64, so the float run is the
    # reference run bit for bit, and no step is a near-tie except an exact tie w·x = 0.
    run["etas"] = [Fraction(2) ** k for k in exponents]
    result = numeric.train(**run)
    assert not (result.near_ties & (result.net_inputs != 0)).any()
    for e, eta in enumerate(run["etas"]):
        options = {key: run[key] for key in ("w0", "epochs", "bias", "rule")}
        predictions, weights = reference_run(run["X"], run["y"], eta, **options)
        assert result.predictions[e].tolist() == predictions
        assert result.weights[e].tolist() == [[float(v) for v in w] for w in weights]
        np.testing.assert_array_equal(result.final_weights[e], result.weights[e, -1])

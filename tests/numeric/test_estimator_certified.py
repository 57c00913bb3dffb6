"""numeric.Perceptron's float64 path is certified: a step float64 cannot decide (a near-tie)
is re-decided exactly, so ``errors_``, the signs of ``w_`` and the predictions are the exact
run's.  Expected values come from an independent Fraction loop written here."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import numeric
from numeric.estimator import Perceptron

# Six rows, one-decimal features, labels ±1.  With w⁽⁰⁾ = (0.01, 0.01, 0.01) (bias last) the
# second sample has w·x = 0.01·(−0.8) + 0.01·(−0.2) + 0.01, which float64 computes as 0.0 (a
# mistake for y = −1 under the mistake-driven rule: y·z ≤ 0) while its exact value, with every
# float at its binary value, is −5.55·10⁻¹⁹ (y·z > 0: no update).
NEAR_TIE_X = [[0.8, 1.4], [-0.8, -0.2], [1.1, -1.7], [-0.6, -2.5], [-0.3, 1.3], [-1.3, 1.4]]
NEAR_TIE_Y = [1, -1, 1, 1, -1, 1]
RATES = [0.1, 1, 10]
W0 = [0.01, 0.01, 0.01]


def fraction_loop(X, y, eta, w0, epochs):
    """The mistake-driven perceptron in exact rationals (floats at their binary values):
    updates per epoch and the final weights (bias last)."""
    w = [Fraction(v) for v in w0]
    rate = Fraction(eta)
    errors = []
    for _ in range(epochs):
        count = 0
        for row, target in zip(X, y, strict=True):
            x = [Fraction(v) for v in row] + [Fraction(1)]
            z = sum((a * b for a, b in zip(w, x, strict=True)), Fraction(0))
            if target * z <= 0:
                w = [a + rate * target * b for a, b in zip(w, x, strict=True)]
                count += 1
        errors.append(count)
    return errors, w


def exact_class(w, row):
    """+1 where the exact w·x (bias last) is ≥ 0, else −1."""
    x = [Fraction(v) for v in row] + [Fraction(1)]
    return 1 if sum((a * b for a, b in zip(w, x, strict=True)), Fraction(0)) >= 0 else -1


def sign(v) -> int:
    return int(v > 0) - int(v < 0)


def test_the_dataset_really_is_a_near_tie_for_float64():
    z_float = 0.01 * -0.8 + 0.01 * -0.2 + 0.01
    z_exact = Fraction(0.01) * Fraction(-0.8) + Fraction(0.01) * Fraction(-0.2) + Fraction(0.01)
    assert z_float == 0.0
    assert z_exact < 0 and abs(float(z_exact) + 5.55e-19) < 1e-21
    # The plain float64 loop updates three times, the exact one twice.
    w, count = np.array(W0), 0
    for row, target in zip(NEAR_TIE_X, NEAR_TIE_Y, strict=True):
        x = np.array([*row, 1.0])
        if target * (w[0] * x[0] + w[1] * x[1] + w[2] * x[2]) <= 0:
            w, count = w + 0.1 * target * x, count + 1
    assert count == 3
    assert fraction_loop(NEAR_TIE_X, NEAR_TIE_Y, 0.1, W0, 1)[0] == [2]


def test_errors_and_weights_at_a_float64_near_tie_are_the_exact_runs():
    fitted = Perceptron(eta=RATES, n_iter=1, w0=W0, rule="mistake-driven").fit(
        NEAR_TIE_X, NEAR_TIE_Y
    )
    expected = [fraction_loop(NEAR_TIE_X, NEAR_TIE_Y, eta, W0, 1) for eta in RATES]
    assert np.asarray(fitted.errors_).tolist() == [errors for errors, _ in expected] == [[2]] * 3
    for w, (_, exact) in zip(fitted.w_, expected, strict=True):
        assert [sign(v) for v in w] == [sign(v) for v in exact]
        assert list(w) == [float(v) for v in exact]  # the exact weights, rounded once
    predicted = fitted.predict(NEAR_TIE_X)
    for r, (_, exact) in enumerate(expected):
        assert list(predicted[:, r]) == [exact_class(exact, row) for row in NEAR_TIE_X]
    assert list(fitted.near_ties_) == [1, 1, 1]
    # w⁽⁰⁾ ≠ 0, so the rates end with different directions (w = w⁽⁰⁾ + η·v, v ≠ 0).
    first, last = expected[0][1], expected[-1][1]
    ratio = last[0] / first[0]
    assert any(b != ratio * a for a, b in zip(first, last, strict=True))
    assert fitted.same_classifier_ is False


@pytest.mark.parametrize("eta", [0.1, 1, 10])
def test_a_single_rate_agrees_with_the_exact_run_and_numeric_train(eta):
    fitted = Perceptron(eta=eta, n_iter=3, w0=W0, rule="mistake-driven").fit(NEAR_TIE_X, NEAR_TIE_Y)
    errors, exact = fraction_loop(NEAR_TIE_X, NEAR_TIE_Y, eta, W0, 3)
    assert fitted.errors_ == errors
    assert [sign(v) for v in fitted.w_] == [sign(v) for v in exact]
    trained = numeric.train(
        NEAR_TIE_X, NEAR_TIE_Y, eta, W0, 3, bias=True, rule="mistake-driven", exact=True
    )
    assert fitted.errors_ == trained.updates_per_epoch()[0].tolist()
    exact_mode = Perceptron(eta=eta, n_iter=3, w0=W0, rule="mistake-driven", exact=True)
    assert exact_mode.fit(NEAR_TIE_X, NEAR_TIE_Y).errors_ == errors


def test_predictions_at_a_near_tie_are_decided_exactly():
    # No sample is a mistake, so w_ stays w⁽⁰⁾; then (−0.8, −0.2) is the near-tie of above.
    X, y = [[1.0, 1.0], [-3.0, -3.0]], [1, -1]
    fitted = Perceptron(eta=1.0, n_iter=1, w0=W0, rule="mistake-driven").fit(X, y)
    assert fitted.errors_ == [0]
    assert list(fitted.w_) == W0
    query = [[-0.8, -0.2], [0.8, 0.2], [1.0, 1.0]]
    expected = [exact_class([Fraction(v) for v in W0], row) for row in query]
    assert expected == [-1, 1, 1]
    assert list(fitted.predict(query)) == expected
    z = fitted.net_input(query)
    assert z[0] < 0 and float(z[0]) == pytest.approx(-5.55e-19, rel=1e-2)
    assert fitted.score(query, expected) == 1.0


def test_random_one_decimal_datasets_agree_with_the_fraction_loop():
    # w⁽⁰⁾ = 0.01 with one-decimal features makes near-ties common (x₁ + x₂ = −1 is one).
    rng = np.random.default_rng(7)
    tied = 0
    for _ in range(40):
        X = np.round(rng.uniform(-3, 3, size=(6, 2)), 1).tolist()
        y = [1, -1, *rng.choice([-1, 1], size=4).tolist()]
        fitted = Perceptron(eta=RATES, n_iter=2, w0=W0, rule="mistake-driven").fit(X, y)
        tied += int(np.sum(fitted.near_ties_) > 0)
        predicted = fitted.predict(X)
        for r, eta in enumerate(RATES):
            errors, exact = fraction_loop(X, y, eta, W0, 2)
            assert list(fitted.errors_[r]) == errors
            assert [sign(v) for v in fitted.w_[r]] == [sign(v) for v in exact]
            assert list(predicted[:, r]) == [exact_class(exact, row) for row in X]
    assert tied > 0


def test_weights_set_by_hand_are_used_at_their_binary_values():
    fitted = Perceptron(eta=1.0, n_iter=1, w0=W0).fit([[1.0, 1.0], [-3.0, -3.0]], [1, -1])
    fitted.w_ = np.array([0.01, 0.01, 0.01])  # the same as fitted: exact −5.55e-19 below
    assert list(fitted.predict([[-0.8, -0.2]])) == [-1]
    fitted.w_ = np.array([-0.01, -0.01, -0.01])
    assert list(fitted.predict([[-0.8, -0.2]])) == [1]

"""Real data and a real peer: the textbook's Iris run, and scikit-learn's Perceptron."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
from conftest import require_module
from hypothesis import given
from hypothesis import strategies as st
from test_numeric_reference import reference_run

import numeric
from numeric.strategies import datasets, features, learning_rates

RATES = ["0.0001", "0.01", "0.1", "1", "10"]


def test_the_shipped_iris_subset_is_setosa_against_versicolor_from_scikit_learn():
    sklearn_datasets = require_module("sklearn.datasets")
    iris = sklearn_datasets.load_iris()
    X, y = numeric.load_iris()
    assert X.shape == (100, 2)
    expected = [[Fraction(str(row[0])), Fraction(str(row[2]))] for row in iris.data[:100]]
    assert X.tolist() == expected
    assert y.tolist() == [-1 if t == 0 else 1 for t in iris.target[:100]]


def test_the_textbook_zero_init_iris_run_makes_the_same_mistakes_for_every_rate():
    X, y = numeric.load_iris()
    result = numeric.train(X, y, RATES, epochs=10, bias=True, exact=True)
    # Misclassifications per epoch, as the textbook plots them, from the independent
    # reference loop with η = 0.1; the twin gives the same for every rate.
    predictions, _ = reference_run(X.tolist(), y.tolist(), Fraction(1, 10), epochs=10, bias=True)
    mistakes = (np.array(predictions).reshape(10, 100) != y).sum(axis=1)
    assert mistakes.tolist() == [2, 2, 3, 2, 1, 0, 0, 0, 0, 0]
    assert (result.updates_per_epoch() == mistakes).all()
    # w/η is the same vector for every rate.
    scaled = [tuple(w / Fraction(eta)) for w, eta in zip(result.final_weights, RATES, strict=True)]
    assert len(set(scaled)) == 1


def test_the_iris_run_in_float64_is_certified_and_agrees_with_exact_arithmetic():
    X, y = numeric.load_iris()
    verdict = numeric.check_eta_invariance(X, y, RATES, epochs=10, bias=True)
    assert verdict.invariant is True


@st.composite
def integer_problems(draw):
    X, y = draw(datasets(elements=features(kinds=("integers",)), max_n=10))
    y[0], y[-1] = -1, 1  # scikit-learn needs both classes
    if len(y) == 1:
        X, y = [*X, [-v for v in X[0]]], [-1, 1]
    return np.array(X, dtype=float), np.array(y)


@given(
    integer_problems(),
    learning_rates(kinds=("powers-of-two",), min_exponent=-8, max_exponent=8),
    st.integers(1, 5),
)
def test_mistake_driven_with_bias_reproduces_scikit_learn_without_early_stopping(
    data, eta0, epochs
):
    linear_model = require_module("sklearn.linear_model")
    X, y = data
    peer = linear_model.Perceptron(eta0=float(eta0), tol=None, shuffle=False, max_iter=epochs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter reached, as asked
        peer.fit(X, y)
    result = numeric.train(X, y, [eta0], epochs=epochs, bias=True, rule="mistake-driven")
    w = result.final_weights[0]
    np.testing.assert_array_equal(peer.coef_[0], w[:-1])
    assert peer.intercept_[0] == w[-1]
    assert peer.n_iter_ == epochs


# Found by a Hypothesis search over small integer datasets (see the README): a perceptron that
# never converges, so where it stops decides where it ends.
CYCLING_X = np.array([[0, 0], [0, 0], [0, 0], [-1, 0], [-2, 0]], dtype=float)
CYCLING_Y = np.array([-1, -1, 1, -1, 1])


def fit(eta0: float, **options):
    linear_model = require_module("sklearn.linear_model")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return linear_model.Perceptron(eta0=eta0, shuffle=False, **options).fit(
            CYCLING_X, CYCLING_Y
        )


def test_scikit_learns_default_tol_makes_its_result_depend_on_eta0():
    # Early stopping compares the epoch's perceptron loss, which grows with eta0, with a fixed
    # tol = 1e-3: a tiny eta0 "stops improving" one epoch sooner.  The rates are powers of two,
    # so no rounding is involved.
    small, large = fit(2.0**-10), fit(1.0)
    assert (small.n_iter_, large.n_iter_) == (6, 7)
    assert (small.predict(CYCLING_X) != large.predict(CYCLING_X)).any()
    assert not np.array_equal(small.coef_ / 2.0**-10, large.coef_ / 1.0)
    # Each stopping point is exactly the rule's run for that many epochs.
    for model in (small, large):
        run = numeric.train(
            CYCLING_X,
            CYCLING_Y,
            [model.eta0],
            epochs=model.n_iter_,
            bias=True,
            rule="mistake-driven",
        )
        np.testing.assert_array_equal(run.final_weights[0], [*model.coef_[0], model.intercept_[0]])


def test_without_early_stopping_scikit_learns_weights_only_scale_with_eta0():
    small, large = fit(2.0**-10, tol=None, max_iter=7), fit(1.0, tol=None, max_iter=7)
    np.testing.assert_array_equal(small.coef_ / 2.0**-10, large.coef_)
    np.testing.assert_array_equal(small.predict(CYCLING_X), large.predict(CYCLING_X))

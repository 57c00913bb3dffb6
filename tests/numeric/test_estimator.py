"""numeric.Perceptron: the textbook's estimator on the numeric twin, in scikit-learn's
conventions.  Expected values come from an independent copy of the book's own loop."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from conftest import require_module

import numeric
from numeric.estimator import NotFittedError, Perceptron


def book_perceptron(X, y, eta, n_iter, random_state=1, zero=False):
    """The textbook's Perceptron.fit, line by line (bias weight first, float64)."""
    rgen = np.random.RandomState(random_state)
    X = np.asarray(X, dtype=float)
    w = np.zeros(1 + X.shape[1]) if zero else rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
    errors = []
    for _ in range(n_iter):
        count = 0
        for xi, target in zip(X, y, strict=True):
            predicted = np.where(np.dot(xi, w[1:]) + w[0] >= 0.0, 1, -1)
            update = eta * (target - predicted)
            w[1:] += update * xi
            w[0] += update
            count += int(update != 0.0)
        errors.append(count)
    return np.concatenate([w[1:], w[:1]]), errors  # bias last, as etaproof keeps it


IRIS_X, IRIS_Y = numeric.load_iris()


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("w0", ["zero", "textbook"])
def test_errors_per_epoch_on_iris_are_the_books(w0, exact):
    w, errors = book_perceptron(IRIS_X, IRIS_Y, 0.1, 10, zero=w0 == "zero")
    fitted = Perceptron(eta=0.1, n_iter=10, w0=w0, exact=exact).fit(IRIS_X, IRIS_Y)
    assert fitted.errors_ == errors
    assert np.allclose(np.asarray(fitted.w_, dtype=float), w, rtol=1e-12, atol=1e-12)
    assert fitted.score(IRIS_X, IRIS_Y) == 1.0


def test_zero_init_errors_match_the_known_iris_figure():
    # The zero-init counts the textbook's figure shows for η = 0.1 (also η-free).
    assert Perceptron(eta=0.1, n_iter=10).fit(IRIS_X, IRIS_Y).errors_ == [
        2,
        2,
        3,
        2,
        1,
        0,
        0,
        0,
        0,
        0,
    ]


def test_many_rates_at_once_answer_whether_they_give_the_same_classifier():
    rates = ["0.0001", "0.1", "10"]
    zero = Perceptron(eta=rates, n_iter=10).fit(IRIS_X, IRIS_Y)
    assert zero.same_classifier_ is True
    assert zero.errors_.shape == (3, 10)
    random = Perceptron(eta=rates, n_iter=10, w0="textbook").fit(IRIS_X, IRIS_Y)
    # Independently: the book's loop gives final weights that are not positive multiples.
    finals = [book_perceptron(IRIS_X, IRIS_Y, float(r), 10)[0] for r in rates]
    cosines = [f @ finals[0] / np.linalg.norm(f) / np.linalg.norm(finals[0]) for f in finals]
    assert min(cosines) < 0.999
    assert random.same_classifier_ is False


def test_the_textbook_init_is_the_books_draw_with_the_bias_weight_moved_last():
    draw = np.random.RandomState(1).normal(loc=0.0, scale=0.01, size=3)
    assert list(numeric.textbook_weights(1, 2)) == [draw[1], draw[2], draw[0]]


def test_labels_may_be_any_two_values_and_predictions_come_back_in_them():
    y = np.where(IRIS_Y == 1, "versicolor", "setosa")
    fitted = Perceptron(eta=0.1, n_iter=10).fit(IRIS_X, y)
    assert list(fitted.classes_) == ["setosa", "versicolor"]
    assert (fitted.predict(IRIS_X) == y).all()


def test_parameters_follow_scikit_learns_protocol_without_scikit_learn():
    model = Perceptron(eta=0.5, n_iter=3)
    assert model.get_params() == {
        "eta": 0.5,
        "n_iter": 3,
        "w0": "zero",
        "random_state": 1,
        "rule": "rosenblatt",
        "exact": False,
    }
    assert model.set_params(n_iter=4) is model and model.n_iter == 4
    assert repr(model) == "Perceptron(eta=0.5, n_iter=4)"
    with pytest.raises(ValueError, match="Invalid parameter 'epochs'"):
        model.set_params(epochs=3)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Perceptron().predict([[1, 2]]), NotFittedError, "not fitted yet"),
        (lambda: Perceptron().fit([[1], [2], [3]], [0, 1, 2]), ValueError, "exactly 2 classes"),
        (lambda: Perceptron().fit([[1], [2]], [1, 1]), ValueError, "1 class"),
        (lambda: Perceptron().fit([1, 2], [0, 1]), ValueError, "Reshape your data"),
        (lambda: Perceptron().fit([[1], [2]], [0.5, 1.5]), ValueError, "continuous"),
        (lambda: Perceptron(w0="ones").fit([[1], [2]], [0, 1]), ValueError, "'zero', 'textbook'"),
        (
            lambda: Perceptron().fit([[1], [2]], [0, 1]).predict([[1, 2]]),
            ValueError,
            "X has 2 features",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_that_says_what_to_do(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_exact_mode_keeps_fractions():
    fitted = Perceptron(eta=Fraction(1, 10), n_iter=10, exact=True).fit(IRIS_X, IRIS_Y)
    assert all(isinstance(v, Fraction) for v in fitted.w_)


def test_integers_numpy_would_round_are_fitted_exactly():
    """Review: np.asarray read [[2⁶³ + 1], [5]] as float64 (2⁶³) and [2⁵³ + 1, 0.5] as
    2⁵³.  By hand (η = 1, one epoch, bias last): step 1 (w·x = 0, ŷ = 1, y = −1) gives
    w = −2·(x₁, 1); step 2 (w·x < 0, ŷ = −1, y = 1) adds 2·(x₂, 1)."""
    big = 2**63 + 1
    fitted = Perceptron(eta=1, n_iter=1, exact=True).fit([[big], [5]], [-1, 1])
    assert fitted.w_.tolist() == [-2 * big + 10, 0]
    fitted = Perceptron(eta=1, n_iter=1, exact=True).fit([[2**53 + 1, 0.5], [1, 0.25]], [-1, 1])
    assert fitted.w_.tolist() == [-2 * (2**53 + 1) + 2, Fraction(-1, 2), 0]


def test_text_and_decimals_are_read_as_train_reads_them():
    """Review: X went through astype(float), so "0.1" and Decimal("0.1") were the double
    0.1, "1/3" was refused and a float beside a text became text.  By hand, w⁽⁰⁾ = (−10, 1)
    (bias last), η = 1: at x = 1/10 exactly, w·x = −1 + 1 = 0, ŷ = 1 ≠ −1, so w becomes
    (−10 − 2/10, −1); at x = −5, w·x = 51 − 1 > 0 = ŷ's sign, no update: one error."""
    from decimal import Decimal

    expected = [Fraction(-51, 5), -1]
    for X in ([["0.1"], ["-5"]], [[Decimal("0.1")], [-5]], np.array([["1/10"], ["-5"]])):
        for exact in (True, False):
            fitted = Perceptron(eta=1, n_iter=1, w0=[-10, 1], exact=exact).fit(X, [-1, 1])
            assert fitted.errors_ == [1], (X, exact)  # the double 0.1 made no error here
            if exact:
                assert fitted.w_.tolist() == expected
            else:
                assert fitted.w_[1] == -1 and abs(fitted.w_[0] + 10.2) < 1e-12
    mixed = Perceptron(eta=1, n_iter=1, exact=True).fit([[0.5, "1/3"], [Decimal("2"), 1]], [1, -1])
    # step 1: w·x = 0, ŷ = 1 = y; step 2: w·x = 0, ŷ = 1 ≠ −1: w = −2·(2, 1, 1)
    assert mixed.w_.tolist() == [-4, -2, -2]
    assert mixed.predict([["1/3", 0.5]]).tolist() == [-1]


def test_labels_numpy_would_round_are_kept():
    """By hand (η = 1, bias last, 2⁶³ + 1 the positive class): the run stops updating in its
    fourth epoch at w = (2.4, 0, 2), which puts sample 1 above 0 and sample 2 below; predict
    wrapped 2⁶³ + 1 to −2⁶³ + 1 through np.where (a review of this fix)."""
    X, y = [["0.1", "1"], ["-1", "2"]], [2**63 + 1, 5]
    for exact in (True, False):
        fitted = Perceptron(eta=1, exact=exact).fit(X, y)
        assert fitted.classes_.tolist() == [5, 2**63 + 1]
        assert fitted.predict(X).tolist() == y and fitted.score(X, y) == 1.0
    exact_fit = Perceptron(eta=1, exact=True).fit(X, y)
    assert exact_fit.w_.tolist() == [Fraction(12, 5), 0, 2]


def test_numpy_integers_numpy_would_round_are_fitted_exactly():
    rows = [[np.int64(2**53 + 1), 0.5], [1, 0.25]]
    fitted = Perceptron(eta=1, n_iter=1, exact=True).fit(rows, [-1, 1])
    assert fitted.w_.tolist() == [-2 * (2**53 + 1) + 2, Fraction(-1, 2), 0]  # as above, by hand


def test_scikit_learns_estimator_checks_pass():
    require_module("sklearn")
    from sklearn.utils.estimator_checks import check_estimator

    results = check_estimator(Perceptron(), on_fail=None)
    failed = [
        (r["check_name"], str(r["exception"])[:200]) for r in results if r["status"] == "failed"
    ]
    assert failed == []
    assert sum(r["status"] == "passed" for r in results) >= 50

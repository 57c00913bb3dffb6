"""``Perceptron.partial_fit`` and ``decision_function``: E calls of partial_fit are fit with
n_iter=E, decision_function is the net input whose sign predict reads, bad calls are one line."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from numeric.errors import DimensionMismatch, InvalidLabel
from numeric.estimator import Perceptron

rng = np.random.default_rng(7)
X = rng.normal(size=(25, 3))
Y = np.where(X[:, 0] + 0.4 * X[:, 1] - 0.2 > 0, "yes", "no")


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("eta", [0.1, [0.1, 2.0, "1/3"]])
@pytest.mark.parametrize("w0", ["zero", "textbook"])
def test_partial_fit_epoch_by_epoch_is_fit(eta, exact, w0):
    fitted = Perceptron(eta=eta, n_iter=4, exact=exact, w0=w0).fit(X, Y)
    stepwise = Perceptron(eta=eta, exact=exact, w0=w0)
    for _ in range(4):
        stepwise.partial_fit(X, Y, classes=["no", "yes"])
    assert np.array_equal(np.asarray(fitted.w_, object), np.asarray(stepwise.w_, object))
    assert np.array_equal(np.asarray(fitted.errors_), np.asarray(stepwise.errors_))
    assert np.array_equal(fitted.predict(X), stepwise.predict(X))
    assert sum(np.asarray(stepwise.errors_).ravel()) > 0  # it learnt something


def test_partial_fit_by_hand():
    """Rosenblatt (ŷ = 1 where w·x ≥ 0), η = 1, zero start, bias last.  Epoch 1: (1, 2)
    labelled 1 has w·x = 0, ŷ = 1, no update; (−1, −1) labelled −1 has w·x = 0, ŷ = 1, so
    Δw = η(y − ŷ)(x, 1) = −2·(−1, −1, 1) = (2, 2, −2).  Epoch 2: w·(1, 2, 1) = 4 and
    w·(−1, −1, 1) = −6, both right: no update."""
    model = Perceptron(eta=1, exact=True)
    model.partial_fit([[1, 2], [-1, -1]], [1, -1], classes=[-1, 1])
    assert list(model.w_) == [Fraction(2), Fraction(2), Fraction(-2)]
    assert model.errors_ == [1]
    model.partial_fit([[1, 2], [-1, -1]], [1, -1])
    assert model.errors_ == [1, 0]


def test_decision_function_is_the_net_input_predict_reads():
    model = Perceptron(eta=0.5, n_iter=3).fit(X, Y)
    scores = model.decision_function(X)
    assert np.array_equal(scores, model.net_input(X))
    assert np.array_equal(np.where(scores >= 0, "yes", "no"), model.predict(X))


@pytest.mark.parametrize(
    ("calls", "error", "message"),
    [
        ([dict(classes=None)], InvalidLabel, "classes must be given on the first call"),
        ([dict(classes=["no", "yes", "maybe"])], InvalidLabel, "must hold exactly 2 labels"),
        ([dict(classes=["a", "b"])], InvalidLabel, "not among classes"),
        ([dict(classes=["no", "yes"]), dict(X=X[:, :2])], DimensionMismatch, "2 features"),
        ([dict(classes=["no", "yes"]), dict(classes=["a", "b"])], InvalidLabel, "differs"),
    ],
)
def test_bad_partial_fit_calls_are_one_clear_line(calls, error, message):
    model = Perceptron(eta=0.1)
    *before, last = calls
    for call in before:
        model.partial_fit(call.get("X", X), Y, classes=call.get("classes"))
    with pytest.raises(error, match=message):
        model.partial_fit(last.get("X", X), Y, classes=last.get("classes"))

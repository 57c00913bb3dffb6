"""numeric.train_network: the one-hidden-layer twin of the hidden-unit-symmetry answers."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from numeric.errors import DimensionMismatch, InvalidLearningRate, InvalidNumber
from numeric.network import (
    ACTIVATIONS,
    LOSSES,
    Rates,
    UnknownFunction,
    gradients,
    train_network,
)

SMOOTH = ["tanh", "sigmoid", "identity"]


def equal_units(rng, m, d, scale=1.0):
    return (
        np.tile(rng.normal(size=d) * scale, (m, 1)),
        np.full(m, rng.normal() * scale),
        np.full(m, rng.normal() * scale),
    )


@given(
    seed=st.integers(0, 2**32 - 1),
    m=st.integers(1, 6),
    d=st.integers(1, 4),
    n=st.integers(1, 6),
    activation=st.sampled_from(sorted(ACTIVATIONS)),
    loss=st.sampled_from(sorted(LOSSES)),
)
def test_units_that_start_equal_stay_bitwise_equal_in_float64(seed, m, d, n, activation, loss):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.choice([-1.0, 1.0], n)
    W, b, v = equal_units(rng, m, d)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run must stay equal too
        trace = train_network(
            X,
            y,
            W=W,
            b=b,
            v=v,
            c=rng.normal(),
            eta=0.1,
            epochs=3,
            activation=activation,
            loss=loss,
        )
    assert all(trace.units_equal(k) for k in range(trace.steps + 1))


def test_one_perturbed_bias_separates_the_units():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(6, 2)), rng.choice([-1.0, 1.0], 6)
    W, b, v = equal_units(rng, 3, 2)
    b = b.copy()
    b[0] += 0.5  # equal incoming and outgoing weights, one bias different
    trace = train_network(X, y, W=W, b=b, v=v, c=0.0, eta=0.1, epochs=5)
    assert not (trace.W[-1] == trace.W[-1][0]).all()
    assert not trace.units_equal(trace.steps)


@pytest.mark.parametrize("activation", SMOOTH)
@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_gradients_agree_with_central_finite_differences(activation, loss):
    rng = np.random.default_rng(7)
    sigma, ell = ACTIVATIONS[activation], LOSSES[loss]
    x, y = rng.normal(size=3), 1.0
    W, b, v, c = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=4), 0.3
    dW, db, dv, dc, _, _ = gradients(x, y, W, b, v, c, sigma, ell)

    def value(W=W, b=b, v=v, c=c):
        return gradients(x, y, W, b, v, c, sigma, ell)[5]

    h = 1e-6
    for array, grad, name in ((W, dW, "W"), (b, db, "b"), (v, dv, "v")):
        for index in np.ndindex(array.shape):
            up, down = array.copy(), array.copy()
            up[index] += h
            down[index] -= h
            numeric_grad = (value(**{name: up}) - value(**{name: down})) / (2 * h)
            assert numeric_grad == pytest.approx(grad[index], rel=1e-5, abs=1e-8)
    assert (value(c=c + h) - value(c=c - h)) / (2 * h) == pytest.approx(dc, rel=1e-5)


def test_tanh_from_all_zero_weights_only_the_output_bias_learns_for_1000_steps():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(10, 3)), rng.choice([-1.0, 1.0], 10)
    m = 5
    trace = train_network(
        X, y, W=np.zeros((m, 3)), b=np.zeros(m), v=np.zeros(m), c=0.0, eta=0.05, epochs=100
    )
    assert trace.steps == 1000
    assert (trace.W == 0).all() and (trace.b == 0).all() and (trace.v == 0).all()
    assert trace.c[-1] != 0


def test_sigmoid_units_from_all_zero_weights_move_but_together():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(4, 2)), rng.choice([-1.0, 1.0], 4)
    m = 3
    trace = train_network(
        X,
        y,
        W=np.zeros((m, 2)),
        b=np.zeros(m),
        v=np.zeros(m),
        c=0.0,
        eta=0.5,
        epochs=3,
        activation="sigmoid",
    )
    assert (trace.v[-1] != 0).all() and (trace.W[-1] != 0).any()
    assert all(trace.units_equal(k) for k in range(trace.steps + 1))


def test_m_equal_units_are_one_unit_with_weight_m_v_and_rates_m_eta_and_eta_over_m_exactly():
    X = [[Fraction(1, 2), Fraction(-1)], [Fraction(2), Fraction(1, 3)], [Fraction(-1), 1]]
    y = [Fraction(1), Fraction(-1), Fraction(1, 2)]
    m, eta = 3, Fraction(1, 10)
    w, b0, v0 = [Fraction(1, 5), Fraction(-1, 2)], Fraction(1, 7), Fraction(2, 3)
    wide = train_network(
        X,
        y,
        W=[w] * m,
        b=[b0] * m,
        v=[v0] * m,
        c=0,
        eta=eta,
        epochs=2,  # exact fractions grow threefold in length per step
        activation="identity",
        exact=True,
    )
    narrow = train_network(
        X,
        y,
        W=[w],
        b=[b0],
        v=[m * v0],
        c=0,
        eta=Rates(eta / m, eta / m, m * eta, eta),
        epochs=2,
        activation="identity",
        exact=True,
    )
    assert list(wide.outputs) == list(narrow.outputs)
    for k in range(wide.steps + 1):
        assert (wide.W[k][0] == narrow.W[k][0]).all() and wide.b[k][0] == narrow.b[k][0]
        assert m * wide.v[k][0] == narrow.v[k][0] and wide.c[k] == narrow.c[k]


def test_the_one_unit_equivalence_holds_for_tanh_within_float64_rounding():
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(5, 2)), rng.choice([-1.0, 1.0], 5)
    m, eta = 4, 0.1
    W, b, v = equal_units(rng, m, 2)
    wide = train_network(X, y, W=W, b=b, v=v, c=0.0, eta=eta, epochs=10)
    narrow = train_network(
        X,
        y,
        W=W[:1],
        b=b[:1],
        v=m * v[:1],
        c=0.0,
        eta=Rates(eta / m, eta / m, m * eta, eta),
        epochs=10,
    )
    assert np.allclose(wide.outputs, narrow.outputs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"activation": "softplus"}, UnknownFunction, "activation='softplus' must be one of"),
        ({"loss": "hinge"}, UnknownFunction, "loss='hinge' must be one of"),
        ({"activation": "tanh", "exact": True}, UnknownFunction, "rational activation"),
        ({"eta": -1}, InvalidLearningRate, "must be a positive number"),
        ({"W": [[1.0, 2.0, 3.0]]}, DimensionMismatch, "W must be m × d"),
        ({"v": [1.0, 2.0]}, DimensionMismatch, "b, v must have m entries"),
    ],
)
def test_bad_network_input_is_refused_by_name(kwargs, error, message):
    options = {"W": [[1.0, 2.0]], "b": [0.0], "v": [1.0], "c": 0.0, "eta": 0.1, **kwargs}
    with pytest.raises(error, match=message):
        train_network([[1.0, 2.0]], [1.0], **options)


def test_a_trace_reads_as_one_short_line():
    trace = train_network([[1.0]], [1.0], W=[[0.5]], b=[0.0], v=[1.0], c=0.0, eta=0.1)
    assert repr(trace) == "NetworkTrace(1 hidden unit, d=1, 1 steps, tanh, squared loss, float64)"


def test_minus_zero_and_zero_are_equal_units():
    """Review: bit patterns told −0.0 from 0.0, so units with biases 0.0 and −0.0 'differed'."""
    import numeric

    run = numeric.train_network([[0.0]], [1.0], W=[[0.0], [0.0]], b=[0.0, -0.0], v=[1.0, 1.0],
                                c=0.0, eta=0.1)  # fmt: skip
    assert run.units_equal(0) and run.units_equal(1)


def test_a_rate_float64_cannot_hold_is_refused_as_train_refuses_it():
    # Review: float("1e-400") is 0.0 (the weights did not move), "1e400" raised OverflowError
    network = {"X": [[1.0, 2.0]], "y": [1.0], "W": [[0.5, -0.5]], "b": [0.0], "v": [1.0]}
    with pytest.raises(InvalidLearningRate, match="must not round to 0 in float64"):
        train_network(**network, c=0.0, eta="1e-400")
    with pytest.raises(InvalidLearningRate, match="must fit in float64"):
        train_network(**network, c=0.0, eta="1e400")
    with pytest.raises(InvalidNumber, match="must fit in float64"):
        train_network(**network, c="1e400", eta=0.1)

"""The symbolic network against its numeric twin (numeric.network): the same gradients for
every activation and loss, the same exact runs, and the one-unit equivalence exactly.

The twin's own properties are tested in tests/numeric/test_network.py (among them: from
all-zero weights with tanh, W, b and v stay exactly zero for 1000 steps while c moves; the
one-unit equivalence on rational data in Fractions); here each twin is read against the
other."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from sympy import Rational, Symbol

from numeric.network import ACTIVATIONS as NUMERIC_ACTIVATIONS
from numeric.network import LOSSES as NUMERIC_LOSSES
from numeric.network import Rates, gradients
from numeric.network import train_network as numeric_train
from symbolic.network import ACTIVATIONS, LOSSES, Network, activation_of, loss_of, train_network
from symbolic.network.model import gradient_formula


def test_the_twins_name_the_same_functions():
    assert set(ACTIVATIONS) == set(NUMERIC_ACTIVATIONS)
    assert set(LOSSES) == set(NUMERIC_LOSSES)


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_sympys_gradients_are_the_twins_on_random_inputs(activation, loss):
    rng = np.random.default_rng(11)
    m, d = 3, 2
    formula = gradient_formula(m, d, activation_of(activation), loss_of(loss))
    for _ in range(3):
        x, y = rng.normal(size=d), float(rng.choice([-1.0, 1.0]))
        W, b, v, c = rng.normal(size=(m, d)), rng.normal(size=m), rng.normal(size=m), 0.3
        dW, db, dv, dc, output, _ = gradients(
            x, y, W, b, v, c, NUMERIC_ACTIVATIONS[activation], NUMERIC_LOSSES[loss]
        )
        exact = Network.of(W.tolist(), b.tolist(), v.tolist(), c)  # floats at binary value
        ours = formula.at(exact, [Rational(e) for e in x], Rational(y))
        as_float = lambda e: float(e.evalf(30))  # noqa: E731
        assert as_float(ours.output) == pytest.approx(output, rel=1e-12)
        assert as_float(ours.c) == pytest.approx(dc, rel=1e-9, abs=1e-12)
        for j in range(m):
            assert as_float(ours.b[j]) == pytest.approx(db[j], rel=1e-9, abs=1e-12)
            assert as_float(ours.v[j]) == pytest.approx(dv[j], rel=1e-9, abs=1e-12)
            for i in range(d):
                assert as_float(ours.W[j, i]) == pytest.approx(dW[j, i], rel=1e-9, abs=1e-12)


def test_relu_has_the_twins_convention_at_the_kink():
    z = Symbol("z")
    relu = activation_of("relu")
    assert relu(z).diff(z).subs(z, 0) == 0
    assert relu(z).diff(z).subs(z, Rational(1, 3)) == 1
    kink = np.array([0.0])
    assert NUMERIC_ACTIVATIONS["relu"].derivative(kink)[0] == 0.0


X = [[Fraction(1, 2), Fraction(-1)], [Fraction(2), Fraction(1, 3)], [Fraction(-1), 1]]
Y = [Fraction(1), Fraction(-1), Fraction(1, 2)]


@pytest.mark.parametrize("activation", ["identity", "relu"])
def test_an_exact_run_is_the_twins_fraction_for_fraction(activation):
    start = dict(W=[[Fraction(1, 5), Fraction(-1, 2)], [1, 0]], b=[Fraction(1, 7), 0],
                 v=[Fraction(2, 3), -1], c=0, eta=Fraction(1, 10), epochs=2)  # fmt: skip
    ours = train_network(X, Y, activation=activation, loss="squared", **start)
    twin = numeric_train(X, Y, activation=activation, loss="squared", exact=True, **start)
    for k in range(ours.steps + 1):
        assert [[Fraction(str(e)) for e in ours.W(k).row(j)] for j in range(2)] == twin.W[
            k
        ].tolist()
        assert [Fraction(str(e)) for e in ours.v(k)] == list(twin.v[k])
        assert Fraction(str(ours.c(k))) == twin.c[k]


def test_m_equal_units_are_one_unit_with_m_v_and_rates_m_eta_and_eta_over_m_exactly():
    m, eta = 3, Fraction(1, 10)
    w, b0, v0 = [Fraction(1, 5), Fraction(-1, 2)], Fraction(1, 7), Fraction(2, 3)
    common = dict(activation="identity", loss="squared", epochs=2)
    wide = train_network(X, Y, W=[w] * m, b=[b0] * m, v=[v0] * m, c=0, eta=eta, **common)
    one = train_network(X, Y, W=[w], b=[b0], v=[m * v0], c=0,
                        eta=Rates(eta / m, eta / m, m * eta, eta), **common)  # fmt: skip
    assert wide.outputs == one.outputs
    for k in range(wide.steps + 1):
        assert all(wide.W(k).row(j) == one.W(k).row(0) for j in range(m))
        assert all(wide.b(k)[j] == one.b(k)[0] for j in range(m))
        assert all(m * wide.v(k)[j] == one.v(k)[0] for j in range(m))
        assert wide.c(k) == one.c(k)


def test_the_one_unit_equivalence_holds_symbolically_for_any_activation_and_loss():
    eta, m = Symbol("eta", positive=True), 2
    x, y = [[Symbol("x1")], [Symbol("x2")]], [Symbol("y1"), Symbol("y2")]
    w, b0, v0, c0 = Symbol("w"), Symbol("b"), Symbol("v"), Symbol("c")
    wide = train_network(x, y, W=[[w]] * m, b=[b0] * m, v=[v0] * m, c=c0, eta=eta)
    one = train_network(x, y, W=[[w]], b=[b0], v=[m * v0], c=c0,
                        eta=Rates(eta / m, eta / m, m * eta, eta))  # fmt: skip
    assert (wide.W(1)[0, 0] - one.W(1)[0, 0]).expand() == 0
    assert (m * wide.v(1)[0] - one.v(1)[0]).expand() == 0
    assert (wide.outputs[1] - one.outputs[1]).expand() == 0

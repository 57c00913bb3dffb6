"""The twins agree: on concrete data the symbolic trace (SymPy) and the numeric twin (NumPy,
exact mode) give the same ŷ⁽ᵏ⁾, the same w⁽ᵏ⁾ and, at zero init, the same g_k = Δw⁽ᵏ⁾/η."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import require_module
from hypothesis import given
from hypothesis import strategies as st
from sympy import Rational

import numeric
import symbolic
from numeric.strategies import datasets, initial_weights, learning_rates


def as_fraction(value) -> Fraction:
    rational = Rational(value)
    return Fraction(int(rational.p), int(rational.q))


@st.composite
def small_problems(draw):
    rule = numeric.get_rule(draw(st.sampled_from(sorted(numeric.RULES))))
    X, y = draw(datasets(labels=rule.labels, max_n=4, max_d=2))
    return {
        "X": X,
        "y": y,
        "epochs": draw(st.integers(1, 2)),
        "bias": draw(st.booleans()),
        "rule": rule.name,
    }


@given(small_problems(), st.lists(learning_rates(), min_size=1, max_size=3))
def test_symbolic_g_k_is_the_numeric_delta_w_over_eta_at_zero_init(problem, etas):
    X, y, options = problem.pop("X"), problem.pop("y"), problem
    trace = symbolic.perceptron_trace((X, y), eta=symbolic.ETA, w0=0, **options)
    result = numeric.train(X, y, etas, **options, exact=True)
    for k in range(1, trace.steps + 1):
        eta, g = symbolic.factor_eta(trace.delta_w(k), symbolic.ETA)
        assert eta == symbolic.ETA
        g = [as_fraction(entry) for entry in g]
        for e, rate in enumerate(etas):
            delta = result.weights[e, k] - result.weights[e, k - 1]
            assert [entry / Fraction(rate) for entry in delta] == g
            assert int(trace.y_hat(k)) == result.predictions[e, k - 1]


@given(small_problems(), learning_rates(), st.data())
def test_symbolic_and_numeric_runs_agree_with_a_concrete_rate_and_nonzero_init(problem, eta, data):
    X, y, options = problem.pop("X"), problem.pop("y"), problem
    w0 = data.draw(initial_weights(len(X[0]) + options["bias"]))
    trace = symbolic.perceptron_trace((X, y), eta=eta, w0=w0, **options)
    result = numeric.train(X, y, [eta], w0=w0, **options, exact=True)
    for k in range(1, trace.steps + 1):
        assert int(trace.y_hat(k)) == result.predictions[0, k - 1]
        assert as_fraction(trace.coefficient(k)) == result.coefficients[0, k - 1]
        assert [as_fraction(v) for v in trace.w(k)] == list(result.weights[0, k])


@pytest.mark.parametrize("backend", ["numpy", "numba"])
@pytest.mark.parametrize("w0", [-(2**61), Fraction(-(2**61), 3)])
def test_a_mistake_rule_with_labels_past_one_tells_y_z_from_signs_not_the_product(backend, w0):
    # Labels (−5, −1), y = −5, x = 1, w⁽⁰⁾ = −2⁶¹: z = w·x < 0 and y·z = 5·2⁶¹ > 0, so no
    # mistake and no update; the product passes int64 (it gave c = −5, an update).
    if backend == "numba":
        require_module("numba")
    rule = numeric.Rule("five", (-5, -1), "mistake", "labels past one")
    run = numeric.train([[1]], [-5], [1], [w0], rule=rule, exact=True, backend=backend,
                        keep="predictions")  # fmt: skip
    assert run.predictions[0].tolist() == [-5] and run.coefficients[0].tolist() == [0]
    assert numeric.phase_diagram([[1]], [-5], [w0], rule=rule).phases[0].updates == (False,)

"""With non-zero initial weights η enters φ's argument, and predictions flip at η*."""

import pytest
from sympy import Rational

from symbolic import (
    ETA,
    InvalidLearningRate,
    NotFactorable,
    analyse_nonzero_init,
    critical_learning_rate,
    generic_dataset,
    is_shown_zero,
    perceptron_trace,
    phi,
)


def test_the_critical_learning_rate_at_step_2_is_the_issues_formula():
    data = generic_dataset(2, 2)
    trace = perceptron_trace(data)
    w0, x1, x2, y1 = trace.w0, data.x(1), data.x(2), data.y(1)
    expected = -(w0.T * x2)[0] / ((y1 - phi((w0.T * x1)[0])) * (x1.T * x2)[0])
    assert is_shown_zero(critical_learning_rate(trace, 2) - expected)


def test_the_net_input_vanishes_at_the_critical_learning_rate():
    trace = perceptron_trace(generic_dataset(2, 3))
    eta_star = critical_learning_rate(trace, 2)
    assert is_shown_zero(trace.z(2).subs(ETA, eta_star))


def test_the_analysis_names_the_phi_that_keeps_eta_and_a_witness_that_flips():
    analysis = analyse_nonzero_init()
    culprit = analysis.obstruction.culprit
    assert culprit.func is phi and ETA in culprit.free_symbols
    # Witness by hand: w⁰ = 1, x¹ = x² = 1, y¹ = −1: ŷ¹ = 1, w¹ = 1 − 2η, ŷ² = φ(1 − 2η).
    assert analysis.witness["eta_star"] == Rational(1, 2)
    assert analysis.witness["y_hat"] == (1, -1)


def test_the_witness_flips_exactly_at_the_critical_rate_by_hand():
    X, y, w0 = [[1], [1]], [-1, 1], [1]
    just_below = perceptron_trace((X, y), eta=Rational(49, 100), w0=w0)
    at = perceptron_trace((X, y), eta=Rational(1, 2), w0=w0)  # w¹ = 0: a tie, φ(0) = 1
    above = perceptron_trace((X, y), eta=Rational(51, 100), w0=w0)
    assert [just_below.y_hat(2), at.y_hat(2), above.y_hat(2)] == [1, 1, -1]


def test_step_1_has_no_critical_rate_and_later_steps_of_a_generic_run_are_not_affine():
    trace = perceptron_trace(generic_dataset(3, 2))
    assert critical_learning_rate(trace, 1) is None
    with pytest.raises(NotFactorable, match="piecewise"):
        critical_learning_rate(trace, 3)


def test_a_critical_rate_needs_a_symbolic_eta():
    trace = perceptron_trace(([[1], [1], [1]], [-1, 1, 1]), eta=Rational(1, 10), w0=[1])
    with pytest.raises(InvalidLearningRate, match="must be a symbol"):
        critical_learning_rate(trace, 3)

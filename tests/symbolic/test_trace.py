"""The symbolic trace: answer 1's expressions, hand-computed runs, and exact η-scaling."""

from fractions import Fraction

import pytest
from sympy import Float, ImmutableMatrix, Matrix, Rational, symbols, zeros

from symbolic import (
    ETA,
    DimensionMismatch,
    factor_eta,
    generic_dataset,
    is_shown_zero,
    perceptron_trace,
    phi,
)


def dot(a, b):
    """An independent dot product for the tests: (aᵀ b)[0]."""
    return (a.T * b)[0]


def test_delta_w_2_at_zero_init_is_answer_1s_final_line():
    data = generic_dataset(2, 2)
    x1, x2, y1, y2 = data.x(1), data.x(2), data.y(1), data.y(2)
    final = ETA * (y2 - phi((y1 - 1) * dot(x1, x2))) * x2
    trace = perceptron_trace(data, w0=0)
    assert is_shown_zero(trace.delta_w(2) - final)


def test_delta_w_2_with_generic_w0_is_answer_1s_unrolled_chain():
    data = generic_dataset(2, 3)
    trace = perceptron_trace(data)
    w0, x1, x2, y1, y2 = trace.w0, data.x(1), data.x(2), data.y(1), data.y(2)
    unrolled = ETA * (y2 - phi(dot(w0 + ETA * (y1 - phi(dot(w0, x1))) * x1, x2))) * x2
    assert is_shown_zero(trace.delta_w(2) - unrolled)
    assert is_shown_zero(trace.w(2) - (w0 + trace.delta_w(1) + trace.delta_w(2)))


def test_at_zero_init_substitutes_w0_equal_to_zero():
    trace = perceptron_trace(generic_dataset(3, 2))
    zero = trace.at_zero_init()
    assert zero.w0 == zeros(2, 1)
    substituted = trace.delta_w(3).subs(dict.fromkeys(trace.w0, 0))
    assert is_shown_zero(zero.delta_w(3) - substituted)


# Hand-computed runs on X = [[1, 2], [-1, 1]] with η = 1 and w⁽⁰⁾ = 0:
# step 1: z = 0, so the larger label is predicted; step 2: z = w⁽¹⁾·(−1, 1).
@pytest.mark.parametrize(
    ("rule", "y", "y_hats", "w1", "w2"),
    [
        # ŷ¹ = 1, c = −1 − 1 = −2, w¹ = (−2, −4); z² = 2 − 4 = −2, ŷ² = −1, c = 2, w² = (−4, −2)
        ("rosenblatt", [-1, 1], [1, -1], [-2, -4], [-4, -2]),
        # ŷ¹ = 1, c = 0 − 1 = −1, w¹ = (−1, −2); z² = 1 − 2 = −1, ŷ² = 0, c = 1, w² = (−2, −1)
        ("zero-one", [0, 1], [1, 0], [-1, -2], [-2, -1]),
        # y·z = 0 ≤ 0 so Δw = −x¹, w¹ = (−1, −2); z² = −1, y·z ≤ 0, Δw = x², w² = (−2, −1)
        ("mistake-driven", [-1, 1], [1, -1], [-1, -2], [-2, -1]),
    ],
)
def test_a_two_step_run_matches_the_hand_computation(rule, y, y_hats, w1, w2):
    trace = perceptron_trace(([[1, 2], [-1, 1]], y), eta=1, w0=0, rule=rule)
    assert [trace.y_hat(1), trace.y_hat(2)] == y_hats
    assert trace.w(1) == Matrix(w1) and trace.w(2) == Matrix(w2)


def test_bias_appends_a_constant_feature_whose_weight_comes_last():
    # x̃ = (1, 1), (−1, 1); step 1: ŷ = 1, c = −2, w¹ = (−2, −2); step 2: z = 2 − 2 = 0, ŷ = 1, c = 0
    trace = perceptron_trace(([[1], [-1]], [-1, 1]), eta=1, w0=0, bias=True)
    assert trace.x(2) == Matrix([-1, 1])
    assert trace.w(1) == Matrix([-2, -2]) and trace.w(2) == Matrix([-2, -2])
    assert [str(s) for s in perceptron_trace(generic_dataset(1, 2), bias=True).w0] == [
        "w(0)_1",
        "w(0)_2",
        "w(0)_b",
    ]


def test_epochs_cycle_through_the_samples_in_order():
    trace = perceptron_trace(generic_dataset(3, 2), epochs=2)
    assert trace.steps == 6
    assert [trace.sample(k) for k in range(1, 7)] == [1, 2, 3, 1, 2, 3]
    assert trace.x(5) == trace.data.x(2)


def test_generic_delta_w_factors_as_eta_times_g_for_six_steps_over_two_epochs():
    trace = perceptron_trace(generic_dataset(3, 2), w0=0, epochs=2)
    for k in range(1, 7):
        eta, g = factor_eta(trace.delta_w(k), ETA)
        assert ETA not in g.free_symbols
        assert is_shown_zero(eta * g - trace.delta_w(k))


def test_with_generic_w0_delta_w_2_keeps_eta_inside_phi():
    from symbolic import NotFactorable

    trace = perceptron_trace(generic_dataset(2, 2))
    with pytest.raises(NotFactorable, match="stays inside") as caught:
        factor_eta(trace.delta_w(2), ETA)
    assert caught.value.culprit.func is phi and ETA in caught.value.culprit.free_symbols


RATIONAL_DATA = (
    [[Fraction(3, 10), Fraction(-1, 2)], ["1.6", 2], [Fraction(-7, 5), Fraction(1, 10)], [0, 1]],
    [1, -1, 1, -1],
)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("rule", ["rosenblatt", "mistake-driven"])
def test_on_rational_data_eta_three_tenths_is_exactly_three_tenths_of_eta_one(bias, rule):
    options = {"w0": 0, "epochs": 3, "bias": bias, "rule": rule}
    small = perceptron_trace(RATIONAL_DATA, eta=Rational(3, 10), **options)
    unit = perceptron_trace(RATIONAL_DATA, eta=1, **options)
    assert small.y_hats() == unit.y_hats()
    for k in range(small.steps + 1):
        assert small.w(k) == Rational(3, 10) * unit.w(k)
    assert any(unit.w(k) != unit.w(0) for k in range(1, unit.steps + 1))  # not vacuous


def test_decimal_strings_are_read_exactly_and_floats_at_their_binary_value():
    trace = perceptron_trace(([["0.1"], [0.1]], [1, 1]), eta=1, w0=0)
    assert trace.x(1)[0] == Rational(1, 10)
    assert trace.x(2)[0] == Rational(0.1) != Rational(1, 10)


def test_sympy_floats_are_taken_at_their_exact_value_not_computed_at_fifteen_digits():
    trace = perceptron_trace(([[Float("0.3")]], [1]), eta=1, w0=0)
    assert trace.x(1)[0] == Rational(0.3) and trace.x(1)[0].is_Rational


@pytest.mark.parametrize(
    "w0",
    [
        Matrix(symbols("u1:3", real=True)),
        Matrix([symbols("u1:3", real=True)]),  # a row vector
        ImmutableMatrix([1, 2]),
    ],
)
def test_a_sympy_column_or_row_vector_is_accepted_as_w0(w0):
    trace = perceptron_trace(generic_dataset(2, 2), w0=w0)
    assert list(trace.w(0)) == list(w0)


def test_sympy_zeros_is_the_zero_initial_vector():
    trace = perceptron_trace(generic_dataset(2, 3), w0=zeros(3, 1))
    assert trace.w(0) == zeros(3, 1)


def test_a_sympy_matrix_of_the_wrong_shape_is_refused():
    with pytest.raises(DimensionMismatch, match="must be 0 or a vector of length 2"):
        perceptron_trace(generic_dataset(2, 2), w0=Matrix([[1, 2], [3, 4]]))

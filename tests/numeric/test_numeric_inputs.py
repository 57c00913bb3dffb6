"""Bad input to the Python API: one named ValueError each, naming the value; and the import
boundary (``numeric`` never loads SymPy)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import numeric
from numeric import (
    DimensionMismatch,
    InvalidEpochs,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
    UnknownRule,
)

GOOD = {"X": [[1, 2], [3, 4]], "y": [1, -1], "etas": [1]}

BAD_ARGUMENTS = [
    ({"X": [[1, float("nan")], [3, 4]]}, InvalidNumber, "X[1][2]=nan must be a finite number"),
    ({"X": [[1, "inf"], [3, 4]]}, InvalidNumber, "X[1][2]='inf' must be a finite number"),
    ({"X": [[1, "abc"], [3, 4]]}, InvalidNumber, "X[1][2]='abc' must be a finite number"),
    ({"X": [[1, 2], [3]]}, DimensionMismatch, "X[2]=[3] must hold 2 entries like X[1]"),
    ({"X": [1, 2]}, DimensionMismatch, "X[1]=1 must be a row of numbers"),
    ({"X": []}, DimensionMismatch, "y has 2 labels but X has 0 rows"),
    ({"y": [1]}, DimensionMismatch, "y has 1 labels but X has 2 rows"),
    ({"y": [1, 0]}, InvalidLabel, "y[2]=0 must be one of [-1, 1]"),
    ({"y": [1, -1], "rule": "zero-one"}, InvalidLabel, "y[2]=-1 must be one of [0, 1]"),
    ({"etas": [1, 0]}, InvalidLearningRate, "etas[2]=0 must be positive"),
    ({"etas": ["-0.1"]}, InvalidLearningRate, "etas[1]='-0.1' must be positive"),
    ({"etas": [float("nan")]}, InvalidLearningRate, "etas[1]=nan must be a finite number"),
    ({"etas": []}, InvalidLearningRate, "etas=[] must hold at least one rate"),
    ({"etas": ["1e-400"]}, InvalidLearningRate, "must not round to 0 in float64"),
    ({"w0": [1, 2, 3]}, DimensionMismatch, "w0=[1, 2, 3] must be 0 or a vector of length 2"),
    ({"w0": [1], "bias": True}, DimensionMismatch, "of length 3 (the bias weight last)"),
    ({"w0": [1, "x"]}, InvalidNumber, "w0[2]='x' must be a finite number"),
    ({"epochs": 0}, InvalidEpochs, "epochs=0 must be a positive whole number"),
    ({"epochs": 1.5}, InvalidEpochs, "epochs=1.5 must be a positive whole number"),
    ({"rule": "adaline"}, UnknownRule, "rule='adaline' must be one of"),
    # 10**999999999999 would take forever to build: refused before it is tried.
    ({"X": [[1, "1e999999999999"], [3, 4]]}, InvalidNumber, "X[1][2]='1e999999999999' must"),
    ({"etas": ["1e-999999999"]}, InvalidLearningRate, "etas[1]='1e-999999999' must"),
    ({"X": [[1, 2], [3, "1e400"]]}, InvalidNumber, "X[2][2]='1e400' must fit in float64"),
    ({"epochs": 10**7}, InvalidEpochs, "epochs=10000000 makes 20000000 steps"),
]


@pytest.mark.parametrize(("change", "error", "message"), BAD_ARGUMENTS)
def test_bad_arguments_raise_a_named_error_that_names_the_value(change, error, message):
    with pytest.raises(error) as raised:
        numeric.train(**{**GOOD, **change})
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_errors_carry_the_offending_value():
    with pytest.raises(InvalidLabel) as raised:
        numeric.train([[1]], [7], [1])
    assert raised.value.value == 7


def test_a_batch_with_the_wrong_label_shape_is_refused():
    with pytest.raises(DimensionMismatch, match="ys has shape"):
        numeric.train_batch([[[1], [2]]], [[1, -1, 1]], [1])


def test_decimal_strings_are_read_exactly_in_exact_mode():
    result = numeric.train([["0.1"], ["0.2"]], [-1, -1], ["1"], exact=True)
    # w⁽¹⁾ = −2·(1/10), w⁽²⁾ = −1/5 + 0 (ŷ⁽²⁾ = φ(−1/25) = −1, no update).
    assert result.weights[0, :, 0].tolist() == [0, Fraction(-1, 5), Fraction(-1, 5)]
    assert result.net_inputs[0, 1] == Fraction(-1, 25)


def test_a_float64_message_shows_a_huge_exact_value_briefly():
    with pytest.raises(InvalidNumber) as raised:
        numeric.train([[Fraction(10**400)]], [1], [1])
    assert len(str(raised.value)) < 100, str(raised.value)


EXACT_KINDS = [
    (Fraction(1, 3), Fraction(1, 3)),
    ("1/3", Fraction(1, 3)),
    ("0.1", Fraction(1, 10)),
    (Decimal("0.1"), Fraction(1, 10)),
    (np.int64(7), Fraction(7)),
    (10**30 + 1, Fraction(10**30 + 1)),
    (np.longdouble(1) / 3, Fraction(*(np.longdouble(1) / 3).as_integer_ratio())),
]


@pytest.mark.parametrize(("value", "expected"), EXACT_KINDS, ids=lambda v: type(v).__name__)
def test_every_exact_kind_of_number_stays_exact_in_exact_mode(value, expected):
    result = numeric.train([[value]], [-1], [1], exact=True)
    assert result.weights[0, -1, 0] == -2 * expected


def test_sympy_rationals_stay_exact_without_numeric_importing_sympy():
    sympy = pytest.importorskip("sympy")
    result = numeric.train([[sympy.Rational(1, 3)]], [-1], [sympy.Rational(1, 7)], exact=True)
    assert result.weights[0, -1, 0] == Fraction(-2, 21)
    w0 = [sympy.Integer(2) / 3]
    assert numeric.train([[1]], [1], [1], w0=w0, exact=True).weights[0, 0, 0] == Fraction(2, 3)


def test_floats_are_taken_at_their_exact_binary_value_in_exact_mode():
    result = numeric.train([[0.1]], [-1], [1], exact=True)
    assert result.weights[0, 1, 0] == -2 * Fraction(0.1)
    assert result.weights[0, 1, 0] != Fraction(-1, 5)


def test_huge_rationals_fall_back_to_python_integers_in_exact_mode():
    # 10**30 overflows int64; the run must still be exact.  By hand: ŷ⁽¹⁾ = φ(0) = +1 ≠ −1,
    # so w⁽¹⁾ = −2·10³⁰/3; then every sample is classified right and w stays there.
    result = numeric.train([[10**30], [-1]], [-1, 1], [Fraction(1, 3)], exact=True, epochs=2)
    assert result.weights[0, -1, 0] == Fraction(-2 * 10**30, 3)
    assert result.predictions[0].tolist() == [1, 1, -1, 1]


def test_float_weights_rebuilt_from_the_coefficients_match_the_loop_bit_for_bit():
    X = np.array([[0.1, 0.7], [-0.3, 0.2], [0.9, -0.4]])
    result = numeric.train(X, [1, -1, 1], [0.3, 1e-3, 7.1], w0=[0.05, -0.2], epochs=5)
    np.testing.assert_array_equal(result.weights[:, -1], result.final_weights)


def test_importing_numeric_does_not_import_sympy_or_the_other_packages():
    code = (
        "import sys, numeric, numeric.reading, numeric.invariance; "
        "print(sorted(m for m in ('sympy', 'symbolic', 'proofs', 'hypothesis') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_an_integer_beyond_2_53_among_floats_is_read_exactly():
    # np.array([2**53 + 1, 0.5]) is float64 and holds 2**53: the reader must not go that way
    from numeric.inputs import exact_array

    assert exact_array([[2**53 + 1, 0.5]], "X", 2)[0][0] == 2**53 + 1
    assert exact_array([[2**53, 0.5]], "X", 2)[0][0] == 2**53  # exactly representable: fine


def test_integers_past_int64_among_smaller_ones_are_read_exactly():
    """Review: NumPy 2 reads [2⁶³ + 1, 5] as float64 (2⁶³), so an exact run trained on other
    data than it was given, and a verdict on it could be false."""
    from numeric.inputs import exact_array, rows_of

    for rows in ([[2**63 + 1], [5]], [[1, 0], [2**63 + 1, 2**63]], [[-(2**63) - 1, 1]]):
        values = [value for row in exact_array(rows, "X", 2) for value in row]
        assert values == [value for row in rows for value in row], rows
    big = 2**63 + 1
    result = numeric.train([[big], [5]], [-1, 1], 1, exact=True, backend="numpy")
    # w: 0 → (ŷ = 1 ≠ −1) 0 − 2·big → (w·5 < 0, ŷ = −1 ≠ 1) −2·big + 2·5, by hand
    assert result.final_weights[0].tolist() == [-2 * big + 10]
    assert rows_of([[2**63 - 1, -(2**63)]], "X", 2).dtype == np.int64  # int64 still


def test_a_batch_given_as_a_list_of_arrays_reads_as_their_stack():
    # Review: the emptiness test took an array's truth value (raised, or refused [[0.]])
    A = np.array([[0.5, 1.0], [2.0, -1.0]])
    listed = numeric.train_batch([A, -A], [[1, -1], [1, -1]], [1, 2])
    stacked = numeric.train_batch(np.stack([A, -A]), [[1, -1], [1, -1]], [1, 2])
    assert (listed.final_weights == stacked.final_weights).all()
    zero = numeric.train_batch([np.array([[0.0]])], [[1]], [1, 2])  # w·x = 0: ŷ = 1 = y
    assert zero.final_weights.tolist() == [[[0.0], [0.0]]]


def test_decimals_are_read_exactly_however_many_digits_and_zero_is_zero():
    from numeric.inputs import to_fraction

    assert to_fraction(Decimal(10**5000), "x") == 10**5000  # was "must be a finite number"
    assert to_fraction(Decimal("1E+5000"), "x") == 10**5000
    with pytest.raises(InvalidNumber, match="exponent between"):
        to_fraction(Decimal("1E+10001"), "x")  # as the text "1e10001" is refused
    assert numeric.train([[1, 2]], [-1], 1, w0=Decimal(0)).final_weights.tolist() == [[-2.0, -4.0]]


def test_a_rule_whose_coefficients_do_not_fit_int8_is_refused_when_made():
    """Labels ±100 give c = y − ŷ = ±200, which int8 wrapped to ∓56: the phase diagram (and
    every twin) then ran another rule than the one asked for."""
    with pytest.raises(numeric.errors.InvalidLabel, match=r"within ±127"):
        numeric.Rule("big", (-100, 100), "error", "labels ±100")
    assert numeric.Rule("wide", (-100, 27), "error", "c up to 127").largest_coefficient == 127
    with pytest.raises(numeric.errors.InvalidLabel, match="low < high"):
        numeric.Rule("flat", (1, 1), "mistake", "one label")


@pytest.mark.skipif(np.finfo(np.longdouble).bits <= 64, reason="long double is float64 here")
def test_a_long_double_past_float64_is_refused_by_its_value_not_called_infinite():
    with pytest.raises(numeric.errors.InvalidNumber, match=r"X\[1\]\[1\]=1e\+400 must fit"):
        numeric.train(np.array([[np.longdouble("1e400")]]), [1], ["1"])


@given(st.lists(st.floats(min_value=5e-324, max_value=1e308), min_size=1, max_size=8))
def test_a_float64_array_of_rates_reads_as_its_values_one_by_one(values):
    # The array fast path gives what reading each rate on its own gives: its exact binary value,
    # with no rounding error in float64.
    from numeric.inputs import float_rates, learning_rates

    rates = np.array(values)
    one_by_one = learning_rates(values)  # a list: the general path
    assert learning_rates(rates) == one_by_one == [Fraction(v) for v in values]
    floats, errors = float_rates(rates, one_by_one)
    assert floats.tolist() == values and not errors.any()


@given(
    st.lists(
        st.fractions(min_value=Fraction(1, 2**1080), max_value=Fraction(2**1000))
        | st.integers(1, 10**12).map(lambda m: f"{m}e-{m % 400}"),
        min_size=1,
        max_size=8,
    ).filter(lambda rates: all(Fraction(rate) > Fraction(1, 2**1075) for rate in rates))
)
def test_exact_rates_get_their_nearest_float_and_a_bound_only_where_rounded(rates):
    # Checked against the definition, not against another reading: the float is as near the
    # rate as its neighbours allow, and the error is 0 exactly when it is the rate itself,
    # else u·|η̃| + 2⁻¹⁰⁷⁴, which bounds |η̃ − η|.
    from numeric.inputs import float_rates, learning_rates

    floats, errors = float_rates(rates, learning_rates(rates))
    for rate, rounded, error in zip(rates, floats.tolist(), errors.tolist(), strict=True):
        exact, value = Fraction(rate), Fraction(rounded)
        below, above = math.nextafter(rounded, 0.0), math.nextafter(rounded, math.inf)
        assert abs(value - exact) <= min(abs(Fraction(below) - exact), abs(Fraction(above) - exact))
        if value == exact:
            assert error == 0.0
        else:
            assert error == 2.0**-53 * rounded + 2.0**-1074 and abs(value - exact) <= error


def test_the_first_rate_float64_cannot_hold_is_named_whatever_the_reason():
    from numeric.inputs import float_rates

    with pytest.raises(InvalidLearningRate, match=re.escape("etas[1]='1e-400' must not round")):
        float_rates(["1e-400", "1e400"])
    with pytest.raises(InvalidLearningRate, match=re.escape("etas[1]='1e400' must fit")):
        float_rates(["1e400", "1e-400"])


@pytest.mark.parametrize(
    ("etas", "message"),
    [
        (np.array([1.0, -1.0]), "etas[2]=-1.0 must be positive"),
        (np.array([0.5, 0.0]), "etas[2]=0.0 must be positive"),
        (np.array([np.nan]), "etas[1]=nan must be a finite number"),
        (np.array([1.0, np.inf]), "etas[2]=inf must be a finite number"),
    ],
)
def test_a_bad_float64_array_of_rates_names_the_bad_rate(etas, message):
    with pytest.raises(InvalidLearningRate, match=re.escape(message)):
        numeric.train(**{**GOOD, "etas": etas})


@given(
    st.one_of(
        st.from_regex(
            r"\A\s?[-+]?(?:[0-9]{1,25}\.?[0-9]{0,25}|\.[0-9]{1,25})(?:[eE][-+]?[0-9]{1,3})?\s?\Z"
        ),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.floats(allow_nan=False, allow_infinity=False).map(repr),
    )
)
def test_a_plain_decimal_is_read_as_fraction_reads_it(text):
    # The fast path (Decimal, for plain ASCII decimals) gives the exact value Fraction gives.
    from numeric.reading import _PLAIN_DECIMAL, number_from_text

    assert number_from_text(text, "x") == Fraction(text.strip())
    assert _PLAIN_DECIMAL.fullmatch("1_000") is None and _PLAIN_DECIMAL.fullmatch("١٢") is None
    assert number_from_text("1_0.5", "x") == Fraction(21, 2)  # the general path still reads them
    assert number_from_text("١٢", "x") == 12 and number_from_text("1/3", "x") == Fraction(1, 3)


def test_a_decimal_past_pythons_digit_limit_is_refused_as_fraction_refuses_it():
    # Python refuses to read integers of more than 4300 digits (quadratic time); Decimal has no
    # such limit, so such texts must not take the fast path: refused, as they were before.
    from numeric.reading import number_from_text

    for text in ("1" * 4301, "0." + "0" * 4300 + "1", "-" + "9" * 5000 + ".5"):
        assert number_from_text(text, "x") is None
    assert number_from_text("7" * 4000, "x") == int("7" * 4000)  # below it: read exactly
    with pytest.raises(InvalidNumber, match="must be a finite number"):
        numeric.train([["0." + "0" * 5000 + "1", "1"]], [1], ["0.5"])
    # an exponent of more digits than Python reads is refused by name, not by a ValueError
    with pytest.raises(InvalidNumber, match="must have an exponent between -10000 and 10000"):
        number_from_text("1e" + "1" * 5000, "x")
    assert number_from_text("1e-" + "0" * 30 + "10000", "x") == Fraction(1, 10**10000)


def test_exact_features_get_their_zero_errors_as_a_view_and_are_not_aliased():
    # Exact float64 features (the common case) carry no error array: a read-only view of one
    # 0.0, which all_exact reads at once; X itself is always the run's own copy.
    from numeric.inputs import all_exact, exact_errors, float_array
    from numeric.problem import prepare

    X = np.arange(12.0).reshape(1, 4, 3)
    for bias in (False, True):
        problem = prepare(X, [[1, -1, 1, -1]], ["0.5"], None, 1, bias, "rosenblatt", False,
                          batch=True)  # fmt: skip
        assert problem.x_error is not None and problem.X is not None
        assert problem.x_error.shape == problem.X.shape == (1, 4, 3 + bias)
        assert not any(problem.x_error.strides) and not problem.x_error.flags.writeable
        assert not np.shares_memory(problem.X, X)
    errors = float_array(np.array([[0.1, 2.0**60]]), "X", 2)[1]
    assert all_exact(errors) and not any(errors.strides)
    errors = float_array(np.array([[3, 2**53 + 1]]), "X", 2)[1]  # an integer that rounds
    assert not all_exact(errors) and errors[0, 1] > 0 and errors[0, 0] == 0
    assert all_exact(np.zeros((2, 3))) and not all_exact(np.array([0.0, 1e-300]))
    assert not all_exact(np.broadcast_to(np.float64(1.0), (2, 2))) and all_exact(exact_errors((0,)))

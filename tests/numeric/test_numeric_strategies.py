"""The Hypothesis strategies: they generate what they promise (degenerate data included) and
refuse bad options with one named error."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import Phase, find, given, settings

import numeric
from numeric.strategies import datasets, features, initial_weights, learning_rates

SEARCH = settings(database=None, max_examples=500)


@given(datasets(n=3, d=2))
def test_datasets_have_the_requested_shape_and_labels(data):
    X, y = data
    assert len(X) == len(y) == 3
    assert all(len(row) == 2 for row in X)
    assert set(y) <= {-1, 1}


@given(datasets(labels=(0, 1)))
def test_datasets_use_the_labels_they_are_given(data):
    assert set(data[1]) <= {0, 1}


def test_datasets_include_zero_rows_duplicates_and_every_number_kind():
    assert find(datasets(), lambda d: [0] * len(d[0][0]) in d[0], settings=SEARCH)
    assert find(datasets(), lambda d: len({tuple(r) for r in d[0]}) < len(d[0]), settings=SEARCH)
    for kind in (int, Fraction, float):
        assert find(features(), lambda v, kind=kind: type(v) is kind, settings=SEARCH) is not None


@given(learning_rates())
def test_learning_rates_are_positive_and_within_range(eta):
    assert Fraction(2) ** -20 <= Fraction(eta) <= Fraction(2) ** 20


def test_learning_rates_reach_tiny_and_huge_values():
    assert find(learning_rates(), lambda eta: eta < 1e-4, settings=SEARCH)
    assert find(learning_rates(), lambda eta: eta > 1e4, settings=SEARCH)


@given(learning_rates(min_exponent=-1074, max_exponent=-1060))
def test_the_tiniest_learning_rates_are_still_positive_in_float64(eta):
    assert Fraction(2) ** -1074 <= Fraction(eta) <= Fraction(2) ** -1060
    assert float(eta) > 0


@given(learning_rates(min_exponent=1010, max_exponent=1023))
def test_the_hugest_learning_rates_are_finite_in_float64(eta):
    assert 0 < float(eta) <= 2.0**1023


def test_extreme_features_reach_subnormals_underflow_and_huge_values():
    extreme, search = features(extreme=True), settings(SEARCH, phases=[Phase.generate])
    assert find(extreme, lambda v: 0 < abs(float(v)) < 2.0**-1022, settings=search)
    assert find(extreme, lambda v: v != 0 and float(v) == 0, settings=search)
    assert find(extreme, lambda v: abs(float(v)) > 1e200, settings=search)
    assert find(extreme, lambda v: 0 < abs(v) <= 10, settings=search)  # ordinary ones too


@given(features(extreme=True))
def test_extreme_features_fit_in_float64(value):
    assert math.isfinite(float(value))  # float() raises OverflowError beyond float64


@given(learning_rates(kinds=("powers-of-two",)))
def test_power_of_two_rates_are_powers_of_two(eta):
    assert eta.numerator & (eta.numerator - 1) == 0 and eta.denominator & (eta.denominator - 1) == 0


@given(initial_weights(3, nonzero=True))
def test_nonzero_initial_weights_have_a_nonzero_entry(w0):
    assert len(w0) == 3 and any(w0)


BAD_OPTIONS = [
    (lambda: datasets(n=0), numeric.DimensionMismatch, "n=0 must be a positive integer"),
    (lambda: datasets(d=-1), numeric.DimensionMismatch, "d=-1 must be a positive integer"),
    (lambda: datasets(labels=(1, 1)), numeric.InvalidLabel, "labels=(1, 1) must be two"),
    (lambda: datasets(max_n=0), numeric.DimensionMismatch, "max_n=0 must be a positive"),
    (lambda: features(kinds=("complex",)), numeric.DimensionMismatch, "kinds=('complex',)"),
    (lambda: features(bound=0), numeric.DimensionMismatch, "bound=0 must be a positive"),
    (lambda: learning_rates(kinds=()), numeric.InvalidLearningRate, "kinds=() must be"),
    (
        lambda: learning_rates(min_exponent=3, max_exponent=1),
        numeric.InvalidLearningRate,
        "min_exponent=3 must be at most max_exponent=1",
    ),
    (lambda: initial_weights(0), numeric.DimensionMismatch, "d=0 must be a positive integer"),
    (
        lambda: learning_rates(min_exponent=-1100, max_exponent=-1090),
        numeric.InvalidLearningRate,
        "min_exponent=-1100 must be at least -1074",
    ),
    (
        lambda: learning_rates(max_exponent=2000),
        numeric.InvalidLearningRate,
        "max_exponent=2000 must be at most 1023",
    ),
    (
        lambda: learning_rates(min_exponent=1.5),
        numeric.InvalidLearningRate,
        "min_exponent=1.5 must be an integer",
    ),
    (lambda: features(extreme=1), numeric.DimensionMismatch, "extreme=1 must be True or False"),
]


@pytest.mark.parametrize(("make", "error", "message"), BAD_OPTIONS)
def test_bad_strategy_options_raise_a_named_error(make, error, message):
    with pytest.raises(error) as raised:
        make()
    assert message in str(raised.value)

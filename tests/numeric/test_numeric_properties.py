"""The theorem as property tests on the numeric twin, in exact arithmetic (or with power-of-two
rates in float64, where scaling by η is exact, as the test names say)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, assume, find, given, settings
from hypothesis import strategies as st

import numeric
from numeric.strategies import datasets, features, initial_weights, learning_rates

RULES = sorted(numeric.RULES)


@st.composite
def problems(draw, kinds=("integers", "decimals", "rationals", "floats")):
    """A rule, data with its labels, bias, epochs and 2–4 rates (the first one is 1)."""
    rule = numeric.get_rule(draw(st.sampled_from(RULES)))
    X, y = draw(datasets(elements=features(kinds=kinds), labels=rule.labels))
    etas = [Fraction(1), *draw(st.lists(learning_rates(), min_size=1, max_size=3))]
    return {
        "X": X,
        "y": y,
        "etas": etas,
        "epochs": draw(st.integers(1, 4)),
        "bias": draw(st.booleans()),
        "rule": rule.name,
    }


def exactly(values: np.ndarray) -> np.ndarray:
    return np.vectorize(Fraction, otypes=[object])(values)


@given(problems())
def test_learning_rate_only_scales_weights_at_zero_init(problem):
    result = numeric.train(**problem, w0=None, exact=True)
    # Every rate predicts what η = 1 predicts, at every step ...
    assert (result.predictions == result.predictions[0]).all()
    # ... and w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1) for every k, exactly.
    for e, eta in enumerate(problem["etas"]):
        assert (result.weights[e] == Fraction(eta) * result.weights[0]).all()


@given(problems(), st.lists(st.integers(-30, 30), min_size=2, max_size=4))
def test_power_of_two_rates_scale_float64_weights_exactly_at_zero_init(problem, exponents):
    # In float64 multiplying by 2**k is exact unless it overflows or underflows, so even the
    # rounded run scales exactly; other rates may not (see test_numeric_ties.py).  Features
    # are within ±10, but a float feature may be tiny: w·x ≈ η·x² must stay a normal float
    # for every rate (2⁻³⁰ … 2³⁰), or it rounds unlike its scaled copy (x = 1.2e-162: x²
    # rounds to 0 at η = 1 and to the least subnormal at η = 2), so |x| ≥ 2⁻⁴⁸⁰.
    assume(all(v == 0 or abs(v) > 2.0**-480 for row in problem["X"] for v in row))
    problem["etas"] = [2.0**k for k in exponents]
    result = numeric.train(**problem)
    assert (result.predictions == result.predictions[0]).all()
    for e, eta in enumerate(problem["etas"]):
        np.testing.assert_array_equal(
            result.weights[e], eta / problem["etas"][0] * result.weights[0]
        )


@given(problems(), st.data())
def test_rate_and_initial_weights_act_only_through_their_ratio(problem, data):
    d = len(problem["X"][0]) + problem["bias"]
    w0 = [Fraction(v) for v in data.draw(initial_weights(d))]
    result = numeric.train(**problem, w0=w0, exact=True)
    for e, eta in enumerate(problem["etas"]):
        eta = Fraction(eta)
        options = {**problem, "etas": [1], "w0": [v / eta for v in w0]}
        unit = numeric.train(**options, exact=True)
        # (η, w⁽⁰⁾) predicts what (1, w⁽⁰⁾/η) predicts, and its weights are η times those.
        assert (result.predictions[e] == unit.predictions[0]).all()
        assert (result.weights[e] == eta * unit.weights[0]).all()


def eta_matters(case) -> bool:
    X, y, w0 = case
    result = numeric.train(X, y, ["0.1", "10"], w0=w0, epochs=2, exact=True)
    return bool((result.predictions[0] != result.predictions[1]).any())


@st.composite
def datasets_with_initial_weights(draw, zero_init: bool):
    X, y = draw(datasets(d=2, elements=features(kinds=("integers", "decimals"))))
    w0 = [0, 0] if zero_init else draw(initial_weights(2, nonzero=True))
    return X, y, w0


SEARCH = settings(max_examples=2000, database=None, suppress_health_check=list(HealthCheck))


def test_hypothesis_finds_data_where_the_learning_rate_matters_with_nonzero_init():
    # The claim is not vacuous: the search below must succeed (find raises otherwise).
    X, y, w0 = find(datasets_with_initial_weights(zero_init=False), eta_matters, settings=SEARCH)
    verdict = numeric.check_eta_invariance(X, y, ["0.1", "10"], w0=w0, epochs=2, exact=True)
    assert verdict.invariant is False
    difference = verdict.first_difference
    assert set(difference.predictions) == {-1, 1}
    assert difference.etas == ("0.1", "10")


@given(datasets_with_initial_weights(zero_init=True))
def test_no_data_makes_the_learning_rate_matter_at_zero_init(case):
    assert not eta_matters(case)


@given(st.data())
def test_a_batch_of_datasets_trains_like_each_dataset_alone(data):
    n, d = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 3))
    rule = numeric.get_rule(data.draw(st.sampled_from(RULES)))
    stack = data.draw(st.lists(datasets(n=n, d=d, labels=rule.labels), min_size=1, max_size=4))
    etas = data.draw(st.lists(learning_rates(), min_size=1, max_size=3))
    options = {"epochs": data.draw(st.integers(1, 3)), "bias": data.draw(st.booleans())}
    w0 = data.draw(initial_weights(d + options["bias"]))
    for exact in (False, True):
        batch = numeric.train_batch(
            [X for X, _ in stack],
            [y for _, y in stack],
            etas,
            w0=w0,
            rule=rule,
            exact=exact,
            **options,
        )
        assert batch.predictions.shape == (len(stack), len(etas), n * options["epochs"])
        for i, (X, y) in enumerate(stack):
            alone = numeric.train(X, y, etas, w0=w0, rule=rule, exact=exact, **options)
            np.testing.assert_array_equal(batch.predictions[i], alone.predictions)
            np.testing.assert_array_equal(batch.weights[i], alone.weights)
            np.testing.assert_array_equal(batch.near_ties[i], alone.near_ties)


def test_weights_and_predictions_are_indexed_as_documented():
    # Two samples, two epochs: predictions[e, k] is ŷ⁽ᵏ⁺¹⁾, weights[e, k] is w⁽ᵏ⁾ (k from 0).
    result = numeric.train([[1], [-1]], [-1, -1], [1, 2], epochs=2, exact=True)
    assert result.predictions.shape == (2, 4)
    assert result.weights.shape == (2, 5, 1)
    # w⁽⁰⁾ = 0 ⇒ ŷ⁽¹⁾ = +1 ≠ −1, so w⁽¹⁾ = η·(−2)·1; then ŷ⁽²⁾ = φ(2η) = +1, w⁽²⁾ = −2η + 2η = 0.
    assert result.predictions[1].tolist() == [1, 1, 1, 1]
    assert result.weights[1, :, 0].tolist() == [0, -4, 0, -4, 0]
    assert result.samples.tolist() == [1, 2, 1, 2]
    assert result.updates_per_epoch().tolist() == [[2, 2], [2, 2]]

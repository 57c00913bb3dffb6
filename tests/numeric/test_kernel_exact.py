"""The compiled exact re-check (numba, the wide limbs of numeric.kernels) against its reference,
the Python-integer loop of numeric.exact, on data made to sit on and next to exact ties; and
the compiled float64 kernel's near-ties against the NumPy loop when there are very many."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import numeric
from numeric.exact import LIMB_BITS, from_limbs, to_limbs
from numeric.strategies import learning_rates
from numeric.sweep import recheck

kernels = pytest.importorskip("numeric.kernels", reason="needs numba")

TIE_RATES = ["1", "0.3", "0.7", "1e-3", "3"]


@st.composite
def near_tie_runs(draw):
    """Datasets of one-decimal values (exact ties at zero init) nudged by a few units of 2⁻⁶⁰
    or carried to huge and tiny binary exponents, so the exact integers need several limbs and
    w·x lands on or within rounding distance of 0; sometimes a w⁽⁰⁾, so S = α·o + β·(V·x)."""
    n, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    tenths = st.integers(-5, 5).map(lambda t: Fraction(t, 10))
    nudge = st.integers(-3, 3).map(lambda k: Fraction(k, 2**60))
    scale = st.sampled_from([Fraction(1), Fraction(2) ** 70, Fraction(1, 2**70)])
    value = st.builds(lambda a, b, c: (a + b) * c, tenths, nudge | st.just(Fraction(0)), scale)
    X = [[draw(value) for _ in range(d)] for _ in range(n)]
    X[0][0] += Fraction(2**70 + 1, 2**70)  # integers beyond int64: the wide path
    rule = draw(st.sampled_from(sorted(numeric.RULES)))
    labels = numeric.get_rule(rule).labels
    y = [draw(st.sampled_from(labels)) for _ in range(n)]
    w0 = draw(st.none() | st.lists(value, min_size=d, max_size=d))
    etas = draw(st.lists(st.sampled_from(TIE_RATES) | learning_rates(), min_size=1, max_size=4))
    return {"X": X, "y": y, "etas": etas, "w0": w0, "rule": rule, "epochs": draw(st.integers(1, 3))}


@given(st.integers(-(2**300), 2**300))
def test_balanced_limbs_hold_any_integer_and_its_sign(value):
    limbs = to_limbs(np.array([value], dtype=object), 14)[0]
    assert from_limbs(limbs[None])[0] == value
    assert (np.abs(limbs[:-1]) <= 2 ** (LIMB_BITS - 1)).all()
    assert kernels._sign(limbs.copy()) == (value > 0) - (value < 0)


@pytest.mark.parametrize("value", [0, 1, -1, 2**23, -(2**23), 2**24 - 1, -(2**24), 2**71 - 1])
def test_the_sign_of_balanced_limbs_is_exact_at_carry_boundaries(value):
    limbs = to_limbs(np.array([value], dtype=object), 5)[0]
    assert kernels._sign(limbs.copy()) == (value > 0) - (value < 0)


@given(near_tie_runs())
def test_the_compiled_exact_recheck_agrees_with_the_python_integer_reference(run):
    steps = len(run["X"]) * run["epochs"]
    kept = sorted({0, 1, min(3, steps)})
    keep = {"predictions", *kept}
    reference = numeric.train(**run, exact=True, backend="numpy", keep=keep)
    compiled = numeric.train(**run, exact=True, backend="numba", keep=keep)
    assert reference._run.backend == "numpy"
    assert compiled._run.dtype == reference._run.dtype == "object"
    assert compiled._run.backend == "numba"
    np.testing.assert_array_equal(compiled.predictions, reference.predictions)
    np.testing.assert_array_equal(compiled.coefficients, reference.coefficients)
    assert (compiled.final_weights == reference.final_weights).all()
    for k in kept:
        assert (compiled.weights_at(k) == reference.weights_at(k)).all()


def test_the_wide_path_runs_where_the_integers_are_beyond_int64():
    X = [[Fraction(1, 10) + Fraction(1, 2**60), Fraction(-3, 10)], [Fraction(3, 10), 1]]
    result = numeric.train(X, [1, -1], ["1", "0.3"], epochs=4, exact=True, backend="numba")
    assert result._run.dtype == "object"
    assert result._run.backend == "numba"


def test_the_sweeps_recheck_gives_the_verdicts_of_check_eta_invariance():
    rng = np.random.default_rng(3)
    X = rng.integers(-5, 6, size=(6, 12, 2)) / 10.0
    y = rng.choice([-1, 1], size=(6, 12))
    w0 = rng.integers(-3, 4, size=(6, 2)) / 10.0
    etas = ("1", "0.3", "0.7")
    options = {"epochs": 3, "bias": False, "rule": "rosenblatt", "backend": "numba"}
    for start in (None, w0):
        found = recheck(X, y, etas, start, options)
        for i, difference in enumerate(found):
            w = None if start is None else start[i]
            verdict = numeric.check_eta_invariance(X[i], y[i], list(etas), w, epochs=3)
            assert verdict.first_difference == difference
    summary = numeric.sweep(X, y, etas, epochs=3)
    assert summary.invariant == 6  # zero init: η-invariant, near-ties and all


def test_more_near_ties_than_a_kernel_task_holds_are_all_gathered():
    # One dataset × 64 rates, exact ties at a third of the steps: far more near-ties in one
    # task than the kernel's first buffers hold, so the task pauses while they grow.
    rng = np.random.default_rng(0)
    X = rng.integers(-5, 6, size=(1, 200, 3)) / 10.0
    y = rng.choice([-1, 1], size=(1, 200))
    etas = [f"{eta:.3g}" for eta in np.logspace(-3, 1, 64)]
    numpy = numeric.train_batch(X, y, etas, epochs=20, keep="final", backend="numpy")
    numba = numeric.train_batch(X, y, etas, epochs=20, keep="final", backend="numba")
    assert len(numpy.ties) > 2 * kernels.SCRATCH_TIES
    for name in ("datasets", "rates", "steps", "net_inputs", "bounds", "predictions"):
        np.testing.assert_array_equal(getattr(numba.ties, name), getattr(numpy.ties, name))
    assert (numba.final_weights == numpy.final_weights).all()


def test_near_ties_of_a_run_cut_into_many_kernel_calls_come_out_sorted(monkeypatch):
    # Calls of about one epoch each (the kernel sorts each call's near-ties by rate; across
    # calls numeric.floating sorts them): the same list as the NumPy loop's.
    monkeypatch.setattr(kernels, "CALL_WORK", 1)
    rng = np.random.default_rng(1)
    X = rng.integers(-5, 6, size=(3, 50, 3)) / 10.0
    y = rng.choice([-1, 1], size=(3, 50))
    etas = [f"{eta:.3g}" for eta in np.logspace(-3, 1, 70)]  # two rate blocks
    assert len(kernels._calls(50 * 8, 3 * 70 * 3, 50)) == 8
    numpy = numeric.train_batch(X, y, etas, epochs=8, keep="final", backend="numpy")
    numba = numeric.train_batch(X, y, etas, epochs=8, keep="final", backend="numba")
    assert len(numpy.ties) > 100
    for name in ("datasets", "rates", "steps", "net_inputs", "bounds", "predictions"):
        np.testing.assert_array_equal(getattr(numba.ties, name), getattr(numpy.ties, name))
    assert (numba.final_weights == numpy.final_weights).all()

"""The phase diagram's compiled steps (numeric.phase_kernels, numba): the diagrams they trace and
check are those of an independent path follower and of the NumPy steps, their certified signs
are ``certified_signs``'s, the signs float64 cannot show are decided in integers, and they run
only where the work pays for loading numba."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from conftest import require_module
from hypothesis import given
from hypothesis import strategies as st
from phase_problems import phase_steps, problems
from test_phase import as_rows, reference_phases

import numeric
import numeric.eta_path as eta_path
import numeric.phase
import numeric.rules

#: DESIGN.md's dataset from w⁽⁰⁾ = 1/2, three epochs: 46 phases, with exact ties at ends.
DESIGN = {
    "X": [["-0.3"], ["1.6"], ["1.3"], ["0.6"], ["-2.2"], ["0.1"], ["0.7"]],
    "y": [-1, -1, -1, 1, -1, -1, -1],
    "w0": [Fraction(1, 2)],
    "epochs": 3,
}


@pytest.fixture(scope="module")
def kernels():
    require_module("numba")
    import numeric.phase_kernels

    return numeric.phase_kernels


def random_problem(n: int, seed: int) -> dict:
    """Two-decimal features in [−5, 5] with a bias, noisy labels of a line, a float w⁽⁰⁾ of
    σ = 0.01 at its binary value: the benchmark's kind of data, ten epochs."""
    rng = np.random.default_rng(seed)
    X = [[Fraction(int(v), 100) for v in row] for row in rng.integers(-500, 501, size=(n, 2))]
    y = [1 if rng.random() < 0.5 else -1 for _ in range(n)]
    return {"X": X, "y": y, "w0": rng.normal(0, 0.01, size=3), "epochs": 10, "bias": True}


def contents(diagram):
    """Everything a diagram says of each phase, its segments and final weights included."""
    return [
        (
            p.low, p.high, p.low_included, p.high_included, p.witness, p.predictions,
            p.updates, p.errors_per_epoch, p.training_errors, p.final_weights,
            [(s.low, s.high, s.low_included, s.high_included, s.training_errors)
             for s in p.segments],
        )
        for p in diagram.phases
    ]  # fmt: skip


def counting(kernels, monkeypatch) -> dict[str, list[int]]:
    """Wrap every compiled step so that each call's result is recorded under its name."""
    calls: dict[str, list[int]] = {}
    for name in ("end_signs", "hull_decide", "piece_splits", "piece_moves"):
        real = getattr(kernels, name)

        def wrapped(*args, _real=real, _name=name):
            result = _real(*args)
            calls.setdefault(_name, []).append(result)
            return result

        monkeypatch.setattr(kernels, name, wrapped)
    return calls


@given(problems())
def test_the_compiled_steps_find_the_diagram_an_independent_path_follower_finds(problem):
    require_module("numba")
    with phase_steps("compiled"):
        diagram = numeric.phase_diagram(**problem)
    assert as_rows(diagram) == reference_phases(**problem)


@pytest.mark.parametrize(
    "n, seed, eta_range", [(30, 1, None), (40, 2, None), (80, 3, ("1/1000", "10"))]
)
def test_the_compiled_steps_give_the_numpy_steps_diagram_to_the_last_segment(
    kernels, monkeypatch, n, seed, eta_range
):
    problem = random_problem(n, seed)
    with phase_steps("numpy"):
        reference = numeric.phase_diagram(**problem, eta_range=eta_range)
    calls = counting(kernels, monkeypatch)
    with phase_steps("compiled"):
        compiled = numeric.phase_diagram(**problem, eta_range=eta_range)
    assert len(reference) > 100
    assert contents(compiled) == contents(reference)
    steps = n * 10
    assert len(calls["hull_decide"]) == steps and len(calls["piece_moves"]) == steps


@pytest.mark.parametrize(
    "labels, update", [((0, 64), "error"), ((-1, 63), "mistake"), ((-1, 32), "error")]
)
def test_a_rule_whose_decision_codes_pass_int8_gets_the_numpy_steps_diagram(
    kernels, labels, update
):
    """A decision's code is 4·ŷ + update, up to 4·127 + 1 for the labels a Rule allows (review:
    the compiled check kept codes in int8, refused these diagrams and could merge codes)."""
    rule = numeric.rules.Rule("wide", labels, update, "labels past int8's codes")
    rng = np.random.default_rng(1)
    for _ in range(5):
        X = [[Fraction(int(v), 4) for v in row] for row in rng.integers(-8, 9, size=(6, 2))]
        problem = {
            "X": X,
            "y": [int(rng.choice(labels)) for _ in X],
            "w0": [Fraction(int(v), 3) for v in rng.integers(-3, 4, size=3)],
            "epochs": 2,
            "bias": True,
            "rule": rule,
        }
        with phase_steps("numpy"):
            reference = numeric.phase_diagram(**problem)
        with phase_steps("compiled"):
            assert contents(numeric.phase_diagram(**problem)) == contents(reference)


def test_signs_float64_cannot_show_are_decided_in_integers_by_both_steps(kernels, monkeypatch):
    """DESIGN's breakpoints are exact ties at later steps: w·x = 0 at a piece's end, which no
    float bound can sign; the trace and the check both list them for ``decide_listed`` and the
    diagram is the reference's."""
    import numeric.phase as phase

    decided: dict[str, int] = {}
    for module in (eta_path, phase):
        real = module.decide_listed

        def counted(listed, *args, _real=real, _name=module.__name__):
            decided[_name] = decided.get(_name, 0) + len(listed)
            return _real(listed, *args)

        monkeypatch.setattr(module, "decide_listed", counted)
    with phase_steps("compiled"):
        diagram = numeric.phase_diagram(**DESIGN)
    assert decided.get("numeric.eta_path", 0) > 0 and decided.get("numeric.phase", 0) > 0
    assert as_rows(diagram) == reference_phases(
        DESIGN["X"], DESIGN["y"], DESIGN["w0"], epochs=3, bias=False, rule="rosenblatt"
    )


def test_ends_too_small_for_a_float_bound_are_decided_in_integers(kernels, monkeypatch):
    """DESIGN's features times 1000 from w⁽⁰⁾ = 2⁻⁴⁹⁵: A is still a trusted float, but the
    breakpoints lie below 2⁻⁵⁰⁰, where no end is, so the signs at them are listed, most of
    them not 0; in integers they must give the reference's diagram."""
    X = [[Fraction(row[0]) * 1000] for row in DESIGN["X"]]
    problem = {**DESIGN, "X": X, "w0": [Fraction(1, 2**495)]}
    signs = []
    real = eta_path.exact_sign
    monkeypatch.setattr(
        eta_path, "exact_sign", lambda *args: signs.append(real(*args)) or signs[-1]
    )
    with phase_steps("compiled"):
        diagram = numeric.phase_diagram(**problem)
    assert diagram.phases[-1].low < Fraction(1, 2**500) and signs.count(0) < len(signs) / 2
    assert as_rows(diagram) == reference_phases(X, DESIGN["y"], problem["w0"], epochs=3)


@pytest.mark.parametrize("numba_loaded", [False, True])
def test_the_compiled_steps_run_where_the_work_pays_for_loading_them(monkeypatch, numba_loaded):
    """Below COMPILED_WORK piece-steps numba's load costs more than the steps save; once it is
    loaded, from LOADED_WORK on.  DESIGN has 46 phases over 21 steps."""
    asked = []
    monkeypatch.setattr(eta_path, "phase_kernels", lambda: asked.append(1))
    monkeypatch.setattr(eta_path, "compiled_loaded", lambda: numba_loaded)
    numeric.phase_diagram(**DESIGN)
    assert asked == []
    monkeypatch.setattr(eta_path, "LOADED_WORK" if numba_loaded else "COMPILED_WORK", 1)
    numeric.phase_diagram(**DESIGN)
    assert asked


def ends_and_slopes(seed: int, count: int = 4000):
    """Ends (0, tiny, huge, ∞, ordinary) with whether they are usable, integer slopes."""
    rng = np.random.default_rng(seed)
    ends = rng.choice([0.0, 1e-300, 3e200, np.inf, 0.125, 1 / 3, 7.5], size=count)
    ends = ends * rng.choice([1.0, 1 + 2**-52], size=count)
    usable = rng.random(count) < 0.9
    slopes = rng.integers(-50, 51, size=count).astype(np.float64)
    return ends, usable, slopes


@pytest.mark.parametrize("offset", [0.0, -2.5, 1 / 3, -1 / 24, 6.25])
def test_the_compiled_signs_are_certified_signs_and_list_every_zero(kernels, offset):
    lows, low_ok, slopes = ends_and_slopes(1)
    highs, high_ok, _ = ends_and_slopes(2)
    count = len(slopes)
    infinite = np.isinf(highs) & (np.arange(count) % 2 == 0)
    point = np.arange(count) % 7 == 0
    U = np.zeros((1, count))
    U[0] = slopes
    x = np.ones(1)
    with np.errstate(invalid="ignore", over="ignore"):  # ∞·0 is nan: never sure
        expected_low = eta_path.certified_signs(lows, low_ok, slopes, offset)
        expected_high = eta_path.certified_signs(highs, high_ok, slopes, offset)
    b, low, high = np.empty(count), np.empty(count, np.int8), np.empty(count, np.int8)
    listed = np.empty(2 * count, np.int64)
    sign = int(np.sign(offset))
    followed = ~infinite & ~point
    with np.errstate(invalid="ignore", over="ignore"):
        many = kernels.end_signs(
            x, U, count, lows, low_ok, highs, high_ok, ~followed, offset, sign,
            b, low, high, listed,
        )  # fmt: skip
    by_slope = np.where(slopes > 0, 1, np.where(slopes < 0, -1, sign))  # the sign as η → ∞
    assert (b == slopes).all() and (low == expected_low).all()
    assert (high[followed] == expected_high[followed]).all()
    assert (high[~followed] == by_slope[~followed]).all()
    assert set(listed[:many].tolist()) == {i for i in range(count) if expected_low[i] == 0} | {
        -1 - i for i in range(count) if expected_high[i] == 0 and followed[i]
    }


def test_a_change_recorded_for_a_branch_not_alive_is_refused(kernels):
    """The tree's checks keep this from happening; the compiled step still refuses it rather
    than write past its branches."""
    alive = 3
    codes, zeros = np.array([0, 4, 5]), np.zeros(alive, dtype=np.int8)
    found, branch = kernels.hull_decide(
        alive, np.ones(alive), np.ones(alive, np.int8), np.ones(alive, np.int8), 1,
        np.zeros(alive, bool), np.zeros(alive, bool), np.zeros(alive, bool), codes,
        np.array([1, 0, 0]), np.zeros(alive, np.intp), np.array([alive], np.intp),
        np.array([1], np.int8), 1, np.ones(1), np.zeros((1, alive)),
        np.zeros((1, alive), np.int64), 0, np.empty(alive, np.int8), zeros.copy(),
        zeros.copy(), np.empty(alive, np.int64),
    )  # fmt: skip
    assert (found, branch) == (kernels.HULL_OWNER, alive)


@st.composite
def witness_problems(draw):
    """Samples, w⁽⁰⁾ (zero, ordinary, tiny, or below float64's range), small integer
    directions (V·x = 0 is common) and witnesses, some of them rates where w⁽ᴷ⁾·x = 0
    exactly: signs float64 cannot show."""
    n, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    tenths = st.integers(-30, 30).map(lambda v: Fraction(v, 10))
    X = np.array(draw(st.lists(st.lists(tenths, min_size=d, max_size=d), min_size=n,
                               max_size=n)), dtype=object)  # fmt: skip
    size = draw(st.sampled_from([0, 1, Fraction(1, 2**600), Fraction(1, 2**1100)]))
    w0 = np.array([size * draw(tenths) for _ in range(d)], dtype=object)
    count = draw(st.integers(1, 8))
    V = np.array(draw(st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d),
                               min_size=count, max_size=count)), dtype=np.int64)  # fmt: skip
    D = math.lcm(1, *(v.denominator for v in X.flat))
    witnesses = []
    for p in range(count):
        eta = draw(st.fractions(min_value=Fraction(1, 1000), max_value=100))
        s = draw(st.integers(0, n - 1))
        slope = sum(int(V[p, j]) * X[s, j] for j in range(d))
        root = -sum(w0 * X[s]) * D / slope if slope else 0
        witnesses.append(root if root > 0 and draw(st.booleans()) else eta)
    y = np.array(draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n)), np.int8)
    return witnesses, V, D, X, y, w0


@given(witness_problems())
def test_the_compiled_training_errors_are_those_of_the_final_weights_counted_exactly(problem):
    # Against the definition, in Fractions: w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D at each witness, ŷ = 1 where
    # w·x ≥ 0; and against the NumPy steps.  Exact zeros come back from the compiled loop.
    witnesses, V, D, X, y, w0 = problem
    rule = numeric.rules.get_rule("rosenblatt")
    expected = [
        sum((1 if sum((w0 + eta * V[p] / D) * X[s]) >= 0 else -1) != y[s] for s in range(len(X)))
        for p, eta in enumerate(witnesses)
    ]
    with phase_steps("compiled"):
        compiled = numeric.phase._training_errors(witnesses, V, D, X, y, w0, rule)
    with phase_steps("numpy"):
        reference = numeric.phase._training_errors(witnesses, V, D, X, y, w0, rule)
    assert compiled == reference == expected


class _Inverted(numeric.rules.Rule):
    """A rule with its own ``predict`` (the positive label where z < 0): NumPy steps only."""

    def predict(self, z):
        low, high = self.labels
        return np.where(np.asarray(z) < 0, np.int8(high), np.int8(low))


def test_a_rule_with_its_own_predict_gets_its_training_errors_from_numpy_steps():
    # The compiled witness loop predicts as the table's rules do; it must not be used for a
    # rule of its own (it refused this correct diagram). By hand: w = 1 + η·v stays > 0 on
    # x = 1, 2 and < 0 on x = −1, so ŷ = −1, −1, +1 against y = 1, −1, 1: one error.
    rule = _Inverted("inverted", (-1, 1), "error", "test")
    assert numeric.rules.rule_code(rule) is None
    problem = {"X": [[1], [2], [-1]], "y": [1, -1, 1], "w0": [1], "epochs": 2, "rule": rule}
    with phase_steps("numpy"):
        reference = numeric.phase_diagram(**problem)
    with phase_steps("compiled"):
        compiled = numeric.phase_diagram(**problem)
    assert contents(compiled) == contents(reference)
    assert [phase.training_errors for phase in compiled.phases] == [1]

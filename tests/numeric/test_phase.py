"""numeric.phase_diagram: the exact phases of η, against the exact twin on a dense grid and at
every breakpoint, against an independent path follower written here from the rules'
definitions, on hand-computed cases, and on the textbook's Iris run from its random w⁽⁰⁾."""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phase_problems import problems

import numeric
from numeric.phase import simplest_between

#: 200 rates from 1e-3 to 1e3, geometrically spaced, as exact rationals.
GRID = [Fraction(float(x)).limit_denominator(10**9) for x in np.geomspace(1e-3, 1e3, 200)]
#: DESIGN.md's dataset, its numbers read exactly as decimals.
DESIGN = (
    [["-0.3"], ["1.6"], ["1.3"], ["0.6"], ["-2.2"], ["0.1"], ["0.7"]],
    [-1, -1, -1, 1, -1, -1, -1],
)


def assert_partition(diagram):
    """The phases cover (0, ∞) in order, without gaps or overlaps, and neighbours differ."""
    phases = diagram.phases
    assert phases[0].low == 0 and not phases[0].low_included
    assert phases[-1].high is None and not phases[-1].high_included
    for before, after in itertools.pairwise(phases):
        assert before.high == after.low
        assert before.high_included != after.low_included  # the shared end lies in one
        assert before.predictions != after.predictions or before.updates != after.updates
    for phase in phases:
        if phase.is_point:
            assert phase.low_included and phase.high_included
        else:
            assert phase.high is None or phase.low < phase.high
        assert phase.contains(phase.witness)
    assert all(isinstance(b, Fraction) for b in diagram.breakpoints)
    assert list(diagram.breakpoints) == sorted(set(diagram.breakpoints))


def twin_at(problem, etas, keep="predictions"):
    return numeric.train(
        problem["X"],
        problem["y"],
        etas,
        problem["w0"],
        epochs=problem["epochs"],
        bias=problem["bias"],
        rule=problem["rule"],
        exact=True,
        keep=keep,
    )


def assert_twin_agrees(diagram, problem, etas):
    """At every rate, the exact twin takes the decisions of the phase holding it."""
    result = twin_at(problem, etas)
    rows = [diagram.phase_index(eta) for eta in etas]
    np.testing.assert_array_equal(result.predictions, diagram.predictions[rows])
    np.testing.assert_array_equal(result.coefficients != 0, diagram.updates[rows])


# -- an independent path follower, from the rules' definitions, in plain Fractions -------------


def reference_phases(X, y, w0, epochs=1, bias=False, rule="rosenblatt"):
    """(low, high, low included, high included, predictions, updates) for every phase: from
    each breakpoint L, one full run just right of L finds the next breakpoint R (the smallest
    root above L of w·x = w⁽⁰⁾·x + η·u·x), and one run at R itself decides the point."""
    negative, positive = numeric.get_rule(rule).labels
    rows = [[Fraction(v) for v in row] + [Fraction(1)] * bias for row in X]
    d = len(rows[0])
    w0 = [Fraction(0)] * d if w0 is None or w0 == 0 else [Fraction(v) for v in w0]

    def run(L, just_right):
        u, predictions, updates, roots = [Fraction(0)] * d, [], [], []
        for k in range(len(rows) * epochs):
            x, target = rows[k % len(rows)], y[k % len(rows)]
            a = sum(wj * xj for wj, xj in zip(w0, x, strict=True))
            b = sum(uj * xj for uj, xj in zip(u, x, strict=True))
            z = a + L * b
            sign = (z > 0) - (z < 0)
            if just_right:
                if sign and b and (b > 0) != (sign > 0):
                    roots.append(-a / b)
                sign = sign or (b > 0) - (b < 0)
            y_hat = positive if sign >= 0 else negative
            if rule == "mistake-driven":
                c = target if target * sign <= 0 else 0
            else:
                c = target - y_hat
            predictions.append(y_hat)
            updates.append(c != 0)
            u = [uj + c * xj for uj, xj in zip(u, x, strict=True)]
        return (tuple(predictions), tuple(updates)), min(roots, default=None)

    phases, low, low_included = [], Fraction(0), False
    left, R = run(low, True)
    while R is not None:
        point, _ = run(R, False)
        right, after = run(R, True)
        if point == left:
            phases.append((low, R, low_included, True, *left))
            low_included = False
        elif point == right:
            phases.append((low, R, low_included, False, *left))
            low_included = True
        else:
            phases.append((low, R, low_included, False, *left))
            phases.append((R, R, True, True, *point))
            low_included = False
        low, left, R = R, right, after
    phases.append((low, None, low_included, False, *left))
    return phases


def as_rows(diagram):
    return [
        (p.low, p.high, p.low_included, p.high_included, p.predictions, p.updates)
        for p in diagram.phases
    ]


def test_the_reference_path_follower_reproduces_a_hand_computed_diagram():
    # w⁽⁰⁾ = 1/2 on DESIGN, one epoch.  Step 1 (x = −0.3, y = −1): z = −0.15, correct.  Step 2
    # (x = 1.6): z = 0.8 ≥ 0, wrong, so w = 1/2 − 3.2η.  Step 3 (x = 1.3): z = 1.3(1/2 − 3.2η)
    # changes sign at η = 5/32; at 5/32 itself z = 0 predicts +1, like the rates below it.
    X, y = DESIGN
    rows = reference_phases(X[:3], y[:3], [Fraction(1, 2)])
    assert [(low, high, a, b) for low, high, a, b, _, _ in rows] == [
        (0, Fraction(5, 32), False, True),
        (Fraction(5, 32), None, False, False),
    ]
    assert [row[4] for row in rows] == [(-1, 1, 1), (-1, 1, -1)]


# -- properties on random small data ------------------------------------------------------------


@given(problems())
def test_the_diagram_agrees_with_the_exact_twin_on_a_dense_grid_and_at_every_breakpoint(
    problem,
):
    diagram = numeric.phase_diagram(**problem)
    assert_partition(diagram)
    assert_twin_agrees(diagram, problem, GRID + list(diagram.breakpoints))


@given(problems())
def test_the_diagram_is_the_one_an_independent_path_follower_finds(problem):
    diagram = numeric.phase_diagram(**problem)
    assert as_rows(diagram) == reference_phases(**problem)


@given(problems(zero_init=True))
def test_zero_init_gives_exactly_one_phase_for_every_rule(problem):
    diagram = numeric.phase_diagram(**problem)
    assert len(diagram) == 1 and diagram.invariant
    (phase,) = diagram.phases
    assert (phase.low, phase.high, phase.low_included, phase.high_included) == (0, None, 0, 0)
    assert diagram.breakpoints == () and diagram.first_breakpoint is None
    assert diagram.first_flip is None
    assert_twin_agrees(diagram, problem, GRID[::20])


@given(problems())
def test_breakpoints_are_exact_roots_where_the_tie_convention_decides_as_the_twin_does(problem):
    diagram = numeric.phase_diagram(**problem)
    breakpoints = list(diagram.breakpoints)
    if not breakpoints:
        return
    result = twin_at(problem, breakpoints, keep="all")
    positive = numeric.get_rule(problem["rule"]).labels[1]
    labels = np.resize(np.array(problem["y"]), result.steps)
    for e, eta in enumerate(breakpoints):
        ties = result.net_inputs[e] == 0
        assert ties.any(), f"η = {eta} is no root of any w·x"
        # φ(0) = 1: a tie predicts the positive label; mistake-driven: a tie is a mistake.
        assert (result.predictions[e][ties] == positive).all()
        if problem["rule"] == "mistake-driven":
            assert (result.coefficients[e][ties] == labels[ties]).all()
        phase = diagram.phase_at(eta)
        assert tuple(result.predictions[e].tolist()) == phase.predictions


# -- hand-computed cases -------------------------------------------------------------------------


def narrow_problem():
    # w⁽⁰⁾ = (1, 1), no bias.  Step 1 (x = (1, 0), y = −1): z = 1, wrong: V = (−2, 0).  Step 2
    # (x = (1, 1), y = −1): z = 2 − 2η, wrong for η ≤ 1 (V = (−4, −2)), right above (V stays).
    # Step 3 (x = (1, q), y = +1), above 1: z = 1 + q − 2η, which changes sign at (1 + q)/2.
    # With q = 1 + 2·10⁻⁶ the phase (1, 1 + 10⁻⁶] is a millionth wide.
    q = Fraction(1_000_002, 1_000_000)
    return {
        "X": [[1, 0], [1, 1], [1, q]],
        "y": [-1, -1, 1],
        "w0": [1, 1],
        "epochs": 1,
        "bias": False,
        "rule": "rosenblatt",
    }


def test_the_diagram_finds_a_phase_narrower_than_the_grid_spacing_which_the_grid_misses():
    problem = narrow_problem()
    diagram = numeric.phase_diagram(**problem)
    narrow = diagram.phase_at(Fraction(1_000_001, 1_000_000))
    assert (narrow.low, narrow.high) == (1, Fraction(1_000_001, 1_000_000))
    assert (narrow.low_included, narrow.high_included) == (False, True)
    assert narrow.predictions == (1, -1, 1)
    assert not any(narrow.contains(eta) for eta in GRID)  # no grid rate lands in it ...
    seen = {tuple(row) for row in twin_at(problem, GRID).predictions.tolist()}
    assert narrow.predictions not in seen  # ... so the grid never sees its predictions,
    assert len(seen) == len(diagram) - 1  # though it sees every other phase
    witness = twin_at(problem, [narrow.witness]).predictions[0]  # the twin confirms it
    assert tuple(witness.tolist()) == narrow.predictions


def test_the_critical_rate_of_step_3_on_the_design_data_is_five_thirty_seconds():
    X, y = DESIGN
    diagram = numeric.phase_diagram(X[:3], y[:3], [Fraction(1, 2)])
    flip = diagram.critical_learning_rate(3)
    assert flip == numeric.Flip(Fraction(5, 32), False, step=3, sample=3, before=1, after=-1)
    assert diagram.first_flip == flip and diagram.first_breakpoint == Fraction(5, 32)
    assert diagram.critical_learning_rate(1) is None
    assert diagram.critical_learning_rate(2) is None
    # w⁽⁰⁾ + η·V/D at the witness of the last phase (η = 1): 1/2 − 3.2 = −27/10.
    assert diagram.phases[-1].witness == 1
    assert diagram.phases[-1].final_weights == (Fraction(-27, 10),)


def test_the_critical_rate_of_step_2_is_symbolic_critical_learning_rate_on_concrete_data():
    symbolic = pytest.importorskip("symbolic")
    X, y, w0 = [[1, 2], [3, -1]], [-1, 1], [1, 1]
    trace = symbolic.perceptron_trace((X, y), w0=w0)
    expected = symbolic.critical_learning_rate(trace, 2)
    flip = numeric.phase_diagram(X, y, w0).critical_learning_rate(2)
    assert flip is not None and flip.eta == Fraction(str(expected))


def test_mistake_driven_ties_make_single_point_phases_that_differ_in_updates_only():
    # w⁽⁰⁾ = −1, x = 1 twice, y = +1.  Step 1: z = −1, a mistake, so w = −1 + η.  Step 2:
    # z = −1 + η: below η = 1 a mistake (ŷ = −1); at η = 1 a tie, which predicts +1 and is
    # still a mistake; above it ŷ = +1 and no mistake.  The point {1} differs from the rates
    # above it only in whether step 2 updates.
    diagram = numeric.phase_diagram([[1], [1]], [1, 1], [-1], rule="mistake-driven")
    assert [(p.interval(), p.predictions, p.updates) for p in diagram.phases] == [
        ("(0, 1)", (-1, -1), (True, True)),
        ("{1}", (-1, 1), (True, True)),
        ("(1, ∞)", (-1, 1), (True, False)),
    ]


def test_phase_at_takes_fractions_ints_decimal_strings_and_floats_at_their_binary_value():
    diagram = numeric.phase_diagram(**narrow_problem())
    one = diagram.phase_at(1)
    assert diagram.phase_at("1") is one and diagram.phase_at(Fraction(1)) is one
    assert diagram.phase_at(1.0) is one
    above = Fraction(1) + Fraction(1, 2**52)  # the float after 1.0, inside the narrow phase
    assert diagram.phase_at(float(above)) is diagram.phase_at("1.0000005")
    assert diagram.phase_at("1e-30") is diagram.phases[0]
    assert diagram.phase_at(10**30) is diagram.phases[-1]


@pytest.mark.parametrize("eta", [0, -1, "-0.5", Fraction(0)])
def test_phase_at_refuses_rates_that_are_not_positive(eta):
    diagram = numeric.phase_diagram(**narrow_problem())
    with pytest.raises(numeric.InvalidLearningRate, match="must be positive"):
        diagram.phase_at(eta)


@pytest.mark.parametrize("eta", ["abc", float("nan"), float("inf"), None])
def test_phase_at_refuses_what_is_not_a_number(eta):
    diagram = numeric.phase_diagram(**narrow_problem())
    with pytest.raises(numeric.InvalidLearningRate):
        diagram.phase_at(eta)


# -- bad input -----------------------------------------------------------------------------------

BAD = [
    ({"X": [[1], [1, 2]]}, numeric.DimensionMismatch, r"X\[2\]"),
    ({"y": [1, 2]}, numeric.InvalidLabel, r"y\[2\]=2 must be one of"),
    ({"y": [1]}, numeric.DimensionMismatch, "1 labels but X has 2 rows"),
    ({"w0": [1, 2, 3]}, numeric.DimensionMismatch, "must be 0 or a vector of length 1"),
    ({"w0": ["x"]}, numeric.InvalidNumber, r"w0\[1\]='x' must be a finite number"),
    ({"X": [[float("nan")], [1]]}, numeric.InvalidNumber, "finite"),
    ({"epochs": 0}, numeric.InvalidEpochs, "epochs=0 must be a positive whole number"),
    ({"rule": "adaline"}, numeric.UnknownRule, "rule='adaline' must be one of"),
    ({"max_phases": 0}, numeric.InvalidNumber, "max_phases=0 must be a positive whole number"),
    ({"max_phases": True}, numeric.InvalidNumber, "max_phases=True"),
    ({"bias": True, "w0": [1]}, numeric.DimensionMismatch, "length 2 .the bias weight last"),
]


@pytest.mark.parametrize(("change", "error", "message"), BAD)
def test_bad_input_raises_one_named_error_naming_the_value(change, error, message):
    problem = {"X": [[1], [2]], "y": [1, -1], "w0": [1], **change}
    X, y, w0 = problem.pop("X"), problem.pop("y"), problem.pop("w0")
    with pytest.raises(error, match=message) as raised:
        numeric.phase_diagram(X, y, w0, **problem)
    assert isinstance(raised.value, numeric.NumericValueError)


def test_too_many_phases_is_a_named_error_carrying_the_limit():
    X, y = DESIGN
    with pytest.raises(numeric.TooManyPhases, match="max_phases=3 is too few") as raised:
        numeric.phase_diagram(X, y, [Fraction(1, 2)], epochs=3, max_phases=3)
    assert raised.value.max_phases == 3 and raised.value.value == 3
    assert isinstance(raised.value, numeric.NumericValueError)
    assert len(numeric.phase_diagram(X, y, [Fraction(1, 2)], epochs=3, max_phases=46)) == 46


def test_the_simplest_rational_between_two_ends():
    assert simplest_between(Fraction(0), Fraction(1, 3)) == Fraction(1, 4)
    assert simplest_between(Fraction(1, 3), Fraction(1, 2)) == Fraction(2, 5)
    assert simplest_between(Fraction(1, 2), Fraction(1)) == Fraction(2, 3)
    assert simplest_between(Fraction(0), None) == 1
    assert simplest_between(Fraction(5, 2), None) == 3
    assert simplest_between(Fraction(3), Fraction(4)) == Fraction(7, 2)
    # an empty interval, or one reaching below 0, holds none: a named error with the ends
    for low, high in ((Fraction(1, 3), Fraction(1, 3)), (Fraction(1, 2), Fraction(1, 3)),
                      (Fraction(-1), Fraction(1))):  # fmt: skip
        with pytest.raises(numeric.NumericValueError, match="no rate lies strictly") as raised:
            simplest_between(low, high)
        assert raised.value.value == (low, high)


@given(st.fractions(0, 5, max_denominator=50), st.fractions(0, 5, max_denominator=50))
def test_no_rational_with_a_smaller_denominator_lies_between(a, b):
    low, high = min(a, b), max(a, b)
    if low == high:
        return
    value = simplest_between(low, high)
    assert low < value < high
    for q in range(1, value.denominator):
        p = int(low * q) + 1  # the smallest p/q above low
        assert not Fraction(p, q) < high


def test_the_json_form_is_strict_and_exact():
    X, y = DESIGN
    diagram = numeric.phase_diagram(X, y, [Fraction(1, 2)], epochs=3)
    data = json.loads(json.dumps(diagram.to_dict(), allow_nan=False))
    assert data["phase_count"] == len(data["phases"]) == len(diagram) == 46
    assert data["phases"][0]["high"] == "5/208" and data["phases"][-1]["high"] is None
    assert data["first_flip"] == {
        "eta": "5/208",
        "included": False,
        "step": 21,
        "sample": 7,
        "before": 1,
        "after": -1,
    }
    assert [Fraction(b) for b in data["breakpoints"]] == list(diagram.breakpoints)


# -- the textbook's Iris run from its random w⁽⁰⁾ ------------------------------------------------


def book_errors(eta, n_iter=10, seed=1):
    """The textbook's Perceptron.fit loop, line by line, in float64 (bias weight first)."""
    X, y = numeric.load_iris()
    X = np.array(X, dtype=float)
    rgen = np.random.RandomState(seed)
    w = rgen.normal(loc=0.0, scale=0.01, size=1 + X.shape[1])
    errors_ = []
    for _ in range(n_iter):
        errors = 0
        for xi, target in zip(X, y, strict=True):
            predicted = np.where(np.dot(xi, w[1:]) + w[0] >= 0.0, 1, -1)
            update = eta * (target - predicted)
            w[1:] += update * xi
            w[0] += update
            errors += int(update != 0.0)
        errors_.append(errors)
    return errors_


@pytest.fixture(scope="module")
def iris_diagram():
    X, y = numeric.load_iris()
    return numeric.phase_diagram(X, y, numeric.textbook_weights(1, 2), epochs=10, bias=True)


def test_the_textbook_weights_are_the_books_draw_with_the_bias_weight_last():
    draw = np.random.RandomState(1).normal(loc=0.0, scale=0.01, size=3)
    assert numeric.textbook_weights(1, 2).tolist() == [draw[1], draw[2], draw[0]]


def test_the_iris_phase_at_the_books_rate_has_the_books_errors_per_epoch(iris_diagram):
    assert book_errors(0.1) == [1, 3, 3, 2, 1, 0, 0, 0, 0, 0]
    phase = iris_diagram.phase_at(0.1)
    assert list(phase.errors_per_epoch) == book_errors(0.1)
    assert phase.training_errors == 0 and phase.high is None  # η = 0.1 is past the last one


@pytest.mark.parametrize("eta", [0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7])
def test_the_iris_diagram_agrees_with_the_books_float64_loop_at_smaller_rates(iris_diagram, eta):
    assert list(iris_diagram.phase_at(eta).errors_per_epoch) == book_errors(eta)


def test_the_iris_diagram_has_thousands_of_phases_most_of_them_at_small_rates(iris_diagram):
    assert_partition(iris_diagram)
    assert len(iris_diagram) == 8750
    below = sum(1 for phase in iris_diagram.phases if phase.low < Fraction(1, 10**4))
    assert below > len(iris_diagram) / 2
    flip = iris_diagram.first_flip
    assert flip is not None and (flip.step, flip.sample, flip.included) == (914, 14, True)
    assert flip.eta == iris_diagram.first_breakpoint


def test_a_diagram_the_exact_twin_contradicts_is_an_internal_error(monkeypatch):
    import numeric.phase as phase

    real = phase.trace_eta_path

    def corrupted(*args, **kwargs):
        found = real(*args, **kwargs)
        signs = found.decisions.root_signs  # the first piece's row, shared by every branch
        signs[-1] = 1 if signs[-1] < 0 else -1  # its last prediction flips
        return found

    monkeypatch.setattr(phase, "trace_eta_path", corrupted)
    with pytest.raises(phase.PhaseDiagramError, match="does not take the decisions of phase"):
        numeric.phase_diagram(**narrow_problem())
    assert not issubclass(phase.PhaseDiagramError, ValueError)  # a bug, not bad input


def test_a_feature_denominator_past_int64_is_compared_in_python_integers():
    """Review: with every final direction 0 the check's int64 shortcut took a denominator of
    2⁷⁰ and crashed with OverflowError; w⁽²⁾ = 1 + 0·η, one phase."""
    diagram = numeric.phase_diagram([[Fraction(1, 2**70)]], [1], [1], epochs=2)
    assert len(diagram) == 1 and diagram.phases[0].final_weights == (1,)


def test_the_repr_of_a_diagram_is_one_short_line():
    diagram = numeric.phase_diagram(**narrow_problem())
    assert repr(diagram) == (
        "PhaseDiagram(4 phase(s), rule='rosenblatt', n=3, epochs=1, bias=False, "
        f"breakpoints {diagram.breakpoints[0]} … 1000001/1000000)"
    )


def test_the_decisions_are_kept_as_differences_from_a_parent_not_as_full_rows(iris_diagram):
    tree = iris_diagram.decisions
    full = len(iris_diagram) * iris_diagram.steps
    assert tree.diff_steps.size < full / 10  # Iris: 8750 phases × 1000 steps
    middle = len(iris_diagram) // 2
    predictions, updates = tree.row(middle)
    assert iris_diagram.phases[middle].predictions == tuple(predictions.tolist())
    assert iris_diagram.phases[middle].updates == tuple(updates.tolist())


@given(problems(), st.data())
def test_a_few_rows_at_once_are_those_of_every_phase_s_full_matrix(problem, data):
    # rows() picks the ancestors' changes out before any row() has sorted them by piece;
    # the matrices rebuild every phase from the tree top down (another route).
    diagram = numeric.phase_diagram(**problem, verify=False)
    tree = diagram.decisions
    chosen = data.draw(st.lists(st.integers(0, len(diagram) - 1), min_size=1, max_size=5))
    rows = tree.rows(chosen)
    assert "_by_piece" not in tree.__dict__  # nothing sorted yet: the one-pass route ran
    predictions, updates = tree.matrices()
    for index, (row_predictions, row_updates) in zip(chosen, rows, strict=True):
        assert row_predictions.tolist() == predictions[index].tolist()
        assert row_updates.tolist() == updates[index].tolist()
    assert [row[0].tolist() for row in tree.rows(chosen)] == [r[0].tolist() for r in rows]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_while_a_diagram_is_made_and_left_as_it_was(enabled):
    import gc

    seen = []
    real = numeric.phase._diagram

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with mock.patch.object(numeric.phase, "_diagram", spy):
            numeric.phase_diagram([[1], [2]], [1, -1], [1])
        after = gc.isenabled()
        with pytest.raises(numeric.errors.DimensionMismatch):
            numeric.phase_diagram([[1], [2]], [1], [1])
        after_error = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False] and after == after_error == enabled


def test_a_feature_past_float64_s_range_is_verified_in_exact_arithmetic():
    # w⁽⁰⁾ = 1 classifies both samples right at every step (z = 10⁴⁰⁰ and 1): no update, one
    # phase, no training error; the float64 shortcut must not read 10⁴⁰⁰ (it raised).
    diagram = numeric.phase_diagram([[10**400], [1]], [1, 1], [1])
    assert len(diagram) == 1 and diagram.phases[0].training_errors == 0
    assert diagram.phases[0].updates == (False, False)

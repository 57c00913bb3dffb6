"""numeric.phase_diagram(..., eta_range=(lo, hi)): the phases meeting [lo, hi], cut there exactly
as the whole diagram's are, and the tree of shared prefixes the decisions are kept in, against
the rows every phase takes."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from phase_problems import STEPS, phase_steps, problems
from test_phase import as_rows, reference_phases

import numeric

#: DESIGN.md's dataset from w⁽⁰⁾ = 1/2, three epochs: 46 phases.
DESIGN = {
    "X": [["-0.3"], ["1.6"], ["1.3"], ["0.6"], ["-2.2"], ["0.1"], ["0.7"]],
    "y": [-1, -1, -1, 1, -1, -1, -1],
    "w0": [Fraction(1, 2)],
    "epochs": 3,
}


def rates(breakpoints):
    """A rate: one of the breakpoints (so that lo or hi falls on an end), or any rational."""
    anywhere = st.fractions(Fraction(1, 1000), 50, max_denominator=1000).filter(lambda r: r > 0)
    return st.one_of(st.sampled_from(breakpoints), anywhere) if breakpoints else anywhere


def meets(phase, lo, hi):
    """Whether some rate of [lo, hi] lies in the phase."""
    above = phase.high is None or phase.high > lo or (phase.high == lo and phase.high_included)
    below = phase.low < hi or (phase.low == hi and phase.low_included)
    return above and below


def cut(span, lo, hi):
    """(low, high, low included, high included) of ``span`` ∩ [lo, hi]."""
    low, low_in = (lo, True) if span.low < lo else (span.low, span.low_included)
    if span.high is None or span.high > hi:
        high, high_in = hi, True
    else:
        high, high_in = span.high, span.high_included
    return low, high, low_in, high_in


def cut_segments(phase, lo, hi):
    return [(*cut(s, lo, hi), s.training_errors) for s in phase.segments if meets(s, lo, hi)]


def as_cut(diagram, lo, hi):
    """The full diagram cut to [lo, hi], phase by phase, with what is true on each piece."""
    return [
        (cut(p, lo, hi), p.predictions, p.updates, p.errors_per_epoch, cut_segments(p, lo, hi))
        for p in diagram.phases
        if meets(p, lo, hi)
    ]


def as_ranged(diagram):
    return [
        (
            (p.low, p.high, p.low_included, p.high_included),
            p.predictions,
            p.updates,
            p.errors_per_epoch,
            [
                (s.low, s.high, s.low_included, s.high_included, s.training_errors)
                for s in p.segments
            ],
        )
        for p in diagram.phases
    ]


@given(problems(max_n=5), st.data())
def test_a_range_diagram_is_the_whole_diagram_cut_to_the_range(problem, data):
    whole = numeric.phase_diagram(**problem)
    a, b = data.draw(rates(list(whole.breakpoints))), data.draw(rates(list(whole.breakpoints)))
    if a == b:
        b = a + Fraction(1, 7)
    lo, hi = min(a, b), max(a, b)
    ranged = numeric.phase_diagram(**problem, eta_range=(lo, hi))
    assert as_ranged(ranged) == as_cut(whole, lo, hi)
    first, last = ranged.phases[0], ranged.phases[-1]
    assert (first.low, first.low_included, last.high, last.high_included) == (lo, True, hi, True)
    assert ranged.eta_range == (lo, hi)
    inside = {b for b in whole.breakpoints if lo < b < hi}
    assert inside <= set(ranged.breakpoints) <= set(whole.breakpoints)
    for phase in ranged.phases:  # values at the witness are the whole diagram's there
        assert phase.contains(phase.witness)
        assert phase.training_errors == whole.training_errors_at(phase.witness)
        assert phase.final_weights == whole.final_weights_at(phase.witness)


def test_a_range_on_the_design_data_keeps_only_its_phases_and_says_so():
    whole = numeric.phase_diagram(**DESIGN)
    lo, hi = Fraction(1, 10), Fraction(10)
    ranged = numeric.phase_diagram(**DESIGN, eta_range=("0.1", 10))
    inside = [p for p in whole.phases if meets(p, lo, hi)]
    assert len(ranged) == len(inside) < len(whole)
    assert "over η in [1/10, 10]" in str(ranged)
    assert ranged.to_dict()["eta_range"] == ["1/10", "10"]
    assert whole.to_dict()["eta_range"] is None
    assert "η in [1/10, 10]" in repr(ranged)
    with pytest.raises(numeric.InvalidLearningRate, match="outside the diagram's range"):
        ranged.phase_at(20)


def test_a_range_inside_one_phase_is_invariant_there():
    whole = numeric.phase_diagram(**DESIGN)
    last = whole.phases[-1]
    ranged = numeric.phase_diagram(**DESIGN, eta_range=(last.low + 1, last.low + 2))
    assert ranged.invariant and len(ranged) == 1
    assert ranged.phases[0].predictions == last.predictions
    assert str(ranged).startswith(f"invariant over [{last.low + 1}, {last.low + 2}]")


@pytest.mark.parametrize(
    ("eta_range", "message"),
    [
        ((1, 1), "must have lo < hi"),
        ((2, 1), "must have lo < hi"),
        ((0, 1), "must start above 0"),
        ((-1, 1), "must start above 0"),
        (("x", 1), "eta_range='x' must be a finite number"),
        ((1, float("inf")), "must be a finite number"),
        ((1,), "must be a pair"),
        ("1,2", "must be a pair"),
    ],
)
def test_a_bad_range_raises_one_named_error_naming_it(eta_range, message):
    with pytest.raises(numeric.InvalidLearningRate, match=message) as raised:
        numeric.phase_diagram(**DESIGN, eta_range=eta_range)
    assert isinstance(raised.value, numeric.NumericValueError)


# -- the tree of shared prefixes -----------------------------------------------------------------


@given(problems(max_n=5))
def test_the_tree_gives_every_phase_the_row_of_decisions_the_dense_arrays_hold(problem):
    diagram = numeric.phase_diagram(**problem)
    predictions, updates = diagram.predictions, diagram.updates
    for i, phase in enumerate(diagram.phases):
        assert phase.predictions == tuple(predictions[i].tolist())
        assert phase.updates == tuple(updates[i].tolist())
        per_epoch = updates[i].reshape(diagram.epochs, diagram.n).sum(axis=1)
        assert phase.errors_per_epoch == tuple(per_epoch.tolist())
        if i:  # the first step where it decides unlike the phase before it
            differs = (predictions[i] != predictions[i - 1]) | (updates[i] != updates[i - 1])
            assert diagram.differs_at(i) == int(np.argmax(differs)) + 1
    for step in range(1, diagram.steps + 1):
        column = predictions[:, step - 1]
        rows = np.flatnonzero(column != column[0])
        flip = diagram.critical_learning_rate(step)
        assert (flip is None) == (rows.size == 0)
        if flip is not None:
            assert flip.eta == diagram.phases[int(rows[0])].low


@pytest.fixture(params=STEPS)
def steps(request):
    """The NumPy steps or the compiled ones, from the first step on."""
    with phase_steps(request.param):
        yield request.param


#: DESIGN with its features times 10¹²: β = V·x passes 2⁵³, so the trace and the check take
#: their steps in Python integers.
HUGE = {**DESIGN, "X": [[Fraction(row[0]) * 10**12] for row in DESIGN["X"]]}


def test_features_past_float64_take_the_integer_steps_to_the_reference_diagram(steps):
    largest = max(abs(row[0]) for row in HUGE["X"])
    assert largest * largest * 3 * len(HUGE["X"]) > 2**53  # not exact in float64
    diagram = numeric.phase_diagram(**HUGE)
    assert as_rows(diagram) == reference_phases(HUGE["X"], HUGE["y"], HUGE["w0"], epochs=3)
    assert len(diagram) == len(numeric.phase_diagram(**DESIGN))  # η scaled by 10⁻²⁴


def assert_caught(monkeypatch, change, match: str | None = None, problem=DESIGN) -> None:
    """The tracer's result, passed through ``change`` before the diagram is built, is refused
    by the diagram's check (with a message matching ``match``) on ``problem``."""
    import numeric.phase as phase

    real = phase.trace_eta_path

    def corrupted(*args, **kwargs):
        found = real(*args, **kwargs)
        change(found)
        return found

    monkeypatch.setattr(phase, "trace_eta_path", corrupted)
    with pytest.raises(phase.PhaseDiagramError, match=match):
        numeric.phase_diagram(**problem)


def test_a_corrupted_branch_of_the_tree_is_an_internal_error(monkeypatch, steps):
    def change(found):
        signs = found.decisions.change_sign  # the last change the tree records
        signs[-1] = 1 if signs[-1] < 0 else -1

    assert_caught(monkeypatch, change, "does not take the decisions of")


def test_a_boundary_moved_into_the_next_phase_is_an_internal_error(monkeypatch, steps):
    """The last phase but one made to reach halfway into the last: its decisions change inside
    it, at the step where the two split (no check caught this before the review)."""

    def change(found):
        before, last = found.pieces[-2], found.pieces[-1]
        moved = last.low + 1  # the last phase is (b, ∞): b + 1 lies inside it
        found.pieces[-2] = dataclasses.replace(before, high=moved)
        found.pieces[-1] = dataclasses.replace(last, low=moved)

    assert_caught(monkeypatch, change, "decides otherwise inside it at step")


def test_a_change_recorded_out_of_step_order_is_an_internal_error(monkeypatch, steps):
    """The check reads each step's changes as one run of the records, the rows read each
    record's step (review: a record moved one step later, out of order, passed with 1–4 rows
    printed wrong)."""

    def change(found):
        steps = found.decisions.change_step
        j = int(np.flatnonzero(steps[:-1] < steps[1:])[0])  # a record before a later one
        steps[j] = steps[j + 1] + 1

    assert_caught(monkeypatch, change, "changes out of order or range")


def test_a_wrong_first_difference_between_neighbours_is_an_internal_error(monkeypatch, steps):
    def change(found):
        found.decisions.low_step[found.decisions.order[-1]] += 1  # the last phase's claim

    assert_caught(monkeypatch, change, "first differs from the phase")


def test_a_tree_whose_pieces_do_not_meet_their_parents_is_an_internal_error(monkeypatch, steps):
    def change(found):
        parent = found.decisions.parent
        parent[-1] = 0 if parent[-1] != 0 else 1  # the last piece hangs off another piece

    assert_caught(monkeypatch, change)


def test_wrong_updates_per_epoch_are_an_internal_error(monkeypatch, steps):
    """The counts come from the parents' signs, a field the decisions do not use (review:
    one flipped, the diagram printed (4, 4, 5) updates where its decisions make (4, 4, 4))."""

    def change(found):
        signs = found.decisions.change_parent_sign
        signs[-1] = 1 if signs[-1] < 0 else -1

    assert_caught(monkeypatch, change, "updates per epoch")


def test_wrong_final_weights_are_an_internal_error(monkeypatch, steps):
    """Review: phase 0's direction + 1 printed final w −11/420 where it is −1/35."""

    def change(found):
        found.directions[0, 0] += 1

    assert_caught(monkeypatch, change, "other final weights")
    assert_caught(monkeypatch, change, "other final weights", HUGE)  # in Python integers


def test_a_witness_outside_its_phase_is_an_internal_error(monkeypatch, steps):
    """Review: a witness on its phase's open end passed unless the twin sampled it."""
    import numeric.phase as phase

    real = phase.simplest_between
    monkeypatch.setattr(phase, "simplest_between", lambda low, high: high or real(low, high))
    with pytest.raises(phase.PhaseDiagramError, match="witness outside it"):
        numeric.phase_diagram(**DESIGN)


def test_a_piece_split_from_one_born_at_the_same_step_is_an_internal_error(monkeypatch, steps):
    """A child copies its parent's weights when it splits; a parent born at that same step has
    none yet, so the child would be checked from w⁽⁰⁾ (review: a false row then passed)."""

    def change(found):
        tree = found.decisions
        births = tree.birth.tolist()
        child = next(
            c for c in range(2, len(births)) if any(births[p] == births[c] for p in range(1, c))
        )
        tree.parent[child] = next(p for p in range(1, child) if births[p] == births[child])

    assert_caught(monkeypatch, change, "born at the same step")


def test_neighbours_split_apart_that_decide_alike_are_an_internal_error(monkeypatch, steps):
    """A split where nothing differs (a breakpoint that is none): the branch split off made
    to decide as its parent, which holds its neighbour, at the step of the split."""
    import numeric.phase as phase

    real = phase._check_splits
    made = []

    def corrupted(diagram, children, parent, hulls, first, last, decided, low_step, k):
        for c in children.tolist():
            p = int(parent[c])
            if not made and first[p] <= hulls.neighbour[c] <= last[p]:
                decided = decided.copy()
                decided[c] = decided[p]
                made.append(c)
        return real(diagram, children, parent, hulls, first, last, decided, low_step, k)

    monkeypatch.setattr(phase, "_check_splits", corrupted)
    with pytest.raises(phase.PhaseDiagramError, match="decide alike"):
        numeric.phase_diagram(**DESIGN)
    assert made

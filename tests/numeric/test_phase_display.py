"""How a long phase diagram displays: the first phases and the last ones (the largest rates),
with one line for those left out, in text and in Jupyter, never 20 near-identical rows."""

from __future__ import annotations

import re

import numpy as np

import numeric
from numeric.display import MAX_ROWS
from numeric.phase import HEAD_PHASES, PRINTED_PHASES


def long_diagram() -> numeric.PhaseDiagram:
    """Twelve samples from a non-zero start: far more phases than a display shows."""
    rng = np.random.default_rng(0)
    X = rng.integers(-5, 6, size=(12, 2)).tolist()
    y = [1 if a + 2 * b > 0 else -1 for a, b in X]
    return numeric.phase_diagram(X, y, [3, -2], epochs=4)


def test_a_long_diagram_shows_its_first_and_last_phases_and_counts_the_rest():
    diagram = long_diagram()
    count = len(diagram)
    assert count > PRINTED_PHASES + 5
    lines = str(diagram).splitlines()[2:]
    assert len(lines) == PRINTED_PHASES
    tail = PRINTED_PHASES - HEAD_PHASES - 1
    shown = [*diagram.phases[:HEAD_PHASES], *diagram.phases[count - tail :]]
    rows = [line for line in lines if "witness" in line]
    assert [row.split(": witness ")[0].strip() for row in rows] == [
        numeric.phase._interval(phase) for phase in shown
    ]
    assert rows[-1].split(":")[0].strip().endswith("∞)")  # the last phase is shown
    (gap,) = [line for line in lines if "⋮" in line]
    assert lines.index(gap) == HEAD_PHASES
    left_out = count - HEAD_PHASES - tail
    first, last = diagram.phases[HEAD_PHASES], diagram.phases[count - tail - 1]
    assert f"⋮ {left_out} more phases in " in gap
    ends = re.search(r" in [\[(](.+), (.+)[\])]$", gap)
    assert ends is not None
    assert ends.groups() == (numeric.display.number(first.low), numeric.display.number(last.high))
    assert last.high == diagram.phases[count - tail].low  # the gap meets the tail


def test_the_jupyter_table_shows_as_many_rows_as_fit_and_the_gap_row_between():
    diagram = long_diagram()
    markup = diagram._repr_html_()
    body = markup.split("<tbody>")[1].split("</tbody>")[0]
    assert body.count("<tr>") == MAX_ROWS
    assert body.count("⋮") == 1
    assert "more</p>" not in markup  # the gap row already says how many are left out


def test_a_short_diagram_shows_every_phase_and_no_gap():
    diagram = numeric.phase_diagram([[1, 2], [2, -1], [-1, 1]], [1, -1, 1], [1, 1], epochs=2)
    assert 1 < len(diagram) <= PRINTED_PHASES
    lines = str(diagram).splitlines()[2:]
    assert len(lines) == len(diagram) and not any("⋮" in line for line in lines)


def test_phases_are_equal_only_when_their_decisions_are():
    """Two phases with the same interval, witness and counts but other decisions differ."""
    one = numeric.phase_diagram([[-1], [-1]], [-1, -1], [0]).phases[0]  # ŷ = +1, then −1
    flipped = numeric.phase_diagram([[-1], [1]], [-1, 1], [0]).phases[0]  # ŷ = +1, +1
    assert (one.predictions, flipped.predictions) == ((1, -1), (1, 1))
    assert (one.low, one.high, one.witness, one.errors_per_epoch, one.training_errors) == (
        flipped.low,
        flipped.high,
        flipped.witness,
        flipped.errors_per_epoch,
        flipped.training_errors,
    )
    assert one != flipped
    again = numeric.phase_diagram([[-1], [-1]], [-1, -1], [0]).phases[0]
    assert one == again and hash(one) == hash(again)

"""The textbook's non-zero-init case in exact arithmetic: Iris, the book's random w⁽⁰⁾ (seed 1),
ten epochs — the phases of η that hold a few round learning rates, computed by
:func:`numeric.phase_diagram` (every phase checked by the exact twin)."""

from __future__ import annotations

import decimal
import functools
from fractions import Fraction

from sympy import Symbol

import numeric
from numeric.phase import PhaseDiagram
from numeric.textbook import textbook_weights
from symbolic.derivations import Heading, Paragraph, Table

#: The rates the table looks up, from far below the book's to above it.
RATES = tuple(Fraction(1, 10**e) for e in range(7, -1, -1))
EPOCHS = 10
SEED = 1


@functools.cache
def iris_textbook_diagram() -> PhaseDiagram:
    """The exact phase diagram of the book's run: Rosenblatt, Iris, w⁽⁰⁾ drawn with seed 1."""
    X, y = numeric.load_iris()
    return numeric.phase_diagram(
        X, y, textbook_weights(SEED, 2), epochs=EPOCHS, bias=True, rule="rosenblatt"
    )


def _short(value: Fraction, rounding: str) -> str:
    """``value`` to four significant digits, rounded in the direction ``rounding``."""
    context = decimal.Context(prec=4, rounding=rounding)
    exact = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
    return f"{context.plus(exact):.3e}" if value else "0"


def _outward(phase) -> str:
    """The phase's range in short decimals rounded outward, so the printed range always
    holds the exact one (a rate inside it is never shown outside)."""
    low = _short(phase.low, decimal.ROUND_FLOOR)
    high = "∞" if phase.high is None else _short(phase.high, decimal.ROUND_CEILING)
    left = "[" if phase.low_included else "("
    right = "]" if phase.high_included else ")"
    return f"{left}{low}, {high}{right}"


def textbook_phase_blocks() -> list:
    """A heading, a paragraph and the table of phases holding :data:`RATES`."""
    diagram = iris_textbook_diagram()
    eta = Symbol("eta", positive=True)
    rows = []
    for rate in RATES:
        index = diagram.phase_index(rate)
        phase = diagram[index]
        rows.append(
            (
                _rate_text(rate),
                f"{index + 1}",
                _outward(phase),
                " ".join(str(c) for c in phase.errors_per_epoch),
                str(diagram.training_errors_at(rate)),  # at the rate, not the witness
            )
        )
    first = diagram.first_breakpoint
    assert first is not None, "the book's run has breakpoints (its non-zero w0)"
    last = diagram.breakpoints[-1]
    return [
        Heading("The textbook's random initial weights"),
        Paragraph(
            (
                "The newer textbook editions start from small random weights (a normal "
                "distribution with standard deviation 0.01, random state 1). On its Iris example "
                f"(Rosenblatt's rule, a bias weight, {EPOCHS} epochs) etaproof computed, in "
                f"exact arithmetic, every range of learning rates with the same predictions: "
                f"{len(diagram)} phases, with breakpoints from about {float(first):.3g} to "
                f"about {float(last):.3g}; each was checked by running the exact twin at a "
                "rate inside it. The book's learning rate lies in the last phase, so every "
                "rate above the last breakpoint gives the book's figure; below it the "
                "predictions change again and again:",
            )
        ),
        Table(
            (eta, "phase", "range of the phase", "errors per epoch", "final errors"),
            tuple(rows),
        ),
    ]


def _rate_text(rate: Fraction) -> str:
    """A rate of the table as 1e-07 … 0.1, 1: short enough to leave the row room for its ten
    numbers, and exact (the table's rates are powers of ten; anything else is refused)."""
    text = f"{float(rate):g}"
    if Fraction(text) != rate:
        raise ValueError(f"{rate} is not written exactly as {text}")
    return text


__all__ = ["RATES", "iris_textbook_diagram", "textbook_phase_blocks"]

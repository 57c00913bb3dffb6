"""The exact η phase diagram: which learning rates make a perceptron decide alike.

A run with (η, w⁽⁰⁾) is η times a run with (1, w⁽⁰⁾/η), so while the coefficients of the
earlier steps are fixed, every net input is affine in η, and the predictions are piecewise
constant in η.  :func:`phase_diagram` finds the pieces exactly (:mod:`numeric.eta_path`): the
*phases*, maximal open intervals and single points of (0, ∞) on which every prediction ŷ⁽ᵏ⁾
and every update decision is the same, neighbours differing in at least one.  With
``eta_range=(lo, hi)`` only the pieces meeting [lo, hi] are followed, cut there exactly as the
whole diagram's are (phases crowd at small η, where w⁽⁰⁾/η dominates: the textbook's Iris
run has most of its 8750 below 10⁻⁴).

A phase differs from the phase it split from only from its split step on, so the decisions
are kept as a tree of shared prefixes (:class:`numeric.eta_path.Decisions`) and every row is
rebuilt on demand.  The check shares the prefixes too (:func:`_verify`): each branch is
followed once, from its split step, in exact arithmetic at the ends of the run of phases it
covers, so every rate of a phase (its witness and its ends included) takes its decisions, and
neighbours differ where they split; the exact twin (:func:`numeric.train` with
``exact=True``), an independent code path, also runs at the witnesses of a sample of phases.

The final weights w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D are affine in η inside a phase, so the final classifier
(and its training errors) may still change there: each phase also holds its *segments*, the
maximal pieces of it on which the final weights misclassify the same number of training
samples, found exactly by one more pass of the same splitting (each w⁽ᴷ⁾·x changes sign at
an exact rational).  Every number labelled with a phase is true on the whole phase (the
training errors as a range min–max over it); a value taken at the witness says so.

With w⁽⁰⁾ = 0 there is exactly one phase, (0, ∞): the zero-init theorem, seen from η's side.
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral
from types import ModuleType

import numpy as np

from .brief import approximately, exactly_or_approximately, shown
from .display import MAX_ROWS, Table, number, plural, to_html, vector
from .errors import DimensionMismatch, InvalidLearningRate, InvalidNumber, NumericValueError
from .eta_path import (
    Decisions,
    EtaPath,
    EtaPathError,
    FinalPieces,
    Piece,
    TooManyPieces,
    certified_signs,
    compiled_steps,
    decide_listed,
    exact_sign,
    trace_eta_path,
)
from .inputs import (
    epochs_count,
    exact_array,
    initial_weights,
    labels_array,
    sequence_of,
    step_count,
    to_fraction,
)
from .perceptron import train
from .rules import Rule, get_rule, rule_code, sign_tables

#: Phases that ``str(diagram)`` lists, one a line.
PRINTED_PHASES = 20

#: Of a long diagram's shown phases, how many come from its start (the smallest rates); the
#: rest come from its end, where η is large enough to matter and the phases differ most.
HEAD_PHASES = 5


class TooManyPhases(NumericValueError):
    """The diagram has more phases than ``max_phases`` allows; ``.max_phases`` is the limit
    (also ``.value``)."""

    def __init__(self, message: str, max_phases: int) -> None:
        super().__init__(message, max_phases)
        self.max_phases = max_phases


class PhaseDiagramError(EtaPathError):
    """The exact twin disagrees with the diagram at a witness: a bug in etaproof."""


def _sign_of_difference(a: Fraction, b: Fraction) -> int:
    """sign(a − b), by cross-multiplying (denominators are positive): a tenth of the time
    Fraction's comparisons take, which a check of every phase's witness feels."""
    difference = a.numerator * b.denominator - b.numerator * a.denominator
    return (difference > 0) - (difference < 0)


def _same(a: Fraction | None, b: Fraction | None) -> bool:
    """a == b, quickly when they are one object (the tracer gives neighbours one end)."""
    return a is b or a == b


@dataclass(frozen=True)
class Span:
    """Rates from ``low`` to ``high`` (None for ∞), each end included or not; a single point
    has ``low == high`` and both ends included."""

    low: Fraction
    high: Fraction | None
    low_included: bool
    high_included: bool

    @property
    def is_point(self) -> bool:
        # a point includes both ends: most pieces are told apart without comparing them
        return self.low_included and self.high_included and self.low == self.high

    @property
    def width(self) -> Fraction | None:
        """high − low (None when unbounded)."""
        return None if self.high is None else self.high - self.low

    def contains(self, eta: object) -> bool:
        """Whether the rate ``eta`` (any exact or float number) lies in this span."""
        return self.holds(to_fraction(eta, "eta"))

    def holds(self, value: Fraction) -> bool:
        """Whether the exact rate ``value`` lies in this span."""
        above = _sign_of_difference(value, self.low)
        if above < 0 or (above == 0 and not self.low_included):
            return False
        if self.high is None:
            return True
        below = _sign_of_difference(self.high, value)
        return below > 0 or (below == 0 and self.high_included)

    def interval(self, exact: bool = True) -> str:
        """The span as text: ``{1/3}``, ``(0, 1/3)``, ``[1/3, ∞)``; with ``exact=False`` the
        ends to three significant digits."""

        def text(value: Fraction) -> str:
            return str(value) if exact else approximately(value)

        if self.is_point:
            return "{" + text(self.low) + "}"
        opening = "[" if self.low_included else "("
        closing = "]" if self.high_included else ")"
        high = "∞" if self.high is None else text(self.high)
        return f"{opening}{text(self.low)}, {high}{closing}"


@dataclass(frozen=True)
class Segment(Span):
    """A maximal piece of a phase on which the final weights w⁽ᴷ⁾(η) misclassify the same
    number of training samples, ``training_errors``, at every rate."""

    training_errors: int


@dataclass(frozen=True)
class Phase(Span):
    """One phase: the rates from ``low`` to ``high`` (None for ∞), each end included or not
    (a single point has ``low == high`` and both included), on which every step decides the
    same.  ``errors_per_epoch`` counts the updates of each epoch (the textbook's
    ``errors_``) and is the same throughout.

    The final weights are affine in η, so they and their training errors may vary inside the
    phase: ``final_weights`` (w⁽ᴷ⁾, exact) and ``training_errors`` (training samples they
    misclassify) are taken at ``witness``, a simple rate inside the phase, only.  For the whole
    phase: ``segments`` (where the training errors are constant, in increasing η),
    ``training_errors_range`` (min, max) and :meth:`training_errors_at`.

    The decisions are kept once in the diagram's tree of shared prefixes: ``predictions``,
    ``updates`` and their ``prediction_bytes``/``update_bytes`` are rebuilt on demand."""

    witness: Fraction
    errors_per_epoch: tuple[int, ...]
    training_errors: int
    segments: tuple[Segment, ...] = field(repr=False)
    source: _PhaseSource = field(repr=False, compare=False)
    index: int = field(repr=False, compare=False)

    def __eq__(self, other: object) -> bool:
        """Equal when every field and every decision is (the decisions live in the tree, not
        in a field, so the generated comparison would not see them)."""
        if not isinstance(other, Phase):
            return NotImplemented
        return (
            self._compared() == other._compared()
            and self.prediction_bytes == other.prediction_bytes
            and self.update_bytes == other.update_bytes
        )

    def __hash__(self) -> int:
        return hash(self._compared())

    def _compared(self) -> tuple[object, ...]:
        return (
            self.low,
            self.high,
            self.low_included,
            self.high_included,
            self.witness,
            self.errors_per_epoch,
            self.training_errors,
            self.segments,
        )

    @property
    def final_weights(self) -> tuple[Fraction, ...]:
        """w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D at the witness, exactly."""
        return self.source.final_weights(self.index, self.witness)

    @property
    def prediction_bytes(self) -> bytes:
        """ŷ⁽ᵏ⁾ for k = 1 … n·epochs as int8 bytes (rebuilt from the tree)."""
        return self.source.decisions.row(self.index)[0].tobytes()

    @property
    def update_bytes(self) -> bytes:
        """Whether each step updates, as bool bytes (rebuilt from the tree)."""
        return self.source.decisions.row(self.index)[1].tobytes()

    @property
    def predictions(self) -> tuple[int, ...]:
        """ŷ⁽ᵏ⁾ for k = 1 … n·epochs."""
        return tuple(self.source.decisions.row(self.index)[0].tolist())

    @property
    def updates(self) -> tuple[bool, ...]:
        """Whether step k = 1 … n·epochs updates the weights."""
        return tuple(self.source.decisions.row(self.index)[1].tolist())

    @property
    def training_errors_range(self) -> tuple[int, int]:
        """(fewest, most) training samples the final weights misclassify over the phase."""
        counts = [segment.training_errors for segment in self.segments]
        return min(counts), max(counts)

    @property
    def training_errors_vary(self) -> bool:
        """Whether the final training errors differ between rates of this phase."""
        return len(self.segments) > 1

    def training_errors_text(self) -> str:
        """The final training errors over the phase: ``3``, or ``2–3`` when they vary."""
        fewest, most = self.training_errors_range
        return str(fewest) if fewest == most else f"{fewest}–{most}"

    def segment_at(self, eta: object) -> Segment:
        """The segment holding the rate ``eta``, which must lie in this phase."""
        for segment in self.segments:
            if segment.contains(eta):
                return segment
        raise InvalidLearningRate(f"eta={shown(eta)} lies outside {self.interval()}", eta)

    def training_errors_at(self, eta: object) -> int:
        """The training samples w⁽ᴷ⁾(η) misclassifies at the rate ``eta`` of this phase."""
        return self.segment_at(eta).training_errors


@dataclass(frozen=True)
class _PhaseSource:
    """Where the phases' lazy data come from, shared by all of them: the tree of decisions,
    the final directions V (phases × d) and w⁽⁰⁾ and D (w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D)."""

    decisions: Decisions
    directions: np.ndarray
    w0: tuple[Fraction, ...]
    feature_denominator: int

    def final_weights(self, index: int, eta: Fraction) -> tuple[Fraction, ...]:
        """w⁽ᴷ⁾ of phase ``index`` at the rate ``eta`` of it, exactly."""
        D = self.feature_denominator
        direction = [int(v) for v in self.directions[index]]
        return tuple(w + eta * v / D for w, v in zip(self.w0, direction, strict=True))


@dataclass(frozen=True)
class Flip:
    """Where a prediction first changes as η grows from 0⁺: at ``eta`` (included: η = eta
    itself already predicts ``after``; else only rates just above it do), step ``step`` on
    sample ``sample`` (both 1-based) predicts ``after`` instead of ``before``."""

    eta: Fraction
    included: bool
    step: int
    sample: int
    before: int
    after: int


@dataclass(frozen=True, eq=False)
class PhaseDiagram:
    """The phases of η for one dataset, w⁽⁰⁾ and rule, in increasing η (over ``eta_range``
    = (lo, hi) only when given: the phases cut to [lo, hi]); ``decisions`` keeps every
    phase's decisions as a tree of shared prefixes, and ``predictions`` and ``updates``
    rebuild them as arrays (phases × steps, read-only) when first asked for."""

    phases: tuple[Phase, ...]
    rule: Rule
    n: int
    epochs: int
    bias: bool
    w0: tuple[Fraction, ...]
    decisions: Decisions = field(repr=False)
    eta_range: tuple[Fraction, Fraction] | None = None

    def __len__(self) -> int:
        return len(self.phases)

    @functools.cached_property
    def _matrices(self) -> tuple[np.ndarray, np.ndarray]:
        predictions, updates = self.decisions.matrices()
        predictions.setflags(write=False)
        updates.setflags(write=False)
        return predictions, updates

    @property
    def predictions(self) -> np.ndarray:
        """ŷ of every phase (rows, increasing η) at every step (int8, read-only)."""
        return self._matrices[0]

    @property
    def updates(self) -> np.ndarray:
        """Whether every phase (rows, increasing η) updates at every step (bool, read-only)."""
        return self._matrices[1]

    @property
    def range_text(self) -> str:
        """``η in [lo, hi]`` for a diagram over a range, else ``η > 0``."""
        if self.eta_range is None:
            return "η > 0"
        lo, hi = self.eta_range
        return f"η in [{number(lo)}, {number(hi)}]"

    def __repr__(self) -> str:
        ends = self.breakpoints
        span = f", breakpoints {number(ends[0])} … {number(ends[-1])}" if ends else ""
        if self.eta_range is not None:
            span += f", {self.range_text}"
        return (
            f"PhaseDiagram({len(self.phases)} phase(s), rule={self.rule.name!r}, n={self.n}, "
            f"epochs={self.epochs}, bias={self.bias}{span})"
        )

    def __str__(self) -> str:
        lines = [f"{self._verdict()}.", f"{self._setting()}:"]
        for row in self._rows(PRINTED_PHASES):
            if isinstance(row, str):
                lines.append(f"  {row}")
                continue
            interval, witness, updates, errors, final, step = row
            lines.append(
                f"  {interval}: witness {witness}, updates per epoch {updates}, "
                f"final training errors {errors}, final w at the witness = {final}"
                + ("" if step == "–" else f", first differs at step {step}")
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        headers = (
            "phase",
            "witness",
            "updates per epoch",
            "final training errors",
            "final w at the witness",
            "differs from the previous at step",
        )
        rows = [
            (row, *[""] * (len(headers) - 1)) if isinstance(row, str) else row
            for row in self._rows(MAX_ROWS)
        ]
        breakpoints = ", ".join(number(b) for b in self.breakpoints[:MAX_ROWS])
        if len(self.breakpoints) > MAX_ROWS:
            breakpoints += f", … ({len(self.breakpoints)} breakpoints)"
        return to_html(
            self._verdict(),
            lead=f"{self._setting()}.",
            table=Table(headers, tuple(rows)),
            details=[("The breakpoints", breakpoints or "none")],
        )

    def _setting(self) -> str:
        return (
            f"Rule {self.rule.name!r} on {plural(self.n, 'sample')} × "
            f"{plural(self.epochs, 'epoch')} ({plural(self.steps, 'step')}"
            f"{', bias last' if self.bias else ''}) from w⁽⁰⁾ = {vector(self.w0)}"
            + ("" if self.eta_range is None else f", over {self.range_text}")
        )

    def _verdict(self) -> str:
        if self.invariant and self.eta_range is not None:
            whole = self.phases[0].interval()
            return f"invariant over {whole}: one phase there: η changes no prediction and no update"
        if self.invariant:
            return "invariant: one phase, (0, ∞): η changes no prediction and no update"
        count = plural(len(self.phases), "phase")
        flip = self.first_flip
        if flip is None:
            return f"not invariant in the updates: {count}, but η changes no prediction"
        where = "at" if flip.included else "just above"
        return (
            f"not invariant: {count}; the first prediction flips {where} "
            f"η {exactly_or_approximately(flip.eta)} "
            f"(step {flip.step}, sample {flip.sample}: {flip.before:+d} → {flip.after:+d})"
        )

    def _shown(self, limit: int) -> list[int | None]:
        """The indices of the phases a display of ``limit`` rows shows, None where it leaves
        some out: all of them when they fit, else the first :data:`HEAD_PHASES` and the last
        ones (the largest rates), so that a long diagram is not 20 rows of tiny η alike."""
        count = len(self.phases)
        if count <= limit:
            return list(range(count))
        head = min(HEAD_PHASES, limit // 2)
        return [*range(head), None, *range(count - (limit - head - 1), count)]

    def _rows(self, limit: int) -> list[tuple[str, str, str, str, str, object] | str]:
        """A row of text cells per phase shown, and for the phases left out one line saying
        how many there are and which rates they cover."""
        shown = self._shown(limit)
        rows: list[tuple[str, str, str, str, str, object] | str] = []
        for at, i in enumerate(shown):
            if i is None:  # between two shown phases: those after the one before, up to the next
                start, stop = (shown[at - 1] or 0) + 1, shown[at + 1] or 0
                first, last, left_out = self.phases[start], self.phases[stop - 1], stop - start
                low = "[("[not first.low_included] + number(first.low)
                high = number(last.high) + "])"[not last.high_included]
                rows.append(f"⋮ {plural(left_out, 'more phase')} in {low}, {high}")
                continue
            phase = self.phases[i]
            rows.append(
                (
                    _interval(phase),
                    number(phase.witness),
                    vector(phase.errors_per_epoch),
                    phase.training_errors_text(),
                    vector(phase.final_weights),
                    "–" if i == 0 else self.differs_at(i),
                )
            )
        return rows

    def __iter__(self) -> Iterator[Phase]:
        return iter(self.phases)

    def __getitem__(self, index: int) -> Phase:
        return self.phases[index]

    @property
    def steps(self) -> int:
        return self.n * self.epochs

    @property
    def invariant(self) -> bool:
        """True when one phase covers (0, ∞) (or all of ``eta_range``): η changes no
        prediction and no update there."""
        return len(self.phases) == 1

    @property
    def breakpoints(self) -> tuple[Fraction, ...]:
        """The finite ends of the phases, increasing."""
        points: list[Fraction] = []
        for phase in self.phases[1:]:
            if not points or phase.low != points[-1]:
                points.append(phase.low)
        return tuple(points)

    @property
    def first_breakpoint(self) -> Fraction | None:
        """The smallest η at which some decision changes (None with one phase)."""
        return self.phases[1].low if len(self.phases) > 1 else None

    @property
    def first_flip(self) -> Flip | None:
        """The first change of a *prediction* as η grows, at its earliest step (None when no
        prediction ever changes; a change of update decisions alone is not a flip)."""
        first = self.decisions.row(0)[0]
        for row in range(1, len(self.phases)):
            differs = self.decisions.row(row)[0] != first
            if differs.any():
                return self._flip(row, int(np.argmax(differs)), first)
        return None

    def critical_learning_rate(self, step: int) -> Flip | None:
        """The first change of ŷ at ``step`` (1-based) as η grows from 0⁺, or None: the
        concrete-data counterpart of :func:`symbolic.critical_learning_rate`, for any k."""
        if isinstance(step, bool) or not isinstance(step, Integral) or not 1 <= step <= self.steps:
            raise DimensionMismatch(f"step={step!r} must be a step from 1 to {self.steps}", step)
        signs = self.decisions.column_signs(step - 1)
        column = self.decisions.predict_table[(step - 1) % self.n][signs + 1]
        rows = np.flatnonzero(column != column[0])
        if rows.size == 0:
            return None
        return self._flip(int(rows[0]), step - 1, self.decisions.row(0)[0])

    def _flip(self, row: int, k: int, first: np.ndarray) -> Flip:
        phase = self.phases[row]
        return Flip(
            eta=phase.low,
            included=phase.low_included,
            step=k + 1,
            sample=k % self.n + 1,
            before=int(first[k]),
            after=int(self.decisions.row(row)[0][k]),
        )

    def phase_index(self, eta: object) -> int:
        """The index of the phase holding the positive rate ``eta``."""
        try:
            value = to_fraction(eta, "eta")
        except InvalidNumber as error:
            raise InvalidLearningRate(str(error), eta) from None
        if value <= 0:
            raise InvalidLearningRate(f"eta={shown(eta)} must be positive", eta)
        if self.eta_range is not None and not self.eta_range[0] <= value <= self.eta_range[1]:
            raise InvalidLearningRate(
                f"eta={shown(eta)} lies outside the diagram's range "
                f"[{self.eta_range[0]}, {self.eta_range[1]}]",
                eta,
            )
        lows = [phase.low for phase in self.phases]
        index = bisect.bisect_right(lows, value) - 1
        while not self.phases[index].contains(value):
            index -= 1
        return index

    def phase_at(self, eta: object) -> Phase:
        """The phase holding the positive rate ``eta`` (a Fraction, int, decimal string or a
        float at its exact binary value); raises :class:`InvalidLearningRate` for η ≤ 0."""
        return self.phases[self.phase_index(eta)]

    def training_errors_at(self, eta: object) -> int:
        """How many training samples the final weights w⁽ᴷ⁾(η) misclassify at the positive
        rate ``eta``, exactly (it may vary inside a phase)."""
        return self.phase_at(eta).training_errors_at(eta)

    def final_weights_at(self, eta: object) -> tuple[Fraction, ...]:
        """The final weights w⁽ᴷ⁾(η) = w⁽⁰⁾ + η·V/D at the positive rate ``eta``, exactly: V/D
        is the phase's, read off its witness."""
        phase = self.phase_at(eta)
        scale = to_fraction(eta, "eta") / phase.witness
        return tuple(
            w0 + (w - w0) * scale for w0, w in zip(self.w0, phase.final_weights, strict=True)
        )

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Every phase's segments in increasing η: the maximal pieces of (0, ∞) inside one
        phase on which the final training errors are constant."""
        return tuple(segment for phase in self.phases for segment in phase.segments)

    def differs_at(self, index: int) -> int | None:
        """The first step (1-based) where phase ``index`` decides differently from the phase
        before it (None for the first phase)."""
        if index == 0:
            return None
        return self.decisions.differs_at(index) + 1

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data, every number exact as a string ("p/q").  In each phase
        ``final_weights`` and ``training_errors`` are taken at its ``witness`` only (as
        :class:`Phase`'s); ``training_errors_min``/``_max`` hold over the whole phase and
        ``segments`` give the training errors on every piece of it."""
        flip = self.first_flip
        return {
            "rule": self.rule.name,
            "samples": self.n,
            "epochs": self.epochs,
            "bias": self.bias,
            "steps": self.steps,
            "w0": [str(v) for v in self.w0],
            "eta_range": None if self.eta_range is None else [str(v) for v in self.eta_range],
            "invariant": self.invariant,
            "phase_count": len(self.phases),
            "breakpoints": [str(b) for b in self.breakpoints],
            "first_flip": None
            if flip is None
            else {
                "eta": str(flip.eta),
                "included": flip.included,
                "step": flip.step,
                "sample": flip.sample,
                "before": flip.before,
                "after": flip.after,
            },
            "phases": [
                {
                    "low": str(phase.low),
                    "high": None if phase.high is None else str(phase.high),
                    "low_included": phase.low_included,
                    "high_included": phase.high_included,
                    "witness": str(phase.witness),
                    "errors_per_epoch": list(phase.errors_per_epoch),
                    "training_errors": phase.training_errors,
                    "training_errors_min": phase.training_errors_range[0],
                    "training_errors_max": phase.training_errors_range[1],
                    "segments": [
                        {
                            "low": str(segment.low),
                            "high": None if segment.high is None else str(segment.high),
                            "low_included": segment.low_included,
                            "high_included": segment.high_included,
                            "training_errors": segment.training_errors,
                        }
                        for segment in phase.segments
                    ],
                    "final_weights": [str(v) for v in phase.final_weights],
                    "differs_from_previous_at_step": self.differs_at(i),
                }
                for i, phase in enumerate(self.phases)
            ],
        }


def _interval(phase: Span | Piece) -> str:
    """The phase (or piece) as :meth:`Phase.interval` writes it, each end exactly when that
    is short."""
    if phase.is_point:
        return "{" + number(phase.low) + "}"
    high = "∞" if phase.high is None else number(phase.high)
    opening, closing = "[("[not phase.low_included], "])"[not phase.high_included]
    return f"{opening}{number(phase.low)}, {high}{closing}"


def simplest_between(low: Fraction, high: Fraction | None) -> Fraction:
    """The rational with the smallest denominator strictly between ``low`` ≥ 0 and ``high``
    (None for ∞), the smallest such numerator among those: continued fractions, as in the
    Stern–Brocot tree (on integer pairs: the ends may have huge terms).  Raises
    :class:`InvalidLearningRate` (a ValueError) when there is none (``low`` < 0 or
    ``high`` ≤ ``low``)."""
    terms: list[int] = []
    lo_n, lo_d = low.numerator, low.denominator
    hi_n, hi_d = (1, 0) if high is None else (high.numerator, high.denominator)
    if lo_n < 0 or lo_n * hi_d >= hi_n * lo_d:  # denominators positive: low ≥ high
        raise InvalidLearningRate(f"no rate lies strictly between {low} and {high}", (low, high))
    while True:
        whole = lo_n // lo_d
        if hi_d == 0 or (whole + 1) * hi_d < hi_n:
            terms.append(whole + 1)
            break
        terms.append(whole)
        # lo, hi = 1/(hi − whole), 1/(lo − whole) (∞ when lo is whole)
        rest_lo = lo_n - whole * lo_d
        lo_n, lo_d, hi_n, hi_d = hi_d, hi_n - whole * hi_d, lo_d, rest_lo
    value_n, value_d = terms[-1], 1
    for term in reversed(terms[:-1]):
        value_n, value_d = term * value_n + value_d, value_n
    return Fraction(value_n, value_d)


def eta_range_of(value: object) -> tuple[Fraction, Fraction]:
    """``eta_range=(lo, hi)`` read exactly (fractions, ints, decimal strings, floats at their
    binary value), checked: 0 < lo < hi."""
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise InvalidLearningRate(
            f"eta_range={value!r} must be a pair (lo, hi) of positive rates", value
        )
    try:
        lo, hi = (to_fraction(v, "eta_range") for v in value)
    except InvalidNumber as error:
        raise InvalidLearningRate(str(error), value) from None
    if lo <= 0:
        raise InvalidLearningRate(f"eta_range={value!r} must start above 0", value)
    if not lo < hi:
        raise InvalidLearningRate(f"eta_range={value!r} must have lo < hi", value)
    return lo, hi


def _without_cycle_collection(function: Callable[..., PhaseDiagram]) -> Callable[..., PhaseDiagram]:
    """``function`` with Python's cyclic garbage collector paused while it runs, and restored
    after: its full passes over the hundreds of thousands of ends, pieces and phases alive
    took a fifth of a large diagram's time (n = 200: 0.5–0.65 of 3 s), and nothing here
    makes reference cycles (memory is still freed as it is let go).  The collector is the
    process's: other threads run without it meanwhile, and it is switched on again after
    only if it was on when the call began."""

    @functools.wraps(function)
    def paused(*args: object, **kwargs: object) -> PhaseDiagram:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_without_cycle_collection
def phase_diagram(
    X: object,
    y: object,
    w0: object,
    *,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    max_phases: int = 100_000,
    verify: bool = True,
    eta_range: object = None,
) -> PhaseDiagram:
    """The exact phases of η for a run of ``rule`` on (X, y) from ``w0``.

    Inputs are read as by :func:`numeric.train` (numbers exact, floats at their binary value;
    ``w0`` None/0 or a vector of length d, d + 1 with ``bias``, the bias weight last).  With
    ``eta_range=(lo, hi)`` only the phases meeting [lo, hi] are followed, cut there exactly
    as the whole diagram's would be.  Raises :class:`TooManyPhases` beyond ``max_phases``.
    With ``verify`` (the default) every phase's decisions are checked in exact arithmetic on
    its whole interval (so at its witness and at every breakpoint), so are the final training
    errors of every segment on the whole of it, and the exact twin runs at the witnesses of a
    sample of phases.
    """
    rule = get_rule(rule)
    epochs = epochs_count(epochs)
    if isinstance(max_phases, bool) or not isinstance(max_phases, Integral) or max_phases < 1:
        raise InvalidNumber(
            f"max_phases={max_phases!r} must be a positive whole number", max_phases
        )
    span = None if eta_range is None else eta_range_of(eta_range)
    rows, label_rows = sequence_of(X, "X"), sequence_of(y, "y")
    if len(label_rows) != len(rows):
        raise DimensionMismatch(f"y has {len(label_rows)} labels but X has {len(rows)} rows", y)
    labels = labels_array(label_rows, "y", 1, rule.labels)
    features = exact_array(rows, "X", 2)
    n, d = features.shape
    if n == 0 or d == 0:
        raise DimensionMismatch("X must hold at least one sample with one feature", X)
    steps = step_count(n, epochs)
    run_features = features
    if bias:
        ones = np.full((n, 1), Fraction(1), dtype=object)
        run_features = np.concatenate([features, ones], axis=1)
    weights = initial_weights(w0, 1, d + bias, bias, exact=True)[0]
    try:
        found = trace_eta_path(
            run_features,
            labels,
            weights,
            steps,
            rule,
            max_pieces=max_phases,
            final=True,
            eta_range=span,
        )
    except TooManyPieces as error:
        raise TooManyPhases(
            f"max_phases={max_phases} is too few: the η phase diagram has at least "
            f"{error.count} phases after step {error.step} of {steps}; pass a larger max_phases"
            + ("" if span is not None else " or an eta_range"),
            max_phases,
        ) from None
    diagram = _diagram(found, weights, rule, n, epochs, bias, span)
    if verify:
        converted = _verify(diagram, found, run_features, labels, weights, span)
        _verify_twin(diagram, features, labels, weights, bias)
        _verify_final(diagram, found, run_features, labels, weights, converted)
    return diagram


def _diagram(
    found: EtaPath,
    w0: np.ndarray,
    rule: Rule,
    n: int,
    epochs: int,
    bias: bool,
    span: tuple[Fraction, Fraction] | None,
) -> PhaseDiagram:
    """Phases with their witnesses, segments, updates per epoch and training errors at the
    witness (their decisions and final weights stay in the tree until asked for)."""
    pieces = found.pieces
    assert found.final is not None, "the phases are traced with their final pieces"
    _check_shape(found, n * epochs)
    try:
        witnesses = [
            piece.low if piece.is_point else simplest_between(piece.low, piece.high)
            for piece in pieces
        ]
    except InvalidLearningRate as error:  # an empty piece: the path is not a diagram
        raise PhaseDiagramError(f"a piece of η holds no rate: {error}") from None
    segments = _segments(found.final, len(pieces))
    per_epoch = found.decisions.updates_per_epoch(epochs).tolist()
    start = tuple(w0)
    source = _PhaseSource(found.decisions, found.directions, start, found.feature_denominator)
    phases = tuple(
        Phase(
            piece.low,
            piece.high,
            piece.low_included,
            piece.high_included,
            witness,
            tuple(per_epoch[i]),
            _at(segments[i], witness),
            segments[i],
            source,
            i,
        )
        for i, (piece, witness) in enumerate(zip(pieces, witnesses, strict=True))
    )
    return PhaseDiagram(phases, rule, n, epochs, bias, start, found.decisions, span)


def _check_shape(found: EtaPath, steps: int) -> None:
    """What :func:`_diagram` reads must have the shape it reads it in, or the path is not a
    diagram (a bug, told as :class:`PhaseDiagramError` rather than an IndexError): every
    phase with final pieces, in order, and a tree of ``steps`` steps whose changes lie
    inside it (an empty piece is told by its witness, :func:`simplest_between`).  Whether
    they are *right* is :func:`_verify`'s to check."""
    final, tree, count = found.final, found.decisions, len(found.pieces)
    assert final is not None, "the phases are traced with their final pieces"
    owners = final.phase
    if not (
        len(owners) == len(final.pieces) == len(final.errors)
        and owners.min(initial=0) >= 0
        and owners.max(initial=0) < count
        and (np.diff(owners) >= 0).all()
        and (np.bincount(owners, minlength=count) > 0).all()
    ):
        raise PhaseDiagramError("the final pieces do not fall in the phases in order")
    changes = tree.change_step
    if not (
        tree.steps == steps
        and tree.root_signs.shape == (steps,)
        and len(tree.order) == len(tree.parent) == count
        and len(changes) == len(tree.change_piece) == len(tree.change_sign)
        and len(changes) == len(tree.change_parent_sign)
        and changes.min(initial=0) >= 0
        and changes.max(initial=0) < steps
        and tree.change_piece.min(initial=0) >= 0
        and tree.change_piece.max(initial=0) < count
        and tree.parent.min(initial=0) >= 0
        and tree.parent.max(initial=0) < count
        and all(
            signs.min(initial=0) >= -1 and signs.max(initial=0) <= 1
            for signs in (tree.root_signs, tree.change_sign, tree.change_parent_sign)
        )
        and (np.sort(tree.order) == np.arange(count)).all()
    ):
        raise PhaseDiagramError(f"the tree of decisions is not one of {steps} steps")


def _segments(final: FinalPieces, count: int) -> list[tuple[Segment, ...]]:
    """Each phase's final pieces, neighbours with equal training errors merged (the final
    pieces come in increasing η, so a phase's are one run: a segment starts where the phase
    or the errors change)."""
    phase, errors = final.phase, final.errors
    starts = np.ones(len(phase), dtype=bool)
    starts[1:] = (phase[1:] != phase[:-1]) | (errors[1:] != errors[:-1])
    first = np.flatnonzero(starts)
    last = np.append(first[1:] - 1, len(phase) - 1)
    grouped: list[list[Segment]] = [[] for _ in range(count)]
    pieces, phases, wrong = final.pieces, phase[first].tolist(), errors[first].tolist()
    for i, j, owner, segment_errors in zip(first.tolist(), last.tolist(), phases, wrong,
                                           strict=True):  # fmt: skip
        low, high = pieces[i], pieces[j]
        grouped[owner].append(
            Segment(low.low, high.high, low.low_included, high.high_included, segment_errors)
        )
    return [tuple(segments) for segments in grouped]


def _at(segments: tuple[Segment, ...], eta: Fraction) -> int:
    """The training errors of the segment holding ``eta`` (a rate of their phase)."""
    for segment in segments[:-1]:  # in increasing η: the first that reaches past eta
        high = segment.high
        assert high is not None, "only the last segment of a phase reaches ∞"
        if eta < high or (eta == high and segment.high_included):
            return segment.training_errors
    return segments[-1].training_errors


# -- verification ------------------------------------------------------------------------------


def _as_float(value: Fraction | None) -> tuple[float, bool]:
    """A rate as a float and whether a certified sign may use it (0, or normal and far from
    overflow); None (∞) is never used."""
    if value is None:
        return math.inf, False
    numerator = value.numerator
    if numerator == 0:
        return 0.0, True
    try:
        rounded = numerator / value.denominator  # correctly rounded
    except OverflowError:
        return math.inf, False
    return rounded, 2.0**-500 <= abs(rounded) <= 2.0**500


def _verify(
    diagram: PhaseDiagram,
    found: EtaPath,
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    span: tuple[Fraction, Fraction] | None,
) -> dict[int, tuple[float, bool]]:
    """Check every phase's decisions in exact arithmetic on its whole interval, sharing each
    prefix: a branch of the tree is followed once, from the step where it splits.  Returns
    the floats it made of the phases' ends, by the ends' identity (for the final pieces,
    whose ends are mostly the same objects: converting a long ratio costs microseconds).

    The phases must tile the range, in order.  A branch's *hull* at step k is the run of
    consecutive phases its rates cover then: its own phase and those of the branches that
    split from it later (:func:`_branch_hulls`, which also checks that each split takes a run
    at one end of its parent's, so every hull is an interval).  If the rates of a hull took
    the branch's decisions before step k, then w⁽ᵏ⁻¹⁾ = w⁽⁰⁾ + η·U with U fixed by them, and
    w·x = a + η·b is affine, hence monotone, in η: the branch's decision at k holds on the
    whole hull when it holds just inside both of its ends.  A branch starts with its
    parent's U at its split step, and its hull lies in its parent's hull of the step before,
    so by induction every rate of a phase, its witness and its ends included, takes the
    phase's decisions at every step.  Where a split separates two neighbouring phases their
    decisions must differ at that step (so neighbours differ, and ``differs_at`` is that
    step: before it they were one branch).  Signs come from float64 where an error bound of
    8u shows them, from integers otherwise.  Then :func:`_check_counts` holds what is printed
    from the decisions (updates per epoch, final weights, the witness) against them."""
    tree = diagram.decisions
    steps, count, n = diagram.steps, len(diagram.phases), diagram.n
    rule = diagram.rule
    # ŷ and "it updates" for each sample and sign, made afresh from the rule: the tree's own
    # tables (which its rows and counts read) must say the same, or they would agree with
    # themselves everywhere below
    predict, coefficient = sign_tables(rule, y)
    update = coefficient != 0
    if not (
        tree.predict_table.shape == tree.update_table.shape == (n, 3)
        and (tree.predict_table == predict).all()
        and (tree.update_table == update).all()
    ):
        raise PhaseDiagramError(f"the decisions' tables disagree with rule {rule.name!r}")
    code = predict.astype(np.int64) * 4 + update
    for s in range(n):  # the update must follow from the decision, as U does below
        for i, j in itertools.combinations(range(3), 2):
            if code[s, i] == code[s, j] and coefficient[s, i] != coefficient[s, j]:
                raise PhaseDiagramError(f"rule {rule.name!r} updates unlike its decision")
    D = math.lcm(1, *(v.denominator for v in X.flat))
    samples = _Samples.of(X, w0, D)
    rows = samples.rows
    a, a_f = samples.scaled_offsets()  # sign(w·x) = sign(a + η·U'·x) with U' = D·U
    largest = max((abs(v) for row in rows for v in row), default=0)
    fast = rule.largest_coefficient * steps * largest * largest * len(rows[0]) < 2**53
    xs = np.array(rows, dtype=np.float64 if fast else object)  # float64: exact integers
    ends = _PhaseEnds(diagram, span)
    hulls = _branch_hulls(tree, count)
    with np.errstate(invalid="ignore", over="ignore"):  # a float end of ∞: never trusted
        U, per_epoch = _follow_hulls(
            diagram, tree, ends, hulls, xs, a, a_f, fast, code, coefficient
        )
    _check_counts(diagram, found, U, per_epoch, D)
    return ends.converted


def _check_counts(
    diagram: PhaseDiagram, found: EtaPath, U: np.ndarray, per_epoch: np.ndarray, D: int
) -> None:
    """What the diagram prints from the decisions, against the decisions just checked: each
    phase's updates per epoch, its final direction (w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D'), and its witness
    inside it."""
    order = diagram.decisions.order
    for phase in diagram.phases:
        if not phase.holds(phase.witness):
            raise PhaseDiagramError(f"phase {phase.interval()} has its witness outside it")
    printed = np.array([phase.errors_per_epoch for phase in diagram.phases], dtype=np.int64)
    made = per_epoch[order]
    for rank in np.flatnonzero((printed != made).any(axis=1)).tolist()[:1]:
        raise PhaseDiagramError(
            f"phase {diagram.phases[rank].interval()} counts "
            f"{diagram.phases[rank].errors_per_epoch} updates per epoch; its decisions make "
            f"{tuple(made[rank].tolist())}"
        )
    own, directions = U.T[order], found.directions
    scale = found.feature_denominator
    if not (_whole(directions) and isinstance(scale, Integral) and scale > 0):
        # compared as integers below (and printed as int(v)): a fraction would be truncated
        raise PhaseDiagramError("the final directions are not integers over a positive D")
    if own.dtype == np.float64 and _fit_int64(own, scale) and _fit_int64(directions, D):
        # both sides as int64, exactly (every value and product below 2⁶³)
        other = (own.astype(np.int64) * scale != directions.astype(np.int64) * D).any(axis=1)
        wrong = np.flatnonzero(other).tolist()
    else:  # Python integers
        wrong = [
            rank
            for rank in range(len(diagram.phases))
            if [int(u) * scale for u in own[rank].tolist()]
            != [int(v) * D for v in directions[rank].tolist()]
        ]
    if wrong:
        raise PhaseDiagramError(
            f"phase {diagram.phases[wrong[0]].interval()} has other final weights"
        )


def _whole(values: np.ndarray) -> bool:
    """Whether every entry is a whole number (an integer, or a float or Fraction equal to
    one): what :func:`_check_counts` may then compare as integers."""
    if values.dtype.kind in "iu":
        return True
    if values.dtype.kind == "f":
        return bool(np.isfinite(values).all() and (np.trunc(values) == values).all())
    return all(
        isinstance(v, Integral) or (isinstance(v, Fraction) and v.denominator == 1)
        for v in values.flat
    )


def _fit_int64(values: np.ndarray, scale: int) -> bool:
    """Whether every value (an exact integer), ``scale`` and their products fit in int64."""
    largest = int(np.abs(values).max(initial=0))
    return largest < 2**53 and scale < 2**63 and largest * scale < 2**63


class _PhaseEnds:
    """The ends of the phases in increasing η, checked to tile the range: per phase its low
    and high, exact and as floats (with whether a certified sign may use them)."""

    def __init__(self, diagram: PhaseDiagram, span: tuple[Fraction, Fraction] | None) -> None:
        phases = diagram.phases
        first, last = phases[0], phases[-1]
        whole: tuple[Fraction, Fraction | None, bool, bool]
        if span is None:
            whole = (Fraction(0), None, False, False)
        else:
            whole = (span[0], span[1], True, True)
        if (first.low, last.high, first.low_included, last.high_included) != whole or any(
            before.high is None
            or not _same(before.high, after.low)
            or before.high_included == after.low_included
            for before, after in itertools.pairwise(phases)
        ):
            raise PhaseDiagramError("the phases do not tile the range of η in order")
        self.low = [phase.low for phase in phases]
        self.high = [phase.high for phase in phases]
        low = [_as_float(value) for value in self.low]
        self.converted = {id(value): pair for value, pair in zip(self.low, low, strict=True)}
        high = [*low[1:], _as_float(last.high)]  # a phase ends where the next begins
        self.low_f = np.array([value for value, _ in low])
        self.low_ok = np.array([ok for _, ok in low])
        self.high_f = np.array([value for value, _ in high])
        self.high_ok = np.array([ok for _, ok in high])
        self.low_in = np.array([phase.low_included for phase in phases])
        self.high_in = np.array([phase.high_included for phase in phases])
        self.high_infinite = np.array([phase.high is None for phase in phases])


@dataclass
class _Hulls:
    """Hulls as runs of phases (ranks in increasing η, ``first`` … ``last``), by piece in
    creation order: ``first``/``last`` now (a branch's own run when it splits off: its
    subtree's), ``after_first``/``after_last`` the parent's run right after piece c split
    off, and ``neighbour`` the parent-side rank next to c's run then."""

    first: np.ndarray
    last: np.ndarray
    after_first: np.ndarray
    after_last: np.ndarray
    neighbour: np.ndarray


def _branch_hulls(tree: Decisions, count: int) -> _Hulls:
    """Every piece's run of phases when it splits off, and its parent's right after: from the
    last piece back, each is joined to its parent's run, which it must meet end to end."""
    parent = tree.parent.tolist()
    birth = tree.birth.tolist()
    if any(not 0 <= p < c for c, p in enumerate(parent) if c) or np.any(np.diff(tree.birth) < 0):
        raise PhaseDiagramError("the tree of decisions is not in the order it was traced")
    changes, signs = tree.change_step, (tree.change_sign, tree.change_parent_sign, tree.root_signs)
    if (
        np.any(np.diff(changes) < 0)  # each step's changes are read as one run of them
        or np.any((changes < 0) | (changes >= tree.steps))
        or np.any((tree.change_piece < 1) | (tree.change_piece >= count))
        or any(np.any((values < -1) | (values > 1)) for values in signs)
    ):
        raise PhaseDiagramError("the tree of decisions records changes out of order or range")
    if any(p and birth[p] >= birth[c] for c, p in enumerate(parent) if c):
        # a child takes its parent's weights at its split, so the parent must exist by then
        raise PhaseDiagramError("a piece of the tree splits from one born at the same step")
    steps = tree.change_step.astype(np.int64)
    if np.any(steps < tree.birth[tree.change_piece]):
        raise PhaseDiagramError("the tree of decisions has a change before a piece's split")
    rank = np.empty(count, dtype=np.int64)
    rank[tree.order] = np.arange(count)
    first, last = rank.tolist(), rank.tolist()
    after_first, after_last, neighbour = [0] * count, [0] * count, [0] * count
    subtree_first, subtree_last = list(first), list(last)
    for c in range(count - 1, 0, -1):
        p = parent[c]
        subtree_first[c], subtree_last[c] = first[c], last[c]
        after_first[c], after_last[c] = first[p], last[p]
        if last[c] + 1 == first[p]:
            neighbour[c], first[p] = first[p], first[c]
        elif last[p] + 1 == first[c]:
            neighbour[c], last[p] = last[p], last[c]
        else:
            raise PhaseDiagramError(
                f"the phases of piece {c} do not meet those of the piece it split from"
            )
    if (first[0], last[0]) != (0, count - 1):
        raise PhaseDiagramError("the tree of decisions does not cover every phase")
    subtree_first[0], subtree_last[0] = 0, count - 1
    return _Hulls(
        np.array(subtree_first, dtype=np.int64),
        np.array(subtree_last, dtype=np.int64),
        np.array(after_first, dtype=np.int64),
        np.array(after_last, dtype=np.int64),
        np.array(neighbour, dtype=np.int64),
    )


def _follow_hulls(
    diagram: PhaseDiagram,
    tree: Decisions,
    ends: _PhaseEnds,
    hulls: _Hulls,
    xs: np.ndarray,
    a: list[Fraction],
    a_f: list[tuple[float, bool]],
    fast: bool,
    code: np.ndarray,
    coefficient: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The steps of :func:`_verify`: every branch on its hull from its split step on.
    Returns each branch's U (D·Σ c·x over its updates: the final direction, scaled) and its
    updates per epoch, by piece in creation order."""
    n, steps, count = diagram.n, diagram.steps, len(diagram.phases)
    parent = tree.parent
    rank = np.empty(count, dtype=np.int64)
    rank[tree.order] = np.arange(count)
    owners = tree.change_piece.astype(np.intp)  # in the order traced: steps increasing
    step_start = np.searchsorted(tree.change_step, np.arange(steps + 1))
    own_signs = tree.change_sign
    births = np.searchsorted(tree.birth, np.arange(steps + 1), side="right")
    first, last = hulls.first.copy(), hulls.last.copy()
    # the ends of every branch's hull, as floats, refreshed where a hull shrinks
    low_f, low_ok, low_in = ends.low_f[first], ends.low_ok[first], ends.low_in[first]
    high_f, high_ok = ends.high_f[last], ends.high_ok[last]
    high_in, infinite = ends.high_in[last], ends.high_infinite[last]
    U = np.zeros((xs.shape[1], count), dtype=xs.dtype)  # transposed, (d, branches)
    if not fast:
        U[...] = 0
    low_step = tree.low_step.tolist()
    # updates per epoch, by branch: a row per epoch, so that a step adds along a row
    per_epoch = np.zeros((diagram.epochs, count), dtype=np.int64)
    compiled = None
    # its work, Σ branches alive over the steps, halved: the trace's estimate counts both
    kernels = compiled_steps(int(births[:steps].sum()) // 2) if fast else None
    if kernels is not None:
        live = (first, last, low_f, low_ok, low_in, high_f, high_ok, high_in, infinite)
        compiled = _CompiledHullStep(
            kernels, diagram, rank, ends, live, xs, a, a_f, U, per_epoch, code, coefficient, parent
        )
    alive = 1
    last_child = np.zeros(count, dtype=np.int64)  # read only where written the same step
    for k in range(steps):
        s = k % n
        born = int(births[k])
        children = np.arange(alive, born)
        if children.size:
            parents = parent[alive:born]
            U[:, alive:born] = U[:, parents]
            per_epoch[:, alive:born] = per_epoch[:, parents]
            # a parent's hull right after its last child of this step split off
            last_child[parents] = children  # children increase: the last one stays
            shrunk = np.unique(parents)
            latest = last_child[shrunk]
            first[shrunk], last[shrunk] = hulls.after_first[latest], hulls.after_last[latest]
            low_f[shrunk], low_ok[shrunk] = ends.low_f[first[shrunk]], ends.low_ok[first[shrunk]]
            low_in[shrunk] = ends.low_in[first[shrunk]]
            high_f[shrunk], high_ok[shrunk] = ends.high_f[last[shrunk]], ends.high_ok[last[shrunk]]
            high_in[shrunk] = ends.high_in[last[shrunk]]
            infinite[shrunk] = ends.high_infinite[last[shrunk]]
            alive = born
        lo, hi = step_start[k], step_start[k + 1]
        owners_k, signs_k, root = owners[lo:hi], own_signs[lo:hi], int(tree.root_signs[k])
        if compiled is not None and a_f[s][1]:
            decided = compiled.step(s, k, alive, owners_k, signs_k, root)
        else:
            b = xs[s] @ U[:, :alive]
            low_sign = _hull_signs(ends.low, first, low_f, low_ok, a[s], a_f[s], b, fast)
            high_sign = _hull_signs(ends.high, last, high_f, high_ok, a[s], a_f[s], b, fast)
            slope = (b > 0).view(np.int8) - (b < 0).view(np.int8) if fast else _sign_of(b)
            at_infinity = np.where(slope != 0, slope, np.int8((a[s] > 0) - (a[s] < 0)))
            live_infinite = infinite[:alive]
            high_sign = np.where(live_infinite, at_infinity, high_sign)
            # just inside an excluded end w·x has the sign of the end, or of the slope there
            low_side = np.where(low_in[:alive] | (low_sign != 0), low_sign, slope)
            low_side = low_side.astype(np.int8)
            high_side = np.where(
                high_in[:alive] | live_infinite | (high_sign != 0), high_sign, -slope
            ).astype(np.int8)
            codes = code[s]
            decided = codes[low_side + 1]
            # monotone in η: w·x passes from one end's sign to the other's (through 0 between)
            changes = (decided != codes[high_side + 1]) | (
                (low_side * high_side < 0) & (decided != codes[1])
            )
            if changes.any():
                _decides_otherwise(diagram, rank, int(np.flatnonzero(changes)[0]), k, True)
            # each branch decides as its parent, except where the tree says it differs
            expected = decided[parent[:alive]]
            expected[owners_k] = codes[signs_k + 1]
            expected[0] = codes[root + 1]
            wrong = np.flatnonzero(decided != expected)
            if wrong.size:
                _decides_otherwise(diagram, rank, int(wrong[0]), k, False)
            per_epoch[k // n, :alive] += decided & 1  # the update bit of each decision
            moves = coefficient[s][low_side + 1]
            if fast:  # adding 0 to the branches without a mistake costs less than picking them
                U[:, :alive] += np.multiply.outer(xs[s], moves.astype(np.float64))
            else:
                moving = np.flatnonzero(moves)  # the branches that make a mistake here
                if moving.size:
                    U[:, moving] += np.multiply.outer(xs[s], moves[moving])
        if children.size:
            _check_splits(diagram, children, parent, hulls, first, last, decided, low_step, k)
    return U, per_epoch.T


class _CompiledHullStep:
    """A step of :func:`_follow_hulls` on the float64 path in two compiled passes
    (:mod:`numeric.phase_kernels`): the signs at the hulls' ends, those float64 cannot show
    decided here in integers, then the same checks, counts and moves as the NumPy step."""

    def __init__(
        self,
        kernels: ModuleType,
        diagram: PhaseDiagram,
        rank: np.ndarray,
        ends: _PhaseEnds,
        live: tuple[np.ndarray, ...],
        xs: np.ndarray,
        a: list[Fraction],
        a_f: list[tuple[float, bool]],
        U: np.ndarray,
        per_epoch: np.ndarray,
        code: np.ndarray,
        coefficient: np.ndarray,
        parent: np.ndarray,
    ) -> None:
        self.kernels, self.diagram, self.rank, self.ends = kernels, diagram, rank, ends
        self.live, self.xs, self.a, self.a_f = live, xs, a, a_f
        self.U, self.per_epoch = U, per_epoch
        self.code, self.coefficient, self.parent = code, coefficient, parent
        count = U.shape[1]
        self.b = np.empty(count)
        self.low_sign = np.empty(count, dtype=np.int8)
        self.high_sign = np.empty(count, dtype=np.int8)
        self.doubtful = np.empty(2 * count, dtype=np.int64)
        self.decided = np.empty(count, dtype=np.int64)  # a code, 4·ŷ + update (ŷ ≤ 127)
        self.side = np.empty(count, dtype=np.int8)
        self.marked = np.zeros(count, dtype=np.int8)
        self.owner_code = np.empty(count, dtype=np.int64)

    def step(
        self,
        s: int,
        k: int,
        alive: int,
        owners: np.ndarray,
        owner_signs: np.ndarray,
        root: int,
    ) -> np.ndarray:
        """Step k (sample s) for the first ``alive`` branches; their decisions."""
        first, last, low_f, low_ok, low_in, high_f, high_ok, high_in, infinite = self.live
        a = self.a[s]
        b, low_sign, high_sign = self.b, self.low_sign, self.high_sign
        a_sign = (a > 0) - (a < 0)
        listed = self.kernels.end_signs(
            self.xs[s], self.U, alive, low_f, low_ok, high_f, high_ok, infinite,
            self.a_f[s][0], a_sign, b, low_sign, high_sign, self.doubtful,
        )  # fmt: skip
        ends = (lambda i: self.ends.low[first[i]]), (lambda i: self.ends.high[last[i]])
        offset = (a.numerator, a.denominator)
        decide_listed(self.doubtful[:listed], low_sign, high_sign, *ends, offset, b)
        found, branch = self.kernels.hull_decide(
            alive, b, low_sign, high_sign, a_sign, low_in, high_in, infinite,
            self.code[s], self.coefficient[s], self.parent, owners, owner_signs, root,
            self.xs[s], self.U, self.per_epoch, k // self.diagram.n, self.decided, self.side,
            self.marked, self.owner_code,
        )  # fmt: skip
        if found == self.kernels.HULL_OWNER:
            raise PhaseDiagramError(f"the tree records a change at step {k + 1} of a piece "
                                    "not split off by then")  # fmt: skip
        if found != self.kernels.HULL_OK:
            _decides_otherwise(
                self.diagram, self.rank, branch, k, found == self.kernels.HULL_CHANGES
            )
        return self.decided[:alive]


def _decides_otherwise(
    diagram: PhaseDiagram, rank: np.ndarray, piece: int, k: int, inside: bool
) -> None:
    """Raise: the branch of ``piece`` decides otherwise at step k (``inside`` its hull, else
    than the tree says)."""
    where = "inside it " if inside else ""
    raise PhaseDiagramError(
        f"{_not_taken(diagram, rank, piece)}: its branch decides otherwise {where}at step {k + 1}"
    )


def _check_splits(
    diagram: PhaseDiagram,
    children: np.ndarray,
    parent: np.ndarray,
    hulls: _Hulls,
    first: np.ndarray,
    last: np.ndarray,
    decided: np.ndarray,
    low_step: list[int],
    k: int,
) -> None:
    """Each split of step k separates two neighbouring phases: the branch holding the
    neighbour (the parent, or a sibling split off at the same step) must decide otherwise,
    and the right-hand phase of the two must say that it first differs here."""
    order = diagram.decisions.order
    # most splits hold their neighbour in the parent's hull: those checked at once, the
    # rest (a sibling holds it, or something is wrong) one by one, in order
    parents, rates = parent[children], hulls.neighbour[children]
    rights = np.maximum(rates, hulls.first[children])
    settled = (
        (first[parents] <= rates)
        & (rates <= last[parents])
        & (decided[parents] != decided[children])
        & (diagram.decisions.low_step[order[rights]] == k)
    )
    for c in children[~settled].tolist():
        p = int(parent[c])
        rate = int(hulls.neighbour[c])
        holder = p
        if not first[p] <= rate <= last[p]:
            siblings = children[parent[children] == p].tolist()
            holder = next((q for q in siblings if hulls.first[q] <= rate <= hulls.last[q]), -1)
        right = max(rate, int(hulls.first[c]))  # the right-hand phase of the two
        if holder < 0 or decided[holder] == decided[c]:
            raise PhaseDiagramError(
                f"the neighbouring phases {diagram.phases[right - 1].interval()} and "
                f"{diagram.phases[right].interval()} split at step {k + 1} but decide alike"
            )
        if low_step[int(order[right])] != k:
            raise PhaseDiagramError(
                f"phase {diagram.phases[right].interval()} says it first differs from the "
                f"phase before it at step {low_step[int(order[right])] + 1}, not {k + 1}"
            )


def _not_taken(diagram: PhaseDiagram, rank: np.ndarray, piece: int) -> str:
    phase = diagram.phases[int(rank[piece])]
    return (
        f"the exact twin at η = {phase.witness} does not take the decisions of phase "
        f"{phase.interval()}"
    )


def _sign_of(values: np.ndarray) -> np.ndarray:
    """The signs of Python integers (an object array) as int8."""
    return np.array([(v > 0) - (v < 0) for v in values.tolist()], dtype=np.int8)


def _hull_signs(
    exact: list[Fraction] | list[Fraction | None],
    ranks: np.ndarray,
    floats: np.ndarray,
    usable: np.ndarray,
    a: Fraction,
    a_f: tuple[float, bool],
    b: np.ndarray,
    fast: bool,
) -> np.ndarray:
    """sign(a + e·b) at one end e of every branch's hull (e the end of phase ``ranks[i]`` in
    ``exact``; 0 where it is ∞: not used): float64 where
    :func:`numeric.eta_path.certified_signs` shows it, else in integers."""
    count = len(b)
    if fast and a_f[1]:
        signs = certified_signs(floats[:count], usable[:count], b, a_f[0])
        doubtful = np.flatnonzero(signs == 0)
    else:
        signs = np.zeros(count, dtype=np.int8)
        doubtful = np.arange(count)
    for i in doubtful.tolist():
        e = exact[int(ranks[i])]
        if e is not None:
            signs[i] = exact_sign(a.numerator, a.denominator, e, int(b[i]))
    return signs


#: Phases whose witnesses the exact twin (``numeric.train(exact=True)``) also runs at.
TWIN_SAMPLE = 12


def _verify_twin(
    diagram: PhaseDiagram, X: np.ndarray, y: np.ndarray, w0: np.ndarray, bias: bool
) -> None:
    """Run the exact twin, an independent code path, at the witnesses of a sample of phases
    (the first, the last and some evenly spaced between); it must take their decisions."""
    count = len(diagram.phases)
    chosen = sorted({round(i * (count - 1) / max(1, TWIN_SAMPLE - 1)) for i in range(TWIN_SAMPLE)})
    witnesses = [diagram.phases[i].witness for i in chosen]
    result = train(
        X, y, witnesses, w0, epochs=diagram.epochs, bias=bias, rule=diagram.rule,
        exact=True, keep="predictions",
    )  # fmt: skip
    for row, (i, (predictions, updates)) in enumerate(
        zip(chosen, diagram.decisions.rows(chosen), strict=True)
    ):
        if (result.predictions[row] != predictions).any() or (
            (result.coefficients[row] != 0) != updates
        ).any():
            raise PhaseDiagramError(
                f"the exact twin at η = {witnesses[row]} does not take the decisions of phase "
                f"{diagram.phases[i].interval()}"
            )


#: Phases whose final training errors are computed at once (bounds the memory to a few MB
#: per sample: phases × samples arrays would grow with both).
ERRORS_CHUNK = 1024


def _training_errors(
    witnesses: Sequence[Fraction],
    directions: np.ndarray,
    D: int,
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    rule: Rule,
) -> list[int]:
    """How many training samples the final weights w0 + η·V/D misclassify at each witness
    η: sign(a + η·(V·Xi)/D²) with a = w0·x, from float64 where an error bound of 8u shows
    it, else exactly in Fractions.  With much to do and every product exact in float64, the
    compiled ``witness_errors`` takes the float64 part (the same operations); the phases
    where it cannot show a sign are done again in NumPy, :data:`ERRORS_CHUNK` at a time."""
    samples = _Samples.of(X, w0, D)
    count = len(witnesses)
    exact_floats = samples.exact_in_float64(directions)
    # the compiled loop predicts as the table's rules do; a subclass's own predict: NumPy
    compilable = exact_floats and count > 0 and rule_code(rule) is not None
    kernels = compiled_steps(count * len(X)) if compilable else None
    if kernels is None:
        return _numpy_training_errors(witnesses, directions, samples, exact_floats, y, rule)
    eta_f, usable_eta = samples.rates(witnesses)
    errors, unsure = np.empty(count, dtype=np.int64), np.empty(count, dtype=np.int64)
    labels = tuple(int(v) for v in rule.labels)
    features = np.array(samples.rows, dtype=np.float64).T.copy()
    kernels.witness_errors(directions.astype(np.float64), features, samples.a,
                           samples.usable_a, eta_f, usable_eta, labels, y.astype(np.int64),
                           errors, unsure)  # fmt: skip
    doubtful = np.flatnonzero(unsure).tolist()
    if doubtful:  # their signs decided exactly, as NumPy's steps decide them
        chosen = [witnesses[p] for p in doubtful]
        again = _numpy_training_errors(chosen, directions[doubtful], samples, True, y, rule)
        errors[doubtful] = again
    return errors.tolist()


@dataclass(frozen=True)
class _Samples:
    """The training samples as :func:`_training_errors` reads them: D·x as integers, the
    offsets a = w⁽⁰⁾·x exactly, and D²·a as floats with whether each may be used."""

    rows: list[list[int]]
    offsets: list[Fraction]
    scale: int
    a: np.ndarray
    usable_a: np.ndarray

    @classmethod
    def of(cls, X: np.ndarray, w0: np.ndarray, D: int) -> _Samples:
        """From the features X, w⁽⁰⁾ and the tracer's feature denominator D, which must
        make every D·x an integer (else rounding them would judge other data)."""
        scaled = [[v * D for v in row] for row in X]
        if any(value.denominator != 1 for row in scaled for value in row):
            raise PhaseDiagramError(
                f"the feature denominator {D} leaves some D·x a fraction: the directions "
                "it scales cannot be checked"
            )
        rows = [[int(value) for value in row] for row in scaled]
        offsets = [sum((a * b for a, b in zip(w0, row, strict=True)), Fraction(0)) for row in X]
        converted = [_as_float(abs(offset)) for offset in offsets]
        a = np.array([v if o >= 0 else -v for (v, _), o in zip(converted, offsets, strict=True)])
        return cls(rows, offsets, D * D, a, np.array([ok for _, ok in converted]))

    def scaled_offsets(self) -> tuple[list[Fraction], list[tuple[float, bool]]]:
        """D²·w⁽⁰⁾·x for every sample, exactly and as a float with whether it may be used."""
        a = [offset * self.scale for offset in self.offsets]
        return a, [_as_float(v) if v >= 0 else (-_as_float(-v)[0], _as_float(-v)[1]) for v in a]

    def exact_in_float64(self, directions: np.ndarray) -> bool:
        """Whether every V·(D·x) and D² is an integer float64 holds exactly."""
        widest = max((abs(v) for row in self.rows for v in row), default=0)
        largest = int(np.abs(directions).max(initial=0)) if len(directions) else 0
        return (
            widest < 2**53 and largest * widest * len(self.rows[0]) < 2**53 and self.scale < 2**53
        )

    def rates(self, witnesses: Sequence[Fraction]) -> tuple[np.ndarray, np.ndarray]:
        """η/D² as floats for the witnesses, and whether each η's float may be used."""
        converted = [_as_float(eta) for eta in witnesses]
        eta_f = np.array([value for value, _ in converted]) / self.scale
        return eta_f, np.array([ok for _, ok in converted])


def _numpy_training_errors(
    witnesses: Sequence[Fraction],
    directions: np.ndarray,
    samples: _Samples,
    exact_floats: bool,
    y: np.ndarray,
    rule: Rule,
) -> list[int]:
    """:func:`_training_errors` in NumPy (the reference), :data:`ERRORS_CHUNK` phases at a
    time; float64 only where ``exact_floats``."""
    count, scale, a, offsets = len(witnesses), samples.scale, samples.a, samples.offsets
    dtype = np.float64 if exact_floats else object
    features = np.array(samples.rows, dtype=dtype).T
    errors: list[int] = []
    for start in range(0, count, ERRORS_CHUNK):
        chunk = witnesses[start : start + ERRORS_CHUNK]
        along = directions[start : start + ERRORS_CHUNK].astype(dtype) @ features
        signs = np.zeros(along.shape, dtype=np.int8)
        doubtful = np.ones(along.shape, dtype=bool)
        if exact_floats:
            eta_f, usable_eta = samples.rates(chunk)
            with np.errstate(invalid="ignore", over="ignore"):
                slope = eta_f[:, None] * along
                z = slope + a[None, :]
                bound = 8 * 2.0**-53 * (np.abs(a)[None, :] + np.abs(slope))
                sure = (np.abs(z) > bound) & usable_eta[:, None] & samples.usable_a[None, :]
            signs = np.where(sure, np.sign(z), 0).astype(np.int8)
            doubtful = ~sure
        for i, j in zip(*np.nonzero(doubtful), strict=True):
            z = offsets[j] + chunk[i] * Fraction(int(along[i, j]), scale)
            signs[i, j] = (z > 0) - (z < 0)
        wrong = rule.predict(signs) != y[None, :]
        errors += wrong.sum(axis=1).tolist()
    return errors


def _verify_final(
    diagram: PhaseDiagram,
    found: EtaPath,
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    converted: dict[int, tuple[float, bool]],
) -> None:
    """The segments tile each phase and are made of final pieces the final weights hold
    (``converted``: floats of the phases' ends, by identity), and at every witness the
    training errors of the final weights, computed directly, are those of the segment
    holding it."""
    for phase in diagram.phases:
        first, last = phase.segments[0], phase.segments[-1]
        ends = (first.low, first.low_included, last.high, last.high_included)
        if ends != (phase.low, phase.low_included, phase.high, phase.high_included) or any(
            not _same(before.high, after.low) or before.high_included == after.low_included
            for before, after in itertools.pairwise(phase.segments)
        ):
            raise PhaseDiagramError(f"the segments of phase {phase.interval()} do not tile it")
    _check_final_pieces(found, X, y, w0, diagram.rule, converted)
    _check_segments_of_pieces(diagram, found)
    witnesses = [phase.witness for phase in diagram.phases]
    direct = _training_errors(
        witnesses, found.directions, found.feature_denominator, X, y, w0, diagram.rule
    )
    for phase, errors in zip(diagram.phases, direct, strict=True):
        if phase.training_errors != errors:
            raise PhaseDiagramError(
                f"the final weights at η = {phase.witness} misclassify {errors} samples, not "
                f"the {phase.training_errors} of the segment of phase {phase.interval()} there"
            )


def _check_final_pieces(
    found: EtaPath,
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    rule: Rule,
    converted: dict[int, tuple[float, bool]],
) -> None:
    """Each final piece meets the next, and on the whole of it each sample's w⁽ᴷ⁾·x, affine in
    η, keeps one decision (judged just inside both ends, as :func:`_follow_hulls` judges a
    hull), so the samples it misclassifies are one count all over it: the piece's, of which
    its segment's are made.  Signs from float64 where an error bound shows them, else exact."""
    assert found.final is not None, "the phases are traced with their final pieces"
    final = found.final
    pieces = final.pieces
    for before, after in itertools.pairwise(pieces):
        if not _same(before.high, after.low) or before.high_included == after.low_included:
            raise PhaseDiagramError("the final pieces do not tile the range of η")
    D = found.feature_denominator
    samples = _Samples.of(X, w0, D)
    a, a_f = samples.scaled_offsets()
    directions = found.directions[final.phase]
    fast = samples.exact_in_float64(directions)
    V = directions.astype(np.float64 if fast else object)
    lows: list[Fraction | None] = [piece.low for piece in pieces]
    highs = [piece.high for piece in pieces]
    low = [converted.get(id(value)) or _as_float(value) for value in lows]
    high = [*low[1:], _as_float(highs[-1])]  # a piece ends where the next begins (checked)
    low_f, low_ok = np.array([f for f, _ in low]), np.array([ok for _, ok in low])
    high_f, high_ok = np.array([f for f, _ in high]), np.array([ok for _, ok in high])
    low_in = np.array([piece.low_included for piece in pieces])
    high_in = np.array([piece.high_included for piece in pieces])
    infinite = np.array([value is None for value in highs])
    count, ranks = len(pieces), np.arange(len(pieces))
    predict = rule.predict(np.array([-1, 0, 1], dtype=np.int8))
    wrong = np.zeros(count, dtype=np.int64)
    # the compiled passes read the table's rules' predictions from a tuple: not a subclass's
    compilable = fast and rule_code(rule) is not None
    kernels = compiled_steps(count * len(X)) if compilable else None
    if kernels is not None:
        W, xs = np.ascontiguousarray(V.T), np.array(samples.rows, dtype=np.float64)
        # a piece's high end is the next one's low end; in the same phase (one direction)
        # a + e·b has one sign there: read once, from the next piece's low end
        shared = np.append(final.phase[:-1] == final.phase[1:], False)
        unfollowed = infinite | shared
        reads_next = np.flatnonzero(shared)  # the pieces whose high end the next one reads
        dot, listed = np.empty(count), np.empty(2 * count, dtype=np.int64)
        low_sign, high_sign = np.empty(count, dtype=np.int8), np.empty(count, dtype=np.int8)
        side = np.empty(count, dtype=np.int8)
        table = tuple(int(v) for v in predict)
    for s, row in enumerate(samples.rows):
        a_sign = (a[s] > 0) - (a[s] < 0)
        if kernels is not None and a_f[s][1]:
            many = kernels.end_signs(xs[s], W, count, low_f, low_ok, high_f, high_ok,
                                     unfollowed, a_f[s][0], a_sign, dot, low_sign, high_sign,
                                     listed)  # fmt: skip
            offset = (a[s].numerator, a[s].denominator)
            decide_listed(listed[:many], low_sign, high_sign, lows.__getitem__,
                          highs.__getitem__, offset, dot)  # fmt: skip
            high_sign[reads_next] = low_sign[reads_next + 1]
            ends = (dot, low_sign, high_sign, a_sign, low_in, high_in, infinite)
            first = kernels.piece_decide(count, ends, table, int(y[s]), side, wrong)
        else:
            first = _piece_decide_numpy(lows, highs, ranks, (low_f, low_ok, high_f, high_ok),
                                        (low_in, high_in, infinite), a[s], a_f[s],
                                        V @ np.array(row, dtype=V.dtype), fast, predict,
                                        int(y[s]), wrong)  # fmt: skip
        if first >= 0:
            raise PhaseDiagramError(
                f"the final weights decide sample {s + 1} otherwise inside the final piece "
                f"{_interval(pieces[first])} of η"
            )
    for i in np.flatnonzero(wrong != final.errors)[:1].tolist():
        raise PhaseDiagramError(
            f"the final weights misclassify {wrong[i]} samples on {_interval(pieces[i])}, "
            f"not the {final.errors[i]} said there"
        )


def _piece_decide_numpy(
    lows: list[Fraction | None],
    highs: list[Fraction | None],
    ranks: np.ndarray,
    floats: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    flags: tuple[np.ndarray, np.ndarray, np.ndarray],
    a: Fraction,
    a_f: tuple[float, bool],
    b: np.ndarray,
    fast: bool,
    predict: np.ndarray,
    label: int,
    wrong: np.ndarray,
) -> int:
    """``phase_kernels.piece_decide`` in NumPy (the reference), the signs at the ends
    included: sign(a + e·b) at both ends e of every final piece."""
    low_f, low_ok, high_f, high_ok = floats
    low_in, high_in, infinite = flags
    with np.errstate(invalid="ignore", over="ignore"):  # a float end of ∞: never trusted
        low_sign = _hull_signs(lows, ranks, low_f, low_ok, a, a_f, b, fast)
        high_sign = _hull_signs(highs, ranks, high_f, high_ok, a, a_f, b, fast)
    slope = (b > 0).view(np.int8) - (b < 0).view(np.int8) if fast else _sign_of(b)
    towards = np.where(slope != 0, slope, np.int8((a > 0) - (a < 0)))
    high_sign = np.where(infinite, towards, high_sign)
    low_side = np.where(low_in | (low_sign != 0), low_sign, slope).astype(np.int8)
    high_side = np.where(high_in | infinite | (high_sign != 0), high_sign, -slope)
    ours, theirs = predict[low_side + 1], predict[high_side.astype(np.int8) + 1]
    changes = (ours != theirs) | ((low_side * high_side < 0) & (ours != predict[1]))
    if changes.any():
        return int(np.flatnonzero(changes)[0])
    wrong += ours != label
    return -1


def _check_segments_of_pieces(diagram: PhaseDiagram, found: EtaPath) -> None:
    """Each segment, in increasing η, is a run of consecutive final pieces from its low end to
    its high end, each with the segment's count (checked by :func:`_check_final_pieces`), and
    each is maximal: a phase's neighbouring segments differ in count."""
    assert found.final is not None, "the phases are traced with their final pieces"
    pieces, errors = found.final.pieces, found.final.errors.tolist()
    segments = [segment for phase in diagram.phases for segment in phase.segments]
    k, starting = 0, True
    for piece, count in zip(pieces, errors, strict=True):
        if k == len(segments):
            raise PhaseDiagramError(f"the final piece {_interval(piece)} of η has no segment")
        segment = segments[k]
        begins = _same(piece.low, segment.low) and piece.low_included == segment.low_included
        if (starting and not begins) or count != segment.training_errors:
            raise PhaseDiagramError(
                f"the final piece {_interval(piece)} of η, {count} training errors, is not "
                f"one of the segment {segment.interval()}"
            )
        starting = _same(piece.high, segment.high) and piece.high_included == segment.high_included
        k += starting
    if k != len(segments):
        raise PhaseDiagramError("the segments are not made of the final pieces")
    for phase in diagram.phases:  # maximal: a segment ends where the count changes
        counts = [segment.training_errors for segment in phase.segments]
        if not counts or any(a == b for a, b in itertools.pairwise(counts)):
            raise PhaseDiagramError(f"the segments of phase {phase.interval()} are not maximal")

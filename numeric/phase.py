"""The exact η phase diagram: which learning rates make a perceptron decide alike.

A run with (η, w⁽⁰⁾) is η times a run with (1, w⁽⁰⁾/η), so while the coefficients of the
earlier steps are fixed, every net input is affine in η, and the predictions are piecewise
constant in η.  :func:`phase_diagram` finds the pieces exactly (:mod:`numeric.eta_path`): the
*phases*, maximal open intervals and single points of (0, ∞) on which every prediction ŷ⁽ᵏ⁾
and every update decision is the same, neighbours differing in at least one.  Each phase is
checked by the exact twin (:func:`numeric.train` with ``exact=True``) at its witness rate.

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
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Integral

import numpy as np

from .brief import approximately, exactly_or_approximately, shown
from .display import MAX_ROWS, Table, number, plural, to_html, vector
from .errors import DimensionMismatch, InvalidLearningRate, InvalidNumber, NumericValueError
from .eta_path import EtaPath, EtaPathError, FinalPieces, TooManyPieces, trace_eta_path
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
from .rules import Rule, get_rule

#: Witness rates per call of the exact twin when the phases are verified.
VERIFY_CHUNK = 2048

#: Phases that ``str(diagram)`` lists, one a line.
PRINTED_PHASES = 20

#: Of a long diagram's shown phases, how many come from its start (the smallest rates); the
#: rest come from its end, where η is large enough to matter and the phases differ most.
HEAD_PHASES = 5

#: The most decisions (phases × steps) kept: a byte each for ŷ, the update and the history.
MAX_DECISIONS = 10**8


class TooManyPhases(NumericValueError):
    """The diagram has more phases than ``max_phases`` allows; ``.max_phases`` is the limit
    (also ``.value``)."""

    def __init__(self, message: str, max_phases: int) -> None:
        super().__init__(message, max_phases)
        self.max_phases = max_phases


class PhaseDiagramError(EtaPathError):
    """The exact twin disagrees with the diagram at a witness: a bug in etaproof."""


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
        return self.low == self.high

    @property
    def width(self) -> Fraction | None:
        """high − low (None when unbounded)."""
        return None if self.high is None else self.high - self.low

    def contains(self, eta: object) -> bool:
        """Whether the rate ``eta`` (any exact or float number) lies in this span."""
        value = to_fraction(eta, "eta")
        above = value > self.low or (self.low_included and value == self.low)
        high = self.high
        below = high is None or value < high or (self.high_included and value == high)
        return above and below

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
    ``training_errors_range`` (min, max) and :meth:`training_errors_at`."""

    witness: Fraction
    errors_per_epoch: tuple[int, ...]
    final_weights: tuple[Fraction, ...]
    training_errors: int
    prediction_bytes: bytes = field(repr=False)
    update_bytes: bytes = field(repr=False)
    segments: tuple[Segment, ...] = field(repr=False)

    @property
    def predictions(self) -> tuple[int, ...]:
        """ŷ⁽ᵏ⁾ for k = 1 … n·epochs."""
        return tuple(np.frombuffer(self.prediction_bytes, dtype=np.int8).tolist())

    @property
    def updates(self) -> tuple[bool, ...]:
        """Whether step k = 1 … n·epochs updates the weights."""
        return tuple(np.frombuffer(self.update_bytes, dtype=np.bool_).tolist())

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
    """The phases of η for one dataset, w⁽⁰⁾ and rule, in increasing η; ``predictions`` and
    ``updates`` hold every phase's decisions as arrays (phases × steps, read-only)."""

    phases: tuple[Phase, ...]
    rule: Rule
    n: int
    epochs: int
    bias: bool
    w0: tuple[Fraction, ...]
    predictions: np.ndarray = field(repr=False)
    updates: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.phases)

    def __repr__(self) -> str:
        ends = self.breakpoints
        span = f", breakpoints {number(ends[0])} … {number(ends[-1])}" if ends else ""
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
        )

    def _verdict(self) -> str:
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
        """True when one phase covers (0, ∞): η changes no prediction and no update."""
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
        differs = self.predictions != self.predictions[0]
        rows = np.flatnonzero(differs.any(axis=1))
        if rows.size == 0:
            return None
        row = int(rows[0])
        return self._flip(row, int(np.argmax(differs[row])))

    def critical_learning_rate(self, step: int) -> Flip | None:
        """The first change of ŷ at ``step`` (1-based) as η grows from 0⁺, or None: the
        concrete-data counterpart of :func:`symbolic.critical_learning_rate`, for any k."""
        if isinstance(step, bool) or not isinstance(step, Integral) or not 1 <= step <= self.steps:
            raise DimensionMismatch(f"step={step!r} must be a step from 1 to {self.steps}", step)
        column = self.predictions[:, step - 1]
        rows = np.flatnonzero(column != column[0])
        return None if rows.size == 0 else self._flip(int(rows[0]), step - 1)

    def _flip(self, row: int, k: int) -> Flip:
        phase = self.phases[row]
        return Flip(
            eta=phase.low,
            included=phase.low_included,
            step=k + 1,
            sample=k % self.n + 1,
            before=int(self.predictions[0, k]),
            after=int(self.predictions[row, k]),
        )

    def phase_index(self, eta: object) -> int:
        """The index of the phase holding the positive rate ``eta``."""
        try:
            value = to_fraction(eta, "eta")
        except InvalidNumber as error:
            raise InvalidLearningRate(str(error), eta) from None
        if value <= 0:
            raise InvalidLearningRate(f"eta={shown(eta)} must be positive", eta)
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
        differs = (self.predictions[index] != self.predictions[index - 1]) | (
            self.updates[index] != self.updates[index - 1]
        )
        return int(np.argmax(differs)) + 1

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


def _interval(phase: Phase) -> str:
    """The phase as :meth:`Phase.interval` writes it, each end exactly when that is short."""
    if phase.is_point:
        return "{" + number(phase.low) + "}"
    high = "∞" if phase.high is None else number(phase.high)
    opening, closing = "[("[not phase.low_included], "])"[not phase.high_included]
    return f"{opening}{number(phase.low)}, {high}{closing}"


def simplest_between(low: Fraction, high: Fraction | None) -> Fraction:
    """The rational with the smallest denominator strictly between ``low`` ≥ 0 and ``high``
    (None for ∞), the smallest such numerator among those: continued fractions, as in the
    Stern–Brocot tree."""
    terms: list[int] = []
    lo, hi = low, high
    while True:
        whole = math.floor(lo)
        if hi is None or whole + 1 < hi:
            terms.append(whole + 1)
            break
        terms.append(whole)
        lo, hi = 1 / (hi - whole), (None if lo == whole else 1 / (lo - whole))
    value = Fraction(terms[-1])
    for term in reversed(terms[:-1]):
        value = term + 1 / value
    return value


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
) -> PhaseDiagram:
    """The exact phases of η for a run of ``rule`` on (X, y) from ``w0``.

    Inputs are read as by :func:`numeric.train` (numbers exact, floats at their binary value;
    ``w0`` None/0 or a vector of length d, d + 1 with ``bias``, the bias weight last).  Raises
    :class:`TooManyPhases` beyond ``max_phases``.  With ``verify`` (the default) the exact
    twin runs at every phase's witness and must take the phase's decisions.
    """
    rule = get_rule(rule)
    epochs = epochs_count(epochs)
    if isinstance(max_phases, bool) or not isinstance(max_phases, Integral) or max_phases < 1:
        raise InvalidNumber(
            f"max_phases={max_phases!r} must be a positive whole number", max_phases
        )
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
    memory = MAX_DECISIONS // steps
    try:
        found = trace_eta_path(
            run_features,
            labels,
            weights,
            steps,
            rule,
            max_pieces=min(max_phases, memory),
            final=True,
        )
    except TooManyPieces as error:
        if memory < max_phases:
            raise TooManyPhases(
                f"the η phase diagram has at least {error.count} phases after step "
                f"{error.step} of {steps}, more than the {memory} phases of {steps} steps each "
                f"it keeps ({MAX_DECISIONS} decisions); use fewer samples or epochs",
                memory,
            ) from None
        raise TooManyPhases(
            f"max_phases={max_phases} is too few: the η phase diagram has at least "
            f"{error.count} phases after step {error.step} of {steps}; pass a larger max_phases",
            max_phases,
        ) from None
    diagram = _diagram(found, weights, rule, n, epochs, bias)
    if verify:
        _verify(diagram, features, labels, weights, bias)
        _verify_final(diagram, found, run_features, labels, weights)
    return diagram


def _diagram(
    found: EtaPath,
    w0: np.ndarray,
    rule: Rule,
    n: int,
    epochs: int,
    bias: bool,
) -> PhaseDiagram:
    """Phases with their witnesses, segments, and final weights and training errors at the
    witness."""
    pieces = found.pieces
    witnesses = [
        piece.low if piece.is_point else simplest_between(piece.low, piece.high) for piece in pieces
    ]
    D = found.feature_denominator
    finals = [
        tuple(w + eta * int(v) / D for w, v in zip(w0, direction, strict=True))
        for eta, direction in zip(witnesses, found.directions, strict=True)
    ]
    assert found.final is not None, "the phases are traced with their final pieces"
    segments = _segments(found.final, len(pieces))
    per_epoch = found.updates.reshape(len(pieces), epochs, n).sum(axis=2)
    predictions, updates = found.predictions, found.updates
    predictions.setflags(write=False)
    updates.setflags(write=False)
    phases = tuple(
        Phase(
            low=piece.low,
            high=piece.high,
            low_included=piece.low_included,
            high_included=piece.high_included,
            witness=witness,
            errors_per_epoch=tuple(int(e) for e in per_epoch[i]),
            final_weights=final,
            training_errors=_at(segments[i], witness),
            prediction_bytes=predictions[i].tobytes(),
            update_bytes=updates[i].tobytes(),
            segments=segments[i],
        )
        for i, (piece, witness, final) in enumerate(zip(pieces, witnesses, finals, strict=True))
    )
    return PhaseDiagram(phases, rule, n, epochs, bias, tuple(w0), predictions, updates)


def _segments(final: FinalPieces, count: int) -> list[tuple[Segment, ...]]:
    """Each phase's final pieces, neighbours with equal training errors merged."""
    grouped: list[list[Segment]] = [[] for _ in range(count)]
    errors = final.errors.tolist()
    for piece, phase, wrong in zip(final.pieces, final.phase.tolist(), errors, strict=True):
        same = grouped[phase]
        if same and same[-1].training_errors == wrong:
            last = same[-1]
            same[-1] = Segment(last.low, piece.high, last.low_included, piece.high_included, wrong)
        else:
            same.append(
                Segment(piece.low, piece.high, piece.low_included, piece.high_included, wrong)
            )
    return [tuple(segments) for segments in grouped]


def _at(segments: tuple[Segment, ...], eta: Fraction) -> int:
    """The training errors of the segment holding ``eta``."""
    if len(segments) == 1:
        return segments[0].training_errors
    return next(segment.training_errors for segment in segments if segment.contains(eta))


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
    η, in integers: with w0·x = α/M and x = Xi/D, M·q·D²·(w·x) = α·q·D² + p·M·(V·Xi)."""
    rows = np.array([[int(v * D) for v in row] for row in X], dtype=object)
    offsets = [sum((a * b for a, b in zip(w0, row, strict=True)), Fraction(0)) for row in X]
    M = math.lcm(1, *(a.denominator for a in offsets))
    alpha = np.array([a.numerator * (M // a.denominator) for a in offsets], dtype=object)
    along = directions.astype(object) @ rows.T  # (phases, n)
    q = np.array([eta.denominator * D * D for eta in witnesses], dtype=object)
    p = np.array([eta.numerator * M for eta in witnesses], dtype=object)
    z = q[:, None] * alpha[None, :] + p[:, None] * along
    signs = (z > 0).astype(np.int8) - (z < 0).astype(np.int8)
    wrong = rule.predict(signs) != y[None, :]
    return [int(count) for count in wrong.sum(axis=1)]


def _verify(
    diagram: PhaseDiagram, X: np.ndarray, y: np.ndarray, w0: np.ndarray, bias: bool
) -> None:
    """Run the exact twin at every witness; it must take exactly the phase's decisions."""
    witnesses = [phase.witness for phase in diagram.phases]
    for start in range(0, len(witnesses), VERIFY_CHUNK):
        chunk = witnesses[start : start + VERIFY_CHUNK]
        result = train(
            X,
            y,
            chunk,
            w0,
            epochs=diagram.epochs,
            bias=bias,
            rule=diagram.rule,
            exact=True,
            keep="predictions",
        )
        rows = slice(start, start + len(chunk))
        wrong = (result.predictions != diagram.predictions[rows]).any(axis=1) | (
            (result.coefficients != 0) != diagram.updates[rows]
        ).any(axis=1)
        if wrong.any():
            i = start + int(np.argmax(wrong))
            raise PhaseDiagramError(
                f"the exact twin at η = {witnesses[i]} does not take the decisions of phase "
                f"{diagram.phases[i].interval()}"
            )


def _verify_final(
    diagram: PhaseDiagram,
    found: EtaPath,
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
) -> None:
    """The segments tile each phase, and at every witness the training errors of the final
    weights, computed directly in integers, are those of the segment holding it."""
    for phase in diagram.phases:
        first, last = phase.segments[0], phase.segments[-1]
        ends = (first.low, first.low_included, last.high, last.high_included)
        if ends != (phase.low, phase.low_included, phase.high, phase.high_included) or any(
            before.high != after.low or before.high_included == after.low_included
            for before, after in itertools.pairwise(phase.segments)
        ):
            raise PhaseDiagramError(f"the segments of phase {phase.interval()} do not tile it")
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

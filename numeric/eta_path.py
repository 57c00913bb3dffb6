"""The exact path over η: every branch of a perceptron run on (0, ∞) at once, step by step.

Scale the data to integers: Xi = D·X (D the common denominator of the features, the bias
column included) and W = D_w·w⁽⁰⁾.  On a set of rates where the steps before k took the same
coefficients c_j, w⁽ᵏ⁻¹⁾ = w⁽⁰⁾ + η·V/D with the integer vector V = Σ_{j<k} c_j·Xi⁽ʲ⁾, and

    D²·D_w · w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ = A + η·D_w·β,   A = D·(W·Xi⁽ᵏ⁾),   β = V·Xi⁽ᵏ⁾,

an affine function of η with integer coefficients.  Its sign decides step k, and it changes
only at the root η = −A/(D_w·β).  So the rates split into *pieces*, intervals with their ends
included or not and single points, each with one V.  Step k evaluates the sign at both ends
of every piece: an interval whose ends have opposite signs splits at the root into the part
left of it, the root itself (w·x = 0 there, so the rule's tie convention decides) and the
part right of it; the root joins the side that decides as it does, or is a piece of its own.
An included end where w·x = 0 and the tie decides differently from the inside leaves as a
point of its own.  Pieces never merge again (they already differ at an earlier step), so
after the last step the pieces are the phases: maximal, and neighbours differ.

The final weights w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D are affine in η too, so the final classifier can still
change inside a phase.  With ``final=True`` the same splitting runs once more over the training
samples with V frozen (an *evaluation pass*: the sign of w⁽ᴷ⁾·x⁽ˢ⁾ decides ŷ by the rule's tie
convention, and nothing is updated); it refines each phase into *final pieces* on which the
final classifier predicts every training sample alike.

This is path following (LARS, the SVM regularisation path) done breadth first: every
breakpoint is an exact root, every shared prefix of decisions is computed once, and each step
is one vectorised pass over all pieces.  Signs are taken from float64 when a rigorous bound
on the rounding error shows them (8u relative to the terms, every operand in a range where
nothing over- or underflows), and from Python integers otherwise, so exact ties (w·x = 0 at a
breakpoint) and anything close are decided exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .progress import Progress
from .rules import Rule

_UNIT_ROUNDOFF = 2.0**-53
#: Floats are trusted only inside [2⁻⁵⁰⁰, 2⁵⁰⁰] (or exactly 0): products stay normal there.
_SMALLEST, _LARGEST = 2.0**-500, 2.0**500
#: |β| below this is exact in float64 and V·x cannot overflow int64.
_EXACT_FLOAT_INT = 2**53


@dataclass(frozen=True)
class Piece:
    """A piece of the η axis: an interval from ``low`` to ``high`` (None for ∞) with the ends
    it includes, or the single point ``low == high`` (both ends included)."""

    low: Fraction
    high: Fraction | None
    low_included: bool
    high_included: bool

    @property
    def is_point(self) -> bool:
        return self.low == self.high


@dataclass(frozen=True)
class EtaPath:
    """The outcome of :func:`trace_eta_path`: ``pieces`` in increasing η and, row by row, what every
    step decided (``predictions``, int8, and ``updates``, bool, shape (pieces, steps)) and
    the final integer direction V (``directions``, shape (pieces, d): w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D
    with D = ``feature_denominator``)."""

    pieces: list[Piece]
    predictions: np.ndarray
    updates: np.ndarray
    directions: np.ndarray
    feature_denominator: int
    final: FinalPieces | None = None


@dataclass(frozen=True)
class FinalPieces:
    """The phases refined by the final classifier (``trace_eta_path(..., final=True)``):
    ``pieces`` in increasing η, each inside phase ``phase[i]`` (an index into
    :attr:`EtaPath.pieces`), with ``predictions[i]`` (int8, one per training sample) what
    w⁽ᴷ⁾ predicts on every rate of the piece and ``errors[i]`` how many of those are wrong."""

    pieces: list[Piece]
    phase: np.ndarray
    predictions: np.ndarray
    errors: np.ndarray


class TooManyPieces(Exception):
    """Raised by :func:`trace_eta_path` when the pieces outnumber ``max_pieces`` (``.count`` of them
    after ``.step`` steps, 1-based)."""

    def __init__(self, count: int, step: int) -> None:
        super().__init__(count, step)
        self.count, self.step = count, step


class EtaPathError(RuntimeError):
    """An internal inconsistency of the path (a bug in etaproof, never bad input)."""


class _Ends:
    """One end (low or high) of every piece: exact values, their floats and whether the
    floats may be used (in range), as parallel arrays; None is +∞."""

    def __init__(self, value: Fraction | None) -> None:
        self.exact: list[Fraction | None] = [value]
        self.floats = np.array([_float(value)[0]])
        self.usable = np.array([_float(value)[1]])
        self.infinite = np.array([value is None])
        self.included = np.array([False])

    def copy(self) -> _Ends:
        other = _Ends.__new__(_Ends)
        other.exact = list(self.exact)
        other.floats, other.usable = self.floats.copy(), self.usable.copy()
        other.infinite, other.included = self.infinite.copy(), self.included.copy()
        return other

    def set(self, i: int, value: Fraction | None, included: bool) -> None:
        self.exact[i] = value
        self.floats[i], self.usable[i] = _float(value)
        self.infinite[i], self.included[i] = value is None, included

    def extend(self, values: list[Fraction | None], included: list[bool]) -> None:
        converted = [_float(v) for v in values]
        self.exact += values
        self.floats = np.concatenate([self.floats, [f for f, _ in converted]])
        self.usable = np.concatenate([self.usable, [ok for _, ok in converted]])
        self.infinite = np.concatenate([self.infinite, [v is None for v in values]])
        self.included = np.concatenate([self.included, np.array(included, dtype=bool)])


class _Added:
    """The pieces one step creates, in order: each with its parent piece, the sign of w·x it
    saw at this step and its ends."""

    def __init__(self) -> None:
        self.parents: list[int] = []
        self.signs: list[int] = []
        self.lows: list[Fraction | None] = []
        self.low_included: list[bool] = []
        self.highs: list[Fraction | None] = []
        self.high_included: list[bool] = []
        self.points: list[bool] = []

    def add(
        self,
        parent: int,
        sign: int,
        low: Fraction | None,
        low_included: bool,
        high: Fraction | None,
        high_included: bool,
    ) -> None:
        self.parents.append(parent)
        self.signs.append(sign)
        self.lows.append(low)
        self.low_included.append(low_included)
        self.highs.append(high)
        self.high_included.append(high_included)
        self.points.append(low == high)


def _float(value: Fraction | None) -> tuple[float, bool]:
    """The float of an end and whether it is usable for a certified sign."""
    if value is None:
        return math.inf, False
    if value == 0:
        return 0.0, True
    try:
        rounded = float(value)
    except OverflowError:
        return math.inf, False
    return rounded, _SMALLEST <= abs(rounded) <= _LARGEST


class _Problem:
    """The data scaled to integers, with each sample's decisions for each sign of w·x."""

    def __init__(self, X: np.ndarray, y: np.ndarray, w0: np.ndarray, rule: Rule) -> None:
        n, d = X.shape
        self.n, self.d = n, d
        D = math.lcm(1, *(v.denominator for v in X.flat))
        Dw = math.lcm(1, *(v.denominator for v in w0))
        self.feature_denominator, self.weight_denominator = D, Dw
        rows = [[int(v * D) for v in X[s]] for s in range(n)]
        W = [int(v * Dw) for v in w0]
        # A = D·(W·Xi) per sample
        self.offsets = [D * sum(a * b for a, b in zip(W, row, strict=True)) for row in rows]
        self.offset_signs = np.array([(a > 0) - (a < 0) for a in self.offsets], dtype=np.int8)
        floats = [_float(Fraction(a, Dw)) for a in self.offsets]
        self.offset_floats = np.array([f for f, _ in floats])
        self.offset_usable = np.array([ok for _, ok in floats])
        widest = [max(abs(row[j]) for row in rows) for j in range(d)]
        self.largest_coefficient = rule.largest_coefficient
        self.rows_max = widest
        self.rows = np.array(rows, dtype=object)
        self.labels = [int(v) for v in y]
        # per sample s and sign σ (column σ + 1): ŷ, whether it updates, c, and a code that
        # identifies the decision (two signs decide alike when their codes are equal)
        signs = np.array([-1, 0, 1], dtype=np.int8)
        labels = np.array(self.labels, dtype=np.int8)[:, None]
        self.predict = np.broadcast_to(rule.predict(signs), (n, 3)).astype(np.int8)
        self.coefficient = rule.coefficient(labels, signs[None, :]).astype(np.int64)
        self.update = self.coefficient != 0
        self.code = self.predict.astype(np.int64) * 4 + self.update
        # the evaluation pass of the final weights decides ŷ only
        self.final_code = self.predict.astype(np.int64)

    def float_rows(self, steps: int) -> bool:
        """True when |V| and |β| stay below 2⁵³ for ``steps`` steps (int64 and exact floats)."""
        along = self.largest_coefficient * steps * sum(m * m for m in self.rows_max)
        return along < _EXACT_FLOAT_INT and all(
            self.largest_coefficient * steps * m < _EXACT_FLOAT_INT for m in self.rows_max
        )


def trace_eta_path(
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    steps: int,
    rule: Rule,
    max_pieces: int | None = None,
    final: bool = False,
) -> EtaPath:
    """The phases of η ↦ (every ŷ and every update decision) for X (n, d) and w0 (d,) of
    ``Fraction``, int8 labels y and ``steps`` steps of ``rule``, in increasing η; with
    ``final`` also the phases refined by the final classifier's predictions (:class:`FinalPieces`;
    ``max_pieces`` bounds the phases only).  A bar on stderr counts the steps (a terminal
    only, after a second)."""
    total = steps + (len(X) if final else 0)
    with Progress(total, desc="phases of η", unit="step") as bar:
        return _trace_eta_path(X, y, w0, steps, rule, max_pieces, final, bar)


def _trace_eta_path(
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    steps: int,
    rule: Rule,
    max_pieces: int | None,
    final: bool,
    bar: Progress,
) -> EtaPath:
    problem = _Problem(X, y, w0, rule)
    n, d = problem.n, problem.d
    fast = problem.float_rows(steps)
    rows = problem.rows.astype(np.int64) if fast else problem.rows
    V = np.zeros((1, d), dtype=np.int64 if fast else object)
    if not fast:
        V[...] = 0
    low, high = _Ends(Fraction(0)), _Ends(None)
    point = np.array([False])
    history: list[tuple[np.ndarray, int, np.ndarray]] = []  # (signs, count before, parents)
    phases: tuple[_Ends, _Ends, np.ndarray, np.ndarray] | None = None
    for k in range(steps + (n if final else 0)):
        bar.advance(1)
        evaluating = k >= steps  # the evaluation pass of the final weights: V stays
        if k == steps:
            phases = (low.copy(), high.copy(), point.copy(), V.copy())
        s = k - steps if evaluating else k % n
        x = rows[s]
        count = len(point)
        beta = V @ x
        beta_floats = beta.astype(np.float64) if fast else None
        at_low = _signs(problem, s, low, beta, beta_floats, np.ones(count, dtype=bool))
        at_high = np.where(beta > 0, 1, np.where(beta < 0, -1, problem.offset_signs[s]))
        at_high = at_high.astype(np.int8)
        finite = ~high.infinite & ~point
        if finite.any():
            at_high[finite] = _signs(problem, s, high, beta, beta_floats, finite)[finite]
        at_high[point] = at_low[point]
        inside = np.where(at_low != 0, at_low, at_high)
        code = problem.final_code[s] if evaluating else problem.code[s]
        added = _split(problem, s, code, beta, at_low, at_high, inside, low, high, point)

        signs, parent_index = inside, np.array(added.parents, dtype=np.intp)
        if added.parents:
            signs = np.concatenate([inside, np.array(added.signs, dtype=np.int8)])
            V = np.concatenate([V, V[parent_index]])
            low.extend(added.lows, added.low_included)
            high.extend(added.highs, added.high_included)
            point = np.concatenate([point, np.array(added.points, dtype=bool)])
        if not evaluating:
            V = V + problem.coefficient[s][signs + 1][:, None] * x
        history.append((signs.astype(np.int8), count, parent_index))
        if not evaluating and max_pieces is not None and len(point) > max_pieces:
            raise TooManyPieces(len(point), k + 1)
    if phases is None:
        return _finish(problem, steps, low, high, point, V, history)
    phase_low, phase_high, phase_point, phase_V = phases
    found = _finish(problem, steps, phase_low, phase_high, phase_point, phase_V, history[:steps])
    rank = np.empty(len(phase_point), dtype=np.intp)
    rank[_order(phase_low, phase_point)] = np.arange(len(phase_point))
    refined = _finish_final(problem, low, high, point, history[steps:], rank)
    return EtaPath(
        found.pieces,
        found.predictions,
        found.updates,
        found.directions,
        found.feature_denominator,
        refined,
    )


def _split(
    problem: _Problem,
    s: int,
    code: np.ndarray,
    beta: np.ndarray,
    at_low: np.ndarray,
    at_high: np.ndarray,
    inside: np.ndarray,
    low: _Ends,
    high: _Ends,
    point: np.ndarray,
) -> _Added:
    """The pieces that sample s splits: at the root of w·x where its sign changes inside a
    piece, and the ends where w·x = 0 leaves the decision of the inside (``high`` and ``low``
    are cut back in place); the new pieces in :class:`_Added`."""
    tie = code[1]
    split = (at_low * at_high < 0) & ~point
    low_leaves = low.included & (at_low == 0) & (code[inside + 1] != tie)
    high_leaves = high.included & (at_high == 0) & (at_low != 0) & (code[inside + 1] != tie)

    added = _Added()
    for i in np.flatnonzero(split).tolist():
        left, right = int(at_low[i]), int(at_high[i])
        root = Fraction(-problem.offsets[s], problem.weight_denominator * int(beta[i]))
        joins_left = tie == code[left + 1]
        joins_right = not joins_left and tie == code[right + 1]
        added.add(i, right, root, joins_right, high.exact[i], bool(high.included[i]))
        if not (joins_left or joins_right):
            added.add(i, 0, root, True, root, True)
        high.set(i, root, joins_left)
    for i in np.flatnonzero(low_leaves).tolist():
        added.add(i, 0, low.exact[i], True, low.exact[i], True)
        low.included[i] = False
    for i in np.flatnonzero(high_leaves).tolist():
        added.add(i, 0, high.exact[i], True, high.exact[i], True)
        high.included[i] = False
    return added


def _signs(
    problem: _Problem,
    s: int,
    ends: _Ends,
    beta: np.ndarray,
    beta_floats: np.ndarray | None,
    where: np.ndarray,
) -> np.ndarray:
    """sign(A + e·D_w·β) at the end e of every piece (where ``where``): float64 where its
    error bound shows the sign, exact integers elsewhere."""
    count = len(beta)
    signs = np.zeros(count, dtype=np.int8)
    if beta_floats is not None and problem.offset_usable[s]:
        a = problem.offset_floats[s]
        with np.errstate(invalid="ignore", over="ignore"):
            slope = np.where(where & ends.usable, ends.floats, 0.0) * beta_floats
            z = a + slope
            bound = 8 * _UNIT_ROUNDOFF * (abs(a) + np.abs(slope))
        sure = where & ends.usable & (np.abs(z) > bound)
        signs[sure] = np.sign(z[sure]).astype(np.int8)
        doubtful = np.flatnonzero(where & ~sure)
    else:
        doubtful = np.flatnonzero(where)
    offset, scale = problem.offsets[s], problem.weight_denominator
    exact = ends.exact
    for i in doubtful:
        e = exact[i]
        assert e is not None, "an infinite end has no sign to evaluate"
        z = offset * e.denominator + e.numerator * scale * int(beta[i])
        signs[i] = (z > 0) - (z < 0)
    return signs


def _finish(
    problem: _Problem,
    steps: int,
    low: _Ends,
    high: _Ends,
    point: np.ndarray,
    V: np.ndarray,
    history: list[tuple[np.ndarray, int, np.ndarray]],
) -> EtaPath:
    """Sort the pieces, trace every piece's signs back through the splits, decide."""
    count = len(point)
    order = _order(low, point)
    index = np.array(order, dtype=np.intp)
    by_step = np.empty((steps, count), dtype=np.int8)
    for k in range(steps - 1, -1, -1):
        step_signs, before, parents = history[k]
        by_step[k] = step_signs[index]
        new = np.flatnonzero(index >= before)
        if new.size:
            index[new] = parents[index[new] - before]
    signs = np.ascontiguousarray(by_step.T)
    samples = np.arange(steps) % problem.n
    predictions = _lookup(problem.predict[samples], signs)
    updates = _lookup(problem.update[samples], signs)
    return EtaPath(
        _pieces(low, high, order),
        predictions,
        updates,
        V[np.array(order, dtype=np.intp)],
        problem.feature_denominator,
    )


def _finish_final(
    problem: _Problem,
    low: _Ends,
    high: _Ends,
    point: np.ndarray,
    history: list[tuple[np.ndarray, int, np.ndarray]],
    rank: np.ndarray,
) -> FinalPieces:
    """Sort the final pieces, trace their signs back through the evaluation pass to the
    phase each lies in (``rank`` maps a phase's creation index to its place), decide."""
    order = _order(low, point)
    index = np.array(order, dtype=np.intp)
    by_sample = np.empty((problem.n, len(order)), dtype=np.int8)
    for s in range(problem.n - 1, -1, -1):
        step_signs, before, parents = history[s]
        by_sample[s] = step_signs[index]
        new = np.flatnonzero(index >= before)
        if new.size:
            index[new] = parents[index[new] - before]
    predictions = _lookup(problem.predict, np.ascontiguousarray(by_sample.T))
    errors = (predictions != np.array(problem.labels, dtype=np.int8)).sum(axis=1)
    return FinalPieces(_pieces(low, high, order), rank[index], predictions, errors)


def _order(low: _Ends, point: np.ndarray) -> list[int]:
    """The pieces in increasing η.  Floats order the ends monotonically (correct rounding);
    equal floats fall back on the exact values, and a point comes before the interval that
    starts at it."""
    return sorted(range(len(point)), key=lambda i: (low.floats[i], low.exact[i], not point[i]))


def _pieces(low: _Ends, high: _Ends, order: list[int]) -> list[Piece]:
    return [
        Piece(
            low.exact[i],  # type: ignore[arg-type]  # a low end is always finite
            high.exact[i],
            bool(low.included[i]),
            bool(high.included[i]),
        )
        for i in order
    ]


def _lookup(table: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """``table[k, σ + 1]`` for every row of ``signs`` (pieces × steps), σ ∈ {−1, 0, 1}."""
    out = np.where(signs > 0, table[:, 2], table[:, 1])
    np.copyto(out, table[:, 0], where=signs < 0)
    return out

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
is one vectorised pass over all pieces.  The decisions are kept the same way
(:class:`Decisions`): a piece stores its parent, its split step and only the steps where it
decides unlike its parent, so memory grows with the differences, not with pieces × steps.
With ``eta_range`` the path starts from [lo, hi] instead of (0, ∞), and only the pieces
inside it are ever followed.  Signs are taken from float64 when a rigorous bound
on the rounding error shows them (8u relative to the terms, every operand in a range where
nothing over- or underflows), and from Python integers otherwise, so exact ties (w·x = 0 at a
breakpoint) and anything close are decided exactly.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import ModuleType

import numpy as np

from .backends import compiled_loaded, phase_kernels
from .progress import Progress
from .rules import Rule, sign_tables

_UNIT_ROUNDOFF = 2.0**-53
#: Floats are trusted only inside [2⁻⁵⁰⁰, 2⁵⁰⁰] (or exactly 0): products stay normal there.
_SMALLEST, _LARGEST = 2.0**-500, 2.0**500
#: |β| below this is exact in float64 and V·x cannot overflow int64.
_EXACT_FLOAT_INT = 2**53

#: Piece-steps (pieces × steps) from which a trace or its check runs its float64 steps
#: compiled (:mod:`numeric.phase_kernels`) when numba is installed; below, loading numba
#: (about 0.6 s of CPU) costs more than the compiled steps save (a piece-step of the trace or
#: the check costs about 45 ns in NumPy's steps and 18 ns compiled, at n = 200).  The trace
#: estimates its work as pieces × steps left: on the benchmark's data it stays below for
#: n = 150 samples, 10 epochs (4.9 million at most), and passes it at step 432 of 2200 for
#: n = 200.
COMPILED_WORK = 5_000_000
#: The same once numba is loaded (by a compiled run before): then the steps load in ~0.05 s.
LOADED_WORK = 100_000


def compiled_steps(work: int) -> ModuleType | None:
    """The compiled steps for ``work`` piece-steps on the float64 path, or None: too little
    work (:data:`COMPILED_WORK`, or :data:`LOADED_WORK` when numba is loaded) or no numba."""
    enough = work >= (LOADED_WORK if compiled_loaded() else COMPILED_WORK)
    return phase_kernels() if enough else None


def exact_sign(numerator: int, denominator: int, end: Fraction, slope: int) -> int:
    """sign(a + end·slope) with a = numerator/denominator (denominator > 0), in integers."""
    z = numerator * end.denominator + end.numerator * slope * denominator
    return (z > 0) - (z < 0)


def decide_listed(
    listed: np.ndarray,
    low_sign: np.ndarray,
    high_sign: np.ndarray,
    low_end: Callable[[int], Fraction | None],
    high_end: Callable[[int], Fraction | None],
    offset: tuple[int, int],
    slopes: np.ndarray,
) -> None:
    """Decide in integers the signs of offset + e·slope that a compiled pass
    (``phase_kernels.end_signs``) listed: i for the low end ``low_end(i)`` of piece i,
    −1 − i for its high end ``high_end(i)``; ``offset`` is (numerator, denominator)."""
    for i in listed.tolist():
        if i >= 0:
            signs, end = low_sign, low_end(i)
        else:
            i = -1 - i
            signs, end = high_sign, high_end(i)
        assert end is not None, "an infinite end is never listed"
        signs[i] = exact_sign(*offset, end, int(slopes[i]))


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
        # a point includes both ends: most pieces are told apart without comparing them
        return self.low_included and self.high_included and self.low == self.high


@dataclass(frozen=True)
class EtaPath:
    """The outcome of :func:`trace_eta_path`: ``pieces`` in increasing η, what every step
    decided as a tree of shared prefixes (``decisions``, :class:`Decisions`; its
    ``predictions()`` and ``updates()`` give the rows), and the final integer direction V
    (``directions``, shape (pieces, d): w⁽ᴷ⁾ = w⁽⁰⁾ + η·V/D with D = ``feature_denominator``)."""

    pieces: list[Piece]
    decisions: Decisions
    directions: np.ndarray
    feature_denominator: int
    final: FinalPieces | None = None


@dataclass
class Decisions:
    """Every piece's decisions as a tree of shared prefixes, so memory grows with the
    differences, not with pieces × steps.  Pieces are numbered in creation order (piece 0
    covers the whole range at step 1); piece i > 0 split from ``parent[i]`` at step
    ``birth[i]`` (0-based) and decides as its parent at every step except where it
    *changes*: ``change_piece``, ``change_step``, ``change_sign`` (its sign of w·x there)
    and ``change_parent_sign`` (the parent's), in the order traced (steps increasing);
    piece 0's signs are ``root_signs``.  By piece: ``diff_steps[diff_start[i]:diff_start[i +
    1]]`` (increasing) with ``diff_signs`` and ``diff_parent_signs``, sorted when first
    asked for.  ``order[j]`` is the piece of the j-th phase in increasing η and
    ``low_step[i]`` the step where piece i first decides unlike its left neighbour.

    The signs are the tracer's; what :func:`numeric.phase_diagram` checks on every rate of
    a phase, its ends included, is the decisions they make (ŷ and whether the step updates,
    read through the rule's tables).  Where a tie and a positive w·x decide alike (ŷ is the
    positive label at w·x ≥ 0), a sign of 0 and of +1 are not told apart by that check, and
    an included end that is a root of w·x shows the sign of the rates beside it."""

    steps: int
    n: int
    root_signs: np.ndarray
    parent: np.ndarray
    birth: np.ndarray
    low_step: np.ndarray
    change_piece: np.ndarray
    change_step: np.ndarray
    change_sign: np.ndarray
    change_parent_sign: np.ndarray
    order: np.ndarray
    predict_table: np.ndarray  # (n, 3): ŷ for σ = −1, 0, 1
    update_table: np.ndarray  # (n, 3): whether the step updates

    @functools.cached_property
    def _by_piece(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        by_piece = np.argsort(self.change_piece, kind="stable")  # steps stay increasing
        start = np.searchsorted(self.change_piece[by_piece], np.arange(len(self.parent) + 1))
        return (
            start.astype(np.int64),
            self.change_step[by_piece],
            self.change_sign[by_piece],
            self.change_parent_sign[by_piece],
        )

    @property
    def diff_start(self) -> np.ndarray:
        """Where each piece's changes start in ``diff_steps`` (pieces + 1 offsets)."""
        return self._by_piece[0]

    @property
    def diff_steps(self) -> np.ndarray:
        """The steps where each piece decides unlike its parent, piece by piece."""
        return self._by_piece[1]

    @property
    def diff_signs(self) -> np.ndarray:
        """The piece's sign of w·x at each of ``diff_steps``."""
        return self._by_piece[2]

    @property
    def diff_parent_signs(self) -> np.ndarray:
        """The parent's sign of w·x at each of ``diff_steps``."""
        return self._by_piece[3]

    def __len__(self) -> int:
        return len(self.order)

    def _sample_tables(self) -> tuple[np.ndarray, np.ndarray]:
        samples = np.arange(self.steps) % self.n
        return self.predict_table[samples], self.update_table[samples]

    def _chain(self, piece: int) -> list[int]:
        """``piece`` and its ancestors, up to the root (piece 0)."""
        chain = [piece]
        while chain[-1] != 0:
            chain.append(int(self.parent[chain[-1]]))
        return chain

    def _signs_along(
        self, chain: list[int], changes: Callable[[int], tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray:
        """The root's row with the changes (steps, signs) of each piece of the chain but the
        root applied, oldest first."""
        row = self.root_signs.copy()
        for i in reversed(chain[:-1]):
            steps, signs = changes(i)
            row[steps] = signs
        return row

    def piece_signs(self, piece: int) -> np.ndarray:
        """sign(w·x) at every step of the piece ``piece`` (creation order), rebuilt from the
        root's row and the diffs of its ancestors, oldest first."""
        changes = _changes_of(self.diff_start, self.diff_steps, self.diff_signs)
        return self._signs_along(self._chain(piece), changes)

    def signs(self, index: int) -> np.ndarray:
        """sign(w·x) at every step of the phase ``index`` (increasing η), inside the phase (an
        included end that is a root shows its neighbours' sign: see the class)."""
        return self.piece_signs(int(self.order[index]))

    def row(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """(ŷ int8, updates bool) at every step of the phase ``index`` (increasing η)."""
        return self._decisions(self.signs(index))

    def rows(self, indices: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`row` of a few phases: before the changes are sorted by piece (for the
        first :meth:`row`, a sort of all of them), those of their ancestors are picked out
        in one pass instead."""
        if "_by_piece" in self.__dict__:
            return [self.row(index) for index in indices]
        chains = [self._chain(int(self.order[index])) for index in indices]
        member = np.zeros(len(self.parent), dtype=bool)
        for chain in chains:
            member[chain] = True
        picked = np.flatnonzero(member[self.change_piece])  # in the order traced
        by_piece = np.argsort(self.change_piece[picked], kind="stable")  # steps stay in order
        picked = picked[by_piece]
        start = np.searchsorted(self.change_piece[picked], np.arange(len(self.parent) + 1))
        changes = _changes_of(start, self.change_step[picked], self.change_sign[picked])
        return [self._decisions(self._signs_along(chain, changes)) for chain in chains]

    def _decisions(self, signs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ŷ int8, updates bool) at every step, from the signs of w·x there."""
        predict, update = self._sample_tables()
        steps = np.arange(self.steps)
        return predict[steps, signs + 1], update[steps, signs + 1]

    def all_signs(self) -> np.ndarray:
        """sign(w·x) of every phase (rows, increasing η) at every step, inside each phase (as
        :meth:`signs`): pieces × steps."""
        count = len(self.order)
        by_piece = np.empty((count, self.steps), dtype=np.int8)
        by_piece[0] = self.root_signs
        for i in range(1, count):
            by_piece[i] = by_piece[self.parent[i]]
            lo, hi = self.diff_start[i], self.diff_start[i + 1]
            by_piece[i, self.diff_steps[lo:hi]] = self.diff_signs[lo:hi]
        return by_piece[self.order]

    def matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(predictions int8, updates bool), phases (increasing η) × steps."""
        predict, update = self._sample_tables()
        signs = self.all_signs()
        return _lookup(predict, signs), _lookup(update, signs)

    def column_signs(self, step: int) -> np.ndarray:
        """sign(w·x) of every phase (increasing η) at the 0-based ``step``, inside each phase
        (as :meth:`signs`)."""
        count = len(self.order)
        own = np.full(count, 2, dtype=np.int8)  # 2: decides as its parent
        at = np.flatnonzero(self.diff_steps == step)
        owner = np.searchsorted(self.diff_start, at, side="right") - 1
        own[owner] = self.diff_signs[at]
        own[0] = self.root_signs[step]
        column = own.tolist()
        parent = self.parent.tolist()
        for i in range(1, count):
            if column[i] == 2:
                column[i] = column[parent[i]]
        return np.array(column, dtype=np.int8)[self.order]

    def updates_per_epoch(self, epochs: int) -> np.ndarray:
        """How many steps of each epoch update, per phase (increasing η): (phases, epochs)."""
        count = len(self.order)
        _, update = self._sample_tables()
        root = update[np.arange(self.steps), self.root_signs + 1]
        steps = self.change_step
        change = update[steps, self.change_sign + 1].astype(np.int64) - update[
            steps, self.change_parent_sign + 1
        ].astype(np.int64)
        slot = self.change_piece.astype(np.int64) * epochs + steps // self.n
        own = np.bincount(slot, weights=change, minlength=count * epochs)
        own = own.astype(np.int64).reshape(count, epochs)
        own[0] = root.reshape(epochs, self.n).sum(axis=1)
        return _down_the_tree(self.parent, own)[self.order]

    def differs_at(self, index: int) -> int:
        """The first 0-based step where phase ``index`` > 0 decides unlike phase index − 1."""
        return int(self.low_step[self.order[index]])


def _changes_of(
    start: np.ndarray, steps: np.ndarray, signs: np.ndarray
) -> Callable[[int], tuple[np.ndarray, np.ndarray]]:
    """Piece i's changes: ``steps`` and ``signs`` from ``start[i]`` to ``start[i + 1]``."""
    return lambda i: (steps[start[i] : start[i + 1]], signs[start[i] : start[i + 1]])


def _down_the_tree(parent: np.ndarray, own: np.ndarray) -> np.ndarray:
    """total[i] = own[i] + total[parent[i]] (piece 0 is the root), level by level."""
    depth = [0] * len(parent)
    up = parent.tolist()
    for i in range(1, len(parent)):
        depth[i] = depth[up[i]] + 1
    levels = np.array(depth, dtype=np.intp)
    total = own.copy()
    by_level = np.argsort(levels, kind="stable")
    bounds = np.searchsorted(levels[by_level], np.arange(1, levels.max(initial=0) + 2))
    for lo, hi in itertools.pairwise(bounds.tolist()):
        idx = by_level[lo:hi]
        total[idx] += total[parent[idx]]
    return total


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
    floats may be used (in range), as parallel arrays with room to grow; None is +∞."""

    def __init__(self, value: Fraction | None, included: bool) -> None:
        self.exact: list[Fraction | None] = [value]
        self.floats = np.array([_float(value)[0]])
        self.usable = np.array([_float(value)[1]])
        self.infinite = np.array([value is None])
        self.included = np.array([included])

    def copy(self, count: int) -> _Ends:
        other = _Ends.__new__(_Ends)
        other.exact = list(self.exact[:count])
        other.floats, other.usable = self.floats[:count].copy(), self.usable[:count].copy()
        other.infinite = self.infinite[:count].copy()
        other.included = self.included[:count].copy()
        return other

    def set_many(
        self, where: np.ndarray, included: np.ndarray, converted: list[tuple[float, bool]]
    ) -> None:
        """The floats, flags and inclusion of the ends ``where`` (finite; their exact
        values set by the caller)."""
        self.floats[where] = [f for f, _ in converted]
        self.usable[where] = [ok for _, ok in converted]
        self.infinite[where] = False
        self.included[where] = included

    def extend(
        self,
        values: list[Fraction | None],
        included: list[bool],
        converted: list[tuple[float, bool]],
    ) -> None:
        count, more = len(self.exact), len(values)
        if count + more > len(self.floats):
            room = max(2 * len(self.floats), count + more)
            self.floats = _grown(self.floats, room)
            self.usable = _grown(self.usable, room)
            self.infinite = _grown(self.infinite, room)
            self.included = _grown(self.included, room)
        self.exact += values
        self.floats[count : count + more] = [f for f, _ in converted]
        self.usable[count : count + more] = [ok for _, ok in converted]
        self.infinite[count : count + more] = [v is None for v in values]
        self.included[count : count + more] = included


def _grown(array: np.ndarray, room: int) -> np.ndarray:
    """``array`` with its first axis enlarged to ``room`` (the new rows uninitialised)."""
    bigger = np.empty((room, *array.shape[1:]), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


class _Added:
    """The pieces one step creates, in order: each with its parent piece, the sign of w·x it
    saw at this step, its ends and the step where it first differs from its left
    neighbour."""

    def __init__(self) -> None:
        self.parents: list[int] = []
        self.signs: list[int] = []
        self.lows: list[Fraction | None] = []
        self.low_included: list[bool] = []
        self.highs: list[Fraction | None] = []
        self.high_included: list[bool] = []
        self.points: list[bool] = []
        self.low_steps: list[int] = []
        self.low_floats: list[tuple[float, bool]] = []
        self.high_floats: list[tuple[float, bool]] = []

    def add(
        self,
        parent: int,
        sign: int,
        low: tuple[Fraction | None, bool, tuple[float, bool]],
        high: tuple[Fraction | None, bool, tuple[float, bool]],
        low_step: int,
        point: bool,
    ) -> None:
        """A new piece from ``parent``; each end is (value, included, (float, usable)), and
        ``point`` says whether they are one rate."""
        self.parents.append(parent)
        self.signs.append(sign)
        self.lows.append(low[0])
        self.low_included.append(low[1])
        self.low_floats.append(low[2])
        self.highs.append(high[0])
        self.high_included.append(high[1])
        self.high_floats.append(high[2])
        self.points.append(point)
        self.low_steps.append(low_step)

    def add_many(
        self,
        parents: list[int],
        signs: list[int],
        lows: tuple[Sequence[Fraction | None], Sequence[bool], Sequence[tuple[float, bool]]],
        highs: tuple[Sequence[Fraction | None], Sequence[bool], Sequence[tuple[float, bool]]],
        low_step: int,
    ) -> None:
        """:meth:`add` for several pieces, none a point, all from this step: each end as
        parallel lists (values, included, (float, usable))."""
        self.parents += parents
        self.signs += signs
        self.lows += lows[0]
        self.low_included += lows[1]
        self.low_floats += lows[2]
        self.highs += highs[0]
        self.high_included += highs[1]
        self.high_floats += highs[2]
        self.points += [False] * len(parents)
        self.low_steps += [low_step] * len(parents)


def _float(value: Fraction | None) -> tuple[float, bool]:
    """The float of an end and whether it is usable for a certified sign."""
    if value is None:
        return math.inf, False
    return _ratio_float(value.numerator, value.denominator)


def _ratio_float(numerator: int, denominator: int) -> tuple[float, bool]:
    """The float of numerator/denominator (correctly rounded: Python's int division) and
    whether it is usable for a certified sign."""
    if numerator == 0:
        return 0.0, True
    try:
        rounded = numerator / denominator
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
        self.predict, self.coefficient = sign_tables(rule, np.array(self.labels))
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
    eta_range: tuple[Fraction, Fraction] | None = None,
) -> EtaPath:
    """The phases of η ↦ (every ŷ and every update decision) for X (n, d) and w0 (d,) of
    ``Fraction``, int8 labels y and ``steps`` steps of ``rule``, in increasing η; with
    ``final`` also the phases refined by the final classifier's predictions (:class:`FinalPieces`;
    ``max_pieces`` bounds the phases only).  With ``eta_range`` = (lo, hi) only the rates of
    [lo, hi] are followed: the phases come out cut to it, their ends included there.  A bar
    on stderr counts the steps (a terminal only, after a second)."""
    total = steps + (len(X) if final else 0)
    with (
        Progress(total, desc="phases of η", unit="step") as bar,
        np.errstate(invalid="ignore", over="ignore"),
    ):  # a float end of ∞ gives nan or ∞ in a certified sign: never trusted
        return _trace_eta_path(X, y, w0, steps, rule, max_pieces, final, bar, eta_range)


def _trace_eta_path(
    X: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    steps: int,
    rule: Rule,
    max_pieces: int | None,
    final: bool,
    bar: Progress,
    eta_range: tuple[Fraction, Fraction] | None = None,
) -> EtaPath:
    problem = _Problem(X, y, w0, rule)
    n, d = problem.n, problem.d
    fast = problem.float_rows(steps)
    # in float64 V and V·x are exact integers below 2⁵³ (``float_rows``), and BLAS is fast;
    # V is kept transposed, (d, pieces), so that x·V and each update run along rows
    rows = problem.rows.astype(np.float64) if fast else problem.rows
    V = np.zeros((d, 1), dtype=np.float64 if fast else object)
    if not fast:
        V[...] = 0
    if eta_range is None:
        low, high = _Ends(Fraction(0), False), _Ends(None, False)
    else:
        low, high = _Ends(eta_range[0], True), _Ends(eta_range[1], True)
    point = np.array([eta_range is not None and eta_range[0] == eta_range[1]])
    tree = _TreeRecorder(steps)
    history: list[tuple[np.ndarray, int, np.ndarray]] = []  # the evaluation pass only
    phases: tuple[_Ends, _Ends, np.ndarray, np.ndarray] | None = None
    count = 1
    total = steps + (n if final else 0)
    compiled: ModuleType | None = None  # the compiled steps, once the work left is enough
    for k in range(total):
        bar.advance(1)
        evaluating = k >= steps  # the evaluation pass of the final weights: V stays
        if k == steps:
            phases = (
                low.copy(count),
                high.copy(count),
                point[:count].copy(),
                V[:, :count].T.copy(),
            )
        s = k - steps if evaluating else k % n
        x = rows[s]
        live_point = point[:count]
        code = problem.final_code[s] if evaluating else problem.code[s]
        if compiled is None and fast and count * (total - k) >= COMPILED_WORK:
            compiled = compiled_steps(count * (total - k))
            if compiled is not None:
                steps_in = _CompiledPieceStep(compiled, problem, V.shape[1])
        if compiled is not None and problem.offset_usable[s]:
            beta, inside, at_low, at_high, added = steps_in.signs_and_splits(
                s, x, code, V, count, low, high, point, None if evaluating else tree, k
            )
        else:
            beta = x @ V[:, :count]
            beta_floats = beta if fast else None
            at_low = _signs(problem, s, low, beta, beta_floats, np.ones(count, dtype=bool))
            at_high = np.where(beta > 0, 1, np.where(beta < 0, -1, problem.offset_signs[s]))
            at_high = at_high.astype(np.int8)
            finite = ~high.infinite[:count] & ~live_point
            if finite.any():
                at_high[finite] = _signs(problem, s, high, beta, beta_floats, finite)[finite]
            at_high[live_point] = at_low[live_point]
            inside = np.where(at_low != 0, at_low, at_high)
            added = _split(
                problem, s, code, beta, at_low, at_high, inside, low, high, live_point,
                None if evaluating else tree, k,
            )  # fmt: skip
        signs, parent_index = inside, np.array(added.parents, dtype=np.intp)
        if added.parents:
            more = len(added.parents)
            signs = np.concatenate([inside, np.array(added.signs, dtype=np.int8)])
            if count + more > len(point):
                room = max(2 * len(point), count + more)
                V, point = _grown(V.T, room).T.copy(), _grown(point, room)
            V[:, count : count + more] = V[:, parent_index]
            low.extend(added.lows, added.low_included, added.low_floats)
            high.extend(added.highs, added.high_included, added.high_floats)
            point[count : count + more] = added.points
            if not evaluating:
                tree.add(parent_index, k, added.low_steps)
        before, count = count, len(signs)
        if evaluating:
            history.append((signs.astype(np.int8), before, parent_index))
            continue
        if compiled is not None:
            steps_in.move_and_record(s, x, code, V, count, signs, tree, k)
        else:
            coefficients = problem.coefficient[s][signs + 1]
            if fast:  # adding 0 to the pieces without a mistake costs less than picking them
                V[:, :count] += np.multiply.outer(x, coefficients.astype(np.float64))
            else:
                moving = np.flatnonzero(coefficients)  # the pieces that make a mistake here
                if moving.size:
                    V[:, moving] += np.multiply.outer(x, coefficients[moving])
            tree.record(k, signs, code[signs + 1])
        if max_pieces is not None and count > max_pieces:
            raise TooManyPieces(count, k + 1)
    if phases is None:
        phases = (low, high, point[:count], V[:, :count].T)
    phase_low, phase_high, phase_point, phase_V = phases
    found = _finish(problem, steps, phase_low, phase_high, phase_point, phase_V, tree)
    if not final:
        return found
    rank = np.empty(len(phase_point), dtype=np.intp)
    rank[found.decisions.order] = np.arange(len(phase_point))
    refined = _finish_final(problem, low, high, point[:count], history, rank)
    return EtaPath(
        found.pieces, found.decisions, found.directions, found.feature_denominator, refined
    )


class _TreeRecorder:
    """Collects the tree of :class:`Decisions` while the path is traced: each new piece's
    parent, birth step and left-neighbour step, the root's signs, and at every step the
    pieces that decide unlike their parent (with both signs)."""

    def __init__(self, steps: int) -> None:
        self.parent: list[int] = [0]
        self.birth: list[int] = [0]
        self.low_step: list[int] = [0]
        self.root_signs = np.zeros(steps, dtype=np.int8)
        self.pieces: list[np.ndarray] = []
        self.steps: list[np.ndarray] = []
        self.signs: list[np.ndarray] = []
        self.parent_signs: list[np.ndarray] = []
        self._parent = np.zeros(1, dtype=np.intp)

    def add(self, parents: np.ndarray, step: int, low_steps: list[int]) -> None:
        self.parent += parents.tolist()
        self.birth += [step] * len(parents)
        self.low_step += low_steps
        self._parent = np.concatenate([self._parent, parents])

    def parents(self) -> np.ndarray:
        """Every piece's parent so far (the root's own: 0)."""
        return self._parent

    def set_low_step(self, piece: int, step: int) -> None:
        self.low_step[piece] = step

    def record(self, step: int, signs: np.ndarray, codes: np.ndarray) -> None:
        """Step ``step``'s signs of every piece, with the codes of their decisions."""
        differs = np.flatnonzero(codes[1:] != codes[self._parent[1:]]) + 1
        self.record_differences(step, signs, differs)

    def record_differences(self, step: int, signs: np.ndarray, differs: np.ndarray) -> None:
        """Step ``step``'s signs of every piece, and the pieces deciding unlike their parent."""
        self.root_signs[step] = signs[0]
        if differs.size:
            self.pieces.append(differs.astype(np.int32))
            self.steps.append(np.full(differs.size, step, dtype=np.int32))
            self.signs.append(signs[differs])
            self.parent_signs.append(signs[self._parent[differs]])

    def decisions(self, problem: _Problem, steps: int, order: np.ndarray) -> Decisions:
        def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

        return Decisions(
            steps=steps,
            n=problem.n,
            root_signs=self.root_signs,
            parent=np.array(self.parent, dtype=np.intp),
            birth=np.array(self.birth, dtype=np.int64),
            low_step=np.array(self.low_step, dtype=np.int64),
            change_piece=joined(self.pieces, np.int32),
            change_step=joined(self.steps, np.int32),
            change_sign=joined(self.signs, np.int8),
            change_parent_sign=joined(self.parent_signs, np.int8),
            order=order,
            predict_table=problem.predict,
            update_table=problem.update,
        )


class _CompiledPieceStep:
    """A step of :func:`_trace_eta_path` on the float64 path in three compiled passes
    (:mod:`numeric.phase_kernels`): the signs at the pieces' ends (those float64 cannot show
    decided here in integers, as :func:`_signs` does), the splits (cut here, as :func:`_split`
    does), then the moves and the record of decisions."""

    def __init__(self, kernels: ModuleType, problem: _Problem, room: int) -> None:
        self.kernels, self.problem = kernels, problem
        self._room(room)

    def _room(self, room: int) -> None:
        self.beta = np.empty(room)
        self.at_low = np.empty(room, dtype=np.int8)
        self.at_high = np.empty(room, dtype=np.int8)
        self.inside = np.empty(room, dtype=np.int8)
        self.listed = np.empty(2 * room, dtype=np.int64)
        self.more = np.empty((2, room), dtype=np.int64)

    def signs_and_splits(
        self,
        s: int,
        x: np.ndarray,
        code: np.ndarray,
        V: np.ndarray,
        count: int,
        low: _Ends,
        high: _Ends,
        point: np.ndarray,
        tree: _TreeRecorder | None,
        step: int,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, _Added]:
        """β, the sign inside, at the low and at the high end of the first ``count`` pieces,
        and the pieces sample s splits off them."""
        problem, kernels = self.problem, self.kernels
        if len(self.beta) < V.shape[1]:
            self._room(V.shape[1])
        beta, at_low, at_high = self.beta[:count], self.at_low[:count], self.at_high[:count]
        listed = kernels.end_signs(
            x, V, count, low.floats, low.usable, high.floats, high.usable,
            high.infinite[:count] | point[:count], problem.offset_floats[s],
            int(problem.offset_signs[s]), beta, at_low, at_high, self.listed,
        )  # fmt: skip
        offset = (problem.offsets[s], problem.weight_denominator)
        ends = low.exact.__getitem__, high.exact.__getitem__
        decide_listed(self.listed[:listed], at_low, at_high, *ends, offset, beta)
        inside, split, lows, highs = self.inside[:count], self.listed, self.more[0], self.more[1]
        splits, low_count, high_count = kernels.piece_splits(
            count, at_low, at_high, point, low.included, high.included, code, inside,
            split, lows, highs,
        )  # fmt: skip
        added = _split_at(
            problem, s, code, beta, at_low, at_high, low, high, tree, step,
            split[:splits], lows[:low_count], highs[:high_count],
        )  # fmt: skip
        return beta, inside, at_low, at_high, added

    def move_and_record(
        self,
        s: int,
        x: np.ndarray,
        code: np.ndarray,
        V: np.ndarray,
        count: int,
        signs: np.ndarray,
        tree: _TreeRecorder,
        step: int,
    ) -> None:
        """V += c·x for every piece, and the step's decisions in the tree."""
        problem = self.problem
        if len(self.listed) < count:
            self._room(count)
        differs = self.listed
        listed = self.kernels.piece_moves(
            count, x, V, signs, problem.coefficient[s], code,
            tree.parents(), differs,
        )  # fmt: skip
        tree.record_differences(step, signs, differs[:listed].copy())


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
    tree: _TreeRecorder | None,
    step: int,
) -> _Added:
    """The pieces that sample s splits: at the root of w·x where its sign changes inside a
    piece, and the ends where w·x = 0 leaves the decision of the inside (``high`` and ``low``
    are cut back in place); the new pieces in :class:`_Added`."""
    tie = code[1]
    split = (at_low * at_high < 0) & ~point
    # w·x = 0 at an end is rare: the other conditions are read at those pieces only
    ties = np.flatnonzero(at_low == 0)
    leaves = low.included[ties] & (code[inside[ties] + 1] != tie)
    low_leaves = ties[leaves]
    ties = np.flatnonzero(at_high == 0)
    leaves = high.included[ties] & (at_low[ties] != 0) & (code[inside[ties] + 1] != tie)
    high_leaves = ties[leaves]
    where = np.flatnonzero(split)
    return _split_at(
        problem, s, code, beta, at_low, at_high, low, high, tree, step,
        where, low_leaves, high_leaves,
    )  # fmt: skip


def _split_at(
    problem: _Problem,
    s: int,
    code: np.ndarray,
    beta: np.ndarray,
    at_low: np.ndarray,
    at_high: np.ndarray,
    low: _Ends,
    high: _Ends,
    tree: _TreeRecorder | None,
    step: int,
    where: np.ndarray,
    low_leaves: np.ndarray,
    high_leaves: np.ndarray,
) -> _Added:
    """The splits :func:`_split` found: at a root inside the pieces ``where``, and the ends of
    ``low_leaves`` and ``high_leaves`` that leave as points."""
    tie = code[1]
    added = _Added()
    offset, scale = -problem.offsets[s], problem.weight_denominator
    if where.size:
        # the root lies strictly inside the piece (the signs at its ends are opposite)
        rights = at_high[where]
        joins_left = code[at_low[where] + 1] == tie
        joins_right = ~joins_left & (code[rights + 1] == tie)
        betas = beta[where]
        if betas.dtype == np.float64:  # exact integers below 2⁵³
            betas = betas.astype(np.int64)
        slopes = [scale * int(b) for b in betas.tolist()]
        roots = [Fraction(offset, slope) for slope in slopes]
        converted = [_ratio_float(offset, slope) for slope in slopes]
        lefts_join, rights_join = joins_left.tolist(), joins_right.tolist()
        pieces, right_signs = where.tolist(), rights.tolist()
        old_floats = zip(high.floats[where].tolist(), high.usable[where].tolist(), strict=True)
        old = ([high.exact[i] for i in pieces], high.included[where].tolist(), list(old_floats))
        if (joins_left | joins_right).all():  # each root joins a side: no point pieces
            added.add_many(pieces, right_signs, (roots, rights_join, converted), old, step)
        else:
            for i, right, root, floats, left_in, right_in, end in zip(
                pieces, right_signs, roots, converted, lefts_join, rights_join,
                zip(*old, strict=True),
                strict=True,
            ):  # fmt: skip
                added.add(i, right, (root, right_in, floats), end, step, False)
                if not (left_in or right_in):
                    added.add(i, 0, (root, True, floats), (root, True, floats), step, True)
        for i, root in zip(pieces, roots, strict=True):
            high.exact[i] = root
        high.set_many(where, joins_left, converted)
    for i in low_leaves.tolist():
        end = (low.exact[i], True, (low.floats[i], low.usable[i]))
        added.add(i, 0, end, end, 0 if tree is None else tree.low_step[i], True)
        if tree is not None:  # the point keeps the left neighbour, i now differs from it
            tree.set_low_step(i, step)
        low.included[i] = False
    for i in high_leaves.tolist():
        end = (high.exact[i], True, (high.floats[i], high.usable[i]))
        added.add(i, 0, end, end, step, True)
        high.included[i] = False
    return added


def certified_signs(
    ends: np.ndarray, usable: np.ndarray, slopes: np.ndarray, offset: float
) -> np.ndarray:
    """sign(offset + e·β) for every end e and slope β (floats, β an exact integer) where
    float64 shows it, 0 where it does not (there the caller decides exactly; a sure sign is
    never 0).  The computed z = fl(fl(e·β) + offset) is within 2u·(|offset| + |e·β|) of the
    exact value when e is the correctly rounded end (one more u) and nothing over- or
    underflows (``usable``); the bound 8u relative to the terms leaves room for all of it.
    ∞·0 and ∞ − ∞ give nan, which is never sure (the caller ignores invalid and over)."""
    term = ends * slopes
    z = term + offset
    np.abs(term, out=term)
    term *= 8 * _UNIT_ROUNDOFF
    term += 8 * _UNIT_ROUNDOFF * abs(offset)  # the bound
    positive = z > term
    np.negative(term, out=term)
    negative = z < term
    positive &= usable
    negative &= usable
    return positive.view(np.int8) - negative.view(np.int8)


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
    if beta_floats is not None and problem.offset_usable[s]:
        signs = certified_signs(
            ends.floats[:count], ends.usable[:count], beta_floats, problem.offset_floats[s]
        )
        doubtful = np.flatnonzero(where & (signs == 0))
    else:
        signs = np.zeros(count, dtype=np.int8)
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
    tree: _TreeRecorder,
) -> EtaPath:
    """Sort the pieces and keep their decisions as the tree of shared prefixes."""
    order = np.array(_order(low, point), dtype=np.intp)
    directions = V[order]
    if directions.dtype == np.float64:  # exact integers below 2⁵³
        directions = directions.astype(np.int64)
    return EtaPath(
        _pieces(low, high, order.tolist()),
        tree.decisions(problem, steps, order),
        directions,
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
    by_sample = np.empty((problem.n, len(order)), dtype=np.int8)  # ŷ, a row per sample
    errors = np.zeros(len(order), dtype=np.int64)
    assert (problem.predict == problem.predict[0]).all(), "ŷ depends on the sign alone"
    negative, tie, positive = problem.predict[0].tolist()
    for s in range(problem.n - 1, -1, -1):
        step_signs, before, parents = history[s]
        signs = step_signs[index]
        ours = np.where(signs > 0, np.int8(positive), np.int8(tie))
        np.copyto(ours, np.int8(negative), where=signs < 0)
        by_sample[s] = ours
        errors += ours != problem.labels[s]
        new = np.flatnonzero(index >= before)
        if new.size:
            index[new] = parents[index[new] - before]
    return FinalPieces(_pieces(low, high, order), rank[index], by_sample.T, errors)


def _order(low: _Ends, point: np.ndarray) -> list[int]:
    """The pieces in increasing η.  Floats order the ends monotonically (correct rounding);
    equal floats fall back on the exact values, and a point comes before the interval that
    starts at it."""
    count = len(point)
    floats = low.floats[:count]
    order = np.lexsort((point[:count] == 0, floats)).tolist()
    ordered = floats[order]
    same = np.flatnonzero(ordered[1:] == ordered[:-1])  # runs of equal floats: sort exactly
    start = 0
    while start < same.size:
        end = start
        while end + 1 < same.size and same[end + 1] == same[end] + 1:
            end += 1
        lo, hi = int(same[start]), int(same[end]) + 2
        order[lo:hi] = sorted(order[lo:hi], key=lambda i: (low.exact[i], not point[i]))
        start = end + 1
    return order


def _pieces(low: _Ends, high: _Ends, order: list[int]) -> list[Piece]:
    count = len(low.exact)
    lows, highs = low.exact, high.exact
    low_in, high_in = low.included[:count].tolist(), high.included[:count].tolist()
    return [
        Piece(lows[i], highs[i], low_in[i], high_in[i])  # type: ignore[arg-type]  # low: finite
        for i in order
    ]


def _lookup(table: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """``table[k, σ + 1]`` for every row of ``signs`` (pieces × steps), σ ∈ {−1, 0, 1}."""
    out = np.where(signs > 0, table[:, 2], table[:, 1])
    np.copyto(out, table[:, 0], where=signs < 0)
    return out

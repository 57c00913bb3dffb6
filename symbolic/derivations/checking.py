"""Deciding one step of a derivation: shown, refuted (with a counterexample) or not shown.

A step ``before = after`` justified by a rule is checked in three moves:

1. both sides are put in a canonical form in which φ is an *opaque* sign function (so φ only
   drops a positive factor when the rule says so) and dot products keep their sums;
2. the rule rewrites both sides (substitutes a definition, sets w⁽⁰⁾ = 0, splits dot
   products, drops positive factors inside φ, …);
3. the difference must reduce to 0 with :func:`symbolic.is_shown_zero`, or, when the step
   states conditions ``c ≠ 0``, cancel to 0 with every denominator a non-zero multiple of a
   stated condition (or known non-zero).

When it does not, exact rational values are tried for the symbols (positive for every scalar,
which any real symbol admits; arbitrary rational vectors for vector symbols).  A value that
makes the difference non-zero refutes the step; otherwise the step is *not shown*.  Either way
nothing is passed that SymPy did not reduce to 0.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sympy import (
    Expr,
    Function,
    ImmutableMatrix,
    MatrixBase,
    Pow,
    Rational,
    S,
    Symbol,
    cancel,
    default_sort_key,
    expand,
)

from symbolic.algebra.coordinates import NoCoordinates, in_coordinates
from symbolic.algebra.identity import is_shown_zero
from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol, symmetric_dot


class Sign(Function):
    """φ while checking: evaluates on numbers (φ(0) = 1) and is otherwise opaque, so that
    dropping a positive factor from its argument is a step that must be cited."""

    nargs = 1
    is_real = True

    @classmethod
    def eval(cls, z: Expr) -> Expr | None:
        if z.is_number:
            return phi(z)
        return None


def opaque(expr: Expr) -> Expr:
    """``expr`` with every φ(...) replaced by the opaque :class:`Sign`."""
    return expr.replace(lambda e: isinstance(e, phi), lambda e: Sign(e.args[0]))


def canonical(expr: Expr) -> Expr:
    """A canonical form for plain algebra: 0 for the zero vector, products expanded (also inside
    φ and dot products), the sides of each dot product in a fixed order."""
    expr = expand(expr.xreplace({ZERO_VECTOR: S.Zero}))
    return expand(symmetric_dot(expr))


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one step: ``shown`` only when the difference reduced to 0."""

    shown: bool
    remainder: Expr
    counterexample: dict[Symbol, object] | None = None


def check_equal(
    before: Expr,
    after: Expr,
    rewrite: Callable[[Expr], Expr],
    nonzero: tuple[Expr, ...] = (),
) -> Verdict:
    """Check ``before = after`` after applying ``rewrite`` (a rule) to both sides; the step
    may divide by the expressions in ``nonzero`` (conditions it states)."""

    def prepared(expr: Expr) -> Expr:
        return canonical(rewrite(canonical(opaque(expr))))

    remainder = canonical(prepared(before) - prepared(after))
    if is_shown_zero(remainder) or _shown_zero_given(remainder, nonzero, prepared):
        return Verdict(True, S.Zero)
    return Verdict(False, remainder, find_counterexample(remainder))


def _shown_zero_given(
    remainder: Expr, nonzero: tuple[Expr, ...], prepared: Callable[[Expr], Expr]
) -> bool:
    """True when ``remainder`` cancels to 0 and each of its denominators is known non-zero or a
    non-zero constant times a stated condition (so the cancellation divides by nothing else)."""
    if not nonzero or isinstance(remainder, MatrixBase):
        return False
    conditions = [prepared(c) for c in nonzero]

    def covered(base: Expr) -> bool:
        if base.is_zero is False:
            return True
        for condition in conditions:
            ratio = cancel(base / condition)
            if ratio.is_number and ratio.is_zero is False:
                return True
        return False

    bases = [p.base for p in remainder.atoms(Pow) if p.exp.is_negative is not False]
    if not all(covered(base) for base in bases):
        return False
    try:
        return cancel(remainder) == 0
    except (TypeError, ValueError, NotImplementedError):
        return False


def find_counterexample(expr: Expr, tries: int = 8) -> dict[Symbol, object] | None:
    """Exact values of the free symbols at which ``expr`` is defined and non-zero, or None.

    Scalars get positive rationals (negative ones when declared negative), vectors rational
    vectors with one component more than there are vector symbols.  Deterministic.
    """
    symbols = sorted(expr.free_symbols, key=default_sort_key)
    vectors = [s for s in symbols if isinstance(s, VectorSymbol)]
    dimension = len(vectors) + 1
    for attempt in range(tries):
        rng = random.Random(2718 + attempt)
        point = {s: _sample(s, rng, dimension) for s in symbols}
        try:
            value = in_coordinates(expr, point)
        except NoCoordinates:
            continue
        entries = list(value) if isinstance(value, MatrixBase) else [value]
        if not all(e.is_number and e.is_finite for e in entries):
            continue
        if any(e.is_zero is False for e in entries):
            return point
    return None


def _sample(symbol: Symbol, rng: random.Random, dimension: int) -> object:
    if isinstance(symbol, VectorSymbol):
        return ImmutableMatrix(
            [Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(dimension)]
        )
    magnitude = rng.randint(1, 9) if symbol.is_integer else Rational(rng.randint(1, 9), 4)
    return -magnitude if (symbol.is_negative or symbol.is_nonpositive) else magnitude

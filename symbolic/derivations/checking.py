"""Deciding one step of a derivation: shown, refuted (with a counterexample) or not shown.

A step ``before = after`` justified by a rule is checked in three moves:

1. both sides are put in a canonical form in which φ is an *opaque* sign function (so φ only
   drops a positive factor when the rule says so) and dot products keep their sums;
2. the rule rewrites both sides (substitutes a definition, sets w⁽⁰⁾ = 0, splits dot
   products, drops positive factors inside φ, …);
3. the difference must reduce to 0 with :func:`symbolic.is_shown_zero`, dividing only by
   what is known non-zero or is a factor of a condition ``c ≠ 0`` the step states.

Before any of this, the denominators of the two sides *as written* are collected (before
expanding, which would cancel (y² − 1)/((y − 1)(y + 1)) to 1).  Each factor must be known
non-zero, be a factor of a stated condition, become known non-zero under the rule (b = η for
a positive η), or divide the other side too (then both sides are undefined at the same points,
and the step claims equality only where they are defined: c·x/|x| = c·(x/|x|); the difference
must then vanish without dividing by that factor, see :func:`symbolic.is_shown_zero`).
Otherwise the step is not shown, and the verdict names the factor that may be 0
(``divides_by``).

When it does not, exact rational values are tried for the symbols, drawn to fit what each
symbol declares (odd and even integers, primes, negative numbers, non-integer rationals …;
arbitrary rational vectors for vector symbols).  A value is used only when SymPy confirms
every declared assumption of its symbol, so a symbol that no rational can be (irrational,
imaginary) is never given one.  A point that makes the difference non-zero refutes the step;
otherwise the step is *not shown*.  Either way nothing is passed that SymPy did not reduce to
0, and an error SymPy raises while checking makes the step *not shown*, never a crash.

Floats are exact numbers here: every ``Float`` is replaced by its exact binary value (the
``Rational`` it stores) before anything is compared, also inside φ and dot products, as the
numeric twin takes floats at their exact binary value.  So 1/3 = 0.333… is refuted (the
binary value is not 1/3), and so is 0.1 + 0.2 = 0.3 (their binary values differ).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sympy import (
    Expr,
    Float,
    Function,
    ImmutableMatrix,
    Integer,
    MatrixBase,
    Rational,
    S,
    Symbol,
    default_sort_key,
    expand,
)

from symbolic.algebra.coordinates import in_coordinates
from symbolic.algebra.identity import (
    denominators,
    is_constant_multiple,
    is_shown_zero,
    possibly_zero_factor,
    possibly_zero_factors,
)
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


@functools.lru_cache(maxsize=16384)
def opaque(expr: Expr) -> Expr:
    """``expr`` with every φ(...) replaced by the opaque :class:`Sign` (memoised: a chain
    meets each line twice, as the end of one step and the start of the next)."""
    return expr.replace(lambda e: isinstance(e, phi), lambda e: Sign(e.args[0]))


def exact(expr: Expr) -> Expr:
    """``expr`` with every Float replaced by its exact binary value (a Rational), wherever it
    is: in a sum, a product, a column, inside φ or a dot product."""
    floats = expr.atoms(Float)
    if not floats:
        return expr
    return expr.xreplace({f: Rational(f) for f in floats})


@functools.lru_cache(maxsize=16384)
def canonical(expr: Expr) -> Expr:
    """A canonical form for plain algebra: floats at their exact binary value, 0 for the zero
    vector, products expanded (also inside φ and dot products), the sides of each dot product
    in a fixed order (memoised, as SymPy memoises its own constructors)."""
    expr = expand(exact(expr).xreplace({ZERO_VECTOR: S.Zero}))
    return expand(symmetric_dot(expr))


def _admit_every_line(before: Expr) -> None:
    return None


@dataclass(frozen=True)
class Application:
    """A rule as one step applies it: ``rewrite`` maps each side to its rewritten form, and
    ``admit`` raises a named error when the rule may not be applied to the line ``before`` at
    all (a definition that would fix a name the line already uses, say).  Calling it
    rewrites."""

    rewrite: Callable[[Expr], Expr]
    admit: Callable[[Expr], None] = _admit_every_line

    def __call__(self, expr: Expr) -> Expr:
        return self.rewrite(expr)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one step: ``shown`` only when the difference reduced to 0.

    ``trouble`` says what went wrong when SymPy raised while checking (the step is then not
    shown, and ``remainder`` is NaN: it could not be computed); ``divides_by`` a factor of a
    denominator as written that may be 0, which kept the step from being shown."""

    shown: bool
    remainder: Expr
    counterexample: dict[Symbol, object] | None = None
    trouble: str = ""
    divides_by: Expr | None = None


def check_equal(
    before: Expr,
    after: Expr,
    rewrite: Callable[[Expr], Expr],
    nonzero: tuple[Expr, ...] = (),
) -> Verdict:
    """Check ``before = after`` after applying ``rewrite`` (a rule) to both sides; the step
    may divide by the expressions in ``nonzero`` (conditions it states).

    When ``rewrite`` is an :class:`Application`, it is first asked to admit ``before`` (its
    error propagates).  Any error SymPy raises while checking gives a verdict "not shown"."""
    if isinstance(rewrite, Application):
        rewrite.admit(before)

    def prepared(expr: Expr) -> Expr:
        return canonical(rewrite(canonical(opaque(expr))))

    try:
        remainder = canonical(prepared(before) - prepared(after))
        conditions = tuple(prepared(c) for c in nonzero)
        written = [d for side in (before, after) for d in denominators(exact(side))]
        stated = (*(exact(c) for c in nonzero), *conditions)
        left, right = (_open_factors(side, stated, rewrite, prepared) for side in (before, after))
        divides_by = _one_sided(left, right)
        if divides_by is None and is_shown_zero(remainder, conditions):
            return Verdict(True, S.Zero)
    except Exception as error:  # whatever SymPy raises, the step is not shown
        return Verdict(False, S.NaN, None, f"{type(error).__name__}: {error}")
    # a counterexample must be a point where both sides, as written, are defined
    defined = (*conditions, *written)
    counterexample = find_counterexample(remainder, conditions=defined)
    return Verdict(False, remainder, counterexample, divides_by=divides_by)


def _open_factors(
    side: Expr,
    stated: tuple[Expr, ...],
    rewrite: Callable[[Expr], Expr],
    prepared: Callable[[Expr], Expr],
) -> list[Expr]:
    """The factors of the denominators of ``side`` that may be 0, as written and once the
    rule substitutes into it (w⁽ᵏ⁾ divides by |x| when its definition does): neither known
    non-zero nor covered by a stated condition, as written or once the rule rewrites the
    denominator (b ≠ 0 follows from a hypothesis b = η with η positive)."""
    found: list[Expr] = []
    written = exact(side)
    for form in (written, rewrite(opaque(written))):
        for denominator in denominators(form):
            factors = possibly_zero_factors(denominator, stated)
            if factors and possibly_zero_factor(prepared(denominator), stated) is not None:
                found += factors
    return found


def _one_sided(left: list[Expr], right: list[Expr]) -> Expr | None:
    """A factor that may be 0 dividing one side but not the other (None when both sides
    divide by the same such factors: then they are undefined at the same points, and equal
    elsewhere is all a step claims)."""
    for ours, theirs in ((left, right), (right, left)):
        for factor in ours:
            if not any(is_constant_multiple(factor, other) for other in theirs):
                return factor
    return None


def find_counterexample(
    expr: Expr, tries: int = 8, conditions: tuple[Expr, ...] = ()
) -> dict[Symbol, object] | None:
    """Exact values of the free symbols at which ``expr`` is defined and non-zero, and every
    stated condition (an expression the step assumes ≠ 0) is a non-zero number, or None.

    Each value satisfies every assumption its symbol declares, as SymPy confirms it (a symbol
    no rational can satisfy, irrational or imaginary, gets none, so nothing is refuted).
    Scalars get positive rationals of the declared kind (integers, odd or even integers,
    primes, non-integers k + 1/2), negative ones when declared negative or non-positive;
    vectors get rational vectors with one component more than there are vector symbols.
    Deterministic.
    """
    free = set(expr.free_symbols).union(*(c.free_symbols for c in conditions))
    symbols = sorted(free, key=default_sort_key)
    vectors = [s for s in symbols if isinstance(s, VectorSymbol)]
    dimension = len(vectors) + 1
    for attempt in range(tries):
        rng = random.Random(2718 + attempt)
        point = {s: _sample(s, rng, dimension) for s in symbols}
        if None in point.values() or (attempt and not point):
            continue  # a symbol no value fits this time, or nothing to vary
        if _refutes(expr, point) and all(_refutes(c, point) for c in conditions):
            return point
    return None


def _refutes(expr: Expr, point: dict[Symbol, object]) -> bool:
    """True when ``expr`` at ``point`` is a finite number (or column) that is not 0."""
    try:
        value = in_coordinates(expr, point)
        entries = list(value) if isinstance(value, MatrixBase) else [value]
        if not all(e.is_number and e.is_finite for e in entries):
            return False
        return any(e.is_zero is False for e in entries)
    except Exception:  # a point SymPy cannot evaluate refutes nothing
        return False


_PRIMES = (2, 3, 5, 7, 11, 13)
_COMPOSITES = (4, 6, 8, 9, 10, 12)
_NOT_POSITIVE = ("negative", "nonpositive", "extended_negative", "extended_nonpositive")


def _sample(symbol: Symbol, rng: random.Random, dimension: int) -> object | None:
    """A value for ``symbol`` that satisfies every assumption it declares, or None."""
    facts = symbol.assumptions0
    if isinstance(symbol, VectorSymbol):
        if set(facts) - {"commutative"}:
            return None
        return ImmutableMatrix(
            [Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(dimension)]
        )
    value = _scalar(facts, rng)
    return value if _satisfies(facts, value) else None


def _scalar(facts: Mapping[str, bool], rng: random.Random) -> Expr:
    """A rational drawn to fit ``facts``: its kind of number first, then its sign."""
    if facts.get("zero"):
        return S.Zero
    if facts.get("prime"):
        value: Expr = Integer(rng.choice(_PRIMES))
    elif facts.get("composite"):
        value = Integer(rng.choice(_COMPOSITES))
    elif facts.get("odd"):
        value = Integer(2 * rng.randint(0, 4) + 1)
    elif facts.get("even"):
        value = Integer(2 * rng.randint(1, 4))
    elif facts.get("integer"):
        value = Integer(rng.randint(1, 9))
    elif facts.get("noninteger"):
        value = Rational(2 * rng.randint(0, 8) + 1, 2)
    else:
        value = Rational(rng.randint(1, 9), 4)
    return -value if any(facts.get(fact) for fact in _NOT_POSITIVE) else value


def _satisfies(facts: Mapping[str, bool], value: Expr) -> bool:
    """True when SymPy confirms every declared fact of the symbol for ``value`` (an unknown,
    None, is not a confirmation)."""
    return all(getattr(value, f"is_{fact}", None) is expected for fact, expected in facts.items())

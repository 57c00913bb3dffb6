"""Deciding that an expression is identically zero, soundly: "shown" or "not shown"."""

from __future__ import annotations

from collections.abc import Iterable

from sympy import (
    Add,
    Expr,
    MatrixBase,
    Mul,
    Pow,
    cancel,
    cos,
    cot,
    csc,
    expand,
    factor_list,
    fraction,
    preorder_traversal,
    sec,
    simplify,
    sin,
    tan,
)


def is_shown_zero(expr: Expr | MatrixBase, nonzero: Iterable[Expr] = ()) -> bool:
    """True when SymPy reduces ``expr`` (every entry of a matrix) to exactly 0, dividing only
    by what is known non-zero or is a factor of a stated condition in ``nonzero``.

    False means "not shown", not "non-zero".  Only SymPy's evaluation on construction, which
    already turns x/x into 1 (a convention we keep, as SymPy does), comes before the
    denominators are looked at.  The denominators of ``expr`` *as given* (see
    :func:`denominators`) are collected first: ``cancel`` and ``simplify``, which divide by
    common factors, count only when each is known non-zero.  Expanding counts otherwise only
    when it keeps every possibly-zero denominator in the term it divides (N/D − N/D, the same
    D on both sides, is 0 wherever it is defined): expanding (y² − 1)/((y − 1)(y + 1)) gives
    1, which has lost y − 1, so (y² − 1)/((y − 1)(y + 1)) − 1 is not shown.  Nor is
    (y² − 1)/(y − 1) − (y + 1): it fails at y = 1, where the left side is undefined; nor
    sec(x)·cos(x) − 1, undefined where cos(x) = 0.
    """
    if isinstance(expr, MatrixBase):
        conditions = tuple(nonzero)
        return all(is_shown_zero(entry, conditions) for entry in expr)
    if expr == 0:
        return True
    conditions = tuple(nonzero)
    if possibly_zero_denominator(expr, conditions) is not None:
        return expand(expr) == 0 and _expansion_keeps_denominators(expr, conditions)
    if expand(expr) == 0:
        return True
    for reduce in (cancel, simplify):
        try:
            if reduce(expr) == 0:
                return True
        except (TypeError, ValueError, NotImplementedError):
            continue
    return False


#: Functions with a denominator of their own: tan = sin/cos, cot = cos/sin, sec = 1/cos,
#: csc = 1/sin (undefined where it vanishes, so sec(x)·cos(x) = 1 needs cos(x) ≠ 0).
_HIDDEN_DENOMINATORS = {tan: cos, cot: sin, sec: cos, csc: sin}


def denominators(expr: Expr) -> list[Expr]:
    """Every sub-expression ``expr`` divides by, as written, outermost first, each once: the
    base of every power whose exponent may be negative (1/(y − 1), (y − 1)⁻², also inside a
    function or a nested fraction) and the cos or sin hidden in tan, cot, sec and csc."""
    found: dict[Expr, None] = {}
    for node in preorder_traversal(expr):
        if isinstance(node, Pow) and node.exp.is_negative is not False:
            found[node.base] = None
        else:
            for function, denominator in _HIDDEN_DENOMINATORS.items():
                if isinstance(node, function):
                    found[denominator(*node.args)] = None
    return list(found)


def factors(expr: Expr) -> list[Expr]:
    """The non-constant factors of ``expr`` (irreducible ones for a polynomial): ``expr`` is
    non-zero exactly when each of them is.  ``[expr]`` when SymPy cannot factor it."""
    try:
        _, pairs = factor_list(expr)
        found = [base for base, _ in pairs]
    except Exception:  # not a polynomial SymPy factors (φ, dot products, …): its product factors
        found = [f for f in Mul.make_args(expr) if not f.is_number]
    return found or ([] if expr.is_number else [expr])


def possibly_zero_factors(denominator: Expr, nonzero: Iterable[Expr] = ()) -> list[Expr]:
    """The factors of ``denominator`` that may be 0 (none when it is known non-zero): those
    neither known non-zero from assumptions nor a non-zero constant times a factor of a
    stated condition (c ≠ 0 with c = f·g says f ≠ 0 and g ≠ 0)."""
    if denominator.is_zero is False:
        return []
    conditions = tuple(nonzero)
    if not conditions:
        return [denominator]
    stated = [f for condition in conditions for f in factors(condition)]
    return [
        factor
        for factor in factors(denominator)
        if factor.is_zero is not False and not any(is_constant_multiple(factor, f) for f in stated)
    ]


def possibly_zero_factor(denominator: Expr, nonzero: Iterable[Expr] = ()) -> Expr | None:
    """The first of :func:`possibly_zero_factors`, or None when ``denominator`` is known to
    be non-zero."""
    found = possibly_zero_factors(denominator, nonzero)
    return found[0] if found else None


def is_constant_multiple(a: Expr, b: Expr) -> bool:
    """True when a = k·b for a number k ≠ 0 (so a and b vanish at the same points)."""
    try:
        ratio = cancel(a / b)
    except (TypeError, ValueError, NotImplementedError):
        return False
    return bool(ratio.is_number and ratio.is_zero is False)


def possibly_zero_denominator(expr: Expr, nonzero: Iterable[Expr] = ()) -> Expr | None:
    """The first factor of a denominator of ``expr`` (as written) that may be 0, or None when
    every denominator is known non-zero or covered by the conditions ``nonzero``."""
    conditions = tuple(nonzero)
    for denominator in denominators(expr):
        factor = possibly_zero_factor(denominator, conditions)
        if factor is not None:
            return factor
    return None


def _expansion_keeps_denominators(expr: Expr, nonzero: tuple[Expr, ...]) -> bool:
    """True when expanding each term of ``expr`` leaves every factor of its denominators that
    may be 0 dividing the expanded term: expanding combined terms, but cancelled nothing."""
    for term in Add.make_args(expr):
        kept: list[Expr] | None = None
        for denominator in denominators(term):
            factor = possibly_zero_factor(denominator, nonzero)
            if factor is None:
                continue
            if kept is None:
                kept = denominators(expand(term))
            if not any(_divides(factor, other) for other in kept):
                return False
    return True


def _divides(factor: Expr, expr: Expr) -> bool:
    """True when ``expr`` is a multiple of ``factor`` (a polynomial multiple, as ``cancel``
    finds it)."""
    try:
        return bool(fraction(cancel(expr / factor))[1].is_number)
    except (TypeError, ValueError, NotImplementedError):
        return False


def denominators_nonzero(expr: Expr) -> bool:
    """True when every base raised to a negative power in ``expr``, and every denominator
    hidden in a function with poles (tan, cot, sec, csc), is known to be non-zero."""
    return possibly_zero_denominator(expr) is None

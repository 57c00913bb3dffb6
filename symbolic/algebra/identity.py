"""Deciding that an expression is identically zero, soundly: "shown" or "not shown"."""

from __future__ import annotations

from sympy import Expr, MatrixBase, Pow, cancel, cos, cot, csc, expand, sec, simplify, sin, tan


def is_shown_zero(expr: Expr | MatrixBase) -> bool:
    """True when SymPy reduces ``expr`` (every entry of a matrix) to exactly 0.

    False means "not shown", not "non-zero".  Structure and expansion come first: they follow
    SymPy's own evaluation, which already turns x/x into 1 (a convention we keep, as SymPy
    does on construction).  Rational cancellation and ``simplify``, which divide by common
    factors, count only when every denominator in ``expr`` is known to be non-zero, so
    (y² − 1)/(y − 1) − (y + 1) is not shown: it fails at y = 1, where the left side is
    undefined; nor is sec(x)·cos(x) − 1, undefined where cos(x) = 0.
    """
    if isinstance(expr, MatrixBase):
        return all(is_shown_zero(entry) for entry in expr)
    if expr == 0 or expand(expr) == 0:
        return True
    if not denominators_nonzero(expr):
        return False
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


def denominators_nonzero(expr: Expr) -> bool:
    """True when every base raised to a negative power in ``expr``, and every denominator
    hidden in a function with poles (tan, cot, sec, csc), is known to be non-zero."""
    for function, denominator in _HIDDEN_DENOMINATORS.items():
        for call in expr.atoms(function):
            if denominator(*call.args).is_zero is not False:
                return False
    return all(
        power.base.is_zero is False
        for power in expr.atoms(Pow)
        if power.exp.is_negative is not False
    )

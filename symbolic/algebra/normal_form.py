"""A deep rational normal form, so that two runs of a network that group the same arithmetic
differently (m·(v − η g) against m·v − m·η g, η/m·(m·v) against η·v) meet term by term.

:func:`symbolic.is_shown_zero` expands; that is canonical for polynomials, but not for the
rational functions of exponentials the sigmoid and the logistic loss bring (expanding moves
numbers into denominators in different ways).  :func:`deep_cancel` puts every argument of
every function (σ, exp, L, a derivative's point) in SymPy's ``cancel`` form, innermost first,
then the whole expression: equal rational functions of the same atoms get the same form.
``cancel`` divides numerator and denominator by common factors, so it is used only where every
denominator is known to be non-zero (as :func:`symbolic.is_shown_zero` requires); elsewhere
the expression is left as it is (and may then not be shown).
"""

from __future__ import annotations

from sympy import Add, Basic, Expr, Mul, Pow, cancel

from symbolic.algebra.identity import denominators_nonzero, is_shown_zero


def deep_cancel(expr: Basic) -> Basic:
    """``expr`` with every function argument, innermost first, and then the whole, in
    ``cancel`` form wherever its denominators are known non-zero (an identity)."""
    memo: dict[Basic, Basic] = {}
    return _rational(_deep(expr, memo))


def is_shown_equal(a: Expr, b: Expr) -> bool:
    """True when :func:`symbolic.is_shown_zero` shows ``a − b = 0`` once both are in
    :func:`deep_cancel` form; False means "not shown"."""
    difference = a - b
    return is_shown_zero(difference) if difference == 0 else is_shown_zero(deep_cancel(difference))


def _deep(expr: Basic, memo: dict[Basic, Basic]) -> Basic:
    if not expr.args:
        return expr
    if expr in memo:
        return memo[expr]
    if isinstance(expr, Add | Mul | Pow):
        result = expr.func(*(_deep(arg, memo) for arg in expr.args))
    else:  # a function, a derivative, a Subs, a tuple: normalise each argument
        result = expr.func(*(_rational(_deep(arg, memo)) for arg in expr.args))
    memo[expr] = result
    return result


def _rational(expr: Basic) -> Basic:
    if not isinstance(expr, Expr) or not isinstance(expr, Add | Mul | Pow):
        return expr
    if not denominators_nonzero(expr):
        return expr
    try:
        return cancel(expr)
    except (TypeError, ValueError, NotImplementedError):  # cancel cannot: keep the expression
        return expr

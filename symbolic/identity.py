"""Deciding that an expression is identically zero, soundly: "shown" or "not shown"."""

from __future__ import annotations

from sympy import Expr, MatrixBase, cancel, expand, simplify


def is_shown_zero(expr: Expr | MatrixBase) -> bool:
    """True when SymPy reduces ``expr`` (every entry of a matrix) to exactly 0.

    False means "not shown", not "non-zero".  Cheap canonical forms are tried first
    (structure, expansion, rational cancellation), ``simplify`` last.
    """
    if isinstance(expr, MatrixBase):
        return all(is_shown_zero(entry) for entry in expr)
    if expr == 0:
        return True
    for reduce in (expand, cancel, simplify):
        try:
            if reduce(expr) == 0:
                return True
        except (TypeError, ValueError, NotImplementedError):
            continue
    return False

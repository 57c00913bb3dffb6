"""Derivatives of an undefined function as functions of their own, so that SymPy compares them
cheaply.

SymPy writes σ′(z) for an undefined σ as ``Subs(Derivative(σ(ξ), ξ), ξ, z)``; comparing and
expanding such objects re-derives their bound variables every time, and a few unrolled steps of
a deep network hold thousands of them.  :func:`named_derivatives` writes each as an undefined
function of the point, named after the function and the argument slots differentiated
(σ′(z) as ``sigma_d0(z)``, ∂L/∂ŷ at (ŷ, y) as ``L_d0(ŷ, y)``).  The partial derivative of one
function in given slots is one function of the point, so two expressions are equal after the
renaming only if they were equal before: a check shown on the renamed form holds as written.
"""

from __future__ import annotations

from sympy import Basic, Derivative, Function, Subs
from sympy.core.function import AppliedUndef


def named_derivatives(expr: Basic) -> Basic:
    """``expr`` with every derivative of an undefined function, evaluated at a point, written
    as an undefined function of that point (other ``Subs`` are left as they are)."""
    return expr.replace(_renamable, _renamed)


def _renamable(expr: Basic) -> bool:
    if not isinstance(expr, Subs) or not isinstance(expr.expr, Derivative):
        return False
    inner = expr.expr.expr
    if not isinstance(inner, AppliedUndef):
        return False
    # differentiated in bound slots only, each slot a plain variable of the Subs
    return all(v in inner.args for v in expr.expr.variables) and set(expr.expr.variables) <= set(
        expr.variables
    )


def _renamed(expr: Subs) -> Basic:
    derivative = expr.expr
    inner = derivative.expr
    slots = "".join(str(inner.args.index(v)) for v in derivative.variables)
    values = dict(zip(expr.variables, expr.point, strict=True))
    point = [named_derivatives(values.get(arg, arg)) for arg in inner.args]
    return Function(f"{inner.func.__name__}_d{slots}")(*point)


__all__ = ["named_derivatives"]

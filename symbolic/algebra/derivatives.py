"""Derivatives of an undefined function as functions of their own, so that SymPy compares them
cheaply.

SymPy writes σ′(z) for an undefined σ as ``Subs(Derivative(σ(ξ), ξ), ξ, z)``; comparing and
expanding such objects re-derives their bound variables every time, and a few unrolled steps of
a deep network hold thousands of them.  :func:`named_derivatives` writes each as an undefined
function of the point, one fresh function per function and differentiated slots (σ′(z) as
``sigma_d0#0(z)``, ∂L/∂ŷ at (ŷ, y) as ``L_d0#1(ŷ, y)``).  Only derivatives whose value is a
function of the point alone are renamed (each differentiated variable in one slot, the other
slots free of the bound variables); the partial derivative of one function in given slots is
then one function of the point, and distinct (function, slots) get distinct names, so two
expressions are equal after the renaming only if they were equal before.
"""

from __future__ import annotations

from sympy import Basic, Derivative, Function, Subs
from sympy.core.function import AppliedUndef


def named_derivatives(expr: Basic) -> Basic:
    """``expr`` with every derivative of an undefined function, evaluated at a point, written
    as an undefined function of that point (other ``Subs`` are left as they are)."""
    return expr.replace(_renamable, _renamed)


def _renamable(expr: Basic) -> bool:
    """A ``Subs`` of a derivative of an undefined function f in some of its slots, each
    differentiated variable in exactly one slot, every other slot free of the bound variables
    (so the renamed function of the point says everything the derivative depends on)."""
    if not isinstance(expr, Subs) or not isinstance(expr.expr, Derivative):
        return False
    inner = expr.expr.expr
    if not isinstance(inner, AppliedUndef):
        return False
    bound = set(expr.variables)
    differentiated = set(expr.expr.variables)
    if not differentiated <= bound:
        return False
    for arg in inner.args:
        if arg in bound:
            if inner.args.count(arg) != 1:
                return False
        elif arg.free_symbols & bound:
            return False
    return True


#: One fresh function per (function, differentiated slots): the renaming is injective.
_NAMES: dict[tuple[object, tuple[int, ...]], type] = {}


def _renamed(expr: Subs) -> Basic:
    derivative = expr.expr
    inner = derivative.expr
    slots = tuple(inner.args.index(v) for v in derivative.variables)
    key = (inner.func, slots)
    if key not in _NAMES:
        # the name says which function and slots; the number after it keeps two functions of
        # one name (different assumptions) and any user function of that name apart
        name = f"{inner.func.__name__}_d{'_'.join(map(str, slots))}#{len(_NAMES)}"
        _NAMES[key] = Function(name)
    values = dict(zip(expr.variables, expr.point, strict=True))
    point = [named_derivatives(values.get(arg, arg)) for arg in inner.args]
    return _NAMES[key](*point)


__all__ = ["named_derivatives"]

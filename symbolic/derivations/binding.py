"""Substitution under a derivative: where replacing a name would change what is meant.

``Derivative(f, a)`` is the derivative of ``f`` in ``a``, taken at the point ``a``; ``a`` is
its variable, bound inside ``f`` and free as the point.  A structural replacement
(``xreplace``) treats it like any other symbol, which is sound only in two cases: renaming
the variable to a symbol ``f`` does not already contain (σ′(z_j) = σ′(z_1) when z_j = z_1),
and replacing a name that does not involve the variable by something that does not
either.  Anything else captures a name: ``∂(a b)/∂a`` with a = b would read ``∂(b b)/∂b``,
which is 2b, not b.  The same holds for the bound variables of ``Subs``, ``Sum``, ``Lambda``.
:func:`refuse_capture` raises before such a replacement, so the step is not shown.
"""

from __future__ import annotations

from collections.abc import Mapping

from sympy import Basic, Derivative, Symbol, preorder_traversal

from symbolic.errors import EtaproofValueError


class CapturedVariable(EtaproofValueError):
    """A substitution would rewrite, or capture, the bound variable of a derivative (or of a
    Subs, Sum, Lambda), so the rewritten line would not mean the original one evaluated."""


def _bound(node: Basic) -> tuple[frozenset[Basic], Basic] | None:
    """(the variables node binds, the expression they are bound in), or None."""
    if isinstance(node, Derivative):
        return frozenset(node.variables), node.expr
    bound = getattr(node, "bound_symbols", ())
    if bound:
        return frozenset(bound), node
    return None


def refuse_capture(expr: Basic, mapping: Mapping[Basic, Basic]) -> None:
    """Raise :class:`CapturedVariable` when ``expr.xreplace(mapping)`` would rewrite a bound
    variable other than by renaming it to a fresh symbol, or substitute into a bound
    expression something that involves its variables."""
    for node in preorder_traversal(expr):
        found = _bound(node)
        if found is None:
            continue
        variables, body = found
        names = body.free_symbols | variables
        for key, value in mapping.items():
            if key == value or not node.has(key):
                continue
            if key in variables:
                fresh = isinstance(value, Symbol) and value not in names
                if not fresh:
                    raise CapturedVariable(
                        f"substituting {key} = {value} would rewrite the variable of {node}: "
                        "a derivative's variable may only be renamed to a symbol it does not "
                        "contain",
                        node,
                    )
            elif (key.free_symbols | {key}) & variables or value.free_symbols & variables:
                raise CapturedVariable(
                    f"substituting {key} = {value} inside {node} would capture its variable "
                    f"{', '.join(sorted(map(str, variables)))}",
                    node,
                )

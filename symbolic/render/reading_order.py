"""The order a human writes terms and factors in; used by every renderer, decides nothing.

SymPy stores ``η(y − ŷ)x`` as ``η·x·(−ŷ + y)``.  The renderers print
- products as coefficient, scalars, dot products, then the vector: ``η (y − ŷ) x``, and a
  derivative evaluated with a bar, ``∂L(t, y)/∂t |_{t=ŷ}``, last (its point hangs wide under
  the bar, so a factor after it would stand apart);
- sums of vectors weights first (w, v, Δw, g, then samples x): ``w⁽⁰⁾ + Δw⁽¹⁾``;
- sums of dot products shortest term first: ``w⁽⁰⁾·x⁽²⁾ + η c x⁽¹⁾·x⁽²⁾``;
- other sums in SymPy's order, but starting with a term that has no minus sign: ``y − ŷ``.
"""

from __future__ import annotations

from sympy import Add, Derivative, Expr, Subs, Symbol, default_sort_key

from symbolic.algebra.vectors import Dot, VectorSymbol, is_vector

_VECTOR_RANK = {(False, "w"): 0, (False, "v"): 1, (True, "w"): 2, (False, "g"): 3}


def split_factors(mul: Expr) -> tuple[list[Expr], list[Expr], list[Expr]]:
    """(scalar factors, dot products, vector factors) of a product, each in SymPy's order; the
    derivatives evaluated with a bar close the last list, after the vectors."""
    factors = mul.as_ordered_factors()
    barred = [f for f in factors if is_barred(f)]
    factors = [f for f in factors if not is_barred(f)]
    dots = [f for f in factors if isinstance(f, Dot)]
    vectors = [f for f in factors if is_vector(f)]
    scalars = [f for f in factors if not isinstance(f, Dot) and not is_vector(f)]
    scalars.sort(key=lambda f: 0 if f.is_Number else 1 if type(f) is Symbol else 2)
    return scalars, dots, vectors + barred


def is_barred(expr: Expr) -> bool:
    """True for a derivative at a point that the printers write with a bar, ``…|_{t=ŷ}``:
    every ``Subs`` but σ′(z), the derivative of a function of one argument."""
    if not isinstance(expr, Subs):
        return False
    inner, variables, _ = expr.args
    return not (
        isinstance(inner, Derivative)
        and len(variables) == 1
        and inner.variables == tuple(variables)
        and len(getattr(inner.expr, "args", ())) == 1
        and inner.expr.args[0] == variables[0]
    )


def needs_reordering(mul: Expr) -> bool:
    """True when the product holds a dot product or a vector (SymPy's order would bury it)."""
    return any(isinstance(f, Dot) or is_vector(f) for f in mul.args)


def ordered_terms(add: Expr) -> list[Expr]:
    """The terms of a sum in reading order (see the module docstring)."""
    terms = list(add.as_ordered_terms())
    if is_vector(add):
        return sorted(terms, key=lambda t: (_rank(t), default_sort_key(t)))
    if add.has(Dot):
        terms.sort(key=lambda t: (t.could_extract_minus_sign(), t.count_ops()))
    for i, term in enumerate(terms):
        if not term.could_extract_minus_sign():
            return [term, *terms[:i], *terms[i + 1 :]]
    return terms


def _rank(term: Expr) -> int:
    ranks = [
        _VECTOR_RANK.get((s.parts[0], s.parts[1]), 4 if s.parts[1] == "x" else 5)
        for s in Add.make_args(term)[0].atoms(VectorSymbol)
    ]
    return min(ranks, default=6)

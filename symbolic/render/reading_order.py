"""The order a human writes terms and factors in; used by every renderer, decides nothing.

SymPy stores ``η(y − ŷ)x`` as ``η·x·(−ŷ + y)``.  The renderers print
- products as coefficient, scalars, dot products, then the vector: ``η (y − ŷ) x``;
- sums of vectors weights first (w, v, Δw, g, then samples x): ``w⁽⁰⁾ + Δw⁽¹⁾``;
- sums of dot products shortest term first: ``w⁽⁰⁾·x⁽²⁾ + η c x⁽¹⁾·x⁽²⁾``;
- other sums in SymPy's order, but starting with a term that has no minus sign: ``y − ŷ``.
"""

from __future__ import annotations

from sympy import Add, Expr, Symbol, default_sort_key

from symbolic.algebra.vectors import Dot, VectorSymbol, is_vector

_VECTOR_RANK = {(False, "w"): 0, (False, "v"): 1, (True, "w"): 2, (False, "g"): 3}


def split_factors(mul: Expr) -> tuple[list[Expr], list[Expr], list[Expr]]:
    """(scalar factors, dot products, vector factors) of a product, each in SymPy's order."""
    factors = mul.as_ordered_factors()
    dots = [f for f in factors if isinstance(f, Dot)]
    vectors = [f for f in factors if is_vector(f)]
    scalars = [f for f in factors if not isinstance(f, Dot) and not is_vector(f)]
    scalars.sort(key=lambda f: 0 if f.is_Number else 1 if type(f) is Symbol else 2)
    return scalars, dots, vectors


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

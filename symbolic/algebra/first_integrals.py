"""Polynomial first integrals of degree ≤ 2 of linear vector fields, by one exact nullspace.

A function h is a first integral of the field X when ⟨∇h, X⟩ = 0 identically: h is constant
along X's flow.  For h = Σ_{s≤p} c_{sp} θ_s θ_p + Σ_s c_s θ_s and a linear field X(θ) = Aθ,

    ⟨∇h, Aθ⟩ = Σ_{s≤p} c_{sp} Σ_q (A_{sq} θ_p θ_q + A_{pq} θ_s θ_q) + Σ_s c_s Σ_q A_{sq} θ_q,

a polynomial in θ whose every coefficient is linear in the unknowns c.  Asking all of them to
vanish, for every field, is a sparse linear system over QQ; its nullspace (SymPy's
``DomainMatrix``, exact) is every first integral of degree ≤ 2 common to the fields.  The
search is untrusted: the theorem checks each law it keeps with SymPy polynomials.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd, lcm
from typing import Any, TypeAlias

from sympy import QQ, Expr, Rational, Symbol
from sympy.polys.matrices import DomainMatrix

from symbolic.algebra.lie_algebra import EchelonBasis, LinearField

#: A monomial by the positions of its variables: (s, p) with s ≤ p for θ_s·θ_p, (s,) for θ_s.
Monomial: TypeAlias = tuple[int, ...]

#: A polynomial as its non-zero coefficients by monomial.
Coefficients: TypeAlias = dict[Monomial, Fraction]


def monomials(size: int) -> list[Monomial]:
    """The unknowns' monomials: every θ_s·θ_p (s ≤ p), then every θ_s."""
    quadratic = [(s, p) for s in range(size) for p in range(s, size)]
    return [*quadratic, *((s,) for s in range(size))]


def _product(a: int, b: int) -> Monomial:
    return (a, b) if a <= b else (b, a)


def first_integrals(fields: Sequence[LinearField], size: int) -> list[Coefficients]:
    """A basis of the polynomials h of degree ≤ 2 without constant term with ⟨∇h, X⟩ = 0
    for every field X, each scaled to coprime integer coefficients with its first
    coefficient positive (in the order of :func:`monomials`), sorted by first monomial."""
    unknowns = monomials(size)
    column = {m: i for i, m in enumerate(unknowns)}
    equations: dict[tuple[int, Monomial], dict[int, Any]] = {}

    def add(g: int, monomial: Monomial, unknown: Monomial, value: Any) -> None:
        row = equations.setdefault((g, monomial), {})
        j = column[unknown]
        new = row.get(j, QQ.zero) + value
        if new:
            row[j] = new
        else:
            row.pop(j, None)

    for g, X in enumerate(fields):
        A = X.matrix.rep
        for s in range(size):
            for q, a in A.get(s, {}).items():
                add(g, (q,), (s,), a)  # c_s θ_s ↦ c_s A_{sq} θ_q
                for p in range(size):  # θ_s in c_{sp}θ_sθ_p (either order; twice in θ_s²)
                    add(g, _product(p, q), _product(s, p), a if p != s else 2 * a)
    rows = dict(enumerate(row for row in equations.values() if row))
    system = DomainMatrix(rows, (max(len(rows), 1), len(unknowns)), QQ)
    basis = system.nullspace().to_sparse().rep if rows else None
    if basis is None:
        vectors = [{j: QQ.one} for j in range(len(unknowns))]
    else:
        vectors = [dict(basis.get(i, {})) for i in range(basis.shape[0])]
    found = [
        _primitive({unknowns[j]: _fraction(v) for j, v in vec.items() if v}) for vec in vectors
    ]
    return sorted(found, key=lambda h: [column[m] for m in sorted(h, key=column.__getitem__)])


def _fraction(value: Any) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def _primitive(h: Coefficients) -> Coefficients:
    """``h`` times the one positive rational that makes its coefficients coprime integers,
    then its sign flipped if its first coefficient is negative."""
    order = sorted(h, key=lambda m: (len(m) == 1, m))
    common = lcm(*(c.denominator for c in h.values()))
    integers = {m: c * common for m, c in h.items()}
    divisor = gcd(*(int(c) for c in integers.values()))
    sign = -1 if integers[order[0]] < 0 else 1
    return {m: integers[m] * sign / divisor for m in order}


def as_expression(h: Coefficients, variables: Sequence[Symbol]) -> Expr:
    """The polynomial as a SymPy expression in ``variables``."""
    terms = []
    for m, c in h.items():
        term = Rational(c.numerator, c.denominator)
        for s in m:
            term *= variables[s]
        terms.append(term)
    return sum(terms, Rational(0))


def gradient_at(h: Coefficients, point: Sequence[Fraction], size: int) -> dict[int, Fraction]:
    """∇h at ``point``, non-zero entries by position."""
    out: dict[int, Fraction] = {}
    for m, c in h.items():
        if len(m) == 1:
            parts = [(m[0], c)]
        else:
            s, p = m
            parts = [(s, c * point[p]), (p, c * point[s])]
        for t, v in parts:
            out[t] = out.get(t, Fraction(0)) + v
    return {t: v for t, v in out.items() if v}


def independent_subset(
    laws: Sequence[Coefficients], point: Sequence[Fraction], size: int
) -> list[int]:
    """The positions of a maximal subset of ``laws`` whose gradients at ``point`` are
    independent (greedy, in order): functionally independent laws near that point."""
    basis = EchelonBasis()
    kept = []
    for i, h in enumerate(laws):
        gradient = {
            t: QQ(v.numerator, v.denominator) for t, v in gradient_at(h, point, size).items()
        }
        if basis.add(gradient):
            kept.append(i)
    return kept


def jacobian_rank(laws: Sequence[Coefficients], point: Sequence[Fraction], size: int) -> int:
    """The exact rank of the laws' Jacobian at ``point`` (SymPy's ``DomainMatrix`` over QQ)."""
    if not laws:
        return 0
    rows = {
        i: {t: QQ(v.numerator, v.denominator) for t, v in gradient_at(h, point, size).items()}
        for i, h in enumerate(laws)
    }
    return int(DomainMatrix(rows, (len(laws), size), QQ).rank())


__all__ = [
    "Coefficients",
    "Monomial",
    "as_expression",
    "first_integrals",
    "gradient_at",
    "independent_subset",
    "jacobian_rank",
    "monomials",
]

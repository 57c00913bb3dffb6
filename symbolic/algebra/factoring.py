"""Factoring η out of an expression: expr = η·g with g provably free of η."""

from __future__ import annotations

from sympy import Expr, MatrixBase, Symbol, factor_terms

from symbolic.algebra.identity import is_shown_zero
from symbolic.algebra.phi import phi
from symbolic.errors import InvalidLearningRate, NotFactorable
from symbolic.printable import plain_text


def factor_eta(expr: Expr | MatrixBase, eta: Symbol) -> tuple[Symbol, Expr | MatrixBase]:
    """Return ``(eta, g)`` with ``eta*g == expr`` checked and ``g`` free of ``eta``.

    Raises :class:`NotFactorable` when ``eta`` is not known to be positive (φ could then not
    drop it), when some φ(...) still holds ``eta``, or when ``eta`` appears in another way.
    """
    if not isinstance(eta, Symbol):
        raise InvalidLearningRate(f"eta={eta!r} must be a SymPy Symbol")
    if eta.is_positive is not True:
        raise NotFactorable(
            f"eta={eta!r} is not known to be positive, so φ(η·z) = φ(z) cannot be used; "
            f"declare it as Symbol({eta.name!r}, positive=True)",
            culprit=eta,
        )
    if isinstance(expr, MatrixBase):
        g = expr.applyfunc(lambda entry: _divide(entry, eta))
    else:
        g = _divide(expr, eta)
    if not is_shown_zero(eta * g - expr):
        raise NotFactorable(f"could not show that η·g equals {plain_text(expr)}", culprit=expr)
    return eta, g


def _divide(expr: Expr, eta: Symbol) -> Expr:
    """expr/η, free of η, without expanding; raises NotFactorable naming what keeps η."""
    for candidate in (expr / eta, factor_terms(expr) / eta):
        if eta not in candidate.free_symbols:
            return candidate
    inside = sorted(
        (atom for atom in expr.atoms(phi) if eta in atom.free_symbols),
        key=lambda atom: (atom.count_ops(), atom.sort_key()),
    )
    if inside:
        raise NotFactorable(
            f"η stays inside {plain_text(inside[0])}: its argument is not η times something "
            "free of η, so η may change the sign that φ sees",
            culprit=inside[0],
        )
    raise NotFactorable(f"{plain_text(expr)} is not η times an expression free of η", culprit=expr)

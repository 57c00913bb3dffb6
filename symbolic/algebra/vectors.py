"""Named vectors and the dot product, so a derivation can say w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ as a human does.

A :class:`VectorSymbol` is an opaque vector of any dimension (w⁽⁰⁾, Δw⁽¹⁾, x⁽²⁾, v⁽ᵏ⁻¹⁾); it is
a commutative SymPy symbol, so SymPy may scale and add it, and a well-formed expression is a
sum of terms with exactly one vector factor each.  :class:`Dot` is the real dot product: it
pulls scalar factors out and drops a zero vector automatically (homogeneity), but splits a
sum only when asked (:func:`expand_dot`, the linearity rule).  Identities proved with vectors
kept opaque hold for every dimension.
"""

from __future__ import annotations

import re

from sympy import Add, Expr, Function, Mul, S, Symbol, default_sort_key, expand, factor_terms

from symbolic.errors import EtaproofValueError

_NAME = re.compile(r"^(?P<delta>Δ?)(?P<base>[A-Za-z]+|0)(?:\((?P<sup>[^)]*)\))?$")

_SUPERSCRIPTS = str.maketrans("0123456789+-()k", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵏ")


def superscript(text: str) -> str:
    """``"k-1"`` as ``"ᵏ⁻¹"`` when every character has a Unicode superscript, else ``"^(k-1)"``."""
    if all(ch in "0123456789+-()k" for ch in text):
        return text.translate(_SUPERSCRIPTS)
    return f"^({text})"


class VectorSymbol(Symbol):
    r"""A named vector such as ``w(0)``, ``Δw(1)``, ``x(2)`` or ``v(k-1)``.

    etaproof's printers (:mod:`symbolic.render`) write it as :math:`\mathbf{w}^{(0)}`,
    :math:`\Delta \mathbf{w}^{(1)}` in LaTeX and as ``w⁽⁰⁾``, ``Δw⁽¹⁾`` in text; ``str()`` is
    its name.  The name ``0`` is the zero vector :math:`\mathbf{0}`.
    """

    @property
    def parts(self) -> tuple[bool, str, str | None]:
        """(has a Δ prefix, the letter, the superscript or None)."""
        match = _NAME.match(self.name)
        if match is None:
            return False, self.name, None
        return bool(match["delta"]), match["base"], match["sup"]


def vector(base: str, sup: int | str | None = None, *, delta: bool = False) -> VectorSymbol:
    """The named vector ``base⁽ˢᵘᵖ⁾`` (``Δbase⁽ˢᵘᵖ⁾`` with ``delta=True``)."""
    name = ("Δ" if delta else "") + base + ("" if sup is None else f"({sup})")
    return VectorSymbol(name)


#: The zero vector 0 (for display; :func:`canonical_vectors` maps it to the number 0).
ZERO_VECTOR = VectorSymbol("0")


def is_vector(expr: Expr) -> bool:
    """True when ``expr`` is vector-valued: a vector symbol, or a sum/product holding one
    outside a dot product."""
    if isinstance(expr, VectorSymbol):
        return True
    if expr.is_Add or expr.is_Mul:
        return any(is_vector(arg) for arg in expr.args)
    return False


def split_scalar(expr: Expr) -> tuple[Expr, Expr]:
    """``(scalar, rest)`` with ``expr == scalar*rest`` and every factor of ``scalar`` scalar."""
    if not expr.is_Mul:
        return S.One, expr
    scalars = [f for f in expr.args if not is_vector(f)]
    vectors = [f for f in expr.args if is_vector(f)]
    return Mul(*scalars), Mul(*vectors)


class NotAVector(EtaproofValueError):
    """A side of a dot product has no vector part (a number or plain scalar symbols)."""


class Dot(Function):
    r"""The real dot product a·b of two vector expressions (answer 1's :math:`a \cdot b`).

    Automatic rules: a zero vector gives 0, scalar factors move out
    (``Dot(η*c*x, y) = η*c*Dot(x, y)``).  A sum stays inside until :func:`expand_dot`.  A side
    without a vector part (``Dot(2*a, v)`` with plain symbols) raises :class:`NotAVector`.
    """

    nargs = 2
    is_real = True
    is_finite = True

    def _eval_is_nonnegative(self) -> bool | None:
        """a·a = ‖a‖² ≥ 0 for a real vector a (None otherwise: not known)."""
        return True if self.args[0] == self.args[1] else None

    def _eval_is_positive(self) -> bool | None:
        """a·a > 0 for a vector a declared non-zero (``VectorSymbol(name, nonzero=True)``)."""
        a, b = self.args
        return True if a == b and a.is_nonzero is True else None

    @classmethod
    def eval(cls, a: Expr, b: Expr) -> Expr | None:
        if a.is_zero or b.is_zero or ZERO_VECTOR in (a, b):
            return S.Zero
        for side in (a, b):
            if not is_vector(side):
                raise NotAVector(
                    f"Dot({a}, {b}): the side {side!r} has no vector part; both sides of a dot "
                    "product must be vector expressions (symbolic.vectors.vector)"
                )
        (ca, va), (cb, vb) = split_scalar(a), split_scalar(b)
        if ca is not S.One or cb is not S.One:
            return ca * cb * cls(va, vb)
        return None


def expand_dot(expr: Expr) -> Expr:
    """Dot-product linearity: split every Dot over sums, (a + b)·c = a·c + b·c."""

    def bilinear(dot: Dot) -> Expr:
        left, right = (Add.make_args(expand(expand_dot(arg))) for arg in dot.args)
        return Add(*[Dot(a, b) for a in left for b in right])

    return expr.replace(lambda e: isinstance(e, Dot), bilinear)


def symmetric_dot(expr: Expr) -> Expr:
    """Write every a·b with the scalar content of its sides moved out (homogeneity) and its
    sides in a fixed order (the dot product is symmetric)."""

    def ordered(dot: Dot) -> Expr:
        a, b = (factor_terms(expand(symmetric_dot(arg))) for arg in dot.args)
        return Dot(*sorted((a, b), key=default_sort_key))

    return expr.replace(lambda e: isinstance(e, Dot), ordered)

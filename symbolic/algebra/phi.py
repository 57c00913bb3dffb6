"""φ, the perceptron's decision function: φ(z) = 1 if z ≥ 0 else −1.

Only the sign of the argument matters, so a factor known to be positive is dropped from it:
φ(η·z) = φ(z) for η > 0.  This one rule is the key lemma of the zero-init theorem.  Nothing
else is assumed: φ(−z) stays as it is (it is not −φ(z), because φ(0) = φ(−0) = 1).
"""

from __future__ import annotations

from sympy import Add, Expr, Float, Function, Mul, S, nan, zoo
from sympy.core.numbers import Number

from symbolic.errors import InvalidNumber


def split_positive_factor(z: Expr) -> tuple[Expr, Expr]:
    """Return ``(c, rest)`` with ``z == c*rest`` and every factor of ``c`` known positive.

    Looks at the factors of a product and at the factors common to every term of a sum
    (rational content included), without expanding anything.  ``c`` is 1 when none is found.
    """
    if z.is_Mul:
        coeff, rest = z.as_coeff_Mul()
        if not coeff.is_finite:
            return S.One, z
        positive = [abs(coeff)] if coeff != 0 else []
        kept = [-S.One] if coeff.is_negative else []
        for factor in Mul.make_args(rest):
            (positive if _finite_positive(factor) else kept).append(factor)
        return Mul(*positive), Mul(*kept)
    if z.is_Add:
        content, primitive = z.primitive()
        common = _common_positive_factors(primitive.args)
        if common is S.One:
            return content, primitive
        return content * common, Add(*[term / common for term in primitive.args])
    return S.One, z


def _common_positive_factors(terms: tuple[Expr, ...]) -> Expr:
    """The product of the non-numeric factors known positive that every term shares."""
    shared: set[Expr] | None = None
    for term in terms:
        factors = {f for f in Mul.make_args(term) if not f.is_Number and _finite_positive(f)}
        shared = factors if shared is None else shared & factors
        if not shared:
            return S.One
    return Mul(*sorted(shared or (), key=lambda f: f.sort_key()))


def _finite_positive(factor: Expr) -> bool:
    """Known positive and finite: only such a factor may leave φ's argument (not ∞)."""
    return bool(factor.is_positive and factor.is_finite)


class phi(Function):
    r"""The perceptron's unit step with values ±1: φ(z) = 1 if z ≥ 0 else −1.

    Automatic rules (in :meth:`eval`): numbers evaluate, with φ(0) = 1; an argument known
    non-negative (negative) gives 1 (−1); a factor known positive is dropped from the
    argument, also a positive factor common to every term of a sum.

    It carries no printer hook: etaproof's printers have ``_print_phi``, and SymPy's stock
    ``latex()`` is given one by :mod:`symbolic.printable` (``\phi\left(z\right)``).
    """

    nargs = 1
    is_integer = True
    is_real = True
    is_finite = True
    is_zero = False

    @classmethod
    def eval(cls, z: Expr) -> Expr | None:
        if z is nan or z is zoo or (isinstance(z, Number) and not z.is_finite):
            raise InvalidNumber(f"z={z!r} must be a finite real number for phi(z)")
        if z.is_extended_nonnegative:
            return S.One
        if z.is_extended_negative:
            return S.NegativeOne
        positive, rest = split_positive_factor(z)
        if positive is not S.One:
            return cls(rest)
        return None

    def _eval_is_positive(self) -> bool | None:
        z = self.args[0]
        if z.is_extended_nonnegative:
            return True
        if z.is_extended_negative:
            return False
        return None

    def _eval_evalf(self, prec: int) -> Expr | None:
        """±1 when the argument evaluates to a number whose sign is significant, else None
        (left unevaluated).  Without it SymPy would call mpmath's constant ``phi`` (the golden
        ratio) with the argument and raise a TypeError."""
        z = self.args[0]
        if not z.is_number:
            return None
        value = z.evalf(prec)
        if not value.is_Float or value._prec <= 1 or value == 0:  # no significance, or complex
            return None
        return Float(1 if value > 0 else -1, prec)

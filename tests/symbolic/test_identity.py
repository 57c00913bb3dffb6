"""is_shown_zero: 'shown' only for real identities, never across a possible division by zero."""

import pytest
from sympy import Matrix, Symbol, cos, sin, symbols

from symbolic import ETA, is_shown_zero, phi

y, z = symbols("y z", real=True)


@pytest.mark.parametrize(
    "expr",
    [
        (y + 1) ** 2 - y**2 - 2 * y - 1,  # expansion
        (ETA**2 - ETA) / ETA - ETA + 1,  # divides by η, known positive
        (y**2 - 1) / (y**2 + 1) - (y - 1) * (y + 1) / (y**2 + 1),  # y² + 1 > 0
        sin(z) ** 2 + cos(z) ** 2 - 1,  # simplify
        phi(ETA * z) - phi(z),  # φ drops the positive factor itself
        Matrix([y - y, 2 * z - z - z]),
    ],
)
def test_identities_are_shown(expr):
    assert is_shown_zero(expr)


@pytest.mark.parametrize(
    "expr",
    [
        (y**2 - 1) / (y - 1) - (y + 1),  # undefined at y = 1: not an identity there
        phi(-z) + phi(z),  # false at z = 0
        phi(Symbol("e") * z) - phi(z),  # e may be negative
        y - 1,
        Matrix([0, y]),
    ],
)
def test_non_identities_and_identities_only_off_a_zero_denominator_are_not_shown(expr):
    assert not is_shown_zero(expr)

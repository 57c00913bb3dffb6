"""φ: numbers evaluate, positive factors drop out, and nothing else is assumed."""

import pytest
from sympy import Rational, Symbol, latex, nan, oo, symbols

from symbolic import InvalidNumber, is_shown_zero, phi

eta = Symbol("eta", positive=True)
unknown = Symbol("e")  # no sign known
a, b, z = symbols("a b z", real=True)


@pytest.mark.parametrize(
    ("argument", "value"),
    [(0, 1), (3, 1), (-2, -1), (Rational(1, 2), 1), (Rational(-1, 3), -1), (0.0, 1), (-1e-300, -1)],
)
def test_numbers_evaluate_with_phi_of_zero_equal_to_one(argument, value):
    assert phi(argument) == value


def test_a_positive_factor_is_dropped_from_the_argument():
    assert phi(eta * z) == phi(z)
    assert phi(3 * z) == phi(z)
    assert phi(-2 * z) == phi(-z)
    assert phi(eta * a * b) == phi(a * b)


def test_a_positive_factor_common_to_a_sum_is_dropped():
    assert phi(eta * a + eta * b) == phi(a + b)
    assert phi(2 * eta * a + 6 * eta * a * b) == phi(a + 3 * a * b)


def test_an_argument_known_positive_or_negative_evaluates():
    assert phi(eta) == 1
    assert phi(-eta) == -1
    assert phi(a**2) == 1  # a² ≥ 0 for real a


def test_an_infinite_factor_never_leaves_the_argument():
    assert phi(oo * z).args == (oo * z,)
    assert phi(oo * a + oo * b).has(oo)


def test_a_factor_of_unknown_sign_stays_inside():
    assert phi(unknown * z).args == (unknown * z,)
    assert phi(unknown * a + unknown * b).has(unknown)


def test_phi_of_minus_z_is_not_minus_phi_of_z_because_of_the_tie_at_zero():
    assert phi(-z) != -phi(z)
    assert phi(-z).subs(z, 0) == 1 and (-phi(z)).subs(z, 0) == -1
    assert not is_shown_zero(phi(-z) + phi(z))


def test_phi_is_an_integer_valued_function_whose_sign_follows_its_argument():
    assert phi(z).is_integer and phi(z).is_real and phi(z).is_zero is False
    assert phi(a**2 + 1).is_positive
    assert phi(z).is_positive is None


@pytest.mark.parametrize("bad", [nan, oo, -oo, float("nan")])
def test_a_non_finite_argument_is_rejected(bad):
    with pytest.raises(InvalidNumber, match="must be a finite real number"):
        phi(bad)


def test_phi_prints_as_phi_with_growing_parentheses_in_latex():
    assert latex(phi(z)) == r"\phi\left(z\right)"
    assert latex(phi(a + b) ** 2) == r"\phi\left(a + b\right)^{2}"


def test_phi_of_a_number_whose_sign_sympy_cannot_decide_stays_unevaluated_and_never_crashes():
    from sympy import log, pi

    undecided = phi(log(6) - log(2) - log(3))  # 0, but SymPy cannot tell
    assert isinstance(undecided, phi)
    assert undecided.evalf() == undecided  # no TypeError from mpmath's constant phi
    assert (undecided + 1).is_zero is None
    assert float(phi(pi - 3, evaluate=False).evalf()) == 1.0
    assert float(phi(3 - pi, evaluate=False).evalf()) == -1.0

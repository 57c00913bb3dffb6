"""factor_eta: returns η and a g provably free of η, or says what keeps η inside."""

import pytest
from sympy import Matrix, Symbol, symbols

from symbolic import (
    ETA,
    InvalidLearningRate,
    NotFactorable,
    factor_eta,
    is_shown_zero,
    phi,
)

a, b, z = symbols("a b z", real=True)


@pytest.mark.parametrize(
    ("expr", "expected_g"),
    [
        (ETA * a, a),
        (ETA * a + ETA * b, a + b),
        (ETA * (a - phi(ETA * z)) * b, (a - phi(z)) * b),
        (3 * ETA * a * phi(ETA * a + ETA * b), 3 * a * phi(a + b)),
        (Matrix([ETA * a, ETA * b * phi(ETA * z)]), Matrix([a, b * phi(z)])),
    ],
)
def test_eta_is_factored_out_with_a_remainder_free_of_eta(expr, expected_g):
    eta, g = factor_eta(expr, ETA)
    assert eta is ETA
    assert ETA not in g.free_symbols
    assert is_shown_zero(g - expected_g)


def test_eta_inside_phi_next_to_another_term_is_named():
    culprit = phi(a + ETA * z)
    with pytest.raises(NotFactorable, match="stays inside") as caught:
        factor_eta(ETA * b * culprit, ETA)
    assert caught.value.culprit == culprit


def test_eta_outside_any_phi_that_does_not_factor_is_refused():
    with pytest.raises(NotFactorable, match="is not η times"):
        factor_eta(ETA**2 * a + ETA * b, ETA)
    with pytest.raises(NotFactorable):
        factor_eta(a + b, ETA)


@pytest.mark.parametrize(
    "eta", [Symbol("eta"), Symbol("eta", real=True), Symbol("eta", negative=True)]
)
def test_an_eta_not_known_to_be_positive_is_refused_even_where_it_would_factor(eta):
    with pytest.raises(NotFactorable, match="not known to be positive"):
        factor_eta(eta * a, eta)


def test_eta_must_be_a_symbol():
    with pytest.raises(InvalidLearningRate, match="must be a SymPy Symbol"):
        factor_eta(a, 2)

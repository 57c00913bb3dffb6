"""The text printer writes the network's notation as a textbook would: σ, δ_j, σ′(z),
∂L(ŷ, y)/∂ŷ, η², never SymPy's ``Derivative(…)``, ``Subs(…)`` or ``**``."""

from __future__ import annotations

import pytest
from sympy import Derivative, Function, Subs, Sum, Symbol

from symbolic.perceptron.trace import ETA
from symbolic.render.text import NotationTextPrinter

sigma, L = Function("sigma"), Function("L")
z, t, y, yhat = Symbol("z_j"), Symbol("t"), Symbol("y"), Symbol("yhat")


def text(expr) -> str:
    return NotationTextPrinter().doprint(expr)


@pytest.mark.parametrize(
    ("expr", "printed"),
    [
        (sigma(z), "σ(z_j)"),
        (Symbol("delta_j"), "δ_j"),
        (Derivative(sigma(z), z), "σ′(z_j)"),
        (Derivative(L(yhat, y), yhat), "∂L(ŷ, y)/∂ŷ"),
        (Subs(Derivative(sigma(t), t), t, z + 1), "σ′(z_j + 1)"),
        (Subs(Derivative(L(t, y), t), t, yhat), "[∂L(t, y)/∂t at t = ŷ]"),
        (Derivative(sigma(z) * z, z), "∂/∂z_j (z_j σ(z_j))"),
        (ETA**2, "η²"),
        (
            Sum(Symbol("v_l") * sigma(Symbol("z_l")), (Symbol("l"), 1, Symbol("m"))),
            "Σ_(l=1..m) v_l σ(z_l)",
        ),
        ((ETA + 1) ** 3, "(η + 1)³"),
    ],
)
def test_network_notation_prints_as_a_textbook_writes_it(expr, printed):
    assert text(expr) == printed

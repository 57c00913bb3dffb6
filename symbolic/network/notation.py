"""The network's named quantities, as the proof documents write them, and their definitions.

At step k the network sees the sample x⁽ᵏ⁾ with target y⁽ᵏ⁾.  Unit j has incoming weights
w_j⁽ᵏ⁻¹⁾ (a named vector, of any dimension), bias b_j⁽ᵏ⁻¹⁾ and outgoing weight v_j⁽ᵏ⁻¹⁾; the
output bias is c⁽ᵏ⁻¹⁾.  The definitions, as unit j sees the network:

    z_j⁽ᵏ⁾ = w_j⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ + b_j⁽ᵏ⁻¹⁾                       its net input
    ŷ⁽ᵏ⁾ = v_j⁽ᵏ⁻¹⁾ σ(z_j⁽ᵏ⁾) + r_j⁽ᵏ⁾                      the output
    δ_j⁽ᵏ⁾ = σ′(z_j⁽ᵏ⁾) v_j⁽ᵏ⁻¹⁾ ∂L/∂ŷ⁽ᵏ⁾                 the error backpropagated to it
    w_j⁽ᵏ⁾ = w_j⁽ᵏ⁻¹⁾ − η δ_j⁽ᵏ⁾ x⁽ᵏ⁾,  b_j⁽ᵏ⁾ = b_j⁽ᵏ⁻¹⁾ − η δ_j⁽ᵏ⁾,
    v_j⁽ᵏ⁾ = v_j⁽ᵏ⁻¹⁾ − η σ(z_j⁽ᵏ⁾) ∂L/∂ŷ⁽ᵏ⁾,  c⁽ᵏ⁾ = c⁽ᵏ⁻¹⁾ − η ∂L/∂ŷ⁽ᵏ⁾

where r_j⁽ᵏ⁾, the output bias plus the other units' terms, does not involve unit j's
parameters.  σ′(z) is ``Derivative(σ(z), z)`` and ∂L/∂ŷ is ``Derivative(L(ŷ, y), ŷ)``: SymPy's
own derivatives, so a chain can check them against :func:`sympy.diff`.  The one-unit network
of the equivalence carries the subscript ``*`` (w_*⁽ᵏ⁾, b_*⁽ᵏ⁾, v_*⁽ᵏ⁾, c_*⁽ᵏ⁾, ŷ_*⁽ᵏ⁾).

Names are symbols printed by etaproof's printers through the notation classes they extend:
:class:`UnitSymbol` (b_j⁽ᵏ⁻¹⁾, like the perceptron's indexed symbols) and
:class:`UnitVectorSymbol` (w_j⁽ᵏ⁻¹⁾, a named vector).  Only the data and the parameters
w, b, v, c of a step before are free; every defined name declares no assumption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sympy import Derivative, Expr, Function, Subs, Symbol

from symbolic.algebra.symbols import ETA
from symbolic.algebra.vectors import Dot, VectorSymbol, vector
from symbolic.network.functions import ANY_ACTIVATION, ANY_LOSS
from symbolic.perceptron.dataset import IndexedSymbol, indexed_symbol
from symbolic.perceptron.notation import HatSymbol, Index, previous

#: The number of hidden units, for the statements that hold for every m.
M = Symbol("m", positive=True, integer=True)

_UNIT = re.compile(r"^(?P<base>[A-Za-z]+_(?:\w+|\*))\((?P<sup>[^)]*)\)$")

#: The bound variable of a derivative taken at a point, σ′(t) at t = z.
T = Symbol("t")


class UnitSymbol(IndexedSymbol):
    r"""A scalar of one unit at one step, such as ``b_j(k-1)``: :math:`b_{j}^{(k-1)}` in
    LaTeX, ``b_j⁽ᵏ⁻¹⁾`` in text."""

    @property
    def parts(self) -> tuple[str, str, str | None] | None:
        """(the letter with its unit subscript, the step, no component)."""
        match = _UNIT.match(self.name)
        return None if match is None else (match["base"], match["sup"], None)


class UnitVectorSymbol(VectorSymbol):
    r"""A named vector of one unit at one step, such as ``w_j(k-1)``:
    :math:`\mathbf{w_j}^{(k-1)}` in LaTeX, ``w_j⁽ᵏ⁻¹⁾`` in text."""

    @property
    def parts(self) -> tuple[bool, str, str | None]:
        """(no Δ, the letter with its unit subscript, the step)."""
        match = _UNIT.match(self.name)
        if match is None:
            return False, self.name, None
        return False, match["base"], match["sup"]


def at_point(expr: Expr, variable: Symbol, point: Expr) -> Expr:
    """``expr``'s derivative in ``variable`` taken at ``point``, with the bound variable
    :data:`T` (so that every chain names it alike): Subs(Derivative(σ(t), t), t, z)."""
    return Subs(Derivative(expr.xreplace({variable: T}), T), T, point)


@dataclass(frozen=True)
class NetworkNotation:
    """The named quantities of the one-hidden-layer network and their definitions."""

    sigma: Function = ANY_ACTIVATION
    loss: Function = ANY_LOSS
    eta: Symbol = ETA
    m: Symbol = M

    # -- data and parameters ----------------------------------------------------------------

    def x(self, k: Index) -> VectorSymbol:
        """x⁽ᵏ⁾, the sample of step k."""
        return vector("x", k)

    def y(self, k: Index) -> IndexedSymbol:
        """y⁽ᵏ⁾, its target."""
        return indexed_symbol("y", k)

    def w(self, j: Index, k: Index) -> UnitVectorSymbol:
        """w_j⁽ᵏ⁾, unit j's incoming weights after k steps (j = "*": the one-unit network)."""
        return UnitVectorSymbol(f"w_{j}({k})")

    def b(self, j: Index, k: Index) -> UnitSymbol:
        """b_j⁽ᵏ⁾, unit j's bias after k steps."""
        return UnitSymbol(f"b_{j}({k})")

    def v(self, j: Index, k: Index) -> UnitSymbol:
        """v_j⁽ᵏ⁾, unit j's outgoing weight after k steps."""
        return UnitSymbol(f"v_{j}({k})")

    def c(self, k: Index, j: Index | None = None) -> IndexedSymbol:
        """c⁽ᵏ⁾, the output bias after k steps (c_*⁽ᵏ⁾ for the one-unit network)."""
        return IndexedSymbol(f"c({k})") if j is None else UnitSymbol(f"c_{j}({k})")

    # -- what a step computes --------------------------------------------------------------

    def z(self, j: Index, k: Index) -> UnitSymbol:
        """z_j⁽ᵏ⁾, unit j's net input at step k."""
        return UnitSymbol(f"z_{j}({k})")

    def y_hat(self, k: Index, j: Index | None = None) -> Symbol:
        """ŷ⁽ᵏ⁾, the output at step k (ŷ_*⁽ᵏ⁾ for the one-unit network)."""
        return HatSymbol(f"yhat({k})") if j is None else UnitSymbol(f"yhat_{j}({k})")

    def r(self, j: Index, k: Index) -> UnitSymbol:
        """r_j⁽ᵏ⁾, the output bias plus the other units' terms at step k."""
        return UnitSymbol(f"r_{j}({k})")

    def delta(self, j: Index, k: Index) -> UnitSymbol:
        """δ_j⁽ᵏ⁾, the error backpropagated to unit j at step k."""
        return UnitSymbol(f"delta_{j}({k})")

    def s(self, k: Index) -> IndexedSymbol:
        """s⁽ᵏ⁾ = ŷ⁽ᵏ⁾ − c⁽ᵏ⁻¹⁾, the hidden layer's part of the output."""
        return IndexedSymbol(f"s({k})")

    def sigma_prime(self, z: Expr) -> Expr:
        """σ′(z), SymPy's Derivative(σ(z), z) (z a name)."""
        return Derivative(self.sigma(z), z)

    def loss_gradient(self, k: Index, j: Index | None = None) -> Expr:
        """∂L/∂ŷ at step k: Derivative(L(ŷ⁽ᵏ⁾, y⁽ᵏ⁾), ŷ⁽ᵏ⁾)."""
        y_hat = self.y_hat(k, j)
        return Derivative(self.loss(y_hat, self.y(k)), y_hat)

    def rates(self, j: Index | None) -> tuple[Expr, Expr, Expr, Expr]:
        """The rates for (w, b, v, c): η for the m-unit network, η/m, η/m, m·η, η for the
        one-unit network (j = "*")."""
        eta, m = self.eta, self.m
        return (eta, eta, eta, eta) if j != "*" else (eta / m, eta / m, m * eta, eta)

    # -- definitions ------------------------------------------------------------------------

    def defines_z(self, j: Index, k: Index) -> tuple[Expr, Expr]:
        """z_j⁽ᵏ⁾ = w_j⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ + b_j⁽ᵏ⁻¹⁾."""
        before = previous(k)
        return self.z(j, k), Dot(self.w(j, before), self.x(k)) + self.b(j, before)

    def defines_output(self, j: Index, k: Index) -> tuple[Expr, Expr]:
        """ŷ⁽ᵏ⁾ = v_j⁽ᵏ⁻¹⁾ σ(z_j⁽ᵏ⁾) + r_j⁽ᵏ⁾ (ŷ_*⁽ᵏ⁾ = v_*⁽ᵏ⁻¹⁾ σ(z_*⁽ᵏ⁾) + c_*⁽ᵏ⁻¹⁾)."""
        before = previous(k)
        if j == "*":
            term = self.v("*", before) * self.sigma(self.z("*", k))
            return self.y_hat(k, "*"), term + self.c(before, "*")
        return self.y_hat(k), self.v(j, before) * self.sigma(self.z(j, k)) + self.r(j, k)

    def defines_s(self, k: Index) -> tuple[Expr, Expr]:
        """s⁽ᵏ⁾ = ŷ⁽ᵏ⁾ − c⁽ᵏ⁻¹⁾."""
        return self.s(k), self.y_hat(k) - self.c(previous(k))

    def delta_value(self, j: Index, k: Index) -> Expr:
        """σ′(z_j⁽ᵏ⁾) v_j⁽ᵏ⁻¹⁾ ∂L/∂ŷ⁽ᵏ⁾."""
        one = "*" if j == "*" else None
        return self.sigma_prime(self.z(j, k)) * self.v(j, previous(k)) * self.loss_gradient(k, one)

    def defines_delta(self, j: Index, k: Index) -> tuple[Expr, Expr]:
        """δ_j⁽ᵏ⁾ = σ′(z_j⁽ᵏ⁾) v_j⁽ᵏ⁻¹⁾ ∂L/∂ŷ⁽ᵏ⁾."""
        return self.delta(j, k), self.delta_value(j, k)

    def defines_w(self, j: Index, k: Index) -> tuple[Expr, Expr]:
        """w_j⁽ᵏ⁾ = w_j⁽ᵏ⁻¹⁾ − η δ_j⁽ᵏ⁾ x⁽ᵏ⁾ (rate η/m for the one-unit network)."""
        rate = self.rates(j)[0]
        return self.w(j, k), self.w(j, previous(k)) - rate * self.delta(j, k) * self.x(k)

    def defines_b(self, j: Index, k: Index) -> tuple[Expr, Expr]:
        """b_j⁽ᵏ⁾ = b_j⁽ᵏ⁻¹⁾ − η δ_j⁽ᵏ⁾."""
        rate = self.rates(j)[1]
        return self.b(j, k), self.b(j, previous(k)) - rate * self.delta(j, k)

    def defines_v(self, j: Index, k: Index) -> tuple[Expr, Expr]:
        """v_j⁽ᵏ⁾ = v_j⁽ᵏ⁻¹⁾ − η σ(z_j⁽ᵏ⁾) ∂L/∂ŷ⁽ᵏ⁾ (rate m·η for the one-unit network)."""
        rate = self.rates(j)[2]
        one = "*" if j == "*" else None
        gradient = self.sigma(self.z(j, k)) * self.loss_gradient(k, one)
        return self.v(j, k), self.v(j, previous(k)) - rate * gradient

    def defines_c(self, k: Index, j: Index | None = None) -> tuple[Expr, Expr]:
        """c⁽ᵏ⁾ = c⁽ᵏ⁻¹⁾ − η ∂L/∂ŷ⁽ᵏ⁾."""
        return self.c(k, j), self.c(previous(k), j) - self.eta * self.loss_gradient(k, j)

    def unit_definitions(self, j: Index, k: Index) -> tuple[tuple[Expr, Expr], ...]:
        """z, δ and the updates of w, b, v for unit j at step k."""
        return (
            self.defines_z(j, k),
            self.defines_delta(j, k),
            self.defines_w(j, k),
            self.defines_b(j, k),
            self.defines_v(j, k),
        )


__all__ = ["NetworkNotation", "T", "UnitSymbol", "UnitVectorSymbol", "at_point"]

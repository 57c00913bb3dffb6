"""Answer 1's notation as named quantities: x⁽ᵏ⁾, y⁽ᵏ⁾, ŷ⁽ᵏ⁾, w⁽ᵏ⁾, Δw⁽ᵏ⁾ and their definitions.

Each quantity is a symbol (w⁽ᵏ⁻¹⁾ stays a named vector in step k, as a human writes it), and
its definition is an equation the derivations cite.  Definitions are built with φ *held*
(:func:`hold`), so that φ(η·v·x) is printed as written until a step drops η, with a reason.
Two more names carry the zero-init proof: v⁽ᵏ⁾, the weights of the run with η = 1, and
g⁽ᵏ⁾ = v⁽ᵏ⁾ − v⁽ᵏ⁻¹⁾, its update.  Step indices are integers or text such as ``"k"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Dummy, Expr, Symbol

from symbolic.algebra.phi import phi
from symbolic.algebra.symbols import ETA
from symbolic.algebra.vectors import Dot, VectorSymbol, vector
from symbolic.perceptron.dataset import IndexedSymbol, indexed_symbol
from symbolic.perceptron.rules import Rule, get_rule

Index = int | str


class HatSymbol(Symbol):
    r"""A prediction such as ``yhat(2)``, written :math:`\hat{y}^{(2)}` in LaTeX and ``ŷ⁽²⁾``
    in text by etaproof's printers."""

    @property
    def parts(self) -> tuple[str, str]:
        """(the letter under the hat, the step index): ``("y", "2")`` for ``yhat(2)``."""
        base, _, sup = self.name.partition("hat(")
        return base, sup.removesuffix(")")


def hold(expr: Expr, mapping: dict[Expr, Expr] | None = None) -> Expr:
    """``expr`` with ``mapping`` substituted, every φ(...) of a non-number kept unevaluated
    (φ(η·z) is not turned into φ(z) behind the reader's back; φ(0) still gives 1)."""
    mapping = mapping or {}
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    args = [hold(arg, mapping) for arg in expr.args]
    if isinstance(expr, phi):
        return phi(args[0]) if args[0].is_number else phi(args[0], evaluate=False)
    return expr.func(*args)


def previous(k: Index) -> Index:
    """The index before k: 1 for 2, ``"k-1"`` for ``"k"``."""
    return k - 1 if isinstance(k, int) else f"{k}-1"


@dataclass(frozen=True)
class PerceptronNotation:
    """The named quantities of one perceptron rule and their definitions."""

    rule: Rule
    eta: Symbol = ETA

    @classmethod
    def of(cls, rule: str | Rule = "rosenblatt", eta: Symbol = ETA) -> PerceptronNotation:
        """The notation for a rule given by name."""
        return cls(get_rule(rule), eta)

    def x(self, k: Index) -> VectorSymbol:
        """x⁽ᵏ⁾, the sample seen at step k."""
        return vector("x", k)

    def y(self, k: Index) -> IndexedSymbol:
        """y⁽ᵏ⁾, its label (the same real symbol as in :func:`symbolic.generic_dataset`)."""
        return indexed_symbol("y", k)

    def y_hat(self, k: Index) -> HatSymbol:
        """ŷ⁽ᵏ⁾, the prediction at step k."""
        return HatSymbol(f"yhat({k})", real=True)

    def w(self, k: Index) -> VectorSymbol:
        """w⁽ᵏ⁾, the weights after k steps."""
        return vector("w", k)

    def dw(self, k: Index) -> VectorSymbol:
        """Δw⁽ᵏ⁾, the update at step k."""
        return vector("w", k, delta=True)

    def v(self, k: Index) -> VectorSymbol:
        """v⁽ᵏ⁾, the weights after k steps of the run with η = 1 (the zero-init proof's name)."""
        return vector("v", k)

    def g(self, k: Index) -> VectorSymbol:
        """g⁽ᵏ⁾, the update at step k of the run with η = 1."""
        return vector("g", k)

    def net_input(self, k: Index, weights: Expr | None = None) -> Expr:
        """w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ (or ``weights``·x⁽ᵏ⁾)."""
        return Dot(self.w(previous(k)) if weights is None else weights, self.x(k))

    def prediction(self, z: Expr) -> Expr:
        """The rule's prediction for net input z, with φ held: φ(z) for Rosenblatt."""
        placeholder = Dummy("z")
        return hold(self.rule.predict(placeholder), {placeholder: z})

    def coefficient(self, k: Index, z: Expr) -> Expr:
        """c in Δw⁽ᵏ⁾ = η·c·x⁽ᵏ⁾ at net input z, with φ held: y⁽ᵏ⁾ − φ(z) for Rosenblatt."""
        placeholder = Dummy("z")
        return hold(self.rule.coefficient(self.y(k), placeholder), {placeholder: z})

    def update(self, k: Index) -> Expr:
        """The right side of the update's definition: η(y⁽ᵏ⁾ − ŷ⁽ᵏ⁾)x⁽ᵏ⁾ for the error rules,
        η·c(y⁽ᵏ⁾, w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾)·x⁽ᵏ⁾ for the mistake-driven rule."""
        if self.rule.update == "error":
            return self.eta * (self.y(k) - self.y_hat(k)) * self.x(k)
        return self.eta * self.coefficient(k, self.net_input(k)) * self.x(k)

    def uses_prediction(self) -> bool:
        """True when the update is written with ŷ⁽ᵏ⁾ (the error rules)."""
        return self.rule.update == "error"

    def defines_update(self, k: Index) -> tuple[Expr, Expr]:
        """Δw⁽ᵏ⁾ = η(y⁽ᵏ⁾ − ŷ⁽ᵏ⁾)x⁽ᵏ⁾."""
        return self.dw(k), self.update(k)

    def defines_prediction(self, k: Index) -> tuple[Expr, Expr]:
        """ŷ⁽ᵏ⁾ = φ(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾)."""
        return self.y_hat(k), self.prediction(self.net_input(k))

    def defines_weights(self, k: Index) -> tuple[Expr, Expr]:
        """w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾."""
        return self.w(k), self.w(previous(k)) + self.dw(k)

    def defines_g(self, k: Index) -> tuple[Expr, Expr]:
        """g⁽ᵏ⁾ = c(y⁽ᵏ⁾, v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾)·x⁽ᵏ⁾: the update of the run with η = 1."""
        return self.g(k), self.coefficient(k, Dot(self.v(previous(k)), self.x(k))) * self.x(k)

    def defines_v(self, k: Index) -> tuple[Expr, Expr]:
        """v⁽ᵏ⁾ = v⁽ᵏ⁻¹⁾ + g⁽ᵏ⁾."""
        return self.v(k), self.v(previous(k)) + self.g(k)

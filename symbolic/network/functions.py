"""Activations σ and losses L(ŷ, y) for the symbolic network, by the numeric twin's names.

Each is the SymPy form of the function :mod:`numeric.network` computes, so that SymPy's
derivative is the twin's hand-written one (the cross-check tests compare them):

- tanh: ``tanh(z)``;  sigmoid: ``1/(1 + exp(-z))``;  identity: ``z``;
- relu: :class:`relu`, max(z, 0) on numbers and opaque otherwise, whose derivative is
  ``Heaviside(z, 0)``: 1 for z > 0, else 0, the twin's convention σ′(0) = 0 (a ``Piecewise``
  would do as well, but nests into conditions SymPy takes minutes to build after a few steps);
- squared: ``(ŷ − y)²/2``;  logistic: ``log(1 + exp(−y ŷ))`` (labels ±1).

``None`` stands for *any* differentiable function: the undefined :data:`ANY_ACTIVATION` σ and
:data:`ANY_LOSS` L, whose derivatives SymPy keeps unevaluated, so whatever is shown with them
holds for every activation and every loss.  A SymPy function of the right number of arguments
(``sympy.Function("sigma")``, ``sympy.tanh``, a ``Lambda``) is accepted as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sympy import Expr, Function, Heaviside, Lambda, S, Symbol, exp, log, tanh
from sympy.core.function import FunctionClass

from numeric.network import ACTIVATIONS as NUMERIC_ACTIVATIONS
from numeric.network import LOSSES as NUMERIC_LOSSES
from numeric.network import UnknownFunction

#: Any differentiable activation: an undefined SymPy function (printed σ).
ANY_ACTIVATION = Function("sigma")
#: Any differentiable loss L(ŷ, y): an undefined SymPy function of two arguments.
ANY_LOSS = Function("L")

_z, _p, _y = Symbol("z"), Symbol("p"), Symbol("y")


class relu(Function):  # lower case, as SymPy names its functions
    """ReLU, max(z, 0): evaluated on real numbers, opaque on anything else; its derivative is
    ``Heaviside(z, 0)``, with the convention σ′(0) = 0 of :mod:`numeric.network`."""

    nargs = 1

    @classmethod
    def eval(cls, z: Expr) -> Expr | None:
        if z.is_extended_positive:
            return z
        if z.is_extended_nonpositive:
            return S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> Expr:
        return Heaviside(self.args[0], 0)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_extended_nonnegative(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


@dataclass(frozen=True)
class Activation:
    """σ by name (``"any"`` for the undefined σ); calling it applies σ to an expression."""

    name: str
    function: Callable[[Expr], Expr]

    def __call__(self, z: Expr) -> Expr:
        return self.function(z)

    @property
    def at_zero(self) -> Expr:
        """σ(0), exactly (unevaluated for the undefined σ)."""
        return S(self.function(S.Zero))


@dataclass(frozen=True)
class Loss:
    """L(ŷ, y) by name (``"any"`` for the undefined L); calling it applies L."""

    name: str
    function: Callable[[Expr, Expr], Expr]

    def __call__(self, y_hat: Expr, y: Expr) -> Expr:
        return self.function(y_hat, y)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("tanh", tanh),
        Activation("sigmoid", Lambda(_z, 1 / (1 + exp(-_z)))),
        Activation("relu", relu),
        Activation("identity", Lambda(_z, _z)),
    )
}

LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("squared", Lambda((_p, _y), (_p - _y) ** 2 / 2)),
        Loss("logistic", Lambda((_p, _y), log(1 + exp(-_y * _p)))),
    )
}

ANY = "any"

assert set(ACTIVATIONS) == set(NUMERIC_ACTIVATIONS), "the twins name the same activations"
assert set(LOSSES) == set(NUMERIC_LOSSES), "the twins name the same losses"


def activation_of(spec: object = None) -> Activation:
    """The activation ``spec`` names: None (any σ), a name of :data:`ACTIVATIONS`, an
    :class:`Activation`, or a SymPy function of one argument."""
    if spec is None:
        return Activation(ANY, ANY_ACTIVATION)
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, str):
        if spec not in ACTIVATIONS:
            raise UnknownFunction(
                f"activation={spec!r} must be one of {sorted(ACTIVATIONS)} (or None: any σ)", spec
            )
        return ACTIVATIONS[spec]
    if _takes(spec, 1):
        return Activation(_name(spec), spec)  # type: ignore[arg-type]
    raise UnknownFunction(
        f"activation={spec!r} must be None, a name from {sorted(ACTIVATIONS)} or a SymPy "
        "function of one argument",
        spec,
    )


def loss_of(spec: object = None) -> Loss:
    """The loss ``spec`` names: None (any L), a name of :data:`LOSSES`, a :class:`Loss`, or
    a SymPy function of two arguments (ŷ, y)."""
    if spec is None:
        return Loss(ANY, ANY_LOSS)
    if isinstance(spec, Loss):
        return spec
    if isinstance(spec, str):
        if spec not in LOSSES:
            raise UnknownFunction(
                f"loss={spec!r} must be one of {sorted(LOSSES)} (or None: any L)", spec
            )
        return LOSSES[spec]
    if _takes(spec, 2):
        return Loss(_name(spec), spec)  # type: ignore[arg-type]
    raise UnknownFunction(
        f"loss={spec!r} must be None, a name from {sorted(LOSSES)} or a SymPy function of "
        "two arguments",
        spec,
    )


def _takes(spec: object, count: int) -> bool:
    """True for a SymPy function class or Lambda that accepts ``count`` arguments."""
    if isinstance(spec, Lambda):
        return len(spec.variables) == count
    if isinstance(spec, FunctionClass):
        nargs = spec.nargs
        return count in nargs if nargs.is_FiniteSet else True
    return False


def _name(spec: object) -> str:
    return getattr(spec, "__name__", None) or str(spec)

"""The pattern behind both halves of the question: an update that commutes with a group action
keeps the action's fixed set invariant.

Lemma.  Let F: Θ → Θ be one training step and g: Θ → Θ the action of a group element on the
parameters.  If F(g·θ) = g·F(θ) for every θ (F is *equivariant*), then Fᵏ(g·θ) = g·Fᵏ(θ) for
every k (induction: Fᵏ⁺¹(g·θ) = F(g·Fᵏ(θ)) = g·Fᵏ⁺¹(θ)).  So runs from related starts stay
related, and a start fixed by every g of a generating set (g·θ₀ = θ₀) stays fixed.

- Permuting the units of a hidden layer commutes with gradient descent, because the loss does
  not see the order of the units and every unit of a layer has the same rate; its fixed set is
  *equal units* (:mod:`symbolic.theorems.deep_symmetry`), which therefore stay equal.
- Rescaling (w, η) ↦ (c·w, c·η) commutes with the perceptron's update (the two homogeneity
  conditions of :mod:`symbolic.theorems.homogeneity`) and fixes w = 0; so the run at rate c·η
  from zero is c times the run at rate η, and the sign of w·x, the prediction, does not see c.

Here the lemma's hypotheses are checked for a concrete F and generators g at fresh symbols
(a generic θ), by SymPy, each difference shown 0 or else "not shown".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sympy import Expr

from symbolic.algebra.derivatives import named_derivatives
from symbolic.theorems.hidden_symmetry import is_shown_zero
from symbolic.theorems.zero_init import Check

#: Parameters as one flat tuple of expressions.
State = tuple[Expr, ...]


@dataclass(frozen=True)
class Action:
    """A group element acting on the parameters, by name (e.g. "swap units 1 and 2 of
    layer 1")."""

    name: str
    apply: Callable[[State], State]


def equivariance_check(update: Callable[[State], State], action: Action, generic: State) -> Check:
    """F(g·θ) = g·F(θ) at the generic parameters θ: every entry of the difference shown 0."""
    moved_first = update(action.apply(generic))
    moved_after = action.apply(update(generic))
    shown = all(
        is_shown_zero(named_derivatives(a - b))
        for a, b in zip(moved_first, moved_after, strict=True)
    )
    return Check(
        f"equivariance: {action.name}",
        f"one step commutes with “{action.name}” at generic parameters, data and η",
        shown,
    )


def fixed_check(action: Action, point: State, what: str) -> Check:
    """g·θ₀ = θ₀: the start is fixed by this group element."""
    shown = all(
        is_shown_zero(named_derivatives(a - b))
        for a, b in zip(action.apply(point), point, strict=True)
    )
    return Check(f"fixed start: {action.name}", f"{what} is fixed by “{action.name}”", shown)


def fixed_set_invariance(
    update: Callable[[State], State],
    actions: Sequence[Action],
    generic: State,
) -> list[Check]:
    """The lemma's hypothesis for every generator: one step commutes with each action at
    generic parameters.  With a fixed start, the lemma gives a fixed state after every step."""
    return [equivariance_check(update, action, generic) for action in actions]


__all__ = [
    "Action",
    "State",
    "equivariance_check",
    "fixed_check",
    "fixed_set_invariance",
]

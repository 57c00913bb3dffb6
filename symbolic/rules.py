"""The perceptron rules as data: a label set and an update kind, nothing else.

Every rule predicts with a unit step on z = w·x (the larger label when z ≥ 0) and updates
w ← w + η·c(y, z)·x, where the coefficient c is
- ``"error"``: c = y − ŷ (Rosenblatt's rule, in either label convention);
- ``"mistake"``: c = y when y·z ≤ 0, else 0 (a tie counts as a mistake).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sympy import Expr, Integer

from .errors import UnknownRule
from .phi import phi


@dataclass(frozen=True)
class Rule:
    """One perceptron rule: its name, its labels ``(negative, positive)`` and its update kind."""

    name: str
    labels: tuple[int, int]
    update: Literal["error", "mistake"]
    summary: str

    def predict(self, z: Expr) -> Expr:
        """ŷ = the positive label if z ≥ 0, else the negative one (φ(z) for labels ±1)."""
        low, high = (Integer(label) for label in self.labels)
        return low + (high - low) * (1 + phi(z)) / 2

    def coefficient(self, y: Expr, z: Expr) -> Expr:
        """c in Δw = η·c·x, for label y and net input z = w·x."""
        if self.update == "error":
            return y - self.predict(z)
        # [y·z ≤ 0] = (1 + φ(−y·z))/2 for every real y and z.
        return y * (1 + phi(-y * z)) / 2


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "rosenblatt",
            (-1, 1),
            "error",
            "labels ±1, φ(0) = 1, Δw = η(y − ŷ)x (the textbook's and the seed's rule)",
        ),
        Rule(
            "zero-one",
            (0, 1),
            "error",
            "labels 0/1, ŷ = 1 if z ≥ 0 else 0, Δw = η(y − ŷ)x (the newer textbook edition)",
        ),
        Rule(
            "mistake-driven",
            (-1, 1),
            "mistake",
            "labels ±1, Δw = ηyx whenever y(w·x) ≤ 0 (scikit-learn and the formal proofs)",
        ),
    )
}


def get_rule(rule: str | Rule) -> Rule:
    """Look a rule up by name (a :class:`Rule` passes through)."""
    if isinstance(rule, Rule):
        return rule
    try:
        return RULES[rule]
    except (KeyError, TypeError):
        raise UnknownRule(f"rule={rule!r} must be one of {sorted(RULES)}") from None

"""The perceptron rules in SymPy: numeric's rule table (the one source) with each rule's
prediction and update coefficient as formulas in φ.

Every rule predicts with a unit step on z = w·x (the larger label when z ≥ 0) and updates
w ← w + η·c(y, z)·x, where the coefficient c is
- ``"error"``: c = y − ŷ (Rosenblatt's rule, in either label convention);
- ``"mistake"``: c = y when y·z ≤ 0, else 0 (a tie counts as a mistake).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from sympy import Expr, Integer

import numeric.rules as table
from symbolic.algebra.phi import phi
from symbolic.errors import UnknownRule
from symbolic.perceptron.online_rule import OnlineRule


@dataclass(frozen=True)
class Rule:
    """One perceptron rule of :data:`numeric.RULES`, with its formulas in SymPy."""

    data: table.Rule

    @property
    def name(self) -> str:
        """The rule's registry name, e.g. ``"rosenblatt"``."""
        return self.data.name

    @property
    def labels(self) -> tuple[int, int]:
        """The labels ``(negative, positive)``."""
        return self.data.labels

    @property
    def update(self) -> Literal["error", "mistake"]:
        """The update kind: ``"error"`` (c = y − ŷ) or ``"mistake"`` (c = y on a mistake)."""
        return self.data.update

    @property
    def summary(self) -> str:
        """One line saying what the rule does."""
        return self.data.summary

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

    @property
    def online(self) -> OnlineRule:
        """This rule as an :class:`~symbolic.OnlineRule`: decision(w, x) = predict(w·x),
        update(w, x, y, η) = η·c(y, w·x)·x (see :func:`online_rule`)."""
        return online_rule(self)


#: The rules by name: numeric's table, each wrapped once.
RULES: dict[str, Rule] = {name: Rule(rule) for name, rule in table.RULES.items()}


def get_rule(rule: str | Rule | table.Rule) -> Rule:
    """Look a rule up by name (a :class:`Rule` passes through, a numeric rule is wrapped)."""
    if isinstance(rule, Rule):
        return rule
    if isinstance(rule, table.Rule):
        known = RULES.get(rule.name)
        return known if known is not None and known.data is rule else Rule(rule)
    try:
        return RULES[rule]
    except (KeyError, TypeError):
        raise UnknownRule(f"rule={rule!r} must be one of {sorted(RULES)}", rule) from None


def online_rule(rule: str | Rule | table.Rule) -> OnlineRule:
    """A built-in rule in the form of any other online rule, so that the general prover and
    the exact runner treat it as they treat a user's: decision(w, x) = ŷ(w·x) and
    update(w, x, y, η) = η·c(y, w·x)·x over whole vectors (the same object every call)."""
    return _online(get_rule(rule))


@cache
def _online(rule: Rule) -> OnlineRule:
    def decision(w, x):
        return rule.predict(w.dot(x))

    def update(w, x, y, eta):
        return eta * rule.coefficient(y, w.dot(x)) * x

    return OnlineRule(
        rule.name, decision, update, rule.labels, summary=rule.summary, source=f"rule:{rule.name}"
    )

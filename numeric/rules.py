"""The perceptron rules as data, vectorised: the one rule table of etaproof.

``symbolic.perceptron.rules`` wraps these same objects with their SymPy formulas, so both
twins read one table.

Every rule predicts with a unit step on z = w·x (the larger label when z ≥ 0) and updates
w ← w + η·c(y, z)·x, where the coefficient c is
- ``"error"``: c = y − ŷ (Rosenblatt's rule, in either label convention);
- ``"mistake"``: c = y when y·z ≤ 0, else 0 (a tie counts as a mistake).

``z`` may be any array whose sign is the sign of w·x (floats, integers scaled by a positive
number, or Python integers in an object array); only its comparison with 0 is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .errors import InvalidLabel, UnknownRule


@dataclass(frozen=True)
class Rule:
    """One perceptron rule: its name, its labels ``(negative, positive)`` and its update kind."""

    name: str
    labels: tuple[int, int]
    update: Literal["error", "mistake"]
    summary: str

    def __post_init__(self) -> None:
        """Refuse labels whose predictions or coefficients do not fit the int8 the twins
        store them in (labels ±100 would give c = ±200, silently wrapped to ∓56)."""
        low, high = self.labels
        if not (isinstance(low, int) and isinstance(high, int) and low < high):
            raise InvalidLabel(f"labels={self.labels!r} must be two integers, low < high", low)
        if low < -127 or high > 127 or self.largest_coefficient > 127:
            raise InvalidLabel(
                f"labels={self.labels!r}: each label and the largest coefficient "
                f"({self.largest_coefficient}) must lie within ±127",
                self.labels,
            )

    @property
    def largest_coefficient(self) -> int:
        """The largest |c| the rule can produce (2 for Rosenblatt's ±1 labels, else 1)."""
        low, high = self.labels
        return high - low if self.update == "error" else max(abs(low), abs(high))

    def predict(self, z: np.ndarray) -> np.ndarray:
        """ŷ = the positive label where z ≥ 0, else the negative one (int8)."""
        low, high = self.labels
        return np.where(z >= 0, np.int8(high), np.int8(low))

    def coefficient(self, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        """c in Δw = η·c·x for labels y (int8) and net inputs z, broadcast together (int8)."""
        if self.update == "error":
            return (y - self.predict(z)).astype(np.int8)
        return np.where(disagree(y, z), y, np.int8(0)).astype(np.int8)


def disagree(y: np.ndarray, z: np.ndarray) -> np.ndarray:
    """y·z ≤ 0, from the signs: the product itself overflows int64 for labels |y| > 1."""
    return (y == 0) | (z == 0) | ((y > 0) & (z < 0)) | ((y < 0) & (z > 0))


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "rosenblatt",
            (-1, 1),
            "error",
            "labels ±1, φ(0) = 1, Δw = η(y − ŷ)x (the textbook's rule and answer 1's)",
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
        raise UnknownRule(f"rule={rule!r} must be one of {sorted(RULES)}", rule) from None


def rule_code(rule: Rule) -> tuple[int, int, bool] | None:
    """(negative label, positive label, mistake-driven?) for a rule of the table's kind, which
    the compiled kernels run; None for a subclass with its own ``predict``/``coefficient``
    (NumPy only)."""
    if type(rule) is not Rule or rule.update not in ("error", "mistake"):
        return None
    low, high = rule.labels
    return int(low), int(high), rule.update == "mistake"


def exact_rate_products(rule: Rule) -> bool:
    """Whether η̃·c is exact in float64 for every c the rule makes (overflow aside): each |c|
    a power of two, as for every rule of the table (Rosenblatt's c = ±2).  False for a
    subclass with its own ``coefficient``, which may make any c."""
    code = rule_code(rule)
    if code is None:
        return False
    low, high, mistake = code
    sizes = {abs(low), abs(high)} if mistake else {high - low}
    return all(size & (size - 1) == 0 for size in sizes)


def sign_tables(rule: Rule, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ŷ (int8) and c (int64) of ``rule`` for each sample (its label in ``labels``) and each
    sign σ of w·x (column σ + 1 for σ = −1, 0, 1): all a step's decision depends on, so the
    exact η tracer decides from these tables and its check holds them to the rule."""
    signs = np.array([-1, 0, 1], dtype=np.int8)
    column = np.asarray(labels).astype(np.int8)[:, None]
    predict = np.broadcast_to(rule.predict(signs), (len(column), 3)).astype(np.int8)
    return predict, rule.coefficient(column, signs[None, :]).astype(np.int64)

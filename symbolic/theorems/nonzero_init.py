"""The non-zero-init counterpart: where η enters φ's argument and where a prediction can flip.

With w⁽⁰⁾ ≠ 0 the net input at step 2 is  w⁽⁰⁾·x⁽²⁾ + η·c₁·x⁽¹⁾·x⁽²⁾  with c₁ free of η, so η
is no longer a positive factor of φ's argument: its sign, hence ŷ⁽²⁾, changes at
η* = −w⁽⁰⁾·x⁽²⁾ / (c₁·x⁽¹⁾·x⁽²⁾) whenever that value is positive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sympy import Expr, Rational, Symbol

from numeric.display import cut, one_line
from symbolic.algebra.factoring import factor_eta
from symbolic.errors import InvalidLearningRate, NotFactorable
from symbolic.perceptron.dataset import generic_dataset
from symbolic.perceptron.rules import Rule, get_rule
from symbolic.perceptron.trace import ETA, PerceptronTrace, dot, perceptron_trace
from symbolic.printable import Displayable, plain_text


def critical_learning_rate(trace: PerceptronTrace, k: int) -> Expr | None:
    """η* where the net input w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ crosses 0, when it is affine in η (always at k ≤ 2).

    Returns ``None`` when the net input does not involve η at all (k = 1: no critical rate).
    Raises :class:`NotFactorable` when η also sits inside an earlier φ (then the net input is
    only piecewise affine in η and the flips are found numerically).
    """
    eta = trace.eta
    if not isinstance(eta, Symbol):
        raise InvalidLearningRate(
            f"eta={eta!r} must be a symbol: η* solves the net input for η, so the trace "
            "must keep η symbolic"
        )
    offset = dot(trace.w0, trace.x(k))
    slope = (trace.z(k) - offset) / eta
    slope = slope.expand() if eta in slope.free_symbols else slope
    if eta in slope.free_symbols:
        raise NotFactorable(
            f"the net input at step k={k} depends on η inside φ; it is only piecewise affine in η",
            culprit=trace.z(k),
        )
    if slope == 0:
        return None
    return -offset / slope


@dataclass(frozen=True)
class NonzeroInitAnalysis(Displayable):
    """Why the zero-init argument breaks with w⁽⁰⁾ ≠ 0, with a concrete witness."""

    rule: Rule
    trace: PerceptronTrace
    obstruction: NotFactorable
    critical_eta: Expr
    witness: dict[str, Any]

    def __str__(self) -> str:
        w = self.witness
        return "\n".join(
            [
                f"Non-zero initial weights (rule {self.rule.name!r}).",
                f"  Δw⁽²⁾ is not η·[free of η]: {self.obstruction}",
                f"  ŷ⁽²⁾ can flip at η* = {plain_text(self.critical_eta)}",
                f"  Witness: X = {w['X']}, y = {w['y']}, w⁽⁰⁾ = {w['w0']}, η* = {w['eta_star']}:",
                f"    η = {w['etas'][0]} predicts ŷ⁽²⁾ = {w['y_hat'][0]}, "
                f"η = {w['etas'][1]} predicts ŷ⁽²⁾ = {w['y_hat'][1]}.",
                "Verdict: η can change the predictions when w⁽⁰⁾ ≠ 0 (the witness flips one).",
            ]
        )

    @property
    def flips(self) -> bool:
        """True when the witness's two rates predict ŷ⁽²⁾ differently (checked exactly)."""
        low, high = self.witness["y_hat"]
        return bool(low != high)

    def __repr__(self) -> str:
        w = self.witness
        return one_line(
            "NonzeroInitAnalysis",
            "η matters" if self.flips else "no flip shown",
            f"rule={self.rule.name!r}",
            f"d={self.trace.data.d}",
            f"witness η* = {cut(w['eta_star'], 20)}",
        )


def analyse_nonzero_init(
    d: int = 2, *, rule: str | Rule = "rosenblatt", eta: Symbol = ETA
) -> NonzeroInitAnalysis:
    """Show that η stays inside φ at step 2 with generic w⁽⁰⁾, give η*, and check a witness."""
    rule = get_rule(rule)
    trace = perceptron_trace(generic_dataset(2, d), eta=eta, rule=rule)
    try:
        factor_eta(trace.delta_w(2), eta)
    except NotFactorable as error:
        obstruction = error
    else:  # pragma: no cover - would contradict the analysis above
        raise AssertionError("Δw⁽²⁾ factored with generic w⁽⁰⁾")
    return NonzeroInitAnalysis(
        rule, trace, obstruction, critical_learning_rate(trace, 2), _witness(rule)
    )


def _witness(rule: Rule) -> dict[str, Any]:
    """One feature, w⁽⁰⁾ = 1, both samples x = 1: the first is a mistake that moves w by η·c₁
    (c₁ = −2 for Rosenblatt, −1 for the other rules), so ŷ⁽²⁾ = predict(1 + η·c₁) flips at
    η* = −1/c₁ (1/2 or 1), between η = 1/10 and η = 10."""
    low, high = rule.labels
    X, y, w0 = [[1], [1]], [low, high], [1]
    etas = (Rational(1, 10), Rational(10))
    runs = [perceptron_trace((X, y), eta=e, w0=w0, rule=rule) for e in etas]
    return {
        "X": X,
        "y": y,
        "w0": w0,
        "etas": etas,
        "eta_star": critical_learning_rate(perceptron_trace((X, y), w0=w0, rule=rule), 2),
        "y_hat": tuple(run.y_hat(2) for run in runs),
    }

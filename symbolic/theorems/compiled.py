"""A rule's formulas compiled to Python on ``Fraction``s: the fast path of the search for a
counterexample (:mod:`symbolic.theorems.counterexamples`).

The formulas (:meth:`symbolic.OnlineRule.expressions`) are printed as Python code in which
rationals stay ``Fraction``s and φ is ``1 if z >= 0 else -1``, so a rational rule runs
exactly and fast; a rule that leaves the rationals (exp, sqrt) runs in floats.  Nothing here
decides a verdict: what the fast path finds is only a candidate, which the exact runner must
confirm.  A formula the code printer cannot write falls back to the exact runner's calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from sympy import Expr, ImmutableMatrix, Rational, lambdify
from sympy.printing.pycode import PythonCodePrinter

from symbolic.perceptron.online_rule import InvalidOnlineRule, OnlineRule


class _FractionPrinter(PythonCodePrinter):
    """Python code for a rule's formulas in which rationals stay exact ``Fraction``s."""

    def _print_Rational(self, expr) -> str:
        return f"Fraction({expr.p}, {expr.q})"

    def _print_Half(self, expr) -> str:
        return "Fraction(1, 2)"

    def _print_phi(self, expr) -> str:
        return f"phi({self._print(expr.args[0])})"

    def _print_sign(self, expr) -> str:
        return f"sign({self._print(expr.args[0])})"

    def _print_Heaviside(self, expr) -> str:
        args = ", ".join(self._print(a) for a in expr.args)
        return f"heaviside({args})"


def _phi(z) -> int:
    return 1 if z >= 0 else -1


def _sign(z) -> int:
    return (z > 0) - (z < 0)


def _heaviside(z, at_zero=Fraction(1, 2)):
    return 1 if z > 0 else (at_zero if z == 0 else 0)


_NAMESPACE = {
    "phi": _phi,
    "sign": _sign,
    "heaviside": _heaviside,
    "Fraction": Fraction,
    "math": math,
}


@dataclass(frozen=True)
class CompiledRule:
    """``predict(*w, *x)`` → ŷ and ``update(*w, *x, y, eta)`` → the entries of Δw, on
    ``Fraction``s (floats where the rule leaves the rationals)."""

    predict: Callable[..., object]
    update: Callable[..., list]
    labels: tuple[object, ...]


@lru_cache(maxsize=256)
def compiled_rule(rule: OnlineRule, d: int) -> CompiledRule | None:
    """The rule's formulas compiled for d features, or None when the rule has no formulas
    for d features (its ``state_size`` refuses d, or its code fails on symbols)."""
    try:
        e = rule.expressions(d)
    except InvalidOnlineRule:
        return None
    arguments = (*e.w, *e.x)
    try:
        predict = lambdify(arguments, e.decision, modules=[_NAMESPACE], printer=_FractionPrinter)
        update = lambdify(
            (*arguments, e.y, e.eta), list(e.update), modules=[_NAMESPACE],
            printer=_FractionPrinter,
        )  # fmt: skip
    except Exception:  # a formula the code printer cannot write: use the exact runner
        return _exact_fallback(rule, e.m)
    return CompiledRule(predict, update, tuple(_fraction(label) for label in rule.labels))


def _exact_fallback(rule: OnlineRule, m: int) -> CompiledRule:
    """The exact runner's calls in the fast path's shape (slow, but always available): the
    arguments are the m entries of w, then those of x (then y and η for the update)."""

    def columns(arguments) -> tuple[ImmutableMatrix, ImmutableMatrix]:
        values = [Rational(v) for v in arguments]
        return ImmutableMatrix(values[:m]), ImmutableMatrix(values[m:])

    def predict(*arguments):
        return _fraction(rule.predict(*columns(arguments)))

    def update(*arguments):
        y, eta = (Rational(v) for v in arguments[-2:])
        return [_fraction(v) for v in rule.step(*columns(arguments[:-2]), y, eta)]

    return CompiledRule(predict, update, tuple(_fraction(label) for label in rule.labels))


def _fraction(value: Expr) -> object:
    return Fraction(int(value.p), int(value.q)) if value.is_Rational else float(value)


def first_disagreement(
    rules: Sequence[CompiledRule], etas: Sequence[Expr], lengths: Sequence[int], X, y, epochs: int
) -> tuple[int, int] | bool | None:
    """Run each compiled rule at its rate from zero, in lockstep, on ``(X, y)``: (step, j) at
    the first step where run j predicts otherwise than run 0, False when none does, None when
    a rule is undefined on this data (a division by zero, say)."""
    rates = [_fraction(eta) for eta in etas]
    states = [[Fraction(0)] * m for m in lengths]
    rows = [[Fraction(v) for v in row] for row in X]
    labels = [Fraction(v) if isinstance(v, int) else _fraction(v) for v in y]
    n = len(rows)
    try:
        for k in range(n * epochs):
            x, label = rows[k % n], labels[k % n]
            predictions = [f.predict(*w, *x) for f, w in zip(rules, states, strict=True)]
            for j in range(1, len(rules)):
                if predictions[j] != predictions[0]:
                    return k + 1, j
            for a, (f, w) in enumerate(zip(rules, states, strict=True)):
                delta = f.update(*w, *x, label, rates[a])
                states[a] = [p + q for p, q in zip(w, delta, strict=True)]
    except (ArithmeticError, ValueError, TypeError, InvalidOnlineRule):
        return None
    return False

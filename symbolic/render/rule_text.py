"""A rule's formulas written back in the rule language (:mod:`symbolic.perceptron.rule_syntax`),
so that ``parse(rule_text(f)) == f``: how a rule captured from Python code is shown, and
handed from the process that ran the code to the one that proves it, as text that cannot run.
"""

from __future__ import annotations

from sympy import Expr, Rational
from sympy.printing.str import StrPrinter

from symbolic.algebra.vectors import VectorSymbol
from symbolic.perceptron.rule_form import InvalidOnlineRule


class RuleTextPrinter(StrPrinter):
    """SymPy's ``StrPrinter`` with the rule language's names for its functions."""

    def _print_Dot(self, expr: Expr) -> str:
        a, b = (self._print(arg) for arg in expr.args)
        return f"dot({a}, {b})"

    def _print_phi(self, expr: Expr) -> str:
        return f"phi({self._print(expr.args[0])})"

    def _print_Abs(self, expr: Expr) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Min(self, expr: Expr) -> str:
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Max(self, expr: Expr) -> str:
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_VectorSymbol(self, expr: VectorSymbol) -> str:
        return expr.name

    def _print_Rational(self, expr: Rational) -> str:
        return f"({expr.p}/{expr.q})"

    def _print_Exp1(self, expr: Expr) -> str:
        return "exp(1)"

    def emptyPrinter(self, expr: object) -> str:
        raise InvalidOnlineRule(f"{expr!r} cannot be written in the rule language", expr)

    def _print_Symbol(self, expr: Expr) -> str:
        if expr.name not in ("y", "eta"):
            raise InvalidOnlineRule(f"{expr} cannot be written in the rule language", expr)
        return expr.name


def rule_text(expr: Expr) -> str:
    """``expr`` in the rule language."""
    return RuleTextPrinter({"order": "none"}).doprint(expr)

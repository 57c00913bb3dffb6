"""The inference rules a derivation may cite, as a registry: each says which math it allows.

A rule is a rewrite applied to both sides of a step before their difference must reduce to 0
(see :mod:`symbolic.checking`); a rule that substitutes carries the equations it uses::

    INFERENCE_RULES["definition"].using((dw2, eta * (y2 - y_hat2) * x2))

The rewrite is sound when the equations hold, so a step is exactly as true as its citation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sympy import Eq, Expr, S, Symbol, expand

from .checking import Sign, canonical, opaque
from .phi import phi, split_positive_factor
from .vectors import expand_dot, vector

#: A part of a citation: plain text, or an expression printed as inline math.
Part = str | Expr
Equation = tuple[Expr, Expr]


@dataclass(frozen=True)
class InferenceRule:
    """One kind of step: its registry ``name``, how it is cited, and the math it allows."""

    name: str
    cites: tuple[Part, ...]
    allows: str
    rewrite: Callable[[Expr, tuple[Equation, ...]], Expr]
    needs_equations: bool = False
    assumes: str = ""
    default_equations: tuple[Equation, ...] = ()

    def using(self, *equations: Equation | Eq, text: str | Sequence[Part] | None = None):
        """This rule with the equations it substitutes (lhs → rhs) and an optional citation."""
        pairs = tuple(_pair(eq) for eq in equations)
        parts = (text,) if isinstance(text, str) else (None if text is None else tuple(text))
        return Justification(self, pairs, parts)


@dataclass(frozen=True)
class Justification:
    """A rule as cited by one step, with its equations and the text printed beside the step."""

    rule: InferenceRule
    equations: tuple[Equation, ...] = ()
    text: tuple[Part, ...] | None = field(default=None)

    @property
    def citation(self) -> tuple[Part, ...]:
        """What the renderers print as the reason: the given text, or the rule's own."""
        if self.text is not None:
            return self.text
        if self.rule.name in ("definition", "induction") and self.equations:
            lhs = [eq[0] for eq in self.equations]
            return (*self.rule.cites, *_joined(lhs))
        if self.rule.name == "substitution" and self.equations:
            eqs = [Eq(lhs, rhs, evaluate=False) for lhs, rhs in self.equations]
            return (*self.rule.cites, *_joined(eqs))
        return self.rule.cites

    def rewrite(self, expr: Expr) -> Expr:
        """Apply the rule (with its equations) to one side of the step."""
        equations = self.equations or self.rule.default_equations
        return self.rule.rewrite(expr, equations)


def _joined(items: list[Expr]) -> list[Part]:
    parts: list[Part] = []
    for i, item in enumerate(items):
        if i:
            parts.append(" and ")
        parts.append(item)
    return parts


def _pair(equation: Equation | Eq) -> Equation:
    if isinstance(equation, Eq):
        return equation.lhs, equation.rhs
    lhs, rhs = equation
    return S(lhs), S(rhs)


def _substitute(expr: Expr, equations: tuple[Equation, ...]) -> Expr:
    """Replace each left side (a named quantity) by its right side, until none is left (at
    most once per equation, so definitions may refer to one another)."""
    mapping = {canonical(opaque(lhs)): canonical(opaque(rhs)) for lhs, rhs in equations}
    for _ in range(len(mapping)):
        replaced = expr.xreplace(mapping)
        if replaced == expr:
            break
        expr = replaced
    return expr


def _unchanged(expr: Expr, equations: tuple[Equation, ...]) -> Expr:
    return expr


def _split_dots(expr: Expr, equations: tuple[Equation, ...]) -> Expr:
    return expand_dot(expr)


def _drop_positive_factors(expr: Expr, equations: tuple[Equation, ...]) -> Expr:
    def strip(sign: Sign) -> Expr:
        _, rest = split_positive_factor(expand(sign.args[0]))
        return Sign(expand(rest))

    return expr.replace(lambda e: isinstance(e, Sign), strip)


_c, _z = Symbol("c"), Symbol("z")

ALGEBRA = InferenceRule(
    "algebra",
    ("algebra",),
    "Rearranging: expanding, collecting, cancelling; φ(0) = 1 and φ of a number; a·b = b·a; "
    "scalars move out of a dot product and 0·x = 0.  No definition, no hypothesis.",
    _unchanged,
)
DEFINITION = InferenceRule(
    "definition",
    ("definition of ",),
    "Replacing named quantities (ŷ⁽ᵏ⁾, Δw⁽ᵏ⁾, w⁽ᵏ⁾, …) by their defining expressions.",
    _substitute,
    needs_equations=True,
)
SUBSTITUTION = InferenceRule(
    "substitution",
    ("by ",),
    "Substituting a result shown earlier (an equation lhs = rhs) into the expression.",
    _substitute,
    needs_equations=True,
)
ZERO_INIT = InferenceRule(
    "zero-init",
    (Eq(vector("w", 0), vector("0"), evaluate=False),),
    "Setting the initial weights to the zero vector, w⁽⁰⁾ = 0 (so w⁽⁰⁾·x = 0 and φ(0) = 1).",
    _substitute,
    assumes="w⁽⁰⁾ = 0",
    default_equations=((vector("w", 0), S.Zero),),
)
LINEARITY = InferenceRule(
    "linearity",
    ("linearity of the dot product",),
    "(a + b)·c = a·c + b·c and a·(b + c) = a·b + a·c.",
    _split_dots,
)
POSITIVE_FACTOR = InferenceRule(
    "positive-factor",
    (
        Eq(phi(_c * _z, evaluate=False), phi(_z), evaluate=False),
        " for ",
        _c > 0,
    ),
    "φ(c·z) = φ(z) when c is known to be positive: only the sign of the argument matters.",
    _drop_positive_factors,
    assumes="every factor dropped is known to be positive (a Symbol declared positive=True)",
)
INDUCTION = InferenceRule(
    "induction",
    ("induction hypothesis for ",),
    "Substituting the induction hypothesis, e.g. w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾ with v⁽ᵏ⁻¹⁾ free of η.",
    _substitute,
    needs_equations=True,
    assumes="the claim holds for k − 1",
)

#: Every rule a step may cite, by name.
INFERENCE_RULES: dict[str, InferenceRule] = {
    rule.name: rule
    for rule in (
        ALGEBRA,
        DEFINITION,
        SUBSTITUTION,
        ZERO_INIT,
        LINEARITY,
        POSITIVE_FACTOR,
        INDUCTION,
    )
}

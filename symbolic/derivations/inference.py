"""The inference rules a derivation may cite, as a registry: each says which math it allows.

A rule is a rewrite applied to both sides of a step before their difference must reduce to 0
(see :mod:`symbolic.checking`).  Rules come in four kinds, and each cites what it used, so
every fact a step relies on is on the page:

- ``algebra`` (algebra, linearity, positive-factor): no equation, only the rule's own math;
- ``definition``: introduces a *name* (a Symbol or named vector), once, by an expression that
  does not contradict the name's declared assumptions and does not refer back to the name,
  and is printed with its right side ("definition Δw⁽²⁾ = η (y⁽²⁾ − ŷ⁽²⁾) x⁽²⁾")::

      INFERENCE_RULES["definition"].using((dw2, eta * (y2 - y_hat2) * x2))

  A definition does not assert anything about the claim.  A name that the line being
  rewritten already uses stands for an arbitrary value there, so a step may not define it
  to a *particular* value (an expression with no free symbols once the step's other
  definitions are substituted: z = 1, w⁽⁰⁾ = 0, z = a with a = 1): that is a hypothesis, and
  :class:`InvalidDefinition` says to cite it as one.  Unfolding a name is allowed: when the
  line is that name itself (ŷ⁽ᵏ⁾ = φ(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾), v⁽⁰⁾ = 0 for the line v⁽⁰⁾), and so is a
  name that first appears in the new line (0 = η v⁽⁰⁾, defining v⁽⁰⁾ = 0);
- ``substitution``: substitutes a result that was *shown*: a verified
  :class:`symbolic.Derivation` (``.using(derivation)`` substitutes ``start = result``, and
  the citation names the definitions and hypotheses it rests on), or an equation whose two
  sides the checker itself shows equal;
- ``hypothesis`` (``hypothesis``, ``zero-init``, ``induction``): an assumption of the claim,
  the one escape hatch.  Its equations are not checked, so it is always printed as a
  hypothesis ("hypothesis z = 1"); one about numbers alone (1 = 2) is refused, and so are
  hypotheses that together contradict one another, a definition or a declared assumption
  (η = a and a = −1 for a positive η; see :mod:`symbolic.derivations.consistency`)::

      INFERENCE_RULES["hypothesis"].using((z, 1))

``text=`` only adds words after the rule and its equations; ``nonzero=`` states conditions
(expressions assumed non-zero) a step may divide by, and they are printed with the step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, cast

from sympy import (
    Eq,
    Expr,
    ImmutableMatrix,
    MatrixBase,
    S,
    Symbol,
    Unequality,
    expand,
    preorder_traversal,
)
from sympy.core.sympify import SympifyError

from symbolic.algebra.coordinates import NoCoordinates, in_coordinates
from symbolic.algebra.phi import phi, split_positive_factor
from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol, expand_dot, is_vector, vector
from symbolic.derivations.binding import refuse_capture
from symbolic.derivations.checking import Application, Sign, canonical, exact, opaque
from symbolic.errors import EtaproofValueError

#: A part of a citation: plain text, or an expression printed as inline math.
Part: TypeAlias = str | Expr
Equation: TypeAlias = tuple[Expr, Expr]
Kind: TypeAlias = Literal["algebra", "definition", "substitution", "hypothesis"]


class InvalidDefinition(EtaproofValueError):
    """A definition does not define a name: its left side is not a Symbol, it contradicts the
    name's declared assumptions, it refers back to the name, or the name is defined twice."""


class InvalidCitation(EtaproofValueError):
    """A rule was cited with equations it does not take, or without those it needs."""


@dataclass(frozen=True)
class InferenceRule:
    """One kind of step: its registry ``name``, how it is cited, and the math it allows."""

    name: str
    cites: tuple[Part, ...]
    allows: str
    rewrite: Callable[[Expr, tuple[Equation, ...]], Expr]
    kind: Kind = "algebra"
    assumes: str = ""
    default_equations: tuple[Equation, ...] = ()

    @property
    def needs_equations(self) -> bool:
        """True for the rules that substitute equations given with :meth:`using`."""
        return self.kind in ("definition", "substitution") or (
            self.kind == "hypothesis" and not self.default_equations
        )

    def using(
        self,
        *equations: object,
        text: str | Sequence[Part] | None = None,
        nonzero: Iterable[Expr] = (),
    ) -> Justification:
        """This rule with the equations it uses (lhs → rhs), words to add to its citation, and
        the expressions it assumes non-zero.

        An equation is a pair ``(lhs, rhs)``, an ``Eq``, or (for ``substitution``) a verified
        :class:`symbolic.Derivation`, which stands for ``start = result``.
        """
        pairs, derivations = [], []
        for equation in equations:
            if hasattr(equation, "verify") and hasattr(equation, "result"):
                if self.kind != "substitution":
                    raise InvalidCitation(
                        f"{self.name!r} cannot cite a derivation; cite it with 'substitution'"
                    )
                lemma: Any = equation  # a Derivation (this module may not import it)
                derivations.append(lemma)
                pairs.append((lemma.start, lemma.result))
            else:
                pairs.append(_pair(equation))
        if pairs and not self.needs_equations:
            raise InvalidCitation(f"{self.name!r} uses no equations; cite it without them")
        if self.kind == "hypothesis":
            for lhs, rhs in pairs:
                if not _names(lhs) | _names(rhs):
                    raise InvalidCitation(
                        f"hypothesis {lhs} = {rhs} is about numbers alone: it is true or "
                        "false, not an assumption"
                    )
        if self.kind == "definition":
            for lhs, rhs in pairs:
                check_definition(lhs, rhs)
            definition_ledger(pairs)
        words = (text,) if isinstance(text, str) else (() if text is None else tuple(text))
        conditions = tuple(_expr(c, "nonzero") for c in nonzero)
        return Justification(self, tuple(pairs), words, tuple(derivations), conditions)


@dataclass(frozen=True)
class Justification:
    """A rule as cited by one step: its equations (and the derivations that showed them), the
    conditions it assumes non-zero, and words added to its citation."""

    rule: InferenceRule
    equations: tuple[Equation, ...] = ()
    text: tuple[Part, ...] = ()
    derivations: tuple = field(default=(), compare=False)
    nonzero: tuple[Expr, ...] = ()

    @property
    def citation(self) -> tuple[Part, ...]:
        """What the renderers print as the reason: the rule, the equations it used, the
        conditions it assumed, then any added words.  Nothing here can be left out."""
        kind = self.rule.kind
        if kind == "definition":
            eqs = [Eq(lhs, rhs, evaluate=False) for lhs, rhs in self.equations]
            parts = [f"definition{'s' if len(eqs) > 1 else ''} ", *_joined(eqs)]
        elif self.equations and kind in ("substitution", "hypothesis"):
            eqs = [Eq(lhs, rhs, evaluate=False) for lhs, rhs in self.equations]
            parts = [*self.rule.cites, *_joined(eqs)]
            if self.derivations:
                parts += self._shown_under()
        else:
            parts = list(self.rule.cites)
        if self.nonzero:
            conditions = [Unequality(c, 0, evaluate=False) for c in self.nonzero]
            parts += [", given ", *_joined(conditions)]
        if self.text:
            parts += [", ", *self.text]
        return tuple(parts)

    def numbered_citation(self, numbers: Mapping[Equation, int]) -> tuple[Part, ...]:
        """The citation in a numbered document: lemmas that numbered chains above show are
        cited by number, "by (11)" or "hypothesis w = v, from (11)", as a textbook does (their
        definitions and hypotheses are printed in those chains); otherwise :attr:`citation`.
        ``numbers``: (start, result) of each numbered chain → its number."""
        found = [numbers.get((d.start, d.result)) for d in self.derivations]
        if not found or None in found:
            return self.citation
        refs: list[Part] = []
        for i, number in enumerate(dict.fromkeys(found)):
            refs += [" and " if i else "", f"({number})"]
        shown = {(d.start, d.result) for d in self.derivations}
        if self.rule.kind == "substitution" and set(self.equations) == shown:
            parts = [*self.rule.cites, *refs]
        else:
            eqs = [Eq(lhs, rhs, evaluate=False) for lhs, rhs in self.equations]
            parts = [*self.rule.cites, *_joined(eqs), ", from ", *refs]
        if self.nonzero:
            conditions = [Unequality(c, 0, evaluate=False) for c in self.nonzero]
            parts += [", given ", *_joined(conditions)]
        if self.text:
            parts += [", ", *self.text]
        return tuple(part for part in parts if part != "")

    def _shown_under(self) -> list[Part]:
        """ " (shown above)", naming the definitions, the hypotheses the cited derivations
        rest on and the conditions ≠ 0 they were shown under, so a lemma never loses its
        premises: " (shown above, where v⁽⁰⁾ = 0, assuming w⁽⁰⁾ = 0)"."""
        defined: list[Expr] = []
        assumed: list[Expr] = []
        conditions: list[Expr] = []
        for derivation in self.derivations:
            for lhs, rhs in _rests_on(derivation):
                equation = Eq(lhs, rhs, evaluate=False)
                if equation not in defined:
                    defined.append(equation)
            for hypothesis in derivation.hypotheses:
                for lhs, rhs in hypothesis.equations or hypothesis.rule.default_equations:
                    equation = Eq(lhs, rhs, evaluate=False)
                    if equation not in assumed:
                        assumed.append(equation)
            for condition in derivation.conditions:  # gathered once per lemma
                unequal = Unequality(condition, 0, evaluate=False)
                if unequal not in conditions:
                    conditions.append(unequal)
        parts: list[Part] = []
        head = " (shown above"  # adjacent words stay one text part
        if defined:
            parts, head = [*parts, f"{head}, where ", *_joined(defined)], ""
        if assumed:
            parts, head = [*parts, f"{head}, assuming ", *_joined(assumed)], ""
        if conditions:
            parts, head = [*parts, f"{head}, given ", *_joined(conditions)], ""
        return [*parts, f"{head})"]

    @property
    def is_hypothesis(self) -> bool:
        """True when the step rests on an assumption of the theorem, not on a proof."""
        return self.rule.kind == "hypothesis"

    @property
    def rewrite(self) -> Application:
        """The rule (with its equations) as the checker applies it to a step: call it on
        each side; it first refuses, through ``admit``, a line it may not rewrite."""
        return Application(self._rewrite, self._admit)

    def _rewrite(self, expr: Expr) -> Expr:
        equations = self.equations or self.rule.default_equations
        return self.rule.rewrite(expr, equations)

    def _admit(self, before: Expr) -> None:
        """Refuse a definition that fixes a name the line ``before`` already uses to a
        particular value (unless the line is that name, being unfolded)."""
        if self.rule.kind != "definition":
            return
        ledger = dict(self.equations)
        used = _names(before)
        for lhs, rhs in self.equations:
            if lhs in used and before != lhs and _fixed(lhs, ledger):
                raise InvalidDefinition(
                    f"definition {lhs} = {rhs}: {lhs} is a variable of the line it rewrites, "
                    f"{before}, so defining it as a particular value asserts something about "
                    f"it; cite it as a hypothesis: "
                    f"INFERENCE_RULES['hypothesis'].using(({lhs}, {rhs}))"
                )


def _names(expr: Expr) -> set:
    """The free symbols of ``expr`` (a column's entries too), the zero vector not counted."""
    return set(expr.free_symbols) - {ZERO_VECTOR}


def _fixed(name: Expr, ledger: dict[Expr, Expr]) -> bool:
    """True when ``ledger`` (acyclic) gives ``name`` a particular value: an expression whose
    every name is itself fixed, so no free symbol is left."""
    if name not in ledger:
        return False
    return all(_fixed(used, ledger) for used in _names(ledger[name]))


def _rests_on(derivation) -> list[Equation]:
    """The definitions a lemma ``start = result`` rests on, each once: those of the names its
    equation uses, and every one that fixes a name to a particular value (v⁽⁰⁾ = 0), however
    deep in its proof (gathered once per lemma, see :mod:`symbolic.derivations.premises`)."""
    premises = derivation.verify().premises
    names = _names(derivation.start) | _names(derivation.result)
    ledger = premises.ledger
    in_order = dict.fromkeys(
        e for side in (derivation.start, derivation.result) for e in preorder_traversal(side)
    )
    used = [(name, ledger[name]) for name in in_order if name in names and name in ledger]
    return used + [(name, ledger[name]) for name in premises.fixed if name not in names]


def check_definition(lhs: Expr, rhs: Expr) -> None:
    """Raise :class:`InvalidDefinition` unless ``lhs = rhs`` may define the name ``lhs``."""
    if not isinstance(lhs, Symbol):
        raise InvalidDefinition(
            f"definition {lhs} = {rhs}: the left side must be a name (a Symbol or a named "
            f"vector), not {lhs!r}"
        )
    if lhs == ZERO_VECTOR:
        raise InvalidDefinition(f"definition {lhs} = {rhs}: the zero vector is not a name")
    if isinstance(rhs, MatrixBase):
        if not isinstance(lhs, VectorSymbol) or rhs.shape[1] != 1:
            raise InvalidDefinition(f"definition {lhs} = {rhs}: only a named vector is a column")
        if lhs in rhs.free_symbols:
            raise InvalidDefinition(
                f"definition {lhs} = {rhs} is circular: the right side uses {lhs}"
            )
        return
    if lhs in rhs.free_symbols:
        raise InvalidDefinition(f"definition {lhs} = {rhs} is circular: the right side uses {lhs}")
    if isinstance(lhs, VectorSymbol) != is_vector(rhs):
        what = "a vector" if isinstance(lhs, VectorSymbol) else "a scalar"
        raise InvalidDefinition(f"definition {lhs} = {rhs}: {lhs} is {what}, {rhs} is not")
    declared = getattr(lhs, "_assumptions_orig", {})
    facts = sorted(declared.items()) + sorted(lhs.assumptions0.items())
    for fact, value in facts:
        actual = getattr(rhs, f"is_{fact}", None)
        if actual is not value:
            raise InvalidDefinition(
                f"definition {lhs} = {rhs}: {lhs} is declared {fact}={value}, but for {rhs} "
                f"it is {actual}"
            )


def definition_ledger(
    pairs: Iterable[Equation], error: type[InvalidDefinition] = InvalidDefinition
) -> dict[Expr, Expr]:
    """The definitions as ``{name: expression}``; raises ``error`` when a name is defined twice
    (differently) or the definitions go round in a circle (a = b + 1, b = a − 1)."""
    ledger: dict[Expr, Expr] = {}
    for lhs, rhs in pairs:
        if lhs in ledger and ledger[lhs] != rhs:
            raise error(f"{lhs} is defined twice: as {ledger[lhs]} and as {rhs}")
        ledger[lhs] = rhs

    def uses(name: Expr) -> set:
        return ledger[name].free_symbols & ledger.keys()  # a column's entries count too

    done: set = set()
    for start in ledger:
        path, stack = {start}, [(start, iter(sorted(uses(start), key=str)))]
        while stack:
            name, todo = stack[-1]
            following = next(todo, None)
            if following is None:
                done.add(name)
                path.discard(name)
                stack.pop()
            elif following in path:
                raise error(f"the definitions of {start} and {following} are circular")
            elif following not in done:
                path.add(following)
                stack.append((following, iter(sorted(uses(following), key=str))))
    return ledger


def _joined(items: list[Expr]) -> list[Part]:
    parts: list[Part] = []
    for i, item in enumerate(items):
        if i:
            parts.append(" and ")
        parts.append(item)
    return parts


def _expr(value: object, name: str) -> Expr:
    try:
        expr = S(value, strict=True)
    except (SympifyError, TypeError):
        raise InvalidCitation(f"{name}={value!r} must be a SymPy expression") from None
    if not isinstance(expr, Expr | ImmutableMatrix):
        raise InvalidCitation(f"{name}={value!r} must be an expression")
    return expr


def _pair(equation: object) -> Equation:
    if isinstance(equation, Eq):
        return equation.lhs, equation.rhs
    try:
        lhs, rhs = cast(tuple[object, object], equation)
    except (TypeError, ValueError):
        raise InvalidCitation(
            f"equation={equation!r} must be a pair (lhs, rhs), an Eq or a Derivation"
        ) from None
    return _expr(lhs, "lhs"), _expr(rhs, "rhs")


def _substitute(expr: Expr, equations: tuple[Equation, ...]) -> Expr:
    """Replace each left side by its right side, until none is left (at most once per
    equation, so definitions may refer to one another); named vectors defined by columns of
    numbers are then evaluated in coordinates."""
    mapping = {
        canonical(opaque(lhs)): canonical(opaque(rhs))
        for lhs, rhs in equations
        if not isinstance(rhs, MatrixBase)
    }
    for _ in range(len(mapping)):
        refuse_capture(expr, mapping)
        replaced = expr.xreplace(mapping)
        if replaced == expr:
            break
        expr = replaced
    columns = {lhs: exact(rhs) for lhs, rhs in equations if isinstance(rhs, MatrixBase)}
    if columns:
        try:
            return in_coordinates(expr, columns)
        except NoCoordinates:
            return expr
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
    ("definition ",),
    "Replacing named quantities (ŷ⁽ᵏ⁾, Δw⁽ᵏ⁾, w⁽ᵏ⁾, …) by their defining expressions.",
    _substitute,
    kind="definition",
)
SUBSTITUTION = InferenceRule(
    "substitution",
    ("by ",),
    "Substituting a result that was shown (a verified derivation start = result, or an "
    "equation the checker shows itself) into the expression.",
    _substitute,
    kind="substitution",
)
ZERO_INIT = InferenceRule(
    "zero-init",
    ("hypothesis ", Eq(vector("w", 0), vector("0"), evaluate=False)),
    "Setting the initial weights to the zero vector, w⁽⁰⁾ = 0 (so w⁽⁰⁾·x = 0 and φ(0) = 1).",
    _substitute,
    kind="hypothesis",
    assumes="w⁽⁰⁾ = 0",
    default_equations=((vector("w", 0), ZERO_VECTOR),),
)
HYPOTHESIS = InferenceRule(
    "hypothesis",
    ("hypothesis ",),
    "Substituting an assumption of the claim, lhs = rhs: a value for one of its variables, "
    "the data of an example.  Printed as a hypothesis, never checked.",
    _substitute,
    kind="hypothesis",
    assumes="the equations cited as hypotheses",
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
    ("induction hypothesis ",),
    "Substituting the induction hypothesis, e.g. w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾ with v⁽ᵏ⁻¹⁾ free of η.",
    _substitute,
    kind="hypothesis",
    assumes="the claim holds for k − 1",
)

#: Every rule a step may cite, by name.
INFERENCE_RULES: dict[str, InferenceRule] = {
    rule.name: rule
    for rule in (
        ALGEBRA,
        DEFINITION,
        SUBSTITUTION,
        HYPOTHESIS,
        ZERO_INIT,
        LINEARITY,
        POSITIVE_FACTOR,
        INDUCTION,
    )
}

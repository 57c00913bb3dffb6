"""Checked derivations: ``start = e₁ = e₂ = …``, each link justified by a cited rule.

    >>> from sympy import Symbol
    >>> from symbolic import Derivation, phi
    >>> eta, z = Symbol("eta", positive=True), Symbol("z", real=True)
    >>> Derivation(phi(eta * z, evaluate=False)).step(phi(z), because="positive-factor").verify()
    Derivation(φ(η z) = φ(z): 1 step, verified)

``because`` is a rule from :data:`symbolic.inference.INFERENCE_RULES` (by name or as an
object), a rule with its equations (``INFERENCE_RULES["definition"].using((lhs, rhs))``,
``INFERENCE_RULES["substitution"].using(lemma)`` for a verified derivation ``lemma``), or
free text, which is checked as plain algebra and printed after the word "algebra".  Text of
one or two words that is close to a rule name without being one ("positve-factor", "Zero
init") raises :class:`~symbolic.errors.UnknownInferenceRule` with the rule it resembles:
taken as free text, it would be checked as algebra, not by the rule meant.
:meth:`Derivation.verify` checks every step and raises :class:`DerivationError` at the first
that does not follow (showing the non-zero remainder and a counterexample) or
:class:`NotShown` when SymPy can decide neither way.  It never passes a step that did not
reduce to 0, never substitutes an equation that was not shown (hypotheses excepted, and
printed as such), never lets a name be defined twice, and never verifies a chain whose
premises (hypotheses, definitions, declared assumptions, with those of the lemmas it cites)
contradict one another (:mod:`symbolic.derivations.consistency`).

A derivation is append-only: its ``start`` and ``steps`` cannot be replaced, and a
verification holds only for the exact chain it checked (a fingerprint), so a renderer, which
verifies first, never prints a chain that was not verified as printed.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sympy import Expr, Function, MatrixBase, Rational, S, Symbol, srepr
from sympy.core.function import UndefinedFunction
from sympy.core.sympify import SympifyError

from symbolic.algebra.vectors import ZERO_VECTOR
from symbolic.derivations.checking import Verdict, check_equal
from symbolic.derivations.inference import (
    ALGEBRA,
    INFERENCE_RULES,
    InferenceRule,
    InvalidCitation,
    Justification,
)
from symbolic.derivations.premises import Premises
from symbolic.errors import EtaproofValueError, UnknownInferenceRule
from symbolic.printable import Printable, plain_parts, plain_text


class DerivationError(EtaproofValueError):
    """A step of a derivation does not follow from the previous one under its cited rule.

    ``step`` is its number (1 for the first ``.step``), ``remainder`` the difference of the
    two sides after the rule, ``counterexample`` values at which it is not 0 (or None).
    """

    def __init__(
        self,
        message: str,
        *,
        step: int = 0,
        remainder: Expr = S.Zero,
        counterexample: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.step, self.remainder, self.counterexample = step, remainder, counterexample


class NotShown(DerivationError):
    """A step could be neither shown nor refuted; it is reported, never passed."""


class UnshownEquation(NotShown):
    """A substitution cites an equation that was not shown: neither a verified derivation nor
    an identity the checker shows (a hypothesis must be cited as one, e.g. ``induction``)."""


@dataclass(frozen=True)
class Step:
    """One link ``… = expr`` of a chain and the justification cited for it."""

    expr: Expr
    because: Justification


def justification(because: str | InferenceRule | Justification) -> Justification:
    """Turn what a user passed as ``because=`` into a :class:`Justification`."""
    if isinstance(because, Justification):
        rule = _registered(because.rule)
        because = _revalidated(because)
    elif isinstance(because, InferenceRule):
        rule = _registered(because)
        because = Justification(rule)
    elif isinstance(because, str) and because in INFERENCE_RULES:
        rule = INFERENCE_RULES[because]
        because = Justification(rule)
    elif isinstance(because, str) and because.strip():
        refuse_misspelt_rule(because)
        return ALGEBRA.using(text=because.strip())
    else:
        raise EtaproofValueError(
            f"because={because!r} must be a rule name from {sorted(INFERENCE_RULES)}, "
            "a rule, or a non-empty text"
        )
    if rule.needs_equations and not because.equations:
        raise InvalidCitation(
            f"because={rule.name!r} needs the equations it uses: "
            f'INFERENCE_RULES["{rule.name}"].using((lhs, rhs))'
        )
    return because


#: How close (difflib's ratio) a short reason must be to a rule name to count as a misspelling.
MISSPELT_CUTOFF = 0.8

#: Reasons longer than this many words are prose, never taken for a misspelt rule name.
RULE_NAME_WORDS = 2


def refuse_misspelt_rule(reason: str) -> None:
    """Raise :class:`UnknownInferenceRule` when ``reason`` (not a rule name) reads like one:
    at most :data:`RULE_NAME_WORDS` words whose lower-case, hyphen-joined form is within
    :data:`MISSPELT_CUTOFF` of a name in :data:`INFERENCE_RULES`.  Prose passes."""
    words = reason.replace("_", " ").split()
    if not words or len(words) > RULE_NAME_WORDS:
        return
    key = "-".join(words).lower().removeprefix("by-")
    if key == ALGEBRA.name:  # "Algebra", "by algebra": free text is checked as algebra anyway
        return
    close = difflib.get_close_matches(key, INFERENCE_RULES, n=1, cutoff=MISSPELT_CUTOFF)
    if close:
        raise UnknownInferenceRule(
            f"because={reason!r} is not a rule name; did you mean {close[0]!r}? (free text is "
            f"checked as plain algebra; the rules are {', '.join(INFERENCE_RULES)})",
            reason,
            close[0],
        )


def _registered(rule: InferenceRule) -> InferenceRule:
    """Only the registry's own rule objects check anything: a look-alike could print as
    "algebra" and check nothing."""
    if INFERENCE_RULES.get(rule.name) is not rule:
        raise InvalidCitation(
            f"rule {rule.name!r} is not the registered rule of that name: cite "
            f"INFERENCE_RULES[{rule.name!r}] (or its name)"
        )
    return rule


def _revalidated(because: Justification) -> Justification:
    """A Justification built by hand goes through the same checks as ``rule.using(...)``."""
    cited = {(d.start, d.result): d for d in because.derivations}
    uses = [cited.get(pair, pair) for pair in because.equations]
    return because.rule.using(*uses, text=because.text, nonzero=because.nonzero)


class Derivation(Printable):
    """A chain ``start = e₁ = e₂ = …``; build it with :meth:`step`, check it with :meth:`verify`."""

    def __init__(self, start: Expr) -> None:
        self._start: Expr = _expression(start, "start")
        self._steps: tuple[Step, ...] = ()
        # Set by verify() for the chain exactly as checked; cleared when this chain or one it
        # cites grows (step() tells every derivation citing it, through _citers).
        self._verified: tuple[Expr, tuple[Step, ...], Premises] | None = None
        self._citers: weakref.WeakSet[Derivation] = weakref.WeakSet()
        self._verifying = False

    @property
    def start(self) -> Expr:
        """The first expression of the chain (read-only)."""
        return self._start

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps so far, as an immutable tuple (append with :meth:`step`)."""
        return self._steps

    def step(self, expr: Expr, because: str | InferenceRule | Justification) -> Derivation:
        """Append ``= expr`` justified by ``because``; returns the derivation to chain calls."""
        step = Step(_expression(expr, "expr"), justification(because))
        self._steps = (*self._steps, step)
        for cited in step.because.derivations:
            cited._citers.add(self)
        self._forget_verification()
        return self

    def _forget_verification(self) -> None:
        """This chain changed: its verification, and that of every chain citing it, is void."""
        todo, seen = [self], set()
        while todo:
            derivation = todo.pop()
            if id(derivation) in seen:  # a chain may cite itself, or chains cite each other
                continue
            seen.add(id(derivation))
            derivation._verified = None
            todo += list(derivation._citers)

    @property
    def result(self) -> Expr:
        """The last expression of the chain (``start`` when there are no steps)."""
        return self._steps[-1].expr if self._steps else self._start

    def cited(self) -> list[Derivation]:
        """This derivation and every derivation it substitutes, directly or not (each once)."""
        seen: set[int] = set()
        found: list[Derivation] = []
        todo = [self]
        while todo:
            derivation = todo.pop()
            if id(derivation) in seen:
                continue
            seen.add(id(derivation))
            found.append(derivation)
            for step in reversed(derivation._steps):
                todo += reversed(step.because.derivations)
        return found

    def definitions(self) -> list[tuple[Expr, Expr]]:
        """Every definition cited, in this chain and in the derivations it substitutes (each
        once)."""
        if self.is_verified:
            return list(self._premises().ledger.items())
        return [
            pair
            for derivation in self.cited()
            for step in derivation._steps
            if step.because.rule.kind == "definition"
            for pair in step.because.equations
        ]

    def _premises(self) -> Premises:
        assert self._verified is not None, "premises are gathered by verify()"
        return self._verified[2]

    @property
    def premises(self) -> Premises:
        """What this chain rests on (definitions, hypotheses, conditions ≠ 0), with every chain
        it cites; verifies first."""
        return self.verify()._premises()

    def verify(self) -> Derivation:
        """Check every step; raise at the first that is refuted or not shown.  Returns self.

        A verification is kept only for the chain it checked: if the chain (or a derivation
        it substitutes) changed since, every step is checked again.
        """
        if not self._steps:
            raise NotShown("the derivation has no steps: there is nothing to verify")
        if self.is_verified:
            return self
        if self._verifying:
            raise DerivationError(
                "the derivation cites itself, directly or through the chains it substitutes: "
                "a result cannot be shown from itself"
            )
        self._verified = None
        self._verifying = True
        try:
            return self._verify()
        finally:
            self._verifying = False

    def _verify(self) -> Derivation:
        start, steps = self._start, self._steps
        for number, step in enumerate(steps, start=1):
            _check_premises(number, step)  # verifies every derivation the step substitutes
        premises = Premises.gather(
            [step.because for step in steps],
            [d._premises() for step in steps for d in step.because.derivations],
        )
        premises.refuse_pinned_variables(start)
        for number, step in enumerate(steps, start=1):
            before = start if number == 1 else steps[number - 2].expr
            verdict = check_equal(before, step.expr, step.because.rewrite, _stated(step))
            if not verdict.shown:
                raise _failure(number, step, verdict)
        self._verified = (start, steps, premises)
        return self

    @property
    def is_verified(self) -> bool:
        """True when :meth:`verify` passed for the chain exactly as it is now (never guesses):
        the same start and steps, and no chain it cites has changed since."""
        verified = self._verified
        return verified is not None and verified[0] is self._start and verified[1] is self._steps

    @property
    def hypotheses(self) -> tuple[Justification, ...]:
        """The hypotheses this chain rests on (its own and those of derivations it cites)."""
        if self.is_verified:
            return self._premises().hypotheses
        return tuple(
            step.because
            for derivation in self.cited()
            for step in derivation._steps
            if step.because.is_hypothesis
        )

    @property
    def conditions(self) -> tuple[Expr, ...]:
        """The conditions ≠ 0 this chain's steps and those of the chains it cites divide by
        (each once; verifies first)."""
        return self.verify()._premises().conditions

    # Printing (:class:`symbolic.printable.Printable`): ``to_latex()`` is an ``align*``
    # environment, ``to_markdown()`` (also Jupyter's ``_repr_latex_``, None when the chain does
    # not verify) one MathJax ``$$ … $$`` block, ``to_text()`` aligned lines; each verifies
    # the chain first.

    def named_objects(self) -> list[object]:
        """The symbols and function classes of this chain and of every chain it substitutes:
        starts, steps, and the equations and conditions the steps cite (each once)."""
        return named_objects([self])

    def __repr__(self) -> str:
        status = "verified" if self.is_verified else "not verified"
        count = f"{len(self.steps)} step{'s' if len(self.steps) != 1 else ''}"
        start, result = plain_text(self.start), plain_text(self.result)
        return f"Derivation({start} = {result}: {count}, {status})"


def _expression(value: object, name: str) -> Expr:
    if isinstance(value, MatrixBase):
        raise EtaproofValueError(
            f"{name}={value!r} must be a scalar or named-vector expression, not a matrix "
            "(use symbolic.vectors.vector for vectors)"
        )
    if isinstance(value, Decimal | Fraction):  # exact numbers stay exact (SymPy makes a
        if isinstance(value, Decimal) and not value.is_finite():  # Decimal a binary Float)
            raise EtaproofValueError(f"{name}={value!r} must be a finite number")
        value = (
            Rational(str(value))
            if isinstance(value, Decimal)
            else Rational(value.numerator, value.denominator)
        )
    try:
        expr = S(value, strict=True)
    except (SympifyError, TypeError):
        raise EtaproofValueError(f"{name}={value!r} must be a SymPy expression") from None
    if not isinstance(expr, Expr):
        raise EtaproofValueError(f"{name}={value!r} must be an expression, not {type(expr)}")
    return expr


class LookAlikeNames(InvalidCitation):
    """Two different objects (symbols, function classes) print alike in one output format: a
    true chain could read as a false one (a negative ``\\eta`` typeset as the positive η)."""


def reached(derivations: Iterable[Derivation], seen: set[int] | None = None) -> list[Derivation]:
    """The given derivations and every derivation they substitute, directly or not, each
    once, in the order :meth:`Derivation.cited` visits them (linear in their total size).
    ``seen``: ids of derivations already reached (skipped, and updated)."""
    seen = set() if seen is None else seen
    found: list[Derivation] = []
    todo = list(derivations)[::-1]
    while todo:
        derivation = todo.pop()
        if id(derivation) in seen:
            continue
        seen.add(id(derivation))
        found.append(derivation)
        for step in reversed(derivation.steps):
            todo += reversed(step.because.derivations)
    return found


def named_objects(derivations: Iterable[Derivation], exprs: Iterable[object] = ()) -> list[object]:
    """Every symbol and every applied function's class in ``exprs`` and in the derivations
    :func:`reached` from ``derivations`` (starts, steps, each step's equations and conditions
    ≠ 0), each once, sorted by :func:`describe`: linear in the size of what is printed.  The
    words of a citation and a rule's own statement (φ(c z) = φ(z) for c > 0, whose c and z
    are placeholders) are not read."""
    found: set[object] = set()
    for expr in exprs:
        _collect(expr, found)
    for derivation in reached(derivations):
        _collect(derivation.start, found)
        for step in derivation.steps:
            because = step.because
            _collect(step.expr, found)
            for pair in because.equations or because.rule.default_equations:
                for side in pair:
                    _collect(side, found)
            for condition in because.nonzero:
                _collect(condition, found)
    return sorted(found, key=describe)


def _collect(expr: object, found: set[object]) -> None:
    atoms = getattr(expr, "atoms", None)
    if atoms is None:
        return
    for atom in atoms(Symbol, Function):
        found.add(atom if isinstance(atom, Symbol) else atom.func)


_MAIN_FACTS = ("positive", "negative", "zero", "nonnegative", "nonpositive", "integer", "real")


def describe(obj: object) -> str:
    """An unambiguous description: ``Symbol('c', positive=True)``, ``Function('phi')``,
    ``symbolic.algebra.phi.phi``."""
    if isinstance(obj, UndefinedFunction):
        facts = obj._explicit_class_assumptions  # SymPy keeps them expanded: show the main
        shown = {k: facts[k] for k in _MAIN_FACTS if facts.get(k)} or dict(sorted(facts.items()))
        return f"Function({obj.__name__!r}{''.join(f', {k}={v!r}' for k, v in shown.items())})"
    if isinstance(obj, type):
        return f"{obj.__module__}.{obj.__qualname__}"
    return srepr(obj)


#: A printed name that reads as a number (0, -2, 1.5, 1/2, \frac{1}{2}, 3e5).
_NUMERAL = re.compile(r"[-−+]?(?:\d+(?:[.,]\d*)?(?:e[-+]?\d+)?(?:/\d+)?|\\frac\{\d+\}\{\d+\})")


def distinct_names(
    objects: Iterable[object], name_of: Callable[[object], str], *, format_name: str = "text"
) -> None:
    """Raise :class:`LookAlikeNames` when two different ``objects`` have the same
    ``name_of`` (a printer's naming in ``format_name``).  Each object is named once."""
    first: dict[str, object] = {}
    named: set[object] = set()
    for obj in objects:
        if obj in named:
            continue
        named.add(obj)
        name = name_of(obj)
        if isinstance(obj, Symbol) and obj != ZERO_VECTOR and _NUMERAL.fullmatch(name.strip()):
            raise LookAlikeNames(
                f"the symbol {describe(obj)} prints as {name} in {format_name}, like a number: "
                "rename it"
            )
        other = first.setdefault(name, obj)
        if other != obj:
            raise LookAlikeNames(
                f"two different objects print as {name} in {format_name}: {describe(other)} "
                f"and {describe(obj)}; rename one"
            )


def _check_premises(number: int, step: Step) -> None:
    """A substitution uses only shown equations: each cited derivation verifies and still
    proves the equation it stood for, each other equation the checker shows itself."""
    text = plain_text
    because = step.because
    if because.rule.kind != "substitution":
        return
    proved = {(d.start, d.result): d for d in because.derivations}
    for lhs, rhs in because.equations:
        derivation = proved.get((lhs, rhs))
        if derivation is not None:
            try:
                derivation.verify()
            except DerivationError as error:
                raise DerivationError(
                    f"step {number} substitutes {text(lhs)} = {text(rhs)} from a derivation "
                    f"that does not verify: {error}",
                    step=number,
                ) from error
            continue
        if any(d.start == lhs for d in because.derivations):
            raise DerivationError(
                f"step {number} substitutes {text(lhs)} = {text(rhs)}, but the derivation it "
                "cites has changed since",
                step=number,
            )
        verdict = check_equal(lhs, rhs, lambda e: e)
        if not verdict.shown:
            raise UnshownEquation(
                f"step {number} substitutes {text(lhs)} = {text(rhs)}, which is not shown: "
                "substitute a verified Derivation (INFERENCE_RULES['substitution'].using("
                "derivation)), or cite an assumption as a hypothesis "
                "(INFERENCE_RULES['hypothesis'].using((lhs, rhs)), or 'induction')",
                step=number,
                remainder=verdict.remainder,
            )


def _stated(step: Step) -> tuple[Expr, ...]:
    """The conditions ≠ 0 a step may divide by: its own, and those of every derivation it
    substitutes (printed with the citation: "shown above, given y − 1 ≠ 0")."""
    inherited = (c for d in step.because.derivations for c in d.conditions)
    return tuple(dict.fromkeys((*step.because.nonzero, *inherited)))


def _failure(number: int, step: Step, verdict: Verdict) -> DerivationError:
    parts_text, text = plain_parts, plain_text
    cited = parts_text(step.because.citation)
    where = f"step {number} ({cited})"
    if verdict.counterexample is not None:
        values = ", ".join(
            f"{text(symbol)} = {text(value)}" for symbol, value in verdict.counterexample.items()
        )
        at = f" at {values}" if values else ""
        return DerivationError(
            f"{where} does not follow: after the rule the difference of the two sides is "
            f"{text(verdict.remainder)}, which is not 0{at}",
            step=number,
            remainder=verdict.remainder,
            counterexample=verdict.counterexample,
        )
    if verdict.trouble:
        return NotShown(
            f"{where} is not shown: SymPy raised an error while checking it ({verdict.trouble})",
            step=number,
            remainder=verdict.remainder,
        )
    if verdict.divides_by is not None:
        factor = text(verdict.divides_by)
        return NotShown(
            f"{where} is not shown: it divides by {factor}, which may be 0 (declare its "
            f"symbols so that SymPy knows it is non-zero, or state the condition: "
            f"INFERENCE_RULES[{step.because.rule.name!r}].using(..., nonzero=[{factor}]))",
            step=number,
            remainder=verdict.remainder,
        )
    rule = step.because.rule
    assumes = f" (the rule assumes {rule.assumes})" if rule.assumes else ""
    return NotShown(
        f"{where} is not shown: SymPy could not reduce the difference of the two sides, "
        f"{text(verdict.remainder)}, to 0, and found no counterexample{assumes}",
        step=number,
        remainder=verdict.remainder,
    )


__all__ = [
    "Derivation",
    "DerivationError",
    "LookAlikeNames",
    "NotShown",
    "Step",
    "UnshownEquation",
    "justification",
]

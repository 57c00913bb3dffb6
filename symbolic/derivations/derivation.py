"""Checked derivations: ``start = e₁ = e₂ = …``, each link justified by a cited rule.

    >>> from sympy import Symbol
    >>> from symbolic import Derivation, phi
    >>> eta, z = Symbol("eta", positive=True), Symbol("z", real=True)
    >>> Derivation(phi(eta * z, evaluate=False)).step(phi(z), because="positive-factor").verify()
    Derivation(φ(η z) = φ(z): 1 step, verified)

``because`` is a rule from :data:`symbolic.inference.INFERENCE_RULES` (by name or as an
object), a rule with its equations (``INFERENCE_RULES["definition"].using((lhs, rhs))``,
``INFERENCE_RULES["substitution"].using(lemma)`` for a verified derivation ``lemma``), or
free text, which is checked as plain algebra and printed after the word "algebra".
:meth:`Derivation.verify` checks every step and raises :class:`DerivationError` at the first
that does not follow (showing the non-zero remainder and a counterexample) or
:class:`NotShown` when SymPy can decide neither way.  It never passes a step that did not
reduce to 0, never substitutes an equation that was not shown (hypotheses excepted, and
printed as such), and never lets a name be defined twice.

A derivation is append-only: its ``start`` and ``steps`` cannot be replaced, and a
verification holds only for the exact chain it checked (a fingerprint), so a renderer, which
verifies first, never prints a chain that was not verified as printed.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from sympy import Expr, MatrixBase, S, Symbol
from sympy.core.sympify import SympifyError

from symbolic.derivations.checking import Verdict, check_equal
from symbolic.derivations.inference import (
    ALGEBRA,
    INFERENCE_RULES,
    InferenceRule,
    InvalidCitation,
    Justification,
)
from symbolic.derivations.premises import Premises
from symbolic.errors import EtaproofValueError


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


class Derivation:
    """A chain ``start = e₁ = e₂ = …``; build it with :meth:`step`, check it with :meth:`verify`."""

    def __init__(self, start: Expr) -> None:
        self._start: Expr = _expression(start, "start")
        self._steps: tuple[Step, ...] = ()
        # Set by verify() for the chain exactly as checked; cleared when this chain or one it
        # cites grows (step() tells every derivation citing it, through _citers).
        self._verified: tuple[Expr, tuple[Step, ...], Premises] | None = None
        self._citers: weakref.WeakSet[Derivation] = weakref.WeakSet()

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
        todo = [self]
        while todo:
            derivation = todo.pop()
            if derivation._verified is not None or derivation is self:
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

    def verify(self) -> Derivation:
        """Check every step; raise at the first that is refuted or not shown.  Returns self.

        A verification is kept only for the chain it checked: if the chain (or a derivation
        it substitutes) changed since, every step is checked again.
        """
        if not self._steps:
            raise NotShown("the derivation has no steps: there is nothing to verify")
        if self.is_verified:
            return self
        self._verified = None
        start, steps = self._start, self._steps
        for number, step in enumerate(steps, start=1):
            _check_premises(number, step)  # verifies every derivation the step substitutes
        premises = Premises.gather(
            [step.because for step in steps],
            [d._premises() for step in steps for d in step.because.derivations],
        )
        _distinct_names(self)
        for number, step in enumerate(steps, start=1):
            before = start if number == 1 else steps[number - 2].expr
            verdict = check_equal(before, step.expr, step.because.rewrite, step.because.nonzero)
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

    def to_latex(self) -> str:
        """The verified chain as an ``align*`` environment (verifies first)."""
        from symbolic.render.latex import derivation_latex

        return derivation_latex(self.verify())

    def to_markdown(self) -> str:
        """The verified chain as one MathJax ``$$ … $$`` block (verifies first)."""
        from symbolic.render.markdown import derivation_markdown

        return derivation_markdown(self.verify())

    def to_text(self) -> str:
        """The verified chain as plain text (verifies first)."""
        from symbolic.render.text import derivation_text

        return derivation_text(self.verify())

    def _repr_latex_(self) -> str | None:
        """Jupyter: the typeset chain, or None (plain repr) when it does not verify."""
        try:
            return self.to_markdown()
        except EtaproofValueError:
            return None

    def __repr__(self) -> str:
        from symbolic.render.text import text

        status = "verified" if self.is_verified else "not verified"
        count = f"{len(self.steps)} step{'s' if len(self.steps) != 1 else ''}"
        return f"Derivation({text(self.start)} = {text(self.result)}: {count}, {status})"


def _expression(value: object, name: str) -> Expr:
    if isinstance(value, MatrixBase):
        raise EtaproofValueError(
            f"{name}={value!r} must be a scalar or named-vector expression, not a matrix "
            "(use symbolic.vectors.vector for vectors)"
        )
    try:
        expr = S(value, strict=True)
    except (SympifyError, TypeError):
        raise EtaproofValueError(f"{name}={value!r} must be a SymPy expression") from None
    if not isinstance(expr, Expr):
        raise EtaproofValueError(f"{name}={value!r} must be an expression, not {type(expr)}")
    return expr


def _distinct_names(derivation: Derivation) -> None:
    """Two different symbols that print alike (c and a positive c) would make a true chain
    read as a false one: refuse them."""
    distinct_names(
        expr
        for chain in derivation.cited()
        for expr in (
            chain.start,
            *(step.expr for step in chain.steps),
            *(side for step in chain.steps for pair in step.because.equations for side in pair),
        )
    )


def distinct_names(exprs: Iterable[object]) -> None:
    """Raise :class:`InvalidCitation` when two different symbols in ``exprs`` print alike."""
    from symbolic.render.text import text

    seen: dict[str, Symbol] = {}
    for expr in exprs:
        for symbol in getattr(expr, "free_symbols", ()):
            name = text(symbol)
            if seen.setdefault(name, symbol) != symbol:
                raise InvalidCitation(
                    f"two different symbols print as {name} ({seen[name]!r} and "
                    f"{symbol!r}, with other assumptions): rename one"
                )


def _check_premises(number: int, step: Step) -> None:
    """A substitution uses only shown equations: each cited derivation verifies and still
    proves the equation it stood for, each other equation the checker shows itself."""
    from symbolic.render.text import text

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
                "derivation)), or cite an assumption as a hypothesis ('induction')",
                step=number,
                remainder=verdict.remainder,
            )


def _failure(number: int, step: Step, verdict: Verdict) -> DerivationError:
    from symbolic.render.text import parts_text, text

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
    "NotShown",
    "Step",
    "UnshownEquation",
    "justification",
]

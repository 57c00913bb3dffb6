"""Checked derivations: ``start = e₁ = e₂ = …``, each link justified by a cited rule.

    >>> from sympy import Symbol
    >>> from symbolic import Derivation, phi
    >>> eta, z = Symbol("eta", positive=True), Symbol("z", real=True)
    >>> Derivation(phi(eta * z, evaluate=False)).step(phi(z), because="positive-factor").verify()
    Derivation(φ(η z) = φ(z): 1 step, verified)

``because`` is a rule from :data:`symbolic.inference.INFERENCE_RULES` (by name or as an
object), a rule with its equations (``INFERENCE_RULES["definition"].using((lhs, rhs))``), or
free text, which is checked as plain algebra and printed as written.  :meth:`Derivation.verify`
checks every step and raises :class:`DerivationError` at the first that does not follow
(showing the non-zero remainder and a counterexample) or :class:`NotShown` when SymPy can
decide neither way.  It never passes a step that did not reduce to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, MatrixBase, S
from sympy.core.sympify import SympifyError

from .checking import Verdict, check_equal
from .errors import EtaproofValueError
from .inference import ALGEBRA, INFERENCE_RULES, InferenceRule, Justification


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


@dataclass(frozen=True)
class Step:
    """One link ``… = expr`` of a chain and the justification cited for it."""

    expr: Expr
    because: Justification


def justification(because: str | InferenceRule | Justification) -> Justification:
    """Turn what a user passed as ``because=`` into a :class:`Justification`."""
    if isinstance(because, Justification):
        rule = because.rule
    elif isinstance(because, InferenceRule):
        rule, because = because, Justification(because)
    elif isinstance(because, str) and because in INFERENCE_RULES:
        rule = INFERENCE_RULES[because]
        because = Justification(rule)
    elif isinstance(because, str) and because.strip():
        return Justification(ALGEBRA, text=(because.strip(),))
    else:
        raise EtaproofValueError(
            f"because={because!r} must be a rule name from {sorted(INFERENCE_RULES)}, "
            "a rule, or a non-empty text"
        )
    if rule.needs_equations and not because.equations:
        raise EtaproofValueError(
            f"because={rule.name!r} needs the equations it uses: "
            f'INFERENCE_RULES["{rule.name}"].using((lhs, rhs))'
        )
    return because


class Derivation:
    """A chain ``start = e₁ = e₂ = …``; build it with :meth:`step`, check it with :meth:`verify`."""

    def __init__(self, start: Expr) -> None:
        self.start: Expr = _expression(start, "start")
        self.steps: list[Step] = []
        self._verified = 0

    def step(self, expr: Expr, because: str | InferenceRule | Justification) -> Derivation:
        """Append ``= expr`` justified by ``because``; returns the derivation to chain calls."""
        self.steps.append(Step(_expression(expr, "expr"), justification(because)))
        return self

    @property
    def result(self) -> Expr:
        """The last expression of the chain (``start`` when there are no steps)."""
        return self.steps[-1].expr if self.steps else self.start

    def verify(self) -> Derivation:
        """Check every step; raise at the first that is refuted or not shown.  Returns self."""
        if not self.steps:
            raise NotShown("the derivation has no steps: there is nothing to verify")
        for number in range(self._verified + 1, len(self.steps) + 1):
            step = self.steps[number - 1]
            before = self.start if number == 1 else self.steps[number - 2].expr
            verdict = check_equal(before, step.expr, step.because.rewrite)
            if not verdict.shown:
                raise _failure(number, step, verdict)
            self._verified = number
        return self

    @property
    def is_verified(self) -> bool:
        """True when every step has passed :meth:`verify` (it never guesses)."""
        return bool(self.steps) and self._verified == len(self.steps)

    def to_latex(self) -> str:
        """The verified chain as an ``align*`` environment (verifies first)."""
        from .render_latex import derivation_latex

        return derivation_latex(self.verify())

    def to_markdown(self) -> str:
        """The verified chain as one MathJax ``$$ … $$`` block (verifies first)."""
        from .render_markdown import derivation_markdown

        return derivation_markdown(self.verify())

    def to_text(self) -> str:
        """The verified chain as plain text (verifies first)."""
        from .render_text import derivation_text

        return derivation_text(self.verify())

    def _repr_latex_(self) -> str | None:
        """Jupyter: the typeset chain, or None (plain repr) when it does not verify."""
        try:
            return self.to_markdown()
        except DerivationError:
            return None

    def __repr__(self) -> str:
        from .render_text import text

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


def _failure(number: int, step: Step, verdict: Verdict) -> DerivationError:
    from .render_text import parts_text, text

    cited = parts_text(step.because.citation)
    where = f"step {number} ({cited})"
    if verdict.counterexample is not None:
        values = ", ".join(
            f"{text(symbol)} = {text(value)}" for symbol, value in verdict.counterexample.items()
        )
        return DerivationError(
            f"{where} does not follow: after the rule the difference of the two sides is "
            f"{text(verdict.remainder)}, which is not 0 at {values}",
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


__all__ = ["Derivation", "DerivationError", "NotShown", "Step", "justification"]

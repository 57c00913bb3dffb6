"""The zero-init theorem, proved for every k: unrolled steps, then induction.

Theorem.  For η > 0, any data, any number of steps and epochs, and each rule: with w⁽⁰⁾ = 0,
w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1) for every k, so Δw⁽ᵏ⁾ = η·g_k with g_k free of η and ŷ⁽ᵏ⁾ does not
depend on η.  More generally the run with (η, w⁽⁰⁾) is η times the run with (1, w⁽⁰⁾/η).

Induction on k.  Base: w⁽⁰⁾ = 0 = η·0.  Step (the lemma checked here): for every vector v,
sample x and label y, one update from η·v with rate η equals η times one update from v with
rate 1, and both predict the same ŷ.  Only φ(η·z) = φ(z) for η > 0 and linearity are used.
The same step, started from w⁽⁰⁾ = η·(w⁽⁰⁾/η), gives the general statement as a corollary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sympy import Expr, Matrix, Symbol

from numeric.display import cut, one_line, shown_count, shown_text
from symbolic.algebra.factoring import factor_eta
from symbolic.algebra.vectors import superscript as vector_superscript
from symbolic.derivations.derivation import Derivation, DerivationError
from symbolic.errors import NotFactorable, StepOutOfRange
from symbolic.perceptron.dataset import generic_dataset
from symbolic.perceptron.notation import PerceptronNotation
from symbolic.perceptron.rules import Rule, get_rule
from symbolic.perceptron.trace import ETA, perceptron_trace
from symbolic.printable import Displayable
from symbolic.theorems.zero_init_chains import base_case, induction


@dataclass(frozen=True)
class Check(Displayable):
    """One checked part of a proof: what it states and whether SymPy showed it."""

    name: str
    statement: str
    shown: bool
    detail: str = ""

    def __repr__(self) -> str:
        return one_line("Check", shown_text(self.shown), repr(cut(self.name, 60)))

    def __str__(self) -> str:
        mark = "shown" if self.shown else "NOT SHOWN"
        return f"[{mark}] {self.name}: {self.statement}" + (
            f" ({self.detail})" if self.detail else ""
        )


def all_shown(checks: Sequence[Check]) -> bool:
    """True only when there are checks and every one of them was shown: what ``holds``
    means for every proof built of checks."""
    return bool(checks) and all(check.shown for check in checks)


@dataclass(frozen=True)
class ZeroInitProof(Displayable):
    """What :func:`prove_zero_init_invariance` found; ``holds`` only if every check was shown."""

    rule: Rule
    d: int
    n: int
    epochs: int
    steps: int
    bias: bool
    eta: Expr
    factors: list[tuple[int, Matrix]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """True only when there are checks and every one of them was shown."""
        return all_shown(self.checks)

    def __repr__(self) -> str:
        parts = [
            "holds" if self.holds else "not shown",
            shown_count(self.checks),
            f"rule={self.rule.name!r}",
            f"d={self.d}",
            f"steps={self.steps}",
        ]
        parts += ["bias"] if self.bias else []
        parts += [] if self.eta == ETA else [f"eta={cut(self.eta, 20)}"]
        return one_line("ZeroInitProof", *parts)

    def __str__(self) -> str:
        lines = [*self._theorem(), "", *self._unrolled()]
        lines += ["", "Checks:"] + [f"  {check}" for check in self.checks]
        lines += ["", *self._corollary()]
        return "\n".join([*lines, "", f"Verdict: {self._verdict()}"])

    def _theorem(self) -> list[str]:
        return [
            f"Theorem (zero initial weights, rule {self.rule.name!r}: {self.rule.summary}).",
            "For every η > 0, every dataset and every step k: w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1), so",
            "Δw⁽ᵏ⁾ = η·g_k with g_k free of η, and every prediction ŷ⁽ᵏ⁾ is the same",
            "for all η > 0.",
        ]

    def _unrolled(self) -> list[str]:
        return [
            f"Unrolled on generic data (d = {self.d}{' + bias' if self.bias else ''}, "
            f"n = {self.n}, {self.epochs} epoch{'s' if self.epochs > 1 else ''}), w⁽⁰⁾ = 0:",
            *(f"  Δw{superscript(k)} = η · {_short(k, g)}" for k, g in self.factors),
        ]

    @staticmethod
    def _corollary() -> list[str]:
        return [
            "Corollary of the induction step (no further check): since w⁽⁰⁾ = η·(w⁽⁰⁾/η),",
            "the run with (η, w⁽⁰⁾) is η times the run with (1, w⁽⁰⁾/η) for any w⁽⁰⁾.",
        ]

    def _verdict(self) -> str:
        if self.holds:
            return (
                "HOLDS: every step above was checked by SymPy; by induction it holds for every k."
            )
        return "NOT SHOWN: at least one check could not be shown; nothing is claimed."


def superscript(k: int | str) -> str:
    """⁽ᵏ⁾ in Unicode superscripts, e.g. ``superscript(12)`` is ⁽¹²⁾."""
    return vector_superscript(f"({k})")


def _short(k: int, g: Matrix, width: int = 160) -> str:
    """g as a list when it fits on a line, else its size (the full form is in the documents)."""
    text = str(list(g))
    if len(text) <= width:
        return text
    return f"g_{k} (free of η; {sum(entry.count_ops() for entry in g)} operations)"


def prove_zero_init_invariance(
    d: int = 2,
    steps: int = 2,
    *,
    n: int | None = None,
    rule: str | Rule = "rosenblatt",
    bias: bool = False,
    eta: Symbol = ETA,
) -> ZeroInitProof:
    """Prove the zero-init theorem: unroll k = 1…steps on generic data, then the induction."""
    rule = get_rule(rule)
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
        raise StepOutOfRange(f"steps={steps!r} must be a positive integer")
    n = steps if n is None else n
    epochs = -(-steps // n) if isinstance(n, int) and n >= 1 else 1
    trace = perceptron_trace(
        generic_dataset(n, d), eta=eta, w0=0, epochs=epochs, bias=bias, rule=rule
    )
    factors, checks = [], []
    for k in range(1, steps + 1):
        try:
            _, g = factor_eta(trace.delta_w(k), eta)
            factors.append((k, g))
            statement = f"Δw{superscript(k)} = η·g_{k} with g_{k} free of η"
            checks.append(Check(f"step {k}", statement, True))
        except NotFactorable as error:
            checks.append(Check(f"step {k}", f"Δw{superscript(k)} = η·g_{k}", False, str(error)))
    checks += induction_checks(rule, trace.data.d, eta)
    return ZeroInitProof(rule, d, n, epochs, steps, bias, eta, factors, checks)


def induction_checks(rule: str | Rule, d: int, eta: Symbol = ETA) -> list[Check]:
    """The base case, the induction step and the predictions: the chains of
    :func:`symbolic.theorems.zero_init_chains.induction`, proved with the vectors kept whole
    (so for every d; ``d`` only names the dimension the unrolled steps used)."""
    notation = PerceptronNotation.of(get_rule(rule), eta)
    try:
        chains = induction(notation)
    except DerivationError as error:
        why = f"{eta} is not known to be positive" if eta.is_positive is not True else str(error)
        return [
            Check("base case", "w⁽⁰⁾ = 0 = η·v⁽⁰⁾", _verifies(base_case, notation)),
            Check("induction step", STEP, False, why),
            Check("predictions", PREDICTIONS, False, why),
        ]
    return [
        Check("base case", "w⁽⁰⁾ = 0 = η·v⁽⁰⁾", chains.base.is_verified),
        Check("induction step", STEP, chains.update.is_verified and chains.weights.is_verified),
        Check("predictions", PREDICTIONS, chains.prediction.is_verified),
    ]


STEP = "from w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾: Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾ and w⁽ᵏ⁾ = η·v⁽ᵏ⁾ (vectors of every dimension)"
PREDICTIONS = "ŷ⁽ᵏ⁾ = φ(η·v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) = φ(v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) is free of η (φ(η·z) = φ(z), η > 0)"


def _verifies(chain: Callable[[PerceptronNotation], Derivation], n: PerceptronNotation) -> bool:
    try:
        return chain(n).is_verified
    except DerivationError:
        return False

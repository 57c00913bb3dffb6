"""Does η matter for *this* rule?  ``prove_eta_invariance(rule)`` → proved, refuted or
undecided, for any :class:`~symbolic.OnlineRule`.

    >>> from symbolic import prove_eta_invariance
    >>> prove_eta_invariance("rosenblatt")
    EtaVerdict('rosenblatt', 'proved')

The recipe (the general lemma of :mod:`symbolic.theorems.homogeneity`, applied to the rule):

1. The rule's formulas over whole vectors (:mod:`symbolic.perceptron.rule_form`): the very
   formulas every runner evaluates, so what is proved is what is run.
2. The two homogeneity conditions, each as verified derivations with the vectors kept whole
   (w·x a dot product of vectors of any dimension), so they hold for every dimension.  If
   both are shown, the induction for the rule is built and verified: the verdict is
   **proved** (the zero-init theorem, and the scaling law (η, w⁽⁰⁾) ~ (1, w⁽⁰⁾/η)).
3. Otherwise a systematic search for a dataset on which two rates predict differently
   (:mod:`symbolic.theorems.counterexamples`); a candidate counts only once the exact runner
   has confirmed it: **refuted**, with the counterexample.
4. Otherwise **undecided**, naming the condition that was not shown (and the difference that
   could not be reduced to 0), or that fails at a point.  The conditions are sufficient,
   not necessary, so a rule can fail one and still be invariant.

Never refuted without a confirmed counterexample, never proved without both conditions shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import MatrixBase

from symbolic.derivations.derivation import DerivationError
from symbolic.derivations.inference import InvalidDefinition
from symbolic.errors import UnknownRule
from symbolic.perceptron.online_rule import OnlineRule
from symbolic.perceptron.rules import RULES, Rule, online_rule
from symbolic.printable import Displayable, plain_text
from symbolic.theorems.counterexamples import (
    SMALL_SEARCH,
    Counterexample,
    SearchResult,
    SearchSpace,
    search_counterexample,
)
from symbolic.theorems.homogeneity import (
    Condition,
    Induction,
    decision_condition,
    induction,
    update_condition,
)

STATUSES = ("proved", "refuted", "undecided")

#: How the conditions are shown: with the vectors kept whole, so for every dimension.
DIMENSIONS = "with the vectors kept whole, so for every dimension d ≥ 1"


@dataclass(frozen=True)
class EtaVerdict(Displayable):
    """The answer of :func:`prove_eta_invariance`.

    ``status`` is ``"proved"`` (``induction`` holds the checked chains), ``"refuted"``
    (``counterexample`` confirmed exactly) or ``"undecided"``; ``conditions`` are the two
    homogeneity conditions as checked, ``search`` what the search for a counterexample did
    (None when none was needed)."""

    rule: OnlineRule
    d: int | None
    status: str
    conditions: tuple[Condition, Condition]
    induction: Induction | None = None
    counterexample: Counterexample | None = None
    search: SearchResult | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        assert self.status in STATUSES, self.status
        assert (self.status == "proved") == (self.induction is not None and self.shown)
        assert (self.status == "refuted") == (self.counterexample is not None)

    @property
    def shown(self) -> bool:
        """True when both homogeneity conditions were shown."""
        return all(condition.shown for condition in self.conditions)

    @property
    def failing(self) -> Condition | None:
        """The first condition that was not shown, or None."""
        return next((c for c in self.conditions if not c.shown), None)

    @property
    def why(self) -> str:
        """Why the verdict is not "proved", in words that match the evidence: a condition
        *fails* only where the engine found a point at which it is false; otherwise it is
        *not shown*, with the part that could not be reduced to 0."""
        failing = self.failing
        if failing is None:
            return self.detail
        if failing.point:
            where = ", ".join(
                f"{plain_text(k)} = {_value(v)}" for k, v in list(failing.point.items())[:6]
            )
            return f"the {failing.name} condition fails (false at {where})"
        residue = f": the difference {plain_text(failing.remainder)} was not reduced to 0" if (
            failing.remainder is not None
        ) else ""  # fmt: skip
        return f"the {failing.name} condition is not shown{residue}"

    def __repr__(self) -> str:
        return f"EtaVerdict({self.rule.name!r}, {self.status!r})"

    def __str__(self) -> str:
        name = repr(self.rule.name)
        if self.status == "proved":
            return (
                f"proved: with w⁽⁰⁾ = 0, η only scales the state of rule {name} (both "
                f"homogeneity conditions and the induction checked {DIMENSIONS})"
            )
        which = self.why
        if self.status == "refuted":
            assert self.counterexample is not None
            return f"refuted: rule {name}: {self.counterexample.describe()}; {which}"
        tried = self.search.tried if self.search else 0
        return (
            f"undecided: rule {name}: {which or 'not shown'}, and no counterexample among "
            f"{tried} small datasets ({self.search.space.dimensions() if self.search else ''})"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the status, the conditions, the counterexample or the search."""
        return {
            "rule": self.rule.name,
            "status": self.status,
            "d": self.d,
            "dimensions": "every"
            if self.status != "refuted" or self.counterexample is None
            else len(self.counterexample.X[0]),
            "why": self.why or None,
            "labels": [str(label) for label in self.rule.labels],
            "conditions": [
                {
                    "name": c.name,
                    "statement": c.statement,
                    "shown": c.shown,
                    "failure": c.failure or None,
                    "component": c.component,
                    "chains": len(c.derivations),
                }
                for c in self.conditions
            ],
            "induction_chains": len(self.induction.chains()) if self.induction else 0,
            "counterexample": self.counterexample.to_dict() if self.counterexample else None,
            "search": None
            if self.search is None
            else {
                "space": self.search.space.describe(),
                "tried": self.search.tried,
                "undefined": self.search.skipped,
                "unconfirmed": self.search.unconfirmed,
            },
            "detail": self.detail or None,
        }


def as_online_rule(rule: str | Rule | OnlineRule) -> OnlineRule:
    """An :class:`OnlineRule`, a built-in :class:`Rule`, or a built-in rule's name."""
    if isinstance(rule, OnlineRule):
        return rule
    if isinstance(rule, Rule) or (isinstance(rule, str) and rule in RULES):
        return online_rule(rule)
    raise UnknownRule(f"rule={rule!r} must be an OnlineRule or one of {sorted(RULES)}", rule)


def prove_eta_invariance(
    rule: str | Rule | OnlineRule, *, d: int | None = None, search: SearchSpace = SMALL_SEARCH
) -> EtaVerdict:
    """Prove or refute that, from zero initial weights, the learning rate η > 0 does not
    change the predictions of ``rule`` (see the module docstring).  The conditions are shown
    over whole vectors, for every dimension; ``d`` is accepted for compatibility and ignored;
    ``search``: the datasets tried for a counterexample.  Bad rules raise
    :class:`~symbolic.perceptron.online_rule.InvalidOnlineRule`."""
    rule = as_online_rule(rule)
    expressions = rule.vector_expressions()
    conditions = (decision_condition(expressions), update_condition(expressions))
    detail = ""
    if all(condition.shown for condition in conditions):
        try:
            chains = induction(expressions)
        except (DerivationError, InvalidDefinition) as error:  # not expected once both are shown
            detail = f"the induction is not shown: {error}"
        else:
            return EtaVerdict(rule, None, "proved", conditions, induction=chains)
    found = search_counterexample(rule, search)
    status = "refuted" if found.counterexample is not None else "undecided"
    return EtaVerdict(
        rule, None, status, conditions, counterexample=found.counterexample, search=found,
        detail=detail,
    )  # fmt: skip


def _value(value: object) -> str:
    """A number, or a vector as (a, b, c)."""
    if isinstance(value, MatrixBase):
        return "(" + ", ".join(plain_text(v) for v in value) + ")"
    return plain_text(value)

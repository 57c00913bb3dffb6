"""The two homogeneity conditions of an online rule, and the induction they make work, each a
verified :class:`symbolic.Derivation`.

For a rule with decision D and update U, generic vectors w, x, a real y, η > 0 and c > 0:

- (decision) D(c·w, x) = D(w, x): scaling the state does not change a prediction;
- (update) U(c·w, x, y, c·η) = c·U(w, x, y, η), one chain per component of the state.

Each chain starts from the rule's formula at (c·w, c·η) with φ held as written, drops c
inside φ citing ``positive-factor`` (φ(c·z) = φ(z) for c > 0), and reaches the formula at
(w, η), times c for the update, by ``algebra``.  With both, induction on k gives, for the
run from w⁽⁰⁾ with rate η, w⁽ᵏ⁾ = η·v⁽ᵏ⁾ where v⁽ᵏ⁾ is the run from v⁽⁰⁾ = w⁽⁰⁾/η with rate 1
(the scaling law), and with w⁽⁰⁾ = 0 the zero-init theorem: v⁽ᵏ⁾ is free of η and every
prediction ŷ⁽ᵏ⁾ = D(v⁽ᵏ⁻¹⁾, x⁽ᵏ⁾) is the same for every η > 0.  The induction is written in
coordinates (w⁽ᵏ⁻¹⁾_i, x⁽ᵏ⁾_j, …): the rule is given by its formulas for a fixed number of
features d, so every chain is checked for that d.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Eq, Expr, S, Symbol, factor_terms

from symbolic.algebra.phi import phi
from symbolic.algebra.symbols import C
from symbolic.algebra.vectors import ZERO_VECTOR, vector
from symbolic.derivations.derivation import Derivation, DerivationError
from symbolic.derivations.inference import INFERENCE_RULES, Justification
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.perceptron.notation import HatSymbol, hold
from symbolic.perceptron.online_rule import RuleExpressions

DEFINITION = INFERENCE_RULES["definition"]
HYPOTHESIS = INFERENCE_RULES["hypothesis"]
INDUCTION = INFERENCE_RULES["induction"]
POSITIVE = INFERENCE_RULES["positive-factor"]


def drop_positive_factors(expr: Expr) -> Expr:
    """``expr`` with every φ evaluated again, so that φ drops its known-positive factors, also
    a positive factor common to the terms of a sum inside a product (−y·(c·a + c·b));
    otherwise φ keeps its argument as written."""
    if not expr.args:
        return expr
    args = [drop_positive_factors(arg) for arg in expr.args]
    if isinstance(expr, phi):
        (z,) = args
        released = phi(z)
        if isinstance(released, phi) and released.args[0] == z:
            pulled = factor_terms(z)
            if pulled != z:
                again = phi(pulled)
                if not (isinstance(again, phi) and again.args[0] == pulled):
                    return again
        return released
    return expr.func(*args)


def with_c(eta: Symbol) -> Justification:
    """The positive-factor rule, saying which factor it drops: "with c = η"."""
    return POSITIVE.using(text=("with ", Eq(Symbol("c"), eta, evaluate=False)))


@dataclass(frozen=True)
class Condition:
    """One homogeneity condition: its chains (verified when ``shown``), or why it failed.

    ``failure`` is the engine's message for the first chain that did not verify,
    ``component`` its 1-based index in the state for the update condition, ``remainder``
    the difference of the two sides the engine could not reduce to 0, and ``point`` values
    of the symbols at which it is not 0 (None when the step was only not shown)."""

    name: str
    statement: str
    derivations: tuple[Derivation, ...]
    shown: bool
    failure: str = ""
    component: int | None = None
    remainder: Expr | None = None
    point: dict | None = None

    def __str__(self) -> str:
        mark = "shown" if self.shown else "NOT SHOWN"
        where = f" (component {self.component})" if self.component is not None else ""
        why = f": {self.failure}" if self.failure else ""
        return f"[{mark}] {self.name} condition, {self.statement}{where}{why}"


DECISION_STATEMENT = "decision(c·w, x) = decision(w, x) for every c > 0"
UPDATE_STATEMENT = "update(c·w, x, y, c·η) = c·update(w, x, y, η) for every c > 0"


def scaled(expressions: RuleExpressions) -> dict[Expr, Expr]:
    """w → c·w and η → c·η."""
    mapping: dict[Expr, Expr] = {w: C * w for w in expressions.w}
    mapping[expressions.eta] = C * expressions.eta
    return mapping


def homogeneous_chain(start: Expr, target: Expr) -> Derivation:
    """``start`` (φ held) = … = ``target``: drop c inside φ, then algebra; verified (raises
    :class:`~symbolic.DerivationError` when a step does not follow).  When the target itself
    holds a positive factor inside φ (φ(η·z) in the rule's own formula), the last step drops
    it too, citing positive-factor again."""
    line = drop_positive_factors(start)
    first = [(line, POSITIVE)] if line != start else []
    last = [] if line == target and first else [(target, "algebra")]
    try:
        return _chain(start, first + last)
    except DerivationError:
        if not last or drop_positive_factors(target) == target:
            raise
        return _chain(start, [*first, (target, POSITIVE)])


def _chain(start: Expr, steps: list) -> Derivation:
    derivation = Derivation(start)
    for expr, because in steps:
        derivation.step(expr, because)
    return derivation.verify()


def decision_condition(expressions: RuleExpressions) -> Condition:
    """D(c·w, x) = D(w, x), as one chain."""
    start = hold(expressions.decision, scaled(expressions))
    try:
        chain = homogeneous_chain(start, expressions.decision)
    except DerivationError as error:
        return _failed("decision", DECISION_STATEMENT, (), error, None)
    return Condition("decision", DECISION_STATEMENT, (chain,), True)


def update_condition(expressions: RuleExpressions) -> Condition:
    """U(c·w, x, y, c·η) = c·U(w, x, y, η), one chain per component."""
    mapping, chains = scaled(expressions), []
    for i, entry in enumerate(expressions.update, start=1):
        try:
            chains.append(homogeneous_chain(hold(entry, mapping), C * entry))
        except DerivationError as error:
            return _failed("update", UPDATE_STATEMENT, tuple(chains), error, i)
    return Condition("update", UPDATE_STATEMENT, tuple(chains), True)


def _failed(
    name: str, statement: str, chains: tuple, error: DerivationError, component: int | None
) -> Condition:
    remainder = error.remainder if error.remainder != 0 else None
    return Condition(
        name, statement, chains, False, str(error), component, remainder, error.counterexample
    )


@dataclass(frozen=True)
class Induction:
    """The checked induction for one rule (see the module docstring): the definitions it
    cites, the base case w⁽⁰⁾_i = η·v⁽⁰⁾_i, the step w⁽ᵏ⁾_i = η·v⁽ᵏ⁾_i, the prediction
    ŷ⁽ᵏ⁾ = D(v⁽ᵏ⁻¹⁾, x⁽ᵏ⁾), and the zero-init chains v⁽⁰⁾_i = 0; every chain verified."""

    definitions: tuple[tuple[Expr, Expr], ...]
    base: tuple[Derivation, ...]
    steps: tuple[Derivation, ...]
    prediction: Derivation
    zero_init: tuple[Derivation, ...]

    def chains(self) -> tuple[Derivation, ...]:
        """Every chain, in reading order."""
        return (*self.base, *self.steps, self.prediction, *self.zero_init)


def _twin(name: str, state: tuple[str, ...]) -> str:
    """The name of a state vector's twin in the run with rate 1: v for w, else upper case."""
    return "v" if state == ("w",) else name.upper()


def _vector(expr: Expr) -> Expr:
    """A vector expression, with the number 0 (w − w, say) written as the zero vector."""
    return ZERO_VECTOR if expr == 0 else expr


def induction(expressions: RuleExpressions) -> Induction:
    """The induction for the rule of ``expressions`` (over whole vectors), every chain
    verified (raises :class:`~symbolic.DerivationError` when one does not follow)."""
    e, eta = expressions, expressions.eta
    state = tuple(str(s) for s in e.w)
    previous = [vector(s, "k-1") for s in state]
    unit = [vector(_twin(s, state), "k-1") for s in state]
    x = [vector(str(v), "k") for v in e.x]
    y = IndexedSymbol("y(k)", real=True)
    data = dict(zip(e.x, x, strict=True)) | {e.y: y}
    at_w = data | dict(zip(e.w, previous, strict=True))
    at_v = data | dict(zip(e.w, unit, strict=True)) | {eta: S.One}
    hypothesis = INDUCTION.using(*[(a, eta * b) for a, b in zip(previous, unit, strict=True)])
    to_unit = dict(zip(previous, (eta * b for b in unit), strict=True))

    definitions: list[tuple[Expr, Expr]] = []
    steps = []
    for i, name in enumerate(state):
        rhs_w = _vector(previous[i] + hold(e.update[i], at_w))
        rhs_v = _vector(unit[i] + hold(e.update[i], at_v))
        w_k, v_k = vector(name, "k"), vector(_twin(name, state), "k")
        definitions += [(w_k, rhs_w), (v_k, rhs_v)]
        chain = Derivation(w_k).step(rhs_w, DEFINITION.using((w_k, rhs_w)))
        line = hold(rhs_w, to_unit)
        chain.step(line, hypothesis)
        released = drop_positive_factors(line)
        if released != line:
            chain.step(released, with_c(eta))
        target = eta * rhs_v
        if released != target:
            chain.step(target, "algebra")
        steps.append(chain.step(eta * v_k, DEFINITION.using((v_k, rhs_v))).verify())

    decision_w = hold(e.decision, at_w)
    decision_v = hold(e.decision, data | dict(zip(e.w, unit, strict=True)))
    y_hat = HatSymbol("yhat(k)", real=True) if decision_w.is_real else HatSymbol("yhat(k)")
    definitions.append((y_hat, decision_w))
    prediction = Derivation(y_hat).step(decision_w, DEFINITION.using((y_hat, decision_w)))
    line = hold(decision_w, to_unit)
    prediction.step(line, hypothesis)
    released = drop_positive_factors(line)
    if released != line:
        prediction.step(released, with_c(eta))
    if released != decision_v:
        prediction.step(decision_v, "algebra")
    prediction.verify()

    base, zero_init = [], []
    for name in state:
        w_0, v_0 = vector(name, 0), vector(_twin(name, state), 0)
        start = (v_0, w_0 / eta)
        definitions.append(start)
        base.append(Derivation(w_0).step(eta * v_0, DEFINITION.using(start)).verify())
        zero_init.append(
            Derivation(v_0)
            .step(w_0 / eta, DEFINITION.using(start))
            .step(ZERO_VECTOR, HYPOTHESIS.using((w_0, ZERO_VECTOR)))
            .verify()
        )
    return Induction(tuple(definitions), tuple(base), tuple(steps), prediction, tuple(zero_init))

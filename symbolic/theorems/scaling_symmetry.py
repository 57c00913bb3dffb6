"""Every rule's scaling symmetry: the exponent a with (η, w⁽⁰⁾) ~ (cᵃ·η, c·w⁽⁰⁾), found and proved.

If decision(c·w, x) = decision(w, x) and update(c·w, x, y, cᵃ·η) = c·update(w, x, y, η) for
every c > 0, then by induction the run from (cᵃ·η, c·w⁽⁰⁾) is c times the run from (η, w⁽⁰⁾),
with the same predictions at every step.  So predictions depend on (η, w⁽⁰⁾) only through
w⁽⁰⁾/η^(1/a): for a = 1 (the perceptron family, decoupled weight decay) only w⁽⁰⁾/η matters and
from w⁽⁰⁾ = 0 every η > 0 is the same run; for a = 2 (a gradient step on a loss that is
scale-invariant in w) only η/‖w⁽⁰⁾‖² and the direction of w⁽⁰⁾ matter.

:func:`scaling_symmetry` finds a from the rule's formulas over whole vectors: each coefficient
of the update must scale as c⁰ (for a state vector) or c¹ (for an input vector) when w ↦ c·w
and η ↦ cᵃ·η; a coefficient homogeneous of degree k in w and m in η gives k + a·m = that
power.  The exponent is then proved as verified derivations (the two conditions and the
induction, for every dimension).  When no a fits, the rule has no such symmetry only if an
exact witness says so: two rates that predict differently from w⁽⁰⁾ = 0 (which every a ≠ 0
relates) and one rate at which w⁽⁰⁾ and 2·w⁽⁰⁾ predict differently (which a = 0 relates), both
confirmed by the exact runner.  Otherwise the verdict is "undecided".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from sympy import Expr, Integer, Rational, Symbol, simplify

from numeric.display import one_line
from symbolic.algebra.identity import denominators
from symbolic.algebra.symbols import C
from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol, vector
from symbolic.derivations.derivation import Derivation, DerivationError
from symbolic.derivations.inference import INFERENCE_RULES, InvalidDefinition
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.perceptron.notation import HatSymbol, hold
from symbolic.perceptron.online_rule import InvalidOnlineRule, OnlineRule, RuleExpressions
from symbolic.perceptron.runner import FirstDifference, first_difference, run_online
from symbolic.printable import Displayable, plain_text
from symbolic.theorems.compiled import compiled_rule
from symbolic.theorems.counterexamples import Counterexample, search_counterexample
from symbolic.theorems.homogeneity import (
    Condition,
    decision_condition,
    drop_positive_factors,
    homogeneous_chain,
)

DEFINITION = INFERENCE_RULES["definition"]
INDUCTION = INFERENCE_RULES["induction"]
POSITIVE = INFERENCE_RULES["positive-factor"]
ALGEBRA = INFERENCE_RULES["algebra"]

STATUSES = ("proved", "none", "undecided")


def update_statement(a: Expr) -> str:
    """The update condition for the exponent ``a``."""
    rate = "η" if a == 0 else ("c·η" if a == 1 else f"c^{a}·η")
    return f"update(c·w, x, y, {rate}) = c·update(w, x, y, η) for every c > 0"


@dataclass(frozen=True)
class ScalingWitness:
    """Why no exponent exists, confirmed exactly: ``rates`` two rates that predict differently
    from w⁽⁰⁾ = 0 (every a ≠ 0 relates them), and ``scaled`` one rate at which w⁽⁰⁾ and 2·w⁽⁰⁾
    predict differently (a = 0 relates them)."""

    rates: Counterexample
    X: tuple[tuple[Expr, ...], ...]
    y: tuple[Expr, ...]
    eta: Expr
    w0: tuple[Expr, ...]
    step: int
    predictions: tuple[Expr, Expr]

    def describe(self) -> str:
        """Two sentences: the two refutations."""
        data = f"X = {[list(r) for r in self.X]}, y = {list(self.y)}"
        w0 = "(" + ", ".join(str(v) for v in self.w0) + ")"
        return (
            f"every a ≠ 0: {self.rates.describe()}; a = 0: on {data} at η = {self.eta}, "
            f"w⁽⁰⁾ = {w0} predicts {self.predictions[0]} and 2·w⁽⁰⁾ predicts "
            f"{self.predictions[1]} at step {self.step}"
        )


@dataclass(frozen=True)
class ScalingSymmetry(Displayable):
    """The answer of :func:`scaling_symmetry`.

    ``status``: ``"proved"`` (``exponent`` a, with ``conditions`` and ``induction`` checked),
    ``"none"`` (no exponent: ``witness`` confirmed exactly) or ``"undecided"``; ``detail``
    says why when it is not proved."""

    rule: OnlineRule
    status: str
    exponent: Rational | None
    conditions: tuple[Condition, ...] = ()
    induction: tuple[Derivation, ...] = ()
    witness: ScalingWitness | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        assert self.status in STATUSES, self.status
        assert (self.status == "proved") == (self.exponent is not None and bool(self.induction))
        assert (self.status == "none") == (self.witness is not None)

    @property
    def statement(self) -> str:
        """What was proved (or found), in one sentence."""
        name = repr(self.rule.name)
        if self.status == "proved":
            a = self.exponent
            assert a is not None
            law = _law(a)
            if a == 1 and _divides_by_state(self.rule.vector_expressions()):
                law = (
                    "predictions depend on (η, w⁽⁰⁾) only through w⁽⁰⁾/η (w⁽⁰⁾ ≠ 0: the rule "
                    "is undefined at w = 0)"
                )
            return (
                f"rule {name}: the run from (c^{a}·η, c·w⁽⁰⁾) is c times the run from "
                f"(η, w⁽⁰⁾), with the same predictions, for every c > 0 (a = {a}); {law}"
            )
        if self.status == "none":
            return f"rule {name} has no scaling symmetry: η matters on its own"
        return f"rule {name}: no scaling exponent shown ({self.detail})"

    def __repr__(self) -> str:
        return one_line("ScalingSymmetry", repr(self.rule.name), self.status,
                        f"a={self.exponent}")  # fmt: skip

    def __str__(self) -> str:
        if self.status == "proved":
            return (
                f"proved: {self.statement} (both conditions and the induction checked with "
                "the vectors kept whole, so for every dimension)"
            )
        if self.status == "none":
            assert self.witness is not None
            return f"none: {self.statement}; {self.detail}; exact witnesses: " + (
                self.witness.describe()
            )
        return f"undecided: {self.statement}"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the exponent as an exact string (None when there is none)."""
        return {
            "status": self.status,
            "exponent": None if self.exponent is None else str(self.exponent),
            "statement": self.statement,
            "conditions": [
                {"name": c.name, "statement": c.statement, "shown": c.shown}
                for c in self.conditions
            ],
            "induction_chains": len(self.induction),
            "witness": None if self.witness is None else self.witness.describe(),
            "detail": self.detail or None,
        }


def _law(a: Rational) -> str:
    if a == 0:
        return "η is fixed and w⁽⁰⁾ only matters through its direction"
    if a == 1:
        return (
            "predictions depend on (η, w⁽⁰⁾) only through w⁽⁰⁾/η, so from w⁽⁰⁾ = 0 every "
            "η > 0 is the same run"
        )
    if a == 2:
        return (
            "predictions depend only on η/‖w⁽⁰⁾‖² and the direction of w⁽⁰⁾ (the effective "
            "learning rate)"
        )
    return f"predictions depend on (η, w⁽⁰⁾) only through w⁽⁰⁾/η^(1/{a})"


def scaled_map(expressions: RuleExpressions, a: Expr) -> dict[Expr, Expr]:
    """w ↦ c·w for each state vector and η ↦ cᵃ·η."""
    mapping: dict[Expr, Expr] = {w: C * w for w in expressions.w}
    mapping[expressions.eta] = C**a * expressions.eta
    return mapping


def degree(expr: Expr, mapping: dict[Expr, Expr], factor: Symbol) -> Rational | None:
    """k with expr(mapped) = factorᵏ·expr (φ dropping positive factors), or None."""
    try:
        scaled = drop_positive_factors(hold(expr, mapping))
        ratio = simplify(scaled / expr)
    except Exception:  # SymPy's simplification can fail inside sign(...) of a dot product
        return None
    if ratio == 1:
        return Integer(0)
    base, power = ratio.as_base_exp()
    if base == factor and power.is_Rational:
        return Rational(power)
    return None


def find_exponents(expressions: RuleExpressions) -> tuple[set[Rational] | None, str]:
    """The exponents a the coefficients allow (None: every a), or an empty set with why."""
    s = Symbol("s", positive=True)
    allowed: set[Rational] | None = None
    form = expressions.rule.form
    state = set(form.state_vectors)
    for terms in form.coefficients:
        for v, f in terms:
            target = 0 if v in state else 1
            k = degree(f, {w: C * w for w in expressions.w}, C)
            m = degree(f, {expressions.eta: s * expressions.eta}, s)
            if k is None or m is None:
                which = "w" if k is None else "η"
                return set(), (
                    f"the coefficient {plain_text(f)} of {plain_text(v)} is not homogeneous in "
                    f"{which}"
                )
            if m == 0:
                if k != target:
                    return set(), (
                        f"the coefficient {plain_text(f)} of {plain_text(v)} scales as c^{k}, "
                        f"not c^{target}"
                    )
                continue
            a = Rational(target - k, m)
            allowed = {a} if allowed is None else allowed & {a}
            if not allowed:
                return set(), f"the coefficients need different exponents (one needs a = {a})"
    return allowed, ""


def update_condition(expressions: RuleExpressions, a: Expr) -> Condition:
    """U(c·w, x, y, cᵃ·η) = c·U(w, x, y, η), one chain per state vector."""
    mapping, chains = scaled_map(expressions, a), []
    statement = update_statement(a)
    for i, entry in enumerate(expressions.update, start=1):
        try:
            chains.append(homogeneous_chain(hold(entry, mapping), C * entry))
        except DerivationError as error:
            remainder = error.remainder if error.remainder != 0 else None
            return Condition("update", statement, tuple(chains), False, str(error), i, remainder,
                             error.counterexample)  # fmt: skip
    return Condition("update", statement, tuple(chains), True)


def scaled_induction(expressions: RuleExpressions, a: Expr) -> tuple[Derivation, ...]:
    """The induction: with W⁽ᵏ⁻¹⁾ = c·w⁽ᵏ⁻¹⁾ (W the run from (cᵃ·η, c·w⁽⁰⁾)), W⁽ᵏ⁾ = c·w⁽ᵏ⁾ and
    the prediction of W is that of w; every chain verified over whole vectors."""
    e, eta = expressions, expressions.eta
    state = [str(s) for s in e.w]
    # Where the rule divides by the state it is defined only for a non-zero state: the
    # vectors of step k - 1 are declared so, and the chains state the condition they use.
    nonzero = {"nonzero": True} if _divides_by_state(e) else {}
    big = [VectorSymbol(f"{s.upper()}(k-1)", **nonzero) for s in state]
    small = [VectorSymbol(f"{s}(k-1)", **nonzero) for s in state]
    x = [vector(str(v), "k") for v in e.x]
    y = IndexedSymbol("y(k)", real=True)
    data = dict(zip(e.x, x, strict=True)) | {e.y: y}
    at_big = data | dict(zip(e.w, big, strict=True)) | {eta: C**a * eta}
    at_small = data | dict(zip(e.w, small, strict=True))
    pairs = [(b, C * s) for b, s in zip(big, small, strict=True)]
    to_small = dict(zip(big, (C * s for s in small), strict=True))
    # Where the rule divides by the state (w·w for a scale-invariant loss) it is defined only
    # where that is non-zero: the substitution says so, as a condition printed with it.
    where = _defined(e, at_big, big) + _defined(e, at_small, small)
    hypothesis = INDUCTION.using(*pairs, nonzero=where)
    chains = []
    for i, name in enumerate(state):
        rhs_big = _vector(big[i] + hold(e.update[i], at_big))
        rhs_small = _vector(small[i] + hold(e.update[i], at_small))
        big_k, small_k = vector(name.upper(), "k"), vector(name, "k")
        chain = Derivation(big_k).step(rhs_big, DEFINITION.using((big_k, rhs_big), nonzero=where))
        line = hold(rhs_big, to_small)
        chain.step(line, hypothesis)
        released = drop_positive_factors(line)
        if released != line:
            chain.step(released, POSITIVE)
        if released != C * rhs_small:
            chain.step(C * rhs_small, ALGEBRA.using(nonzero=where))
        definition = DEFINITION.using((small_k, rhs_small), nonzero=where)
        chains.append(chain.step(C * small_k, definition).verify())
    decision_big = hold(e.decision, data | dict(zip(e.w, big, strict=True)))
    decision_small = hold(e.decision, at_small)
    y_hat = HatSymbol("Yhat(k)", real=True) if decision_big.is_real else HatSymbol("Yhat(k)")
    prediction = Derivation(y_hat).step(decision_big, DEFINITION.using((y_hat, decision_big)))
    line = hold(decision_big, to_small)
    prediction.step(line, hypothesis)
    released = drop_positive_factors(line)
    if released != line:
        prediction.step(released, POSITIVE)
    if released != decision_small:
        prediction.step(decision_small, "algebra")
    return (*chains, prediction.verify())


def _defined(e: RuleExpressions, at: dict, vectors: list) -> tuple[Expr, ...]:
    """The denominators of the rule at ``at`` that involve the state: where the rule divides
    by the state (w·w for a scale-invariant loss) it is defined only where they are non-zero,
    and the chains state so, printed with the step."""
    found = [
        f
        for expr in (*e.update, e.decision)
        for f in denominators(hold(expr, at))
        if f.has(*vectors)
    ]
    return tuple(dict.fromkeys(found))


def _divides_by_state(e: RuleExpressions) -> bool:
    """True when a formula of the rule divides by something that involves the state."""
    return any(f.has(*e.w) for expr in (*e.update, e.decision) for f in denominators(expr))


def _vector(expr: Expr) -> Expr:
    return ZERO_VECTOR if expr == 0 else expr


def scaling_symmetry(rule: OnlineRule) -> ScalingSymmetry:
    """Find and prove the exponent a of ``rule``'s scaling symmetry (see the module docstring),
    or show that it has none with exact witnesses; otherwise "undecided"."""
    e = rule.vector_expressions()
    decision = decision_condition(e)
    exponents, why = find_exponents(e)
    candidates = sorted(exponents) if exponents else ([Integer(1)] if exponents is None else [])
    for a in candidates:
        update = update_condition(e, a)
        if not (decision.shown and update.shown):
            why = (update if decision.shown else decision).failure or "a condition is not shown"
            continue
        try:
            chains = scaled_induction(e, a)
        except (DerivationError, InvalidDefinition) as error:
            why = f"the induction is not shown: {error}"
            continue
        return ScalingSymmetry(rule, "proved", a, (decision, update), chains)
    if not decision.shown:
        why = f"the decision condition is not shown ({decision.failure})"
    witness = find_witness(rule)
    if witness is not None:
        return ScalingSymmetry(rule, "none", None, (decision,), witness=witness, detail=why)
    return ScalingSymmetry(rule, "undecided", None, (decision,), detail=why)


#: The initial states the a = 0 witness tries (c = 2): ± each unit vector, then small ones.
W0_VALUES = (1, -1, 2, -2)
WITNESS_STARTS = 24


def find_witness(rule: OnlineRule) -> ScalingWitness | None:
    """Exact witnesses that no exponent exists (see :class:`ScalingWitness`), or None."""
    rates = search_counterexample(rule, progress=False).counterexample
    if rates is None or not rates.same_rule:
        return None
    d = len(rates.X[0])
    m = rule.state_length(d)
    starts = [tuple(v if i == j else 0 for i in range(m)) for j in range(m) for v in (1, -1)]
    starts += [w0 for w0 in itertools.product(W0_VALUES, repeat=m) if w0 not in starts]
    for X, y in _witness_datasets(rates, d, rule):
        for eta in (Integer(1), Rational(1, 10), Integer(10)):
            for w0 in starts[:WITNESS_STARTS]:
                found = _first_scaled_difference(rule, X, y, eta, w0)
                if found is not None:
                    return ScalingWitness(rates, tuple(tuple(r) for r in X), tuple(y), eta,
                                          tuple(Integer(v) for v in w0), found.step,
                                          found.predictions)  # fmt: skip
    return None


def _first_scaled_difference(
    rule: OnlineRule, X, y, eta: Expr, w0: tuple
) -> FirstDifference | None:
    """Where w⁽⁰⁾ and 2·w⁽⁰⁾ first predict differently at rate η.  The compiled fast path
    screens first; only a difference it sees within :data:`WITNESS_STEPS` steps is run
    exactly, for just those steps (exact runs of a rule with exp nest with every step), and
    only an exact difference counts."""
    step = _screened(rule, X, y, eta, w0)
    if step is None:
        return None
    epochs = (step - 1) // len(X) + 1
    try:
        runs = [run_online(rule, X, y, eta, w0=[c * v for v in w0], epochs=epochs)
                for c in (1, 2)]  # fmt: skip
    except InvalidOnlineRule:
        return None
    return first_difference(*runs)


#: The latest step at which a fast-path difference is confirmed exactly.
WITNESS_STEPS = 8


def _screened(rule: OnlineRule, X, y, eta: Expr, w0: tuple) -> int | None:
    """The first step (1-based, at most :data:`WITNESS_STEPS`) at which the compiled rule
    sees w⁽⁰⁾ and 2·w⁽⁰⁾ predict differently, or None (also when it cannot tell): a
    candidate, never a verdict."""
    fast = compiled_rule(rule, len(X[0]))
    if fast is None:
        return None
    try:
        rate = Fraction(str(eta))
        states = [[Fraction(c * v) for v in w0] for c in (1, 2)]
        for k in range(WITNESS_STEPS):
            x, label = [Fraction(int(v)) for v in X[k % len(X)]], Fraction(int(y[k % len(X)]))
            if fast.predict(*states[0], *x) != fast.predict(*states[1], *x):
                return k + 1
            states = [[p + q for p, q in zip(w, fast.update(*w, *x, label, rate), strict=True)]
                      for w in states]  # fmt: skip
    except (ArithmeticError, ValueError, TypeError, OverflowError):
        return None
    return None


def _witness_datasets(rates: Counterexample, d: int, rule: OnlineRule):
    """The datasets the a = 0 witness tries: the rates' counterexample's, then one sample of
    small integer features with each label."""
    yield rates.X, rates.y
    for features in itertools.product((1, -1, 2), repeat=d):
        for label in rule.labels:
            yield (features,), (label,)


@dataclass(frozen=True)
class CollapseRuns:
    """Runs of one rule at rates η·2^(a·j) (j = 0, 1, …), each from the same w⁽⁰⁾ and from
    w⁽⁰⁾ rescaled by c = 2^j: ``mistakes[kind][j][k]`` counts the mistakes (ŷ ≠ y) up to
    step k + 1.  Powers of two keep float64 scaling exact, so the rescaled runs are the very
    same run, c times, whenever the exponent a holds."""

    rates: tuple[float, ...]
    scales: tuple[float, ...]
    same: tuple[tuple[int, ...], ...]
    rescaled: tuple[tuple[int, ...], ...]


def collapse_runs(
    rule: OnlineRule, X, y, w0, exponent: Rational, *, eta: float = 1.0, runs: int = 4,
    epochs: int = 5,
) -> CollapseRuns:  # fmt: skip
    """The runs of :class:`CollapseRuns` in float64 through the compiled rule (the fast path;
    the figure's claim, that the rescaled runs coincide, is what the exponent proves)."""
    fast = compiled_rule(rule, len(X[0]))
    if fast is None:
        raise InvalidOnlineRule(f"rule {rule.name!r} cannot run on {len(X[0])} features")
    rates = tuple(float(eta) * 2.0 ** float(exponent * j) for j in range(runs))
    scales = tuple(2.0**j for j in range(runs))

    def mistakes(rate: float, scale: float) -> tuple[int, ...]:
        w, count, out = [float(v) * scale for v in w0], 0, []
        for k in range(len(X) * epochs):
            x, label = [float(v) for v in X[k % len(X)]], float(y[k % len(X)])
            count += float(fast.predict(*w, *x)) != label  # type: ignore[arg-type]
            out.append(count)
            w = [a + float(b) for a, b in zip(w, fast.update(*w, *x, label, rate), strict=True)]
        return tuple(out)

    same = tuple(mistakes(rate, 1.0) for rate in rates)
    rescaled = tuple(mistakes(rate, scale) for rate, scale in zip(rates, scales, strict=True))
    return CollapseRuns(rates, scales, same, rescaled)

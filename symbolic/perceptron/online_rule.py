"""Any online learning rule as data: a decision ŷ and an update Δw, each a formula over whole
vectors (:mod:`symbolic.perceptron.rule_form`).

    >>> from symbolic import OnlineRule
    >>> adaline = OnlineRule(
    ...     "adaline",
    ...     decision="phi(dot(w, x))",
    ...     update="eta * (y - dot(w, x)) * x",
    ... )

A rule *is* its formulas.  They are given as text in the rule language
(:mod:`symbolic.perceptron.rule_syntax`: nothing in it can run), as a ``loss`` whose gradient
step is the update (Δw = −η∇_w loss), or as Python functions ``decision(w, x)`` and
``update(w, x, y, eta)``, which are called once on stand-ins for the vectors and captured
(:mod:`symbolic.perceptron.rule_capture`).  From then on only the formulas are used: the
prover reasons about them for every dimension, and the exact runner
(:mod:`symbolic.perceptron.runner`), the search for counterexamples and ``etaproof check``
evaluate them on numbers.  So what is proved is what is run.

The state may be several vectors (``state=("u", "a")``: the averaged perceptron keeps the
weights and their running sum) and so may the input (``inputs=("e", "g")``), all of one
dimension; on numbers the state is their entries one vector after the other.  A float in a
rule's formulas is refused: SymPy rounds every operation on one.  Every way a rule can be
unusable is one :class:`InvalidOnlineRule`, a ``ValueError`` naming what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from numbers import Integral
from typing import Any

from sympy import Expr, ImmutableMatrix, MatrixBase, Rational, Symbol, sympify
from sympy.core.sympify import SympifyError

from symbolic.algebra.symbols import ETA, C, Y
from symbolic.algebra.vectors import VectorSymbol
from symbolic.perceptron.rule_capture import capture_scalar, capture_update
from symbolic.perceptron.rule_form import (
    FUNCTIONS,
    InvalidOnlineRule,
    RuleForm,
    Terms,
    canonical_dots,
    check_formula,
    coefficients,
    gradient,
)
from symbolic.perceptron.rule_syntax import RESERVED, RuleSyntaxError, number, parse

__all__ = ["ETA", "FUNCTIONS", "C", "InvalidOnlineRule", "OnlineRule", "RuleExpressions", "Y"]

_VECTOR_NAME = re.compile(r"^[a-z]{1,8}$")


@dataclass(frozen=True)
class OnlineRule:
    """One online learning rule: a decision ŷ and an update of the state, as formulas.

    ``decision``: text (``"phi(dot(w, x))"``), a SymPy formula over whole vectors, or a
    function of the vectors; ``update``: the change of the state (text, a formula, a
    function ``update(w, x, y, eta)``, or for a state of several vectors one per vector, in
    a sequence or a mapping by name); ``loss``: instead of ``update``, a scalar whose gradient
    step −η∇ is the update; ``labels``: the label set (real numbers, at least two);
    ``state`` and ``inputs``: the names of the state's and the input's vectors;
    ``constants``: names that text formulas may use for exact numbers; ``summary``: one line
    saying what the rule does; ``source``: where it came from (a rule file's path, or
    ``"rule:NAME"`` for a built-in rule of :data:`symbolic.RULES`).  After construction
    ``decision`` is the decision formula and ``update`` a tuple of one vector formula per
    state vector.
    """

    name: str
    decision: Any
    update: Any = None
    labels: tuple = (-1, 1)
    state_size: None = None
    summary: str = ""
    source: str | None = None
    state: tuple[str, ...] = ("w",)
    inputs: tuple[str, ...] = ("x",)
    loss: Any = None
    constants: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    form: RuleForm = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidOnlineRule(f"name={self.name!r} must be a non-empty string", self.name)
        if self.state_size is not None:
            raise InvalidOnlineRule(
                f"state_size={self.state_size!r}: a rule is written over whole vectors for "
                "every dimension; give a state of several vectors as state=('u', 'a')",
                self.state_size,
            )
        state = _names("state", self.state, ())
        inputs = _names("inputs", self.inputs, state)
        object.__setattr__(self, "state", state)
        object.__setattr__(self, "inputs", inputs)
        object.__setattr__(self, "labels", label_set(self.labels))
        constants = _constants(self.constants, (*state, *inputs))
        object.__setattr__(self, "constants", constants)
        form = _form(self, constants)
        object.__setattr__(self, "form", form)
        object.__setattr__(self, "decision", form.decision)
        object.__setattr__(self, "update", form.update)
        object.__setattr__(self, "loss", form.loss)

    def __repr__(self) -> str:
        return f"OnlineRule({self.name!r}, labels={tuple(str(v) for v in self.labels)})"

    @property
    def builtin(self) -> str | None:
        """The name of the built-in numeric rule this is, or None."""
        if self.source and self.source.startswith("rule:"):
            return self.source.removeprefix("rule:")
        return None

    def state_length(self, d: int) -> int:
        """The length m of the state for an input of d numbers (validated)."""
        if not isinstance(d, Integral) or isinstance(d, bool) or d < 1:
            raise InvalidOnlineRule(f"d={d!r} must be a positive whole number", d)
        return self.form.state_length(int(d))

    def expressions(self, d: int) -> RuleExpressions:
        """The rule in coordinates, for an input of d numbers (computed once per d)."""
        return _expressions(self, d)

    def vector_expressions(self) -> RuleExpressions:
        """The rule over whole vectors: ``w`` the state's vectors, ``x`` the input's, for
        every dimension (``whole`` is True)."""
        form = self.form
        return RuleExpressions(
            self, ImmutableMatrix(form.state_vectors), ImmutableMatrix(form.input_vectors), Y,
            ETA, form.decision, ImmutableMatrix(form.update), whole=True,
        )  # fmt: skip

    def predict(self, w: ImmutableMatrix, x: ImmutableMatrix) -> Expr:
        """ŷ for concrete numbers (w and x flattened): one of the labels, else
        :class:`InvalidOnlineRule`."""
        value = self.form.decide(self.form.values(list(w), list(x)))
        if not value.is_number:
            raise InvalidOnlineRule(
                f"the decision of rule {self.name!r} is {value}, not a number, at "
                f"w = {_brief(w)}, x = {_brief(x)}",
                value,
            )
        if not any(value == label for label in self.labels):
            raise InvalidOnlineRule(
                f"the decision of rule {self.name!r} is {value} at w = {_brief(w)}, "
                f"x = {_brief(x)}; it must be one of the labels {_labels_text(self.labels)}",
                value,
            )
        return value

    def step(self, w: ImmutableMatrix, x: ImmutableMatrix, y: Expr, eta: Expr) -> ImmutableMatrix:
        """Δw for concrete numbers (w and x flattened): a column of finite real numbers."""
        delta = ImmutableMatrix(self.form.change(self.form.values(list(w), list(x)), y, eta))
        for entry in delta:
            if not (entry.is_number and entry.is_real is True and entry.is_finite is True):
                raise InvalidOnlineRule(
                    f"the update of rule {self.name!r} is {_brief(delta)} at w = {_brief(w)}, "
                    f"x = {_brief(x)}, y = {y}, eta = {eta}; every entry must be a finite "
                    "real number",
                    delta,
                )
        return delta


@dataclass(frozen=True)
class RuleExpressions:
    """A rule on generic symbols: in coordinates, ``w`` the m real entries of the state and
    ``x`` the d of the input; over whole vectors (``whole``), ``w`` and ``x`` the named
    vectors.  ``decision`` is the prediction, ``update`` the column Δw (one entry per state
    vector when ``whole``), with a real y and a positive η."""

    rule: OnlineRule
    w: ImmutableMatrix
    x: ImmutableMatrix
    y: Symbol
    eta: Symbol
    decision: Expr
    update: ImmutableMatrix
    whole: bool = False

    @property
    def d(self) -> int:
        """The number of input entries (of input vectors when ``whole``)."""
        return self.x.rows

    @property
    def m(self) -> int:
        """The length of the state (its number of vectors when ``whole``)."""
        return self.w.rows

    def substituted(self, values: Mapping[Expr, Expr]) -> tuple[Expr, ImmutableMatrix]:
        """(decision, update) with ``values`` substituted for the symbols."""
        return self.decision.xreplace(dict(values)), self.update.xreplace(dict(values))


def generic_vector(base: str, n: int) -> ImmutableMatrix:
    """The column (base_1, …, base_n) of real symbols."""
    return ImmutableMatrix([Symbol(f"{base}_{j}", real=True) for j in range(1, n + 1)])


@lru_cache(maxsize=256)
def _expressions(rule: OnlineRule, d: int) -> RuleExpressions:
    m = rule.state_length(d)
    w, x, _ = rule.form.coordinates(d)
    decision, update = rule.form.in_coordinates(d)
    assert w.rows == m
    return RuleExpressions(rule, w, x, Y, ETA, decision, update)


def _names(what: str, names: object, taken: tuple[str, ...]) -> tuple[str, ...]:
    """Distinct vector names: lower-case letters, none reserved or ``taken``."""
    if isinstance(names, str):
        names = (names,)
    if not isinstance(names, Sequence) or not names:
        raise InvalidOnlineRule(f"{what}={names!r} must name one or more vectors", names)
    found = tuple(names)
    for name in found:
        if not isinstance(name, str) or not _VECTOR_NAME.match(name):
            raise InvalidOnlineRule(
                f"{what}={found!r}: {name!r} must be a name of 1 to 8 lower-case letters", name
            )
        if name in RESERVED or name == "c":
            raise InvalidOnlineRule(f"{what}={found!r}: the name {name!r} is reserved", name)
        if name in taken or found.count(name) > 1:
            raise InvalidOnlineRule(f"{what}={found!r}: the name {name!r} is used twice", name)
    return found


def _constants(constants: object, vectors: tuple[str, ...]) -> dict[str, Expr]:
    """Named exact numbers that text formulas may use."""
    if not isinstance(constants, Mapping):
        raise InvalidOnlineRule(f"constants={constants!r} must map names to numbers", constants)
    found: dict[str, Expr] = {}
    for name, value in constants.items():
        if not isinstance(name, str) or not name.isidentifier() or name in RESERVED:
            raise InvalidOnlineRule(f"constant {name!r} must be a name that is not reserved", name)
        if name in vectors or name == "c":
            raise InvalidOnlineRule(f"constant {name!r} has the name of a vector", name)
        if isinstance(value, Expr) and value.is_Rational:
            found[name] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | str | Fraction | Decimal):
            raise InvalidOnlineRule(
                f"constant {name}={value!r} must be an exact real number (a whole number, a "
                "decimal or a fraction such as '1/10')",
                value,
            )
        found[name] = number(str(value), where=f"constant {name}")
    return found


def _exact(value: str) -> Expr | None:
    """An exact real number from text such as '1/10' (with the rule language's limits), or
    None."""
    try:
        return number(value, where="label")
    except InvalidOnlineRule:
        return None


def _form(rule: OnlineRule, constants: Mapping[str, Expr]) -> RuleForm:
    """The rule's formulas, from whatever it was given as."""
    state, inputs = rule.state, rule.inputs
    vectors = [VectorSymbol(v) for v in (*state, *inputs)]
    args = ", ".join((*state, *inputs))

    def text(value: str, key: str) -> object:
        return parse(value, state=state, inputs=inputs, constants=constants, where=key)

    if callable(rule.decision) and not isinstance(rule.decision, Expr):
        decision = capture_scalar(rule.name, f"decision({args})", rule.decision, state, inputs)
    elif isinstance(rule.decision, str):
        decision = _scalar(text(rule.decision, f"decision of rule {rule.name!r}"), "decision")
    else:
        decision = canonical_dots(_sympy(rule.decision, f"decision={rule.decision!r}"), vectors)
    check_formula(f"decision({args})", decision, set(), rule=rule.name, vectors=vectors)

    if (rule.update is None) == (rule.loss is None):
        raise InvalidOnlineRule(
            f"rule {rule.name!r} must give an update or a loss (one of them)", rule.name
        )
    loss = None
    if rule.loss is not None:
        if callable(rule.loss) and not isinstance(rule.loss, Expr):
            loss = capture_scalar(rule.name, f"loss({args}, y)", rule.loss, state, inputs, Y)
        elif isinstance(rule.loss, str):
            loss = _scalar(text(rule.loss, f"loss of rule {rule.name!r}"), "loss")
        else:
            loss = canonical_dots(_sympy(rule.loss, f"loss={rule.loss!r}"), vectors)
        check_formula(f"the loss ({args}, y)", loss, {Y}, rule=rule.name, vectors=vectors)
        changes = [
            {v: -ETA * c for v, c in terms.items()}
            for terms in gradient(loss, [VectorSymbol(s) for s in state], rule=rule.name)
        ]
    elif callable(rule.update) and not isinstance(rule.update, Expr):
        what = f"update({args}, y, eta)"
        changes = capture_update(rule.name, what, rule.update, state, inputs, Y, ETA)
    else:
        changes = _update_terms(rule, text, vectors)
    for terms in changes:
        for c in terms.values():
            check_formula(f"update({args}, y, eta)", c, {Y, ETA}, rule=rule.name, vectors=vectors)
    ordered = tuple(
        tuple((v, terms[v]) for v in vectors if v in terms and terms[v] != 0) for terms in changes
    )
    return RuleForm(state, inputs, decision, ordered, loss)


def _update_terms(rule: OnlineRule, text: Callable[[str, str], object], vectors) -> list[Terms]:
    """The update given as text or formulas: one vector per state vector."""
    given = rule.update
    state = rule.state
    if isinstance(given, Mapping):
        unknown = sorted(set(given) - set(state))
        if unknown:
            raise InvalidOnlineRule(
                f"update of rule {rule.name!r} names {', '.join(map(str, unknown))}, which is "
                f"not a state vector ({', '.join(state)})",
                unknown,
            )
        given = [given.get(s, "0") for s in state]
    elif isinstance(given, str | Expr) or not isinstance(given, Sequence):
        given = [given]
    if not isinstance(given, Sequence) or isinstance(given, str) or len(given) != len(state):
        raise InvalidOnlineRule(
            f"update of rule {rule.name!r} must give the change of each of its state vectors "
            f"({', '.join(state)})",
            rule.update,
        )
    found = []
    for name, value in zip(state, given, strict=True):
        key = f"update of {name} in rule {rule.name!r}" if len(state) > 1 else (
            f"update of rule {rule.name!r}"
        )  # fmt: skip
        if isinstance(value, str):
            parsed = text(value, key)
            if not isinstance(parsed, dict):
                if parsed == 0:
                    parsed = {}
                else:
                    raise RuleSyntaxError(f"{key} must be a vector (the change of {name})")
            found.append(parsed)
        else:
            expr = _sympy(value, f"{key}: {value!r}")
            found.append(coefficients(expr, vectors, what=key))
    return found


def _scalar(value: object, what: str) -> Expr:
    if isinstance(value, dict):
        raise RuleSyntaxError(f"the {what} must be a number, not a vector")
    assert isinstance(value, Expr)
    return value


def _sympy(value: object, what: str) -> Expr:
    try:
        expr = sympify(value, strict=True)
    except (SympifyError, TypeError, ValueError):
        raise InvalidOnlineRule(f"{what} must be a formula, text or a function", value) from None
    if not isinstance(expr, Expr):
        raise InvalidOnlineRule(f"{what} must be a formula, text or a function", value)
    return expr


def label_set(labels: object) -> tuple[Expr, ...]:
    """The label set as a tuple of distinct real SymPy numbers (at least two), or
    :class:`InvalidOnlineRule`."""
    if isinstance(labels, str | bytes) or not isinstance(labels, Sequence | set | frozenset):
        raise InvalidOnlineRule(
            f"labels={labels!r} must be a sequence of at least two real numbers", labels
        )
    values = []
    for label in labels:
        value = _exact(label) if isinstance(label, str) else None  # text is never sympified
        if not isinstance(label, str):
            try:
                value = sympify(label, strict=True)
            except (SympifyError, TypeError, ValueError):
                value = None
        if value is not None and value.is_Float:
            value = Rational(value)
        if not (
            isinstance(value, Expr)
            and value.is_number
            and value.is_real is True
            and value.is_finite is True
        ):
            raise InvalidOnlineRule(
                f"labels={tuple(labels)!r} must be real numbers; {label!r} is not", labels
            )
        values.append(value)
    if len(values) < 2 or len(set(values)) != len(values):
        raise InvalidOnlineRule(
            f"labels={tuple(labels)!r} must hold at least two different real numbers", labels
        )
    return tuple(values)


def _brief(value: object, width: int = 80) -> str:
    if isinstance(value, MatrixBase):
        text = "(" + ", ".join(str(entry) for entry in value) + ")"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _labels_text(labels: tuple[Expr, ...]) -> str:
    return "{" + ", ".join(str(label) for label in labels) + "}"

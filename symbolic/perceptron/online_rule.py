"""Any online learning rule as data: a decision ŷ = decision(w, x) and an update
Δw = update(w, x, y, η), each a Python function of SymPy column vectors.

    >>> from symbolic import OnlineRule, phi
    >>> adaline = OnlineRule(
    ...     "adaline",
    ...     decision=lambda w, x: phi(w.dot(x)),
    ...     update=lambda w, x, y, eta: eta * (y - w.dot(x)) * x,
    ... )

A rule is run in two ways, and both call the same two functions:

- on *symbols* (:meth:`OnlineRule.expressions`): w = (w_1, …, w_m), x = (x_1, …, x_d), a real
  y and a positive η give the rule as formulas, which the prover reasons about;
- on *numbers* (:meth:`OnlineRule.predict`, :meth:`OnlineRule.step`), which the exact runner
  (:mod:`symbolic.perceptron.runner`) uses on concrete data.

The state w need not be the weights alone: ``state_size`` maps the number of features d to
the length m of w (the averaged perceptron keeps w and a running sum, 2d; a multiclass
perceptron the class weights stacked, K·d).  A float in a rule's formulas is refused: SymPy
rounds every operation on one (write ``Rational(1, 10)`` for 1/10).  Every error a rule's own
code makes (raising, returning a matrix of the wrong shape, using a symbol that is not an
argument, computing with a float) is raised as :class:`InvalidOnlineRule`, a ``ValueError``
naming the function and what it returned.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Integral

from sympy import (
    Expr,
    Float,
    ImmutableMatrix,
    Integer,
    MatrixBase,
    Piecewise,
    Rational,
    S,
    Symbol,
    preorder_traversal,
    sympify,
)
from sympy.core.relational import Relational
from sympy.core.sympify import SympifyError
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from symbolic.errors import EtaproofValueError

Decision = Callable[[ImmutableMatrix, ImmutableMatrix], object]
Update = Callable[[ImmutableMatrix, ImmutableMatrix, Expr, Expr], object]

#: The generic rate (the same symbol as :data:`symbolic.perceptron.trace.ETA`), label, and the
#: positive factor c of the homogeneity conditions.
ETA = Symbol("eta", positive=True)
Y = Symbol("y", real=True)
C = Symbol("c", positive=True)


class InvalidOnlineRule(EtaproofValueError):
    """A rule is not usable: a function raised, returned the wrong kind or shape of value,
    used a symbol that is none of its arguments, or the label set is not a set of reals."""


def _same_size(d: int) -> int:
    return d


@dataclass(frozen=True)
class OnlineRule:
    """One online learning rule: ``decision(w, x)`` → ŷ, ``update(w, x, y, eta)`` → Δw.

    ``labels``: the label set (real numbers, at least two); ``state_size(d)``: the length of
    w for d features (d by default); ``summary``: one line saying what the rule does;
    ``source``: where it came from (a rule file's path, or ``"rule:NAME"`` for a built-in
    rule of :data:`symbolic.RULES`), used to print a command that reproduces a run.
    """

    name: str
    decision: Decision
    update: Update
    labels: tuple = (-1, 1)
    state_size: Callable[[int], int] = field(default=_same_size)
    summary: str = ""
    source: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidOnlineRule(f"name={self.name!r} must be a non-empty string", self.name)
        for what in ("decision", "update", "state_size"):
            if not callable(getattr(self, what)):
                value = getattr(self, what)
                raise InvalidOnlineRule(f"{what}={value!r} must be a function", value)
        object.__setattr__(self, "labels", label_set(self.labels))

    def __repr__(self) -> str:
        return f"OnlineRule({self.name!r}, labels={tuple(str(v) for v in self.labels)})"

    @property
    def builtin(self) -> str | None:
        """The name of the built-in numeric rule this is, or None."""
        if self.source and self.source.startswith("rule:"):
            return self.source.removeprefix("rule:")
        return None

    def state_length(self, d: int) -> int:
        """The length m of w for d features (validated)."""
        try:
            m = self.state_size(d)
        except Exception as error:
            raise InvalidOnlineRule(
                f"state_size({d}) of rule {self.name!r} raised {_said(error)}", d
            ) from None
        if not isinstance(m, Integral) or isinstance(m, bool) or m < 1:
            raise InvalidOnlineRule(
                f"state_size({d}) of rule {self.name!r} returned {m!r}; it must be a positive "
                "whole number",
                m,
            )
        return int(m)

    def expressions(self, d: int) -> RuleExpressions:
        """The rule as formulas on generic symbols, for d features (computed once per d)."""
        return _expressions(self, d)

    def predict(self, w: ImmutableMatrix, x: ImmutableMatrix) -> Expr:
        """ŷ = decision(w, x) for concrete numbers: one of the labels, else
        :class:`InvalidOnlineRule`."""
        value = self._decision_value(w, x)
        if not value.is_number:
            raise InvalidOnlineRule(
                f"decision(w, x) of rule {self.name!r} returned {value}, not a number, at "
                f"w = {_brief(w)}, x = {_brief(x)}",
                value,
            )
        if not any(value == label for label in self.labels):
            raise InvalidOnlineRule(
                f"decision(w, x) of rule {self.name!r} returned {value} at w = {_brief(w)}, "
                f"x = {_brief(x)}; it must be one of the labels {_labels_text(self.labels)}",
                value,
            )
        return value

    def step(self, w: ImmutableMatrix, x: ImmutableMatrix, y: Expr, eta: Expr) -> ImmutableMatrix:
        """Δw = update(w, x, y, η) for concrete numbers: a column of finite real numbers."""
        delta = self._update_value(w, x, y, eta)
        for entry in delta:
            if not (entry.is_number and entry.is_real is True and entry.is_finite is True):
                raise InvalidOnlineRule(
                    f"update(w, x, y, eta) of rule {self.name!r} returned {_brief(delta)} at "
                    f"w = {_brief(w)}, x = {_brief(x)}, y = {y}, eta = {eta}; every entry must "
                    "be a finite real number",
                    delta,
                )
        return delta

    # -- calling the rule's own code, every failure named -------------------------------------

    def _decision_value(self, w: ImmutableMatrix, x: ImmutableMatrix) -> Expr:
        try:
            value = self.decision(w, x)
        except Exception as error:
            raise InvalidOnlineRule(
                f"decision(w, x) of rule {self.name!r} raised {_said(error)} at w = "
                f"{_brief(w)}, x = {_brief(x)}",
                error,
            ) from None
        if isinstance(value, MatrixBase) and value.shape == (1, 1):
            value = value[0, 0]  # w.T * x
        expr = _expression(value)
        if expr is None:
            raise InvalidOnlineRule(
                f"decision(w, x) of rule {self.name!r} must return one SymPy expression (the "
                f"prediction), not {_brief(value)}",
                value,
            )
        return _exact(self, "decision(w, x)", expr)

    def _update_value(
        self, w: ImmutableMatrix, x: ImmutableMatrix, y: Expr, eta: Expr
    ) -> ImmutableMatrix:
        m = w.rows
        try:
            value = self.update(w, x, y, eta)
        except Exception as error:
            raise InvalidOnlineRule(
                f"update(w, x, y, eta) of rule {self.name!r} raised {_said(error)} at "
                f"w = {_brief(w)}, x = {_brief(x)}, y = {y}, eta = {eta}",
                error,
            ) from None
        column = _column(value, m)
        if column is None:
            raise InvalidOnlineRule(
                f"update(w, x, y, eta) of rule {self.name!r} must return a column vector of "
                f"{m} entries (the change of w, which has {m}), not {_brief(value)}",
                value,
            )
        return column.applyfunc(lambda entry: _exact(self, "update(w, x, y, eta)", entry))


@dataclass(frozen=True)
class RuleExpressions:
    """A rule on generic symbols: w (m real symbols), x (d real symbols), a real y and a
    positive η; ``decision`` the prediction, ``update`` the column Δw."""

    rule: OnlineRule
    w: ImmutableMatrix
    x: ImmutableMatrix
    y: Symbol
    eta: Symbol
    decision: Expr
    update: ImmutableMatrix

    @property
    def d(self) -> int:
        """The number of features."""
        return self.x.rows

    @property
    def m(self) -> int:
        """The length of the state w."""
        return self.w.rows

    def substituted(self, values: Mapping[Expr, Expr]) -> tuple[Expr, ImmutableMatrix]:
        """(decision, update) with ``values`` substituted for the symbols."""
        return self.decision.xreplace(dict(values)), self.update.xreplace(dict(values))


def generic_vector(base: str, n: int) -> ImmutableMatrix:
    """The column (base_1, …, base_n) of real symbols."""
    return ImmutableMatrix([Symbol(f"{base}_{j}", real=True) for j in range(1, n + 1)])


@lru_cache(maxsize=256)
def _expressions(rule: OnlineRule, d: int) -> RuleExpressions:
    if not isinstance(d, Integral) or isinstance(d, bool) or d < 1:
        raise InvalidOnlineRule(f"d={d!r} must be a positive whole number", d)
    m = rule.state_length(d)
    w, x = generic_vector("w", m), generic_vector("x", d)
    decision = rule._decision_value(w, x)
    update = rule._update_value(w, x, Y, ETA)
    _only_arguments(rule, "decision(w, x)", decision, set(w) | set(x))
    for entry in update:
        _only_arguments(rule, "update(w, x, y, eta)", entry, set(w) | set(x) | {Y, ETA})
    expressions = RuleExpressions(rule, w, x, Y, ETA, decision, update)
    _same_on_numbers(expressions)
    return expressions


def _only_arguments(rule: OnlineRule, what: str, expr: Expr, allowed: set) -> None:
    if _conditions(expr) and _conditions(_outside_piecewise(expr)):
        raise InvalidOnlineRule(
            f"{what} of rule {rule.name!r} returned the condition {expr}; write a number "
            "with φ (phi), e.g. (1 + phi(z))/2 for [z ≥ 0]",
            expr,
        )
    extra = sorted(expr.free_symbols - allowed, key=str)
    if extra:
        names = ", ".join(str(s) for s in extra)
        raise InvalidOnlineRule(
            f"{what} of rule {rule.name!r} uses {names}, which is none of its arguments; give "
            "a parameter as a number (λ = 1/10 as Rational(1, 10))",
            extra,
        )


def _conditions(expr: Expr) -> bool:
    """True when ``expr`` holds a condition (a relation, And, Or, …) anywhere."""
    kinds = (Relational, BooleanFunction, BooleanAtom)
    return any(isinstance(e, kinds) for e in preorder_traversal(expr))


def _outside_piecewise(expr: Expr) -> Expr:
    """``expr`` with every Piecewise (whose conditions choose a value) replaced by 0."""
    return expr.replace(lambda e: isinstance(e, Piecewise), lambda e: S.Zero)


def _same_on_numbers(expressions: RuleExpressions, points: int = 3) -> None:
    """The rule's code must compute on numbers what its formulas say: at w = 0 and a few
    fixed rational points (labels from the label set), the values of the functions called on
    numbers equal the formulas evaluated there.  Otherwise the prover would reason about a
    function other than the one the runner runs (code that branches on its arguments)."""
    rule, rng = expressions.rule, random.Random(1618)
    for attempt in range(points):
        w = ImmutableMatrix(
            [S.Zero if attempt == 0 else Rational(rng.randint(-6, 6), rng.randint(1, 3))
             for _ in range(expressions.m)]
        )  # fmt: skip
        x = ImmutableMatrix([Integer(rng.randint(-3, 3)) for _ in range(expressions.d)])
        y = rule.labels[attempt % len(rule.labels)]
        eta = Rational(rng.randint(1, 9), rng.randint(1, 4))
        values = dict(zip(expressions.w, w, strict=True)) | dict(zip(expressions.x, x, strict=True))
        values |= {expressions.y: y, expressions.eta: eta}
        decision, update = expressions.substituted(values)
        try:
            computed = (rule._decision_value(w, x), rule._update_value(w, x, y, eta))
        except InvalidOnlineRule:
            continue  # the rule is undefined here (x = 0 for a normalised update, say)
        if not all(
            _agree(a, b)
            for a, b in zip((decision, *update), (computed[0], *computed[1]), strict=True)
        ):
            raise InvalidOnlineRule(
                f"rule {rule.name!r} computes on numbers something other than its formulas: "
                f"at w = {_brief(w)}, x = {_brief(x)}, y = {y}, eta = {eta} its functions give "
                f"{_brief(computed[0])} and {_brief(computed[1])}, its formulas {decision} and "
                f"{_brief(update)}; write the functions without branching on their arguments "
                "(use phi)",
                rule,
            )


def _agree(a: Expr, b: Expr) -> bool:
    """Equal numbers (exactly when both are rational; an undefined value agrees with any)."""
    if not (a.is_number and b.is_number):
        return a == b
    if a.has(S.NaN, S.ComplexInfinity) or b.has(S.NaN, S.ComplexInfinity):
        return True
    if a.is_Rational and b.is_Rational:
        return a == b
    difference = (a - b).evalf(30)
    return difference.is_number and abs(difference) < 10**-20


def label_set(labels: object) -> tuple[Expr, ...]:
    """The label set as a tuple of distinct real SymPy numbers (at least two), or
    :class:`InvalidOnlineRule`."""
    if isinstance(labels, str | bytes) or not isinstance(labels, Sequence | set | frozenset):
        raise InvalidOnlineRule(
            f"labels={labels!r} must be a sequence of at least two real numbers", labels
        )
    values = []
    for label in labels:
        try:
            value = sympify(label, strict=not isinstance(label, str))
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


def _expression(value: object) -> Expr | None:
    """``value`` as a SymPy expression, or None."""
    if isinstance(value, MatrixBase | Sequence):
        return None
    try:
        expr = sympify(value, strict=True)
    except (SympifyError, TypeError, ValueError):
        return None
    return expr if isinstance(expr, Expr) else None


def _exact(rule: OnlineRule, what: str, expr: Expr) -> Expr:
    """``expr``, refused when it holds a Float: SymPy rounds every operation on one, so a
    run with it would not be exact."""
    floats = sorted(expr.atoms(Float), key=str)
    if floats:
        raise InvalidOnlineRule(
            f"{what} of rule {rule.name!r} computes with the float {floats[0]}; write exact "
            "numbers (Rational(1, 10) for 1/10), since SymPy rounds every operation on a float",
            floats[0],
        )
    return expr


def _column(value: object, m: int) -> ImmutableMatrix | None:
    if isinstance(value, MatrixBase):
        matrix = value
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        try:
            matrix = ImmutableMatrix(list(value))
        except (TypeError, ValueError, SympifyError):
            return None
    else:
        return None
    if matrix.shape != (m, 1):
        return None
    entries = [_expression(entry) for entry in matrix]
    if any(entry is None for entry in entries):
        return None
    return ImmutableMatrix(entries)


def _said(error: Exception) -> str:
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__


def _brief(value: object, width: int = 80) -> str:
    if isinstance(value, MatrixBase):
        text = "(" + ", ".join(str(entry) for entry in value) + ")"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _labels_text(labels: tuple[Expr, ...]) -> str:
    return "{" + ", ".join(str(label) for label in labels) + "}"

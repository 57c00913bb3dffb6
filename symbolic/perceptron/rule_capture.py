"""A rule written as Python functions, captured once as formulas over whole vectors.

The functions are called once, on stand-ins for the vectors (:class:`VectorArgument`) that
allow exactly what a formula over whole vectors can hold: ``+``, ``−``, a scalar ``×`` and
``/``, ``u.dot(v)`` and ``v.norm()``.  What they return is the rule (a
:class:`~symbolic.perceptron.rule_form.RuleForm`); the functions are never called again, so
whatever the prover proves is what every runner runs.  Reading an entry or the dimension of a
vector (``w[0]``, ``x.rows``) is refused here: a formula that depends on them is not a
formula for every dimension.  A branch on a symbol (``if (eta - 10).is_positive``) is taken
once, here, and the formula it gives is the rule that is proved and run (``prove`` prints it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sympy import Expr, Integer, S, sqrt, sympify
from sympy.core.sympify import SympifyError

from symbolic.algebra.vectors import VectorSymbol
from symbolic.perceptron.rule_form import InvalidOnlineRule, Terms, dot

WHOLE_VECTORS = (
    "a rule is written over whole vectors, for every dimension: use them through +, -, a "
    "number times a vector, / a number, u.dot(v) and v.norm() (or write the rule as a .toml "
    "file with state = [...] for a state of several vectors)"
)


class CaptureError(InvalidOnlineRule):
    """A rule's function did something a formula over whole vectors cannot hold."""


class VectorArgument:
    """A stand-in for one of a rule's vectors while its functions are captured."""

    _op_priority = 1000.0  # SymPy lets the stand-in handle eta * x
    __array_priority__ = 1000.0

    def __init__(self, terms: Terms) -> None:
        object.__setattr__(self, "terms", terms)

    def __setattr__(self, name: str, value: object) -> None:
        raise CaptureError(f"sets the attribute {name!r} of a vector; {WHOLE_VECTORS}")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # Python's and SymPy's protocols: not a vector's business
            raise AttributeError(name)
        raise CaptureError(f"reads {name!r} of a vector; {WHOLE_VECTORS}")

    def __getitem__(self, key: object) -> Any:
        raise CaptureError(f"reads the entries of a vector ([{key!r}]); {WHOLE_VECTORS}")

    def __len__(self) -> int:
        raise CaptureError(f"reads the dimension of a vector (len); {WHOLE_VECTORS}")

    def __iter__(self) -> Any:
        raise CaptureError(f"iterates over the entries of a vector; {WHOLE_VECTORS}")

    def __bool__(self) -> bool:
        raise CaptureError(f"asks whether a vector is true; {WHOLE_VECTORS}")

    def __eq__(self, other: object) -> bool:  # type: ignore[override]
        raise CaptureError(f"compares vectors; {WHOLE_VECTORS}")

    __hash__ = object.__hash__

    def dot(self, other: object) -> Expr:
        """u·v."""
        return dot(self.terms, _terms(other, "the argument of dot"))

    def norm(self) -> Expr:
        """‖v‖ = √(v·v)."""
        return sqrt(dot(self.terms, self.terms))

    def __add__(self, other: object) -> VectorArgument:
        if _is_zero(other):
            return self
        total = dict(self.terms)
        for v, c in _terms(other, "added to a vector").items():
            total[v] = total.get(v, S.Zero) + c
        return VectorArgument({v: c for v, c in total.items() if c != 0})

    __radd__ = __add__

    def __neg__(self) -> VectorArgument:
        return self * Integer(-1)

    def __pos__(self) -> VectorArgument:
        return self

    def __sub__(self, other: object) -> VectorArgument:
        return self + (-_vector(other, "subtracted from a vector"))

    def __rsub__(self, other: object) -> VectorArgument:
        return -self + other

    def __mul__(self, other: object) -> VectorArgument:
        factor = _scalar(other, "multiplies a vector")
        return VectorArgument({v: c * factor for v, c in self.terms.items() if c * factor != 0})

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> VectorArgument:
        return self * (1 / _scalar(other, "divides a vector"))

    def __pow__(self, other: object) -> Any:
        raise CaptureError(f"raises a vector to a power; {WHOLE_VECTORS}")

    def __matmul__(self, other: object) -> Any:
        raise CaptureError(f"multiplies vectors with @; use u.dot(v); {WHOLE_VECTORS}")

    def __repr__(self) -> str:
        return " + ".join(f"({c})*{v}" for v, c in self.terms.items()) or "0"


def _is_zero(value: object) -> bool:
    return not isinstance(value, VectorArgument) and isinstance(value, int | Expr) and value == 0


def _vector(value: object, role: str) -> VectorArgument:
    if isinstance(value, VectorArgument):
        return value
    if _is_zero(value):
        return VectorArgument({})
    raise CaptureError(f"{role} is a number ({value!r}) where a vector is needed")


def _terms(value: object, role: str) -> Terms:
    return _vector(value, role).terms


def _scalar(value: object, role: str) -> Expr:
    if isinstance(value, VectorArgument):
        raise CaptureError(f"{role} by a vector; use u.dot(v) for a dot product")
    if isinstance(value, float):
        raise CaptureError(
            f"{role} by the float {value!r}; write exact numbers (Rational(1, 10) for 1/10), "
            "since SymPy rounds every operation on a float"
        )
    try:
        found = sympify(value, strict=True)
    except (SympifyError, TypeError, ValueError):
        raise CaptureError(f"{role} by {value!r}, which is not a number") from None
    if not isinstance(found, Expr):
        raise CaptureError(f"{role} by {value!r}, which is not a number")
    return found


def _stand_ins(state: Sequence[str], inputs: Sequence[str]) -> list[VectorArgument]:
    return [VectorArgument({VectorSymbol(v): Integer(1)}) for v in (*state, *inputs)]


def capture_scalar(
    name: str,
    what: str,
    function: Callable[..., object],
    state: Sequence[str],
    inputs: Sequence[str],
    *extra: Expr,
) -> Expr:
    """Call ``function(*state, *inputs, *extra)`` once on stand-ins: the number it gives
    (the decision, or a loss), as a formula."""
    value = _call(name, what, function, [*_stand_ins(state, inputs), *extra])
    formula = None if isinstance(value, VectorArgument) else _expression(value)
    if formula is None:
        kind = "a vector" if isinstance(value, VectorArgument) else repr(value)
        raise InvalidOnlineRule(
            f"{what} of rule {name!r} must return one SymPy expression (a number), not {kind}",
            value,
        )
    return formula


def capture_update(
    name: str,
    what: str,
    function: Callable[..., object],
    state: Sequence[str],
    inputs: Sequence[str],
    y: Expr,
    eta: Expr,
) -> list[Terms]:
    """Call ``function(*state, *inputs, y, eta)`` once on stand-ins: the change of each
    state vector, as its coefficients."""
    changes = _call(name, what, function, [*_stand_ins(state, inputs), y, eta])
    return _changes(name, what, changes, state)


def _call(name: str, what: str, function: Callable[..., object], arguments: list) -> object:
    try:
        return function(*arguments)
    except InvalidOnlineRule as error:
        raise InvalidOnlineRule(f"{what} of rule {name!r} {error}", error) from None
    except Exception as error:
        said = str(error).strip().splitlines()
        text = f"{type(error).__name__}: {said[0]}" if said else type(error).__name__
        raise InvalidOnlineRule(f"{what} of rule {name!r} raised {text}", error) from None


def _changes(name: str, what: str, value: object, state: Sequence[str]) -> list[Terms]:
    """The update's value as one vector per state vector."""
    if isinstance(value, Mapping):
        value = [value.get(s, 0) for s in state] if set(value) <= set(state) else None
    elif len(state) == 1:
        value = [value]
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        value = list(value) if len(value) == len(state) else None
    else:
        value = None
    if value is None or not all(isinstance(v, VectorArgument) or _is_zero(v) for v in value):
        names = ", ".join(state)
        raise InvalidOnlineRule(
            f"{what} of rule {name!r} must return the change of the state as a vector "
            + ("" if len(state) == 1 else f"for each of {names}, in that order ")
            + "(a combination of the vectors it was given)",
            value,
        )
    return [_vector(v, "the update").terms for v in value]


def _expression(value: object) -> Expr | None:
    if isinstance(value, str):
        return None
    try:
        expr = sympify(value, strict=True)
    except (SympifyError, TypeError, ValueError):
        return None
    return expr if isinstance(expr, Expr) else None

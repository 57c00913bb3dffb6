"""A rule's formulas read from text, safely: Python's own parser, then a whitelist.

    >>> parse("eta * (y - phi(dot(w, x))) * x", state=("w",), inputs=("x",))
    {w: ..., x: eta*(y - phi(Dot(w, x)))}

The text is parsed by :func:`ast.parse` and walked node by node; only these pieces are
turned into SymPy, everything else is refused with the offending part named:

- numbers, read exactly (``0.1`` is 1/10, ``1e-3`` is 1/1000);
- the names of the rule's vectors (``w``, ``x``, …), ``y``, ``eta`` and the rule's constants;
- ``+ - * / **`` (a power's exponent a number between −16 and 16, and the exponents of
  powers nested in one another multiplying to at most 64), unary ``-`` and ``+``;
- comparisons ``< <= > >= == !=``, each the number 1 when it holds and 0 when not (written
  with φ: [a ≥ b] = (1 + φ(a − b))/2);
- the functions ``phi``, ``dot(u, v)``, ``norm(v)``, ``sqrt``, ``abs``, ``sign``, ``min``,
  ``max``, ``exp``, ``log`` and ``tanh``.

No ``eval``, no attribute access, no subscripts, no other names or calls: nothing in the text
can run.  A vector is kept as its coefficients (a linear combination of the named vectors),
so ``dot`` is bilinear and a formula means the same for every dimension.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from sympy import Abs, Expr, Integer, Max, Min, Rational, exp, log, sign, sqrt, tanh

from symbolic.algebra.phi import phi
from symbolic.algebra.symbols import ETA, Y
from symbolic.algebra.vectors import VectorSymbol
from symbolic.perceptron.rule_form import InvalidOnlineRule, Terms, dot

#: The longest formula read (characters), the largest |exponent| of a power, and the largest
#: product of the exponents of powers nested in one another ((a**16)**16 is a**256).
MAX_LENGTH = 4000
MAX_EXPONENT = 16
MAX_NESTED_EXPONENT = 64

#: The functions of one scalar argument.
SCALAR_FUNCTIONS: dict[str, Callable[[Expr], Expr]] = {
    "phi": phi, "sqrt": sqrt, "abs": Abs, "sign": sign, "exp": exp, "log": log, "tanh": tanh,
}  # fmt: skip
FUNCTION_NAMES = (*SCALAR_FUNCTIONS, "dot", "norm", "min", "max")
RESERVED = ("y", "eta", *FUNCTION_NAMES)


class RuleSyntaxError(InvalidOnlineRule):
    """A formula that is not in the rule language; ``part`` is the offending text."""

    def __init__(self, message: str, part: str = "") -> None:
        super().__init__(message, part)
        self.part = part


Value: TypeAlias = Expr | Terms


def parse(
    text: str,
    *,
    state: Sequence[str] = ("w",),
    inputs: Sequence[str] = ("x",),
    constants: Mapping[str, Expr] | None = None,
    where: str = "the formula",
) -> Value:
    """The SymPy value of ``text``: a scalar expression, or a vector as a ``dict`` from each
    named vector to its coefficient.  Refuses (:class:`RuleSyntaxError`, naming ``where`` and
    the offending part) anything outside the language of the module docstring."""
    if not isinstance(text, str):
        raise RuleSyntaxError(f"{where} must be a formula written as a string, not {text!r}")
    if len(text) > MAX_LENGTH:
        raise RuleSyntaxError(f"{where} is {len(text)} characters long; at most {MAX_LENGTH}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, MemoryError, RecursionError, ValueError) as error:
        message = getattr(error, "msg", None) or type(error).__name__
        raise RuleSyntaxError(f"{where}: {text.strip()!r} is not a formula ({message})") from None
    names: dict[str, Value] = {}
    for name in (*state, *inputs):
        names[name] = {VectorSymbol(name): Integer(1)}
    names |= {"y": Y, "eta": ETA} | dict(constants or {})
    reader = _Reader(text.strip(), names, where)
    try:
        return reader.value(tree.body)
    except RecursionError:
        raise RuleSyntaxError(f"{where} is nested too deeply") from None


class _Reader:
    """The walk over one formula's syntax tree."""

    def __init__(self, text: str, names: Mapping[str, Value], where: str) -> None:
        self.text, self.names, self.where = text, names, where
        self.degree = Integer(1)  # the product of the exponents of the powers around a node

    def refuse(self, node: ast.AST, why: str) -> RuleSyntaxError:
        part = ast.get_source_segment(self.text, node) or type(node).__name__
        return RuleSyntaxError(f"{self.where}: {part!r} is not allowed: {why}", part)

    def value(self, node: ast.AST) -> Value:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise self.refuse(node, _WHY.get(type(node).__name__, "not part of the rule language"))
        return method(node)

    def scalar(self, node: ast.AST, role: str) -> Expr:
        found = self.value(node)
        if isinstance(found, dict):
            raise self.refuse(node, f"{role} must be a number, not a vector")
        return found

    def vector(self, node: ast.AST, role: str) -> Terms:
        found = self.value(node)
        if not isinstance(found, dict):
            raise self.refuse(node, f"{role} must be a vector")
        return found

    def _Constant(self, node: ast.Constant) -> Expr:
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise self.refuse(node, "only numbers are allowed as constants")
        literal = (ast.get_source_segment(self.text, node) or repr(node.value)).replace("_", "")
        mantissa, _, power = literal.lower().partition("e")
        if len(mantissa) > 60 or (power and abs(int(power)) > 100):
            raise self.refuse(node, "a number of at most 60 digits and exponent at most 100")
        try:
            return Rational(literal)
        except (TypeError, ValueError):
            raise self.refuse(node, "write numbers in decimal") from None

    def _Name(self, node: ast.Name) -> Value:
        if node.id in self.names:
            return self.names[node.id]
        known = sorted(self.names)
        close = difflib.get_close_matches(node.id, [*known, *FUNCTION_NAMES], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise self.refuse(node, f"unknown name; the names are {', '.join(known)}{hint}")

    def _UnaryOp(self, node: ast.UnaryOp) -> Value:
        operand = self.value(node.operand)
        if isinstance(node.op, ast.USub):
            return _scale(operand, Integer(-1))
        if isinstance(node.op, ast.UAdd):
            return operand
        raise self.refuse(node, "only unary - and + are allowed")

    def _BinOp(self, node: ast.BinOp) -> Value:
        op = type(node.op)
        if op is ast.Pow:
            return self._power(node)
        left, right = self.value(node.left), self.value(node.right)
        vectors = isinstance(left, dict), isinstance(right, dict)
        if op in (ast.Add, ast.Sub):
            if vectors[0] != vectors[1]:
                raise self.refuse(node, "adds a number to a vector")
            sign_ = Integer(1 if op is ast.Add else -1)
            if isinstance(left, dict) and isinstance(right, dict):
                total: Terms = dict(left)
                for v, c in right.items():
                    total[v] = total.get(v, Integer(0)) + sign_ * c
                return {v: c for v, c in total.items() if c != 0}
            return left + sign_ * right  # type: ignore[operator]
        if op is ast.Mult:
            if all(vectors):
                raise self.refuse(node, "multiplies two vectors; use dot(u, v)")
            if isinstance(left, dict):
                return _scale(left, right)  # type: ignore[arg-type]
            return _scale(right, left)
        if op is ast.Div:
            if vectors[1]:
                raise self.refuse(node, "divides by a vector")
            return _scale(left, 1 / right)  # type: ignore[operator]
        raise self.refuse(node, "only + - * / ** are allowed")

    def _power(self, node: ast.BinOp) -> Expr:
        exponent = self.scalar(node.right, "an exponent")
        if not (
            exponent.is_Rational
            and abs(exponent.p) <= MAX_EXPONENT
            and abs(exponent.q) <= MAX_EXPONENT
        ):
            raise self.refuse(
                node.right, f"an exponent must be a number from -{MAX_EXPONENT} to {MAX_EXPONENT}"
            )
        outer = self.degree
        self.degree = outer * max(abs(exponent.p), 1)
        if self.degree > MAX_NESTED_EXPONENT:
            raise self.refuse(
                node, f"powers nested in one another may multiply their exponents to at most "
                f"{MAX_NESTED_EXPONENT}",
            )  # fmt: skip
        try:
            base = self.scalar(node.left, "the base of a power")
        finally:
            self.degree = outer
        return base**exponent

    def _Compare(self, node: ast.Compare) -> Expr:
        parts = [self.scalar(node.left, "a side of a comparison")]
        parts += [self.scalar(c, "a side of a comparison") for c in node.comparators]
        total: Expr = Integer(1)
        for op, a, b in zip(node.ops, parts, parts[1:], strict=False):
            total *= _indicator(type(op), a, b) or _raise(self.refuse(node, "unknown comparison"))
        return total

    def _Call(self, node: ast.Call) -> Value:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTION_NAMES:
            what = ast.get_source_segment(self.text, node.func) or "this"
            raise self.refuse(
                node, f"{what} is not a function of the rule language ({', '.join(FUNCTION_NAMES)})"
            )
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            raise self.refuse(node, "a function takes plain arguments only")
        name, args = node.func.id, node.args
        if name in ("min", "max"):
            if len(args) < 2:
                raise self.refuse(node, f"{name} takes two or more numbers")
            values = [self.scalar(a, f"an argument of {name}") for a in args]
            return (Min if name == "min" else Max)(*values)
        arity = 2 if name == "dot" else 1
        if len(args) != arity:
            raise self.refuse(node, f"{name} takes {arity} argument{'s' if arity > 1 else ''}")
        if name == "dot":
            return dot(
                self.vector(args[0], "dot's argument"), self.vector(args[1], "dot's argument")
            )
        if name == "norm":
            v = self.vector(args[0], "norm's argument")
            return sqrt(dot(v, v))
        return SCALAR_FUNCTIONS[name](self.scalar(args[0], f"the argument of {name}"))


def number(text: str, *, where: str) -> Expr:
    """An exact number written as a formula of numbers alone ("1/10", "0.1", "2**-3"), with
    the limits of :func:`parse`; else :class:`RuleSyntaxError`."""
    if not isinstance(text, str) or len(text) > 200:
        raise RuleSyntaxError(f"{where}: {text!r} must be a short number such as '1/10'")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError) as error:
        raise RuleSyntaxError(
            f"{where}: {text.strip()!r} is not a number ({getattr(error, 'msg', error)})"
        ) from None
    value = _Reader(text.strip(), {}, where).value(tree.body)
    if isinstance(value, dict) or not value.is_Rational:
        raise RuleSyntaxError(f"{where}: {text.strip()!r} must be an exact real number")
    return value


def _scale(value: Value, factor: Expr) -> Value:
    if isinstance(value, dict):
        return {v: c * factor for v, c in value.items() if c * factor != 0}
    return value * factor


def _indicator(op: type, a: Expr, b: Expr) -> Expr | None:
    """[a op b] as a number 0 or 1 written with φ (φ(z) = 1 for z ≥ 0, else −1)."""
    at_least = {ast.GtE: (a, b), ast.LtE: (b, a)}
    more = {ast.Gt: (a, b), ast.Lt: (b, a)}
    if op in at_least:
        p, q = at_least[op]
        return (1 + phi(p - q)) / 2
    if op in more:
        p, q = more[op]
        return (1 - phi(q - p)) / 2
    if op in (ast.Eq, ast.NotEq):
        equal = (1 + phi(a - b)) * (1 + phi(b - a)) / 4
        return equal if op is ast.Eq else 1 - equal
    return None


def _raise(error: Exception) -> Expr:
    raise error


_WHY = {
    "Attribute": "attribute access is not part of the rule language",
    "Subscript": "subscripts are not part of the rule language; write the rule over whole vectors",
    "Lambda": "lambda is not part of the rule language",
    "IfExp": "if-else is not part of the rule language; write [a >= b] as a comparison",
    "BoolOp": "and/or are not part of the rule language; multiply comparisons instead",
    "ListComp": "comprehensions are not part of the rule language",
    "GeneratorExp": "comprehensions are not part of the rule language",
    "List": "lists are not part of the rule language",
    "Tuple": "tuples are not part of the rule language",
    "Dict": "dicts are not part of the rule language",
    "Set": "sets are not part of the rule language",
    "NamedExpr": "assignments are not part of the rule language",
    "JoinedStr": "strings are not part of the rule language",
    "Await": "await is not part of the rule language",
}

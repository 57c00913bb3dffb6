"""Datasets for the symbolic perceptron: generic (every feature and label a symbol) or concrete.

Concrete numbers are converted exactly, as the numeric twin reads them: integers and fractions
as they are, decimal strings such as ``"0.1"`` as 1/10, and Python floats at their exact
binary value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from numbers import Integral
from typing import cast

from sympy import Expr, Integer, Matrix, Rational, S, Symbol

from numeric.inputs import to_fraction
from symbolic.errors import DimensionMismatch, InvalidLabel, InvalidNumber, StepOutOfRange

_NAME = re.compile(r"^(?P<base>[A-Za-z]+)\((?P<sup>[^)]*)\)(?:_(?P<sub>\w+))?$")


class IndexedSymbol(Symbol):
    r"""A real symbol such as ``x(2)_1``, written :math:`x^{(2)}_{1}` by etaproof's printers.

    The superscript in parentheses is a sample or step index, the subscript a component.
    """

    @property
    def parts(self) -> tuple[str, str, str | None] | None:
        """(the letter, the superscript, the subscript or None); None for another name."""
        match = _NAME.match(self.name)
        if match is None:
            return None
        return match["base"], match["sup"], match["sub"]


def indexed_symbol(base: str, sup: int | str, sub: int | str | None = None) -> IndexedSymbol:
    """The real symbol ``base(sup)_sub``, e.g. ``indexed_symbol("x", 2, 1)`` is x⁽²⁾₁."""
    name = f"{base}({sup})" + ("" if sub is None else f"_{sub}")
    return IndexedSymbol(name, real=True)


def vector_symbols(base: str, sup: int | str, d: int, *, bias: bool = False) -> Matrix:
    """A d×1 column of real symbols ``base(sup)_1 … base(sup)_d`` (and ``_b`` for a bias)."""
    names: list[int | str] = list(range(1, d + 1)) + (["b"] if bias else [])
    return Matrix([indexed_symbol(base, sup, j) for j in names])


@dataclass(frozen=True)
class Dataset:
    """n samples x⁽ⁱ⁾ (d×1 column matrices) with labels y⁽ⁱ⁾; indices are 1-based as in the math."""

    samples: tuple[Matrix, ...]
    labels: tuple[Expr, ...]

    @property
    def n(self) -> int:
        """Number of samples."""
        return len(self.samples)

    @property
    def d(self) -> int:
        """Number of features (a bias feature included once added)."""
        return self.samples[0].rows

    @cached_property
    def is_concrete(self) -> bool:
        """True when every feature is a number (labels may still be symbols)."""
        return all(entry.is_Number for x in self.samples for entry in x)

    def x(self, i: int) -> Matrix:
        """The i-th sample x⁽ⁱ⁾, i = 1 … n."""
        return self.samples[self._index(i)]

    def y(self, i: int) -> Expr:
        """The i-th label y⁽ⁱ⁾, i = 1 … n."""
        return self.labels[self._index(i)]

    def with_bias(self) -> Dataset:
        """The same data with a constant feature 1 appended to every sample."""
        return Dataset(tuple(x.col_join(Matrix([S.One])) for x in self.samples), self.labels)

    def _index(self, i: int) -> int:
        if not isinstance(i, Integral) or not 1 <= i <= self.n:
            raise StepOutOfRange(f"i={i!r} must be a sample index from 1 to n={self.n}")
        return int(i) - 1


def generic_dataset(n: int, d: int) -> Dataset:
    """n samples of generic real vectors x⁽ⁱ⁾ ∈ ℝᵈ and real labels y⁽ⁱ⁾, all symbols."""
    for name, value in (("n", n), ("d", d)):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
            raise DimensionMismatch(f"{name}={value!r} must be a positive integer")
    return Dataset(
        tuple(vector_symbols("x", i, d) for i in range(1, n + 1)),
        tuple(indexed_symbol("y", i) for i in range(1, n + 1)),
    )


def exact_number(value: object, name: str) -> Expr:
    """Convert one user-given number to an exact SymPy number (or keep a SymPy expression).

    Anything but a SymPy expression is read by :func:`numeric.inputs.to_fraction`, so both
    twins read numbers the same way ("0.1" is 1/10, a float its exact binary value, and
    "sqrt(2)" is no number)."""
    if isinstance(value, Expr):
        if value.is_number and not (value.is_real and value.is_finite):
            raise InvalidNumber(f"{name}={value!r} must be a finite real number", value)
        if value.is_Float:  # a SymPy Float computes at its precision: take its exact value
            return Rational(value)
        return value
    exact = to_fraction(value, name)
    return Rational(exact.numerator, exact.denominator)


def as_dataset(data: Dataset | tuple[object, object], labels: Sequence[int]) -> Dataset:
    """Accept a :class:`Dataset` or a pair ``(X, y)`` of concrete data (lists, arrays, rationals).

    Numeric labels must lie in ``labels`` (the rule's label set).
    """
    if isinstance(data, Dataset):
        dataset = data
    else:
        try:
            X, y = data
        except (TypeError, ValueError):
            raise DimensionMismatch(f"data={data!r} must be a Dataset or a pair (X, y)") from None
        rows = [_row(row) for row in _as_list(X, "X")]
        if not rows:
            raise DimensionMismatch("X=[] must hold at least one sample")
        width = len(rows[0] or [])
        checked: list[list[object]] = []
        for i, row in enumerate(rows, start=1):
            if row is None or len(row) != width or width == 0:
                raise DimensionMismatch(
                    f"X row {i}={_as_list(X, 'X')[i - 1]!r} must hold {max(width, 1)} features "
                    "like the first row"
                )
            checked.append(row)
        ys = _as_list(y, "y")
        if len(ys) != len(rows):
            raise DimensionMismatch(f"y has {len(ys)} labels but X has {len(rows)} rows")
        dataset = Dataset(
            tuple(
                Matrix([exact_number(v, f"X[{i}][{j}]") for j, v in enumerate(row, start=1)])
                for i, row in enumerate(checked, start=1)
            ),
            tuple(exact_number(v, f"y[{i}]") for i, v in enumerate(ys, start=1)),
        )
    allowed = {Integer(label) for label in labels}
    for i, label in enumerate(dataset.labels, start=1):
        if label.is_number and label not in allowed:
            raise InvalidLabel(f"y[{i}]={label} must be one of {sorted(labels)}")
    return dataset


def _row(value: object) -> list[object] | None:
    """A row of X as a list, or None when it is not a sequence."""
    return list(cast(Iterable[object], value)) if _is_sequence(value) else None


def _is_sequence(value: object) -> bool:
    return hasattr(value, "__len__") and hasattr(value, "__iter__") and not isinstance(value, str)


def _as_list(value: object, name: str) -> list[object]:
    if isinstance(value, Matrix):
        return [list(value.row(i)) for i in range(value.rows)] if name == "X" else list(value)
    if not _is_sequence(value):
        raise DimensionMismatch(f"{name}={value!r} must be a sequence")
    items = value.tolist() if hasattr(value, "tolist") else value
    return list(cast(Iterable[object], items))

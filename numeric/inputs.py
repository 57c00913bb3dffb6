"""Validating the user's numbers once, at the boundary.

Features, labels, learning rates and initial weights arrive as ints, floats, ``Fraction``,
``Decimal`` or decimal strings (``"0.1"``, ``"1e-3"``, ``"1/3"``).  They leave either as exact
``Fraction`` object arrays or as float64 arrays together with a bound on each entry's
representation error |x̃ − x| (0 where the float is the exact value, u·|x̃| + 2⁻¹⁰⁷⁴ where it was
rounded: relative in the normal range, the subnormal spacing below it, so "1e-400", which
rounds to 0.0, keeps its error).  Floats are taken at their exact binary value, as on the
symbolic side; so are other exact types (any ``numbers.Rational``, SymPy's included, NumPy
integers and long doubles, ``Decimal``), without importing their libraries.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Rational, Real
from typing import TypeGuard, cast

import numpy as np

from .brief import shown
from .errors import (
    DimensionMismatch,
    InvalidEpochs,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
)
from .reading import MAX_EXPONENT, number_from_text

#: The unit roundoff of float64 (round to nearest): |fl(a) − a| ≤ u·|a| in the normal range.
UNIT_ROUNDOFF = 2.0**-53

#: The smallest positive float64, 2⁻¹⁰⁷⁴: below 2⁻¹⁰²² rounding errs by up to half of it.
SUBNORMAL_SPACING = 2.0**-1074

#: The most steps (samples × epochs) one run may take: every step keeps a few numbers.
MAX_STEPS = 10_000_000


def to_fraction(value: object, name: str) -> Fraction:
    """One user-given number as an exact ``Fraction``; raises :class:`InvalidNumber`."""
    value = plain(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):  # before the (slower) checks against the numbers' ABCs
        exact = number_from_text(value, name)
        if exact is None:
            raise InvalidNumber(f"{name}={value!r} must be a finite number", value)
        return exact
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, Rational):  # SymPy's Rational and any other exact rational, duck-typed
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidNumber(f"{name}={value!r} must be a finite number", value)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and abs(exponent) > MAX_EXPONENT:  # as a text's is checked
            raise InvalidNumber(
                f"{name}={value!r} must have an exponent between -{MAX_EXPONENT} and "
                f"{MAX_EXPONENT}",
                value,
            )
        return Fraction(*value.as_integer_ratio())  # exact, however many digits
    if isinstance(value, Real):
        try:  # float, NumPy long double: their exact binary value
            ratio = getattr(value, "as_integer_ratio", None)
            return Fraction(*ratio()) if ratio else Fraction(float(value))
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            raise InvalidNumber(f"{name}={value!r} must be a finite number", value) from None
    raise InvalidNumber(f"{name}={value!r} must be a real number", value)


def plain(value: object) -> object:
    """A NumPy scalar as the Python number it holds (for readable messages)."""
    return value.item() if isinstance(value, np.generic) else value


def sequence_of(values: object, name: str) -> Sequence[object] | np.ndarray:
    """``values`` as something with a length: arrays as they are, any iterable as a list."""
    if isinstance(values, np.ndarray):
        return values
    try:
        return list(values)  # type: ignore[call-overload]  # anything iterable
    except TypeError:
        raise DimensionMismatch(f"{name}={values!r} must be a sequence", values) from None


def rows_of(values: object, name: str, depth: int) -> np.ndarray:
    """``values`` as an array of exactly ``depth`` dimensions; ragged rows named 1-based."""
    if isinstance(values, np.ndarray):
        array = values
    else:
        _check_rectangular(values, name, depth)
        array = np.array(values, dtype=object)
        if array.size and all(isinstance(v, int | float) for v in array.flat) and _lossless(array):
            try:
                array = np.array(values)
            except OverflowError:  # Python integers beyond int64 stay objects
                pass
    if array.ndim != depth:
        raise DimensionMismatch(
            f"{name} has {array.ndim} dimension(s) but must have {depth}", values
        )
    return array


def lossless_array(values: object) -> np.ndarray:
    """``np.asarray(values)``, unless NumPy would round a Python integer of the list on the
    way (see :func:`_lossless`): then an array of the Python numbers themselves."""
    array = np.asarray(values)
    if isinstance(values, np.ndarray) or array.dtype.kind != "f":
        return array
    cells = np.array(values, dtype=object)
    numbers = all(isinstance(v, Real) for v in cells.flat)
    return cells if cells.shape == array.shape and numbers and not _lossless(cells) else array


def _lossless(array: np.ndarray) -> bool:
    """False when NumPy would round, so that such a list stays an array of the numbers given:
    integers (Python's or NumPy's) beyond 2⁵³ mixed with other numbers become float64 (2⁵³ + 1
    would be read as 2⁵³), and so do integers outside int64 mixed with others (NumPy 2 reads
    [2⁶³ + 1, 5] as float64)."""
    floats = any(not isinstance(v, Integral) for v in array.flat)
    low, high = (-(2**53), 2**53) if floats else (-(2**63), 2**63 - 1)
    return all(not isinstance(v, Integral) or low <= int(v) <= high for v in array.flat)


def _check_rectangular(values: object, name: str, depth: int) -> None:
    if depth == 0:
        return
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        raise DimensionMismatch(f"{name}={values!r} must be a sequence", values)
    lengths = {len(row) if _is_sequence(row) else -1 for row in values} if depth > 1 else set()
    if depth > 1 and len(values) == 0:  # len: the truth of an array is not its emptiness
        raise DimensionMismatch(f"{name}={values!r} must hold at least one row", values)
    first = len(values[0]) if depth > 1 and _is_sequence(values[0]) else -1
    if depth > 1 and first == -1:
        raise DimensionMismatch(f"{name}[1]={values[0]!r} must be a row of numbers", values[0])
    if len(lengths) > 1:
        for i, row in enumerate(values, start=1):
            if not _is_sequence(row) or len(row) != first:
                raise DimensionMismatch(
                    f"{name}[{i}]={row!r} must hold {max(first, 1)} entries like {name}[1]", row
                )
    for i, row in enumerate(values, start=1):
        _check_rectangular(row, f"{name}[{i}]", depth - 1)


def _is_sequence(value: object) -> bool:
    return isinstance(value, Sequence | np.ndarray) and not isinstance(value, str)


def _index_name(name: str, index: tuple[int, ...]) -> str:
    return name + "".join(f"[{i + 1}]" for i in index)


def exact_array(values: object, name: str, depth: int) -> np.ndarray:
    """An object array of ``Fraction`` with ``depth`` dimensions, every entry checked."""
    array = rows_of(values, name, depth)
    if _is_machine_number(array):
        _check_finite(array, name)
        return _FRACTION(array.astype(object)) if array.size else array.astype(object)
    out = _QUICK_FRACTION(array) if array.size else np.empty(array.shape, dtype=object)
    for index in zip(*np.nonzero(_IS_NONE(out)), strict=True):  # the others, named if bad
        out[index] = to_fraction(array[index], _index_name(name, index))
    return out


def _quick_fraction(value: object) -> Fraction | None:
    """A Fraction or int as a Fraction; None for anything that needs :func:`to_fraction`."""
    kind = type(value)
    if kind is Fraction:
        return value  # type: ignore[return-value]
    if kind is int:
        return Fraction(cast(int, value))
    return None


_QUICK_FRACTION = np.frompyfunc(_quick_fraction, 1, 1)
_IS_NONE = np.frompyfunc(lambda value: value is None, 1, 1)
_FRACTION = np.frompyfunc(Fraction, 1, 1)
_RATIO = np.frompyfunc(lambda value: (value.numerator, value.denominator), 1, 2)


def _is_machine_number(array: np.ndarray) -> bool:
    """Integers, booleans or floats NumPy holds exactly as Python numbers (not long double)."""
    return array.dtype.kind in "biu" or (array.dtype.kind == "f" and array.itemsize <= 8)


def _check_finite(array: np.ndarray, name: str) -> None:
    """Raise :class:`InvalidNumber` naming the first NaN or infinity of a float array."""
    if array.dtype.kind != "f":
        return
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        value = plain(array[index])
        raise InvalidNumber(f"{_index_name(name, index)}={value!r} must be a finite number", value)


@dataclass(frozen=True)
class ScaledIntegers:
    """Exact numbers as integers over one denominator per dataset: the values of dataset i are
    ``numerators[i] / denominators[i]`` (int64 numerators where they all fit, else Python
    integers in an object array)."""

    numerators: np.ndarray  # (b, n, d)
    denominators: tuple[int, ...]

    def with_bias(self) -> ScaledIntegers:
        """The same values with a last column of ones (D_i/D_i)."""
        b, n, _ = self.numerators.shape
        column = np.array(self.denominators, dtype=object).reshape(b, 1, 1)
        dtype = self.numerators.dtype
        if dtype == np.int64 and all(D < 2**62 for D in self.denominators):
            column = column.astype(np.int64)
        else:
            dtype = np.dtype(object)
        ones = np.broadcast_to(column, (b, n, 1)).astype(dtype)
        numerators = np.concatenate([self.numerators.astype(dtype), ones], axis=2)
        return ScaledIntegers(numerators, self.denominators)


def scaled_array(values: object, name: str, depth: int) -> ScaledIntegers:
    """``values`` (depth 2: one dataset, depth 3: a stack) exactly, as :class:`ScaledIntegers`
    of shape (b, n, d).  Integer arrays stay integers; float arrays are taken at their exact
    binary values, m·2^e, over a power of two; anything else is read entry by entry."""
    array = rows_of(values, name, depth)
    stack = array if depth == 3 else array[None]
    if array.dtype.kind in "biu":
        if array.dtype.kind == "u" and array.size and int(array.max()) >= 2**62:
            return scaled_fractions(exact_array(values, name, depth).reshape(stack.shape))
        return ScaledIntegers(stack.astype(np.int64), (1,) * stack.shape[0])
    if array.dtype.kind == "f" and array.itemsize <= 8:
        _check_finite(array, name)
        return binary_scaled(stack.astype(np.float64))
    return scaled_fractions(exact_array(values, name, depth).reshape(stack.shape))


def binary_scaled(floats: np.ndarray) -> ScaledIntegers:
    """Float64 values (b, n, d) at their exact binary values: each is odd·2^e, and dataset i
    is scaled by 2^max(0, −min e), so the numerators are integers (int64 where every shift
    leaves them below 2⁶², else Python integers)."""
    b = floats.shape[0]
    fraction, exponent = np.frexp(floats)  # floats = fraction·2^exponent, ½ ≤ |fraction| < 1
    mantissa = np.abs(np.ldexp(fraction, 53)).astype(np.int64)  # exact, below 2⁵³
    nonzero = mantissa != 0
    lowest = mantissa & -mantissa  # the lowest set bit: a power of two, exact as a float
    trailing = np.where(nonzero, np.frexp(lowest.astype(np.float64))[1] - 1, 0)
    odd = mantissa >> trailing
    power = exponent.astype(np.int64) - 53 + trailing  # |x| = odd·2^power
    big = np.iinfo(np.int64).max
    lowest_power = np.where(nonzero, power, big).reshape(b, -1).min(axis=1, initial=big)
    lowest_power = np.where(lowest_power == big, 0, lowest_power)
    scale = np.maximum(0, -lowest_power)  # dataset i is over 2^scale[i]
    shift = np.where(nonzero, power + scale[:, None, None], 0)  # ≥ 0
    bits = np.where(nonzero, np.frexp(odd.astype(np.float64))[1], 0)  # bit length of odd
    sign = np.where(floats < 0, -1, 1)
    denominators = tuple(2 ** int(k) for k in scale)
    if (bits + shift <= 62).all():
        return ScaledIntegers(sign * (odd << shift), denominators)
    numerators = (sign.astype(object) * odd.astype(object)) << shift.astype(object)
    return ScaledIntegers(numerators, denominators)


def scaled_fractions(fractions: np.ndarray) -> ScaledIntegers:
    """An object array (b, n, d) of ``Fraction`` as :class:`ScaledIntegers` over the least
    common denominator of each dataset (int64 numerators when they all fit)."""
    b = fractions.shape[0]
    if fractions.size == 0:
        return ScaledIntegers(np.zeros(fractions.shape, dtype=np.int64), (1,) * b)
    numerators, denominators = _RATIO(fractions)
    common = tuple(math.lcm(1, *set(denominators[i].ravel().tolist())) for i in range(b))
    factors = np.array(common, dtype=object).reshape(b, 1, 1) // denominators
    scaled = numerators * factors
    if np.abs(scaled).max() < 2**62:
        scaled = scaled.astype(np.int64)
    return ScaledIntegers(scaled, common)


def float_array(
    values: object, name: str, depth: int, *, copy: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """``(x̃, err)``: float64 values and a bound on |x̃ − x| for each entry (exact x); err is
    :func:`exact_errors` (a read-only view) where every value is exact.  With ``copy=False``
    a float64 array is returned as it is, for a caller that copies it anyway."""
    array = rows_of(values, name, depth)
    if array.dtype.kind == "f":
        with np.errstate(over="ignore"):  # a long double past float64's range: refused below
            floats = array.astype(np.float64, copy=copy)
        with np.errstate(over="ignore", invalid="ignore"):
            total = floats.sum()  # finite only when every entry is: one pass, no temporary
        bad = ~np.isfinite(floats) if not np.isfinite(total) else None
        if bad is not None and bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            value = plain(array[index])
            where = _index_name(name, index)
            if np.isfinite(array[index]):
                raise InvalidNumber(
                    f"{where}={array[index]!s} must fit in float64 (below 1.8e308 in magnitude)",
                    value,
                )
            raise InvalidNumber(f"{where}={value!r} must be a finite number", value)
        if array.dtype.itemsize <= 8:  # float16, float32 and float64 convert exactly
            return floats, exact_errors(floats.shape)
        # a long double rounds: its error counts (the exact twin reads its exact value)
        inexact = floats.astype(array.dtype) != array
        return floats, np.where(inexact, UNIT_ROUNDOFF * np.abs(floats) + SUBNORMAL_SPACING, 0.0)
    if array.dtype.kind in "biu":
        floats = array.astype(np.float64)
        inexact = np.abs(floats) >= 2.0**53  # 2⁵³ + 1 rounds to 2⁵³: ≥, not >
        if not inexact.any():
            return floats, exact_errors(floats.shape)
        return floats, np.where(inexact, UNIT_ROUNDOFF * np.abs(floats), 0.0)
    floats = np.empty(array.shape, dtype=np.float64)
    errors = np.zeros(array.shape, dtype=np.float64)
    for index, value in np.ndenumerate(array):
        where = _index_name(name, index)
        try:
            floats[index], errors[index] = to_float64(to_fraction(value, where))
        except OverflowError:
            raise InvalidNumber(
                f"{where}={shown(value)} must fit in float64 (below 1.8e308 in magnitude)", value
            ) from None
    return floats, errors


def exact_errors(shape: tuple[int, ...]) -> np.ndarray:
    """The errors of values float64 holds exactly: 0 everywhere, as a read-only view of one
    0.0, so that no page is written or read for them (:func:`all_exact` knows it at once)."""
    return np.broadcast_to(np.float64(0.0), shape)


def all_exact(errors: np.ndarray) -> bool:
    """Whether every error is 0: read from the one number behind a view that repeats it (as
    :func:`exact_errors` gives), else from every entry."""
    if errors.size and not any(errors.strides):
        return bool(errors.flat[0] == 0)
    return not errors.any()


def to_float64(exact: Fraction) -> tuple[float, float]:
    """``exact`` rounded to float64 and a bound on the rounding error (0 when none);
    OverflowError beyond float64's range."""
    rounded = float(exact)
    # both ratios are in lowest terms with a positive denominator: equal exactly when the values are
    same = rounded.as_integer_ratio() == (exact.numerator, exact.denominator)
    return rounded, 0.0 if same else representation_error(rounded)


def representation_error(rounded: float) -> float:
    """A bound on |x̃ − x| for a float64 x̃ rounded to nearest from x: u·|x̃| + 2⁻¹⁰⁷⁴, the
    subnormal part also covering the rounding of u·|x̃| itself when it underflows."""
    return UNIT_ROUNDOFF * abs(rounded) + SUBNORMAL_SPACING


def labels_array(values: object, name: str, depth: int, labels: tuple[int, int]) -> np.ndarray:
    """Labels as int8, each one of ``labels`` (the rule's label set)."""
    array = rows_of(values, name, depth)
    if _is_machine_number(array) and ((array == labels[0]) | (array == labels[1])).all():
        return array.astype(np.int8)  # the loop below only finds and names a bad label
    out = np.empty(array.shape, dtype=np.int8)
    for index, value in np.ndenumerate(array):
        where = _index_name(name, index)
        value = plain(value)
        exact = to_fraction(value, where)
        if exact not in labels:
            raise InvalidLabel(f"{where}={value!r} must be one of {sorted(labels)}", value)
        out[index] = int(exact)
    return out


def learning_rates(etas: object) -> list[Fraction]:
    """The rates, exactly, each checked positive and finite; a single number is one rate."""
    scalar = isinstance(etas, str | Real | Decimal | Fraction)
    if scalar or np.ndim(etas) == 0:  # type: ignore[arg-type]
        etas = [etas]
    if _plain_floats(etas) and (etas > 0).all():  # the common case, at the floats' exact values
        return [Fraction(*value.as_integer_ratio()) for value in etas.tolist()]
    rates = list(etas)  # type: ignore[call-overload]
    if not rates:
        raise InvalidLearningRate(f"etas={rates!r} must hold at least one rate", rates)
    exact = []
    for i, eta in enumerate(rates, start=1):
        name = f"etas[{i}]"
        try:  # a text straight to the reader: the common case, as to_fraction reads it
            value = number_from_text(eta, name) if type(eta) is str else to_fraction(eta, name)
        except InvalidNumber as error:
            raise InvalidLearningRate(str(error), eta) from None
        if value is None:
            raise InvalidLearningRate(f"{name}={eta!r} must be a finite number", eta)
        if value.numerator <= 0:  # in lowest terms with a positive denominator
            raise InvalidLearningRate(f"etas[{i}]={plain(eta)!r} must be positive", eta)
        exact.append(value)
    return exact


def float_rates(etas: object, exact: list[Fraction] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(η̃, err)`` for the rates: float64 values and bounds on |η̃ − η| (``exact``: the
    rates as :func:`learning_rates` gives them, when already at hand)."""
    exact = learning_rates(etas) if exact is None else exact
    if _plain_floats(etas):  # float64 rates are their own float64 values: no rounding
        return np.array(etas, dtype=np.float64), np.zeros(len(exact))
    rounded = []
    for i, rate in enumerate(exact):  # the first rate that does not fit is named
        try:  # int / int rounds correctly, as float(Fraction) does
            value = rate.numerator / rate.denominator
        except OverflowError:
            eta = _as_list(etas)[i]
            raise InvalidLearningRate(
                f"etas[{i + 1}]={shown(eta)} must fit in float64 (use exact=True)", eta
            ) from None
        if value == 0.0:
            eta = _as_list(etas)[i]
            raise InvalidLearningRate(
                f"etas[{i + 1}]={shown(eta)} must not round to 0 in float64 (use exact=True)", eta
            )
        rounded.append(value)
    floats = np.array(rounded, dtype=np.float64)
    # both ratios in lowest terms with a positive denominator: equal exactly when the values are
    inexact = [
        value.as_integer_ratio() != (rate.numerator, rate.denominator)
        for value, rate in zip(rounded, exact, strict=True)
    ]
    errors = np.where(inexact, UNIT_ROUNDOFF * np.abs(floats) + SUBNORMAL_SPACING, 0.0)
    return floats, errors


def _plain_floats(etas: object) -> TypeGuard[np.ndarray]:
    """Whether ``etas`` is a non-empty 1-d float64 array of finite numbers (checked at once)."""
    return (
        isinstance(etas, np.ndarray)
        and etas.dtype == np.float64
        and etas.ndim == 1
        and etas.size > 0
        and bool(np.isfinite(etas).all())
    )


def _as_list(etas: object) -> list[object]:
    scalar = isinstance(etas, str | Real | Decimal | Fraction)
    if scalar or np.ndim(etas) == 0:  # type: ignore[arg-type]
        return [etas]
    return list(etas)  # type: ignore[call-overload]


def initial_weights(w0: object, batch: int, d: int, bias: bool, *, exact: bool):
    """w⁽⁰⁾ for every dataset, shape (batch, d): ``None``/0 is zero, else a vector of length
    d (shared) or an array (batch, d).  Returns Fractions, or ``(floats, errors)``."""
    if w0 is None or (isinstance(w0, Real | Decimal) and not isinstance(w0, bool) and w0 == 0):
        if exact:
            return np.full((batch, d), Fraction(0), dtype=object)
        return np.zeros((batch, d)), np.zeros((batch, d))
    depth = np.ndim(w0) if isinstance(w0, np.ndarray) else (2 if _nested(w0) else 1)
    hint = " (the bias weight last)" if bias else ""
    if depth not in (1, 2):
        raise DimensionMismatch(f"w0={w0!r} must be 0 or a vector of length {d}{hint}", w0)
    try:
        if exact:
            values = exact_array(w0, "w0", depth)
        else:
            values, errors = float_array(w0, "w0", depth)
            # −0.0 as +0.0: the same exact value, and a float weight that starts at −0 is the
            # only one that can be −0 later, where the backends would part on its sign (NumPy
            # adds the +0 of a step without an update, the compiled loop skips that step)
            values = values + 0.0
    except DimensionMismatch:
        raise DimensionMismatch(
            f"w0={w0!r} must be 0 or a vector of length {d}{hint}", w0
        ) from None
    expected = (d,) if depth == 1 else (batch, d)
    if values.shape != expected:
        raise DimensionMismatch(f"w0={w0!r} must be 0 or a vector of length {d}{hint}", w0)
    if depth == 1:
        values = np.broadcast_to(values, (batch, d))
        if not exact:
            errors = np.broadcast_to(errors, (batch, d))
    return values if exact else (np.ascontiguousarray(values), np.ascontiguousarray(errors))


def _nested(value: object) -> bool:
    if not _is_sequence(value):
        return False
    return len(value) > 0 and _is_sequence(value[0])  # type: ignore[arg-type, index]


def epochs_count(epochs: object) -> int:
    """The number of epochs, a whole number ≥ 1."""
    if isinstance(epochs, bool) or not isinstance(epochs, Integral) or epochs < 1:
        raise InvalidEpochs(f"epochs={epochs!r} must be a positive whole number", epochs)
    return int(epochs)


def step_count(n: int, epochs: int, name: str = "epochs") -> int:
    """n·epochs, refused beyond :data:`MAX_STEPS` (before anything is allocated)."""
    steps = n * epochs
    if steps > MAX_STEPS:
        raise InvalidEpochs(
            f"{name}={epochs!r} makes {steps} steps (n = {n}); at most {MAX_STEPS} are supported",
            epochs,
        )
    return steps

"""Hypothesis strategies for perceptron data, for the project's tests and for yours.

Import it explicitly (``from numeric.strategies import datasets``); ``import numeric`` does not
load Hypothesis.  Every strategy takes keyword-only options and shrinks towards small data.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from .errors import DimensionMismatch, InvalidLabel, InvalidLearningRate

__all__ = ["datasets", "features", "initial_weights", "learning_rates"]

_KINDS = ("integers", "decimals", "rationals", "floats")


def features(
    *, kinds: tuple[str, ...] = _KINDS, bound: int = 10, extreme: bool = False
) -> st.SearchStrategy[object]:
    """Returns a strategy which generates one feature value in [−bound, bound]: an ``int``, a
    one-decimal ``Fraction`` (like ``0.3`` read exactly), a small rational, or a ``float``.

    With ``extreme=True`` it also generates values anywhere in float64's range, beyond
    ``bound``: subnormal floats, decimals that round to a subnormal or to 0.0 (``1e-400``), and
    huge ones up to about 1.8e308, so that products underflow and overflow.  The property
    tests that use it are kept apart from the fast default suite.
    """
    if not kinds or not set(kinds) <= set(_KINDS):
        raise DimensionMismatch(f"kinds={kinds!r} must be a non-empty subset of {_KINDS}", kinds)
    if not isinstance(bound, int) or bound < 1:
        raise DimensionMismatch(f"bound={bound!r} must be a positive integer", bound)
    if not isinstance(extreme, bool):
        raise DimensionMismatch(f"extreme={extreme!r} must be True or False", extreme)
    options = {
        "integers": st.integers(-bound, bound),
        "decimals": st.integers(-10 * bound, 10 * bound).map(lambda t: Fraction(t, 10)),
        "rationals": st.fractions(-bound, bound, max_denominator=12),
        "floats": st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=64),
    }
    ordinary = st.one_of(*(options[kind] for kind in kinds))
    if not extreme:
        return ordinary
    binary = st.tuples(st.integers(-(2**53), 2**53), st.integers(-1126, 970)).map(
        lambda t: float(Fraction(t[0]) * Fraction(2) ** t[1])  # subnormals and 2**1023 included
    )
    decimal = st.tuples(st.integers(-999, 999), st.integers(-400, 300)).map(
        lambda t: Fraction(t[0]) * Fraction(10) ** t[1]  # 1e-400 … 9.99e302, read exactly
    )
    huge = st.floats(allow_nan=False, allow_infinity=False, width=64)
    return st.one_of(ordinary, binary, decimal, huge)


def _size(value: int | None, name: str, default: st.SearchStrategy[int]) -> st.SearchStrategy[int]:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise DimensionMismatch(f"{name}={value!r} must be a positive integer or None", value)
    return st.just(value)


def datasets(
    *,
    n: int | None = None,
    d: int | None = None,
    elements: st.SearchStrategy[object] | None = None,
    labels: tuple[int, int] = (-1, 1),
    max_n: int = 8,
    max_d: int = 3,
) -> st.SearchStrategy[tuple[list[list[object]], list[int]]]:
    """Returns a strategy which generates ``(X, y)``: n rows of d features from ``elements``
    (default :func:`features`) and labels from ``labels``; n and d are drawn when None.

    Degenerate data is included on purpose: all-zero rows and exact duplicates of earlier rows
    (sometimes with the opposite label), one-sample datasets and a single label throughout.
    """
    if len(labels) != 2 or labels[0] == labels[1]:
        raise InvalidLabel(f"labels={labels!r} must be two different labels", labels)
    for name, value in (("max_n", max_n), ("max_d", max_d)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise DimensionMismatch(f"{name}={value!r} must be a positive integer", value)
    sizes = _size(n, "n", st.integers(1, max_n)), _size(d, "d", st.integers(1, max_d))
    values = features() if elements is None else elements

    @st.composite
    def draw_dataset(draw: st.DrawFn) -> tuple[list[list[object]], list[int]]:
        rows_count, width = draw(sizes[0]), draw(sizes[1])
        X: list[list[object]] = []
        for _ in range(rows_count):
            kind = draw(st.sampled_from(["fresh", "fresh", "fresh", "zero", "duplicate"]))
            if kind == "zero":
                X.append([0] * width)
            elif kind == "duplicate" and X:
                X.append(list(draw(st.sampled_from(X))))
            else:
                X.append([draw(values) for _ in range(width)])
        y = [draw(st.sampled_from(labels)) for _ in range(rows_count)]
        return X, y

    return draw_dataset()


def learning_rates(
    *,
    kinds: tuple[str, ...] = ("rationals", "floats"),
    min_exponent: int = -20,
    max_exponent: int = 20,
) -> st.SearchStrategy[object]:
    """Returns a strategy which generates a positive learning rate between 2**min_exponent and
    2**max_exponent: exact ``Fraction`` rates, ``float`` rates, or powers of two (exact in
    float64, so float runs scale exactly too), tiny and huge ones included.  The exponents may
    reach float64's ends, −1074 (subnormal rates) and 1023, for tests of underflow and
    overflow; every rate drawn is positive and finite in float64."""
    allowed = ("rationals", "floats", "powers-of-two")
    if not kinds or not set(kinds) <= set(allowed):
        raise InvalidLearningRate(f"kinds={kinds!r} must be a non-empty subset of {allowed}", kinds)
    for name, value in (("min_exponent", min_exponent), ("max_exponent", max_exponent)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidLearningRate(f"{name}={value!r} must be an integer", value)
    if min_exponent < -1074:
        raise InvalidLearningRate(
            f"min_exponent={min_exponent!r} must be at least -1074 (2**-1074 is the smallest "
            "positive float64)",
            min_exponent,
        )
    if max_exponent > 1023:
        raise InvalidLearningRate(
            f"max_exponent={max_exponent!r} must be at most 1023 (2**1024 overflows float64)",
            max_exponent,
        )
    if min_exponent > max_exponent:
        raise InvalidLearningRate(
            f"min_exponent={min_exponent!r} must be at most max_exponent={max_exponent!r}",
            min_exponent,
        )
    low, high = Fraction(2) ** min_exponent, Fraction(2) ** max_exponent
    exponents = st.integers(min_exponent, max_exponent)
    options = {
        "powers-of-two": exponents.map(lambda k: Fraction(2) ** k),
        "rationals": st.tuples(st.integers(1, 1000), st.integers(1, 1000), exponents).map(
            lambda t: min(max(Fraction(t[0], t[1]) * Fraction(2) ** t[2], low), high)
        ),
        "floats": st.floats(float(low), float(high)),
    }
    return st.one_of(*(options[kind] for kind in kinds))


def initial_weights(
    d: int, *, elements: st.SearchStrategy[object] | None = None, nonzero: bool = False
) -> st.SearchStrategy[list[object]]:
    """Returns a strategy which generates a vector w⁽⁰⁾ of length d (d + 1 when you train with
    a bias: its weight last) from ``elements`` (default :func:`features`); with ``nonzero``
    at least one entry is non-zero."""
    if isinstance(d, bool) or not isinstance(d, int) or d < 1:
        raise DimensionMismatch(f"d={d!r} must be a positive integer", d)
    vectors = st.lists(features() if elements is None else elements, min_size=d, max_size=d)
    return vectors.filter(lambda w: any(v != 0 for v in w)) if nonzero else vectors

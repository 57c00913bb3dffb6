"""Running any :class:`~symbolic.OnlineRule` on concrete data, exactly.

At step k = 1 … n·epochs the sample is x⁽ᵏ⁾ (sample ((k − 1) mod n) + 1, in order), and

    ŷ⁽ᵏ⁾ = decision(w⁽ᵏ⁻¹⁾, x⁽ᵏ⁾),   w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + update(w⁽ᵏ⁻¹⁾, x⁽ᵏ⁾, y⁽ᵏ⁾, η),

as in :mod:`numeric.perceptron`, but through the rule's own two functions.  Every number is an
exact SymPy number: features, labels, rates and initial weights are read as the numeric twin
reads them ("0.1" is 1/10, a float its exact binary value), and a rule whose formulas are
rational stays in rational arithmetic.  A rule that leaves the rationals (the logistic
function) keeps exact symbolic numbers such as 1/(1 + e⁻²), whose sign SymPy decides by
evaluation with guaranteed precision when φ needs it; if it cannot, φ stays unevaluated and
the run is refused.  A decision must be one of the labels and an update a column of finite
real numbers at every step, or :class:`~symbolic.perceptron.online_rule.InvalidOnlineRule`
says where it is not (an update divided by ‖x‖ at x = 0, say).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import cast

from sympy import Expr, ImmutableMatrix, S, zeros

from symbolic.errors import DimensionMismatch, InvalidLabel, StepOutOfRange
from symbolic.perceptron.dataset import exact_number
from symbolic.perceptron.online_rule import OnlineRule


@dataclass(frozen=True)
class OnlineRun:
    """One exact run: ``predictions[k - 1]`` is ŷ⁽ᵏ⁾, ``weights[k]`` is w⁽ᵏ⁾ (w⁽⁰⁾ first),
    ``samples[k - 1]`` the 1-based index of the sample seen at step k."""

    rule: OnlineRule
    eta: Expr
    epochs: int
    predictions: tuple[Expr, ...]
    weights: tuple[ImmutableMatrix, ...]
    samples: tuple[int, ...]

    @property
    def steps(self) -> int:
        """The number of steps run (fewer than n·epochs when the run stopped early)."""
        return len(self.predictions)


@dataclass(frozen=True)
class ExactData:
    """A dataset read exactly: ``X`` rows of SymPy numbers (a bias feature 1 appended with
    ``bias``), ``y`` the labels, each one of the rule's."""

    X: tuple[ImmutableMatrix, ...]
    y: tuple[Expr, ...]

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return self.X[0].rows


def exact_data(rule: OnlineRule, X: object, y: object, *, bias: bool = False) -> ExactData:
    """``(X, y)`` read exactly and checked: rows of one length, labels of the rule."""
    rows = [list(cast(Iterable[object], row)) for row in _sequence(X, "X")]
    labels = list(_sequence(y, "y"))
    if not rows:
        raise DimensionMismatch("X must hold at least one sample", X)
    if len(labels) != len(rows):
        raise DimensionMismatch(f"y has {len(labels)} labels but X has {len(rows)} rows", y)
    width = len(rows[0])
    samples = []
    for i, row in enumerate(rows, start=1):
        if len(row) != width or width == 0:
            raise DimensionMismatch(f"X[{i}]={row!r} must hold {max(width, 1)} features", row)
        entries = [exact_number(v, f"X[{i}][{j}]") for j, v in enumerate(row, start=1)]
        samples.append(ImmutableMatrix([*entries, *([S.One] if bias else [])]))
    exact_labels = []
    for i, label in enumerate(labels, start=1):
        value = exact_number(label, f"y[{i}]")
        if not any(value == known for known in rule.labels):
            known = ", ".join(str(v) for v in rule.labels)
            raise InvalidLabel(f"y[{i}]={label!r} must be one of {{{known}}}", label)
        exact_labels.append(value)
    return ExactData(tuple(samples), tuple(exact_labels))


def initial_state(rule: OnlineRule, d: int, w0: object = None) -> ImmutableMatrix:
    """w⁽⁰⁾ for d features: zero for ``None`` or 0, else a vector of ``state_length(d)``."""
    m = rule.state_length(d)
    if w0 is None or (isinstance(w0, Integral) and not isinstance(w0, bool) and w0 == 0):
        return ImmutableMatrix(zeros(m, 1))
    entries = list(w0) if hasattr(w0, "__iter__") else None
    if entries is None or len(entries) != m:
        raise DimensionMismatch(f"w0={w0!r} must be 0 or a vector of length {m}", w0)
    return ImmutableMatrix([exact_number(v, f"w0[{j}]") for j, v in enumerate(entries, 1)])


def run_online(
    rule: OnlineRule,
    X: object,
    y: object,
    eta: object,
    *,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
) -> OnlineRun:
    """Run ``rule`` on ``(X, y)`` at rate ``eta`` for ``epochs`` passes, exactly.

    ``eta`` may be any real number (a negative one too: the runner only runs; what a rate
    means is the caller's business); ``w0`` is zero or a vector of the rule's state length.
    """
    data = X if isinstance(X, ExactData) else exact_data(rule, X, y, bias=bias)
    return run_exact(rule, data, exact_number(eta, "eta"), initial_state(rule, data.d, w0), epochs)


def run_exact(
    rule: OnlineRule, data: ExactData, eta: Expr, w0: ImmutableMatrix, epochs: int
) -> OnlineRun:
    """:func:`run_online` on data already read (``eta`` and ``w0`` exact)."""
    if not isinstance(epochs, Integral) or isinstance(epochs, bool) or epochs < 1:
        raise StepOutOfRange(f"epochs={epochs!r} must be a positive whole number", epochs)
    w, weights, predictions, samples = w0, [w0], [], []
    for k in range(data.n * int(epochs)):
        i = k % data.n
        x, label = data.X[i], data.y[i]
        predictions.append(rule.predict(w, x))
        w = ImmutableMatrix(w + rule.step(w, x, label, eta))
        weights.append(w)
        samples.append(i + 1)
    return OnlineRun(rule, eta, int(epochs), tuple(predictions), tuple(weights), tuple(samples))


@dataclass(frozen=True)
class FirstDifference:
    """The first step (1-based) where two runs predict differently, and what each predicts."""

    step: int
    sample: int
    predictions: tuple[Expr, Expr]


def first_difference(a: OnlineRun, b: OnlineRun) -> FirstDifference | None:
    """Where runs ``a`` and ``b`` (of one dataset) first predict differently, or None."""
    for k, (p, q) in enumerate(zip(a.predictions, b.predictions, strict=False), start=1):
        if p != q:
            return FirstDifference(k, a.samples[k - 1], (p, q))
    return None


def _sequence(values: object, name: str) -> Sequence[object]:
    if isinstance(values, str) or not hasattr(values, "__iter__"):
        raise DimensionMismatch(f"{name}={values!r} must be a sequence", values)
    return list(values)  # type: ignore[call-overload]

"""Do the final classifiers differ?  The angle between the final weights and the accuracy.

``etaproof check`` answers "do the predictions during training depend on η?"; the next
question is whether the classifiers training ends with differ.  :func:`final_classifiers`
trains every rate once more (keeping only w⁽ⁿ·ᵉᵖᵒᶜʰˢ⁾) and reports

- the angle between the final weights of the smallest and the largest η: exactly 0 when they
  are positive multiples of each other (decided in exact rationals, ``(a·b)² = |a|²|b|²`` and
  ``a·b > 0``), else computed from the exact cos² and sin², so it is accurate to float64
  rounding of the last operation only;
- the training accuracy of each rate's final weights, the fraction of samples whose
  prediction ``rule.predict(w·x)`` is their label.

Both are decided in exact arithmetic, also after a float64 run: a rate whose every step
float64 certified has the exact predictions, so the exact coefficients c of Δw = η·c·x, and
its final weights are rebuilt exactly as w⁽⁰⁾ + η·Σ c·x; a rate with a near-tie is re-run
exactly.  The float64 weights themselves, whose rounding cancellation can make large, are
never used.  (:func:`angle_between` with ``exact=False`` judges two float64 vectors.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .brief import exact_text
from .inputs import (
    _as_list,
    exact_array,
    initial_weights,
    labels_array,
    learning_rates,
)
from .perceptron import train
from .rules import Rule, get_rule


@dataclass(frozen=True)
class Angle:
    """The angle between the final weights of ``etas = (smallest, largest)`` in degrees.

    ``degrees`` is None when one of them is the zero vector (it has no direction).  ``exact``
    says it was decided in exact arithmetic; otherwise ``within_rounding`` says it is 0 up to
    float64 rounding, and ``computed`` is the float64 value before that verdict.
    """

    etas: tuple[object, object]
    degrees: float | None
    exact: bool
    within_rounding: bool = False
    computed: float | None = None
    zero_weights: tuple[object, ...] = ()
    #: True when they are multiples of each other, decided exactly (cos² = 1).
    multiple: bool = False
    #: log₁₀ of the distance in degrees from 0° or 180° when it is too small for float64.
    log10_offset: float | None = None

    @property
    def parallel(self) -> bool:
        """True when the two are positive multiples (exactly, or within float64 rounding)."""
        return (self.multiple and self.degrees == 0.0) or self.within_rounding

    def describe(self) -> str:
        """One phrase: ``angle 0° (positive multiples, exactly)``, ``angle 12.3° (float64)``,
        ``w = 0 for η = 1, so no angle``, ``both 0``, …"""
        if self.degrees is None:
            if len(self.zero_weights) == 2:
                return "both 0"
            return f"w = 0 for η = {_text(self.zero_weights[0])}, so no angle"
        if self.multiple and self.degrees == 0.0:
            return "angle 0° (positive multiples, exactly)"
        if self.multiple:
            return "angle 180° (negative multiples, exactly)"
        if self.log10_offset is not None:  # closer to 0° or 180° than float64 can tell
            exponent = math.floor(self.log10_offset)
            mantissa = 10 ** (self.log10_offset - exponent)
            tiny = f"{mantissa:.3g}e{exponent}°"
            near = f"angle {tiny}" if self.degrees == 0.0 else f"angle 180° − {tiny}"
            return f"{near} (not multiples of each other, exactly)"
        if self.within_rounding:
            return (
                f"angle 0° within float64 rounding (computed {self.computed:.2g}°; --exact decides)"
            )
        return f"angle {self.degrees:.4g}°" + ("" if self.exact else " (float64)")


@dataclass(frozen=True)
class Accuracy:
    """How many of the ``samples`` the final weights of rate ``eta`` classify correctly."""

    eta: object
    correct: int
    samples: int

    @property
    def fraction(self) -> float:
        return self.correct / self.samples

    def percent(self) -> str:
        """``100%``, ``85.7%``, ``50%``: never rounded up to 100% or down to 0%."""
        if self.correct in (0, self.samples):
            return f"{100 * self.correct // self.samples}%"
        value = 100 * self.correct / self.samples
        text = f"{value:.1f}"
        if text in ("100.0", "0.0"):  # 1999/2000 is not 100%
            text = f"{value:.4g}"
        return f"{text.removesuffix('.0')}%"


@dataclass(frozen=True)
class FinalClassifiers:
    """The answer of :func:`final_classifiers`: the angle (None with fewer than two distinct
    rates) and one :class:`Accuracy` per rate, in the order given; ``rerun`` counts the
    float64 rates that were re-run exactly."""

    angle: Angle | None
    accuracy: tuple[Accuracy, ...]
    exact: bool
    rerun: int = 0

    @property
    def same_accuracy(self) -> bool:
        """True when every rate ends with the same number of correct samples."""
        return len({a.correct for a in self.accuracy}) <= 1

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: rates as written, the angle in degrees (null when undefined)."""
        angle = self.angle
        return {
            "final_angle_degrees": None if angle is None else angle.degrees,
            "final_angle": None
            if angle is None
            else {
                "etas": [_text(eta) for eta in angle.etas],
                "degrees": angle.degrees,
                "exact": angle.exact,
                "multiples_exactly": angle.multiple,
                "within_float64_rounding": angle.within_rounding,
                "computed_degrees": angle.computed,
                "text": angle.describe(),
            },
            "accuracy": [
                {
                    "eta": _text(a.eta),
                    "correct": a.correct,
                    "samples": a.samples,
                    "accuracy": a.fraction,
                }
                for a in self.accuracy
            ],
            "final_rates_rerun_exactly": self.rerun,
        }


def final_classifiers(
    X: object,
    y: object,
    etas: Sequence[object],
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
    *,
    backend: str = "auto",
) -> FinalClassifiers:
    """Train every rate (keeping only the final weights) and compare the final classifiers:
    the angle between those of the smallest and largest η, and each rate's training accuracy.
    The arguments are those of :func:`numeric.train` (``etas`` a sequence of rates)."""
    rule = get_rule(rule)
    rates = _as_list(etas)  # as numeric.train reads them: a single number is one rate
    values = learning_rates(rates)
    features = _features(X, bias)
    labels = labels_array(y, "y", 1, rule.labels).astype(np.int64)
    if exact:
        result = train(X, y, rates, w0, epochs, bias, rule, True, keep="final", backend=backend)
        weights = list(result.final_weights)
        rerun: list[int] = []
    else:
        weights, rerun = _exact_finals(X, y, rates, values, w0, epochs, bias, rule, backend,
                                       features)  # fmt: skip
    accuracy = tuple(
        Accuracy(eta, _correct(features, labels, w, rule), len(labels))
        for eta, w in zip(rates, weights, strict=True)
    )
    angle = None
    low = min(range(len(values)), key=values.__getitem__)
    high = max(range(len(values)), key=values.__getitem__)
    if values[low] != values[high]:
        angle = angle_between(weights[low], weights[high], (rates[low], rates[high]),
                              exact=True, scale=0.0)  # fmt: skip
    return FinalClassifiers(angle, accuracy, exact, len(rerun))


#: At most this many int8 predictions and coefficients are kept at once (rates in chunks).
_BUDGET = 50_000_000


def _exact_finals(X, y, rates, values, w0, epochs, bias, rule, backend, features):
    """Every rate's final weights, exactly, from a float64 run: a rate whose every step was
    certified (no near-tie) has the exact predictions and so the exact coefficients c of
    Δw = η·c·x, hence w_final = w⁽⁰⁾ + η·Σᵢ (Σ over epochs of cᵢ)·xᵢ, summed in rationals; a
    rate with a near-tie is re-run exactly.  So the float64 rounding of the weights (which
    cancellation can make large) never reaches the angle or the accuracy."""
    n, d = features.shape
    start = initial_weights(w0, 1, d, bias, exact=True)[0]
    steps = n * epochs
    chunk = max(1, _BUDGET // (2 * steps))
    weights: list[np.ndarray] = []
    rerun: list[int] = []
    for first in range(0, len(rates), chunk):
        part = rates[first : first + chunk]
        result = train(X, y, part, w0, epochs, bias, rule, False, keep="predictions",
                       backend=backend)  # fmt: skip
        tied = {int(r) for r in np.unique(result.ties.rates)}
        sums = result.coefficients.reshape(len(part), epochs, n).astype(np.int64).sum(axis=1)
        again = {}
        if tied:
            order = sorted(tied)
            exact_run = train(X, y, [part[i] for i in order], w0, epochs, bias, rule, True,
                              keep="final", backend=backend)  # fmt: skip
            again = dict(zip(order, exact_run.final_weights, strict=True))
            rerun += [first + i for i in order]
        for i in range(len(part)):
            if i in again:
                weights.append(np.asarray(again[i], dtype=object))
                continue
            used = np.flatnonzero(sums[i])  # the samples that moved the weights at all
            direction = [sum((int(sums[i][k]) * features[k, j] for k in used), Fraction(0))
                         for j in range(d)]  # fmt: skip
            eta = values[first + i]
            weights.append(np.array([w + eta * v for w, v in zip(start, direction, strict=True)],
                                    dtype=object))  # fmt: skip
    return weights, rerun


def angle_between(
    a: np.ndarray, b: np.ndarray, etas: tuple[object, object], *, exact: bool, scale: float
) -> Angle:
    """The angle between two weight vectors, computed in exact arithmetic on the values given
    (float64 entries at their exact binary value): 0° or 180° exactly when they are multiples
    of each other, else from the exact cos² and sin² (so small angles keep their digits).
    With ``exact=False`` the vectors carry float64 rounding, so an angle of at most ``scale``
    radians is reported as 0 within rounding, never as exactly 0."""
    u = [Fraction(x) for x in a]
    v = [Fraction(x) for x in b]
    dot = sum((p * q for p, q in zip(u, v, strict=True)), Fraction(0))
    aa = sum((p * p for p in u), Fraction(0))
    bb = sum((q * q for q in v), Fraction(0))
    zero = tuple(eta for eta, norm in zip(etas, (aa, bb), strict=True) if norm == 0)
    if zero:
        return Angle(etas, None, exact, zero_weights=zero)
    cos2 = dot * dot / (aa * bb)
    if cos2 == 1:
        return Angle(etas, 0.0 if dot > 0 else 180.0, exact, multiple=True)
    sin2 = 1 - cos2
    sin = math.sqrt(float(sin2))
    # the sign of the exact dot product (converting it to float could overflow)
    cos = math.sqrt(float(cos2)) * (1.0 if dot > 0 else -1.0)
    degrees = math.degrees(math.atan2(sin, cos))
    offset = None
    if degrees in (0.0, 180.0):  # sin² underflowed: the angle is tiny, not 0 (cos² ≠ 1)
        # log₁₀ of sin ≈ the angle in radians, from the exact sin² (logs of big ints do not
        # overflow), then in degrees
        log_sin2 = math.log10(sin2.numerator) - math.log10(sin2.denominator)
        offset = log_sin2 / 2 + math.log10(180 / math.pi)
    if exact:
        return Angle(etas, degrees, True, log10_offset=offset)
    if math.radians(degrees) <= scale:
        return Angle(etas, 0.0, False, within_rounding=True, computed=degrees)
    return Angle(etas, degrees, False, computed=degrees)


def _features(X: Any, bias: bool) -> np.ndarray:
    """The samples as an object array of exact numbers, read (and checked) as
    :func:`numeric.train` reads them, a column of ones appended for the bias weight."""
    rows = exact_array(X, "X", 2)
    if bias:
        rows = np.concatenate([rows, np.full((len(rows), 1), Fraction(1), dtype=object)], axis=1)
    return rows


def _correct(samples: np.ndarray | None, labels: np.ndarray, w: np.ndarray, rule: Rule) -> int:
    """How many samples ``rule.predict(w·x)`` classifies as their label: in exact arithmetic
    for an object array of samples, in float64 for a float64 one."""
    assert samples is not None
    if samples.dtype == object:
        weights = [Fraction(v) for v in w]
        z = [
            sum((x * v for x, v in zip(row, weights, strict=True)), Fraction(0)) for row in samples
        ]
        signs = np.array([(value > 0) - (value < 0) for value in z], dtype=np.int64)
    else:
        signs = np.sign(samples @ np.asarray(w, dtype=np.float64))
    return int((rule.predict(signs) == labels).sum())


def _text(eta: object) -> str:
    if isinstance(eta, str):
        return eta
    if isinstance(eta, Fraction | int) and not isinstance(eta, bool):
        return exact_text(eta)
    return str(eta)

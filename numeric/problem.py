"""The problem of one run: the user's input to :func:`numeric.train` / :func:`numeric.train_batch`,
validated once (:func:`prepare`) into labels, rates and initial weights, and either float64
features with their representation errors or exact scaled-integer features; and what running
it will cost (:mod:`numeric.cost`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from .cost import Estimate, estimate
from .errors import DimensionMismatch
from .exact import Plan
from .inputs import (
    ScaledIntegers,
    all_exact,
    epochs_count,
    exact_errors,
    float_array,
    float_rates,
    initial_weights,
    labels_array,
    learning_rates,
    scaled_array,
    step_count,
)
from .keep import Keep
from .rules import Rule, get_rule


@dataclass(frozen=True)
class Problem:
    """Validated input of one call: labels (b, n), the rates, and either float64 features
    with their representation errors or exact scaled-integer features."""

    etas: tuple[object, ...]
    eta_exact: list[Fraction]
    rule: Rule
    n: int
    epochs: int
    bias: bool
    exact: bool
    labels: np.ndarray
    w0: np.ndarray  # (b, d): float64, or Fraction objects in exact mode
    X: np.ndarray | None = None  # float64 (b, n, d)
    x_error: np.ndarray | None = None
    eta_floats: np.ndarray | None = None
    eta_error: np.ndarray | None = None
    w0_error: np.ndarray | None = None
    features: ScaledIntegers | None = None

    @property
    def steps(self) -> int:
        return self.n * self.epochs

    @property
    def shape(self) -> tuple[int, int, int]:
        """(b, e, d): datasets, rates, features (the bias included)."""
        return self.labels.shape[0], len(self.eta_exact), self.w0.shape[1]

    def with_rates(self, rates: Sequence[int]) -> Problem:
        """The same problem for the rates at positions ``rates`` only."""
        picked = list(rates)
        fields: dict[str, Any] = {"etas": tuple(self.etas[e] for e in picked)}
        fields["eta_exact"] = [self.eta_exact[e] for e in picked]
        if self.eta_floats is not None and self.eta_error is not None:
            fields["eta_floats"] = self.eta_floats[picked]
            fields["eta_error"] = self.eta_error[picked]
        return replace(self, **fields)

    @cached_property
    def plan(self) -> Plan:
        """The exact run's integers and each dataset's path (exact problems only)."""
        assert self.features is not None, "an exact problem"
        return Plan.of(self.features, self.eta_exact, self.w0, self.steps, self.rule)

    def arithmetic(self) -> str:
        """``float64``; for exact runs ``int64`` when some dataset takes the int64 path,
        else ``object``."""
        if not self.exact:
            return "float64"
        return "int64" if "int64" in self.plan.paths else "object"

    def cost(self, keep: Keep, backend: str) -> Estimate:
        """Memory and time of the run, estimated (:func:`numeric.cost.estimate`)."""
        b, e, d = self.shape
        if not self.exact:
            return estimate(
                b, e, self.steps, d, self.n, keep=keep, arithmetic="float64", backend=backend
            )
        total = Estimate(0, 0.0)
        for path in ("int64", "object"):
            count = self.plan.paths.count(path)
            if count:
                part = estimate(
                    count, e, self.steps, d, self.n, keep=keep, arithmetic=path, backend=backend
                )
                total = Estimate(total.bytes + part.bytes, total.seconds + part.seconds)
        return total


def prepare(Xs, ys, etas, w0, epochs, bias, rule, exact, *, batch: bool) -> Problem:
    """Validate the input of :func:`train` / :func:`train_batch` once."""
    rule = get_rule(rule)
    epochs = epochs_count(epochs)
    names = ("Xs", "ys") if batch else ("X", "y")
    if batch:
        labels = labels_array(ys, names[1], 2, rule.labels)
    else:
        labels = labels_array(ys[0], "y", 1, rule.labels)[None]
    features = x_error = None
    if exact:
        features = scaled_array(Xs, names[0], 3) if batch else scaled_array(Xs[0], "X", 2)
        shape = features.numerators.shape
    else:
        copy = not bias  # with a bias X is copied below, with its column of ones
        if batch:
            X, x_error = float_array(Xs, names[0], 3, copy=copy)
        else:
            X, x_error = _single(float_array(Xs[0], "X", 2, copy=copy))
        shape = X.shape
    b, n, d = shape
    if n == 0 or d == 0:
        raise DimensionMismatch(f"{names[0]} must hold at least one sample with one feature", Xs)
    step_count(n, epochs)
    if labels.shape != (b, n):
        raise DimensionMismatch(
            f"{names[1]} has shape {labels.shape} but must have shape {(b, n)[2 - labels.ndim :]}",
            ys,
        )
    if bias:
        if features is not None:
            features = features.with_bias()
        else:
            assert x_error is not None  # set with X
            X = np.concatenate([X, np.ones((b, n, 1))], axis=2)
            if not all_exact(x_error):
                x_error = np.concatenate([x_error, np.zeros((b, n, 1))], axis=2)
        d += 1
    if x_error is not None:  # exact inputs, the common case: no page written or read
        x_error = exact_errors(X.shape) if all_exact(x_error) else np.ascontiguousarray(x_error)
    weights = initial_weights(w0, b, d, bias, exact=exact)
    rates = learning_rates(etas)
    common = {
        "etas": rates_as_given(etas),
        "eta_exact": rates,
        "rule": rule,
        "n": n,
        "epochs": epochs,
        "bias": bias,
        "exact": exact,
        "labels": labels,
    }
    if exact:
        return Problem(**common, w0=weights, features=features)
    eta_floats, eta_error = float_rates(etas, rates)
    w0_floats, w0_error = weights
    return Problem(
        **common,
        w0=w0_floats,
        X=np.ascontiguousarray(X),
        x_error=x_error,
        eta_floats=eta_floats,
        eta_error=eta_error,
        w0_error=w0_error,
    )


def _single(pair: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return pair[0][None], pair[1][None]


def rates_as_given(etas: object) -> tuple[object, ...]:
    """The rates as the user gave them, one entry each: a single number (or text) is one."""
    if isinstance(etas, str) or np.ndim(etas) == 0:  # type: ignore[arg-type]
        return (etas,)
    return tuple(etas)  # type: ignore[call-overload, arg-type]  # validated by learning_rates

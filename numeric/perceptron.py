"""The numeric twin of ``symbolic/perceptron.py``: the same rules on concrete data, batched.

At step k = 1 … n·epochs the sample is x⁽ᵏ⁾ (sample ((k − 1) mod n) + 1, in order), and

    ŷ⁽ᵏ⁾ = rule.predict(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾),   Δw⁽ᵏ⁾ = η·c_k·x⁽ᵏ⁾,   w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾,

for every learning rate at once (a loop over samples, never over rates).  Arrays are indexed
from 0: ``predictions[e, k]`` is ŷ⁽ᵏ⁺¹⁾ and ``weights[e, k]`` is w⁽ᵏ⁾.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property

import numpy as np

from .errors import DimensionMismatch
from .exact import ExactRun, run_exact
from .floating import FloatRun, run_float
from .inputs import (
    epochs_count,
    exact_array,
    float_array,
    float_rates,
    initial_weights,
    labels_array,
    learning_rates,
    step_count,
)
from .rules import Rule, get_rule


class TrainingResult:
    """One run of a rule for several learning rates (and, from :func:`train_batch`, several
    datasets).  Arrays have shape ``[e, k]`` (``[b, e, k]`` for a batch):

    - ``predictions[..., e, k]`` — ŷ⁽ᵏ⁺¹⁾ for rate ``etas[e]``, k = 0 … n·epochs − 1 (int8);
    - ``coefficients[..., e, k]`` — c_{k+1} in Δw⁽ᵏ⁺¹⁾ = η·c·x⁽ᵏ⁺¹⁾ (int8);
    - ``weights[..., e, k, :]`` — w⁽ᵏ⁾, k = 0 … n·epochs (float64, or ``Fraction`` objects in
      exact mode), built on first access from the coefficients;
    - ``net_inputs[..., e, k]`` — w⁽ᵏ⁾·x⁽ᵏ⁺¹⁾ as computed (float64, or exact ``Fraction``);
    - ``near_ties[..., e, k]`` — float64 only: |w·x| within the certified rounding bound
      ``tie_bounds``, so the sign may be wrong there (all False in exact mode).
    """

    def __init__(self, run: FloatRun | ExactRun, problem: dict, index: int | None) -> None:
        self._run, self._problem, self._index = run, problem, index
        self.etas: tuple[object, ...] = problem["etas"]
        self.rule: Rule = problem["rule"]
        self.n: int = problem["n"]
        self.epochs: int = problem["epochs"]
        self.bias: bool = problem["bias"]
        self.exact: bool = isinstance(run, ExactRun)

    def _pick(self, array: np.ndarray) -> np.ndarray:
        return array if self._index is None else array[self._index]

    @property
    def _float(self) -> FloatRun:
        assert isinstance(self._run, FloatRun), "a float64 run"
        return self._run

    @property
    def _exact(self) -> ExactRun:
        assert isinstance(self._run, ExactRun), "an exact run"
        return self._run

    @property
    def steps(self) -> int:
        """The number of updates, n·epochs."""
        return self.n * self.epochs

    @property
    def samples(self) -> np.ndarray:
        """The 1-based sample seen at each step: ``samples[k]`` is the sample of step k + 1."""
        return np.arange(self.steps) % self.n + 1

    @property
    def predictions(self) -> np.ndarray:
        """ŷ⁽ᵏ⁺¹⁾ as ``[..., e, k]``."""
        return self._pick(self._run.predictions)

    @property
    def coefficients(self) -> np.ndarray:
        """c_{k+1} as ``[..., e, k]``."""
        return self._pick(self._run.coefficients)

    @cached_property
    def near_ties(self) -> np.ndarray:
        """Steps whose sign float64 could not certify, ``[..., e, k]`` (never in exact mode)."""
        if self.exact:
            return np.zeros(self.predictions.shape, dtype=bool)
        return self._pick(self._float.near_ties)

    @property
    def tie_bounds(self) -> np.ndarray | None:
        """The certified bound on |float64 w·x − exact w·x| per step (None in exact mode)."""
        return None if self.exact else self._pick(self._float.tie_bounds)

    @cached_property
    def net_inputs(self) -> np.ndarray:
        """w⁽ᵏ⁾·x⁽ᵏ⁺¹⁾ as ``[..., e, k]``: float64, or ``Fraction`` objects in exact mode."""
        if not self.exact:
            return self._pick(self._float.net_inputs)
        run = self._exact
        out = np.empty(run.scaled_net_inputs.shape, dtype=object)
        for (i, e, k), value in np.ndenumerate(run.scaled_net_inputs):
            out[i, e, k] = Fraction(int(value), int(run.net_input_denominators[i, e]))
        return self._pick(out)

    @cached_property
    def weights(self) -> np.ndarray:
        """w⁽ᵏ⁾ as ``[..., e, k, :]`` for k = 0 … n·epochs."""
        return self._pick(self._exact_weights() if self.exact else self._float_weights())

    @property
    def final_weights(self) -> np.ndarray:
        """w⁽ⁿ·ᵉᵖᵒᶜʰˢ⁾ as ``[..., e, :]``."""
        if self.exact:
            return self.weights[..., -1, :]
        return self._pick(self._float.final_weights)

    def updates_per_epoch(self) -> np.ndarray:
        """The number of steps with Δw ≠ 0 in each epoch, ``[..., e, epoch]`` (the textbook's
        ``errors_``: misclassifications, ties included for the mistake-driven rule)."""
        shape = (*self.coefficients.shape[:-1], self.epochs, self.n)
        return (self.coefficients.reshape(shape) != 0).sum(axis=-1)

    def _float_weights(self) -> np.ndarray:
        # The same operations as the loop, in the same order: w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + (η̃·c)·x̃.
        X, etas, w0 = self._problem["X"], self._problem["eta_floats"], self._problem["w0"]
        xs = X[:, self.samples - 1, :]  # (b, k, d)
        deltas = (etas[None, :, None] * self._float.coefficients)[..., None] * xs[:, None]
        start = np.broadcast_to(w0[:, None, None, :], (*deltas.shape[:2], 1, deltas.shape[-1]))
        with np.errstate(over="ignore", invalid="ignore"):  # as in the loop
            return np.cumsum(np.concatenate([start, deltas], axis=2), axis=2)

    def _exact_weights(self) -> np.ndarray:
        run, w0, etas = self._exact, self._problem["w0"], self._problem["eta_exact"]
        b, e, steps = run.coefficients.shape
        d = run.scaled_features.shape[-1]
        out = np.empty((b, e, steps + 1, d), dtype=object)
        for i in range(b):
            xs = run.scaled_features[i, self.samples - 1, :]  # (k, d) Python ints
            for r in range(e):
                directions = np.cumsum(run.coefficients[i, r].astype(object)[:, None] * xs, 0)
                scale = etas[r] / run.feature_denominators[i]
                out[i, r, 0] = w0[i]
                for k in range(steps):
                    out[i, r, k + 1] = [w0[i, j] + scale * directions[k, j] for j in range(d)]
        return out


def train(
    X: object,
    y: object,
    etas: object,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
) -> TrainingResult:
    """Run a perceptron rule on one dataset for every learning rate in ``etas`` at once.

    ``X`` is n×d, ``y`` holds n labels of the rule; numbers may be ints, floats, Fractions or
    decimal strings.  ``w0`` is None/0 (zero) or a vector of length d (d + 1 with ``bias``, the
    bias weight last).  ``exact=True`` computes with exact rationals instead of float64.
    """
    rows = _rows(X, "X")
    labels = _rows(y, "y")
    if len(labels) != len(rows):
        raise DimensionMismatch(f"y has {len(labels)} labels but X has {len(rows)} rows", y)
    return _train(
        [rows], [labels], etas, w0, epochs, bias, rule, exact, batch=False, w0_batch=False
    )


def train_batch(
    Xs: object,
    ys: object,
    etas: object,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
) -> TrainingResult:
    """:func:`train` on a stack of datasets of one shape: ``Xs`` is (b, n, d), ``ys`` (b, n),
    ``w0`` zero, one vector for all, or one per dataset (b, d); arrays come as ``[b, e, k]``."""
    return _train(Xs, ys, etas, w0, epochs, bias, rule, exact, batch=True, w0_batch=True)


def _rows(values: object, name: str) -> Sequence[object] | np.ndarray:
    if isinstance(values, np.ndarray):
        return values
    try:
        return list(values)  # type: ignore[call-overload]  # anything iterable
    except TypeError:
        raise DimensionMismatch(f"{name}={values!r} must be a sequence", values) from None


def _train(Xs, ys, etas, w0, epochs, bias, rule, exact, *, batch, w0_batch) -> TrainingResult:
    rule = get_rule(rule)
    epochs = epochs_count(epochs)
    names = ("Xs", "ys") if batch else ("X", "y")
    if batch:
        labels = labels_array(ys, names[1], 2, rule.labels)
    else:
        labels = labels_array(ys[0], "y", 1, rule.labels)[None]
    if exact:
        X = exact_array(Xs, names[0], 3) if batch else exact_array(Xs[0], "X", 2)[None]
    else:
        X, x_error = float_array(Xs, names[0], 3) if batch else _single(float_array(Xs[0], "X", 2))
    b, n, d = X.shape
    if n == 0 or d == 0:
        raise DimensionMismatch(f"{names[0]} must hold at least one sample with one feature", Xs)
    steps = step_count(n, epochs)
    if labels.shape != (b, n):
        raise DimensionMismatch(
            f"{names[1]} has shape {labels.shape} but must have shape {(b, n)[2 - labels.ndim :]}",
            ys,
        )
    if bias:
        ones = np.full((b, n, 1), Fraction(1) if exact else 1.0, dtype=X.dtype)
        X = np.concatenate([X, ones], axis=2)
        if not exact:
            x_error = np.concatenate([x_error, np.zeros((b, n, 1))], axis=2)
        d += 1
    weights = initial_weights(w0, b, d, bias, exact=exact)
    rates = learning_rates(etas)
    problem = {
        "etas": tuple(_as_tuple(etas)),
        "eta_exact": rates,
        "rule": rule,
        "n": n,
        "epochs": epochs,
        "bias": bias,
        "X": X,
    }
    if exact:
        problem["w0"] = weights
        run: FloatRun | ExactRun = run_exact(X, labels, rates, weights, steps, rule)
    else:
        eta_floats, eta_error = float_rates(etas)
        w0_floats, w0_error = weights
        problem.update(w0=w0_floats, eta_floats=eta_floats)
        run = run_float(X, x_error, labels, eta_floats, eta_error, w0_floats, w0_error, steps, rule)
    return TrainingResult(run, problem, None if batch else 0)


def _single(pair: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return pair[0][None], pair[1][None]


def _as_tuple(etas: object) -> tuple[object, ...]:
    if isinstance(etas, str) or np.ndim(etas) == 0:  # type: ignore[arg-type]
        return (etas,)
    return tuple(etas)  # type: ignore[call-overload, arg-type]  # validated by learning_rates

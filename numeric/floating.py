"""The float64 run: the textbook loop w ← w + η(y − ŷ)x, vectorised over datasets and rates,
with a certified bound on the rounding error of every w·x (see :mod:`numeric.ties`), gradual
underflow and overflow included."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .inputs import UNIT_ROUNDOFF
from .rules import Rule
from .ties import ErrorModel, all_terms_zero, certified, is_near_tie, unbounded


@dataclass(frozen=True)
class FloatRun:
    """The outcome of :func:`run_float`, arrays shaped ``(b, e, steps)``."""

    predictions: np.ndarray
    coefficients: np.ndarray
    net_inputs: np.ndarray
    tie_bounds: np.ndarray
    near_ties: np.ndarray
    final_weights: np.ndarray  # (b, e, d)


def run_float(
    X: np.ndarray,
    x_error: np.ndarray,
    y: np.ndarray,
    etas: np.ndarray,
    eta_error: np.ndarray,
    w0: np.ndarray,
    w0_error: np.ndarray,
    steps: int,
    rule: Rule,
) -> FloatRun:
    """Run ``rule`` in float64 on X (b, n, d), labels y (b, n), rates (e,), w0 (b, d)."""
    b, n, d = X.shape
    e = etas.shape[0]
    # Overflow to ±inf and NaN is expected at the edges of the range: such steps are near-ties.
    with np.errstate(over="ignore", invalid="ignore"):
        w = np.repeat(w0[:, None, :], e, axis=1)
        model = ErrorModel(X, x_error)
        weight_error = model.initial(w0_error, e)  # S = Σ E_j·M_j, (b, e)
        increments = model.increments(etas, eta_error)  # (n, b, e), per unit |c|
        step = np.empty_like(w)
        predictions = np.empty((b, e, steps), dtype=np.int8)
        coefficients = np.empty((b, e, steps), dtype=np.int8)
        net_inputs = np.empty((b, e, steps))
        bounds = np.empty((b, e, steps))
        exact_zero = np.zeros((b, e, steps), dtype=bool)
        for k in range(steps):
            s = k % n
            x = X[:, s, :]
            z = np.matmul(w, x[:, :, None])[..., 0]
            terms = np.matmul(np.abs(w), model.scales[:, s])  # (b, e, 2)
            if k:  # the u·|w̃_j| part of the previous update's error
                weight_error += UNIT_ROUNDOFF * terms[..., 1]
            bounds[:, :, k] = terms[..., 0] + weight_error
            if not z.all():  # z̃ = 0: exact when every term is exactly zero
                exact_zero[:, :, k] = all_terms_zero(w, weight_error, x, x_error[:, s, :])
            c = rule.coefficient(y[:, s, None], z)
            predictions[:, :, k] = rule.predict(z)
            coefficients[:, :, k] = c
            net_inputs[:, :, k] = z
            np.multiply((etas[None, :] * c)[:, :, None], x[:, None, :], out=step)
            w += step
            weight_error += np.abs(c) * increments[s]
        bounds = unbounded(net_inputs, certified(bounds, steps, d))
        near_ties = is_near_tie(net_inputs, bounds) & ~exact_zero
    return FloatRun(predictions, coefficients, net_inputs, bounds, near_ties, w)

"""The exact run: the rule in integer arithmetic on rationals scaled to integers.

With D the common denominator of the features (X = Xi/D), D_w that of w⁽⁰⁾ (w⁽⁰⁾ = W/D_w) and
η = p/q, the weights are w⁽ᵏ⁾ = w⁽⁰⁾ + η·V⁽ᵏ⁾/D with V⁽ᵏ⁾ = Σ c_i·Xi⁽ⁱ⁾ an integer vector, and

    sign(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) = sign(α·(W·Xi⁽ᵏ⁾) + β·(V⁽ᵏ⁻¹⁾·Xi⁽ᵏ⁾)),   α = q·D,  β = p·D_w

(both divided by their gcd), an integer.  The loop runs in int64 when a bound on every
intermediate proves it cannot overflow, and in Python integers (object arrays) otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .rules import Rule

_INT64_SAFE = 2**62


@dataclass(frozen=True)
class ExactRun:
    """The outcome of :func:`run_exact`, arrays shaped ``(b, e, steps)``."""

    predictions: np.ndarray
    coefficients: np.ndarray
    scaled_net_inputs: np.ndarray  # S, with z = S / net_input_denominators[b, e]
    net_input_denominators: np.ndarray  # (b, e) Python integers
    directions: np.ndarray  # final V, (b, e, d)
    scaled_features: np.ndarray  # Xi, (b, n, d) Python integers
    feature_denominators: list[int]  # D per dataset
    dtype: str  # "int64" or "object"


def common_denominator(values: np.ndarray) -> int:
    """The least common multiple of the denominators of some Fractions."""
    return math.lcm(1, *(value.denominator for value in values.flat))


def scaled(values: np.ndarray, denominator: int) -> np.ndarray:
    """Fractions times their common denominator, as an object array of Python integers."""
    out = np.empty(values.shape, dtype=object)
    for index, value in np.ndenumerate(values):
        out[index] = value.numerator * (denominator // value.denominator)
    return out


def run_exact(
    X: np.ndarray, y: np.ndarray, etas: list[Fraction], w0: np.ndarray, steps: int, rule: Rule
) -> ExactRun:
    """Run ``rule`` exactly on a stack of datasets X (b, n, d) of Fractions, labels y (b, n),
    rates ``etas`` and initial weights w0 (b, d) of Fractions, for ``steps`` steps."""
    b, n, d = X.shape
    denominators = [common_denominator(X[i]) for i in range(b)]
    weight_denominators = [common_denominator(w0[i]) for i in range(b)]
    Xi = np.stack([scaled(X[i], denominators[i]) for i in range(b)]) if b else X
    W = np.stack([scaled(w0[i], weight_denominators[i]) for i in range(b)]) if b else w0
    alpha = np.empty((b, len(etas)), dtype=object)
    beta = np.empty((b, len(etas)), dtype=object)
    z_denominators = np.empty((b, len(etas)), dtype=object)
    for i in range(b):
        for e, eta in enumerate(etas):
            a, c = eta.denominator * denominators[i], eta.numerator * weight_denominators[i]
            g = math.gcd(a, c)
            alpha[i, e], beta[i, e] = a // g, c // g
            # S = z·D_w·D²·q/g, so z = S·g/(D_w·D²·q).
            z_denominators[i, e] = weight_denominators[i] * denominators[i] * (a // g)
    offsets = (W[:, None, :] * Xi).sum(axis=-1) if d else np.zeros((b, n), dtype=object)

    bound = _magnitude_bound(Xi, offsets, alpha, beta, steps, rule)
    dtype = "int64" if bound < _INT64_SAFE else "object"
    if dtype == "int64":
        Xi_run, offsets, alpha_run, beta_run = (
            a.astype(np.int64) for a in (Xi, offsets, alpha, beta)
        )
    else:
        Xi_run, alpha_run, beta_run = Xi, alpha, beta

    V = np.zeros((b, len(etas), d), dtype=np.int64 if dtype == "int64" else object)
    if dtype == "object":
        V[...] = 0
    predictions = np.empty((b, len(etas), steps), dtype=np.int8)
    coefficients = np.empty((b, len(etas), steps), dtype=np.int8)
    net = np.empty((b, len(etas), steps), dtype=np.int64 if dtype == "int64" else object)
    for k in range(steps):
        s = k % n
        x = Xi_run[:, s, :]
        if dtype == "int64":
            along = np.einsum("bed,bd->be", V, x)
        else:
            along = (V * x[:, None, :]).sum(axis=-1) if d else np.zeros(V.shape[:2], object)
        S = alpha_run * offsets[:, s, None] + beta_run * along
        labels = y[:, s, None]
        predictions[:, :, k] = rule.predict(S)
        coefficient = rule.coefficient(labels, S)
        coefficients[:, :, k] = coefficient
        net[:, :, k] = S
        V += coefficient[:, :, None] * x[:, None, :]
    return ExactRun(predictions, coefficients, net, z_denominators, V, Xi, denominators, dtype)


def _magnitude_bound(
    Xi: np.ndarray, offsets: np.ndarray, alpha: np.ndarray, beta: np.ndarray, steps: int, rule: Rule
) -> int:
    """An upper bound on |S|, |α·W·x|, |β·V·x| and |V| over the whole run (Python ints)."""
    b = Xi.shape[0]
    if b == 0 or Xi.size == 0:
        return 0
    worst = 0
    for i in range(b):
        column_max = [max(abs(v) for v in Xi[i, :, j]) for j in range(Xi.shape[2])]
        v_max = rule.largest_coefficient * steps * max(column_max, default=0)
        along = rule.largest_coefficient * steps * sum(m * m for m in column_max)
        offset = max((abs(v) for v in offsets[i]), default=0)
        for e in range(alpha.shape[1]):
            worst = max(worst, alpha[i, e] * offset + beta[i, e] * along, v_max)
            worst = max(worst, alpha[i, e], beta[i, e], max(column_max, default=0))
    return worst

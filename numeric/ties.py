"""Certified near-ties: a rigorous bound on the float64 rounding error of each w·x.

Write x, η, w⁽⁰⁾ for the exact inputs and x̃, η̃, w̃ for their float64 counterparts, u = 2⁻⁵³.
Against the exact run that takes the same decisions as the float run so far,
- each input carries a representation error: |x̃_j − x_j| ≤ ξ_j (0 when x̃_j is x_j, else u|x̃_j|),
  and |η̃ − η| ≤ ε_η likewise;
- an update w̃ ← fl(w̃ + fl((η̃c)·x̃)) (η̃c is exact: c ∈ {0, ±1, ±2}) adds to the weight error
  E_j ≥ |w̃_j − w_j| at most |c|·(η̃·(u|x̃_j| + ξ_j) + ε_η·(|x̃_j| + ξ_j)) + u·|w̃_j|;
- the dot product obeys |fl(w̃·x̃) − w̃·x̃| ≤ γ_d·Σ|w̃_j x̃_j| with γ_d = d·u/(1 − d·u), in any
  summation order and with or without fused multiply-add (Higham, Accuracy and Stability of
  Numerical Algorithms, 2nd ed., §3.1);
- so |fl(w̃·x̃) − w·x| ≤ Σ|w̃_j|(γ_d|x̃_j| + ξ_j) + Σ E_j(|x̃_j| + ξ_j) ≤ … + S, where
  S = Σ E_j·M_j with M_j = max over the samples of |x̃_j| + ξ_j.  Only S is kept (one number
  per dataset and rate, updated with the formula above), which keeps the loop cheap.
The bound is computed in float64 from non-negative terms, so it is low by a relative γ_m at
most (m operations); doubling it, plus a term for gradual underflow, keeps it an upper bound
whenever m·u < 1/4.  A step is a *near-tie* when |fl(w̃·x̃)| is not above the bound: only
there can float64 and exact arithmetic disagree on the sign of w·x (or on w·x = 0).
"""

from __future__ import annotations

import numpy as np

from .inputs import UNIT_ROUNDOFF

#: An absolute allowance per operation for gradual underflow (subnormal spacing is 2⁻¹⁰⁷⁴).
UNDERFLOW = 2.0**-1000


def gamma(m: int) -> float:
    """γ_m = m·u/(1 − m·u), the relative error bound of m floating-point operations."""
    return m * UNIT_ROUNDOFF / (1 - m * UNIT_ROUNDOFF)


class ErrorModel:
    """The per-sample constants of the bound for a stack of datasets X̃ (b, n, d) with
    representation errors ξ (b, n, d)."""

    def __init__(self, X: np.ndarray, x_error: np.ndarray) -> None:
        d = X.shape[2]
        reach = np.abs(X) + x_error
        self.M = reach.max(axis=1)  # (b, d)
        # Weights for |w̃|: column 0 gives the dot-product term, column 1 Σ|w̃_j|·M_j.
        dot_scale = gamma(d) * np.abs(X) + x_error
        self.scales = np.stack([dot_scale, np.broadcast_to(self.M[:, None, :], X.shape)], -1)
        # Per sample: Σ M_j(u|x̃_j| + ξ_j) and Σ M_j(|x̃_j| + ξ_j), for the update term.
        self.rounding = np.einsum("bd,bnd->bn", self.M, UNIT_ROUNDOFF * np.abs(X) + x_error)
        self.representation = np.einsum("bd,bnd->bn", self.M, reach)

    def initial(self, w0_error: np.ndarray, e: int) -> np.ndarray:
        """S for w⁽⁰⁾: Σ E_j·M_j with E = the representation error of w⁽⁰⁾, (b, e)."""
        return np.repeat(np.einsum("bd,bd->b", w0_error, self.M)[:, None], e, axis=1)

    def update(
        self, s: int, abs_c: np.ndarray, etas: np.ndarray, eta_error: np.ndarray
    ) -> np.ndarray:
        """What one update with sample s adds to S, apart from u·Σ|w̃_j|M_j, (b, e)."""
        return abs_c * (
            etas[None, :] * self.rounding[:, s, None]
            + eta_error[None, :] * self.representation[:, s, None]
        )


def certified(raw_bound: np.ndarray, steps: int, d: int) -> np.ndarray:
    """Turn a bound computed in float64 into a guaranteed one (see the module docstring)."""
    operations = steps * (4 * d + 8) + d
    if operations * UNIT_ROUNDOFF >= 0.25:
        raise OverflowError(f"steps={steps!r} is too many to certify float64 ties")
    return 2.0 * raw_bound + operations * UNDERFLOW


def all_terms_zero(
    w: np.ndarray, weight_error: np.ndarray, x: np.ndarray, x_error: np.ndarray
) -> np.ndarray:
    """(b, e): every w_j·x_j is exactly 0 (no weight error, and each w̃_j or exact x_j is 0),
    so a computed w·x = 0 is the exact value and certifies a tie."""
    zero_x = ((x == 0) & (x_error == 0))[:, None, :]
    return (weight_error == 0) & ((w == 0) | zero_x).all(axis=-1)


def is_near_tie(z: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """True where |z| is not above the bound (NaN and infinities included)."""
    return ~(np.abs(z) > bound)

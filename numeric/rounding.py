"""Certified near-ties: a rigorous bound on the float64 rounding error of each w·x.

Write x, η, w⁽⁰⁾ for the exact inputs and x̃, η̃, w̃ for their float64 counterparts, u = 2⁻⁵³,
t = 2⁻¹⁰⁷⁴ (the spacing of the subnormals).  Round to nearest with gradual underflow obeys
fl(a·b) = a·b·(1 + δ) + ϑ with |δ| ≤ u, |ϑ| ≤ t/2, and fl(a ± b) = (a ± b)(1 + δ): only products
underflow, and each loses at most t/2 in absolute terms.  Against the exact run that takes the
same decisions as the float run so far,
- each input carries a representation error: |x̃_j − x_j| ≤ ξ_j (0 when x̃_j is x_j, else
  u|x̃_j| + t: relative in the normal range, half the subnormal spacing below it, so a value like
  1e-400 that rounds to 0.0 still carries its error), and |η̃ − η| ≤ ε_η likewise;
- an update w̃ ← fl(w̃ + fl((η̃c)·x̃)) (η̃c is exact when |c| is a power of two, as for the
  built-in rules, c ∈ {0, ±1, ±2}; otherwise fl(η̃c) = c·η̃' with |η̃' − η̃| ≤ u·η̃ + t/2, which
  :func:`product_rate_error` adds to ε_η) adds to the weight error
  E_j ≥ |w̃_j − w_j| at most |c|·(η̃·(u|x̃_j| + ξ_j) + ε_η·(|x̃_j| + ξ_j) + t/2) + u·|w̃_j|, the
  t/2 where x̃_j ≠ 0 (the product may underflow; that loss is later multiplied by |x_j|, which
  may be huge, so it is kept in the weight error, not added once to w·x);
- the dot product obeys |fl(w̃·x̃) − w̃·x̃| ≤ γ_d·Σ|w̃_j x̃_j| + d·t/2 with γ_d = d·u/(1 − d·u),
  in any summation order and with or without fused multiply-add (Higham, Accuracy and
  Stability of Numerical Algorithms, 2nd ed., §3.1 and §2.1 for underflow);
- so |fl(w̃·x̃) − w·x| ≤ Σ|w̃_j|(γ_d|x̃_j| + ξ_j) + Σ E_j(|x̃_j| + ξ_j) + d·t/2 ≤ … + S, where
  S = Σ E_j·M_j with M_j = max over the samples of |x̃_j| + ξ_j.  Only S is kept (one number
  per dataset and rate, updated with the formula above), which keeps the loop cheap.
The bound is computed in float64 from non-negative terms.  Products that underflow there too
are covered where their loss would be scaled up later: every constant computed before the loop
gets t per product added wherever its exact value is not zero (:func:`raised`); what is lost
inside the loop is already in units of w·x.  So the computed bound is low by a relative γ_m at
most (m operations) and by at most t per operation; doubling it, plus an absolute allowance
per operation, keeps it an upper bound whenever m·u < 1/4.  A computed S is 0 only when every
weight that meets a non-zero feature is exact, which is what certifies an exact tie.

A step is a *near-tie* when |fl(w̃·x̃)| is not above the bound: only there can float64 and exact
arithmetic disagree on the sign of w·x (or on w·x = 0).  A step whose w·x overflowed (±inf or
NaN; an infinite weight always makes it so) has no finite bound: its bound is +inf, so it is a
near-tie too, and so is a step whose bound itself overflowed.
"""

from __future__ import annotations

import numpy as np

from .inputs import SUBNORMAL_SPACING, UNIT_ROUNDOFF, all_exact

#: An absolute allowance per operation, in units of w·x, for products that underflow there
#: (each loses at most t/2 = 2⁻¹⁰⁷⁵; the margin costs nothing).
UNDERFLOW = 2.0**-1000


def gamma(m: int) -> float:
    """γ_m = m·u/(1 − m·u), the relative error bound of m floating-point operations."""
    return m * UNIT_ROUNDOFF / (1 - m * UNIT_ROUNDOFF)


class ErrorModel:
    """The per-sample constants of the bound for a stack of datasets X̃ (b, n, d) with
    representation errors ξ (b, n, d)."""

    def __init__(self, X: np.ndarray, x_error: np.ndarray) -> None:
        d = X.shape[2]
        size = np.abs(X)
        features = X != 0
        # Inputs exact in float64 (ξ = 0 everywhere, the common case) skip the ξ terms: adding
        # 0.0 to a non-negative number changes nothing, so the numbers are the same.
        inexact = not all_exact(x_error)
        carries = features | (x_error != 0) if inexact else features  # exact |x_j| + ξ_j ≠ 0
        with np.errstate(over="ignore"):  # an M_j beyond float64 is +inf: its bounds are +inf
            reach = size + x_error if inexact else size
        self.M = reach.max(axis=1)  # (b, d)
        t = np.where(features, SUBNORMAL_SPACING, 0.0)  # raised(…, features), selected once
        # Weights for |w̃|: these give the dot-product term, M_j gives Σ|w̃_j|·M_j.
        self.dot_scales = gamma(d) * size + t
        # Per sample: Σ M_j(u|x̃_j| + ξ_j), Σ M_j(|x̃_j| + ξ_j) and t·Σ_{x̃_j ≠ 0} M_j, for the
        # update term (the last one for a product (η̃c)·x̃_j that underflows).
        rounding = UNIT_ROUNDOFF * size + t
        if inexact:
            self.dot_scales += x_error
            rounding += x_error
        self.carries = carries.any(axis=2)  # (b, n): some s_j > 0 in the sample
        row = self.carries
        with np.errstate(over="ignore", invalid="ignore"):  # an M_j = inf: NaN or inf, bound +inf
            self.rounding = raised(weighted_sums(self.M, rounding), row, d)
            self.representation = raised(weighted_sums(self.M, reach), row, d)
            met = weighted_sums(self.M, features.astype(np.float64))
        meets = features.any(axis=2) if inexact else row
        self.underflow = raised(SUBNORMAL_SPACING * met, meets)


def product_rate_error(etas: np.ndarray, eta_error: np.ndarray, exact: bool) -> np.ndarray:
    """ε_η for the updates' factor fl(η̃·c): ``eta_error`` when every η̃·c is exact (``exact``:
    each |c| the rule makes is a power of two), else ε_η + 3·(u·η̃ + t).

    fl(η̃c) = c·η̃' with |η̃' − η̃| ≤ u·η̃ + t/(2|c|), so the update is the one of the rate η̃'
    (|η̃' − η| ≤ ε_η + u·η̃ + t/2), whose η̃'·(u|x̃_j| + ξ_j) exceeds the η̃·(u|x̃_j| + ξ_j) that
    :func:`increments` counts by at most (u·η̃ + t)·(|x̃_j| + ξ_j): twice u·η̃ + t covers both.
    The third covers the rounding of this sum of non-negative terms (at most four operations,
    with ε_η ≤ u·η̃ + t as :func:`numeric.inputs.float_rates` gives it: low by at most a
    relative 4u·(4u·η̃ + 4t), far below u·η̃ + t)."""
    if exact:
        return eta_error
    return eta_error + 3.0 * (UNIT_ROUNDOFF * np.abs(etas) + SUBNORMAL_SPACING)


def initial_error(w0_error: np.ndarray, M: np.ndarray, e: int) -> np.ndarray:
    """S for w⁽⁰⁾: Σ E_j·M_j with E = the representation error of w⁽⁰⁾, (b, e)."""
    inexact = ((w0_error != 0) & (M != 0)).any(axis=1)
    start = raised(np.einsum("bd,bd->b", w0_error, M), inexact, M.shape[1])
    return np.repeat(start[:, None], e, axis=1)


def increments(
    rounding: np.ndarray,
    representation: np.ndarray,
    underflow: np.ndarray,
    etas: np.ndarray,
    eta_error: np.ndarray,
) -> np.ndarray:
    """What an update with |c| = 1 by sample s adds to S, apart from u·Σ|w̃_j|M_j, as
    (n, b, e) (one contiguous (b, e) block per sample), from the per-sample sums (b, n) of
    :class:`ErrorModel`; coefficient c adds |c| times it.  Element by element, so any slice
    of datasets gets the same numbers."""
    rounding, representation = rounding[:, None, :], representation[:, None, :]
    eta, eta_error = etas[None, :, None], eta_error[None, :, None]
    underflow = underflow[:, None, :]
    with np.errstate(over="ignore", invalid="ignore"):
        carried = np.where(eta_error > 0, eta_error * representation, 0.0)
        total = eta * rounding + carried + underflow
    exact_nonzero = (rounding > 0) | ((eta_error > 0) & (representation > 0)) | (underflow > 0)
    # An increment beyond float64 is kept at the largest float: S then reaches it and the
    # doubled bound is +inf, while 0·increment stays 0 for steps that do not update.
    bounded = np.minimum(raised(total, exact_nonzero, 2), np.finfo(np.float64).max)
    return np.ascontiguousarray(bounded.transpose(2, 0, 1))


def weighted_sums(M: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """Σ_j M_j·terms_j per dataset and sample, (b, n), added in the order j = 1 … d (as the
    compiled :func:`numeric.kernels.error_model` adds them, so both give the same numbers)."""
    if not terms.shape[2]:
        return np.zeros(terms.shape[:2])
    total = M[:, None, 0] * terms[:, :, 0]
    for j in range(1, terms.shape[2]):
        total += M[:, None, j] * terms[:, :, j]
    return total


def raised(value: np.ndarray, nonzero: np.ndarray, products: int = 1) -> np.ndarray:
    """``value``, computed from non-negative factors with ``products`` products per entry, plus
    t per product where its exact value is non-zero (``nonzero``): each product that underflows
    loses at most t/2, so the result is an upper bound up to relative rounding (which the final
    doubling covers), and it is 0 only where the exact value is 0."""
    return value + np.where(nonzero, products * SUBNORMAL_SPACING, 0.0)  # no subnormal product


def allowance(steps: int, d: int) -> float:
    """The absolute part of :func:`certified`: the underflow allowance of every operation of a
    run of ``steps`` steps with d features; raises OverflowError when the doubling argument
    (m·u < 1/4) does not hold."""
    operations = steps * (4 * d + 8) + d
    if operations * UNIT_ROUNDOFF >= 0.25:
        raise OverflowError(f"steps={steps!r} is too many to certify float64 ties")
    return operations * UNDERFLOW


def certified(raw_bound: np.ndarray, steps: int, d: int) -> np.ndarray:
    """Turn a bound computed in float64 into a guaranteed one (see the module docstring):
    2·raw + :func:`allowance`, the same two operations in every backend."""
    return 2.0 * raw_bound + allowance(steps, d)


def unbounded(z: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """The bound, +inf where w·x overflowed (z is ±inf or NaN) or the bound did (NaN)."""
    return np.where(np.isfinite(z) & ~np.isnan(bound), bound, np.inf)


def is_near_tie(z: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """True where |z| is not above the bound (NaN and infinities included)."""
    return ~(np.abs(z) > bound)

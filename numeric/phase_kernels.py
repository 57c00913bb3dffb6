"""Compiled loops of the exact η phase diagram (numba, optional: ``pip install etaproof[fast]``):
one step of its check (:func:`numeric.phase._follow_hulls`) and of its tracer
(:func:`numeric.eta_path._trace_eta_path`) over every branch or piece in one pass, where the
NumPy reference makes some fifty: :func:`end_signs` for both, then :func:`hull_decide` for the
check and :func:`piece_splits`, :func:`piece_moves` for the tracer.

They run on the float64 path only (every V, β and U an exact integer below 2⁵³), compute the
same certified signs as :func:`numeric.eta_path.certified_signs`, operation for operation,
and leave every sign float64 cannot show to the caller, which decides it in integers as the
reference does; so both give the same decisions, and the same diagram.  Importing this
module imports numba (:func:`numeric.backends.phase_kernels`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .eta_path import _UNIT_ROUNDOFF

EIGHT_U = 8 * _UNIT_ROUNDOFF

#: What :func:`hull_decide` found: nothing wrong, a branch whose decision changes inside its
#: hull, a branch that decides unlike the tree, a change recorded for a branch not alive.
HULL_OK, HULL_CHANGES, HULL_WRONG, HULL_OWNER = 0, 1, 2, 3


@njit(cache=True, nogil=True, inline="always")
def _certified(end: float, usable: bool, slope: float, offset: float, offset_bound: float) -> int:
    """sign(offset + end·slope) where float64 shows it, else 0 (as ``certified_signs``, with
    ``offset_bound`` = 8u·|offset|)."""
    term = end * slope
    z = term + offset
    bound = abs(term) * EIGHT_U + offset_bound
    if not usable:
        return 0
    if z > bound:
        return 1
    if z < -bound:
        return -1
    return 0


@njit(cache=True, nogil=True)
def end_signs(
    x: np.ndarray,
    W: np.ndarray,
    count: int,
    low_f: np.ndarray,
    low_ok: np.ndarray,
    high_f: np.ndarray,
    high_ok: np.ndarray,
    unfollowed: np.ndarray,
    offset: float,
    offset_sign: int,
    dot: np.ndarray,
    low_sign: np.ndarray,
    high_sign: np.ndarray,
    listed: np.ndarray,
) -> int:
    """dot = x·W for the first ``count`` pieces (the trace: W = V) or branches (the check:
    W = U), and the sign of offset + e·dot at both ends e of each where float64 shows it.  A
    high end the caller does not follow (``unfollowed``: ∞, or a point's, whose low end
    decides) gets dot's sign, or the offset's where dot = 0: the sign as η → ∞.  The signs
    float64 cannot show are listed for the caller to decide in integers, i for a low end
    and −1 − i for a high one; returns how many are listed."""
    d = x.shape[0]
    offset_bound = EIGHT_U * abs(offset)
    many = 0
    for i in range(count):
        v = 0.0
        for j in range(d):
            v += x[j] * W[j, i]
        dot[i] = v
        sign = _certified(low_f[i], low_ok[i], v, offset, offset_bound)
        low_sign[i] = sign
        if sign == 0:
            listed[many] = i
            many += 1
        if unfollowed[i]:
            high_sign[i] = 1 if v > 0 else (-1 if v < 0 else offset_sign)
            continue
        sign = _certified(high_f[i], high_ok[i], v, offset, offset_bound)
        high_sign[i] = sign
        if sign == 0:
            listed[many] = -1 - i
            many += 1
    return many


@njit(cache=True, nogil=True)
def hull_decide(
    alive: int,
    b: np.ndarray,
    low_sign: np.ndarray,
    high_sign: np.ndarray,
    a_sign: int,
    low_in: np.ndarray,
    high_in: np.ndarray,
    infinite: np.ndarray,
    codes: np.ndarray,
    coefficient: np.ndarray,
    parent: np.ndarray,
    owners: np.ndarray,
    owner_signs: np.ndarray,
    root_sign: int,
    x: np.ndarray,
    U: np.ndarray,
    per_epoch: np.ndarray,
    epoch: int,
    decided: np.ndarray,
    side: np.ndarray,
    marked: np.ndarray,
    owner_code: np.ndarray,
) -> tuple[int, int]:
    """The rest of a step of the check, as :func:`numeric.phase._follow_hulls` does it: each
    branch's decision just inside both ends of its hull (into ``decided``), which must agree
    and not change between them, and must be its parent's except where the tree records a
    change (``owners`` with their signs; the root's is ``root_sign``).  Returns (what was
    found, the first branch concerned); when nothing, each branch's updates are counted and
    its U moved (``per_epoch`` has a row per epoch).  ``marked`` (zeros) and ``owner_code``
    are scratch of every branch."""
    tie = codes[1]
    first_change = -1
    for i in range(alive):
        v = b[i]
        slope = 1 if v > 0 else (-1 if v < 0 else 0)
        low = low_sign[i]
        high = high_sign[i]
        if infinite[i]:
            high = slope if slope != 0 else a_sign
        if not (low_in[i] or low != 0):
            low = slope
        if not (high_in[i] or infinite[i] or high != 0):
            high = -slope
        code = codes[low + 1]
        decided[i] = code
        side[i] = low
        if first_change < 0 and (code != codes[high + 1] or (low * high < 0 and code != tie)):
            first_change = i
    if first_change >= 0:
        return HULL_CHANGES, first_change
    for t in range(owners.shape[0]):
        owner = owners[t]
        if owner < 0 or owner >= alive:
            return HULL_OWNER, owner
        marked[owner] = 1
        owner_code[owner] = codes[owner_signs[t] + 1]
    wrong = -1
    for i in range(alive):
        expected = owner_code[i] if marked[i] else decided[parent[i]]
        if i == 0:
            expected = codes[root_sign + 1]
        if wrong < 0 and decided[i] != expected:
            wrong = i
    for t in range(owners.shape[0]):
        marked[owners[t]] = 0
    if wrong >= 0:
        return HULL_WRONG, wrong
    d = x.shape[0]
    for i in range(alive):
        per_epoch[epoch, i] += decided[i] & 1
        move = coefficient[side[i] + 1]
        if move != 0:
            for j in range(d):
                U[j, i] += x[j] * move
    return HULL_OK, -1


@njit(cache=True, nogil=True)
def piece_splits(
    count: int,
    at_low: np.ndarray,
    at_high: np.ndarray,
    point: np.ndarray,
    low_included: np.ndarray,
    high_included: np.ndarray,
    code: np.ndarray,
    inside: np.ndarray,
    split: np.ndarray,
    low_leaves: np.ndarray,
    high_leaves: np.ndarray,
) -> tuple[int, int, int]:
    """With every sign known: a point's high end takes its low end's sign, each piece's sign
    ``inside``, and the pieces that split at a root inside them, whose included low end, or
    high end, leaves as a point (w·x = 0 there and the tie decides unlike the inside), as
    ``numeric.eta_path._split`` finds them.  Returns how many of each are listed."""
    tie = code[1]
    splits = lows = highs = 0
    for i in range(count):
        low = at_low[i]
        if point[i]:
            at_high[i] = low
        high = at_high[i]
        side = low if low != 0 else high
        inside[i] = side
        if low * high < 0 and not point[i]:
            split[splits] = i
            splits += 1
        if low == 0 and low_included[i] and code[side + 1] != tie:
            low_leaves[lows] = i
            lows += 1
        if high == 0 and high_included[i] and low != 0 and code[side + 1] != tie:
            high_leaves[highs] = i
            highs += 1
    return splits, lows, highs


@njit(cache=True, nogil=True)
def piece_moves(
    count: int,
    x: np.ndarray,
    V: np.ndarray,
    signs: np.ndarray,
    coefficient: np.ndarray,
    code: np.ndarray,
    parent: np.ndarray,
    differs: np.ndarray,
) -> int:
    """V += c·x for the first ``count`` pieces (c from each one's sign of w·x), and the pieces
    after the first that decide unlike their parent, listed in ``differs``; how many."""
    d = x.shape[0]
    listed = 0
    for i in range(count):
        sign = signs[i]
        move = coefficient[sign + 1]
        if move != 0:
            for j in range(d):
                V[j, i] += x[j] * move
        if i > 0 and code[sign + 1] != code[signs[parent[i]] + 1]:
            differs[listed] = i
            listed += 1
    return listed

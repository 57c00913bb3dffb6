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
    return int((z > bound) & usable) - int((z < -bound) & usable)  # selects, no branch


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
    and −1 − i for a high one; returns how many are listed.

    Three passes, each without a branch per piece, so that they vectorise: the dot products
    (a row of W at a time, each sum still over the features in order), the signs, and the
    listing of the zeros among them."""
    d = x.shape[0]
    offset_bound = EIGHT_U * abs(offset)
    for i in range(count):
        dot[i] = 0.0
    for j in range(d):
        xj = x[j]
        for i in range(count):
            dot[i] += xj * W[j, i]
    for i in range(count):
        v = dot[i]
        low_sign[i] = _certified(low_f[i], low_ok[i], v, offset, offset_bound)
        towards = 1 if v > 0 else (-1 if v < 0 else offset_sign)
        high = _certified(high_f[i], high_ok[i], v, offset, offset_bound)
        high_sign[i] = towards if unfollowed[i] else high
    many = 0
    for i in range(count):
        if low_sign[i] == 0:
            listed[many] = i
            many += 1
        if high_sign[i] == 0 and not unfollowed[i]:
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
    table = (codes[0], codes[1], codes[2])  # in registers: no store may change them
    ends = (b, low_sign, high_sign, a_sign, low_in, high_in, infinite)
    first_change = _inside(alive, ends, table, side)
    if first_change >= 0:
        return HULL_CHANGES, first_change
    for i in range(alive):
        decided[i] = _pick(table, side[i])
    for t in range(owners.shape[0]):
        owner = owners[t]
        if owner < 0 or owner >= alive:
            return HULL_OWNER, owner
        marked[owner] = 1
        owner_code[owner] = codes[owner_signs[t] + 1]
    wrong = decided[0] != codes[root_sign + 1]
    for i in range(1, alive):  # no branch per branch: the first wrong one is found below
        wrong |= decided[i] != (owner_code[i] if marked[i] else decided[parent[i]])
    first_wrong = -1
    if wrong:
        for i in range(alive):
            expected = owner_code[i] if marked[i] else decided[parent[i]]
            if decided[i] != (codes[root_sign + 1] if i == 0 else expected):
                first_wrong = i
                break
    for t in range(owners.shape[0]):
        marked[owners[t]] = 0
    if wrong:
        return HULL_WRONG, first_wrong
    counts = per_epoch[epoch]
    for i in range(alive):
        counts[i] += decided[i] & 1
    _move(x, U, side, coefficient, alive)
    return HULL_OK, -1


@njit(cache=True, nogil=True, inline="always")
def _inside(count, ends, table, side):
    """For each of the first ``count`` hulls (or final pieces), from ``ends`` (x·W, the signs
    at the low and high ends, the offset's sign, whether each end is included, whether the
    high end is ∞): the sign just inside its low end (into ``side``); returns the first whose
    decision (``table`` by sign) changes between its ends, or where the sign changes between
    them and the decision is not the tie's, or −1."""
    dot, low_sign, high_sign, a_sign, low_in, high_in, infinite = ends
    tie = table[1]
    changes = False
    for i in range(count):  # selects, no branch per hull, so that it vectorises
        low, high = _hull_ends(dot[i], low_sign[i], high_sign[i], a_sign, low_in[i],
                               high_in[i], infinite[i])  # fmt: skip
        side[i] = low
        ours = _pick(table, low)
        changes |= (ours != _pick(table, high)) | ((low * high < 0) & (ours != tie))
    if changes:  # found again, one by one: the first that changes
        for i in range(count):
            low, high = _hull_ends(dot[i], low_sign[i], high_sign[i], a_sign, low_in[i],
                                   high_in[i], infinite[i])  # fmt: skip
            ours = _pick(table, low)
            if ours != _pick(table, high) or (low * high < 0 and ours != tie):
                return i
    return -1


@njit(cache=True, nogil=True, inline="always")
def _hull_ends(v, low, high, a_sign, low_in, high_in, infinite):
    """A branch's sign just inside the low and the high end of its hull, from the signs at
    the ends (0: w·x = 0 there) and x·U = ``v``."""
    slope = (v > 0) - (v < 0)
    high = (slope if slope != 0 else a_sign) if infinite else high
    low = low if (low_in or low != 0) else slope
    high = high if (high_in or infinite or high != 0) else -slope
    return low, high


@njit(cache=True, nogil=True, inline="always")
def _pick(table, sign):
    """``table[sign + 1]`` of a tuple of three, for a sign in {−1, 0, 1}, by selects (a
    gather does not vectorise as well)."""
    return table[0] if sign < 0 else (table[1] if sign == 0 else table[2])


@njit(cache=True, nogil=True, inline="always")
def _move(x, W, signs, coefficient, count):
    """W += c·x for the first ``count`` columns, c = coefficient[sign + 1] from each one's
    sign; with c = 0 too (adding 0·x changes no exact integer), so that the rows vectorise,
    as the NumPy steps add."""
    moves = (float(coefficient[0]), float(coefficient[1]), float(coefficient[2]))
    for j in range(x.shape[0]):
        xj = x[j]
        row = W[j]
        for i in range(count):
            row[i] += xj * _pick(moves, signs[i])


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
    _move(x, V, signs, coefficient, count)
    table = (code[0], code[1], code[2])  # in registers: no store may change them
    listed = 0
    for i in range(1, count):  # often half of them differ: each is written, the count moves
        differs[listed] = i  # on where it does (no branch to mispredict; room for count)
        listed += _pick(table, signs[i]) != _pick(table, signs[parent[i]])
    return listed


@njit(cache=True, nogil=True)
def witness_errors(
    V: np.ndarray,
    features: np.ndarray,
    a: np.ndarray,
    a_ok: np.ndarray,
    eta: np.ndarray,
    eta_ok: np.ndarray,
    labels: tuple[int, int],
    y: np.ndarray,
    errors: np.ndarray,
    unsure: np.ndarray,
) -> None:
    """The final training errors at the witnesses, as :func:`numeric.phase._training_errors`
    computes them in NumPy: for phase p (``V[p]``, exact integers in float64) at the float
    ``eta[p]`` (η/D²) and sample s (``features[:, s]``, D·x), the sign of a_s + eta·(V·x)
    where an error bound of 8u shows it, the same operations in the same order.
    ``errors[p]`` counts the samples shown misclassified (ŷ = labels[1] where the sign is
    positive, else labels[0]); ``unsure[p]`` those float64 does not show, for the caller to
    decide."""
    d, n = features.shape
    low, high = labels
    along = np.empty(n)
    for p in range(V.shape[0]):
        e = eta[p]
        for s in range(n):
            along[s] = 0.0
        for j in range(d):  # exact integers: any order gives the same sum
            vj = V[p, j]
            for s in range(n):
                along[s] += vj * features[j, s]
        wrong = 0
        doubt = 0
        for s in range(n):  # selects, no branch per sample, so that it vectorises
            slope = e * along[s]
            z = slope + a[s]
            bound = EIGHT_U * (abs(a[s]) + abs(slope))
            sure = (abs(z) > bound) & eta_ok[p] & a_ok[s]
            predicted = high if z >= 0 else low
            wrong += sure & (predicted != y[s])
            doubt += not sure
        errors[p] = wrong
        unsure[p] = doubt


@njit(cache=True, nogil=True)
def piece_decide(
    count: int,
    ends: tuple,
    predict: tuple[int, int, int],
    label: int,
    side: np.ndarray,
    wrong: np.ndarray,
) -> int:
    """One sample's decision on each final piece of :func:`numeric.phase._check_final_pieces`,
    from ``ends`` as :func:`hull_decide` reads a hull's (:func:`_inside`): the prediction just
    inside both ends must agree (and, where the sign changes between them, be the tie's);
    ``wrong[i]`` counts it where it is not ``label``.  Returns the first piece where the
    decision changes inside it, or −1 (then it is counted).  ``side`` is scratch."""
    first_change = _inside(count, ends, predict, side)
    if first_change < 0:
        for i in range(count):
            wrong[i] += _pick(predict, side[i]) != label
    return first_change

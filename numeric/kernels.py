"""Compiled kernels (numba, optional: ``pip install etaproof[fast]``): the loops of
:mod:`numeric.floating` and :mod:`numeric.exact` (int64 path), operation for operation.

Each kernel runs tasks of one dataset × a block of :data:`RATE_BLOCK` rates, with the rates in
the innermost loop (contiguous, so it vectorises), on :func:`threads` threads (the kernels
release the GIL; a plain thread pool, which compiles in a third of the time numba's
``parallel=True`` takes);
every sum runs over the features in order 1 … d, as in the NumPy reference, and nothing is
fused or reassociated (numba's default, strict IEEE arithmetic), so both give the same float64
numbers.  Importing this module imports numba; :func:`available` tells whether it can be.
"""

from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numba import njit

from .inputs import SUBNORMAL_SPACING, UNIT_ROUNDOFF
from .progress import Progress
from .rules import rule_code

#: Rates per task: one block of the weights w[i, :, block] is a few KB.
RATE_BLOCK = 64

#: Work (rate × step × feature updates) and steps per kernel call.
CALL_WORK = 2**26
CALL_STEPS = 2**20

_FIRST_TIE_CAPACITY = 16

#: Entries of a task's table of per-sample increments (else they are computed per step).
TABLE_LIMIT = 2**16

#: Threads for one run: ETAPROOF_THREADS when set, else every core (per calling thread).
_DEFAULT_THREADS = int(os.environ.get("ETAPROOF_THREADS", "0")) or (os.cpu_count() or 1)
_SETTING = threading.local()

TWO_SUBNORMALS = 2 * SUBNORMAL_SPACING  # raised(…, products=2) in numeric.rounding
LARGEST = float(np.finfo(np.float64).max)


def threads(count: int | None = None) -> int:
    """The number of threads the kernels called from this thread use; with ``count``, set it
    first (1 in a worker of a pool, where the pool already uses every core)."""
    if count is not None:
        _SETTING.count = max(1, int(count))
    return getattr(_SETTING, "count", _DEFAULT_THREADS)


def _in_threads(kernel, tasks: int, *args) -> None:
    """``kernel(lo, hi, *args)`` over task ranges covering 0 … tasks − 1, on the threads."""
    count = min(threads(), tasks)
    if count <= 1:
        kernel(0, tasks, *args)
        return
    pieces = min(tasks, 4 * count)  # a few per thread, for balance
    bounds = [tasks * p // pieces for p in range(pieces + 1)]
    pool = _pool(count)
    ranges = itertools.pairwise(bounds)
    for done in [pool.submit(kernel, lo, hi, *args) for lo, hi in ranges]:
        done.result()


_POOLS: dict[int, ThreadPoolExecutor] = {}
os.register_at_fork(after_in_child=_POOLS.clear)  # a forked child has none of the threads


def _pool(count: int) -> ThreadPoolExecutor:
    """One long-lived pool per thread count (threads that only ever run kernels)."""
    if count not in _POOLS:
        _POOLS[count] = ThreadPoolExecutor(count, thread_name_prefix="etaproof-kernel")
    return _POOLS[count]


def _calls(steps: int, work_per_step: int, n: int) -> list[tuple[int, int]]:
    """Step ranges of about :data:`CALL_WORK` updates each, at least an epoch (n steps) and
    at most :data:`CALL_STEPS` steps: the progress bar moves between calls, and a call redone
    for want of room for near-ties redoes little.  (:func:`numeric.floating.run_float` takes
    datasets in chunks of about that much work, so most chunks are one call.)"""
    length = max(1, min(CALL_STEPS, max(n, CALL_WORK // max(1, work_per_step))))
    return [(k, min(steps, k + length)) for k in range(0, steps, length)]


def float_chunk(chunk, steps, w, S, out, kept, ties, progress: Progress) -> None:
    """:func:`numeric.floating._numpy_chunk`, compiled: same arguments, same effects."""
    code = rule_code(chunk.rule)
    assert code is not None, "checked when the backend was chosen"
    low, high, mistake = code
    b, _, d = chunk.X.shape
    e = chunk.etas.shape[0]
    tasks = b * -(-e // RATE_BLOCK)
    predictions, coefficients = (
        _or_empty(out["predictions"], 3, np.int8),
        _or_empty(out["coefficients"], 3, np.int8),
    )
    net, bounds = _or_empty(out["net_inputs"], 3, np.float64), _or_empty(out["bounds"], 3)
    snapshots = _or_empty(out["snapshots"], 4)
    zero_x = chunk.zero_x.view(np.uint8)
    data = (chunk.X, zero_x, chunk.y, chunk.dot_scales, chunk.M)
    rates = (chunk.etas, chunk.eta_error)
    model = (chunk.rounding, chunk.representation, chunk.underflow, chunk.allowance)
    rule = (low, high, mistake)
    outputs = (out["predictions"] is not None, predictions, coefficients,
               out["net_inputs"] is not None, net, bounds, kept, snapshots)  # fmt: skip
    capacity = _FIRST_TIE_CAPACITY
    for k0, k1 in _calls(steps, b * e * d, chunk.X.shape[1]):
        while True:  # retried with room for every near-tie when a task found more
            saved = (w.copy(), S.copy())
            counts = np.zeros(tasks, dtype=np.int64)
            found_k = np.empty((tasks, capacity), dtype=np.int64)
            found_r = np.empty((tasks, capacity), dtype=np.int64)
            found_z = np.empty((tasks, capacity))
            found_b = np.empty((tasks, capacity))
            found_p = np.empty((tasks, capacity), dtype=np.int8)
            found = (capacity, counts, found_k, found_r, found_z, found_b, found_p)
            _in_threads(_float_kernel, tasks, data, rates, model, rule, (k0, k1), (w, S), outputs,
                        found)  # fmt: skip
            if counts.max(initial=0) <= capacity:
                break
            w[...], S[...] = saved
            capacity = max(int(counts.max()), 2 * capacity)
        blocks = -(-e // RATE_BLOCK)
        for task in np.flatnonzero(counts):
            m = int(counts[task])
            datasets = np.full(m, task // blocks + chunk.offset)
            ties.append(
                (datasets, found_r[task, :m], found_k[task, :m], found_z[task, :m],
                 found_b[task, :m], found_p[task, :m])
            )  # fmt: skip
        progress.advance(b * e * (k1 - k0))


def _or_empty(array: np.ndarray | None, ndim: int, dtype=np.float64) -> np.ndarray:
    return np.empty((0,) * ndim, dtype=dtype) if array is None else array


@njit(cache=True, nogil=True)
def _float_kernel(task_lo, task_hi, data, rates, model, rule, span, state, outputs, found):
    """Tasks ``task_lo`` … ``task_hi`` − 1 of :func:`float_chunk` (its tuples: ``data`` (X,
    zero_x, y, dot_scales, M), ``rates`` (η̃, ε_η), ``model`` (rounding, representation,
    underflow, allowance), ``rule`` (low, high, mistake), ``span`` (k0, k1), ``state`` (w, S),
    ``outputs`` and ``found``); each task counts its near-ties in ``found[1]``."""
    e = rates[0].shape[0]
    blocks = (e + RATE_BLOCK - 1) // RATE_BLOCK
    for task in range(task_lo, task_hi):
        i = task // blocks
        r0 = (task - i * blocks) * RATE_BLOCK
        m = min(e, r0 + RATE_BLOCK) - r0
        found[1][task] = _float_task(task, i, r0, m, data, rates, model, rule, span, state,
                                     outputs, found)  # fmt: skip


@njit(cache=True, nogil=True, inline="always")
def _float_task(task, i, r0, m, data, rates, model, rule, span, state, outputs, found):
    """Steps k0 … k1 − 1 of dataset i for the rates r0 … r0 + m − 1, as
    :func:`numeric.floating._numpy_chunk` takes them; returns the number of near-ties."""
    X, zero_x, y, dot_scales, M = data
    rounding, representation, underflow, allowance = model
    k0, k1 = span
    n = X.shape[1]
    eta_error = rates[1][r0 : r0 + m]
    wl, Sl, eta = _load_block(state, rates[0], i, r0, m)
    first = k0 % n
    table, tabulated = _increment_table(eta, eta_error, rounding[i], representation[i],
                                        underflow[i], first, min(n, k1 - k0), m)  # fmt: skip
    z = np.empty(m)
    dot = np.empty(m)
    mass = np.empty(m)
    cf = np.empty(m)
    bound = np.empty(m)
    pl = np.empty(m, dtype=np.int64)
    close = np.empty(m, dtype=np.bool_)
    count = 0
    slot = np.searchsorted(outputs[6], k0 + 1)
    for k in range(k0, k1):
        s = k % n
        x = X[i, s]
        _net_inputs(wl, x, dot_scales[i, s], M[i], z, dot, mass)
        if k > 0:
            for q in range(m):
                Sl[q] += UNIT_ROUNDOFF * mass[q]
        near = _decide(z, dot, Sl, allowance, y[i, s], rule, bound, pl, cf, close)
        _record(outputs, i, k, r0, z, bound, pl, cf)
        if near:
            count = _near_ties(task, k, r0, wl, Sl, z, bound, pl, close, zero_x[i, s], found,
                               count)  # fmt: skip
        _update(wl, x, eta, cf)
        if tabulated:
            row = table[(s - first) % n]
        else:
            row = table[0]
            _increments(row, eta, eta_error, rounding[i, s], representation[i, s], underflow[i, s])
        for q in range(m):
            Sl[q] += abs(cf[q]) * row[q]
        slot = _snapshot(outputs, i, k, r0, wl, slot)
    _store_block(state, wl, Sl, i, r0)
    return count


@njit(cache=True, nogil=True, inline="always")
def _load_block(state, etas, i, r0, m):
    """The task's block of weights, error sums and rates, as contiguous local arrays."""
    w, S = state
    d = w.shape[1]
    wl = np.empty((d, m))
    for j in range(d):
        for q in range(m):
            wl[j, q] = w[i, j, r0 + q]
    Sl = np.empty(m)
    eta = np.empty(m)
    for q in range(m):
        Sl[q] = S[i, r0 + q]
        eta[q] = etas[r0 + q]
    return wl, Sl, eta


@njit(cache=True, nogil=True, inline="always")
def _store_block(state, wl, Sl, i, r0):
    """Write the task's block back into the weights and error sums."""
    w, S = state
    d, m = wl.shape
    for j in range(d):
        for q in range(m):
            w[i, j, r0 + q] = wl[j, q]
    for q in range(m):
        S[i, r0 + q] = Sl[q]


@njit(cache=True, nogil=True, inline="always")
def _increment_table(eta, eta_error, rounding, representation, underflow, first, rows, m):
    """What an update with |c| = 1 adds to S (ErrorModel.increments) for the ``rows`` samples
    from ``first`` on that the call visits, and True, when that table is small; else one row
    to compute each step's increments in, and False."""
    n = rounding.shape[0]
    if rows * m > TABLE_LIMIT:
        return np.empty((1, m)), False
    table = np.empty((rows, m))
    for t in range(rows):
        s = (first + t) % n
        _increments(table[t], eta, eta_error, rounding[s], representation[s], underflow[s])
    return table, True


@njit(cache=True, nogil=True, inline="always")
def _net_inputs(wl, x, scale, Mi, z, dot, mass):
    """z = w̃·x̃, and the two sums of the bound (Σ|w̃_j|·scale_j, Σ|w̃_j|·M_j), each over the
    features in order 1 … d, for every rate of the block."""
    d, m = wl.shape
    x0 = x[0]
    s0 = scale[0]
    m0 = Mi[0]
    for q in range(m):
        a = wl[0, q]
        z[q] = a * x0
        a = abs(a)
        dot[q] = a * s0
        mass[q] = a * m0
    for j in range(1, d):
        xj = x[j]
        sj = scale[j]
        mj = Mi[j]
        for q in range(m):
            a = wl[j, q]
            z[q] += a * xj
            a = abs(a)
            dot[q] += a * sj
            mass[q] += a * mj


@njit(cache=True, nogil=True, inline="always")
def _decide(z, dot, Sl, allowance, label, rule, bound, pl, cf, close):
    """The certified bound, the prediction, the coefficient c and whether it is a near-tie,
    per rate; returns the number of near-ties."""
    low, high, mistake = rule
    near = 0
    for q in range(z.shape[0]):  # branch-free, so that it vectorises
        zq = z[q]
        raw = 2.0 * (dot[q] + Sl[q]) + allowance
        bound[q] = raw if np.isfinite(zq) and not np.isnan(raw) else np.inf
        p = high if zq >= 0 else low
        pl[q] = p
        if mistake:
            cf[q] = label if label * zq <= 0 else 0
        else:
            cf[q] = label - p
        close[q] = not (abs(zq) > bound[q])
        near += close[q]
    return near


@njit(cache=True, nogil=True, inline="always")
def _record(outputs, i, k, r0, z, bound, pl, cf):
    """Keep step k's predictions and coefficients, and its w·x and bounds, as asked."""
    keep_predictions, predictions, coefficients, keep_all, net, bounds = outputs[:6]
    if keep_predictions:
        for q in range(z.shape[0]):
            predictions[i, k, r0 + q] = pl[q]
            coefficients[i, k, r0 + q] = cf[q]
    if keep_all:
        for q in range(z.shape[0]):
            net[i, k, r0 + q] = z[q]
            bounds[i, k, r0 + q] = bound[q]


@njit(cache=True, nogil=True, inline="always")
def _near_ties(task, k, r0, wl, Sl, z, bound, pl, close, zero_x, found, count):
    """Note step k's near-ties in ``found`` (as many as it has room for) but for certified
    exact ties; returns the task's count so far."""
    capacity, _, found_k, found_r, found_z, found_b, found_p = found
    for q in range(z.shape[0]):
        if not close[q] or _certified_tie(wl, q, z[q], Sl[q], zero_x):
            continue
        if count < capacity:
            found_k[task, count] = k
            found_r[task, count] = r0 + q
            found_z[task, count] = z[q]
            found_b[task, count] = bound[q]
            found_p[task, count] = pl[q]
        count += 1
    return count


@njit(cache=True, nogil=True, inline="always")
def _certified_tie(wl, q, zq, Sq, zero_x):
    """A computed 0 from exactly-zero terms (no weight error, and each w̃_j or exact x_j is 0):
    a certified tie, as in :func:`numeric.floating._numpy_chunk`."""
    if not (zq == 0 and Sq == 0):
        return False
    for j in range(wl.shape[0]):
        if not (wl[j, q] == 0 or zero_x[j]):
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _update(wl, x, eta, cf):
    """w ← w + (η̃·c)·x̃ for every rate of the block."""
    d, m = wl.shape
    for j in range(d):
        xj = x[j]
        for q in range(m):
            wl[j, q] += (eta[q] * cf[q]) * xj


@njit(cache=True, nogil=True, inline="always")
def _snapshot(outputs, i, k, r0, wl, slot):
    """Keep w⁽ᵏ⁺¹⁾ when k + 1 is the next kept step; returns the next slot."""
    kept, snapshots = outputs[6], outputs[7]
    if slot < kept.shape[0] and kept[slot] == k + 1:
        d, m = wl.shape
        for j in range(d):
            for q in range(m):
                snapshots[i, slot, j, r0 + q] = wl[j, q]
        slot += 1
    return slot


@njit(cache=True, nogil=True, inline="always")
def _increments(out, eta, eta_error, rounded, represented, lost):
    """ErrorModel.increments for one sample and a block of rates: the same operations in the
    same order (the 2t of ``raised`` where the exact increment is not zero, then the clamp
    to the largest float)."""
    for q in range(out.shape[0]):
        error = eta_error[q]
        carried = error * represented if error > 0 else 0.0
        total = eta[q] * rounded + carried + lost
        if rounded > 0 or (error > 0 and represented > 0) or lost > 0:
            total = total + TWO_SUBNORMALS
        else:
            total = total + 0.0
        out[q] = LARGEST if total > LARGEST else total


def int64_chunk(Xi, y, offsets, alpha, beta, rule, steps, V, out, kept, progress) -> None:
    """The exact int64 loop of :mod:`numeric.exact`, compiled; ``V`` is (b, d, e) int64."""
    code = rule_code(rule)
    assert code is not None, "checked when the backend was chosen"
    low, high, mistake = code
    b, _, d = Xi.shape
    e = alpha.shape[1]
    predictions = _or_empty(out["predictions"], 3, np.int8)
    coefficients = _or_empty(out["coefficients"], 3, np.int8)
    net = _or_empty(out["net_inputs"], 3, np.int64)
    snapshots = _or_empty(out["snapshots"], 4, np.int64)
    for k0, k1 in _calls(steps, b * e * d, Xi.shape[1]):
        _in_threads(
            _int64_kernel,
            b * -(-e // RATE_BLOCK),
            Xi, y, offsets, alpha, beta, low, high, mistake, k0, k1, V,
            out["predictions"] is not None, predictions, coefficients,
            out["net_inputs"] is not None, net, kept, snapshots,
        )  # fmt: skip
        progress.advance(b * e * (k1 - k0))


@njit(cache=True, nogil=True)
def _int64_kernel(
    task_lo, task_hi, Xi, y, offsets, alpha, beta, low, high, mistake, k0, k1, V,
    keep_predictions, predictions, coefficients, keep_all, net, kept, snapshots,
):  # fmt: skip
    n, d = Xi.shape[1:]
    e = alpha.shape[1]
    blocks = (e + RATE_BLOCK - 1) // RATE_BLOCK
    for task in range(task_lo, task_hi):
        i = task // blocks
        r0 = (task - i * blocks) * RATE_BLOCK
        m = min(e, r0 + RATE_BLOCK) - r0
        Vl = np.empty((d, m), dtype=np.int64)
        for j in range(d):
            for q in range(m):
                Vl[j, q] = V[i, j, r0 + q]
        a = np.empty(m, dtype=np.int64)
        c_ = np.empty(m, dtype=np.int64)
        for q in range(m):
            a[q] = alpha[i, r0 + q]
            c_[q] = beta[i, r0 + q]
        along = np.empty(m, dtype=np.int64)
        total = np.empty(m, dtype=np.int64)
        pl = np.empty(m, dtype=np.int64)
        cs = np.empty(m, dtype=np.int64)
        slot = np.searchsorted(kept, k0 + 1)
        for k in range(k0, k1):
            s = k % n
            x = Xi[i, s]
            x0 = x[0]
            for q in range(m):
                along[q] = Vl[0, q] * x0
            for j in range(1, d):
                xj = x[j]
                for q in range(m):
                    along[q] += Vl[j, q] * xj
            label = y[i, s]
            offset = offsets[i, s]
            for q in range(m):
                t = a[q] * offset + c_[q] * along[q]
                total[q] = t
                p = high if t >= 0 else low
                pl[q] = p
                if mistake:
                    cs[q] = label if label * t <= 0 else 0
                else:
                    cs[q] = label - p
            if keep_predictions:
                for q in range(m):
                    predictions[i, k, r0 + q] = pl[q]
                    coefficients[i, k, r0 + q] = cs[q]
            if keep_all:
                for q in range(m):
                    net[i, k, r0 + q] = total[q]
            for j in range(d):
                xj = x[j]
                for q in range(m):
                    Vl[j, q] += cs[q] * xj
            if slot < kept.shape[0] and kept[slot] == k + 1:
                for j in range(d):
                    for q in range(m):
                        snapshots[i, slot, j, r0 + q] = Vl[j, q]
                slot += 1
        for j in range(d):
            for q in range(m):
                V[i, j, r0 + q] = Vl[j, q]

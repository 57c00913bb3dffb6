"""Compiled kernels (numba, optional: ``pip install etaproof[fast]``): the loops of
:mod:`numeric.floating` and :mod:`numeric.exact` (the int64 path, and the Python-integer path
as int64 limbs: :func:`wide_chunk`), operation for operation.

The float64 kernel keeps one running sum per feature and rate (w·x) and two numbers per rate
for the certified bound (S and U, :mod:`numeric.floating`); it gathers its near-ties itself.
:func:`error_model` computes the bound's per-sample constants, as
:class:`numeric.rounding.ErrorModel` does, in one pass.

Each kernel runs tasks of one dataset × a block of :data:`RATE_BLOCK` rates, with the rates in
the innermost loop (contiguous, so it vectorises), on :func:`threads` threads (the kernels
release the GIL; a plain thread pool, which compiles in a third of the time numba's
``parallel=True`` takes);
every sum runs over the features in order 1 … d, as in the NumPy reference, and nothing is
fused or reassociated (numba's default, strict IEEE arithmetic), so both give the same float64
numbers.  Importing this module imports numba; :func:`numeric.backends.kernels_available`
tells whether it can be.
"""

from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np
from numba import njit

from .floating import TieList, tie_key
from .inputs import SUBNORMAL_SPACING, UNIT_ROUNDOFF
from .progress import Progress
from .rules import rule_code

#: Rates per task: one block of the weights w[i, :, block] is a few KB (at most 64: one bit
#: per rate of a block in :func:`_note_ties`).
RATE_BLOCK = 64

#: Work (rate × step × feature updates) and steps per kernel call.
CALL_WORK = 2**26
CALL_STEPS = 2**20

#: Near-ties a piece of tasks has room for at first (at least RATE_BLOCK; doubled when full).
SCRATCH_TIES = 4096

#: Entries of a task's table of per-sample increments (else they are computed per step).
TABLE_LIMIT = 2**16

#: Threads for one run: ETAPROOF_THREADS when set, else every core (per calling thread).
_DEFAULT_THREADS = int(os.environ.get("ETAPROOF_THREADS", "0")) or (os.cpu_count() or 1)
_SETTING = threading.local()

TWO_SUBNORMALS = 2 * SUBNORMAL_SPACING  # raised(…, products=2) in numeric.rounding
LARGEST = float(np.finfo(np.float64).max)
INFINITY_BITS = int(np.array([np.inf]).view(np.int64)[0])  # +inf's bits, as an int64


def threads(count: int | None = None) -> int:
    """The number of threads the kernels called from this thread use; with ``count``, set it
    first (1 in a worker of a pool, where the pool already uses every core)."""
    if count is not None:
        _SETTING.count = max(1, int(count))
    return getattr(_SETTING, "count", _DEFAULT_THREADS)


def _in_threads(kernel, tasks: int, *args) -> list:
    """``kernel(lo, hi, *args)`` over task ranges covering 0 … tasks − 1, on the threads;
    returns what each call returned, in the order of the ranges."""
    count = min(threads(), tasks)
    if count <= 1:
        return [kernel(0, tasks, *args)]
    pieces = min(tasks, 4 * count)  # a few per thread, for balance
    bounds = [tasks * p // pieces for p in range(pieces + 1)]
    return _on_pool([(kernel, lo, hi, *args) for lo, hi in itertools.pairwise(bounds)])


def _on_pool(calls: list[tuple]) -> list:
    """``function(*args)`` for each ``(function, *args)`` of ``calls``, on the threads: the
    calling thread and up to :func:`threads` − 1 threads of the pool (made for
    :func:`threads` threads, however few the calls) take the calls in turn, each the next one
    not yet taken, until none is left; what each returned, in order.  Waking a pool thread
    costs 20–100 µs here (a tenth of a small run), so the caller works rather than waits,
    and one wake-up per thread serves all its calls."""
    count = min(threads(), len(calls))
    if count <= 1:
        return [function(*args) for function, *args in calls]
    results: list = [None] * len(calls)
    untaken = iter(range(len(calls)))  # shared: next() on it is atomic under the GIL

    def take_calls() -> None:
        for index in untaken:
            function, *args = calls[index]
            results[index] = function(*args)

    helpers = [_pool(threads()).submit(take_calls) for _ in range(count - 1)]
    try:
        take_calls()
    finally:  # no helper left writing into the arrays once this returns or raises
        wait(helpers)
    for helper in helpers:
        helper.result()  # a helper's exception, raised here
    return results


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()
os.register_at_fork(after_in_child=_POOLS.clear)  # a forked child has none of the threads


def _pool(count: int) -> ThreadPoolExecutor:
    """One long-lived pool per thread count (threads that only ever run kernels), made once
    even when two threads ask at the same time."""
    with _POOLS_LOCK:
        if count not in _POOLS:
            _POOLS[count] = ThreadPoolExecutor(count, thread_name_prefix="etaproof-kernel")
        return _POOLS[count]


def _calls(steps: int, work_per_step: int, n: int) -> list[tuple[int, int]]:
    """Step ranges of about :data:`CALL_WORK` updates each, at least an epoch (n steps) and
    at most :data:`CALL_STEPS` steps, so that the progress bar moves between calls.
    (:func:`numeric.floating.run_float` takes
    datasets in chunks of about that much work, so most chunks are one call.)"""
    length = max(1, min(CALL_STEPS, max(n, CALL_WORK // max(1, work_per_step))))
    return [(k, min(steps, k + length)) for k in range(0, steps, length)]


def float_chunk(chunk, steps, state, out, kept, ties, progress: Progress) -> None:
    """:func:`numeric.floating._numpy_chunk`, compiled: same arguments, same effects.  Each
    piece of tasks gathers its own near-ties (growing its buffers in the kernel), so a call
    never has to be redone for want of room."""
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
    data = (chunk.X, chunk.zero_x.view(np.uint8), chunk.y)
    rates = (chunk.etas, chunk.eta_error)
    model = (chunk.ratios, chunk.rounding, chunk.representation, chunk.underflow,
             chunk.allowance)  # fmt: skip
    rule = (low, high, mistake)
    outputs = (out["predictions"] is not None, predictions, coefficients,
               out["net_inputs"] is not None, net, bounds, kept, snapshots)  # fmt: skip
    for k0, k1 in _calls(steps, b * e * d, chunk.X.shape[1]):
        pieces = _in_threads(_float_kernel, tasks, data, rates, model, rule, (k0, k1), state,
                             outputs)  # fmt: skip
        found = _near_ties(pieces, -(-e // RATE_BLOCK), e, (low, high), chunk.offset)
        if found is not None:
            ties.append(found)
        progress.advance(b * e * (k1 - k0))


def _near_ties(
    pieces: list, blocks: int, e: int, labels: tuple[int, int], offset: int
) -> TieList | None:
    """One call's near-ties as a :class:`numeric.floating.TieList` (datasets counted from
    ``offset``), or None when there are none.  Each piece of tasks writes its own entries
    (:func:`_expand`, on the threads); they are checked, near-tie by near-tie as the kernel
    noted them and where pieces meet, to be in (dataset, rate, step) order, each once."""
    total = sum(int(piece[1][-1]) for piece in pieces)
    if not total:
        return None
    columns = (np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64),
               np.empty(total, dtype=np.int64), np.empty(total), np.empty(total),
               np.empty(total, dtype=np.int8))  # fmt: skip
    calls, at = [], 0
    for task_lo, starts, *found in pieces:  # each piece's entries at their place
        if starts[-1]:
            calls.append((_expand, task_lo, starts, tuple(found), blocks, e, labels, offset,
                          columns, at))  # fmt: skip
            at += int(starts[-1])
    in_order = all(_on_pool(calls))
    in_order &= all(tie_key(columns, c[-1] - 1) < tie_key(columns, c[-1]) for c in calls[1:])
    if not in_order:  # the kernel writes them in order: a bug, not to be sorted away
        raise AssertionError("the kernel's near-ties are not in (dataset, rate, step) order")
    return TieList(*columns)


def error_model(X: np.ndarray, x_error: np.ndarray, gamma_d: float) -> tuple[np.ndarray, ...]:
    """The per-sample constants of the bound, compiled: (M (b, d), ρ (b, n), rounding,
    representation, underflow (b, n), zero_x (b, n, d) bool), the numbers of
    :class:`numeric.rounding.ErrorModel` and :func:`numeric.floating.dot_ratios` operation for
    operation, in one pass over X instead of NumPy's dozen.  X has a sample and a feature, and
    every ξ is ≥ 0 (so is every quotient s_j/M_j, whose bits then order as the floats do)."""
    b, n, d = X.shape
    M = np.empty((b, d))
    per_sample = tuple(np.empty((b, n)) for _ in range(4))
    zero_x = np.empty((b, n, d), dtype=np.bool_)
    _in_threads(_model_kernel, b, X, x_error, gamma_d, M, per_sample, zero_x)
    return (M, *per_sample, zero_x)


@njit(cache=True, nogil=True)
def _model_kernel(lo, hi, X, x_error, gamma_d, M, per_sample, zero_x):  # pragma: no cover
    """Datasets lo … hi − 1 of :func:`error_model`.  Each dataset is copied feature by feature
    so that the loops over its samples run along contiguous rows (and vectorise); every sum
    still runs over the features in order (:func:`numeric.rounding.weighted_sums`), a maximum
    is NaN once it meets a NaN, as NumPy's, and where ξ_j = 0 the ξ terms add 0.0 to
    non-negative numbers, which changes none of them."""
    ratios, rounding, representation, underflow = per_sample
    n, d = X.shape[1:]
    raise_row = d * SUBNORMAL_SPACING
    xs, errors = np.empty((d, n)), np.empty((d, n))
    rounded, represented, met, quotient = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    bits = quotient.view(np.int64)
    carries, meets = np.empty(n, dtype=np.bool_), np.empty(n, dtype=np.bool_)
    reaches = np.empty(d)
    for i in range(lo, hi):
        for j in range(d):
            reaches[j] = abs(X[i, 0, j]) + x_error[i, 0, j]
        for s in range(n):  # M_j in the same pass: d running maxima, each its own chain
            for j in range(d):
                x, error = X[i, s, j], x_error[i, s, j]
                xs[j, s], errors[j, s] = x, error
                zero_x[i, s, j] = (x == 0) & (error == 0)
                reach = abs(x) + error
                most = reaches[j]
                reaches[j] = reach if ((reach > most) | (reach != reach)) else most
        for j in range(d):
            M[i, j] = reaches[j]
        for j in range(d):
            Mj = M[i, j]
            divisor = Mj if Mj > 0 else 1.0
            if j == 0:
                for s in range(n):
                    terms = _model_terms(xs[0, s], errors[0, s], Mj, divisor, gamma_d)
                    rounded[s], represented[s], met[s], quotient[s] = terms[:4]
                    carries[s], meets[s] = terms[4], terms[5]
                continue
            for s in range(n):
                r, p, f, q, carried, feature = _model_terms(xs[j, s], errors[j, s], Mj, divisor,
                                                            gamma_d)  # fmt: skip
                rounded[s] += r
                represented[s] += p
                met[s] += f
                largest = quotient[s]
                quotient[s] = q if (q > largest or q != q) else largest
                carries[s] |= carried
                meets[s] |= feature
        for s in range(n):
            q = quotient[s]
            if q == q and q < np.inf:  # ρ two floats up: nextafter twice, on the bits
                bits[s] = min(bits[s] + 2, INFINITY_BITS)
            rounding[i, s] = rounded[s] + (raise_row if carries[s] else 0.0)
            representation[i, s] = represented[s] + (raise_row if carries[s] else 0.0)
            underflow[i, s] = SUBNORMAL_SPACING * met[s] + (SUBNORMAL_SPACING if meets[s] else 0.0)
            ratios[i, s] = quotient[s] if carries[s] else 0.0


@njit(cache=True, nogil=True, inline="always")
def _model_terms(x, error, Mj, divisor, gamma_d):
    """One feature's share of a sample's constants: M_j(u|x̃_j| + t + ξ_j), M_j(|x̃_j| + ξ_j),
    M_j·[x̃_j ≠ 0], the quotient s_j/M_j (+inf where s_j > 0 meets M_j = 0), whether
    |x_j| + ξ_j ≠ 0 and whether x̃_j ≠ 0, as :class:`numeric.rounding.ErrorModel` computes
    them."""
    size = abs(x)
    feature = x != 0
    t = SUBNORMAL_SPACING if feature else 0.0
    scale = (gamma_d * size + t) + error
    quotient = scale / divisor
    quotient = np.inf if (Mj == 0) & (scale > 0) else quotient
    return (
        Mj * ((UNIT_ROUNDOFF * size + t) + error),
        Mj * (size + error),
        Mj * (1.0 if feature else 0.0),
        quotient,
        feature | (error != 0),
        feature,
    )


def _or_empty(array: np.ndarray | None, ndim: int, dtype=np.float64) -> np.ndarray:
    return np.empty((0,) * ndim, dtype=dtype) if array is None else array


@njit(cache=True, nogil=True)
def _float_kernel(task_lo, task_hi, data, rates, model, rule, span, state, outputs):
    """Tasks ``task_lo`` … ``task_hi`` − 1 of :func:`float_chunk` (its tuples: ``data`` (X,
    zero_x, y), ``rates`` (η̃, ε_η), ``model`` (ρ, rounding, representation, underflow,
    allowance), ``rule`` (low, high, mistake), ``span`` (k0, k1), ``state`` (w, S, U) and
    ``outputs``); returns ``task_lo``, where each task's near-ties start (``starts[t]``; the
    last entry, their count) and the near-ties as :func:`_note_ties` notes them (step, rate
    in the block, w·x, bound).

    A task pauses when the buffers may not have room for another step's near-ties; they
    grow and it resumes, so the hot loop never reallocates."""
    e = rates[0].shape[0]
    blocks = (e + RATE_BLOCK - 1) // RATE_BLOCK
    found = _tie_buffer(SCRATCH_TIES)
    starts = np.empty(task_hi - task_lo + 1, dtype=np.int64)
    values = 0
    for task in range(task_lo, task_hi):
        i = task // blocks
        r0 = (task - i * blocks) * RATE_BLOCK
        m = min(e, r0 + RATE_BLOCK) - r0
        starts[task - task_lo] = values
        k = span[0]
        while k < span[1]:
            if values + m > found[0].shape[0]:
                found = _grown(found, values)
            k, values = _float_task(i, r0, m, (k, span[1]), data, rates, model, rule, state,
                                    outputs, found, values)  # fmt: skip
    starts[task_hi - task_lo] = values
    return task_lo, starts, found[0], found[1], found[2], found[3]


@njit(cache=True, nogil=True, inline="always")
def _tie_buffer(capacity):
    """Room for ``capacity`` near-ties: the step, the rate within the task's block, w·x and
    the bound of each."""
    return (
        np.empty(capacity, dtype=np.int64),
        np.empty(capacity, dtype=np.uint8),
        np.empty(capacity),
        np.empty(capacity),
    )


@njit(cache=True, nogil=True)
def _grown(found, values):
    """The near-tie buffers with twice the room, the first ``values`` kept."""
    bigger = _tie_buffer(2 * found[0].shape[0])
    bigger[0][:values] = found[0][:values]
    bigger[1][:values] = found[1][:values]
    bigger[2][:values] = found[2][:values]
    bigger[3][:values] = found[3][:values]
    return bigger


@njit(cache=True, nogil=True)
def _expand(task_lo, starts, found, blocks, e, labels, offset, columns, at):
    """Write the near-ties of one piece of tasks (as :func:`_float_kernel` returns them) into
    the columns of :class:`numeric.floating.TieList` from entry ``at`` on, each task's by rate
    (a counting sort: each rate's in step order), with datasets counted from ``offset`` and ŷ
    told from the sign of w·x as :func:`_decide` tells it.  Returns whether the kernel noted
    them in (step, rate) order, each once (checked one by one, without a branch: the key
    step·256 + rate must grow), so that the entries written are in (dataset, rate, step)
    order; a rate outside its block is an error."""
    steps, block_rates, net, bounds = found
    datasets, rates, kept_steps, kept_net, kept_bounds, predicted = columns
    low, high = labels
    ends = np.empty(257, dtype=np.int64)  # a count for any uint8 rate: never out of bounds
    most = 0
    for t in range(starts.shape[0] - 1):
        most = max(most, starts[t + 1] - starts[t])
    order = np.empty(most, dtype=np.int64)  # a task's near-ties by rate, then step
    in_order = True
    for t in range(starts.shape[0] - 1):
        task = task_lo + t
        i = task // blocks
        r0 = (task - i * blocks) * RATE_BLOCK
        m = min(e, r0 + RATE_BLOCK) - r0
        first, last = starts[t], starts[t + 1]
        ends[:] = 0
        before = np.int64(-1)
        for v in range(first, last):  # count each rate's, checking the order they came in
            q = np.int64(block_rates[v])
            ends[q + 1] += 1
            key = steps[v] * 256 + q
            in_order &= key > before
            before = key
        if ends[m + 1 :].any():
            raise AssertionError("a near-tie's rate is outside its task's block")
        for q in range(1, m + 1):  # ends[q]: where rate q's entries start
            ends[q] += ends[q - 1]
        for v in range(first, last):  # … each placed after its rate's last (stable) …
            q = block_rates[v]
            order[ends[q]] = v
            ends[q] += 1
        dataset = i + offset
        for j in range(last - first):  # … and written in that order, one entry after another
            v = order[j]
            z = net[v]
            to = at + first + j
            datasets[to] = dataset
            rates[to] = r0 + block_rates[v]
            kept_steps[to] = steps[v]
            kept_net[to] = z
            kept_bounds[to] = bounds[v]
            predicted[to] = high if z >= 0 else low
    return in_order


@njit(cache=True, nogil=True, inline="always")
def _float_task(i, r0, m, span, data, rates, model, rule, state, outputs, found, values):
    """Steps k0 … k1 − 1 of dataset i for the rates r0 … r0 + m − 1, as
    :func:`numeric.floating._numpy_chunk` takes them, noting near-ties in ``found`` after the
    first ``values``; stops early when it may not have room for another step's.  Returns the
    next step and the new count."""
    X, zero_x, y = data
    ratios, rounding, representation, underflow, allowance = model
    k0, k1 = span
    n = X.shape[1]
    eta_error = rates[1][r0 : r0 + m]
    wl, Sl, Ul, eta = _load_block(state, rates[0], i, r0, m)
    first = k0 % n
    table, tabulated = _increment_table(eta, eta_error, rounding[i], representation[i],
                                        underflow[i], first, min(n, k1 - k0), m)  # fmt: skip
    z = np.empty(m)
    cf = np.empty(m)
    ci = np.empty(m, dtype=np.int8)  # c and ŷ as stored: int8 copies, no conversion per store
    bound = np.empty(m)
    pl = np.empty(m, dtype=np.int8)
    kept = outputs[6]
    kept_count = kept.shape[0]
    slot = np.searchsorted(kept, k0 + 1)
    room = found[0].shape[0] - m
    k = k0
    while k < k1 and values <= room:
        s = k % n
        x = X[i, s]
        _net_inputs(wl, x, z)
        if outputs[0]:  # ŷ and c go straight to the kept rows, else to the scratch rows
            predicted, coefficient = outputs[1][i, k, r0 : r0 + m], outputs[2][i, k, r0 : r0 + m]
        else:
            predicted, coefficient = pl[:], ci[:]
        near, moved = _decide(z, Sl, Ul, ratios[i, s], allowance, y[i, s], rule, bound,
                              predicted, cf, coefficient)  # fmt: skip
        if outputs[3]:
            _record_net_inputs(outputs[4], outputs[5], i, k, r0, z, bound)
        if near:  # a third of the steps on tie-heavy data; inlined, it costs less
            values = _note_ties(found, values, k, wl, Sl, z, bound, zero_x[i, s])
        if moved:  # adding ±0 changes no weight but the sign of a zero: skipped
            _update(wl, x, eta, cf)
        if tabulated:
            row = table[(s - first) % n]
        else:
            row = table[0]  # a table too large: one row per step, out of line
            _increments_out_of_line(row, eta, eta_error, rounding[i, s], representation[i, s],
                                    underflow[i, s])  # fmt: skip
        if moved:
            _grow_bounds(Ul, Sl, eta, cf, row, representation[i, s], underflow[i, s])
        if slot < kept_count and kept[slot] == k + 1:  # rare: out of line
            _snapshot(outputs[7], i, slot, r0, wl)
            slot += 1
        k += 1
    _store_block(state, wl, Sl, Ul, i, r0)
    return k, values


@njit(cache=True, nogil=True, inline="always")
def _load_block(state, etas, i, r0, m):
    """The task's block of weights, error sums, size bounds and rates, as local arrays."""
    w, S, U = state
    d = w.shape[1]
    wl = np.empty((d, m))
    for j in range(d):
        for q in range(m):
            wl[j, q] = w[i, j, r0 + q]
    Sl = np.empty(m)
    Ul = np.empty(m)
    eta = np.empty(m)
    for q in range(m):
        Sl[q] = S[i, r0 + q]
        Ul[q] = U[i, r0 + q]
        eta[q] = etas[r0 + q]
    return wl, Sl, Ul, eta


@njit(cache=True, nogil=True, inline="always")
def _store_block(state, wl, Sl, Ul, i, r0):
    """Write the task's block back into the weights, error sums and size bounds."""
    w, S, U = state
    d, m = wl.shape
    for j in range(d):
        for q in range(m):
            w[i, j, r0 + q] = wl[j, q]
    for q in range(m):
        S[i, r0 + q] = Sl[q]
        U[i, r0 + q] = Ul[q]


@njit(cache=True, nogil=True, inline="always")
def _increment_table(eta, eta_error, rounding, representation, underflow, first, rows, m):
    """What an update with |c| = 1 adds to S (:func:`numeric.rounding.increments`) for the
    ``rows`` samples from ``first`` on that the call visits, and True, when that table is
    small; else one row to compute each step's increments in, and False."""
    n = rounding.shape[0]
    if rows * m > TABLE_LIMIT:
        return np.empty((1, m)), False
    table = np.empty((rows, m))
    for t in range(rows):
        s = (first + t) % n
        _increments(table[t], eta, eta_error, rounding[s], representation[s], underflow[s])
    return table, True


@njit(cache=True, nogil=True, inline="always")
def _net_inputs(wl, x, z):
    """z = w̃·x̃ over the features in order 1 … d, for every rate of the block (the only
    sum per feature: the bound needs none)."""
    d, m = wl.shape
    x0 = x[0]
    for q in range(m):
        z[q] = wl[0, q] * x0
    for j in range(1, d):
        xj = x[j]
        for q in range(m):
            z[q] += wl[j, q] * xj


@njit(cache=True, nogil=True, inline="always")
def _decide(z, Sl, Ul, ratio, allowance, label, rule, bound, pl, cf, ci):
    """The certified bound 2·(ρ_s·U + S) + allowance, the prediction ŷ (into ``pl``), the
    coefficient c (into ``cf`` and ``ci``), per rate; returns the number of near-ties and
    whether some rate moves (an integer "or", so that the loop vectorises).  Nothing else is
    stored per rate: :func:`_note_ties` tells the near-ties again from z and the bound."""
    low, high, mistake = rule
    scale = ratio if ratio > 0 else 0.0  # no product error where every s_j = 0 …
    near = 0
    moved = 0
    for q in range(z.shape[0]):  # selects, no branches: rates may decide apart at a near-tie
        zq = z[q]
        size = scale * Ul[q] if ratio > 0 else 0.0  # … (and +inf·0 must not give NaN)
        raw = 2.0 * (size + Sl[q]) + allowance
        finite = (abs(zq) < np.inf) & (raw == raw)
        bound[q] = raw if finite else np.inf
        p = high if zq >= 0 else low
        pl[q] = p
        wrong = label if label * zq <= 0 else 0
        c = wrong if mistake else label - p
        cf[q] = c
        ci[q] = c
        near += not (abs(zq) > bound[q])
        moved |= c != 0
    return near, moved


@njit(cache=True, nogil=True)
def _record_net_inputs(net, bounds, i, k, r0, z, bound):
    """Keep step k's w·x and bounds (``keep="all"``; ŷ and c are written by :func:`_decide`)."""
    net_row, bound_row = net[i, k, r0 : r0 + z.shape[0]], bounds[i, k, r0 : r0 + z.shape[0]]
    for q in range(z.shape[0]):
        net_row[q] = z[q]
        bound_row[q] = bound[q]


@njit(cache=True, nogil=True, inline="always")
def _certified_tie(wl, q, zq, Sq, bq, zero_x):
    """A computed 0 from exactly-zero terms (no weight error, and each w̃_j or exact x_j is 0)
    under a finite bound: a certified tie, as in :func:`numeric.floating._numpy_chunk` (an
    infinite bound is always a near-tie)."""
    if not (zq == 0 and Sq == 0 and bq < np.inf):
        return False
    for j in range(wl.shape[0]):
        if not (wl[j, q] == 0 or zero_x[j]):
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _update(wl, x, eta, cf):
    """w ← w + (η̃·c)·x̃ for every rate of the block (called when some rate moves)."""
    d, m = wl.shape
    for j in range(d):
        xj = x[j]
        for q in range(m):
            wl[j, q] += (eta[q] * cf[q]) * xj


@njit(cache=True, nogil=True, inline="always")
def _grow_bounds(Ul, Sl, eta, cf, row, represented, lost):
    """After an update: S += |c|·increment, and where c ≠ 0, U += |η̃c|·Σ_j M_j(|x̃_j| + ξ_j)
    + t·Σ_{x̃_j ≠ 0} M_j, then S += u·U (the rounding of the new weights), as in
    :func:`numeric.floating._numpy_chunk`."""
    for q in range(Ul.shape[0]):  # selects, no branches (the rates' c may differ)
        c = cf[q]
        grown = Ul[q] + (abs(eta[q] * c) * represented + lost)
        kept = Sl[q] + abs(c) * row[q]
        Ul[q] = grown if c != 0 else Ul[q]
        Sl[q] = kept + UNIT_ROUNDOFF * grown if c != 0 else kept


@njit(cache=True, nogil=True)
def _snapshot(snapshots, i, slot, r0, wl):
    """Keep the block's weights as snapshot ``slot`` of dataset i."""
    d, m = wl.shape
    for j in range(d):
        for q in range(m):
            snapshots[i, slot, j, r0 + q] = wl[j, q]


#: The index of the one set bit of a 64-bit word ``low``: ``_BIT_INDEX[(low · DE_BRUIJN) >> 58]``
#: (a de Bruijn sequence: each 6-bit window of it occurs once).
DE_BRUIJN = 0x03F79D71B4CB0A89
_BIT_INDEX = np.zeros(64, dtype=np.int64)
_BIT_INDEX[[((1 << bit) * DE_BRUIJN % 2**64) >> 58 for bit in range(64)]] = np.arange(64)


@njit(cache=True, nogil=True, inline="always")
def _lowest_rate(word):
    """The lowest set bit of a non-zero uint64 ``word``, as (its index, the bit)."""
    lowest = word & (~word + np.uint64(1))
    return _BIT_INDEX[(lowest * np.uint64(DE_BRUIJN)) >> np.uint64(58)], lowest


@njit(cache=True, nogil=True, inline="always")
def _note_ties(found, values, k, wl, Sl, z, bound, zero_x):
    """Note step k's near-ties in ``found`` after its first ``values``, but for certified
    exact ties: rate by rate upwards, the step, the rate within the block, w·x and the bound
    of each; returns the new count.  The rates near are found by a loop without branches, as
    the bits of a word (bit q for rate q of the block, RATE_BLOCK ≤ 64): often one or two of
    the block's rates are near at a step, and a branch per rate would be mispredicted."""
    steps, rates, net, bounds = found
    near = np.uint64(0)
    for q in range(z.shape[0]):
        near |= np.uint64(not (abs(z[q]) > bound[q])) << np.uint64(q)
    while near != 0:
        q, lowest = _lowest_rate(near)
        near ^= lowest
        if _certified_tie(wl, q, z[q], Sl[q], bound[q], zero_x):
            continue
        steps[values] = k
        rates[values] = q
        net[values] = z[q]
        bounds[values] = bound[q]
        values += 1
    return values


@njit(cache=True, nogil=True, inline="always")
def _increments(out, eta, eta_error, rounded, represented, lost):
    """:func:`numeric.rounding.increments` for one sample and a block of rates: the same
    operations in the same order (the 2t of ``raised`` where the exact increment is not
    zero, then the clamp to the largest float)."""
    for q in range(out.shape[0]):
        error = eta_error[q]
        carried = error * represented if error > 0 else 0.0
        total = eta[q] * rounded + carried + lost
        if rounded > 0 or (error > 0 and represented > 0) or lost > 0:
            total = total + TWO_SUBNORMALS
        else:
            total = total + 0.0
        out[q] = LARGEST if total > LARGEST else total


@njit(cache=True, nogil=True)
def _increments_out_of_line(out, eta, eta_error, rounded, represented, lost):
    """:func:`_increments`, called rather than inlined (the hot loop stays small)."""
    _increments(out, eta, eta_error, rounded, represented, lost)


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
                if mistake:  # y·t ≤ 0 from the signs: the product may pass int64
                    cs[q] = label if (label == 0) | (t == 0) | ((label > 0) != (t > 0)) else 0
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


#: Bits per limb of the wide exact path: a product of two balanced limbs (|limb| ≤ 2²³) is at
#: most 2⁴⁶, so up to 2¹⁶ of them add up in an int64 without overflow.
LIMB_BITS = 24
_HALF_LIMB = 1 << (LIMB_BITS - 1)
#: The most products one position of a wide dot product may add (d·L of them).
WIDE_TERMS = 2**14


def wide_chunk(Xl, y, alpha, beta, offsets, rule, steps, V, out, kept, progress) -> None:
    """The exact loop of :mod:`numeric.exact` for integers beyond int64, compiled: every
    integer is a vector of L balanced limbs (int64 digits in base 2²⁴, each in [−2²³, 2²³)
    but the top one), so S = α·o + β·(V·x) is exact and its sign is the sign of its highest
    non-zero limb.  ``Xl`` is (b, n, d, L), ``alpha`` and ``beta`` (b, e, L), ``offsets``
    (b, n, L), ``V`` (b, e, d, L) (updated in place); ``out`` holds predictions and
    coefficients (b, steps, e) and snapshots (b, |K|, e, d, L), or None."""
    code = rule_code(rule)
    assert code is not None, "checked when the backend was chosen"
    low, high, mistake = code
    b, n, d, _ = Xl.shape
    e = alpha.shape[1]
    predictions = _or_empty(out["predictions"], 3, np.int8)
    coefficients = _or_empty(out["coefficients"], 3, np.int8)
    snapshots = _or_empty(out["snapshots"], 5, np.int64)
    has_offsets = bool((offsets != 0).any())
    for k0, k1 in _calls(steps, b * e * d * Xl.shape[3] ** 2, n):
        _in_threads(
            _wide_kernel, b * e, Xl, y, alpha, beta, offsets, has_offsets, low, high, mistake,
            k0, k1, V, out["predictions"] is not None, predictions, coefficients, kept, snapshots,
        )  # fmt: skip
        progress.advance(b * e * (k1 - k0))


@njit(cache=True, nogil=True)
def _wide_kernel(
    task_lo, task_hi, Xl, y, alpha, beta, offsets, has_offsets, low, high, mistake, k0, k1, V,
    keep_predictions, predictions, coefficients, kept, snapshots,
):  # fmt: skip
    """Tasks (dataset, rate) ``task_lo`` … ``task_hi`` − 1 of :func:`wide_chunk`, steps k0 …
    k1 − 1: t = V·x limb by limb, S = α·o + β·t (β·t alone when every offset is 0: β > 0),
    the prediction and c from the sign of S, and V += c·x."""
    n, d, L = Xl.shape[1:]
    e = alpha.shape[1]
    t = np.empty(2 * L, dtype=np.int64)
    S = np.empty(2 * L, dtype=np.int64)
    for task in range(task_lo, task_hi):
        i = task // e
        r = task - i * e
        Vt = V[i, r]
        slot = np.searchsorted(kept, k0 + 1)
        for k in range(k0, k1):
            s = k % n
            x = Xl[i, s]
            t[:] = 0
            for j in range(d):
                for a in range(L):
                    va = Vt[j, a]
                    if va != 0:
                        for c in range(L):
                            t[a + c] += va * x[j, c]
            _balance(t)
            if has_offsets:
                S[:] = 0
                _multiply_into(S, alpha[i, r], offsets[i, s])
                _multiply_into(S, beta[i, r], t[:L])
                _balance(S)
                sign = _sign(S)
            else:
                sign = _sign(t)
            label = y[i, s]
            p = high if sign >= 0 else low
            if mistake:
                cs = label if label * sign <= 0 else 0
            else:
                cs = label - p
            if keep_predictions:
                predictions[i, k, r] = p
                coefficients[i, k, r] = cs
            if cs != 0:
                for j in range(d):
                    for a in range(L):
                        Vt[j, a] += cs * x[j, a]
                    _balance(Vt[j])
            if slot < kept.shape[0] and kept[slot] == k + 1:
                snapshots[i, slot, r] = Vt
                slot += 1


@njit(cache=True, nogil=True, inline="always")
def _multiply_into(out, a, c):
    """out += a·c, limb by limb (a and c balanced, so every product is at most 2⁴⁶)."""
    for p in range(a.shape[0]):
        ap = a[p]
        if ap != 0:
            for q in range(c.shape[0]):
                out[p + q] += ap * c[q]


@njit(cache=True, nogil=True, inline="always")
def _balance(limbs):
    """Carry every limb but the top one into [−2²³, 2²³), keeping the value Σ limb·2²⁴ᵏ."""
    for k in range(limbs.shape[0] - 1):
        carry = (limbs[k] + _HALF_LIMB) >> LIMB_BITS
        limbs[k] -= carry << LIMB_BITS
        limbs[k + 1] += carry


@njit(cache=True, nogil=True, inline="always")
def _sign(limbs):
    """The sign of a balanced number: that of its highest non-zero limb (the lower ones add
    up to less than one unit of it)."""
    for k in range(limbs.shape[0] - 1, -1, -1):
        if limbs[k] > 0:
            return 1
        if limbs[k] < 0:
            return -1
    return 0

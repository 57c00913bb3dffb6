"""Benchmark of the numeric twin: fits per second of every path, against the machine's limit
(two uncertified compiled kernels), the textbook per-fit loop and scikit-learn, in one run.

Two yardsticks, both without the rounding bound (so their ŷ may be wrong at a near-tie):
the *lanes kernel* (:func:`_lanes`: the learning rates of one dataset in the innermost,
contiguous dimension, one sum per feature and rate, the update skipped when no rate moves:
the fastest plain loop we have) and the *project kernel* (:func:`_uncertified`: the twin's own
loop without the bound, as it stood before the lanes kernel).  "certified / lanes" is printed
twice: end to end (``train_batch``, validation and the error model included) and for the
kernel alone (the time spent in :func:`numeric.kernels.float_chunk`).

Workload A: 64 learning rates × 64 datasets, n = 200 samples, d = 10 features, 5 epochs,
Rosenblatt's rule with a bias, zero init; features are two-decimal numbers in [−5, 5] (the kind
a CSV holds): float64 runs get the nearest doubles, exact runs the exact decimals.
Workload B: standard-normal features, labels ``rng.choice([-1, 1], size=(64, 200))`` (int64),
rates ``np.geomspace(1e-3, 1e2, 64)``, no bias; exact runs take the doubles' exact binary values
(denominators up to 2¹⁰⁷⁴: the Python-integer path).
Workload T (tie-heavy): one-decimal features in [−0.5, 0.5], d = 3, random labels, zero init,
no bias: exact ties w·x = 0 at about a third of the steps, which float64 rounds to ±1e-17.
For each workload, "defaults / fastest" compares ``train_batch`` with no options
(``backend="auto"``, ``keep="all"``, whose w·x and bounds are computed when first read)
against the fastest twin configuration timed (usually ``backend="numba", keep="final"``), with
numba already loaded (a fresh process pays about a second once to load it; see README).
Then the sweep's exact part on tie-heavy datasets: the exact re-check of the datasets with
near-ties, before (one :func:`numeric.check_eta_invariance` per dataset, as the sweep did:
Python integers and Fractions) and after (:func:`numeric.sweep.recheck`: one compiled batch).
Then 10⁶ fits (1000 datasets × 1000 rates, n = 100, d = 10, 5 epochs) with ``keep="final"``
in a child process, with its peak memory.

Every twin row is ``train_batch`` end to end (validation included) with ``keep="predictions"``
(ŷ and c at every step, as the uncertified kernel writes), except where it says otherwise.
Times are the best of a few repeats (the machine may be shared).  Run:

    python tests/bench/bench_numeric.py            # add --quick for a smaller, faster run
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import warnings
from fractions import Fraction

import numpy as np

import numeric

try:
    from numba import njit
except ImportError:  # the compiled rows are skipped
    njit = None


def make_batch(b: int, n: int, d: int, seed: int = 0):
    """Integer hundredths, labels from a random hyperplane with 10% label noise."""
    rng = np.random.default_rng(seed)
    hundredths = rng.integers(-500, 501, size=(b, n, d))
    normals = rng.normal(size=(b, d))
    y = np.where(np.einsum("bnd,bd->bn", hundredths, normals) >= 0, 1, -1)
    y = np.where(rng.random((b, n)) < 0.1, -y, y).astype(np.int8)
    return hundredths, y


def rates(e: int) -> list[str]:
    """e decimal learning rates from 0.001 to 10, three significant digits."""
    return [f"{eta:.3g}" for eta in np.logspace(-3, 1, e)]


class TextbookPerceptron:
    """The textbook's class-per-fit style: one Python loop over samples per fit."""

    def __init__(self, eta: float, n_iter: int, bias: bool = True) -> None:
        self.eta, self.n_iter, self.bias = eta, n_iter, bias

    def fit(self, X: np.ndarray, y: np.ndarray) -> TextbookPerceptron:
        self.w_ = np.zeros(1 + X.shape[1])
        self.errors_ = []
        for _ in range(self.n_iter):
            errors = 0
            for xi, target in zip(X, y, strict=True):
                update = self.eta * (target - self.predict(xi))
                self.w_[1:] += update * xi
                if self.bias:
                    self.w_[0] += update
                errors += int(update != 0.0)
            self.errors_.append(errors)
        return self

    def predict(self, x: np.ndarray) -> int:
        return 1 if np.dot(x, self.w_[1:]) + self.w_[0] >= 0.0 else -1


if njit is not None:

    @njit(cache=True, nogil=True)
    def _uncertified(lo, hi, X, y, etas, w, predictions, coefficients):  # pragma: no cover
        """The same loop as the twin's kernel (tasks of one dataset × 64 rates, rates inside,
        features summed in order), without the bound: z, ŷ, c, the update, ŷ and c stored."""
        n, d = X.shape[1:]
        e = etas.shape[0]
        blocks = (e + 63) // 64
        for task in range(lo, hi):
            i = task // blocks
            r0 = (task - i * blocks) * 64
            m = min(e, r0 + 64) - r0
            wl = np.zeros((d, m))
            eta = etas[r0 : r0 + m].copy()
            z = np.empty(m)
            cf = np.empty(m)
            pl = np.empty(m, dtype=np.int64)
            for k in range(predictions.shape[1]):
                s = k % n
                x = X[i, s]
                x0 = x[0]
                for q in range(m):
                    z[q] = wl[0, q] * x0
                for j in range(1, d):
                    xj = x[j]
                    for q in range(m):
                        z[q] += wl[j, q] * xj
                label = y[i, s]
                for q in range(m):  # branch-free, so that it vectorises
                    p = 1 if z[q] >= 0 else -1
                    pl[q] = p
                    cf[q] = label - p
                for q in range(m):
                    predictions[i, k, r0 + q] = pl[q]
                    coefficients[i, k, r0 + q] = cf[q]
                for j in range(d):
                    xj = x[j]
                    for q in range(m):
                        wl[j, q] += (eta[q] * cf[q]) * xj
            for j in range(d):
                for q in range(m):
                    w[i, j, r0 + q] = wl[j, q]

    @njit(cache=True, nogil=True)
    def _lanes(lo, hi, X, y, etas, w, predictions, coefficients):  # pragma: no cover
        """The lanes kernel: the rates of one dataset in SIMD lanes (w is (d, rates), the rates
        innermost and contiguous, so every loop over them vectorises), one running sum per
        feature and rate, ŷ and c stored, the update skipped when no rate moves."""
        n, d = X.shape[1:]
        e = etas.shape[0]
        blocks = (e + 63) // 64
        for task in range(lo, hi):
            i = task // blocks
            r0 = (task - i * blocks) * 64
            m = min(e, r0 + 64) - r0
            wl = np.zeros((d, m))
            eta = etas[r0 : r0 + m].copy()
            z = np.empty(m)
            cf = np.empty(m)
            pl = np.empty(m, dtype=np.int64)
            for k in range(predictions.shape[1]):
                s = k % n
                x = X[i, s]
                x0 = x[0]
                for q in range(m):
                    z[q] = wl[0, q] * x0
                for j in range(1, d):
                    xj = x[j]
                    for q in range(m):
                        z[q] += wl[j, q] * xj
                label = y[i, s]
                moved = 0
                for q in range(m):  # an integer "or", so that it vectorises
                    p = 1 if z[q] >= 0 else -1
                    pl[q] = p
                    c = label - p
                    cf[q] = c
                    moved |= c != 0
                for q in range(m):
                    predictions[i, k, r0 + q] = pl[q]
                    coefficients[i, k, r0 + q] = cf[q]
                if moved != 0:
                    for j in range(d):
                        xj = x[j]
                        for q in range(m):
                            wl[j, q] += (eta[q] * cf[q]) * xj
            for j in range(d):
                for q in range(m):
                    w[i, j, r0 + q] = wl[j, q]


def uncertified(X: np.ndarray, y: np.ndarray, etas: np.ndarray, steps: int, kernel=None):
    """Run an uncertified kernel (default :func:`_uncertified`) on the twin's threads; returns
    the predictions (b, e, steps)."""
    from numeric import kernels

    b, _, d = X.shape
    e = etas.shape[0]
    w = np.zeros((b, d, e))
    predictions = np.empty((b, steps, e), np.int8)
    coefficients = np.empty((b, steps, e), np.int8)
    tasks = b * -(-e // 64)
    kernels._in_threads(
        kernel or _uncertified, tasks, X, y.astype(np.int8), etas, w, predictions, coefficients
    )
    return predictions.swapaxes(1, 2)


class KernelClock:
    """Adds up the time spent in :func:`numeric.kernels.float_chunk` (the certified kernel
    alone, without validation, the error model and the outputs' allocation)."""

    def __init__(self) -> None:
        from numeric import kernels

        self.kernels, self.original, self.seconds = kernels, kernels.float_chunk, 0.0
        self.kernel_best: dict[str, float] = {}

        def timed_chunk(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        kernels.float_chunk = timed_chunk


def timed_together(functions: dict, rounds: int, clock: KernelClock | None = None) -> dict:
    """The best time of each function over ``rounds`` rounds that run every one in turn; with
    a ``clock``, also the best kernel time of each (in ``clock.kernel_best``), so that kernel
    and yardstick are timed in the same rounds.  Each timed call follows an untimed call of
    the same function, so that every row meets the memory allocator as its own last call left
    it (not as another row's frees left it: pages given back and faulted in again)."""
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(rounds):
        for label, function in functions.items():
            function()
            if clock is not None:
                clock.seconds = 0.0
            start = time.perf_counter()
            function()
            best[label] = min(best[label], time.perf_counter() - start)
            if clock is not None and clock.seconds:
                clock.kernel_best[label] = min(clock.kernel_best.get(label, 1e9), clock.seconds)
    return best


def timed(function, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def sklearn_loop(Xs, ys, etas, epochs: int, bias: bool) -> None:
    from sklearn.linear_model import Perceptron

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i in range(len(Xs)):
            for eta in etas:
                Perceptron(
                    eta0=float(eta), max_iter=epochs, tol=None, shuffle=False, fit_intercept=bias
                ).fit(Xs[i], ys[i])


def bench_workload(
    name: str, X_float, X_exact, X_fallback, y, etas, epochs: int, bias: bool, repeat: int
) -> None:
    b, n, d = X_float.shape
    e = len(etas)
    fits = b * e
    steps = n * epochs
    options = {"epochs": epochs, "bias": bias, "keep": "predictions"}
    compiled = njit is not None
    print(
        f"\n{name}: {e} rates × {b} datasets = {fits} fits, n = {n}, d = {d}, {epochs} epochs"
        + (", bias" if bias else ", no bias")
    )
    rows: list[tuple[str, int, float]] = []

    def row(label: str, count: int, function, times: int = repeat) -> float:
        seconds = timed(function, times)
        rows.append((label, count, seconds))
        return count / seconds

    reference = numeric.train_batch(X_float, y, etas, backend="numpy", **options)
    # The fast rows are timed together, round by round, so that a busy moment of a shared
    # machine slows all of them alike; each keeps its best round.  The NumPy reference, 20×
    # slower, is timed on its own: its large temporaries would leave the allocator's heap to
    # be faulted in again by whichever row came next.
    numpy_seconds = timed(
        lambda: numeric.train_batch(X_float, y, etas, backend="numpy", **options), repeat
    )
    contenders: dict = {}
    if compiled:
        twin = numeric.train_batch(X_float, y, etas, backend="numba", **options)  # compiles
        same = bool(
            (twin.predictions == reference.predictions).all()
            and (twin.final_weights == reference.final_weights).all()
            and (twin.near_ties == reference.near_ties).all()
        )
        X_bias = np.concatenate([X_float, np.ones((b, n, 1))], 2) if bias else X_float
        X_bias = np.ascontiguousarray(X_bias)
        rate_floats = np.array([float(eta) for eta in etas])
        limit = uncertified(X_bias, y, rate_floats, steps)  # compiles
        # Away from near-ties the uncertified ŷ must agree with the certified ones.
        clean = ~reference.near_ties.any(axis=-1)
        agrees = bool((limit[clean] == reference.predictions[clean]).all())
        for label, keep in (
            ("twin float64 certified, numba", "predictions"),
            ("  same, keep='final' (the fastest)", "final"),
            ("  same, keep='all'", "all"),
        ):
            contenders[label] = lambda keep=keep: numeric.train_batch(
                X_float, y, etas, backend="numba", epochs=epochs, bias=bias, keep=keep
            )
        contenders["twin with no options (the defaults)"] = lambda: numeric.train_batch(
            X_float, y, etas, epochs=epochs, bias=bias
        )
        lanes_limit = uncertified(X_bias, y, rate_floats, steps, _lanes)  # compiles
        agrees = agrees and bool((lanes_limit == reference.predictions).all())
        contenders["lanes kernel (uncertified yardstick)"] = lambda: uncertified(
            X_bias, y, rate_floats, steps, _lanes
        )
        contenders["project kernel (uncertified, no bound)"] = lambda: uncertified(
            X_bias, y, rate_floats, steps
        )
    clock = KernelClock() if compiled else None
    best = timed_together(contenders, 3 * repeat, clock)
    best["twin float64 certified, numpy"] = numpy_seconds
    for label in [*contenders, "twin float64 certified, numpy"]:
        rows.append((label, fits, best[label]))
    slow = fits / best["twin float64 certified, numpy"]
    if compiled:
        fast = fits / best["twin float64 certified, numba"]
        machine = fits / best["project kernel (uncertified, no bound)"]
        lanes = fits / best["lanes kernel (uncertified yardstick)"]
        assert clock is not None
        kernel_alone = clock.kernel_best["twin float64 certified, numba"]
        kernel_final = clock.kernel_best["  same, keep='final' (the fastest)"]
        defaults = best["twin with no options (the defaults)"]
        fastest = min(best[label] for label in contenders if label.startswith(("twin", "  same")))
    if X_exact is not None:
        exact = numeric.train_batch(X_exact, y, etas, exact=True, **options)
        row(
            f"twin exact, {exact._run.dtype} path",
            fits,
            lambda: numeric.train_batch(X_exact, y, etas, exact=True, **options),
            max(1, repeat // 2),
        )
    some = slice(0, max(1, b // 16))
    fallback = numeric.train_batch(
        X_fallback[some], y[some], etas, exact=True, backend="numpy", **options
    )
    assert fallback._run.dtype == "object", fallback._run.dtype
    python_int = row(
        "twin exact, Python-integer path (numpy)",
        e * len(range(b)[some]),
        lambda: numeric.train_batch(
            X_fallback[some], y[some], etas, exact=True, backend="numpy", **options
        ),
        1,
    )
    if compiled:
        wide = numeric.train_batch(
            X_fallback[some], y[some], etas, exact=True, backend="numba", **options
        )
        assert (wide.predictions == fallback.predictions).all(), "wide limbs = Python integers"
        row(
            "twin exact, same integers as limbs (numba)",
            e * len(range(b)[some]),
            lambda: numeric.train_batch(
                X_fallback[some], y[some], etas, exact=True, backend="numba", **options
            ),
            max(1, repeat // 2),
        )
    sample = [(i, r) for i in range(min(b, 2)) for r in range(e)]
    textbook = row(
        "textbook per-fit loop (Python)",
        len(sample),
        lambda: [
            TextbookPerceptron(float(etas[r]), epochs, bias).fit(X_float[i], y[i])
            for i, r in sample
        ],
        1,
    )
    try:
        import sklearn  # noqa: F401
    except ImportError:
        learn = None
    else:
        learn = row(
            "sklearn Perceptron loop (tol=None)",
            fits,
            lambda: sklearn_loop(X_float, y, etas, epochs, bias),
            1,
        )

    print(f"{'method':44s} {'fits':>6s} {'seconds':>9s} {'fits/s':>11s}")
    for label, count, seconds in rows:
        print(f"{label:44s} {count:6d} {seconds:9.4f} {count / seconds:11.0f}")
    if compiled:
        print(f"certified / lanes kernel, end to end:   {lanes / fast:5.2f}× the time")
        alone, final = lanes * kernel_alone / fits, lanes * kernel_final / fits
        print(
            f"certified / lanes kernel, kernel alone: {alone:5.2f}× the time "
            f"(keep='final': {final:4.2f}×)"
        )
        print(f"certified / project kernel, end to end: {machine / fast:5.2f}× the time")
        print(f"lanes kernel / project kernel:          {machine / lanes:5.2f}× the time")
        print(f"defaults / fastest configuration:       {defaults / fastest:5.2f}× the time")
        if learn:
            print(f"certified numba / sklearn loop:         {fast / learn:5.0f}× faster")
        print(f"certified numba / certified numpy:      {fast / slow:5.1f}× faster")
        print(f"numba and numpy identical (ŷ, w, ties): {same}; uncertified ŷ agree: {agrees}")
        print(f"Python-integer path / float64 numba:    {fast / python_int:5.0f}× the time")
    print(f"Python-integer path / float64 numpy:    {slow / python_int:5.1f}× the time")
    print(f"textbook loop / float64 numpy:          {slow / textbook:5.0f}× slower")
    print(f"float64 near-ties: {len(reference.ties)} of {fits * steps} steps")


def tie_heavy(b: int, n: int, d: int, seed: int = 2):
    """One-decimal features in [−0.5, 0.5] and random labels: exact ties at many steps."""
    rng = np.random.default_rng(seed)
    tenths = rng.integers(-5, 6, size=(b, n, d))
    y = rng.choice(np.array([-1, 1], dtype=np.int8), size=(b, n))
    return tenths, y


def sweep_exact_part(quick: bool) -> None:
    """The sweep's exact re-check of tie-heavy datasets, before (one check_eta_invariance per
    dataset, Python integers and Fractions) and after (numeric.sweep.recheck, one compiled
    batch), on the same datasets; and a whole sweep."""
    from numeric.sweep import recheck

    b, e = (4, 16) if quick else (16, 64)
    n, d, epochs = 200, 3, 5
    tenths, y = tie_heavy(b, n, d)
    X = tenths / 10.0
    etas = tuple(rates(e))
    options = {"epochs": epochs, "bias": False, "rule": "rosenblatt", "backend": "numba"}
    tied = np.unique(numeric.train_batch(X, y, etas, keep="final", **options).ties.datasets)
    before_sets = tied[: 2 if quick else 4]
    start = time.perf_counter()
    verdicts = [
        numeric.check_eta_invariance(X[i], y[i], list(etas), epochs=epochs, backend="numpy")
        for i in before_sets
    ]
    before = (time.perf_counter() - start) / len(before_sets)
    recheck(X[tied], y[tied], etas, None, options)  # compiles
    after = timed(lambda: recheck(X[tied], y[tied], etas, None, options), 3) / len(tied)
    mine = recheck(X[before_sets], y[before_sets], etas, None, options)
    same = all(
        (v.first_difference is None) == (m is None) and (m is None or v.first_difference == m)
        for v, m in zip(verdicts, mine, strict=True)
    )
    seconds = timed(lambda: numeric.sweep(X, y, etas, epochs=epochs, backend="numba"))
    print(
        f"\nsweep's exact part, tie-heavy: {len(tied)} of {b} datasets with near-ties, {e} rates, "
        f"n = {n}, d = {d}, {epochs} epochs\n"
        f"  before (check_eta_invariance per dataset, Fractions): {before:8.4f} s per dataset\n"
        f"  after (sweep.recheck, one compiled exact batch):     {after:8.4f} s per dataset "
        f"({before / after:.0f}× faster; same verdicts: {same})\n"
        f"  the whole sweep now: {seconds:.3f} s for {b} datasets"
    )


def streaming(quick: bool) -> None:
    """The 10⁶-fit run, keep="final" (run in a child process for its own peak memory)."""
    b, e, n, d, epochs = (100, 100, 100, 10, 5) if quick else (1000, 1000, 100, 10, 5)
    hundredths, y = make_batch(b, n, d, seed=1)
    X = hundredths / 100.0
    etas = np.geomspace(1e-3, 10, e)
    backend = "numba" if njit is not None else "numpy"
    start = time.perf_counter()
    result = numeric.train_batch(
        X, y, etas, epochs=epochs, bias=True, keep="final", backend=backend
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nstreaming: {b} datasets × {e} rates = {b * e} fits, n = {n}, d = {d}, {epochs} "
        f"epochs, keep='final', {backend}: {seconds:.1f} s, {b * e / seconds:.0f} fits/s, "
        f"peak RSS {peak:.0f} MB, {len(result.ties)} near-ties, final weights "
        f"{result.final_weights.shape}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="16 × 16 instead of 64 × 64")
    parser.add_argument("--streaming", action="store_true", help="only the 10⁶-fit run")
    args = parser.parse_args()
    if args.streaming:
        streaming(args.quick)
        return
    b = e = 16 if args.quick else 64
    n, d, epochs = 200, 10, 5
    repeat = 3 if args.quick else 5
    print(
        f"numba: {'yes' if njit else 'no'}; threads: {os.cpu_count()}; "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')!r}"
    )

    hundredths, y = make_batch(b, n, d)
    X_exact = np.vectorize(lambda v: Fraction(int(v), 100), otypes=[object])(hundredths)
    X_fallback = X_exact * (10**20 + 1) / 10**20  # denominators beyond int64: Python integers
    bench_workload("A", hundredths / 100.0, X_exact, X_fallback, y, rates(e), epochs, True, repeat)

    rng = np.random.default_rng(1)
    X_normal = rng.standard_normal((b, n, d))
    labels = rng.choice([-1, 1], size=(b, n))
    bench_workload(
        "B", X_normal, None, X_normal, labels, np.geomspace(1e-3, 1e2, e), epochs, False, repeat
    )

    tenths, labels = tie_heavy(b, n, 3)
    X_tenths = np.vectorize(lambda v: Fraction(int(v), 10), otypes=[object])(tenths)
    X_wide = X_tenths * (10**20 + 1) / 10**20
    bench_workload("T", tenths / 10.0, X_tenths, X_wide, labels, rates(e), epochs, False, repeat)

    if njit is not None:
        sweep_exact_part(args.quick)

    command = [sys.executable, __file__, "--streaming"] + ["--quick"] * args.quick
    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()

"""Benchmark of the numeric twin: fits per second of every path, against the machine's limit (an
uncertified compiled kernel), the textbook per-fit loop and scikit-learn, in one run.

Workload A: 64 learning rates × 64 datasets, n = 200 samples, d = 10 features, 5 epochs,
Rosenblatt's rule with a bias, zero init; features are two-decimal numbers in [−5, 5] (the kind
a CSV holds): float64 runs get the nearest doubles, exact runs the exact decimals.
Workload B: standard-normal features, labels ``rng.choice([-1, 1], size=(64, 200))`` (int64),
rates ``np.geomspace(1e-3, 1e2, 64)``, no bias; exact runs take the doubles' exact binary values
(denominators up to 2¹⁰⁷⁴: the Python-integer path).
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


def uncertified(X: np.ndarray, y: np.ndarray, etas: np.ndarray, steps: int):
    """Run :func:`_uncertified` on the twin's threads; returns the predictions (b, e, steps)."""
    from numeric import kernels

    b, _, d = X.shape
    e = etas.shape[0]
    w = np.zeros((b, d, e))
    predictions = np.empty((b, steps, e), np.int8)
    coefficients = np.empty((b, steps, e), np.int8)
    tasks = b * -(-e // 64)
    kernels._in_threads(
        _uncertified, tasks, X, y.astype(np.int8), etas, w, predictions, coefficients
    )
    return predictions.swapaxes(1, 2)


def timed_together(functions: dict, rounds: int) -> dict:
    """The best time of each function over ``rounds`` rounds that run every one in turn."""
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(rounds):
        for label, function in functions.items():
            start = time.perf_counter()
            function()
            best[label] = min(best[label], time.perf_counter() - start)
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
    # machine slows all of them alike; each keeps its best round.
    contenders = {
        "twin float64 certified, numpy": lambda: numeric.train_batch(
            X_float, y, etas, backend="numpy", **options
        )
    }
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
        agrees = bool((limit == reference.predictions).all())
        for label, keep in (
            ("twin float64 certified, numba", "predictions"),
            ("  same, keep='final'", "final"),
            ("  same, keep='all' (the default)", "all"),
        ):
            contenders[label] = lambda keep=keep: numeric.train_batch(
                X_float, y, etas, backend="numba", epochs=epochs, bias=bias, keep=keep
            )
        contenders["uncertified compiled kernel (no bound)"] = lambda: uncertified(
            X_bias, y, rate_floats, steps
        )
    best = timed_together(contenders, 3 * repeat)
    order = [label for label in contenders if label != "twin float64 certified, numpy"]
    for label in [*order, "twin float64 certified, numpy"]:
        rows.append((label, fits, best[label]))
    slow = fits / best["twin float64 certified, numpy"]
    if compiled:
        fast = fits / best["twin float64 certified, numba"]
        machine = fits / best["uncertified compiled kernel (no bound)"]
    if X_exact is not None:
        exact = numeric.train_batch(X_exact, y, etas, exact=True, **options)
        row(
            f"twin exact, {exact._run.dtype} path",
            fits,
            lambda: numeric.train_batch(X_exact, y, etas, exact=True, **options),
            max(1, repeat // 2),
        )
    some = slice(0, max(1, b // 16))
    fallback = numeric.train_batch(X_fallback[some], y[some], etas, exact=True, **options)
    assert fallback._run.dtype == "object", fallback._run.dtype
    python_int = row(
        "twin exact, Python-integer path",
        e * len(range(b)[some]),
        lambda: numeric.train_batch(X_fallback[some], y[some], etas, exact=True, **options),
        1,
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
        print(f"certified numba / uncertified kernel:   {machine / fast:5.2f}× the time")
        if learn:
            print(f"certified numba / sklearn loop:         {fast / learn:5.0f}× faster")
        print(f"certified numba / certified numpy:      {fast / slow:5.1f}× faster")
        print(f"numba and numpy identical (ŷ, w, ties): {same}; uncertified ŷ agree: {agrees}")
        print(f"Python-integer path / float64 numba:    {fast / python_int:5.0f}× the time")
    print(f"Python-integer path / float64 numpy:    {slow / python_int:5.1f}× the time")
    print(f"textbook loop / float64 numpy:          {slow / textbook:5.0f}× slower")
    print(f"float64 near-ties: {len(reference.ties)} of {fits * steps} steps")


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

    command = [sys.executable, __file__, "--streaming"] + ["--quick"] * args.quick
    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()

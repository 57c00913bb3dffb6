"""Benchmark of the numeric twin: fits per second, batched against per-fit loops.

64 learning rates × 64 datasets, n = 200 samples, d = 10 features, 5 epochs, Rosenblatt's rule
with a bias, zero init.  Features are two-decimal numbers in [−5, 5] (the kind a CSV holds):
float64 runs get the nearest doubles, exact runs the exact decimals.  Run:

    python tests/bench/bench_numeric.py            # add --quick for a smaller, faster run
"""

from __future__ import annotations

import argparse
import time
import warnings
from fractions import Fraction

import numpy as np

import numeric


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

    def __init__(self, eta: float, n_iter: int) -> None:
        self.eta, self.n_iter = eta, n_iter

    def fit(self, X: np.ndarray, y: np.ndarray) -> TextbookPerceptron:
        self.w_ = np.zeros(1 + X.shape[1])
        self.errors_ = []
        for _ in range(self.n_iter):
            errors = 0
            for xi, target in zip(X, y, strict=True):
                update = self.eta * (target - self.predict(xi))
                self.w_[1:] += update * xi
                self.w_[0] += update
                errors += int(update != 0.0)
            self.errors_.append(errors)
        return self

    def predict(self, x: np.ndarray) -> int:
        return 1 if np.dot(x, self.w_[1:]) + self.w_[0] >= 0.0 else -1


def timed(function, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="16 × 16 instead of 64 × 64")
    args = parser.parse_args()
    b = e = 16 if args.quick else 64
    n, d, epochs = 200, 10, 5
    hundredths, y = make_batch(b, n, d)
    X_float = hundredths / 100.0
    X_exact = np.vectorize(lambda v: Fraction(int(v), 100), otypes=[object])(hundredths)
    etas = rates(e)
    fits = b * e
    print(f"{e} rates × {b} datasets = {fits} fits, n = {n}, d = {d}, {epochs} epochs, bias")

    rows = []
    options = {"epochs": epochs, "bias": True}
    seconds = timed(lambda: numeric.train_batch(X_float, y, etas, **options), repeat=3)
    rows.append(("train_batch, float64 + certified ties", fits, seconds))
    result = numeric.train_batch(X_float, y, etas, **options)
    ties = int(result.near_ties.sum())
    seconds = timed(lambda: numeric.train_batch(X_exact, y, etas, exact=True, **options))
    rows.append(("train_batch, exact (int64-scaled)", fits, seconds))
    exact = numeric.train_batch(X_exact, y, etas, exact=True, **options)
    agree = bool((exact.predictions == result.predictions).all())
    X_huge = X_exact * (10**20 + 1) / 10**20  # denominators beyond int64: Python integers
    some = slice(0, max(1, b // 16))
    seconds = timed(lambda: numeric.train_batch(X_huge[some], y[some], etas, exact=True, **options))
    rows.append(("train_batch, exact (Python-int fallback)", e * len(range(b)[some]), seconds))

    sample = [(i, r) for i in range(min(b, 4)) for r in range(e)]
    seconds = timed(
        lambda: [
            TextbookPerceptron(float(etas[r]), epochs).fit(X_float[i], y[i]) for i, r in sample
        ]
    )
    rows.append(("textbook per-fit loop (Python)", len(sample), seconds))
    try:
        from sklearn.linear_model import Perceptron
    except ImportError:
        Perceptron = None
    if Perceptron is not None:

        def sklearn_loop() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for i in range(b):
                    for eta in etas:
                        Perceptron(eta0=float(eta), tol=None, shuffle=False, max_iter=epochs).fit(
                            X_float[i], y[i]
                        )

        rows.append(("sklearn Perceptron loop", fits, timed(sklearn_loop)))

    print(f"{'method':44s} {'fits':>6s} {'seconds':>9s} {'fits/s':>10s}")
    for name, count, seconds in rows:
        print(f"{name:44s} {count:6d} {seconds:9.3f} {count / seconds:10.0f}")
    speed = {name: count / seconds for name, count, seconds in rows}
    batched = speed["train_batch, float64 + certified ties"]
    if Perceptron is not None:
        print(f"train_batch / sklearn loop: {batched / speed['sklearn Perceptron loop']:.1f}×")
    print(
        "float64 / exact (int64-scaled): "
        f"{batched / speed['train_batch, exact (int64-scaled)']:.1f}×"
    )
    print(
        f"float64 near-ties: {ties} of {result.near_ties.size} steps; "
        f"float64 predictions equal exact ones: {agree}"
    )


if __name__ == "__main__":
    main()

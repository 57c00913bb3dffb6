"""Benchmark of the exact η phase diagram against sampling η on a grid.

Random data: n = 100 samples, d = 2 two-decimal features in [−5, 5] with a bias, labels from a
random line with 10% label noise, w⁽⁰⁾ drawn as the textbook does (normal, σ = 0.01, floats
at their exact binary value), Rosenblatt's rule, 10 epochs.  The grids are geometric over
[first breakpoint / 10, last breakpoint × 10], the range the diagram found (generous to the
grids: without the diagram one would not know it).  A grid *misses* a phase when none of its
rates lies in it.  Also: the textbook's Iris run from w⁽⁰⁾ = textbook:1, 10 epochs.  Run:

    python tests/bench/bench_phase.py            # add --quick for 10³ / 10² grid points
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import numpy as np

import numeric


def make_problem(seed: int = 0, n: int = 100, d: int = 2):
    rng = np.random.default_rng(seed)
    hundredths = rng.integers(-500, 501, size=(n, d))
    normal = rng.normal(size=d)
    y = np.where(hundredths @ normal + rng.normal() * 100 >= 0, 1, -1)
    y = np.where(rng.random(n) < 0.1, -y, y).astype(np.int8)
    X = np.vectorize(lambda v: Fraction(int(v), 100), otypes=[object])(hundredths)
    w0 = rng.normal(loc=0.0, scale=0.01, size=d + 1)
    return X, y, w0


def timed(function):
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def missed(diagram, rates) -> tuple[int, int]:
    """(phases no rate lies in, how many distinct phases the rates hit)."""
    hit = {diagram.phase_index(eta) for eta in rates}
    return len(diagram) - len(hit), len(hit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10³ float64 and 10² exact rates")
    args = parser.parse_args()
    floats, exacts = (10**3, 10**2) if args.quick else (10**4, 10**3)
    X, y, w0 = make_problem()
    options = {"epochs": 10, "bias": True}
    rows = []

    diagram, seconds = timed(lambda: numeric.phase_diagram(X, y, w0, **options))
    _, unverified = timed(lambda: numeric.phase_diagram(X, y, w0, verify=False, **options))
    rows.append(("phase diagram (exact, every phase verified)", len(diagram), seconds, 0))
    rows.append(("phase diagram without the twin's check", len(diagram), unverified, 0))
    low, high = float(diagram.breakpoints[0]) / 10, float(diagram.breakpoints[-1]) * 10

    grid = np.geomspace(low, high, floats)
    for exact in (False, True):  # warm up: a compiled backend (numba) compiles on first use
        numeric.train(X, y, grid[:2], w0, keep="predictions", exact=exact, **options)
    result, seconds = timed(lambda: numeric.train(X, y, grid, w0, keep="predictions", **options))
    lost, _ = missed(diagram, grid)
    rows.append((f"float64 grid, {floats} rates (train, batched)", floats, seconds, lost))
    rows_hit = [diagram.phase_index(eta) for eta in grid]
    wrong = int((result.predictions != diagram.predictions[rows_hit]).any(axis=1).sum())

    exact_grid = [Fraction(float(eta)) for eta in np.geomspace(low, high, exacts)]
    _, seconds = timed(
        lambda: numeric.train(X, y, exact_grid, w0, exact=True, keep="predictions", **options)
    )
    lost, _ = missed(diagram, exact_grid)
    rows.append((f"exact grid, {exacts} rates (train, exact)", exacts, seconds, lost))

    iris_X, iris_y = numeric.load_iris()
    textbook = numeric.textbook_weights(1, 2)
    iris, seconds = timed(lambda: numeric.phase_diagram(iris_X, iris_y, textbook, **options))
    rows.append(("Iris, textbook:1, phase diagram", len(iris), seconds, 0))
    iris_grid = np.geomspace(
        float(iris.breakpoints[0]) / 10, float(iris.breakpoints[-1]) * 10, floats
    )
    _, seconds = timed(
        lambda: numeric.train(iris_X, iris_y, iris_grid, textbook, keep="predictions", **options)
    )
    lost, _ = missed(iris, iris_grid)
    rows.append((f"Iris, float64 grid, {floats} rates", floats, seconds, lost))

    print(f"random data: n = {len(X)}, d = 2 + bias, 10 epochs, w0 = {np.round(w0, 4).tolist()}")
    print(
        f"{len(diagram)} phases, breakpoints from {low * 10:.3g} to {high / 10:.3g}; "
        f"Iris: {len(iris)} phases"
    )
    print(f"{'method':48s} {'phases/rates':>12s} {'seconds':>8s} {'phases missed':>14s}")
    for name, count, seconds, lost in rows:
        print(f"{name:48s} {count:12d} {seconds:8.2f} {lost:14d}")
    print(f"float64 grid rates whose predictions differ from their exact phase: {wrong}")


if __name__ == "__main__":
    main()

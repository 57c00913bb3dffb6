"""Benchmark of the exact η phase diagram against sampling η on a grid.

Random data: n = 100 samples, d = 2 two-decimal features in [−5, 5] with a bias, labels from a
random line with 10% label noise, w⁽⁰⁾ drawn as the textbook does (normal, σ = 0.01, floats
at their exact binary value), Rosenblatt's rule, 10 epochs.  The grids are geometric over
[first breakpoint / 10, last breakpoint × 10], the range the diagram found (generous to the
grids: without the diagram one would not know it).  A grid *misses* a phase when none of its
rates lies in it.  Also: the textbook's Iris run from w⁽⁰⁾ = textbook:1, 10 epochs.

Then one scaling table, each case in a fresh process (so its peak memory is its own): the same
kind of data with n = 50, 100, 200, 400 samples in full and n = 1000 over η ∈ [10⁻³, 10]
(``eta_range``), 10 epochs, every phase verified, timed at its first call (which loads
numba, as a fresh process does) and again (numba loaded); beside it a 10⁴-rate float64 grid
over the same rates (geometric over [first breakpoint / 10, last × 10], or over the range),
compiled and warmed up, best of three; all in CPU seconds of their process (a busy machine
stretches wall time, not CPU time).  Run:

    python tests/bench/bench_phase.py            # --quick: 10³ / 10² grid points, and
                                                 # n = 50, 100, 200 and 1000 over [0.1, 10]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
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


def cpu_timed(function):
    """(value, CPU seconds of this process): fair on a busy machine, where wall time is not."""
    start = time.process_time()
    value = function()
    return value, time.process_time() - start


def missed(diagram, rates) -> tuple[int, int]:
    """(phases no rate lies in, how many distinct phases the rates hit)."""
    hit = {diagram.phase_index(eta) for eta in rates}
    return len(diagram) - len(hit), len(hit)


#: The scaling table: (n, eta_range or None for the whole of (0, ∞)).
SCALING = [(50, None), (100, None), (200, None), (400, None), (1000, ("1e-3", "10"))]
QUICK_SCALING = [(50, None), (100, None), (200, None), (1000, ("0.1", "10"))]


def one_case(n: int, span: tuple[str, str] | None, rates: int) -> dict[str, object]:
    """Time the diagram for n samples (over ``span`` when given) and a float64 grid of
    ``rates`` rates over the same η; the peak resident memory of this process."""
    X, y, w0 = make_problem(n=n)
    options = {"epochs": 10, "bias": True}

    def make():
        return numeric.phase_diagram(X, y, w0, max_phases=10**7, eta_range=span, **options)

    diagram, seconds = cpu_timed(make)  # the first call: numba loaded, as a fresh process does
    peak = peak_mib()
    phases, breakpoints = len(diagram), diagram.breakpoints
    del diagram  # let go before the second call, which then starts as the first did
    _, warm = cpu_timed(make)  # again, numba loaded, as the grid is timed below
    if span is not None:
        low, high = float(Fraction(span[0])), float(Fraction(span[1]))
    else:
        low, high = float(breakpoints[0]) / 10, float(breakpoints[-1]) * 10
    grid = np.geomspace(low, high, rates)
    # the grid at its best: compiled (numba) and warmed up on the whole grid, best of three
    numeric.train(X, y, grid, w0, keep="predictions", **options)
    grid_seconds = min(
        cpu_timed(lambda: numeric.train(X, y, grid, w0, keep="predictions", **options))[1]
        for _ in range(3)
    )
    return {
        "n": n,
        "range": "(0, ∞)" if span is None else f"[{span[0]}, {span[1]}]",
        "steps": n * 10,
        "phases": phases,
        "seconds": seconds,
        "warm_seconds": warm,
        "peak_mib": peak,
        "grid_seconds": grid_seconds,
    }


def peak_mib() -> float:
    """This process's peak resident memory in MiB: VmHWM, which starts afresh at exec (unlike
    ru_maxrss, which keeps the high-water mark of the parent it was forked from)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def scaling_table(cases, rates: int) -> None:
    """One row per case, each computed in a fresh interpreter."""
    print(
        f"\nscaling: 10 epochs, d = 2 + bias, every phase verified; float64 grid of {rates} rates"
    )
    print(
        f"{'n':>5s} {'η':>12s} {'steps':>6s} {'phases':>8s} {'seconds':>8s} {'again':>6s} "
        f"{'peak MiB':>9s} {'grid s':>7s} {'× grid':>7s} {'again':>6s}"
    )
    for n, span in cases:
        command = [sys.executable, __file__, "--case", str(n), "--rates", str(rates)]
        if span is not None:
            command += ["--range", ",".join(span)]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        row = json.loads(out.splitlines()[-1])
        print(
            f"{row['n']:5d} {row['range']:>12s} {row['steps']:6d} {row['phases']:8d} "
            f"{row['seconds']:8.2f} {row['warm_seconds']:6.2f} {row['peak_mib']:9.0f} "
            f"{row['grid_seconds']:7.2f} {row['seconds'] / row['grid_seconds']:7.1f} "
            f"{row['warm_seconds'] / row['grid_seconds']:6.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10³ float64 and 10² exact rates")
    parser.add_argument("--case", type=int, help=argparse.SUPPRESS)  # one row, in a child
    parser.add_argument("--rates", type=int, default=10**4, help=argparse.SUPPRESS)
    parser.add_argument("--range", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case is not None:
        span = tuple(args.range.split(",")) if args.range else None
        print(json.dumps(one_case(args.case, span, args.rates)))  # type: ignore[arg-type]
        return
    floats, exacts = (10**3, 10**2) if args.quick else (10**4, 10**3)
    X, y, w0 = make_problem()
    options = {"epochs": 10, "bias": True}
    rows = []

    diagram, seconds = timed(lambda: numeric.phase_diagram(X, y, w0, **options))
    _, unverified = timed(lambda: numeric.phase_diagram(X, y, w0, verify=False, **options))
    rows.append(("phase diagram (exact, every phase verified)", len(diagram), seconds, 0))
    rows.append(("phase diagram, verify=False", len(diagram), unverified, 0))
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
    scaling_table(QUICK_SCALING if args.quick else SCALING, floats)


if __name__ == "__main__":
    main()

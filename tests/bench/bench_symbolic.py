"""Benchmark: build the zero-init trace and factor η out of every Δw⁽ᵏ⁾.

Concrete data (d = 10, rational features, n = 100 samples cycled over epochs) for K = 10,
100, 1000 steps, and generic symbolic data (one epoch) for K = 2, 4, 8 (and 12 with d = 2).
Prints a Markdown table: seconds to build and factor all K steps, and the size (tree nodes)
of the last g_K.

    python tests/bench/bench_symbolic.py
"""

from __future__ import annotations

import random
import sys
import time
from fractions import Fraction

from sympy import preorder_traversal

from symbolic import ETA, factor_eta, generic_dataset, perceptron_trace


def nodes(expr) -> int:
    """Tree size: the number of nodes SymPy walks in the expression (summed over entries)."""
    return sum(1 for entry in expr for _ in preorder_traversal(entry))


def concrete_data(n: int, d: int, seed: int = 0):
    """n samples of d one-decimal features in [-5, 5] with labels ±1 (seeded, reproducible)."""
    rng = random.Random(seed)
    X = [[Fraction(rng.randint(-50, 50), 10) for _ in range(d)] for _ in range(n)]
    y = [rng.choice((-1, 1)) for _ in range(n)]
    return X, y


def run(data, steps: int, epochs: int) -> tuple[float, int]:
    """Seconds to build the zero-init trace and factor every Δw⁽ᵏ⁾; size of the last g."""
    start = time.perf_counter()
    trace = perceptron_trace(data, w0=0, epochs=epochs)
    g = None
    for k in range(1, steps + 1):
        _, g = factor_eta(trace.delta_w(k), ETA)
    return time.perf_counter() - start, nodes(g)


def main() -> None:
    """Print the table."""
    rows = ["| data | K | seconds | size of g_K (nodes) |", "|---|---:|---:|---:|"]
    for steps in (10, 100, 1000):
        n = min(steps, 100)
        seconds, size = run(concrete_data(n, 10), steps, steps // n)
        rows.append(f"| concrete, d = 10, n = {n} | {steps} | {seconds:.2f} | {size} |")
    for d, all_steps in ((2, (2, 4, 8, 12)), (10, (2, 4, 8))):
        for steps in all_steps:
            seconds, size = run(generic_dataset(steps, d), steps, 1)
            rows.append(f"| generic, d = {d}, n = {steps} | {steps} | {seconds:.2f} | {size} |")
    print("\n".join(rows))
    print(f"\nPython {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

"""Benchmark: does ``etaproof derive zero-init --steps K`` grow linearly in K?

    python tests/bench/bench_derive.py [--quick] [--repeat 2] [--format latex]
    python tests/bench/bench_derive.py --table [--max-steps 1000]

By default it times K = 512 and K = 1000 (the documented maximum; 1.95 times the steps),
each run the real command in a fresh interpreter (start-up included, no profiler), the two
K's alternating so that a busy machine slows both alike, and prints the best wall and CPU
time of ``--repeat`` runs of each and their ratios: linear growth keeps the time ratio near
1.95, and the target is at most :data:`TARGET` (issue 24).  ``--quick`` times K = 64 and
K = 125 instead (the same ratio of K).  ``--table`` prints the older table for K = 1, 2, 4,
… and ``--max-steps``: wall time, bytes, and the ratios of time and size to the previous
row's (a fully substituted Δw⁽ᵏ⁾ would at least double per step instead).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: The largest time ratio accepted for K = 1000 against K = 512 (1.95 times the steps).
TARGET = 2.05

#: The two K's compared, in full and with --quick.
PAIR, QUICK_PAIR = (512, 1000), (64, 125)


def measure(steps: int, fmt: str, directory: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, bytes) of one ``derive zero-init --steps steps`` run."""
    out = directory / f"zero_init_{steps}.{'tex' if fmt == 'latex' else fmt}"
    command = [sys.executable, "-m", "proofs", "derive", "zero-init", "--steps", str(steps)]
    command += ["--format", fmt, "--out", str(out)] + (["--standalone"] if fmt == "latex" else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stat().st_size


def compare(pair: tuple[int, int], repeat: int, fmt: str) -> None:
    """Time both K's ``repeat`` times, alternating, and print the best of each and the ratio."""
    small, large = pair
    runs: dict[int, list[tuple[float, float, int]]] = {small: [], large: []}
    print(f"etaproof derive zero-init --steps K --format {fmt}: fresh interpreter, no profiler")
    print("| K | best wall (s) | best CPU (s) | wall of each run (s) | bytes |")
    print("|---:|---:|---:|---|---:|")
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(repeat):
            for steps in pair:
                runs[steps].append(measure(steps, fmt, Path(directory)))
    best = {k: (min(w for w, _, _ in r), min(c for _, c, _ in r)) for k, r in runs.items()}
    for steps in pair:
        walls = ", ".join(f"{w:.2f}" for w, _, _ in runs[steps])
        wall, cpu = best[steps]
        print(f"| {steps} | {wall:.2f} | {cpu:.2f} | {walls} | {runs[steps][0][2]} |")
    wall_ratio = best[large][0] / best[small][0]
    cpu_ratio = best[large][1] / best[small][1]
    verdict = "met" if wall_ratio <= TARGET else "NOT met"
    print(
        f"K ratio {large / small:.2f}; time ratio (best of {repeat}) wall {wall_ratio:.2f}, "
        f"CPU {cpu_ratio:.2f}; target wall ratio <= {TARGET}: {verdict}"
    )


def table(max_steps: int, fmt: str) -> None:
    """The time and size of K = 1, 2, 4, … and ``max_steps``, with ratios to the row before."""
    print(f"etaproof derive zero-init --steps K --format {fmt}")
    print("| K | time (s) | bytes | K / previous K | time ratio | size ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    sizes = [1 << i for i in range(11) if 1 << i < max_steps] + [max_steps]
    previous: tuple[int, float, int] | None = None
    with tempfile.TemporaryDirectory() as directory:
        for steps in sizes:
            seconds, _, size = measure(steps, fmt, Path(directory))
            if previous is None:
                ratios = "– | – | –"
            else:
                k, s, b = previous
                ratios = f"{steps / k:.2f} | {seconds / s:.2f} | {size / b:.2f}"
            print(f"| {steps} | {seconds:.2f} | {size} | {ratios} |", flush=True)
            previous = (steps, seconds, size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"K = {QUICK_PAIR}, not {PAIR}")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each K (the best counts)")
    parser.add_argument("--table", action="store_true", help="the table K = 1, 2, 4, …")
    parser.add_argument("--max-steps", type=int, default=1000, help="the last K of --table")
    parser.add_argument("--format", choices=["latex", "markdown", "text"], default="latex")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error(f"--repeat={args.repeat!r} must be at least 1")
    if args.table:
        table(args.max_steps, args.format)
    else:
        compare(QUICK_PAIR if args.quick else PAIR, args.repeat, args.format)
    return 0


if __name__ == "__main__":
    sys.exit(main())

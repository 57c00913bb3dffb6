"""Benchmark: time and output size of ``etaproof derive zero-init --steps K`` for K = 1, 2,
4, … and the documented maximum K = 1000.

    python tests/bench/bench_derive.py [--max-steps 1000] [--format latex]

Each K runs the real command in a fresh interpreter (start-up included) and writes a
standalone document; the table shows wall time, bytes, and the ratios of time and size to the
previous row's (linear growth keeps both near the ratio of the K's; a fully substituted
Δw⁽ᵏ⁾ would at least double per step instead).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def measure(steps: int, fmt: str, directory: Path) -> tuple[float, int]:
    """(seconds, bytes) of one ``derive zero-init --steps steps`` run."""
    out = directory / f"zero_init_{steps}.{'tex' if fmt == 'latex' else fmt}"
    command = [sys.executable, "-m", "proofs", "derive", "zero-init", "--steps", str(steps)]
    command += ["--format", fmt, "--out", str(out)] + (["--standalone"] if fmt == "latex" else [])
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start, out.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-steps", type=int, default=1000)
    parser.add_argument("--format", choices=["latex", "markdown", "text"], default="latex")
    args = parser.parse_args()
    print(f"etaproof derive zero-init --steps K --format {args.format}")
    print("| K | time (s) | bytes | K / previous K | time ratio | size ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    sizes = [1 << i for i in range(11) if 1 << i < args.max_steps] + [args.max_steps]
    previous: tuple[int, float, int] | None = None
    with tempfile.TemporaryDirectory() as directory:
        for steps in sizes:
            seconds, size = measure(steps, args.format, Path(directory))
            if previous is None:
                ratios = "– | – | –"
            else:
                k, s, b = previous
                ratios = f"{steps / k:.2f} | {seconds / s:.2f} | {size / b:.2f}"
            print(f"| {steps} | {seconds:.2f} | {size} | {ratios} |", flush=True)
            previous = (steps, seconds, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())

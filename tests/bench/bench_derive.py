"""Benchmark: time and output size of ``etaproof derive zero-init --steps K`` for K = 1 … 64.

    python tests/bench/bench_derive.py [--max-steps 64] [--format latex]

Each K runs the real command in a fresh interpreter (start-up included) and writes a
standalone document; the table shows wall time, bytes, and the size ratio to K/2 (linear
growth keeps it near 2; a fully substituted Δw⁽ᵏ⁾ would at least double per step instead).
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
    parser.add_argument("--max-steps", type=int, default=64)
    parser.add_argument("--format", choices=["latex", "markdown", "text"], default="latex")
    args = parser.parse_args()
    print(f"etaproof derive zero-init --steps K --format {args.format}")
    print("| K | time (s) | bytes | bytes(K) / bytes(K/2) |")
    print("|---:|---:|---:|---:|")
    previous = None
    with tempfile.TemporaryDirectory() as directory:
        steps = 1
        while steps <= args.max_steps:
            seconds, size = measure(steps, args.format, Path(directory))
            ratio = f"{size / previous:.2f}" if previous else "–"
            print(f"| {steps} | {seconds:.2f} | {size} | {ratio} |", flush=True)
            previous, steps = size, steps * 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

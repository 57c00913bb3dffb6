"""Benchmark: start-up of the command line, against a bare interpreter.

    python tests/bench/bench_cli.py [--repeat 7]

Each row is the best of ``--repeat`` runs in a fresh interpreter (the machine may be shared):
``python -c pass``, ``etaproof --help`` and ``etaproof check --help`` (neither imports SymPy:
subcommands are imported when chosen), and ``etaproof derive --help`` (which needs it).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ROWS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "etaproof --help": [sys.executable, "-m", "proofs", "--help"],
    "etaproof check --help": [sys.executable, "-m", "proofs", "check", "--help"],
    "etaproof derive --help": [sys.executable, "-m", "proofs", "derive", "--help"],
}


def best_of(command: list[str], repeat: int) -> float:
    """The shortest wall time of ``repeat`` runs of ``command``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print("| command | best wall time (s) | × python -c pass |")
    print("|---|---:|---:|")
    bare = None
    for label, command in ROWS.items():
        seconds = best_of(command, args.repeat)
        bare = bare or seconds
        print(f"| `{label}` | {seconds:.3f} | {seconds / bare:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: every speed figure README quotes, in one run.

The numeric twin (certified kernel against the lanes kernel on normal and tie-heavy data,
defaults against the fastest configuration, the sweep's exact re-check), the phase-diagram
scaling table, derive K = 512 against K = 1000, and the command line's start-up.

    python tests/bench/bench_speed.py [--quick]

Each part is its own script in this folder, run in turn in a fresh interpreter (``--quick`` is
passed to those that take it); their tables are printed as they come.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: (script, takes --quick) in the order they run.
PARTS = (
    ("bench_numeric.py", True),
    ("bench_phase.py", True),
    ("bench_derive.py", True),
    ("bench_cli.py", False),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each part's smaller, faster run")
    args = parser.parse_args()
    failed = []
    for script, quick in PARTS:
        command = [sys.executable, str(HERE / script)] + (
            ["--quick"] if args.quick and quick else []
        )
        print(f"\n## {' '.join(['python', f'tests/bench/{script}', *command[2:]])}\n", flush=True)
        start = time.perf_counter()
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(script)
        print(f"\n({script}: {time.perf_counter() - start:.0f} s)", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

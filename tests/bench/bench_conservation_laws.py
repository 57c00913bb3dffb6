"""Benchmark: certify the count of conservation laws for every two-layer width with D ≤ 20.

Every (n, r, m) with D = r·(n + m) ≤ 20, linear and ReLU, no bias: seconds per count (the law
search, the Lie algebra's rank at a rational point and the checks) and the total, which the
target wants under a minute; then the test table (n, m ≤ 4, r ≤ 3, with and without bias).
Prints a Markdown table of the slowest cases, each count, and whether every count was
certified and agrees with the known value (linear: r(r+1)/2 when n + m ≥ r; ReLU: r).

    python tests/bench/bench_conservation_laws.py
"""

from __future__ import annotations

import sys
import time

from symbolic.theorems.conservation_laws import conservation_laws


def known(n: int, r: int, m: int, activation: str, bias: bool) -> int | None:
    """The count the literature gives, or None where it gives none (n + m < r, linear)."""
    inputs = n + int(bias)
    if activation == "relu":
        return r
    return r * (r + 1) // 2 if inputs + m >= r else None


def widths_up_to(parameters: int) -> list[tuple[int, int, int]]:
    """Every (n, r, m) of positive widths with r·(n + m) ≤ ``parameters``."""
    return [
        (n, r, m)
        for r in range(1, parameters + 1)
        for n in range(1, parameters + 1)
        for m in range(1, parameters + 1)
        if r * (n + m) <= parameters
    ]


def run(cases: list[tuple[int, int, int, str, bool]]) -> tuple[float, list[tuple], bool]:
    """Seconds in all, one row per case (seconds, widths, activation, bias, count, known),
    and whether every count was certified and matched a known value where there is one."""
    rows, good = [], True
    start = time.perf_counter()
    for n, r, m, activation, bias in cases:
        t = time.perf_counter()
        found = conservation_laws((n, r, m), activation, bias)
        seconds = time.perf_counter() - t
        expected = known(n, r, m, activation, bias)
        ok = found.certified and (expected is None or found.count == expected)
        good &= ok
        rows.append((seconds, (n, r, m), activation, bias, found.count, expected, ok))
    return time.perf_counter() - start, rows, good


def report(title: str, total: float, rows: list[tuple], good: bool, slowest: int = 8) -> None:
    verdict = "all certified and as known" if good else "SOME NOT CERTIFIED OR WRONG"
    print(f"\n## {title}: {len(rows)} counts in {total:.2f} s ({verdict})\n")
    print("| seconds | [n, r, m] | activation | bias | D | count | known |")
    print("|---:|---|---|---|---:|---:|---:|")
    for seconds, (n, r, m), activation, bias, count, expected, ok in sorted(rows, reverse=True)[
        :slowest
    ]:
        D = r * (n + int(bias) + m)
        mark = "" if ok else " ✗"
        print(f"| {seconds:.3f} | {[n, r, m]} | {activation} | {bias} | {D} | {count}{mark} | "
              f"{'—' if expected is None else expected} |")  # fmt: skip
    unusual = [row for row in rows if row[5] is None]
    if unusual:
        print("\nCounts where r(r+1)/2 does not apply (linear, n + m < r):")
        for _, (n, r, m), activation, bias, count, _, _ in unusual:
            print(f"  {[n, r, m]} {activation} bias={bias}: {count}")


def main() -> int:
    D20 = [(n, r, m, a, False) for n, r, m in widths_up_to(20) for a in ("linear", "relu")]
    total, rows, good = run(D20)
    report("every width with D ≤ 20 (target: under 60 s)", total, rows, good)
    table = [
        (n, r, m, a, bias)
        for a in ("linear", "relu")
        for bias in (False, True)
        for n in range(1, 5)
        for r in range(1, 4)
        for m in range(1, 5)
    ]
    total2, rows2, good2 = run(table)
    report("the test table: n, m ≤ 4, r ≤ 3, with and without bias", total2, rows2, good2)
    return 0 if good and good2 and total < 60 else 1


if __name__ == "__main__":
    sys.exit(main())

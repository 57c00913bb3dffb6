"""Benchmark: seconds to a verdict for every entry of the catalogue, and for the whole of it.

Each entry is decided from scratch (a fresh process per run of this script; nothing cached
between entries but the rules' formulas): the rule's formulas, the two homogeneity
conditions as verified chains, then the induction (proved) or the search and the exact
confirmation of a counterexample (refuted).  Prints a Markdown table; the target is the whole
catalogue in under a minute.

    python tests/bench/bench_prover.py
"""

from __future__ import annotations

import time

from proofs.documents.catalogue import CATALOGUE, outcome

#: The whole catalogue must take less than this (seconds).
TARGET = 60.0


def main() -> None:
    """Print the table and the total."""
    rows = ["| rule | verdict | seconds | how |", "|---|---|---:|---|"]
    started = time.perf_counter()
    for entry in CATALOGUE:
        found = outcome(entry)
        if found.verdict is not None and found.verdict.search is not None:
            how = f"{found.verdict.search.tried} datasets searched"
        elif entry.kind == "sign":
            how = "proved for η < 0 alone; a sign-crossing counterexample searched"
        elif entry.kind == "stopping":
            how = "two stopping points run exactly"
        else:
            chains = len(found.verdict.induction.chains()) if found.verdict else 0
            how = f"conditions + {chains} induction chains"
        rows.append(f"| {entry.name} | {found.status} | {found.seconds:.2f} | {how} |")
    total = time.perf_counter() - started
    rows.append(f"| **all {len(CATALOGUE)}** | | **{total:.2f}** | target < {TARGET:.0f} s |")
    print("\n".join(rows))
    if total >= TARGET:
        raise SystemExit(f"the catalogue took {total:.1f} s, more than {TARGET:.0f} s")


if __name__ == "__main__":
    main()

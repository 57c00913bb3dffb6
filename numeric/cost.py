"""What a run will cost, estimated before it starts: memory from what ``keep`` holds, time from
the work b·e·steps·d and a rough throughput per backend.

The throughputs were measured on a 2-core x86-64 machine (tests/bench/bench_numeric.py) and
are meant for orders of magnitude: to refuse a run of hours up front, or to pick the compiled
kernel when NumPy's per-step overhead would dominate, not to promise a finishing time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import TooMuchWork
from .keep import Keep

#: Updates (rate × step × (feature + PER_STEP)) per second, and seconds of Python overhead
#: per step (the NumPy loops run one Python iteration per step for a whole chunk).
THROUGHPUT = {
    "numba": 1.0e9,  # float64 certified, compiled, both cores (1.8e9 measured)
    "numpy": 1.5e8,  # float64 certified, the NumPy reference (2e8 measured)
    "int64-numba": 1.0e9,
    "int64-numpy": 1.5e8,
    "object": 1.0e7,  # Python integers, signs from float64 where certified (2e7 measured)
    "object-numba": 3.0e7,  # the same integers as int64 limbs, compiled (3e7 measured, L ≈ 6)
}
STEP_OVERHEAD = {
    "numba": 0.0,
    "numpy": 4e-5,
    "int64-numba": 0.0,
    "int64-numpy": 2e-5,
    "object": 2e-5,
    "object-numba": 0.0,
}

#: The work of one rate's step besides its d features, in units of one feature's.
PER_STEP = 4

#: Bytes per kept entry of one rate at one step (predictions and coefficients: int8 each).
BYTES_PER_PREDICTION = 2
#: w·x and its bound (float64 each), or w·x exact (a reference and a Python integer).
BYTES_PER_NET_INPUT = {"float64": 16, "int64": 8, "object": 40}


def memory_limit() -> int:
    """The bytes a run may hold: ETAPROOF_MEMORY_LIMIT (a number of bytes, or with a K/M/G/T
    suffix) when set, else three quarters of the machine's physical memory (8 GiB when the
    system does not say)."""
    text = os.environ.get("ETAPROOF_MEMORY_LIMIT", "").strip().upper()
    if text:
        units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
        scale = units.get(text[-1], 1)
        try:
            return int(float(text.rstrip("KMGTB") or "0") * scale)
        except ValueError:
            pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * 3 // 4
    except (AttributeError, ValueError, OSError):
        return 8 * 2**30


@dataclass(frozen=True)
class Estimate:
    """The cost of one run: bytes held at its peak and seconds (rough)."""

    bytes: int
    seconds: float


def estimate(
    b: int, e: int, steps: int, d: int, n: int, *, keep: Keep, arithmetic: str, backend: str
) -> Estimate:
    """The cost of training b datasets × e rates for ``steps`` steps (d features, n samples).

    ``arithmetic`` is ``"float64"``, ``"int64"`` or ``"object"``; ``backend`` ``"numpy"`` or
    ``"numba"``."""
    fits = b * e
    held = fits * d * 8 * 4 + b * n * d * 8 * 6  # weights, S, copies; the inputs and constants
    if keep.predictions:
        held += fits * steps * BYTES_PER_PREDICTION
    if keep.everything:
        held += fits * steps * BYTES_PER_NET_INPUT[arithmetic]
    entry = 40 if arithmetic == "object" else 8
    held += fits * len(keep.steps) * d * entry
    wide = "object-numba" if backend == "numba" else "object"
    kind = {"float64": backend, "int64": f"int64-{backend}", "object": wide}[arithmetic]
    seconds = fits * steps * (d + PER_STEP) / THROUGHPUT[kind] + steps * STEP_OVERHEAD[kind]
    return Estimate(held, seconds)


def check_memory(cost: Estimate, what: str, advice: str) -> None:
    """Raise :class:`TooMuchWork` when ``cost`` holds more than :func:`memory_limit`."""
    limit = memory_limit()
    if cost.bytes > limit:
        raise TooMuchWork(
            f"{what} would hold about {human_bytes(cost.bytes)}, more than the "
            f"{human_bytes(limit)} allowed (ETAPROOF_MEMORY_LIMIT); {advice}",
            cost.bytes,
        )


def human_bytes(count: float) -> str:
    """``1.5 GB``, ``320 MB``: powers of 1000, three significant digits."""
    for unit in ("B", "kB", "MB", "GB", "TB", "PB"):
        if count < 999.5 or unit == "PB":
            return f"{count:.3g} {unit}"
        count /= 1000
    raise AssertionError("unreachable")


def human_seconds(seconds: float) -> str:
    """``0.5 s``, ``40 s``, ``12 min``, ``3.5 h``, ``21 days``."""
    for unit, size, until in (("s", 1, 90), ("min", 60, 90 * 60), ("h", 3600, 48 * 3600)):
        if seconds < until:
            return f"{_two_digits(seconds / size)} {unit}"
    return f"{_two_digits(seconds / 86400)} days"


def _two_digits(value: float) -> str:
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"

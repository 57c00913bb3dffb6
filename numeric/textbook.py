"""The textbook's small random initial weights, drawn exactly as its code draws them.

The book initialises ``w = RandomState(seed).normal(loc=0.0, scale=0.01, size=1 + d)`` with
the bias weight *first*; etaproof keeps the bias weight *last*, so the draw is rotated.  Each
draw is a float64, taken at its exact binary value wherever etaproof computes exactly.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np

from .errors import DimensionMismatch


def textbook_weights(seed: int, d: int) -> np.ndarray:
    """w⁽⁰⁾ of length d + 1 (bias last) as the book draws it with ``seed`` for d features."""
    if not isinstance(d, Integral) or isinstance(d, bool) or d < 1:
        raise DimensionMismatch(f"d={d!r} must be a positive whole number of features", d)
    if not isinstance(seed, Integral) or isinstance(seed, bool) or not 0 <= seed < 2**32:
        raise DimensionMismatch(f"seed={seed!r} must be a whole number from 0 to 2**32 - 1", seed)
    draw = np.random.RandomState(int(seed)).normal(loc=0.0, scale=0.01, size=1 + int(d))
    return np.concatenate([draw[1:], draw[:1]])

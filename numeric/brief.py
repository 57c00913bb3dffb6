"""Short text for numbers that may be huge exact rationals (a 1e-400 read exactly has a
401-digit denominator): for error messages and near-tie reports, never for computing."""

from __future__ import annotations

import math
from fractions import Fraction

#: Exact text up to this many characters; beyond it, an approximation marked ≈.
LONGEST_EXACT = 24


def approximately(value: Fraction) -> str:
    """``value`` to three significant digits, like ``f"{x:.3g}"`` but beyond float64's range
    too (``-2e-360``, ``1e+400``)."""
    if value == 0:
        return "0"
    if 1e-300 < abs(value) < 1e300:
        return f"{float(value):.3g}"
    exponent = math.floor(math.log10(abs(value.numerator)) - math.log10(value.denominator))
    mantissa = float(value / Fraction(10) ** exponent)
    text = f"{mantissa:.3g}"
    if text.lstrip("-") == "10":  # log10 was a hair low
        text, exponent = text.replace("10", "1"), exponent + 1
    return f"{text}e{exponent:+03d}"


def exactly_or_approximately(value: Fraction) -> str:
    """``= 0``, ``= -1/25`` when the exact text is short, else ``≈ -2e-360``."""
    text = str(value)
    return f"= {text}" if len(text) <= LONGEST_EXACT else f"≈ {approximately(value)}"


def shown(value: object) -> str:
    """``repr(value)`` for messages, an approximation when that would be long."""
    text = repr(value)
    if len(text) <= LONGEST_EXACT + 12:
        return text
    if isinstance(value, Fraction | int):
        return f"≈{approximately(Fraction(value))}"
    return f"{text[:24]}…{text[-8:]}"

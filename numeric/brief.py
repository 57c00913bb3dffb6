"""Short text for numbers that may be huge exact rationals (a 1e-400 read exactly has a
401-digit denominator, a 1e-5000 one has more digits than Python will turn into text): for
error messages, near-tie reports and JSON, never for computing.

Exact values are written ``-1/25`` when that is short, else with a power-of-ten exponent:
``1e-5000``, ``-3.5e-5000``, ``2e-10000/3`` (the decimal part exactly, then the part of the
denominator that is prime to 10); beyond that, to three digits and marked ``≈``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

#: Exact text up to this many characters; beyond it, an approximation marked ≈.
LONGEST_EXACT = 24

#: Integers up to this many bits are turned into decimal digits directly (≈ 29 digits; Python
#: refuses beyond 4300 digits, and nobody reads that many).
_SHORT_BITS = 96


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


def short_exact(value: Fraction, longest: int = LONGEST_EXACT) -> str | None:
    """``value`` exactly in at most ``longest`` characters, or None: its plain text
    (``-1/25``), else a decimal with a power-of-ten exponent over the denominator's part prime
    to 10 (``1e-5000``, ``-3.5e-5000``, ``2e-10000/3``)."""
    value = Fraction(value)
    p, q = value.numerator, value.denominator
    if max(p.bit_length(), q.bit_length()) <= _SHORT_BITS:
        text = str(value)
        if len(text) <= longest:
            return text
    if p == 0:
        return "0"
    twos_p, fives_p = _valuation(abs(p), 2), _valuation(abs(p), 5)
    twos_q, fives_q = _valuation(q, 2), _valuation(q, 5)
    rest_p = abs(p) >> twos_p
    rest_p //= 5**fives_p
    rest_q = (q >> twos_q) // 5**fives_q
    twos, fives = twos_p - twos_q, fives_p - fives_q  # value = ±rest_p/rest_q · 2^twos · 5^fives
    exponent = min(twos, fives)  # pull out 10^exponent, leaving a whole mantissa
    if max(rest_p.bit_length(), rest_q.bit_length()) > _SHORT_BITS or abs(twos - fives) > 200:
        return None
    mantissa = rest_p * 2 ** (twos - exponent) * 5 ** (fives - exponent)
    if mantissa.bit_length() > _SHORT_BITS:
        return None
    digits = str(mantissa)
    text = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    text = ("-" if p < 0 else "") + f"{text}e{exponent + len(digits) - 1}"
    if rest_q != 1:
        text += f"/{rest_q}"
    return text if len(text) <= longest else None


def _valuation(number: int, prime: int) -> int:
    """The exponent of ``prime`` in ``number`` > 0, in O(log) big divisions."""
    if prime == 2:
        return (number & -number).bit_length() - 1
    powers = [prime]
    while number % (powers[-1] * powers[-1]) == 0:
        powers.append(powers[-1] * powers[-1])
    count = 0
    for level in range(len(powers) - 1, -1, -1):
        if number % powers[level] == 0:
            number //= powers[level]
            count += 1 << level
    while number % prime == 0:  # at most a few left
        number //= prime
        count += 1
    return count


def exactly_or_approximately(value: Fraction) -> str:
    """``= 0``, ``= -1/25`` or ``= 1e-5000`` when an exact text is short, else ``≈ -2e-360``."""
    text = short_exact(value)
    return f"= {text}" if text is not None else f"≈ {approximately(Fraction(value))}"


def exact_text(value: Fraction | int) -> str:
    """``value`` exactly, as short as :func:`short_exact` can make it, else every digit (no
    limit on their number: for JSON)."""
    value = Fraction(value)
    text = short_exact(value, longest=10**9)
    if text is not None:
        return text
    p, q = value.numerator, value.denominator
    return _digits(p) if q == 1 else f"{_digits(p)}/{_digits(q)}"


def _digits(number: int) -> str:
    if number.bit_length() <= 10_000:
        return str(number)
    return str(Decimal(number))  # not subject to the int-to-text digit limit


def shown(value: object) -> str:
    """``repr(value)`` for messages, an approximation when that would be long."""
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        size = (
            value.bit_length()
            if isinstance(value, int)
            else max(value.numerator.bit_length(), value.denominator.bit_length())
        )
        if size > _SHORT_BITS:
            exact = short_exact(Fraction(value))
            return exact if exact is not None else f"≈{approximately(Fraction(value))}"
    text = repr(value)
    if len(text) <= LONGEST_EXACT + 12:
        return text
    if isinstance(value, Fraction | int):
        return f"≈{approximately(Fraction(value))}"
    return f"{text[:24]}…{text[-8:]}"

"""The non-zero-init document's textbook table: every rate lies inside the range printed for
its phase (the short decimals round outward), and the book's rate gives the book's figure."""

from __future__ import annotations

import re
from fractions import Fraction

from proofs.documents.textbook_phases import RATES, textbook_phase_blocks
from symbolic.derivations.document import Table


def test_each_rate_lies_inside_the_range_printed_for_its_phase():
    table = next(block for block in textbook_phase_blocks() if isinstance(block, Table))
    assert len(table.rows) == len(RATES)
    for rate, row in zip(RATES, table.rows, strict=True):
        left, low, high, right = re.fullmatch(r"([\[(])(.+), (.+)([\])])", row[2]).groups()
        assert Fraction(low) < rate or (left == "[" and Fraction(low) <= rate)
        assert high == "∞" or rate < Fraction(high) or (right == "]" and rate <= Fraction(high))


def test_the_books_rate_gives_the_books_errors_per_epoch():
    table = next(block for block in textbook_phase_blocks() if isinstance(block, Table))
    book = table.rows[RATES.index(Fraction(1, 10))]
    assert book[3] == "1 3 3 2 1 0 0 0 0 0"  # the book's figure (its loop: tests/numeric)

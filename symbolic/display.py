"""Readable results in Jupyter for the symbolic side: :mod:`numeric.display` (one-line repr,
HTML with the verdict on top) plus what SymPy results need, the table of checks and
expressions in a line.

Expressions are written by etaproof's text printer through :func:`symbolic.printable.plain_text`
(the one lazy path to the printers), cut to a line; the HTML is built with the standard
library, as for the numeric results.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sympy import MatrixBase, count_ops

from numeric.display import MAX_CELL, Table, cut, one_line, plural, shown_text, to_html
from symbolic.printable import plain_text


class CheckLike(Protocol):
    """What a table of checks reads: a :class:`symbolic.Check` or a homogeneity condition."""

    @property
    def name(self) -> str: ...

    @property
    def statement(self) -> str: ...

    @property
    def shown(self) -> bool: ...


def checks_table(checks: Iterable[CheckLike]) -> Table:
    """One row per check: its name, shown or not shown, and its statement (with the detail or
    the failure, when there is one)."""
    rows = []
    for check in checks:
        why = getattr(check, "detail", "") or getattr(check, "failure", "")
        statement = f"{check.statement} ({why})" if why else check.statement
        rows.append((check.name, shown_text(check.shown), statement))
    return Table.of(("check", "outcome", "statement"), rows)


def shown_count(checks: Iterable[CheckLike]) -> str:
    """``4/4 checks shown`` for a repr."""
    checks = list(checks)
    return f"{sum(c.shown for c in checks)}/{plural(len(checks), 'check')} shown"


def expression(expr: object, width: int = MAX_CELL) -> str:
    """An expression (or a column vector, as ``[a, b]``) in etaproof's text notation, on one
    line; the count of operations instead when it would be longer than ``width``."""
    entries = list(expr) if isinstance(expr, MatrixBase) else None
    if entries is not None:
        text = "[" + ", ".join(plain_text(e) for e in entries) + "]"
    else:
        text = plain_text(expr)
    if len(text) <= width:
        return text
    try:
        ops = sum(count_ops(e) for e in entries) if entries is not None else count_ops(expr)
    except (TypeError, AttributeError):  # not a SymPy object after all
        return cut(text, width)
    return f"({ops} operations)"


__all__ = [
    "Table",
    "checks_table",
    "cut",
    "expression",
    "one_line",
    "plural",
    "shown_count",
    "shown_text",
    "to_html",
]

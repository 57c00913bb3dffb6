"""Readable results in Jupyter, with the standard library only.

Every result object of etaproof shows itself three ways:

- ``repr``: one line, ``Name(verdict, facts, …)``, never a dump of expressions or arrays
  (:func:`one_line`);
- ``str``: the sentence or report ``print()`` gives;
- ``_repr_html_``: the verdict on top in bold, a short table (the checks, the phases, the
  steps), the rest folded in ``<details>`` (:func:`to_html`).

Every piece of text is escaped with :func:`html.escape`: a statement such as ``z < 0`` is
shown, never read as markup.  Both twins use this module (:mod:`symbolic.render.html` adds the
table of checks); renderers never decide a verdict, they are handed one.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .brief import approximately, short_exact

#: Rows a table shows; the rest are counted in one line below it.
MAX_ROWS = 20

#: Characters a cell of text or a repr part keeps before it is cut with "…".
MAX_CELL = 160

_CELL = ' style="text-align:left;vertical-align:top"'


@dataclass(frozen=True)
class Table:
    """A short table: ``headers``, the ``rows`` shown (each cell turned into text) and
    ``total``, the number of rows there are (more than shown when the table was cut)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    total: int | None = None

    @classmethod
    def of(
        cls, headers: Sequence[str], rows: Iterable[Sequence[object]], total: int | None = None
    ) -> Table:
        """A table of at most :data:`MAX_ROWS` of ``rows`` (``total``: how many there are,
        when ``rows`` is already cut)."""
        kept: list[tuple[object, ...]] = []
        count = 0
        for row in rows:
            count += 1
            if len(kept) < MAX_ROWS:
                kept.append(tuple(row))
        return cls(tuple(headers), tuple(kept), count if total is None else total)

    @property
    def left_off(self) -> int:
        """How many rows are not shown."""
        return max(0, (self.total or len(self.rows)) - len(self.rows))


def one_line(name: str, *parts: object) -> str:
    """``Name(part, part, …)`` on one line: the repr every result uses."""
    return " ".join(f"{name}({', '.join(str(part) for part in parts)})".split())


def cut(text: object, width: int = MAX_CELL) -> str:
    """``text`` on one line, cut to ``width`` characters with "…"."""
    line = " ".join(str(text).split())
    return line if len(line) <= width else line[: width - 1] + "…"


def number(value: object) -> str:
    """A number briefly: exact rationals exactly when short (else ≈ three digits), floats to
    six significant digits."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Fraction | int):
        text = short_exact(Fraction(value))
        return text if text is not None else f"≈{approximately(Fraction(value))}"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def vector(values: Iterable[object]) -> str:
    """``[a, b, …]`` with every entry as :func:`number` writes it."""
    return "[" + ", ".join(number(v) for v in values) + "]"


def shown_text(shown: bool) -> str:
    """A check's outcome in a table: "shown" or "not shown"."""
    return "shown" if shown else "not shown"


def shown_count(checks: Iterable[object]) -> str:
    """``4/4 checks shown`` for a repr (each check has a ``shown`` flag)."""
    checks = list(checks)
    shown = sum(bool(getattr(c, "shown", False)) for c in checks)
    return f"{shown}/{plural(len(checks), 'check')} shown"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 step``, ``2 steps``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def to_html(
    verdict: str,
    *,
    lead: str = "",
    table: Table | None = None,
    details: Sequence[tuple[str, str | Table]] = (),
) -> str:
    """The rich display: ``verdict`` in bold, ``lead`` (a sentence, or a quote) below it,
    ``table``, then each of ``details`` folded as ``<details><summary>…</summary>…``, its body
    plain text (kept as written, in ``<pre>``) or a :class:`Table`.  All text is escaped."""
    parts = ['<div class="etaproof-result">', f"<p><strong>{_escaped(verdict)}</strong></p>"]
    if lead:
        parts.append(f"<p>{_escaped(lead)}</p>")
    if table is not None:
        parts.append(_table(table))
    for summary, body in details:
        inner = _table(body) if isinstance(body, Table) else f"<pre>{html.escape(body)}</pre>"
        parts.append(f"<details><summary>{_escaped(summary)}</summary>\n{inner}\n</details>")
    parts.append("</div>")
    return "\n".join(parts)


def _escaped(text: str) -> str:
    return "<br>".join(html.escape(line) for line in str(text).split("\n"))


def _table(table: Table) -> str:
    head = "".join(f"<th{_CELL}>{html.escape(h)}</th>" for h in table.headers)
    rows = [
        "<tr>" + "".join(f"<td{_CELL}>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in table.rows
    ]
    text = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]
    if table.left_off:
        text.append(f"<p>… and {table.left_off} more</p>")
    return "\n".join(text)


__all__ = [
    "MAX_ROWS",
    "Table",
    "cut",
    "number",
    "one_line",
    "plural",
    "shown_count",
    "shown_text",
    "to_html",
]

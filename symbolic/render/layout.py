"""Line breaking for displayed math: the LaTeX printer marks where an expression may break,
this module decides where it does.  Only lays out; it never changes what is printed.

The LaTeX printer writes an expression with five private-use marks in it:

- :data:`OPEN` … :data:`CLOSE` around every pair of parentheses it adds.  :func:`resolve`
  sizes them by nesting, as answer 1 does by hand: the innermost pair is ``(…)``, the pair
  around it ``\\bigl(…\\bigr)``, the ones further out ``\\Bigl(…\\Bigr)``; a pair around
  a displayed fraction is a ``\\Bigl`` one.  Fixed sizes, unlike ``\\left(…\\right)``, may
  open on one line and close on the next, and a function name keeps its spacing:
  ``\\phi(z)``, never ``\\phi (z)``.
- :data:`SUM_BREAK` before the ``+``/``−`` of a sum, :data:`DOT_BREAK` before the ``·`` of a
  dot product, :data:`FACTOR_BREAK` between the factors of a product.

:func:`break_lines` splits an expression that is wider than its line at the outermost marks
that make it fit: a sum inside the fewest parentheses first, a dot product next, between
factors last (continued with ``\\times``).  A continued line starts ``{}`` so that its
operator keeps its spacing.  :func:`chain_rows` lays out a chain ``a = b = c …`` (or a list
of definitions): one row per step, broken before ``=`` as a textbook does; a long step
continues on indented rows; a left side too long to share a line goes on its own row, the
steps below it; each reason goes at the end of its step's last row when it fits, otherwise
on rows of its own, split between words.  Widths are estimated by
:mod:`symbolic.render.widths`, in one pass per row, so a document is laid out in time
linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar, cast

from symbolic.render.widths import math_width, plain_text_width

OPEN, CLOSE = "\ue000", "\ue001"
SUM_BREAK, DOT_BREAK, FACTOR_BREAK = "\ue002", "\ue003", "\ue004"
BreakKind = Literal["sum", "dot", "factor"]
_BREAKS: dict[str, BreakKind] = {SUM_BREAK: "sum", DOT_BREAK: "dot", FACTOR_BREAK: "factor"}
_MARKS = frozenset((OPEN, CLOSE, *_BREAKS))
#: What :func:`resolve` looks at: the marks, braces, fractions, ``\\left``/``\\right`` and
#: ``\\begin``/``\\end`` (escaped braces skipped).
_SIGNIFICANT = re.compile(r"\\[{}]|\\(?:d?frac|left|right|begin|end)(?![A-Za-z])|[{}\ue000-\ue004]")
#: Commands that open and close what a row cannot break inside (besides braces).
_GROUPS = {r"\left": 1, r"\begin": 1, r"\right": -1, r"\end": -1}

#: Delimiter sizes: by nesting depth, at least 2 around a displayed fraction (1 around one in
#: text), never smaller than a pair inside, and no larger than ``\Bigl`` (as answer 1).
_OPENERS = ("(", r"\bigl(", r"\Bigl(")
_CLOSERS = (")", r"\bigr)", r"\Bigr)")

#: The space a continued row is indented by (``\qquad``), and the room ``=`` takes.
INDENT = 2.0
_RELATION = 0.778 + 2 * 0.278
#: The room kept between a row and its reason, and the width of ``\times`` with its spaces.
_REASON_GAP = 1.5
_TIMES = 0.778 + 2 * 0.222
_SPACE = 0.333


def bracketed(tex: str) -> str:
    """``tex`` in parentheses that the layout sizes."""
    return OPEN + tex + CLOSE


def has_marks(tex: str) -> bool:
    return not _MARKS.isdisjoint(tex)


@dataclass(frozen=True)
class _Break:
    kind: BreakKind
    depth: int

    @property
    def priority(self) -> int:
        """Lower breaks first: sums by depth, then dot products, factors only as a last
        resort."""
        if self.kind == "factor":
            return 1000 + self.depth
        return 2 * self.depth + (self.kind == "dot")


def break_priority(kind: BreakKind, depth: int) -> int:
    """The priority of a break of ``kind`` inside ``depth`` pairs of parentheses (lower
    breaks first), for every printer that breaks displayed math."""
    return _Break(kind, depth).priority


def resolve(tex: str, *, display: bool) -> tuple[list[str], list[_Break]]:
    """``tex`` with its parentheses sized, cut at its break marks: the pieces between the
    breaks, and the breaks.  A mark inside braces (a fraction, a script), a
    ``\\left…\\right`` or an environment (a matrix) cannot break and is dropped.  (A pair
    may open in one piece and close in a later one, so each piece stays a list of tokens
    until its openers are known.)"""
    pieces: list[list[str]] = [[]]
    breaks: list[_Break] = []
    # per open pair: [piece, token index, deepest nesting inside, a \frac inside, braces,
    # largest size inside]
    stack: list[list] = []
    braces, groups, start = 0, 0, 0
    for match in _SIGNIFICANT.finditer(tex):
        token = match.group()
        current = pieces[-1]
        if match.start() > start:
            current.append(tex[start : match.start()])
        start = match.end()
        if token == OPEN:
            stack.append([len(pieces) - 1, len(current), -1, False, braces, 0])
            current.append("(")
        elif token == CLOSE:
            if stack:
                piece, index, inner, fraction, depth, inner_size = stack.pop()
                floor = (2 if display and depth == 0 else 1) if fraction else 0
                size = min(max(inner + 1, inner_size, floor), len(_OPENERS) - 1)
                pieces[piece][index] = _OPENERS[size]
                current.append(_CLOSERS[size])
                if stack:
                    stack[-1][2] = max(stack[-1][2], inner + 1)
                    stack[-1][5] = max(stack[-1][5], size)
            else:
                current.append(")")
        elif token in _BREAKS:
            if braces == 0 and groups == 0:
                breaks.append(_Break(_BREAKS[token], len(stack)))
                pieces.append([])
        else:
            if token == "{":
                braces += 1
            elif token == "}":
                braces -= 1
            elif token in _GROUPS:
                groups += _GROUPS[token]
            elif token in (r"\frac", r"\dfrac") and stack:
                stack[-1][3] = True
            current.append(token)
    pieces[-1].append(tex[start:])
    return ["".join(piece) for piece in pieces], breaks


def finish(tex: str, *, display: bool = True) -> str:
    """``tex`` as final LaTeX: parentheses sized, break marks removed."""
    if not has_marks(tex):
        return tex
    return "".join(resolve(tex, display=display)[0])


def break_lines(tex: str, first: float, rest: float) -> list[tuple[str, float]]:
    """Displayed math ``tex`` as lines no wider than ``first`` (the first line) and ``rest``
    (the others) where the marks allow: (line, estimated width) pairs.  A continued line
    starts with ``{}`` (and ``\\times`` where a product was broken)."""
    pieces, breaks = resolve(tex, display=True)
    widths = [math_width(piece if i == 0 else "{}" + piece) for i, piece in enumerate(pieces)]
    # what a line starting at piece j (j > 0) adds: \times for a broken product
    lead = [0.0] + [_TIMES if b.kind == "factor" else 0.0 for b in breaks]
    lines = choose_lines(widths, [b.priority for b in breaks], lead, first, rest)
    out = []
    for lo, hi in lines:
        text = "".join(pieces[lo:hi])
        if lo:
            text = "{} " + (r"\times " if breaks[lo - 1].kind == "factor" else "") + text.lstrip()
        out.append((text, sum(widths[lo:hi]) + lead[lo]))
    return out


def choose_lines(
    widths: Sequence[float],
    priorities: Sequence[int],
    lead: Sequence[float],
    first: float,
    rest: float,
) -> list[tuple[int, int]]:
    """Where to break a row of pieces (``widths`` em each, ``priorities[j - 1]`` the
    priority of the break before piece j, lowest first, ``lead[j]`` what a line starting at
    piece j adds) into lines no wider than ``first`` (the first line) and ``rest`` (the
    others): the (first piece, end) of each line.  The breaks of the lowest priority that
    make a line fit are taken, each line filled greedily; a piece wider than its line stands
    alone.  Shared by every printer that breaks displayed math."""

    def width(lo: int, hi: int) -> float:
        return sum(widths[lo:hi]) + (lead[lo] if lo else 0.0)

    def split(lo: int, hi: int, budget: float) -> list[tuple[int, int]]:
        if hi - lo == 1 or width(lo, hi) <= budget:
            return [(lo, hi)]
        best = min(priorities[j - 1] for j in range(lo + 1, hi))
        cuts = [j for j in range(lo + 1, hi) if priorities[j - 1] == best]
        groups = list(zip([lo, *cuts], [*cuts, hi], strict=True))
        lines: list[tuple[int, int]] = []
        start: int | None = None
        for glo, ghi in groups:
            if start is not None and width(start, ghi) <= budget:
                continue  # the group joins the current line
            if start is not None:
                lines.append((start, glo))
                budget = rest
            if width(glo, ghi) <= budget:
                start = glo
            else:
                parts = split(glo, ghi, budget)
                lines += parts[:-1]
                start = parts[-1][0]
                if len(parts) > 1:
                    budget = rest
        assert start is not None  # every group starts or joins a line
        lines.append((start, hi))
        return lines

    return split(0, len(widths), first)


# -- chains -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Math:
    """A math part of a reason: final LaTeX, set inline."""

    tex: str


ReasonPart = str | Math
#: A part of a reason in any printer's terms: text, or one of its expressions.
P = TypeVar("P")


@dataclass(frozen=True)
class Equation:
    """One step of a chain: ``lhs = rhs`` (``lhs`` empty for a step that continues the chain)
    and its reason (None for a definition).  ``lhs`` and ``rhs`` carry the printer's marks."""

    lhs: str
    rhs: str
    reason: tuple[ReasonPart, ...] | None = None


@dataclass(frozen=True)
class Row:
    """One row of an alignment: ``left`` (right-aligned, before the alignment point), then
    ``indent`` quads of 2 em and ``right``; ``reason`` the reason set on this row, if any, as
    its lines.  A row with only a reason carries a reason that did not fit beside its step.
    ``more``: the step goes on in the next row (no page break there)."""

    left: str = ""
    right: str = ""
    indent: int = 0
    reason: tuple[tuple[ReasonPart, ...], ...] | None = None
    width: float = 0.0  # of indent and right, estimated
    more: bool = False
    number: int | None = None  # the chain's equation number, set on this row


Placement = Literal["tag", "column", "below"]


def chain_rows(equations: Sequence[Equation], width: float, reasons: Placement) -> list[Row]:
    """The rows of a chain (or of definitions) for a line ``width`` em wide.

    ``reasons``: "tag" for a reason set flush right on its row (LaTeX's ``\\tag*``, each row
    on its own), "column" for a reason in a column of its own (MathJax's ``aligned``, where
    that column starts after the widest row), "below" for every reason on rows of its own
    under its step."""
    lefts = [finish(eq.lhs) for eq in equations]
    left_widths = [math_width(tex) for tex in lefts]
    col1 = max(left_widths, default=0.0)
    own_start = _start_on_own_row(equations, col1, width)
    steps: list[list[Row]] = []
    for i, eq in enumerate(equations):
        rows: list[Row] = []
        if own_start and i == 0:
            col1 = 0.0
            for j, (line, w) in enumerate(break_lines(eq.lhs, width, width - 2 * INDENT)):
                indent = 2 if j else 0
                rows.append(Row("", line, indent, width=indent * INDENT + w))
        first_indent = 1 if own_start else 0
        rest_indent = 2 if own_start else 1
        left = "" if own_start else lefts[i]
        first = width - col1 - first_indent * INDENT - _RELATION
        rest = width - col1 - rest_indent * INDENT
        for j, (line, w) in enumerate(break_lines(eq.rhs, first, rest)):
            if j == 0:
                rows.append(
                    Row(
                        left, "= " + line, first_indent, width=first_indent * INDENT + _RELATION + w
                    )
                )
            else:
                rows.append(Row("", line, rest_indent, width=rest_indent * INDENT + w))
        steps.append(rows)
    return _place_reasons(equations, steps, col1, width, reasons)


def _start_on_own_row(equations: Sequence[Equation], col1: float, width: float) -> bool:
    """True when a chain's left side is too wide to stand before its ``=`` signs."""
    if len(equations) == 0 or not equations[0].lhs or any(eq.lhs for eq in equations[1:]):
        return False
    if col1 <= width / 3:
        return False
    widest = max(math_width(finish(eq.rhs)) for eq in equations)
    return col1 + _RELATION + widest > width


def _place_reasons(
    equations: Sequence[Equation],
    steps: list[list[Row]],
    col1: float,
    width: float,
    placement: Placement,
) -> list[Row]:
    """Each step's rows with its reason on the last row when it fits, else on rows of its
    own after it."""
    widest = max((row.width for rows in steps for row in rows), default=0.0)
    if placement == "tag":
        own_budget = width - 1.0
    else:
        own_budget = width - col1 - INDENT
    reason_widths = [_parts_width(eq.reason) if eq.reason else 0.0 for eq in equations]
    if placement == "column":
        # rows of their own in the math column may widen it; the column of reasons starts
        # after the widest row, so decide on the widest row once they are placed
        for eq, w in zip(equations, reason_widths, strict=True):
            if eq.reason and col1 + widest + _REASON_GAP + w > width:
                for line in split_reason(eq.reason, own_budget):
                    widest = max(widest, INDENT + _parts_width(line))
    out: list[Row] = []
    for eq, rows, w in zip(equations, steps, reason_widths, strict=True):
        if eq.reason:
            last = rows[-1]
            # amsmath shifts an align* to the left to make room for a tag, as long as the
            # row, the tag and twice \mintagsep fit; a column of reasons starts after the
            # widest row
            right_edge = col1 + (last.width if placement == "tag" else widest)
            if placement != "below" and right_edge + _REASON_GAP + w <= width:
                rows = [*rows[:-1], replace(last, reason=(eq.reason,))]
            else:
                rows = [*rows, Row(reason=tuple(split_reason(eq.reason, own_budget)))]
        out += [replace(row, more=True) for row in rows[:-1]] + [rows[-1]]
    return out


#: Room for an equation number "(12)" and its gap, in em.
NUMBER_WIDTH = 3.5


def numbered(rows: list[Row], number: int, width: float) -> list[Row]:
    """The rows of a chain with its equation ``number`` set last, after the last row's math
    and reason (as a textbook sets "definition …   (12)"): on the chain's last row when it
    fits there, else on a row of its own after the chain, never above a reason."""
    if not rows:
        return [Row(number=number)]
    last = rows[-1]
    alone = last.reason is not None and not (last.left or last.right)
    col1 = max((math_width(row.left) for row in rows), default=0.0)
    used = 0.0 if alone else col1 + last.width
    fits = last.reason is None or len(last.reason) == 1
    if last.reason is not None and fits:
        used += (0.0 if alone else _REASON_GAP) + _parts_width(last.reason[0])
    if fits and used + NUMBER_WIDTH <= width:
        return [*rows[:-1], replace(last, number=number)]
    return [*[replace(row, more=True) for row in rows], Row(number=number)]


def split_reason(
    parts: tuple[P | str, ...],
    budget: float,
    width: Callable[[tuple[P | str, ...]], float] | None = None,
) -> list[tuple[P | str, ...]]:
    """A reason as lines no wider than ``budget`` em, broken between words (an expression,
    any part that is not a string, is one word, glued to the words it touches); ``width``
    measures a line of parts (default: text and :class:`Math` LaTeX)."""
    # the default reads ReasonPart lines (P is Math there)
    measure = width or cast("Callable[[tuple[P | str, ...]], float]", _parts_width)
    words: list[list[P | str]] = [[]]
    for part in parts:
        if not isinstance(part, str):
            words[-1].append(part)
            continue
        for k, chunk in enumerate(part.split(" ")):
            if k:
                words.append([])
            if chunk:
                words[-1].append(chunk)
    words = [word for word in words if word]
    lines: list[list[list[P | str]]] = []
    used = 0.0
    for word in words:
        w = measure(tuple(word))
        if lines and used + _SPACE + w <= budget:
            lines[-1].append(word)
            used += _SPACE + w
        else:
            lines.append([word])
            used = w
    return [_joined(line) for line in lines]


def _joined(words: list[list[P | str]]) -> tuple[P | str, ...]:
    """Words back into parts, a space between words (merged into text parts)."""
    parts: list[P | str] = []
    for k, word in enumerate(words):
        for m, part in enumerate(word):
            text = " " if k and m == 0 else ""
            if isinstance(part, str):
                part = text + part
                text = ""
            if text:
                _append(parts, text)
            _append(parts, part)
    return tuple(parts)


def _append(parts: list[P | str], part: P | str) -> None:
    if isinstance(part, str) and parts and isinstance(parts[-1], str):
        parts[-1] += part
    else:
        parts.append(part)


def _parts_width(parts: tuple[ReasonPart, ...]) -> float:
    return sum(
        math_width(p.tex, "T") if isinstance(p, Math) else plain_text_width(p) for p in parts
    )

"""Displayed MathML laid out to the page, as :mod:`symbolic.render.layout` lays out LaTeX.
Only lays out; it never changes what is printed.

The MathML printer marks the elements it builds with two attributes, which :func:`unmarked`
removes once the layout is done:

- ``data-fence="open"`` and ``"close"`` on the two ``<mo>`` of each pair of parentheses it
  adds.  :func:`size_fences` sizes them by nesting, as answer 1 does by hand and the LaTeX
  printer does with ``\\bigl``: the innermost pair at the font's size, the pair around it
  1.2 times that, the ones further out 1.5 times; a pair around a fraction at least 1.2
  times, stretched to the fraction in displayed math.  A sized parenthesis is the font's
  glyph scaled (``mathsize``) and lowered back onto the axis, never a stretchy operator
  (which MathML Core makes as wide as the font's widest variant), so that a pair may also
  open on one line and close on the next.
- ``data-break="sum"``, ``"dot"`` or ``"factor"`` on an operator before which a row may break:
  the ``+`` and ``−`` of a sum, the ``·`` of a dot product, the invisible times between factors.

:func:`break_row` breaks a displayed expression wider than its line where the LaTeX printer
would (:func:`symbolic.render.layout.choose_lines`: a sum inside the fewest parentheses
first, a dot product next, between factors last, continued with ``×``).  :func:`chain_rows`
lays out a chain (or definitions) as rows ``lhs = rhs`` of a table: a long step continues on
indented rows, a left side too long to share a line goes on its own row, and each reason
goes in a column of its own when it fits beside the widest row, else on rows of its own
below its step, split between words.  Widths are estimated in em of a Latin Modern–like
math font by :func:`measure`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.dom.minidom import Document as Dom
from xml.dom.minidom import Element, Node

from symbolic.render.layout import break_priority, choose_lines, split_reason

FENCE, BREAK = "data-fence", "data-break"
#: How far a scaled parenthesis is lowered (read by :func:`unmarked`, which wraps it in an
#: ``<mpadded>`` that does it).
_LOWER = "data-lower"
_MARKS = (FENCE, BREAK, _LOWER)

#: The sizes of parentheses by nesting, times the font's size (as ``(``, ``\bigl(`` and
#: ``\Bigl(`` look, drawn a little heavier).
FENCE_SIZES = (1.0, 1.2, 1.5)

#: Elements whose children after the first are set smaller (scripts), and fractions.
_SCRIPTED = frozenset(("msub", "msup", "msubsup", "munder", "mover", "munderover"))
#: Room, in em: a continued row's indent, ``=`` with its spaces, ``×`` with its spaces, the
#: gap before a reason column, a space between words.
INDENT = 2.0
RELATION = 0.78 + 2 * 0.278
TIMES = 0.78 + 2 * 0.222
REASON_GAP = 2.0
_SPACE = 0.3
#: Reasons are set at this fraction of the math's size.
REASON_SCALE = 0.9

# -- widths -----------------------------------------------------------------------------------

_NARROW = frozenset("ijlrtf")
_WIDE = frozenset("mwMW")
_OPERATOR_WIDTHS = {
    "+": 0.78, "−": 0.78, "-": 0.78, "=": 0.78, "≠": 0.78, "≤": 0.78, "≥": 0.78, "<": 0.78,
    ">": 0.78, "×": 0.78, "⋅": 0.28, "·": 0.28, "/": 0.5, ",": 0.28, "(": 0.39, ")": 0.39,
    "[": 0.28, "]": 0.28, "|": 0.28, "∑": 1.05, "∂": 0.57, "′": 0.28, "∗": 0.5, "\u2062": 0.0,
}  # fmt: skip
_BINARY = frozenset("+−-×⋅·")
_RELATIONS = frozenset("=≠≤≥<>")


def text_width(text: str) -> float:
    """The width of ``text`` in em (letters, digits, Greek, bold math letters, spaces)."""
    total = 0.0
    for ch in text:
        code = ord(ch)
        if 0x300 <= code < 0x370:  # combining marks (a hat on y)
            continue
        if ch == " " or ch == "\u00a0":
            total += _SPACE
        elif ch in _NARROW:
            total += 0.32
        elif ch in _WIDE:
            total += 0.8
        elif ch.isupper():
            total += 0.72
        elif ch.isalpha() and code < 0x80:
            total += 0.5
        elif ch.isdigit() and code < 0x80:
            total += 0.5
        elif 0x1D400 <= code < 0x1D800:  # bold math letters and digits
            total += 0.62
        elif ch.isalpha():  # Greek and the rest
            total += 0.58
        else:
            total += 0.35
    return total


def _operator_width(mo: Element, scale: float) -> float:
    """An operator's glyph and the spaces around it (none for a prefix minus, none on a
    side whose space is set to 0)."""
    text = token_text(mo)
    glyph = _OPERATOR_WIDTHS.get(text, text_width(text))
    size = mo.getAttribute("mathsize")
    if size:
        glyph *= float(size.removesuffix("%")) / 100
    elif mo.getAttribute("stretchy") == "true" and text in "()":
        glyph *= 2.0  # a stretchy parenthesis: as wide as its widest variant
    side = 0.0
    if text in _BINARY and mo.getAttribute("form") != "prefix":
        side = 0.222
    elif text in _RELATIONS:
        side = 0.278
    space = sum(0.0 if mo.getAttribute(s) == "0" else side for s in ("lspace", "rspace"))
    if text == ",":
        space = 0.167
    return (glyph + space) * scale


def measure(node: Node, *, display: bool = True, scale: float = 1.0) -> float:
    """The estimated width of a MathML element in em (``display``: set in display style)."""
    if node.nodeType == Node.TEXT_NODE:
        return text_width(_unescape(node.data)) * scale  # type: ignore[attr-defined]
    if node.nodeType != Node.ELEMENT_NODE:
        return 0.0
    assert isinstance(node, Element)
    tag = node.tagName
    children = _elements(node)
    smaller = max(scale * 0.71, 0.5)
    if tag in ("mi", "mn", "mtext"):
        return text_width(token_text(node)) * scale
    if tag == "mo":
        return _operator_width(node, scale)
    if tag == "mspace":
        return float(node.getAttribute("width").removesuffix("em") or 0) * scale
    if tag in ("msub", "msup"):
        return measure(children[0], display=display, scale=scale) + measure(
            children[1], display=False, scale=smaller
        )
    if tag == "msubsup":
        return measure(children[0], display=display, scale=scale) + max(
            measure(child, display=False, scale=smaller) for child in children[1:]
        )
    if tag in ("munder", "mover", "munderover"):
        return max(
            measure(children[0], display=display, scale=scale),
            *(measure(child, display=False, scale=smaller) for child in children[1:]),
        )
    if tag == "mfrac":
        inner = scale if display else smaller
        return 0.2 + max(measure(child, display=False, scale=inner) for child in children)
    if tag == "msqrt":
        return 0.9 * scale + sum(measure(c, display=display, scale=scale) for c in children)
    if tag == "mtable":
        return max(
            (sum(measure(cell, display=display, scale=scale) for cell in _elements(row))
             for row in children),
            default=0.0,
        )  # fmt: skip
    return sum(measure(child, display=display, scale=scale) for child in node.childNodes)


# -- parentheses ------------------------------------------------------------------------------


@dataclass
class _Pair:
    open: Element
    scripted: bool
    inner: int = -1  # the deepest nesting of pairs inside (-1: none)
    largest: int = 0  # the largest size inside
    fraction: bool = False


def size_fences(node: Element, *, display: bool) -> None:
    """Give every pair of parentheses in ``node`` its size by nesting (see the module
    docstring)."""
    _size(node, [], display, scripted=False)


def _size(node: Element, stack: list[_Pair], display: bool, scripted: bool) -> None:
    for i, child in enumerate(_elements(node)):
        fence = child.getAttribute(FENCE) if child.tagName == "mo" else ""
        if fence == "open":
            stack.append(_Pair(child, scripted))
        elif fence == "close":
            pair = stack.pop()
            stretch = pair.fraction and display and not pair.scripted
            floor = 1 if pair.fraction else 0
            size = min(max(pair.inner + 1, pair.largest, floor), len(FENCE_SIZES) - 1)
            for mo in (pair.open, child):
                set_fence_size(mo, size, stretch=stretch)
            if stack:
                stack[-1].inner = max(stack[-1].inner, pair.inner + 1)
                stack[-1].largest = max(stack[-1].largest, size)
        else:
            if child.tagName == "mfrac" and stack:
                stack[-1].fraction = True
            smaller = child.tagName == "mfrac" or (node.tagName in _SCRIPTED and i > 0)
            _size(child, stack, display, scripted or smaller)


def set_fence_size(mo: Element, size: int, *, stretch: bool = False) -> None:
    """Set a parenthesis to size ``size`` (0: the font's): a glyph of the font scaled by
    ``mathsize`` and lowered back onto the math axis, never stretched, since a stretchy
    operator is as wide as the widest of its font's variants (MathML Core), which leaves a
    gap beside a parenthesis in Latin Modern.  ``stretch``: around a displayed fraction,
    stretched to it after all (at least the size asked)."""
    scale = FENCE_SIZES[size]
    if stretch:
        mo.setAttribute("stretchy", "true")
        mo.setAttribute("minsize", f"{scale:g}em")
        return
    mo.setAttribute("stretchy", "false")
    if scale != 1.0:
        mo.setAttribute("mathsize", f"{scale * 100:g}%")
        # the glyph's middle is on the axis (0.25em up) at the font's size: scaled by s it
        # rises to 0.25·s em, so it is lowered by 0.25·(s − 1) em
        mo.setAttribute(_LOWER, f"{-0.25 * (scale - 1):.3g}em")


# -- breaking rows ----------------------------------------------------------------------------


def break_row(dom: Dom, node: Element, first: float, rest: float) -> list[tuple[Element, float]]:
    """Displayed math ``node`` (its parentheses sized) as lines no wider than ``first`` (the
    first line) and ``rest`` (the others) where its break marks allow: (line, estimated
    width) pairs.  A line continuing a product starts with ``×``; one continuing a sum or a
    dot product with its operator, spaced as an operator between two terms."""
    pieces: list[list[Element]] = [[]]
    kinds: list[str] = []
    priorities: list[int] = []
    depth = 0
    for token in _flattened(node):
        fence = token.getAttribute(FENCE) if token.tagName == "mo" else ""
        kind = token.getAttribute(BREAK) if token.tagName == "mo" else ""
        if kind and pieces[-1]:
            pieces.append([])
            kinds.append(kind)
            priorities.append(break_priority(kind, depth))  # type: ignore[arg-type]
        pieces[-1].append(token)
        depth += 1 if fence == "open" else -1 if fence == "close" else 0
    widths = [sum(measure(token) for token in piece) for piece in pieces]
    lead = [0.0] + [TIMES if kind == "factor" else 0.0 for kind in kinds]
    if sum(widths) <= first or len(pieces) == 1:
        return [(node, sum(widths))]
    out = []
    for lo, hi in choose_lines(widths, priorities, lead, first, rest):
        line = dom.createElement("mrow")
        tokens = [token for piece in pieces[lo:hi] for token in piece]
        if lo and kinds[lo - 1] == "factor":
            times = dom.createElement("mo")
            times.setAttribute("form", "infix")
            times.appendChild(dom.createTextNode("×"))
            tokens[0] = times
        elif lo:
            tokens[0].setAttribute("form", "infix")
        for token in tokens:
            line.appendChild(token)
        out.append((line, sum(widths[lo:hi]) + lead[lo]))
    return out


def _flattened(node: Element) -> list[Element]:
    """The elements of a row in reading order, ``<mrow>`` groups opened (scripts,
    fractions and the like stay whole): what a line break may fall between."""
    if node.tagName not in ("mrow", "math"):
        return [node]
    return [token for child in _elements(node) for token in _flattened(child)]


# -- chains -----------------------------------------------------------------------------------

#: A part of a reason: words, or an expression's MathML element (set inline).
ReasonPart = str | Element


@dataclass(frozen=True)
class Step:
    """One step of a chain: ``lhs = rhs`` (``lhs`` None for a step that continues the chain)
    and its reason (None for a definition).  ``lhs`` and ``rhs`` carry the printer's marks."""

    lhs: Element | None
    rhs: Element
    reason: tuple[ReasonPart, ...] | None = None


@dataclass
class Row:
    """One row of a chain's table: ``left`` (right-aligned, before ``=``), then ``indent``
    quads of 2 em and ``right``; ``reason`` the reason set in the column of reasons on this
    row, if any.  A row with only a reason (``alone``) holds one line of a reason that did not
    fit beside its step, set under the right side.  ``number``: the chain's equation number,
    set on this row."""

    left: Element | None = None
    right: list[Element] = field(default_factory=list)
    indent: int = 0
    reason: tuple[ReasonPart, ...] | None = None
    width: float = 0.0
    alone: bool = False
    number: int | None = None


def reason_width(parts: Sequence[ReasonPart]) -> float:
    """The width of a reason's line in em (at the reasons' size)."""
    return REASON_SCALE * sum(
        text_width(part) if isinstance(part, str) else measure(part, display=False)
        for part in parts
    )


def chain_rows(dom: Dom, steps: Sequence[Step], width: float) -> list[Row]:
    """The rows of a chain (or of definitions) for a line ``width`` em wide (see the
    module docstring)."""
    for step in steps:
        for side in (step.lhs, step.rhs):
            if side is not None:
                size_fences(side, display=True)
    left_widths = [measure(step.lhs) if step.lhs is not None else 0.0 for step in steps]
    col1 = max(left_widths, default=0.0)
    own_start = _start_on_own_row(steps, col1, width)
    per_step: list[list[Row]] = []
    for i, step in enumerate(steps):
        rows: list[Row] = []
        left = step.lhs
        if own_start and i == 0:
            assert step.lhs is not None
            col1, left = 0.0, None
            for j, (line, w) in enumerate(break_row(dom, step.lhs, width, width - 2 * INDENT)):
                indent = 2 if j else 0
                rows.append(Row(right=[line], indent=indent, width=indent * INDENT + w))
        first_indent, rest_indent = (1, 2) if own_start else (0, 1)
        first = width - col1 - first_indent * INDENT - RELATION
        rest = width - col1 - rest_indent * INDENT
        for j, (line, w) in enumerate(break_row(dom, step.rhs, first, rest)):
            if j == 0:
                equals = _equals(dom)
                total = first_indent * INDENT + RELATION + w
                rows.append(Row(left, [equals, line], first_indent, width=total))
            else:
                rows.append(Row(right=[line], indent=rest_indent, width=rest_indent * INDENT + w))
        per_step.append(rows)
    return _place_reasons(steps, per_step, col1, width)


def _equals(dom: Dom) -> Element:
    mo = dom.createElement("mo")
    mo.setAttribute("form", "infix")
    mo.appendChild(dom.createTextNode("="))
    return mo


def _start_on_own_row(steps: Sequence[Step], col1: float, width: float) -> bool:
    """True when a chain's left side is too wide to stand before its ``=`` signs."""
    if not steps or steps[0].lhs is None or any(s.lhs is not None for s in steps[1:]):
        return False
    if col1 <= width / 3:
        return False
    widest = max(measure(step.rhs) for step in steps)
    return col1 + RELATION + widest > width


def _place_reasons(
    steps: Sequence[Step], per_step: list[list[Row]], col1: float, width: float
) -> list[Row]:
    """Each step's rows with its reason in the column of reasons when it fits after the
    widest row, else on rows of its own after the step."""
    widest = max((row.width for rows in per_step for row in rows), default=0.0)
    budget = width - col1 - INDENT
    out: list[Row] = []
    for step, rows in zip(steps, per_step, strict=True):
        if step.reason:
            if col1 + widest + REASON_GAP + reason_width(step.reason) <= width:
                rows[-1].reason = step.reason
            else:
                lines = split_reason(step.reason, budget / REASON_SCALE, reason_width)
                rows += [Row(reason=line, alone=True) for line in lines]
        out += rows
    return out


def numbered(rows: list[Row], number: int) -> list[Row]:
    """The rows of a chain with its equation ``number`` on its last row, after the last
    reason when that has a row of its own (the number ends the chain, never above a reason)."""
    if not rows:
        return [Row(number=number)]
    rows[-1].number = number
    return rows


# -- the marks --------------------------------------------------------------------------------


def unmarked(node: Element) -> Element:
    """``node`` with the layout's marks removed (at any depth), a scaled parenthesis put in
    the ``<mpadded>`` that lowers it onto the axis."""
    for child in _elements(node):
        lower = child.getAttribute(_LOWER)
        unmarked(child)
        if lower:
            dom = node.ownerDocument
            assert dom is not None  # every element here was made by the printer's DOM
            padded = dom.createElement("mpadded")
            padded.setAttribute("voffset", lower)
            node.replaceChild(padded, child)
            padded.appendChild(child)
    for mark in _MARKS:
        if node.hasAttribute(mark):
            node.removeAttribute(mark)
    return node


def _elements(node: Node) -> list[Element]:
    return [child for child in node.childNodes if child.nodeType == Node.ELEMENT_NODE]  # type: ignore[misc]


def token_text(node: Node) -> str:
    """The text of a token element (its character references read)."""
    return _unescape("".join(c.data for c in node.childNodes if c.nodeType == Node.TEXT_NODE))  # type: ignore[attr-defined]


_REFERENCE = re.compile(r"&(#x[0-9A-Fa-f]+|#\d+|lt|gt|amp|quot);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _NAMED[ref]

    return _REFERENCE.sub(one, text) if "&" in text else text

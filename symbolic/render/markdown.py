"""Markdown output: prose with ``$…$`` inline math and one MathJax ``$$ … $$`` block per
chain, so it pastes into a Q&A site or a Jupyter Markdown cell.  Only renders.

:class:`MarkdownPrinter` is the LaTeX printer with the few block methods that differ: the
document and headings in Markdown, pipe tables, ``aligned`` instead of ``align*`` (MathJax has
no ``align*`` and no ``\\tag`` inside ``aligned``), so a reason goes in a column of its own
(``&& \\textstyle \\text{…}``) when it fits there and on rows of its own below its step
otherwise, and words inside ``\\text{…}`` as MathJax reads them (η stays η: MathJax's
``\\text`` holds no math).  Rows are broken as in LaTeX, for a line as wide as a fragment's.
"""

from __future__ import annotations

from symbolic.derivations.document import (
    Chain,
    Document,
    EquationRef,
    Heading,
    ProofEnd,
    ProofStart,
    Table,
    Theorem,
)
from symbolic.derivations.inference import Part
from symbolic.render.latex import NotationLatexPrinter, _cell
from symbolic.render.layout import Math, Placement, ReasonPart, Row

_MD_SPECIALS = str.maketrans({"*": r"\*", "_": r"\_", "`": r"\`"})


def text_markdown(text: str) -> str:
    """Plain text with Markdown's emphasis characters escaped."""
    return text.translate(_MD_SPECIALS)


def math_text(text: str) -> str:
    """Text inside ``\\text{…}`` for MathJax (braces and backslashes escaped)."""
    return text.replace("\\", r"\backslash ").replace("{", r"\{").replace("}", r"\}")


class MarkdownPrinter(NotationLatexPrinter):
    """The LaTeX printer writing Markdown documents with MathJax math."""

    format_name = "Markdown"
    reason_placement: Placement = "column"

    def line_width(self) -> float:
        if self._settings["line_width"] is not None:
            return float(self._settings["line_width"])
        return 34.0

    def _print_Document(self, document: Document) -> str:
        """The document with one style of reasons on the whole page: each in the column
        beside its step, or, when one of them does not fit there, all under their steps."""
        self._begin(document)
        self._reasons_below = False
        blocks = [self._print(block) for block in document.blocks]
        if self._reasons_below and self.reason_placement == "column":
            self.reason_placement = "below"
            self._begin(document)
            blocks = [self._print(block) for block in document.blocks]
        return "\n\n".join([f"# {self._prose_text(document.title)}", *blocks]) + "\n"

    def _print_Heading(self, heading: Heading) -> str:
        return f"## {self._prose_text(heading.text)}"

    def _print_Table(self, table: Table) -> str:
        def row(cells: tuple) -> str:
            return "| " + " | ".join(self._prose(_cell(cell)) for cell in cells) + " |"

        rule = "|" + "|".join("---" for _ in table.header) + "|"
        return "\n".join([row(table.header), rule, *[row(cells) for cells in table.rows]])

    def _reference(self, ref: EquationRef) -> str:
        """The number of a chain, in parentheses (its ``\\tag``)."""
        return f"({self._numbers[(ref.derivation.start, ref.derivation.result)]})"

    def _print_Theorem(self, theorem: Theorem) -> str:
        return f"**{self._prose_text(theorem.kind)}.** *{self._prose(theorem.parts)}*"

    def _print_ProofStart(self, _: ProofStart) -> str:
        return "*Proof.*"

    def _print_ProofEnd(self, _: ProofEnd) -> str:
        return "∎"

    def _print_Chain(self, chain: Chain) -> str:
        """A chain as laid out, its number as a ``\\tag`` after the block (nothing moves)."""
        return self._display(self._rows(chain.verified()), self._next_number())

    def _display(self, rows: list[Row], number: int | None = None) -> str:
        """One MathJax ``aligned`` block; a numbered chain gets ``\\tag{n}`` after it (MathJax
        takes no tag inside ``aligned``)."""
        rows = [r for r in rows if r.left or r.right or r.reason is not None]
        lines = []
        for row in rows:
            if row.reason is not None and not (row.left or row.right):
                self._reasons_below = True
                lines += [r"&\qquad " + self._reason_text(line) for line in row.reason]
                continue
            tex = f"{row.left} &" + r"\qquad " * row.indent + row.right
            if row.reason is not None:
                tex += " && " + self._reason_text(row.reason[0])
            lines.append(tex)
        tag = "" if number is None else f"\n\\tag{{{number}}}"
        return "$$\n\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}" + tag + "\n$$"

    def _paragraph(self, parts: tuple[Part, ...]) -> str:
        return self._prose(parts)

    def _reason_text(self, parts: tuple[ReasonPart, ...]) -> str:
        """A reason in math, set in text style: words as ``\\text{…}``."""
        return r"\textstyle " + "".join(
            part.tex if isinstance(part, Math) else rf"\text{{{self._math_text(part)}}}"
            for part in parts
        )

    def _math_text(self, text: str) -> str:
        return math_text(text)

    def _prose_text(self, text: str) -> str:
        return text_markdown(text)

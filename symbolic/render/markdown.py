"""Markdown output: prose with ``$…$`` inline math and one MathJax ``$$ … $$`` block per
chain, so it pastes into a Q&A site or a Jupyter Markdown cell.  Only renders.

:class:`MarkdownPrinter` is the LaTeX printer with the few block methods that differ: the
document and headings in Markdown, pipe tables, ``aligned`` instead of ``align*`` (MathJax has
no ``align*`` and no ``\\tag`` inside ``aligned``), and words inside ``\\text{…}`` as MathJax
reads them (η stays η: MathJax's ``\\text`` holds no math).
"""

from __future__ import annotations

from symbolic.derivations.document import Document, Heading, Table
from symbolic.render.latex import NotationLatexPrinter, _cell

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

    def _print_Document(self, document: Document) -> str:
        document.check_definitions()
        blocks = [self._print(block) for block in document.blocks]
        return "\n\n".join([f"# {self._prose_text(document.title)}", *blocks]) + "\n"

    def _print_Heading(self, heading: Heading) -> str:
        return f"## {self._prose_text(heading.text)}"

    def _print_Table(self, table: Table) -> str:
        def row(cells: tuple) -> str:
            return "| " + " | ".join(self._prose(_cell(cell)) for cell in cells) + " |"

        rule = "|" + "|".join("---" for _ in table.header) + "|"
        return "\n".join([row(table.header), rule, *[row(cells) for cells in table.rows]])

    def _display(self, rows: list[str]) -> str:
        return "$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$"

    def _math_text(self, text: str) -> str:
        return math_text(text)

    def _prose_text(self, text: str) -> str:
        return text_markdown(text)

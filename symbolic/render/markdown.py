"""Markdown output: prose with ``$…$`` inline math and one MathJax ``$$ … $$`` block per
chain, so it pastes into a Q&A site or a Jupyter Markdown cell.  Only renders.

MathJax has no ``align*`` and no ``\\tag`` inside ``aligned``; chains use ``aligned`` with the
reason in a second column.  Every command comes from :mod:`symbolic.render_latex`'s printer.
"""

from __future__ import annotations

from symbolic.render.latex import chain_rows, latex

_MD_SPECIALS = str.maketrans({"*": r"\*", "_": r"\_", "`": r"\`"})


def text_markdown(text: str) -> str:
    """Plain text with Markdown's emphasis characters escaped."""
    return text.translate(_MD_SPECIALS)


def math_text(text: str) -> str:
    """Text inside ``\\text{…}`` for MathJax (braces and backslashes escaped)."""
    return text.replace("\\", r"\backslash ").replace("{", r"\{").replace("}", r"\}")


def parts_markdown(parts) -> str:
    """Prose parts: text escaped, expressions as inline ``$…$``."""
    return "".join(
        text_markdown(part) if isinstance(part, str) else f"${latex(part, inline=True)}$"
        for part in parts
    )


def aligned_block(rows: list[tuple[str, str, str]]) -> str:
    """Rows (left, right, reason) as one ``$$\\begin{aligned} … \\end{aligned}$$`` block."""
    lines = [rf"{left} &= {right} && {reason}" for left, right, reason in rows]
    return "$$\n\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}\n$$"


def derivation_markdown(derivation) -> str:
    """A derivation as one MathJax block."""
    rows = [
        (left, right, _mathjax_reason(reason)) for left, right, reason in chain_rows(derivation)
    ]
    return aligned_block(rows)


def _mathjax_reason(reason: str) -> str:
    # The LaTeX renderer writes η and φ inside \text as $\eta$; MathJax's \text has no math.
    return reason.replace(r"$\eta$", "η").replace(r"$\phi$", "φ")


def document_markdown(document) -> str:
    """A document as Markdown."""
    from symbolic.derivations.document import Chain, Definitions, Heading, Paragraph, Table

    out = [f"# {text_markdown(document.title)}"]
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(f"## {text_markdown(block.text)}")
        elif isinstance(block, Paragraph):
            out.append(parts_markdown(block.parts))
        elif isinstance(block, Chain):
            out.append(derivation_markdown(block.verified()))
        elif isinstance(block, Definitions):
            rows = [rf"{latex(lhs)} &= {latex(rhs)}" for lhs, rhs in block.pairs]
            out.append("$$\n\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}\n$$")
        elif isinstance(block, Table):
            out.append(_table_markdown(block))
    return "\n\n".join(out) + "\n"


def _cell(cell) -> tuple:
    return cell if isinstance(cell, tuple) else (cell,)


def _table_markdown(table) -> str:
    def row(cells) -> str:
        return "| " + " | ".join(parts_markdown(_cell(cell)) for cell in cells) + " |"

    rule = "|" + "|".join("---" for _ in table.header) + "|"
    return "\n".join([row(table.header), rule, *[row(cells) for cells in table.rows]])

"""LaTeX output: SymPy's printer in reading order, ``align*`` chains, documents.

Only renders.  Expressions go through :class:`NotationLatexPrinter` (SymPy's ``LatexPrinter``;
the notation's own ``_latex`` hooks print x⁽ᵏ⁾, Δw⁽ᵏ⁾, ŷ⁽ᵏ⁾, φ and a·b); text parts are
escaped.  Documents need only amsmath and amssymb.
"""

from __future__ import annotations

from sympy import Add, Expr, Mul, Pow
from sympy.printing.latex import LatexPrinter

from symbolic.render.reading_order import needs_reordering, ordered_terms, split_factors

_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "η": r"$\eta$",
    "φ": r"$\phi$",
    "−": "-",
    "–": "--",
    "—": "---",
    "’": "'",
    "…": r"\dots{}",
}


class NotationLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer writing products and sums in reading order (η (y − ŷ) x)."""

    def _print_Mul(self, expr: Expr) -> str:
        if not needs_reordering(expr) or any(
            isinstance(f, Pow) and f.exp.is_negative for f in expr.args
        ):
            return super()._print_Mul(expr)
        scalars, dots, vectors = split_factors(expr)
        tail = dots + vectors
        pieces = [self._factor(f, bracket=len(tail) > 1 and not f.is_Symbol) for f in tail]
        head = Mul(*scalars)
        if head == 1:
            return " ".join(pieces)
        if head == -1:
            return "- " + " ".join(pieces)
        head_tex = self._print(head)
        if head.is_Add:
            head_tex = rf"\left({head_tex}\right)"
        return " ".join([head_tex, *pieces])

    def _factor(self, factor: Expr, bracket: bool) -> str:
        tex = self._print(factor)
        return rf"\left({tex}\right)" if factor.is_Add or (bracket and not factor.is_Atom) else tex

    def _print_Add(self, expr: Expr, order: str | None = None) -> str:
        return super()._print_Add(Add._from_args(ordered_terms(expr)), order="none")


def latex(expr: Expr, *, inline: bool = False) -> str:
    """One expression as LaTeX in the seed's notation (``inline``: fractions as a/b)."""
    return NotationLatexPrinter({"fold_short_frac": inline}).doprint(expr)


def text_latex(text: str) -> str:
    """Plain text made safe for LaTeX (specials escaped, η and φ as math)."""
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)


def parts_latex(parts, *, in_math: bool) -> str:
    """Prose parts: text, and expressions as math (inline ``$…$`` or, in math, ``\\text``)."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(rf"\text{{{text_latex(part)}}}" if in_math else text_latex(part))
        else:
            out.append(latex(part) if in_math else f"${latex(part, inline=True)}$")
    return (" " if in_math else "").join(out)


def chain_rows(derivation) -> list[tuple[str, str, str]]:
    """(left side, right side, reason) for each line of a derivation, as LaTeX (verified
    first: a renderer never prints a chain that did not verify as printed)."""
    derivation = derivation.verify()
    rows = []
    for i, step in enumerate(derivation.steps):
        left = latex(derivation.start) if i == 0 else ""
        reason = parts_latex(step.because.citation, in_math=True)
        rows.append((left, latex(step.expr), reason))
    return rows


def derivation_latex(derivation) -> str:
    """A derivation as an ``align*`` environment, reasons on the right."""
    lines = [rf"{left} &= {right} && {reason}" for left, right, reason in chain_rows(derivation)]
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def document_latex(document, *, standalone: bool = True) -> str:
    """A :class:`symbolic.document.Document` as LaTeX (a full file, or a fragment)."""
    from symbolic.derivations.document import Chain, Definitions, Heading, Paragraph, Table

    body: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            body.append(rf"\section*{{{text_latex(block.text)}}}")
        elif isinstance(block, Paragraph):
            body.append(parts_latex(block.parts, in_math=False))
        elif isinstance(block, Chain):
            body.append(derivation_latex(block.verified()))
        elif isinstance(block, Definitions):
            rows = [rf"{latex(lhs)} &= {latex(rhs)}" for lhs, rhs in block.pairs]
            body.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")
        elif isinstance(block, Table):
            body.append(_table_latex(block))
    text = "\n\n".join(body) + "\n"
    if not standalone:
        return f"% {text_latex(document.title)}\n" + text
    return _PREAMBLE.format(title=text_latex(document.title)) + text + "\\end{document}\n"


def _cell(cell) -> tuple:
    return cell if isinstance(cell, tuple) else (cell,)


def _table_latex(table) -> str:
    columns = "l" * len(table.header)

    def row(cells) -> str:
        return " & ".join(parts_latex(_cell(cell), in_math=False) for cell in cells) + r" \\"

    lines = [rf"\begin{{tabular}}{{{columns}}}", r"\hline", row(table.header), r"\hline"]
    lines += [row(cells) for cells in table.rows] + [r"\hline", r"\end{tabular}"]
    return "\\begin{center}\n" + "\n".join(lines) + "\n\\end{center}"


_PREAMBLE = r"""\documentclass[11pt]{{article}}
\usepackage{{amsmath}}
\usepackage{{amssymb}}
\setlength{{\textwidth}}{{16.5cm}}
\setlength{{\oddsidemargin}}{{-0.2cm}}
\setlength{{\evensidemargin}}{{-0.2cm}}
\setlength{{\textheight}}{{23cm}}
\setlength{{\topmargin}}{{-1.5cm}}
\setlength{{\parindent}}{{0pt}}
\setlength{{\parskip}}{{0.6em}}
% \left( after a function name without the extra space TeX puts before an inner atom
\let\originalleft\left
\let\originalright\right
\renewcommand{{\left}}{{\mathopen{{}}\mathclose\bgroup\originalleft}}
\renewcommand{{\right}}{{\aftergroup\egroup\originalright}}
\allowdisplaybreaks
\title{{{title}}}
\date{{}}
\begin{{document}}
\maketitle

"""

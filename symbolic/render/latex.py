"""LaTeX output: SymPy's printer in reading order, the notation, ``align*`` chains, documents.

Only renders.  :class:`NotationLatexPrinter` is SymPy's ``LatexPrinter`` with one
``_print_<ClassName>`` method per class of the model, found through the class's MRO as SymPy
finds its own: the notation (``_print_VectorSymbol``, ``_print_Dot``, ``_print_phi``, …) and
the document's blocks (``_print_Document``, ``_print_Chain``, …).  Text parts are escaped.
Documents need only amsmath and amssymb.  :mod:`symbolic.render.markdown` subclasses it.
"""

from __future__ import annotations

from typing import ClassVar

from sympy import Add, Expr, Mul, Pow, Symbol
from sympy.printing.latex import LatexPrinter

from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import Dot, VectorSymbol
from symbolic.derivations.checking import Sign
from symbolic.derivations.derivation import Derivation
from symbolic.derivations.document import Chain, Definitions, Document, Heading, Paragraph, Table
from symbolic.derivations.inference import Part
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.perceptron.notation import HatSymbol
from symbolic.render.names import CheckedNames
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

#: How the model's function classes are named (φ's opaque twin :class:`Sign` is φ too).
_FUNCTION_NAMES: dict[type, str] = {phi: r"\phi", Sign: r"\phi", Dot: r"\cdot"}


def latex_superscript(sup: str) -> str:
    """The LaTeX of a step index such as ``k-1``: spaced like SymPy prints ``k - 1``."""
    return sup.replace("-", " - ").replace("+", " + ")


def phi_latex(printer: LatexPrinter, expr: Expr, exp: str | None = None) -> str:
    """φ(z) as ``\\phi\\left(z\\right)`` (to the power ``exp``), for any LaTeX printer: this
    one, and SymPy's stock one (see :mod:`symbolic.printable`)."""
    tex = rf"{printer._print(expr.func)}\left({printer._print(expr.args[0])}\right)"
    return tex if exp is None else f"{tex}^{{{exp}}}"


class NotationLatexPrinter(CheckedNames, LatexPrinter):
    """SymPy's LaTeX printer writing the seed's notation, products and sums in reading order
    (η (y − ŷ) x), and documents (``standalone``: a full file, else a fragment)."""

    format_name = "LaTeX"
    _default_settings: ClassVar[dict] = {**LatexPrinter._default_settings, "standalone": True}

    # -- the notation ------------------------------------------------------------------------

    def _print_VectorSymbol(self, expr: VectorSymbol) -> str:
        delta, base, sup = expr.parts
        tex = (r"\Delta " if delta else "") + rf"\mathbf{{{base}}}"
        return tex if sup is None else f"{tex}^{{({latex_superscript(sup)})}}"

    def _print_IndexedSymbol(self, expr: IndexedSymbol) -> str:
        if expr.parts is None:
            return self._print_Symbol(expr)
        base, sup, sub = expr.parts
        tex = f"{self._print(Symbol(base))}^{{({sup})}}"
        return tex + (f"_{{{sub}}}" if sub else "")

    def _print_HatSymbol(self, expr: HatSymbol) -> str:
        base, sup = expr.parts
        return rf"\hat{{{base}}}^{{({latex_superscript(sup)})}}"

    def _print_FunctionClass(self, expr: type) -> str:
        return _FUNCTION_NAMES.get(expr) or super()._print_FunctionClass(expr)

    def _print_phi(self, expr: Expr, exp: str | None = None) -> str:
        return phi_latex(self, expr, exp)

    def _print_Sign(self, expr: Expr, exp: str | None = None) -> str:
        return phi_latex(self, expr, exp)

    def _print_Dot(self, expr: Expr, exp: str | None = None) -> str:
        left, right = (self._dot_side(arg) for arg in expr.args)
        tex = f"{left} {self._print(expr.func)} {right}"
        return tex if exp is None else rf"\left({tex}\right)^{{{exp}}}"

    def _dot_side(self, arg: Expr) -> str:
        tex = self._print(arg)
        return rf"\left({tex}\right)" if arg.is_Add else tex

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

    # -- the document's blocks ---------------------------------------------------------------

    def _print_Document(self, document: Document) -> str:
        document.check_definitions()
        body = "\n\n".join(self._print(block) for block in document.blocks) + "\n"
        title = self._prose_text(document.title)
        if not self._settings["standalone"]:
            return f"% {title}\n" + body
        return _PREAMBLE.format(title=title) + body + "\\end{document}\n"

    def _print_Heading(self, heading: Heading) -> str:
        return rf"\section*{{{self._prose_text(heading.text)}}}"

    def _print_Paragraph(self, paragraph: Paragraph) -> str:
        return self._prose(paragraph.parts)

    def _print_Chain(self, chain: Chain) -> str:
        return self._print(chain.verified())

    def _print_Derivation(self, derivation: Derivation) -> str:
        """The chain verified as it is now, one ``lhs &= e && reason`` row per step."""
        derivation = derivation.verify()
        rows = []
        for i, step in enumerate(derivation.steps):
            left = self._print(derivation.start) if i == 0 else ""
            reason = self._reason(step.because.citation)
            rows.append(rf"{left} &= {self._print(step.expr)} && {reason}")
        return self._display(rows)

    def _print_Definitions(self, definitions: Definitions) -> str:
        return self._display(
            [rf"{self._print(lhs)} &= {self._print(rhs)}" for lhs, rhs in definitions.pairs]
        )

    def _print_Table(self, table: Table) -> str:
        columns = "l" * len(table.header)

        def row(cells: tuple) -> str:
            return " & ".join(self._prose(_cell(cell)) for cell in cells) + r" \\"

        lines = [rf"\begin{{tabular}}{{{columns}}}", r"\hline", row(table.header), r"\hline"]
        lines += [row(cells) for cells in table.rows] + [r"\hline", r"\end{tabular}"]
        return "\\begin{center}\n" + "\n".join(lines) + "\n\\end{center}"

    # -- the pieces a subclass changes -------------------------------------------------------

    def _display(self, rows: list[str]) -> str:
        """Aligned rows ``a &= b`` as one displayed environment."""
        return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"

    def _math_text(self, text: str) -> str:
        """Words inside ``\\text{…}`` in math."""
        return text_latex(text)

    def _prose_text(self, text: str) -> str:
        """Words in prose."""
        return text_latex(text)

    def _reason(self, parts: tuple[Part, ...]) -> str:
        """A citation in math: words as ``\\text{…}``, expressions as math."""
        return " ".join(
            rf"\text{{{self._math_text(part)}}}" if isinstance(part, str) else self._print(part)
            for part in parts
        )

    def _prose(self, parts: tuple[Part, ...]) -> str:
        """Prose parts: words, and expressions as inline ``$…$``."""
        return "".join(
            self._prose_text(part) if isinstance(part, str) else f"${self._inline(part)}$"
            for part in parts
        )

    def _inline(self, expr: Expr) -> str:
        """An expression in running text: short fractions as a/b."""
        folded = self._settings["fold_short_frac"]
        self._settings["fold_short_frac"] = True
        try:
            return self._print(expr)
        finally:
            self._settings["fold_short_frac"] = folded


def latex(expr: Expr, *, inline: bool = False) -> str:
    """One expression as LaTeX in the seed's notation (``inline``: fractions as a/b)."""
    return NotationLatexPrinter({"fold_short_frac": inline}).doprint(expr)


def text_latex(text: str) -> str:
    """Plain text made safe for LaTeX (specials escaped, η and φ as math)."""
    return "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)


def _cell(cell: Part | tuple[Part, ...]) -> tuple[Part, ...]:
    return cell if isinstance(cell, tuple) else (cell,)


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

"""LaTeX output: SymPy's printer in reading order, the notation, ``align*`` chains, documents.

Only renders.  :class:`NotationLatexPrinter` is SymPy's ``LatexPrinter`` with one
``_print_<ClassName>`` method per class of the model, found through the class's MRO as SymPy
finds its own: the notation (``_print_VectorSymbol``, ``_print_Dot``, ``_print_phi``, …) and
the document's blocks (``_print_Document``, ``_print_Chain``, …).  Text parts are escaped.

Sums, products and parentheses are printed with the marks of :mod:`symbolic.render.layout`:
parentheses come out sized by nesting (``\\phi\\bigl((\\mathbf{w} + …) \\cdot
\\mathbf{x}\\bigr)``, never ``\\left(…\\right)``), and a displayed row wider than the page is
broken at a sum, a dot product or between factors, continued on an indented row.  A reason
is a ``\\tag*`` set flush right on its step's last row, or on rows of its own when it does
not fit there.  The width of a line is the ``line_width`` setting in em (default: 42 for a
standalone document, 34 for a fragment, which fits a default ``article`` at 10pt).
Documents need only amsmath and amssymb.  :mod:`symbolic.render.markdown` subclasses it.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sympy import Basic, Expr, Float, Symbol, fraction
from sympy.printing.latex import LatexPrinter

from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import Dot, VectorSymbol, is_vector
from symbolic.derivations.checking import Sign
from symbolic.derivations.derivation import Derivation
from symbolic.derivations.document import (
    Chain,
    Definitions,
    Document,
    EquationRef,
    Heading,
    Paragraph,
    ProofEnd,
    ProofStart,
    Table,
    Theorem,
)
from symbolic.derivations.inference import Part
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.perceptron.notation import HatSymbol
from symbolic.render.layout import (
    DOT_BREAK,
    FACTOR_BREAK,
    SUM_BREAK,
    Equation,
    Math,
    Placement,
    ReasonPart,
    Row,
    bracketed,
    chain_rows,
    finish,
    numbered,
    split_reason,
)
from symbolic.render.names import CheckedNames
from symbolic.render.numbering import NumberedChains
from symbolic.render.reading_order import ordered_terms, split_factors
from symbolic.render.widths import plain_text_width, text_width

_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    # a zero space after it: a long identifier (Rules.zero_one_homogeneous) may break there
    "_": r"\_\hspace{0pt}",
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
    "“": "``",
    "”": "''",
    "…": r"\dots{}",
    "∞": r"$\infty$",
    "≤": r"$\leq$",
    "≥": r"$\geq$",
    "≠": r"$\neq$",
    "·": r"$\cdot$",
    "×": r"$\times$",
    "→": r"$\to$",
}

#: A table column's padding (2 \\tabcolsep, 12pt).
_TABLE_PADDING = 1.2

#: A word wider than this (em) in a paragraph gives the paragraph an emergency stretch.
_LONG_WORD = 8.0

#: A dot inside a word (before a letter), where an identifier may break.
_INNER_DOT = re.compile(r"\.(?=[A-Za-z])")

#: How the model's function classes are named (φ's opaque twin :class:`Sign` is φ too).
_FUNCTION_NAMES: dict[type, str] = {phi: r"\phi", Sign: r"\phi", Dot: r"\cdot"}


def latex_superscript(sup: str) -> str:
    """The LaTeX of a step index such as ``k-1``: spaced like SymPy prints ``k - 1``."""
    return sup.replace("-", " - ").replace("+", " + ")


def phi_latex(printer: LatexPrinter, expr: Expr, exp: str | None = None) -> str:
    """φ(z) as ``\\phi\\left(z\\right)`` (to the power ``exp``), for SymPy's stock printer
    (see :mod:`symbolic.printable`); etaproof's own printer writes ``\\phi(z)`` with sized
    parentheses instead."""
    tex = rf"{printer._print(expr.func)}\left({printer._print(expr.args[0])}\right)"
    return tex if exp is None else f"{tex}^{{{exp}}}"


class NotationLatexPrinter(NumberedChains, CheckedNames, LatexPrinter):
    """SymPy's LaTeX printer writing answer 1's notation, products and sums in reading order
    (η (y − ŷ) x), and documents (``standalone``: a full file, else a fragment)."""

    format_name = "LaTeX"
    _default_settings: ClassVar[dict] = {
        **LatexPrinter._default_settings,
        "standalone": True,
        "line_width": None,
    }
    #: How reasons are set (see :func:`symbolic.render.layout.chain_rows`).
    reason_placement: Placement = "tag"

    def doprint(self, expr: object) -> str:
        self._memo: dict[tuple[Basic, bool], str] = {}
        try:
            return finish(super().doprint(expr))
        finally:
            del self._memo

    def _print(self, expr: object, **kwargs: object) -> str:
        """SymPy's dispatch, remembering each expression's LaTeX for one ``doprint`` (a
        document prints the same names and terms in every chain and every reason)."""
        if kwargs or not isinstance(expr, Basic) or not hasattr(self, "_memo"):
            return super()._print(expr, **kwargs)
        key = (expr, self._settings["fold_short_frac"])
        tex = self._memo.get(key)
        if tex is None:
            tex = self._memo[key] = super()._print(expr)
        return tex

    def line_width(self) -> float:
        """The width of a line in em: the ``line_width`` setting, else 42 for a standalone
        document (16.5 cm at 11pt) and 34 for a fragment (a default article: 345pt at 10pt)."""
        if self._settings["line_width"] is not None:
            return float(self._settings["line_width"])
        return 42.0 if self._settings["standalone"] else 34.0

    # -- the notation ------------------------------------------------------------------------

    def _print_VectorSymbol(self, expr: VectorSymbol) -> str:
        """A vector in bold; a unit's index stays upright and light, beside the bold letter
        (``\\mathbf{w}_{j}^{(0)}``, not ``\\mathbf{w_j}^{(0)}``, whose scripts stagger)."""
        delta, base, sup = expr.parts
        head, _, sub = base.partition("_") if "(" not in base else (base, "", "")
        tex = (r"\Delta " if delta else "") + rf"\mathbf{{{head}}}" + (f"_{{{sub}}}" if sub else "")
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
        tex = self._print(expr.func) + bracketed(self._print(expr.args[0]))
        return tex if exp is None else f"{tex}^{{{exp}}}"

    def _print_Sign(self, expr: Expr, exp: str | None = None) -> str:
        return self._print_phi(expr, exp)

    def _print_Dot(self, expr: Expr, exp: str | None = None) -> str:
        left, right = (self._dot_side(arg) for arg in expr.args)
        tex = f"{left}{DOT_BREAK} {self._print(expr.func)} {right}"
        return tex if exp is None else f"{bracketed(tex)}^{{{exp}}}"

    def _dot_side(self, arg: Expr) -> str:
        tex = self._print(arg)
        return bracketed(tex) if arg.is_Add else tex

    def _add_parens(self, s: str) -> str:
        return bracketed(s)

    def _add_parens_lspace(self, s: str) -> str:
        return bracketed(s)

    def _print_Add(self, expr: Expr, order: str | None = None) -> str:
        """The terms in reading order, a break mark before each ``+`` and ``-``."""
        tex = ""
        for i, term in enumerate(ordered_terms(expr)):
            if i and term.could_extract_minus_sign():
                tex += SUM_BREAK + " - "
                term = -term
            elif i:
                tex += SUM_BREAK + " + "
            term_tex = self._print(term)
            tex += bracketed(term_tex) if self._needs_add_brackets(term) else term_tex
        return tex

    def _print_Mul(self, expr: Expr) -> str:
        """A product in reading order (coefficient, scalars, dot products, the vector:
        ``\\frac{1}{2} \\eta y (…) \\mathbf{x}``), a fraction when the denominator is not a
        number; a number over a single scalar stays one fraction (``\\frac{\\phi(z)}{2}``)."""
        if expr.could_extract_minus_sign():
            positive = -expr
            tex = self._print(positive)
            return "- " + (bracketed(tex) if positive.is_Add else tex)
        numerator, denominator = fraction(expr, exact=True)
        if not denominator.is_Number:
            return self._quotient(numerator, denominator)
        coefficient, rest = expr.as_coeff_Mul()
        scalars, dots, vectors = split_factors(rest) if rest != 1 else ([], [], [])
        factors = scalars + dots + vectors
        last = len(factors) - 1
        pieces = []
        for i, factor in enumerate(factors):
            tex = self._print(factor)
            if factor.is_Add or (isinstance(factor, Dot) and i < last):
                tex = bracketed(tex)
            pieces.append(tex)
        if isinstance(coefficient, Float) or coefficient.q == 1:
            if coefficient != 1:
                pieces.insert(0, self._print(coefficient))
        elif len(factors) == 1 and not (
            factors[0].is_Add or isinstance(factors[0], Dot) or is_vector(factors[0])
        ):
            numerator_tex = pieces[0] if coefficient.p == 1 else f"{coefficient.p} {pieces[0]}"
            if self._settings["fold_short_frac"]:
                return f"{numerator_tex} / {coefficient.q}"
            return rf"\frac{{{numerator_tex}}}{{{coefficient.q}}}"
        else:
            pieces.insert(0, rf"\frac{{{coefficient.p}}}{{{coefficient.q}}}")
        return (FACTOR_BREAK + " ").join(pieces)

    def _quotient(self, numerator: Expr, denominator: Expr) -> str:
        """``numerator`` over ``denominator``: ``\\frac``, or ``a / b`` for a short
        denominator in running text (``fold_short_frac``)."""
        top, bottom = self._print(numerator), self._print(denominator)
        if self._settings["fold_short_frac"] and len(bottom.split()) <= 2 and "^" not in bottom:
            top = bracketed(top) if numerator.is_Add or numerator.is_Mul else top
            bottom = bracketed(bottom) if denominator.is_Add or denominator.is_Mul else bottom
            return f"{top} / {bottom}"
        return rf"\frac{{{top}}}{{{bottom}}}"

    # -- the document's blocks ---------------------------------------------------------------

    def _print_Document(self, document: Document) -> str:
        self._begin(document)
        body = "\n\n".join(self._print(block) for block in document.blocks) + "\n"
        title = self._prose_text(document.title)
        kinds = theorem_kinds(document)
        packages = theorem_preamble(kinds) if kinds else ""
        if not self._settings["standalone"]:
            commented = "".join(f"%   {line}\n" for line in packages.splitlines())
            return (
                _FRAGMENT_HEADER.format(
                    title=title,
                    also="and the theorem packages below" if kinds else "nothing else",
                    packages=commented,
                )
                + body
            )
        return _PREAMBLE.format(title=title, packages=packages) + body + "\\end{document}\n"

    def _reference(self, ref: EquationRef) -> str:
        """A prose reference to a numbered chain: its number, upright as ``\\eqref`` sets it
        (the printer numbers the chains itself, so one pdflatex run resolves every one)."""
        return rf"\textup{{({self._numbers[(ref.derivation.start, ref.derivation.result)]})}}"

    def _print_Theorem(self, theorem: Theorem) -> str:
        env = theorem.kind.lower()
        return rf"\begin{{{env}}}" + self._paragraph(theorem.parts) + rf"\end{{{env}}}"

    def _print_ProofStart(self, _: ProofStart) -> str:
        return r"\begin{proof}"

    def _print_ProofEnd(self, _: ProofEnd) -> str:
        return r"\end{proof}"

    def _print_Heading(self, heading: Heading) -> str:
        return rf"\section*{{{self._prose_text(heading.text)}}}"

    def _print_Paragraph(self, paragraph: Paragraph) -> str:
        return self._paragraph(paragraph.parts)

    def _print_Chain(self, chain: Chain) -> str:
        number = self._next_number()
        rows = self._rows(chain.verified())
        if number is None:
            return self._display(rows)
        return self._display(numbered(rows, number, self.line_width()), number)

    def _print_Derivation(self, derivation: Derivation) -> str:
        """The chain verified as it is now: a row ``= e`` per step, with its reason."""
        return self._display(self._rows(derivation))

    def _rows(self, derivation: Derivation) -> list[Row]:
        derivation = derivation.verify()
        equations = [
            Equation(
                self._print(derivation.start) if i == 0 else "",
                self._print(step.expr),
                self._reason_parts(self._citation(step.because)),
            )
            for i, step in enumerate(derivation.steps)
        ]
        return chain_rows(equations, self.line_width(), self.reason_placement)

    def _print_Definitions(self, definitions: Definitions) -> str:
        equations = [Equation(self._print(lhs), self._print(rhs)) for lhs, rhs in definitions.pairs]
        return self._display(chain_rows(equations, self.line_width(), self.reason_placement))

    def _print_Table(self, table: Table) -> str:
        """A ``tabular``; when it would be wider than the line, the cells of its widest
        columns are set on several lines (a one-column ``tabular`` in the cell), broken
        between words."""
        rows = [table.header, *table.rows]
        cells = [[_cell(cell) for cell in row] for row in rows]
        texts = [[self._prose(cell) for cell in row] for row in cells]
        caps = _column_caps(
            [max(text_width(row[j]) for row in texts) for j in range(len(table.header))],
            [max(_widest_word(self, row[j]) for row in cells) for j in range(len(table.header))],
            self.line_width() - _TABLE_PADDING * len(table.header),
        )
        if caps is not None:
            texts = [
                [
                    self._stacked(cell, cap, "b" if i == 0 else "t")
                    if text_width(tex) > cap
                    else tex
                    for cell, tex, cap in zip(row, row_texts, caps, strict=True)
                ]
                for i, (row, row_texts) in enumerate(zip(cells, texts, strict=True))
            ]

        def row(cells: list[str]) -> str:
            return " & ".join(cells) + r" \\"

        columns = "l" * len(table.header)
        lines = [rf"\begin{{tabular}}{{{columns}}}", r"\hline", row(texts[0]), r"\hline"]
        lines += [row(cells) for cells in texts[1:]] + [r"\hline", r"\end{tabular}"]
        return "\\begin{center}\n" + "\n".join(lines) + "\n\\end{center}"

    def _stacked(self, parts: tuple[Part, ...], width: float, align: str) -> str:
        """A table cell as lines no wider than ``width`` em (a one-column ``tabular``
        aligned on its ``align`` line: "t" first, "b" last)."""
        lines = [self._reason_text(line) for line in split_reason(self._words(parts), width)]
        if len(lines) == 1:
            return lines[0]
        return (
            rf"\begin{{tabular}}[{align}]{{@{{}}l@{{}}}}" + r" \\ ".join(lines) + r"\end{tabular}"
        )

    def _words(self, parts: tuple[Part, ...]) -> tuple[ReasonPart, ...]:
        """Prose parts with their expressions printed inline."""
        return tuple(part if isinstance(part, str) else Math(self._inline(part)) for part in parts)

    # -- the pieces a subclass changes -------------------------------------------------------

    def _display(self, rows: list[Row], number: int | None = None) -> str:
        """Laid-out rows as one ``align*``; a reason is a ``\\tag*`` (flush right, and moved
        below its row by amsmath should it not fit after all); ``\\\\*`` keeps a step's rows
        on one page.  A chain's number "(n)" ends the tag of its last row, after the reason."""
        lines = []
        for row in rows:
            tex = (f"{row.left} &" + r"\qquad " * row.indent + row.right).rstrip()
            tag = [] if row.reason is None else [self._tag(row.reason)]
            if row.number is not None:
                tag.append(f"({row.number})")
            if tag:
                tex += r" \tag*{" + r"\quad ".join(tag) + "}"
            lines.append(tex + (" \\\\*" if row.more else " \\\\"))
        return "\\begin{align*}\n" + "\n".join(lines)[: -len(" \\\\")] + "\n\\end{align*}"

    def _paragraph(self, parts: tuple[Part, ...]) -> str:
        """Prose as a paragraph.  One with a long identifier in it (a Coq name) may stretch
        its spaces further than TeX's tolerance allows (a local ``\\emergencystretch``)
        rather than run into the margin."""
        tex = self._prose(parts)
        words = (word for part in parts if isinstance(part, str) for word in part.split())
        if any(plain_text_width(word) > _LONG_WORD for word in words):
            return rf"{{\setlength{{\emergencystretch}}{{3em}}{tex}\par}}"
        return tex

    def _math_text(self, text: str) -> str:
        """Words inside ``\\text{…}`` in math."""
        return text_latex(text)

    def _prose_text(self, text: str) -> str:
        """Words in prose."""
        return text_latex(text)

    def _reason_parts(self, parts: tuple[Part, ...]) -> tuple[ReasonPart, ...]:
        """A citation's parts: words as they are, expressions as in running text (short
        fractions as a/b: a reason is set in text style, where ``\\frac`` shrinks)."""
        return tuple(part if isinstance(part, str) else Math(self._inline(part)) for part in parts)

    def _tag(self, lines: tuple[tuple[ReasonPart, ...], ...]) -> str:
        """A reason's lines as the text of a tag (several: a one-column ``tabular``, so that
        they start flush left under each other)."""
        texts = [self._reason_text(line) for line in lines]
        if len(texts) == 1:
            return texts[0]
        return r"\begin{tabular}[t]{@{}l@{}}" + r" \\[2pt] ".join(texts) + r"\end{tabular}"

    def _reason_text(self, parts: tuple[ReasonPart, ...]) -> str:
        """A reason (or one line of it) in a tag: text mode, expressions as ``$…$``; one with a
        fraction too long to write as a/b in display style, which a tag would shrink."""
        return "".join(
            "$" + (_DISPLAY_FRACTIONS if _FRACTION in part.tex else "") + part.tex + "$"
            if isinstance(part, Math)
            else self._prose_text(part)
            for part in parts
        )

    def _prose(self, parts: tuple[Part | EquationRef, ...]) -> str:
        """Prose parts: words, expressions as inline ``$…$``, equation numbers."""
        return "".join(
            self._prose_text(part)
            if isinstance(part, str)
            else self._reference(part)
            if isinstance(part, EquationRef)
            else f"${self._inline(part)}$"
            for part in parts
        )

    def _inline(self, expr: Expr) -> str:
        """An expression in running text: short fractions as a/b, parentheses sized for
        text."""
        folded = self._settings["fold_short_frac"]
        self._settings["fold_short_frac"] = True
        try:
            return finish(self._print(expr), display=False)
        finally:
            self._settings["fold_short_frac"] = folded


#: Before a reason's expression that holds a ``\\frac``: full-size fractions in a tag.
_DISPLAY_FRACTIONS = r"\displaystyle "
_FRACTION = r"\frac"


def latex(expr: Expr, *, inline: bool = False) -> str:
    """One expression as LaTeX in answer 1's notation (``inline``: fractions as a/b)."""
    return NotationLatexPrinter({"fold_short_frac": inline}).doprint(expr)


def text_latex(text: str) -> str:
    """Plain text made safe for LaTeX (specials escaped, η and φ as math); a long identifier
    (Rules.zero_one_homogeneous) may break after its dots and underscores."""
    escaped = "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text)
    return _INNER_DOT.sub(r".\\hspace{0pt}", escaped)


def _cell(cell: Part | tuple[Part, ...]) -> tuple[Part, ...]:
    return cell if isinstance(cell, tuple) else (cell,)


def _widest_word(printer: NotationLatexPrinter, parts: tuple[Part, ...]) -> float:
    """The widest piece of a cell that cannot be broken (a word, an expression)."""
    lines = split_reason(printer._words(parts), 0.0)
    return max((_line_width(line) for line in lines), default=0.0)


def _line_width(parts: tuple[ReasonPart, ...]) -> float:
    return text_width(
        "".join(f"${p.tex}$" if isinstance(p, Math) else text_latex(p) for p in parts)
    )


def _column_caps(natural: list[float], narrowest: list[float], room: float) -> list[float] | None:
    """The widths to set a table's columns to so that they fit in ``room`` em: None when
    their natural widths fit; else the widest columns capped at one width (never below a
    column's widest word), the narrower ones left as they are."""
    if sum(natural) <= room:
        return None

    def total(cap: float) -> float:
        return sum(min(n, max(cap, w)) for n, w in zip(natural, narrowest, strict=True))

    low, high = 0.0, max(natural)
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) <= room else (low, middle)
    return [min(n, max(low, w)) for n, w in zip(natural, narrowest, strict=True)]


_PREAMBLE = r"""\documentclass[11pt]{{article}}
\usepackage{{amsmath}}
\usepackage{{amssymb}}
{packages}\setlength{{\textwidth}}{{16.5cm}}
\setlength{{\oddsidemargin}}{{-0.2cm}}
\setlength{{\evensidemargin}}{{-0.2cm}}
\setlength{{\textheight}}{{23cm}}
\setlength{{\topmargin}}{{-1.5cm}}
\setlength{{\parindent}}{{0pt}}
\setlength{{\parskip}}{{0.6em}}
\allowdisplaybreaks
\title{{{title}}}
\date{{}}
\begin{{document}}
\maketitle

"""


def theorem_kinds(document: Document) -> list[str]:
    """The kinds of theorem the document states, in order of first use."""
    kinds: list[str] = []
    for block in document.blocks:
        if isinstance(block, Theorem) and block.kind not in kinds:
            kinds.append(block.kind)
    if not kinds and any(isinstance(b, ProofStart) for b in document.blocks):
        return ["Theorem"]
    return kinds


def theorem_preamble(kinds: list[str]) -> str:
    """``amsthm`` and one ``\\newtheorem`` per kind."""
    return "\\usepackage{amsthm}\n" + "".join(
        f"\\newtheorem{{{kind.lower()}}}{{{kind}}}\n" for kind in kinds
    )


_FRAGMENT_HEADER = r"""% {title}
% A fragment to \input into a LaTeX document: its preamble needs \usepackage{{amsmath}} and
% \usepackage{{amssymb}}, {also}; lines fit the text width of a default 10pt article.
{packages}
"""

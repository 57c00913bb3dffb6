"""One printer per format, dispatching on the model's class names as SymPy's printers do:
:class:`~symbolic.render.latex.NotationLatexPrinter` (LaTeX),
:class:`~symbolic.render.markdown.MarkdownPrinter` (Markdown with MathJax, a subclass of the
LaTeX printer), :class:`~symbolic.render.mathml.NotationMathMLPrinter` (HTML pages with
MathML, which browsers render without a script) and
:class:`~symbolic.render.text.NotationTextPrinter` (plain text).

The model reaches them only through :mod:`symbolic.printable`, which calls the functions
below.  Displayed math is laid out to the page by :mod:`symbolic.render.layout` (sized
parentheses, line breaks, where reasons go), with widths estimated by
:mod:`symbolic.render.widths`; MathML by :mod:`symbolic.render.mathml_layout`, which breaks
where the LaTeX layout would.  Renderers never decide truth: a derivation is verified (by
the model) before it is printed, and each printer refuses names that print alike in its own
format (:mod:`symbolic.render.names`).
"""

from __future__ import annotations

from collections.abc import Iterable

from symbolic.render.html import to_html_display
from symbolic.render.latex import NotationLatexPrinter, phi_latex
from symbolic.render.markdown import MarkdownPrinter
from symbolic.render.mathml import NotationMathMLPrinter, mathml
from symbolic.render.text import NotationTextPrinter, parts_text

__all__ = [
    "MarkdownPrinter",
    "NotationLatexPrinter",
    "NotationMathMLPrinter",
    "NotationTextPrinter",
    "mathml",
    "phi_latex",
    "plain_parts",
    "plain_text",
    "to_html",
    "to_html_display",
    "to_latex",
    "to_markdown",
    "to_text",
]


def to_latex(obj: object, **settings: object) -> str:
    """``obj`` as LaTeX (``settings``: SymPy's LaTeX settings, and ``standalone``)."""
    return NotationLatexPrinter(settings).doprint(obj)


def to_markdown(obj: object) -> str:
    """``obj`` as Markdown with MathJax math."""
    return MarkdownPrinter().doprint(obj)


def to_html(obj: object, **settings: object) -> str:
    """``obj`` as HTML with MathML math: a document as a self-contained page (``page=False``:
    its body), a chain, definitions or a derivation as one displayed ``<math>``."""
    return NotationMathMLPrinter(settings).doprint(obj)


def to_text(obj: object) -> str:
    """``obj`` as plain text."""
    return NotationTextPrinter().doprint(obj)


def plain_text(expr: object) -> str:
    """An expression as plain text (for messages; the same as :func:`to_text`)."""
    return NotationTextPrinter().doprint(expr)


def plain_parts(parts: Iterable[object]) -> str:
    """Prose parts as plain text, joined."""
    return parts_text(parts)

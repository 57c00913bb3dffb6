"""How the model's objects reach the printers: one mixin, one lazy import.

This is SymPy's ``core/_print_helpers.py`` pattern.  A :class:`Derivation`, a
:class:`Document` and the display blocks inherit :class:`Printable`; its methods hand the object
to the printer of a format in :mod:`symbolic.render`, which dispatches on the object's class
names (``_print_Derivation``, ``_print_Chain``, …).  The model never imports a renderer: the
one import of :mod:`symbolic.render` is the lazy one in :func:`_printers` below, so the
printers may import the model without an import circle.  Error messages that show an
expression use :func:`plain_text`, through the same import.

SymPy's stock ``latex()`` also dispatches on class names; :func:`_teach_sympy_phi` gives it
``_print_phi``, so that plain SymPy users see φ(z) as ``\\phi\\left(z\\right)`` (etaproof's
own printer writes ``\\phi(z)``, its parentheses sized by nesting), while :class:`symbolic.phi`
itself carries no printer hook.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Any

from sympy import MatrixBase, count_ops
from sympy.printing.latex import LatexPrinter

from numeric.display import MAX_CELL, cut
from symbolic.errors import EtaproofValueError


def _printers() -> ModuleType:
    """:mod:`symbolic.render`, imported on first use (the printers sit above the model)."""
    from symbolic import render

    return render


class Printable:
    """Printing for a model object: ``to_latex``, ``to_markdown``, ``to_html``, ``to_text``
    (also ``str``) and Jupyter's ``_repr_html_`` and ``_repr_latex_``, each through the
    printer of its format.

    :meth:`named_objects` tells every printer what the object names; a printer refuses to
    print an object in which two different names print alike in its format.
    """

    __slots__ = ()

    def named_objects(self) -> list[object]:
        """The symbols and function classes this object prints, each once, in a fixed order
        (none here; derivations, documents and their math blocks override it)."""
        return []

    def to_latex(self, **settings: Any) -> str:
        """The object as LaTeX (``settings``: the LaTeX printer's, e.g. ``standalone``)."""
        return _printers().to_latex(self, **settings)

    def to_markdown(self) -> str:
        """The object as Markdown with MathJax math."""
        return _printers().to_markdown(self)

    def to_html(self, **settings: Any) -> str:
        """The object as HTML with MathML math, which browsers render without a script: a
        document as a self-contained page (``page=False``: its body), a chain or definitions
        as one displayed ``<math>``."""
        return _printers().to_html(self, **settings)

    def to_text(self) -> str:
        """The object as plain text for the terminal."""
        return _printers().to_text(self)

    def __str__(self) -> str:
        """The text rendering, or the repr when the object cannot be printed (a chain that
        does not verify is never printed as if it did)."""
        try:
            return self.to_text()
        except EtaproofValueError:
            return repr(self)

    def _repr_html_(self) -> str | None:
        """Jupyter: the object as HTML with MathML math (what Jupyter shows first, and what
        an exported notebook keeps: it reads offline, without MathJax), or None (the plain
        repr) when it cannot be printed."""
        try:
            return self.to_html(page=False)
        except EtaproofValueError:
            return None

    def _repr_latex_(self) -> str | None:
        """Jupyter: the object as MathJax math (for front ends and exports that take LaTeX),
        or None (the plain repr) when it cannot be printed."""
        try:
            return self.to_markdown()
        except EtaproofValueError:
            return None


def plain_text(expr: object) -> str:
    """One expression in the text printer's notation (for error messages)."""
    return _printers().plain_text(expr)


def plain_expression(expr: object, width: int = MAX_CELL) -> str:
    """An expression (or a column vector, as ``[a, b]``) in the text printer's notation, on one
    line; the count of operations instead when it would be longer than ``width``."""
    entries = list(expr) if isinstance(expr, MatrixBase) else None
    if entries is not None:
        text = "[" + ", ".join(plain_text(e) for e in entries) + "]"
    else:
        text = plain_text(expr)
    if len(text) <= width:
        return text
    try:
        ops = sum(count_ops(e) for e in entries) if entries is not None else count_ops(expr)
    except (TypeError, AttributeError):  # not a SymPy object after all
        return cut(text, width)
    return f"({ops} operations)"


class Displayable:
    """Jupyter's rich display for a result: ``_repr_html_`` through the HTML display of
    :mod:`symbolic.render.html`, reached by the same lazy import as the printers (the model
    never imports display code)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return _printers().to_html_display(self)


def plain_parts(parts: Iterable[object]) -> str:
    """Prose parts (text, and expressions in the text printer's notation) joined."""
    return _printers().plain_parts(parts)


def _teach_sympy_phi() -> None:
    """Register ``_print_phi`` with SymPy's stock LaTeX printer (which would otherwise print
    ``\\phi{\\left(z \\right)}``), delegating to etaproof's own printing of φ."""

    def _print_phi(printer: LatexPrinter, expr: object, exp: str | None = None) -> str:
        return _printers().phi_latex(printer, expr, exp)

    LatexPrinter._print_phi = _print_phi  # type: ignore[attr-defined]


_teach_sympy_phi()

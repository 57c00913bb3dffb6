"""Equation numbers of a document's chains, counted the same way by every printer that numbers
them (LaTeX, Markdown through it, MathML)."""

from __future__ import annotations

from sympy import Expr

from symbolic.derivations.document import Document
from symbolic.derivations.inference import Justification, Part


class NumberedChains:
    """A printer mixin: :meth:`_begin` checks a document and takes its numbers before it is
    printed, :meth:`_next_number` gives each chain its number in printing order."""

    _numbers: dict[tuple[Expr, Expr], int]
    _chains_printed: int

    def _begin(self, document: Document) -> None:
        """Check the document and set up its equation numbers for one printing."""
        document.check_definitions()
        document.check_references()
        self._numbers = document.equation_numbers()
        self._chains_printed = 0

    def _next_number(self) -> int | None:
        """The number of the chain being printed (None in an unnumbered document)."""
        if not getattr(self, "_numbers", None):
            return None
        self._chains_printed += 1
        return self._chains_printed

    def _citation(self, because: Justification) -> tuple[Part, ...]:
        """A step's reason: in a numbered document a lemma shown above is cited by its
        number (:meth:`Justification.numbered_citation`), else in full ("shown above, where
        …")."""
        return because.numbered_citation(getattr(self, "_numbers", None) or {})


__all__ = ["NumberedChains"]

"""Look-alike names, checked by every printer in its own format.

A chain that verifies can still read as a false statement when two different objects print
alike: ``Symbol(r"\\eta", negative=True)`` typesets as η next to the positive η, and a user's
``Function("phi", positive=True)`` as the decision function φ.  So each printer, before it
prints a model object (a derivation, a document, a display block), names every symbol and
function class the object holds with its own ``_print`` and refuses two different ones with
the same name (:func:`symbolic.derivations.derivation.distinct_names`).  The check runs once
per rendering and names each object once.  It decides nothing about truth; it only refuses
to print an ambiguous page.
"""

from __future__ import annotations

from sympy.printing.printer import Printer

from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import Dot
from symbolic.derivations.derivation import distinct_names
from symbolic.printable import Printable

#: Names with one meaning on every page, used or not: φ the decision function, · the dot
#: product.  Anything else that prints like them is refused.
BUILT_INS: tuple[object, ...] = (phi, Dot)


class CheckedNames(Printer):
    """A printer that refuses a model object in which two different names print alike in
    its format (``format_name``, for the message)."""

    format_name = "this format"

    def doprint(self, expr: object) -> str:
        self.check_names(expr)
        return super().doprint(expr)

    def check_names(self, expr: object) -> None:
        """Raise :class:`~symbolic.derivations.derivation.LookAlikeNames` when ``expr`` is a
        model object in which two different names print alike in this format."""
        if isinstance(expr, Printable):
            distinct_names(
                [*BUILT_INS, *expr.named_objects()], self.printed_name, format_name=self.format_name
            )

    def printed_name(self, obj: object) -> str:
        """How a symbol or a function class prints in this format, to compare (the printer's
        own output; a printer that builds elements says how they show)."""
        return self._print(obj)

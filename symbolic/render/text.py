"""Plain-text output for the terminal: Unicode names (η, φ, ŷ⁽²⁾, w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾), products
written side by side as in answer 1, reasons in brackets.  Only renders.

:class:`NotationTextPrinter` is SymPy's ``StrPrinter`` with one ``_print_<ClassName>`` method
per class of the model, the notation's and the document's blocks', as in
:mod:`symbolic.render.latex`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sympy import Derivative, Expr, Function, Pow, Subs, fraction
from sympy.printing.str import StrPrinter

from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import Dot, VectorSymbol, superscript
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
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.perceptron.notation import HatSymbol
from symbolic.render.names import CheckedNames
from symbolic.render.numbering import NumberedChains
from symbolic.render.reading_order import ordered_terms, split_factors

_GREEK = {
    "eta": "η", "phi": "φ", "sigma": "σ", "delta": "δ", "epsilon": "ε", "yhat": "ŷ",
    "c": "c", "z": "z", "beta": "β",
}  # fmt: skip
_RELATIONS = {"==": "=", ">=": "≥", "<=": "≤", "!=": "≠"}
#: How the model's function classes are named (φ's opaque twin :class:`Sign` is φ too).
_FUNCTION_NAMES: dict[type, str] = {phi: "φ", Sign: "φ", Dot: "·"}


def _greek(name: str, names: dict[str, str] = _GREEK) -> str:
    """``sigma`` as σ, ``delta_j`` as δ_j: a Greek letter's name, with any subscript, by its
    letter; the suffixes SymPy's LaTeX printer reads as accents too: ``deltatilde_l`` as δ̃_l,
    ``aprime_l`` as a′_l."""
    head, underscore, sub = name.partition("_")
    if any(sign in sub for sign in "+-") and not sub.startswith("{"):
        sub = "{" + sub + "}"  # m_{l-1}, not m_l-1 (which reads as m_l − 1)
    return _accented(head, names) + underscore + sub


def _accented(head: str, names: dict[str, str]) -> str:
    for suffix, mark in (("prime", "′"), ("tilde", "\u0303")):
        if head.endswith(suffix) and len(head) > len(suffix):
            base = _accented(head.removesuffix(suffix), names)
            return unicodedata.normalize("NFC", base + mark)
    return names.get(head, head)


#: An undefined function is named by its Greek letter too, but never φ: φ is the decision
#: function's alone, and a user's ``Function("phi")`` must not print like it.
_FUNCTION_GREEK = {name: letter for name, letter in _GREEK.items() if letter != "φ"}


def _function_name(function: type) -> str:
    return _FUNCTION_NAMES.get(function) or _greek(function.__name__, _FUNCTION_GREEK)


class NotationTextPrinter(NumberedChains, CheckedNames, StrPrinter):
    """SymPy's str printer with Unicode names, reading order and juxtaposed factors."""

    format_name = "text"

    # -- the notation ------------------------------------------------------------------------

    def _print_Symbol(self, expr: Expr) -> str:
        head, star, rest = expr.name.partition("^")
        return _greek(head) + (rest if star else "")

    def _print_VectorSymbol(self, expr: VectorSymbol) -> str:
        delta, base, sup = expr.parts
        return ("Δ" if delta else "") + base + ("" if sup is None else superscript(f"({sup})"))

    def _print_IndexedSymbol(self, expr: IndexedSymbol) -> str:
        if expr.parts is None:
            return self._print_Symbol(expr)
        base, sup, sub = expr.parts
        return _greek(base) + superscript(f"({sup})") + (f"_{sub}" if sub else "")

    def _print_HatSymbol(self, expr: HatSymbol) -> str:
        base, sup = expr.parts
        return unicodedata.normalize("NFC", f"{base}\u0302") + superscript(f"({sup})")

    def _print_FunctionClass(self, expr: type) -> str:
        return _function_name(expr)

    def _print_Function(self, expr: Expr) -> str:
        """An undefined function by its Greek name: σ(z), L(ŷ, y)."""
        arguments = ", ".join(self._print(a) for a in expr.args)
        return f"{_function_name(expr.func)}({arguments})"

    def _print_Derivative(self, expr: Derivative) -> str:
        """σ′(z) for a function of one argument, ∂L(ŷ, y)/∂ŷ for one of several, else
        ∂/∂t (…)."""
        function, variables = expr.expr, expr.variables
        if (
            len(variables) == 1
            and isinstance(function, Function)
            and function.args.count(variables[0]) == 1
        ):
            if len(function.args) == 1:
                return f"{_function_name(function.func)}′({self._print(variables[0])})"
            return f"∂{self._print(function)}/∂{self._print(variables[0])}"
        wrt = "".join(f"∂{self._print(v)}" for v in variables)
        return f"∂/{wrt} ({self._print(function)})"

    def _print_Subs(self, expr: Subs) -> str:
        """A derivative at a point: σ′(z) for one argument, else [∂L(t, y)/∂t at t = ŷ]."""
        inner, variables, points = expr.args
        if (
            isinstance(inner, Derivative)
            and len(variables) == 1
            and inner.variables == tuple(variables)
            and len(getattr(inner.expr, "args", ())) == 1
            and inner.expr.args[0] == variables[0]
        ):
            return f"{_function_name(inner.expr.func)}′({self._print(points[0])})"
        at = ", ".join(
            f"{self._print(v)} = {self._print(p)}" for v, p in zip(variables, points, strict=True)
        )
        return f"[{self._print(inner)} at {at}]"

    def _print_Sum(self, expr: Expr) -> str:
        """Σ_(l=1..m) v_l σ(z_l)."""
        limits = ", ".join(
            f"{self._print(v)}={self._print(lo)}..{self._print(hi)}" for v, lo, hi in expr.limits
        )
        body = expr.function
        return f"Σ_({limits}) {self._bracketed(body) if body.is_Add else self._print(body)}"

    def _print_phi(self, expr: Expr) -> str:
        return f"{self._print(expr.func)}({self._print(expr.args[0])})"

    def _print_Sign(self, expr: Expr) -> str:
        return self._print_phi(expr)

    def _print_Dot(self, expr: Expr) -> str:
        left, right = (f"({self._print(a)})" if a.is_Add else self._print(a) for a in expr.args)
        return f"{left}{self._print(expr.func)}{right}"

    def _print_Mul(self, expr: Expr) -> str:
        if any(isinstance(f, Pow) and f.exp.is_negative for f in expr.args):
            numerator, denominator = fraction(expr)
            sign = "-" if numerator.could_extract_minus_sign() else ""
            numerator = -numerator if sign else numerator
            return f"{sign}{self._bracketed(numerator)}/{self._bracketed(denominator)}"
        coefficient, rest = expr.as_coeff_Mul()
        sign = "-" if coefficient.is_negative else ""
        coefficient = abs(coefficient)
        scalars, dots, vectors = split_factors(rest)
        factors = ([] if coefficient == 1 else [coefficient]) + scalars + dots + vectors
        many, last = len(factors) > 1, len(factors) - 1
        pieces = [
            f"({self._print(f)})"
            if f.is_Add or (many and isinstance(f, Dot) and i < last)
            else self._print(f)
            for i, f in enumerate(factors)
        ]
        return sign + " ".join(pieces)

    def _print_Pow(self, expr: Expr, rational: bool = False) -> str:
        base, exp = expr.args
        if exp.is_Integer and exp > 1:
            return self._bracketed(base) + superscript(str(exp))
        if not (isinstance(base, Dot) or isinstance(exp, Dot)):
            return super()._print_Pow(expr, rational)
        shown = self._bracketed(base) if not base.is_Atom else self._print(base)
        if exp == -1:
            return f"1/{shown}"
        power = self._print(exp)
        simple = exp.is_Atom and not exp.could_extract_minus_sign()
        return f"{shown}**{power if simple else f'({power})'}"

    def _bracketed(self, expr: Expr) -> str:
        text = self._print(expr)
        return f"({text})" if (expr.is_Add or expr.is_Mul or isinstance(expr, Dot)) else text

    def _print_Add(self, expr: Expr, order: str | None = None) -> str:
        out = ""
        for i, term in enumerate(ordered_terms(expr)):
            negative = term.could_extract_minus_sign()
            body = self._print(-term if negative else term)
            if i == 0:
                out = ("-" if negative else "") + body
            else:
                out += (" - " if negative else " + ") + body
        return out

    def _print_Relational(self, expr: Expr) -> str:
        op = _RELATIONS.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_ImmutableDenseMatrix(self, expr: Expr) -> str:
        return "(" + ", ".join(self._print(e) for e in expr) + ")"

    # -- the document's blocks ---------------------------------------------------------------

    def _print_Document(self, document: Document) -> str:
        self._begin(document)
        title = f"{document.title}\n{'=' * len(document.title)}"
        return "\n\n".join([title, *(self._print(block) for block in document.blocks)]) + "\n"

    def _print_Heading(self, heading: Heading) -> str:
        return f"{heading.text}\n{'-' * len(heading.text)}"

    def _print_Paragraph(self, paragraph: Paragraph) -> str:
        return self._prose(paragraph.parts)

    def _print_Chain(self, chain: Chain) -> str:
        text = _indent(self._print(chain.verified()))
        number = self._next_number()
        return text if number is None else f"{text}   ({number})"

    def _print_Theorem(self, theorem: Theorem) -> str:
        return f"{theorem.kind}. {self._prose(theorem.parts)}"

    def _print_ProofStart(self, _: ProofStart) -> str:
        return "Proof."

    def _print_ProofEnd(self, _: ProofEnd) -> str:
        return "∎"

    def _print_Derivation(self, derivation: Derivation) -> str:
        """Aligned lines ``lhs = e₁   [reason]``, the chain verified as it is now."""
        derivation = derivation.verify()
        left = self._print(derivation.start)
        rows = [
            (self._print(step.expr), self._prose(self._citation(step.because)))
            for step in derivation.steps
        ]
        width = max(_width(expr) for expr, _ in rows)
        lines = []
        for i, (expr, reason) in enumerate(rows):
            head = left if i == 0 else " " * _width(left)
            padding = " " * (width - _width(expr))
            lines.append(f"{head} = {expr}{padding}   [{reason}]")
        return "\n".join(lines)

    def _print_Definitions(self, definitions: Definitions) -> str:
        return "\n".join(
            f"    {self._print(lhs)} = {self._print(rhs)}" for lhs, rhs in definitions.pairs
        )

    def _print_Table(self, table: Table) -> str:
        rows = [[self._prose(_cell(cell)) for cell in row] for row in (table.header, *table.rows)]
        widths = [max(_width(row[j]) for row in rows) for j in range(len(rows[0]))]
        lines = [
            "  ".join(
                cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
            ).rstrip()
            for row in rows
        ]
        return _indent("\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]]))

    def _prose(self, parts: Iterable[object]) -> str:
        """Prose parts joined: text as is, expressions printed, equation numbers."""
        return "".join(
            part
            if isinstance(part, str)
            else f"({self._numbers[(part.derivation.start, part.derivation.result)]})"
            if isinstance(part, EquationRef)
            else self._print(part)
            for part in parts
        )


def text(expr: object) -> str:
    """One expression as text in answer 1's notation."""
    return NotationTextPrinter().doprint(expr)


def parts_text(parts: Iterable[object]) -> str:
    """Prose parts joined: text as is, expressions printed."""
    return NotationTextPrinter()._prose(parts)


def _width(text: str) -> int:
    """Columns taken on a terminal: combining marks (the hat of ŷ) take none."""
    return sum(not unicodedata.combining(ch) for ch in text)


def _indent(block: str) -> str:
    return "\n".join("    " + line for line in block.splitlines())


def _cell(cell: object) -> tuple:
    return cell if isinstance(cell, tuple) else (cell,)

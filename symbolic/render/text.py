"""Plain-text output for the terminal: Unicode names (η, φ, ŷ⁽²⁾, w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾), products
written side by side as in the seed, reasons in brackets.  Only renders."""

from __future__ import annotations

import unicodedata

from sympy import Expr, Pow, fraction
from sympy.printing.str import StrPrinter

from symbolic.algebra.vectors import Dot, superscript
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.render.reading_order import ordered_terms, split_factors

_GREEK = {"eta": "η", "phi": "φ", "c": "c", "z": "z"}
_RELATIONS = {"==": "=", ">=": "≥", "<=": "≤", "!=": "≠"}


class NotationTextPrinter(StrPrinter):
    """SymPy's str printer with Unicode names, reading order and juxtaposed factors."""

    def _print_Symbol(self, expr: Expr) -> str:
        head, star, rest = expr.name.partition("^")
        return _GREEK.get(head, head) + (rest if star else "")

    def _print_IndexedSymbol(self, expr: IndexedSymbol) -> str:
        base, _, rest = expr.name.partition("(")
        sup, _, sub = rest.partition(")")
        return base + superscript(f"({sup})") + (sub.lstrip("_") and f"_{sub.lstrip('_')}")

    def _print_Sign(self, expr: Expr) -> str:
        return self._print_phi(expr)

    def _print_phi(self, expr: Expr) -> str:
        return f"φ({self._print(expr.args[0])})"

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


def text(expr: object) -> str:
    """One expression as text in the seed's notation."""
    return NotationTextPrinter().doprint(expr)


def parts_text(parts) -> str:
    """Prose parts joined: text as is, expressions printed."""
    return "".join(part if isinstance(part, str) else text(part) for part in parts)


def derivation_text(derivation) -> str:
    """A derivation as aligned lines ``lhs = e₁   [reason]`` (verified first)."""
    derivation = derivation.verify()
    left = text(derivation.start)
    rows = [(text(step.expr), parts_text(step.because.citation)) for step in derivation.steps]
    width = max(_width(expr) for expr, _ in rows)
    lines = []
    for i, (expr, reason) in enumerate(rows):
        head = left if i == 0 else " " * _width(left)
        padding = " " * (width - _width(expr))
        lines.append(f"{head} = {expr}{padding}   [{reason}]")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns taken on a terminal: combining marks (the hat of ŷ) take none."""
    return sum(not unicodedata.combining(ch) for ch in text)


def document_text(document) -> str:
    """A document as plain text."""
    from symbolic.derivations.document import Chain, Definitions, Heading, Paragraph, Table

    out = [document.title, "=" * len(document.title)]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["", block.text, "-" * len(block.text)]
        elif isinstance(block, Paragraph):
            out += ["", parts_text(block.parts)]
        elif isinstance(block, Chain):
            out += ["", _indent(derivation_text(block.verified()))]
        elif isinstance(block, Definitions):
            out += [""] + [f"    {text(lhs)} = {text(rhs)}" for lhs, rhs in block.pairs]
        elif isinstance(block, Table):
            out += ["", _indent(_table_text(block))]
    return "\n".join(out) + "\n"


def _indent(block: str) -> str:
    return "\n".join("    " + line for line in block.splitlines())


def _cell(cell) -> tuple:
    return cell if isinstance(cell, tuple) else (cell,)


def _table_text(table) -> str:
    rows = [[parts_text(_cell(cell)) for cell in row] for row in (table.header, *table.rows)]
    widths = [max(_width(row[j]) for row in rows) for j in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])

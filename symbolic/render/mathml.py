"""MathML output: SymPy's presentation-MathML printer in reading order, the notation, chains
as tables with their reasons in a column, documents as self-contained HTML pages.

Only renders.  :class:`NotationMathMLPrinter` is SymPy's ``MathMLPresentationPrinter`` with
one ``_print_<ClassName>`` method per class of the model, found through the class's MRO as
SymPy finds its own, as :mod:`symbolic.render.latex` extends SymPy's LaTeX printer: the
notation (``_print_VectorSymbol`` as a bold 𝐰⁽ᵏ⁾, ``_print_Dot``, ``_print_phi``, σ′(z) for a
derivative at a point, …) builds MathML elements; the document's blocks
(``_print_Document``, ``_print_Chain``, …) write HTML with ``<math>`` in it.  Every text is
escaped (SymPy's printer writes its text unescaped, so every token here is built by
:meth:`NotationMathMLPrinter._token`).

The math is presentation MathML as browsers render it natively (MathML Core): no script and
no web font, so a page reads offline.  Bold letters are Unicode's mathematical bold ones (𝐰),
parentheses are sized by nesting and long rows broken by :mod:`symbolic.render.mathml_layout`.
A document is a full page (``page``, the default) or, for Jupyter, the page's body; a chain,
definitions or a derivation one displayed ``<math>``; an expression an inline ``<math>``.
"""

from __future__ import annotations

import html
import re
from typing import Any, ClassVar
from xml.dom.minidom import Element

from sympy import Basic, Derivative, Expr, Float, S, Symbol, Tuple, fraction
from sympy.printing.conventions import requires_partial, split_super_sub
from sympy.printing.mathml import MathMLPresentationPrinter
from sympy.printing.pretty.pretty_symbology import greek_unicode

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
from symbolic.render.mathml_layout import (
    BREAK,
    FENCE,
    INDENT,
    ReasonPart,
    Row,
    Step,
    chain_rows,
    measure,
    numbered,
    size_fences,
    token_text,
    unmarked,
)
from symbolic.render.names import CheckedNames
from symbolic.render.numbering import NumberedChains
from symbolic.render.page import html_page
from symbolic.render.reading_order import ordered_terms, split_factors

#: Accents written as suffixes of a name, as SymPy's LaTeX printer reads them
#: (``deltatilde_l`` is δ̃_l); ``prime`` adds a ′ instead (``aprime_l`` is a′_l).
_ACCENTS = {
    "ddot": "¨", "dot": "˙", "hat": "^", "tilde": "~", "bar": "¯", "check": "ˇ",
    "breve": "˘", "vec": "→",
}  # fmt: skip
_RELATIONS = {"==": "=", "!=": "≠", ">=": "≥", "<=": "≤", ">": ">", "<": "<"}
#: What a name's script is made of: a word, a number, or one other character.
_SCRIPT_TOKENS = re.compile(r"[^\W\d_]+|\d+|\S")
#: A name with a braced subscript: ``u_{1,1}``, ``g[u_{1,1}]``.
_BRACED = re.compile(r"(?P<head>[^{}]*?)_\{(?P<sub>[^{}]*)\}(?P<tail>[^{}]*)")
#: Punctuation that stays on the line of the formula before it.
_PUNCTUATION = re.compile(r"[,.;:!?)\]]+")
#: The letters that prose sets as math.
_GREEK_IN_TEXT = re.compile("[ηφ]")
#: SymPy's named character references that browsers know and XML does not.
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))
#: A short denominator in running text: written a / b (width in em).
_SHORT = 2.5
#: The cells of a chain's table.
_LEFT = "text-align:right;padding:0.2em 0"
_RIGHT = "text-align:left;padding:0.2em 0"
_REASON = "text-align:left;padding:0.2em 0 0.2em 2em;font-size:90%"
_NUMBER = "text-align:right;padding:0.2em 0 0.2em 2em"
_MATRIX_CELL = "padding:0.1em 0.2em"


def _bold(text: str) -> str:
    """ASCII letters and digits as Unicode's mathematical bold ones (w as 𝐰, 0 as 𝟎)."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr(0x1D41A + ord(ch) - ord("a")))
        elif "A" <= ch <= "Z":
            out.append(chr(0x1D400 + ord(ch) - ord("A")))
        elif "0" <= ch <= "9":
            out.append(chr(0x1D7CE + ord(ch) - ord("0")))
        else:
            out.append(ch)
    return "".join(out)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


class NotationMathMLPrinter(NumberedChains, CheckedNames, MathMLPresentationPrinter):
    """SymPy's presentation-MathML printer writing answer 1's notation, products and sums in
    reading order (η(y − ŷ)𝐱), and documents as HTML (``page``: a full page, else its body;
    ``line_width``: the width of displayed math in em; ``display``: an expression as
    displayed math, else as in running text)."""

    format_name = "MathML"
    _default_settings: ClassVar[dict] = {
        **MathMLPresentationPrinter._default_settings,
        "page": True,
        "line_width": None,
        "display": False,
    }

    def doprint(self, expr: object) -> str:
        """HTML: a page or its body for a document, a displayed ``<math>`` for a chain,
        definitions or a derivation, an inline ``<math>`` for an expression."""
        self.check_names(expr)
        self._memo: dict[tuple[Basic, bool], Element] = {}
        display = bool(self._settings["display"])
        self._inline = not display
        try:
            result = self._print(expr)
        finally:
            del self._memo
        if isinstance(result, str):
            return result
        size_fences(result, display=display)
        return self._math(result, display=display)

    def _print(self, expr: object, **kwargs: object) -> Any:
        """SymPy's dispatch (an element for math, HTML for a block), remembering each
        expression's element for one ``doprint`` and handing out copies (an element has one
        place in the tree)."""
        if kwargs or not isinstance(expr, Basic) or not hasattr(self, "_memo"):
            return super()._print(expr, **kwargs)
        key = (expr, self._inline)
        node = self._memo.get(key)
        if node is None:
            node = self._memo[key] = super()._print(expr)
        return node.cloneNode(True)

    def printed_name(self, obj: object) -> str:
        """A name as it shows: the text of a plain token (so that a symbol ``2`` reads as the
        number it looks like), the markup of anything else (bold, scripts, accents)."""
        node = self._print(obj)
        if node.tagName in ("mi", "mn") and not node.attributes.length:
            return token_text(node)
        return node.toxml()

    def line_width(self) -> float:
        """The width of displayed math in em (the ``line_width`` setting, else 46: the
        page's text is 52 em wide)."""
        width = self._settings["line_width"]
        return 46.0 if width is None else float(width)

    # -- building elements -------------------------------------------------------------------

    def _element(
        self, tag: str, *children: Element, attrs: dict[str, str] | None = None
    ) -> Element:
        node = self.dom.createElement(tag)
        for name, value in (attrs or {}).items():
            node.setAttribute(name, value)
        for child in children:
            node.appendChild(child)
        return node

    def _token(self, tag: str, text: str, **attrs: str) -> Element:
        """A token element holding ``text``, escaped (SymPy's DOM writes text as it is)."""
        node = self._element(tag, attrs=attrs)
        node.appendChild(self.dom.createTextNode(_escape(text)))
        return node

    def _row(self, *children: Element) -> Element:
        """``children`` in a row (a single child as it is, none as an empty row)."""
        return children[0] if len(children) == 1 else self._element("mrow", *children)

    def _operator(self, text: str, *, breaks: str = "", **attrs: str) -> Element:
        """An operator; ``breaks``: the kind of break a row may take before it."""
        node = self._token("mo", text, **attrs)
        if breaks:
            node.setAttribute(BREAK, breaks)
        return node

    def _fenced(self, *children: Element) -> Element:
        """``children`` in parentheses that the layout sizes."""
        opening = self._operator("(", form="prefix")
        closing = self._operator(")", form="postfix")
        opening.setAttribute(FENCE, "open")
        closing.setAttribute(FENCE, "close")
        return self._element("mrow", opening, *children, closing)

    def _bracketed(self, expr: Expr) -> Element:
        return self._fenced(self._print(expr))

    def _scripted(self, base: Element, sub: Element | None, sup: Element | None) -> Element:
        if sub is None and sup is None:
            return base
        if sup is None:
            return self._element("msub", base, sub)  # type: ignore[arg-type]
        if sub is None:
            return self._element("msup", base, sup)
        return self._element("msubsup", base, sub, sup)

    # -- names -------------------------------------------------------------------------------

    def _letters(self, text: str, bold: bool = False) -> Element:
        """A name without scripts: a Greek letter by its name, bold for a vector."""
        letter = greek_unicode.get(text)
        if letter is not None:
            return self._token("mi", letter)
        if text.isdigit():
            return self._token("mn", _bold(text) if bold else text)
        return self._token("mi", _bold(text) if bold else text)

    def _accented(self, head: str, bold: bool) -> tuple[Element, int]:
        """A name's head with the accents its suffixes ask for, and its number of primes."""
        for suffix in ("prime", *_ACCENTS):
            if head.endswith(suffix) and len(head) > len(suffix):
                inner, primes = self._accented(head.removesuffix(suffix), bold)
                if suffix == "prime":
                    return inner, primes + 1
                mark = self._operator(_ACCENTS[suffix], stretchy="false")
                return self._element("mover", inner, mark, attrs={"accent": "true"}), primes
        return self._letters(head, bold), 0

    def _script(self, text: str, bold: bool = False) -> Element:
        """A script such as ``l+1`` or ``*``: its words, numbers and signs, set tight."""
        tokens = []
        for word in _SCRIPT_TOKENS.findall(text):
            if word[0].isalpha():
                tokens.append(self._letters(word, bold))
            elif word.isdigit():
                tokens.append(self._token("mn", _bold(word) if bold else word))
            elif word in "()[]":
                tokens.append(self._operator(word, stretchy="false"))
            else:  # a sign, set without the spaces of an operator (as TeX sets scripts)
                sign = {"-": "−", "*": "∗"}.get(word, word)
                tokens.append(self._operator(sign, lspace="0", rspace="0"))
        return self._row(*tokens)

    def _index(self, sup: str) -> Element:
        """A step or sample index as a superscript: ``(k−1)``."""
        return self._element(
            "mrow",
            self._operator("(", stretchy="false"),
            self._script(sup),
            self._operator(")", stretchy="false"),
        )

    def _name_parts(
        self, name: str, bold: bool = False
    ) -> tuple[Element, Element | None, Element | None]:
        """A symbol's name as (base, subscript, superscript), read as SymPy's LaTeX printer
        reads names: ``delta_l+1``, ``eta^*``, ``betatildeprime_l``, ``u_{1,1}``."""
        if "{" in name:
            return self._braced(name, bold), None, None
        head, supers, subs = split_super_sub(name)
        base, primes = self._accented(head, bold)
        if primes:  # a′ beside its letter: a prime set as a superscript is drawn twice small
            base = self._row(base, *(self._prime() for _ in range(primes)))
        sub = self._script(",".join(subs)) if subs else None  # a unit's index stays light
        sup = self._script(" ".join(supers)) if supers else None
        return base, sub, sup

    def _prime(self) -> Element:
        return self._operator("′", lspace="0", rspace="0")

    def _braced(self, name: str, bold: bool) -> Element:
        """A name with a braced subscript (``u_{1,1}``, ``g[u_{1,1}]``); any other name with
        braces as it is written."""
        match = _BRACED.fullmatch(name)
        if match is None:
            return self._token("mi", name)
        head, sub, tail = match["head"], match["sub"], match["tail"]
        split = max((i + 1 for i, ch in enumerate(head) if not ch.isalnum()), default=0)
        lead, core = head[:split], head[split:]
        base = self._letters(core, bold) if core else self._token("mi", "")
        pieces = [self._script(lead)] if lead else []
        pieces.append(self._element("msub", base, self._script(sub)))
        if tail:
            pieces.append(self._script(tail))
        return self._row(*pieces)

    def _name(self, name: str, bold: bool = False) -> Element:
        return self._scripted(*self._name_parts(name, bold))

    # -- the notation ------------------------------------------------------------------------

    def _print_Symbol(self, expr: Symbol, style: str = "plain") -> Element:
        return self._name(expr.name)

    def _print_VectorSymbol(self, expr: VectorSymbol) -> Element:
        delta, base, sup = expr.parts
        root, sub, marks = self._name_parts(base, bold=True)
        index = None if sup is None else self._index(sup)
        sups = [node for node in (marks, index) if node is not None]
        node = self._scripted(root, sub, self._row(*sups) if sups else None)
        if not delta:
            return node
        return self._element("mrow", self._token("mi", "Δ", mathvariant="normal"), node)

    def _print_IndexedSymbol(self, expr: IndexedSymbol) -> Element:
        if expr.parts is None:
            return self._print_Symbol(expr)
        base, sup, component = expr.parts
        root, sub, marks = self._name_parts(base)
        subs = [node for node in (sub, component and self._script(component)) if node]
        if len(subs) == 2:
            subs.insert(1, self._operator(",", lspace="0"))
        sups = [node for node in (marks, self._index(sup)) if node is not None]
        return self._scripted(root, self._row(*subs) if subs else None, self._row(*sups))

    def _print_HatSymbol(self, expr: HatSymbol) -> Element:
        base, sup = expr.parts
        hat = self._operator("^", stretchy="false")
        accented = self._element("mover", self._letters(base), hat, attrs={"accent": "true"})
        return self._element("msup", accented, self._index(sup))

    def _print_FunctionClass(self, expr: type) -> Element:
        if expr in (phi, Sign):
            return self._token("mi", "φ")
        if expr is Dot:
            return self._operator("⋅", breaks="dot")
        return self._name(expr.__name__)

    def _print_Function(self, expr: Expr) -> Element:
        """``f(a, b)``: the function's name, its arguments in sized parentheses."""
        arguments: list[Element] = []
        for i, argument in enumerate(expr.args):
            if i:
                arguments.append(self._operator(",", rspace="0.3em"))
            arguments.append(self._print(argument))
        return self._element("mrow", self._print(expr.func), self._fenced(*arguments))

    def _print_phi(self, expr: Expr) -> Element:
        return self._element("mrow", self._print(expr.func), self._bracketed(expr.args[0]))

    def _print_Sign(self, expr: Expr) -> Element:
        return self._print_phi(expr)

    def _print_exp(self, expr: Expr) -> Element:
        return self._element("msup", self._token("mi", "e"), self._print(expr.args[0]))

    def _print_Abs(self, expr: Expr, exp: object = None) -> Element:
        """|z|, its bars at the font's size."""
        bars = [self._operator("|", form=form, stretchy="false") for form in ("prefix", "postfix")]
        return self._element("mrow", bars[0], self._print(expr.args[0]), bars[1])

    def _print_Dot(self, expr: Expr) -> Element:
        left, right = (self._bracketed(a) if a.is_Add else self._print(a) for a in expr.args)
        return self._element("mrow", left, self._print(expr.func), right)

    def _print_Add(self, expr: Expr, order: str | None = None) -> Element:
        """The terms in reading order, a row breaking before each ``+`` and ``−``."""
        row = self._element("mrow")
        for i, term in enumerate(ordered_terms(expr)):
            if i and term.could_extract_minus_sign():
                row.appendChild(self._operator("−", breaks="sum", form="infix"))
                term = -term
            elif i:
                row.appendChild(self._operator("+", breaks="sum", form="infix"))
            row.appendChild(self._print(term))
        return row

    def _print_Mul(self, expr: Expr) -> Element:
        """A product in reading order (coefficient, scalars, dot products, the vector:
        ½ η y (…) 𝐱), a fraction when the denominator is not a number; a number over a
        single scalar stays one fraction (φ(z)/2)."""
        if expr.could_extract_minus_sign():
            positive = -expr
            node = self._bracketed(positive) if positive.is_Add else self._print(positive)
            return self._element("mrow", self._operator("−", form="prefix"), node)
        numerator, denominator = fraction(expr, exact=True)
        if not denominator.is_Number:
            return self._quotient(numerator, denominator)
        coefficient, rest = expr.as_coeff_Mul()
        scalars, dots, vectors = split_factors(rest) if rest != 1 else ([], [], [])
        factors = scalars + dots + vectors
        last = len(factors) - 1
        pieces = [
            self._bracketed(f) if f.is_Add or (isinstance(f, Dot) and i < last) else self._print(f)
            for i, f in enumerate(factors)
        ]
        if isinstance(coefficient, Float) or coefficient.q == 1:
            if coefficient != 1:
                pieces.insert(0, self._print(coefficient))
        elif len(factors) == 1 and not (
            factors[0].is_Add or isinstance(factors[0], Dot) or is_vector(factors[0])
        ):
            top = pieces[0]
            if coefficient.p != 1:
                top = self._element("mrow", self._print(S(coefficient.p)), top)
            return self._over(top, self._print(S(coefficient.q)))
        else:
            pieces.insert(0, self._rational(coefficient))
        row = self._element("mrow")
        for i, piece in enumerate(pieces):
            if i:
                row.appendChild(self._operator("\u2062", breaks="factor"))
            row.appendChild(piece)
        return row if len(pieces) > 1 else pieces[0]

    def _over(self, top: Element, bottom: Element) -> Element:
        """A fraction, or ``top / bottom`` in running text."""
        if self._inline:
            return self._element("mrow", top, self._slash(), bottom)
        return self._element("mfrac", top, bottom)

    def _slash(self) -> Element:
        """The ``/`` of a fraction in running text, as tight as TeX sets it."""
        return self._operator("/", lspace="0", rspace="0")

    def _quotient(self, numerator: Expr, denominator: Expr) -> Element:
        """``numerator`` over ``denominator``: a fraction, or ``a / b`` for a short
        denominator in running text."""
        bottom = self._print(denominator)
        if self._inline and measure(bottom) <= _SHORT:
            top = self._print(numerator)
            if numerator.is_Add or numerator.is_Mul:
                top = self._fenced(top)
            if denominator.is_Add or denominator.is_Mul:
                bottom = self._fenced(bottom)
            return self._element("mrow", top, self._slash(), bottom)
        return self._element("mfrac", self._print(numerator), bottom)

    def _rational(self, number: Expr) -> Element:
        top, bottom = self._print(S(abs(number.p))), self._print(S(number.q))
        node = self._element("mfrac", top, bottom)
        if number.p < 0:
            return self._element("mrow", self._operator("−", form="prefix"), node)
        return node

    def _print_Rational(self, expr: Expr) -> Element:
        if expr.q == 1:
            return self._print_Integer(expr)
        if self._inline:
            top, bottom = self._print(S(abs(expr.p))), self._print(S(expr.q))
            node = self._element("mrow", top, self._slash(), bottom)
            if expr.p < 0:
                return self._element("mrow", self._operator("−", form="prefix"), node)
            return node
        return self._rational(expr)

    def _print_Integer(self, expr: Expr) -> Element:
        if expr < 0:
            return self._element(
                "mrow", self._operator("−", form="prefix"), self._token("mn", str(-expr))
            )
        return self._token("mn", str(expr))

    def _print_Pow(self, expr: Expr) -> Element:
        base, exp = expr.args
        if exp == S.Half:
            return self._element("msqrt", self._print(base))
        if exp.is_Number and exp.is_negative:
            return self._quotient(S.One, base ** (-exp))
        node = self._print(base)
        if (
            base.is_Add
            or base.is_Mul
            or base.is_Pow
            or isinstance(base, Dot)
            or (base.is_Number and (base.is_negative or not base.is_Integer))
            or node.tagName in ("msup", "msubsup")  # y⁽ᵏ⁾ squared: (y⁽ᵏ⁾)²
        ):
            node = self._fenced(node)
        elif node.tagName == "msub":  # u₁,₁ squared: u²₁,₁
            return self._element("msubsup", *node.childNodes, self._print(exp))  # type: ignore[arg-type]
        return self._element("msup", node, self._print(exp))

    def _print_Relational(self, expr: Expr) -> Element:
        relation = _RELATIONS.get(expr.rel_op, expr.rel_op)
        return self._element(
            "mrow", self._print(expr.lhs), self._operator(relation), self._print(expr.rhs)
        )

    def _print_Tuple(self, expr: Tuple) -> Element:
        items: list[Element] = []
        for i, item in enumerate(expr.args):
            if i:
                items.append(self._operator(",", rspace="0.3em"))
            items.append(self._print(item))
        return self._fenced(*items)

    def _print_MatrixBase(self, expr: Expr) -> Element:
        """A matrix in square brackets, stretched to its rows (a single row needs no
        stretching, which would leave the brackets standing apart from it)."""
        table = self._element("mtable")
        for i in range(expr.rows):
            cells = [
                self._element("mtd", self._print(expr[i, j]), attrs={"style": _MATRIX_CELL})
                for j in range(expr.cols)
            ]
            table.appendChild(self._element("mtr", *cells))
        stretchy = "true" if expr.rows > 1 else "false"
        return self._element(
            "mrow",
            self._operator("[", form="prefix", stretchy=stretchy),
            table,
            self._operator("]", form="postfix", stretchy=stretchy),
        )

    def _print_UnevaluatedExpr(self, expr: Expr) -> Element:
        return self._print(expr.args[0])

    def _differential(self, partial: bool) -> Element:
        return self._token("mi", "∂") if partial else self._token("mi", "d", mathvariant="normal")

    def _print_Derivative(self, expr: Derivative) -> Element:
        """``d/dz σ(z)``, ``∂/∂ŷ L(ŷ, y)``: SymPy's ∂ when the function has several
        arguments."""
        partial = requires_partial(expr.expr)
        bottom = self._element("mrow")
        for variable, count in expr.variable_count:
            mark = self._differential(partial)
            if count > 1:
                mark = self._element("msup", mark, self._print(count))
            bottom.appendChild(mark)
            bottom.appendChild(self._print(variable))
        top = self._differential(partial)
        if expr.derivative_count > 1:
            top = self._element("msup", top, self._print(S(expr.derivative_count)))
        function = expr.expr
        body = self._bracketed(function) if function.is_Add or function.is_Mul else None
        return self._element(
            "mrow", self._element("mfrac", top, bottom), body or self._print(function)
        )

    def _print_Subs(self, expr: Expr) -> Element:
        """A derivative at a point: σ′(z) for a function of one argument, else the derivative
        with a bar, the point at its foot (``|_{t = ŷ}``)."""
        inner, variables, points = expr.args
        if (
            isinstance(inner, Derivative)
            and len(variables) == 1
            and inner.variables == tuple(variables)
            and len(getattr(inner.expr, "args", ())) == 1
            and inner.expr.args[0] == variables[0]
        ):
            name = self._print(inner.expr.func)
            return self._element("mrow", name, self._prime(), self._bracketed(points[0]))
        at = self._element("mrow")
        for i, (variable, point) in enumerate(zip(variables, points, strict=True)):
            if i:
                at.appendChild(self._operator(",", lspace="0"))
            at.appendChild(self._print(variable))
            at.appendChild(self._operator("=", lspace="0", rspace="0"))
            at.appendChild(self._print(point))
        # the bar ends the row it stretches to; the point hangs from its foot
        bar = self._operator("|", stretchy="true", form="postfix")
        evaluated = self._element("mrow", self._print(inner), bar)
        return self._element("msub", evaluated, at)

    def _print_Sum(self, expr: Expr) -> Element:
        """∑ with its limits under and over it, the summand after it."""
        (variable, low, high), *more = expr.limits
        under = self._element(
            "mrow", self._print(variable), self._operator("=", lspace="0", rspace="0"),
            self._print(low),
        )  # fmt: skip
        sigma = self._element("munderover", self._operator("∑"), under, self._print(high))
        body = expr.function
        summand = self._bracketed(body) if body.is_Add else self._print(body)
        if more:
            summand = self._print(expr.func(body, *more))
        return self._element("mrow", sigma, summand)

    # -- the document's blocks ---------------------------------------------------------------

    def _print_Document(self, document: Document) -> str:
        self._begin(document)
        page = self._settings["page"]
        heading = "h2" if page else "h4"
        self._heading = heading
        blocks = "\n".join(self._print(block) for block in document.blocks)
        title = self._text(document.title)
        if page:
            return html_page(_escape(document.title), title, blocks)
        return f'<div class="etaproof-document">\n<h3>{title}</h3>\n{blocks}\n</div>\n'

    def _print_Heading(self, heading: Heading) -> str:
        tag = getattr(self, "_heading", "h2")
        return f"<{tag}>{self._text(heading.text)}</{tag}>"

    def _print_Paragraph(self, paragraph: Paragraph) -> str:
        return f"<p>{self._prose(paragraph.parts)}</p>"

    def _print_Theorem(self, theorem: Theorem) -> str:
        kind, statement = self._text(theorem.kind), self._prose(theorem.parts)
        return f'<p class="theorem"><strong>{kind}.</strong> <em>{statement}</em></p>'

    def _print_ProofStart(self, _: ProofStart) -> str:
        return '<p class="proof"><em>Proof.</em></p>'

    def _print_ProofEnd(self, _: ProofEnd) -> str:
        return '<p class="qed" style="text-align:right">∎</p>'

    def _print_Chain(self, chain: Chain) -> str:
        number = self._next_number()
        rows = self._rows(chain.verified())
        return self._display(rows if number is None else numbered(rows, number), number)

    def _print_Derivation(self, derivation: Derivation) -> str:
        """The chain verified as it is now: a row ``= e`` per step, with its reason."""
        return self._display(self._rows(derivation))

    def _rows(self, derivation: Derivation) -> list[Row]:
        derivation = derivation.verify()
        steps = [
            Step(
                self._displayed(derivation.start) if i == 0 else None,
                self._displayed(step.expr),
                self._reason_parts(self._citation(step.because)),
            )
            for i, step in enumerate(derivation.steps)
        ]
        return chain_rows(self.dom, steps, self.line_width())

    def _print_Definitions(self, definitions: Definitions) -> str:
        steps = [Step(self._displayed(lhs), self._displayed(rhs)) for lhs, rhs in definitions.pairs]
        return self._display(chain_rows(self.dom, steps, self.line_width()))

    def _print_Table(self, table: Table) -> str:
        def cells(row: tuple, tag: str) -> str:
            return "".join(f"<{tag}>{self._prose(_cell(cell))}</{tag}>" for cell in row)

        body = "\n".join(f"<tr>{cells(row, 'td')}</tr>" for row in table.rows)
        return (
            f"<table>\n<thead><tr>{cells(table.header, 'th')}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>\n</table>"
        )

    # -- displays, prose and reasons ---------------------------------------------------------

    def _displayed(self, expr: Expr) -> Element:
        """An expression as displayed math (its marks kept for the layout)."""
        inline, self._inline = self._inline, False
        try:
            return self._print(expr)
        finally:
            self._inline = inline

    def _inline_node(self, expr: Expr) -> Element:
        """An expression as in running text: short fractions as a/b, parentheses sized for
        text."""
        inline, self._inline = self._inline, True
        try:
            node = self._print(expr)
        finally:
            self._inline = inline
        size_fences(node, display=False)
        return node

    def _reason_parts(self, parts: tuple[Part, ...]) -> tuple[ReasonPart, ...]:
        """A citation's parts: words as they are, expressions as in running text."""
        return tuple(part if isinstance(part, str) else self._inline_node(part) for part in parts)

    def _display(self, rows: list[Row], number: int | None = None) -> str:
        """Laid-out rows as one ``<mtable>`` in a displayed ``<math>``: left sides aligned
        right, ``=`` and the right sides left, the reasons in a column of their own (or
        under their step), the equation number last."""
        table = self._element(
            "mtable", attrs={"displaystyle": "true", "columnalign": "right left left"}
        )
        for row in rows:
            table.appendChild(self._table_row(row, number is not None))
        anchor = "" if number is None else f' id="eq-{number}"'
        return (
            f'<div class="display"{anchor} style="overflow-x:auto;margin:0.6em 0">'
            f"{self._math(table, display=True)}</div>"
        )

    def _table_row(self, row: Row, numbered: bool) -> Element:
        cell = self._cell
        if row.alone:
            cells = [cell(_LEFT), cell(_REASON, *self._reason(row.reason or ()))]
            cells[1].setAttribute("columnspan", "2")
            cells[1].setAttribute("displaystyle", "false")
        else:
            indent = [self._space(INDENT * row.indent)] if row.indent else []
            reason = cell(_REASON, *self._reason(row.reason or ()))
            reason.setAttribute("displaystyle", "false")
            left = [unmarked(row.left)] if row.left is not None else []
            right = [unmarked(node) for node in row.right]
            cells = [cell(_LEFT, *left), cell(_RIGHT, *indent, *right), reason]
        if numbered:
            text = [] if row.number is None else [self._token("mtext", f"({row.number})")]
            cells.append(cell(_NUMBER, *text))
        return self._element("mtr", *cells)

    def _cell(self, style: str, *children: Element) -> Element:
        return self._element("mtd", *children, attrs={"style": style})

    def _space(self, em: float) -> Element:
        return self._element("mspace", attrs={"width": f"{em:g}em"})

    def _reason(self, parts: tuple[ReasonPart, ...]) -> list[Element]:
        """A reason's line: words as ``<mtext>`` (spaces at its ends kept, η and φ as the
        formulas' letters), expressions (one with a fraction in display style: a reason is set
        in text style, where a fraction shrinks to a smudge)."""
        out: list[Element] = []
        for part in parts:
            if not isinstance(part, str):
                node = unmarked(part)
                if node.getElementsByTagName("mfrac"):
                    node = self._element("mstyle", node, attrs={"displaystyle": "true"})
                out.append(node)
                continue
            for i, piece in enumerate(_GREEK_IN_TEXT.split(part)):
                if i:
                    out.append(self._token("mi", _GREEK_IN_TEXT.findall(part)[i - 1]))
                if piece:
                    out.append(self._token("mtext", piece.replace(" ", "\u00a0")))
        return out

    def _prose(self, parts: tuple[Part | EquationRef, ...]) -> str:
        """Prose parts as HTML: words escaped, expressions as inline ``<math>``, equation
        numbers as links to their chains."""
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                text = self._text(part)
                glued = _PUNCTUATION.match(text) if out and out[-1].endswith("</math>") else None
                if glued:  # no line break between a formula and the comma after it
                    nowrap = '<span style="white-space:nowrap">'
                    out[-1] = f"{nowrap}{out[-1]}{glued.group()}</span>"
                    text = text[glued.end() :]
                out.append(text)
            elif isinstance(part, EquationRef):
                number = self._numbers[(part.derivation.start, part.derivation.result)]
                out.append(f'<a href="#eq-{number}">({number})</a>')
            else:
                out.append(self._math(self._inline_node(part)))
        return "".join(out)

    def _text(self, text: str) -> str:
        """Words as HTML: escaped, η and φ set as math (as the LaTeX printer sets them), so
        that they are the letters of the formulas, whatever the text's font."""
        return _GREEK_IN_TEXT.sub(lambda m: f"<math><mi>{m.group()}</mi></math>", _escape(text))

    def _math(self, node: Element, *, display: bool = False) -> str:
        """``node`` as a ``<math>`` element, its marks removed; SymPy's named character
        references (which XML does not know) as the characters they stand for."""
        markup = unmarked(node).toxml()
        markup = _ENTITY.sub(_character, markup)
        block = ' display="block"' if display else ""
        return f"<math{block}>{markup}</math>"


def _character(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    return _escape(html.unescape(match.group(0)))


def _cell(cell: Part | tuple[Part, ...]) -> tuple[Part, ...]:
    return cell if isinstance(cell, tuple) else (cell,)


def mathml(expr: Expr, *, display: bool = False) -> str:
    """One expression as a ``<math>`` element in answer 1's notation (``display``: as
    displayed math, else as in running text: short fractions as a/b)."""
    return NotationMathMLPrinter({"display": display}).doprint(expr)

"""MathML for pages that read anywhere: SymPy's presentation printer writing answer 1's
notation, chains as tables with their reasons in a column, every block of a document, every
text escaped, and no script.  The expected MathML below was written by hand."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from sympy import Derivative, Eq, Function, Rational, Subs, Sum, Symbol

from symbolic import Derivation, phi
from symbolic.algebra.vectors import ZERO_VECTOR, Dot, vector
from symbolic.derivations.derivation import LookAlikeNames
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
from symbolic.derivations.inference import INFERENCE_RULES
from symbolic.perceptron.dataset import indexed_symbol
from symbolic.perceptron.notation import HatSymbol
from symbolic.perceptron.trace import ETA
from symbolic.render import mathml

Z = Symbol("z", real=True)
T = Symbol("t", real=True)
SIGMA = Function("sigma")
W, X = vector("w", "k-1"), vector("x", "k")

#: The pieces the expected MathML is written with: parentheses at the font's size, a prime
#: and signs set tight, accents.
OPEN = '<mo form="prefix" stretchy="false">(</mo>'
CLOSE = '<mo form="postfix" stretchy="false">)</mo>'
TIGHT = '<mo lspace="0" rspace="0">{}</mo>'


def accent(base: str, mark: str) -> str:
    return f'<mover accent="true"><mi>{base}</mi><mo stretchy="false">{mark}</mo></mover>'


def index(sup: str) -> str:
    """A step index as a superscript: ``(k−1)``, its signs set tight."""
    tokens = re.findall(r"[a-z]|\d+|−", sup)
    inner = "".join(
        TIGHT.format(t) if t == "−" else f"<mi>{t}</mi>" if t.isalpha() else f"<mn>{t}</mn>"
        for t in tokens
    )
    inner = inner if len(tokens) == 1 else f"<mrow>{inner}</mrow>"
    return f'<mrow><mo stretchy="false">(</mo>{inner}<mo stretchy="false">)</mo></mrow>'


W_K1 = f"<msup><mi>𝐰</mi>{index('k−1')}</msup>"
X_K = f"<msup><mi>𝐱</mi>{index('k')}</msup>"
PHI_Z = f"<mrow><mi>φ</mi><mrow>{OPEN}<mi>z</mi>{CLOSE}</mrow></mrow>"


def case_id(value: object) -> str:
    """A case's id: the expression, and display or inline (not the expected MathML)."""
    if isinstance(value, bool):
        return "display" if value else "inline"
    return "" if isinstance(value, str) else str(value)


@pytest.mark.parametrize(
    ("expr", "display", "expected"),
    [
        # φ(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾): bold vectors, the dot product, φ's parentheses at the font's size
        (phi(Dot(W, X)), False,
         f"<mrow><mi>φ</mi><mrow>{OPEN}<mrow>{W_K1}<mo>⋅</mo>{X_K}</mrow>{CLOSE}</mrow></mrow>"),
        # a number over a single scalar stays one fraction, a/b in running text
        (phi(Z) / 2, True, f"<mfrac>{PHI_Z}<mn>2</mn></mfrac>"),
        (phi(Z) / 2, False, f"<mrow>{PHI_Z}{TIGHT.format('/')}<mn>2</mn></mrow>"),
        (Rational(-1, 2), True,
         '<mrow><mo form="prefix">−</mo><mfrac><mn>1</mn><mn>2</mn></mfrac></mrow>'),
        # powers and the names' conventions: Δ upright, accents and primes from suffixes
        (Symbol("x") ** 2, False, "<msup><mi>x</mi><mn>2</mn></msup>"),
        (Symbol("u_{1,1}") ** 2, False,
         f"<msubsup><mi>u</mi><mrow><mn>1</mn>{TIGHT.format(',')}<mn>1</mn></mrow>"
         "<mn>2</mn></msubsup>"),
        (vector("w", 1, delta=True), False,
         f'<mrow><mi mathvariant="normal">Δ</mi><msup><mi>𝐰</mi>{index("1")}</msup></mrow>'),
        (ZERO_VECTOR, False, "<mn>𝟎</mn>"),
        (Symbol("deltatilde_l"), False, f"<msub>{accent('δ', '~')}<mi>l</mi></msub>"),
        (Symbol("aprime_l"), False,
         f"<msub><mrow><mi>a</mi>{TIGHT.format('′')}</mrow><mi>l</mi></msub>"),
        (Symbol("eta^*"), False, f"<msup><mi>η</mi>{TIGHT.format('∗')}</msup>"),
        (HatSymbol("yhat(2)"), False, f"<msup>{accent('y', '^')}{index('2')}</msup>"),
        (indexed_symbol("x", 2, 1), False, f"<msubsup><mi>x</mi><mn>1</mn>{index('2')}</msubsup>"),
        # a derivative at a point: σ′(z)
        (Subs(Derivative(SIGMA(T), T), T, Z), False,
         f"<mrow><mi>σ</mi>{TIGHT.format('′')}<mrow>{OPEN}<mi>z</mi>{CLOSE}</mrow></mrow>"),
        (Eq(Symbol("a"), 1), False, "<mrow><mi>a</mi><mo>=</mo><mn>1</mn></mrow>"),
    ],
    ids=case_id,
)  # fmt: skip
def test_small_expressions_print_as_written_by_hand(expr, display, expected):
    block = ' display="block"' if display else ""
    assert mathml(expr, display=display) == f"<math{block}>{expected}</math>"


def test_a_product_reads_eta_then_the_sum_then_the_vector():
    product = ETA * (indexed_symbol("y", 2) - HatSymbol("yhat(2)")) * vector("x", 2)
    text = "".join(ET.fromstring(mathml(product)).itertext())
    assert text == "η\u2062(y(2)−y^(2))\u2062𝐱(2)"  # ŷ is y under ^


def test_nested_parentheses_grow_outwards_without_stretching():
    w0, w1, x2 = vector("w", 0), vector("w", 1, delta=True), vector("x", 2)
    inner = Dot(w0 + w1, x2)
    expr = ETA * (indexed_symbol("y", 2) - phi(inner, evaluate=False)) * x2
    markup = mathml(expr, display=True)
    opening = re.findall(r'(<mpadded voffset="([^"]+)">)?<mo form="prefix"([^>]*)>\(', markup)
    sizes = [re.search(r'mathsize="([^"]+)"', attrs) for _, _, attrs in opening]
    assert [s.group(1) if s else None for s in sizes] == ["150%", "120%", None]
    assert [lowered for _, lowered, _ in opening] == ["-0.125em", "-0.05em", ""]
    assert 'stretchy="true"' not in markup


def test_the_sum_sign_takes_its_limits_under_and_over_it():
    ell, m = Symbol("l", integer=True), Symbol("m", integer=True)
    markup = mathml(Sum(Symbol("v_l") * SIGMA(Symbol("z_l")), (ell, 1, m)), display=True)
    assert markup.startswith('<math display="block"><mrow><munderover><mo>∑</mo>')
    assert '<mrow><mi>l</mi><mo lspace="0" rspace="0">=</mo><mn>1</mn></mrow><mi>m</mi>' in markup


def test_a_derivative_of_several_arguments_at_a_point_hangs_the_point_from_a_bar():
    loss = Function("L")
    expr = Subs(Derivative(loss(T, Symbol("y")), T), T, HatSymbol("yhat(2)"))
    markup = mathml(expr, display=True)
    assert markup.startswith('<math display="block"><msub><mrow><mrow><mfrac><mi>∂</mi>')
    assert '<mo stretchy="true" form="postfix">|</mo></mrow><mrow><mi>t</mi>' in markup


# -- names ------------------------------------------------------------------------------------


C, POSITIVE_C = Symbol("c"), Symbol("c", positive=True)


def chain_of(start, *steps) -> Derivation:
    derivation = Derivation(start)
    for expr in steps:
        derivation = derivation.step(expr, because="algebra")
    return derivation.verify()


@pytest.mark.parametrize(
    "derivation",
    [
        chain_of(Symbol("phi") * phi(Z), phi(Z) * Symbol("phi")),  # φ, the symbol and φ
        chain_of(Function("φ")(Z) + 1, 1 + Function("φ")(Z)),  # a user's φ
        chain_of(C - POSITIVE_C, -POSITIVE_C + C),
    ],
    ids=["symbol-phi", "users-phi", "c-and-positive-c"],
)  # fmt: skip
def test_names_that_print_alike_in_mathml_are_refused(derivation):
    with pytest.raises(LookAlikeNames, match=r"print as .* in MathML"):
        derivation.to_html()
    assert derivation._repr_html_() is None  # Jupyter falls back to the plain repr


def test_a_symbol_that_prints_as_a_number_is_refused():
    two = Symbol("2")
    with pytest.raises(LookAlikeNames, match="like a number"):
        chain_of(two + Z, Z + two).to_html()


def test_a_scalar_w_and_the_vector_w_print_apart():
    w = Symbol("w")
    markup = chain_of(
        w * Dot(vector("w"), vector("x")), Dot(vector("w"), vector("x")) * w
    ).to_html()
    assert "<mi>w</mi>" in markup and "<mi>𝐰</mi>" in markup


# -- documents --------------------------------------------------------------------------------


def every_block_document() -> Document:
    lemma = Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), because="positive-factor")
    return Document(
        "Every block <kind> & η",
        (
            Heading("A heading with φ & <tags>"),
            Paragraph(("Prose with ", ETA * Z, " inline, < and & escaped.")),
            Definitions(((Symbol("a"), Rational(1, 2)),)),
            Theorem(("For every ", Z, ": see ", EquationRef(lemma.verify()), "."), "Lemma"),
            ProofStart(),
            Chain(lemma.verify()),
            ProofEnd(),
            Table(("name", "value"), (("<b>", Z**2), (("a ", Z, " b"), "x & y"))),
        ),
        numbered=True,
    )


def maths(markup: str) -> list[ET.Element]:
    """Every ``<math>`` element, parsed as XML."""
    found = re.findall(r"<math[ >].*?</math>", markup, re.S)
    return [ET.fromstring(math) for math in found]


def test_every_block_of_a_document_prints_and_every_text_is_escaped():
    page = every_block_document().to_html()
    body = page[page.index("<body>") : page.index("</body>") + len("</body>")]
    ET.fromstring(body)  # the body is well-formed XML, math and all
    assert "<h1>Every block &lt;kind&gt; &amp; <math><mi>η</mi></math></h1>" in body
    assert "<title>Every block &lt;kind&gt; &amp; η</title>" in page
    assert "<h2>A heading with <math><mi>φ</mi></math> &amp; &lt;tags&gt;</h2>" in body
    assert "inline, &lt; and &amp; escaped.</p>" in body
    theorem = '<p class="theorem"><strong>Lemma.</strong> <em>For every '
    glued = '<span style="white-space:nowrap"><math><mi>z</mi></math>:</span> see '
    assert theorem + glued in body  # no line break between a formula and its colon
    assert '<a href="#eq-1">(1)</a>' in body and 'id="eq-1"' in body
    assert "<em>Proof.</em>" in body and "∎" in body
    assert "<td>&lt;b&gt;</td>" in body and "<td>x &amp; y</td>" in body
    assert "<mtext>(1)</mtext>" in body  # the chain's number, in its row
    assert body.count("<mtable") == 2  # the definitions and the chain
    assert len(maths(body)) == body.count("<math")
    assert "data-" not in body  # the layout's marks are gone


def test_a_page_is_self_contained_and_runs_nothing():
    page = every_block_document().to_html()
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in page and "<style>" in page
    assert "<script" not in page.lower() and "http" not in page
    assert not re.search(r"\b(src|href)=\"(?!#)", page)


def test_a_symbol_name_that_looks_like_markup_is_escaped():
    markup = mathml(Symbol("<b>") + Symbol("a&b"))
    ET.fromstring(markup)
    assert "&lt;b&gt;" in markup and "a&amp;b" in markup and "<b>" not in markup


def test_a_fragment_for_jupyter_has_no_page_around_it():
    fragment = every_block_document().to_html(page=False)
    assert fragment.startswith('<div class="etaproof-document">')
    assert "<!DOCTYPE" not in fragment and "<style>" not in fragment
    assert fragment == every_block_document()._repr_html_()


def test_a_chain_is_a_table_with_its_reasons_in_a_column():
    derivation = Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), because="positive-factor")
    markup = derivation.to_html()
    (math,) = maths(markup)
    (row,) = math.iter("mtr")
    left, right, reason = row.findall("mtd")
    assert "".join(left.itertext()) == "φ(η\u2062z)"  # η times z
    assert "".join(right.itertext()) == "=φ(z)"
    assert "".join(reason.itertext()).replace("\u00a0", " ") == "φ(c\u2062z)=φ(z) for c>0"
    assert reason.attrib["displaystyle"] == "false"  # set as text


def test_a_long_row_breaks_at_its_sum_and_a_long_reason_moves_below_its_step():
    terms = sum(Symbol(f"a_{i}") * Symbol(f"b_{i}") for i in range(1, 13))
    definition = INFERENCE_RULES["definition"].using((Symbol("s"), terms))
    derivation = Derivation(Symbol("s")).step(terms, because=definition)
    wide = derivation.to_html(line_width=200)
    narrow = derivation.to_html(line_width=20)
    assert len(list(maths(wide)[0].iter("mtr"))) == 1
    rows = list(maths(narrow)[0].iter("mtr"))
    assert len(rows) > 2
    continued = rows[1].findall("mtd")[1]
    assert continued.find("mspace") is not None  # indented
    assert continued.find("mrow/mo").attrib == {"form": "infix"}  # + spaced as an operator
    assert rows[-1].findall("mtd")[1].attrib.get("columnspan") == "2"  # the reason, alone


def test_a_units_index_is_light_beside_its_bold_vector():
    from symbolic.network.notation import UnitVectorSymbol

    printed = mathml(UnitVectorSymbol("w_j(0)"))
    assert "<msubsup><mi>𝐰</mi><mi>j</mi>" in printed  # 𝐣 would be a bold index


def test_a_derivative_with_a_bar_closes_its_product():
    """Its point hangs wide under the bar: a factor printed after it would stand apart."""
    L, y = Function("L"), Symbol("y", real=True)
    barred = Subs(Derivative(L(T, y), T), T, Z)
    printed = mathml(SIGMA(Z) * barred * Symbol("v", real=True))
    bar = printed.index("|")
    assert printed.rfind(">v<") < bar and printed.rfind("σ") < bar  # v σ(z) ∂L/∂t |_{t=z}
    assert ">v<" not in printed[bar:] and "σ" not in printed[bar:]


def test_a_reasons_fraction_is_set_full_size():
    eta_star = Symbol("eta^*", positive=True)
    a, b = Symbol("a", positive=True), Symbol("b", positive=True)
    chain = Derivation(eta_star).step(
        (a + b) / (a * b + 1),
        INFERENCE_RULES["definition"].using((eta_star, (a + b) / (a * b + 1))),
    )
    page = mathml(Document("T", (Chain(chain),)))
    reasons = re.findall(r'<mstyle displaystyle="true">.*?</mstyle>', page)
    assert reasons and all("<mfrac>" in r for r in reasons)


def test_the_number_ends_the_chain_after_a_reason_on_its_own_row():
    from symbolic.render.mathml_layout import Row, numbered

    rows = [Row(left=None, right=[]), Row(reason=("definition",), alone=True)]
    assert [row.number for row in numbered(rows, 7)] == [None, 7]

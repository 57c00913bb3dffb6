"""The LaTeX and text printers write answer 1's notation; expected strings checked by hand
against answer 1's own LaTeX (\\bf → \\mathbf; parentheses sized by nesting, as answer 1's
\\big( and \\Big(, never \\left( … \\right))."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sympy
from sympy import Eq, Rational, Symbol
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from symbolic import Derivation, phi
from symbolic.algebra.vectors import ZERO_VECTOR, Dot, VectorSymbol, vector
from symbolic.derivations.checking import Sign
from symbolic.perceptron.dataset import IndexedSymbol, indexed_symbol
from symbolic.perceptron.notation import HatSymbol, PerceptronNotation
from symbolic.render.latex import NotationLatexPrinter, latex, text_latex
from symbolic.render.markdown import MarkdownPrinter
from symbolic.render.text import NotationTextPrinter, text

N = PerceptronNotation.of("rosenblatt")
ETA = N.eta

CASES = [
    # (expression, LaTeX, text)
    (Dot(N.w(0), N.x(1)), r"\mathbf{w}^{(0)} \cdot \mathbf{x}^{(1)}", "w⁽⁰⁾·x⁽¹⁾"),
    (N.dw(1), r"\Delta \mathbf{w}^{(1)}", "Δw⁽¹⁾"),
    (N.y_hat(2), r"\hat{y}^{(2)}", "ŷ⁽²⁾"),
    (N.w("k-1"), r"\mathbf{w}^{(k - 1)}", "w⁽ᵏ⁻¹⁾"),
    (ZERO_VECTOR, r"\mathbf{0}", "0"),
    (
        N.update(2),
        r"\eta (y^{(2)} - \hat{y}^{(2)}) \mathbf{x}^{(2)}",
        "η (y⁽²⁾ - ŷ⁽²⁾) x⁽²⁾",
    ),
    (N.w(0) + N.dw(1), r"\mathbf{w}^{(0)} + \Delta \mathbf{w}^{(1)}", "w⁽⁰⁾ + Δw⁽¹⁾"),
    (
        Dot(N.w(0) + N.dw(1), N.x(2)),
        r"(\mathbf{w}^{(0)} + \Delta \mathbf{w}^{(1)}) \cdot \mathbf{x}^{(2)}",
        "(w⁽⁰⁾ + Δw⁽¹⁾)·x⁽²⁾",
    ),
    (
        phi(ETA * (N.y(1) - 1) * Dot(N.x(1), N.x(2)), evaluate=False),
        r"\phi\bigl(\eta (y^{(1)} - 1) \mathbf{x}^{(1)} \cdot \mathbf{x}^{(2)}\bigr)",
        "φ(η (y⁽¹⁾ - 1) x⁽¹⁾·x⁽²⁾)",
    ),
    (
        ETA * N.v(1) + ETA * N.g(2),
        r"\eta \mathbf{v}^{(1)} + \eta \mathbf{g}^{(2)}",
        "η v⁽¹⁾ + η g⁽²⁾",
    ),
    (Eq(Symbol("eta^*"), Rational(1, 2)), r"\eta^{*} = \frac{1}{2}", "η* = 1/2"),
    (
        -Dot(N.w(0), N.x(2)) / Dot(N.x(1), N.x(2)),
        r"- \frac{\mathbf{w}^{(0)} \cdot \mathbf{x}^{(2)}}"
        r"{\mathbf{x}^{(1)} \cdot \mathbf{x}^{(2)}}",
        "-(w⁽⁰⁾·x⁽²⁾)/(x⁽¹⁾·x⁽²⁾)",
    ),
    (indexed_symbol("x", 2, 1), r"x^{(2)}_{1}", "x⁽²⁾_1"),
    (indexed_symbol("x", 2, "b"), r"x^{(2)}_{b}", "x⁽²⁾_b"),
    (N.y(1), r"y^{(1)}", "y⁽¹⁾"),
    (N.y_hat("k-1"), r"\hat{y}^{(k - 1)}", "ŷ⁽ᵏ⁻¹⁾"),
    (vector("v", "k"), r"\mathbf{v}^{(k)}", "v⁽ᵏ⁾"),
    (phi(Symbol("z")), r"\phi(z)", "φ(z)"),
    (phi(Symbol("a") + Symbol("b")) ** 2, r"\phi(a + b)^{2}", "φ(a + b)²"),
    (Sign(Symbol("z")), r"\phi(z)", "φ(z)"),  # the checker's opaque φ
    (
        Dot(N.w(0), N.x(1)) ** 2,
        r"(\mathbf{w}^{(0)} \cdot \mathbf{x}^{(1)})^{2}",
        "(w⁽⁰⁾·x⁽¹⁾)²",
    ),
    (
        Dot(N.w(0), N.x(1) + N.x(2)),
        r"\mathbf{w}^{(0)} \cdot (\mathbf{x}^{(1)} + \mathbf{x}^{(2)})",
        "w⁽⁰⁾·(x⁽¹⁾ + x⁽²⁾)",
    ),
]


@pytest.mark.parametrize(("expr", "expected_latex", "expected_text"), CASES)
def test_expressions_print_in_answer_1s_notation(expr, expected_latex, expected_text):
    assert latex(expr) == expected_latex
    assert text(expr) == expected_text


def test_a_chain_is_an_align_environment_with_the_reason_as_a_tag():
    z = Symbol("z", real=True)
    chain = Derivation(phi(ETA * z, evaluate=False)).step(phi(z), because="η is positive")
    with pytest.raises(ValueError):
        chain.verify()  # free text is plain algebra, and algebra does not drop η
    chain = Derivation(phi(ETA * z, evaluate=False)).step(phi(z), because="positive-factor")
    assert chain.to_latex() == (
        "\\begin{align*}\n"
        r"\phi(\eta z) &= \phi(z) \tag*{$\phi(c z) = \phi(z)$ for $c > 0$}"
        "\n\\end{align*}"
    )
    assert chain.to_text() == "φ(η z) = φ(z)   [φ(c z) = φ(z) for c > 0]"


def test_a_multi_line_chain_aligns_on_the_equals_sign():
    y, ŷ = N.y(1), N.y_hat(1)
    chain = Derivation(y - ŷ).step(y - ŷ + 0, because="algebra").step(-(ŷ - y), "algebra")
    assert chain.to_latex().splitlines() == [
        r"\begin{align*}",
        r"y^{(1)} - \hat{y}^{(1)} &= y^{(1)} - \hat{y}^{(1)} \tag*{algebra} \\",
        r" &= y^{(1)} - \hat{y}^{(1)} \tag*{algebra}",
        r"\end{align*}",
    ]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("50% & more", r"50\% \& more"),
        ("a_b {c}", r"a\_\hspace{0pt}b \{c\}"),  # an identifier may break after _ and .
        ("Rules.zero_init", r"Rules.\hspace{0pt}zero\_\hspace{0pt}init"),
        ("e.g. 1 ∞", r"e.\hspace{0pt}g. 1 $\infty$"),
        ("η > 0", r"$\eta$ \textgreater{} 0"),
        ("x − y", "x - y"),
    ],
)
def test_prose_is_escaped_for_latex(raw, escaped):
    assert text_latex(raw) == escaped


class Weight(VectorSymbol):
    """A user's subclass of a model class, with no printing of its own."""


def test_a_subclass_prints_through_the_method_of_the_class_it_extends():
    # SymPy's Printer._print walks type(expr).__mro__ for the first _print_<ClassName>
    assert latex(Weight("w(1)")) == r"\mathbf{w}^{(1)}"
    assert text(Dot(Weight("w(1)"), N.x(2))) == "w⁽¹⁾·x⁽²⁾"

    class Upright(NotationLatexPrinter):
        def _print_VectorSymbol(self, expr: VectorSymbol) -> str:
            return rf"\vec{{{expr.parts[1]}}}"

    assert Upright().doprint(Dot(Weight("w(1)"), N.x(2))) == r"\vec{w} \cdot \vec{x}"


@pytest.mark.parametrize("cls", [VectorSymbol, Dot, phi, IndexedSymbol, HatSymbol])
def test_the_model_classes_carry_no_printer_hooks(cls):
    assert not {"_latex", "_sympystr", "_pretty"} & set(vars(cls))


def test_plain_sympy_prints_phi_as_etaproof_does_even_when_only_phi_is_imported():
    z = Symbol("z")
    assert sympy.latex(phi(z)) == r"\phi\left(z\right)"
    assert sympy.latex(phi(z) ** 2) == r"\phi\left(z\right)^{2}"
    script = (
        "import sympy\nfrom symbolic.algebra.phi import phi\n"
        "print(sympy.latex(phi(sympy.Symbol('z'))), end='')"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == r"\phi\left(z\right)", done.stderr


def test_str_of_the_model_objects_is_their_sympy_name():
    assert [str(vector("w", 0)), str(N.dw(1)), str(N.y_hat(2)), str(N.y(2))] == [
        "w(0)",
        "Δw(1)",
        "yhat(2)",
        "y(2)",
    ]
    assert str(phi(Symbol("z"))) == "phi(z)"
    assert str(Dot(N.w(0), N.x(1))) == "Dot(w(0), x(1))"


def test_the_markdown_printer_is_the_latex_printer_with_a_few_block_methods_changed():
    assert issubclass(MarkdownPrinter, NotationLatexPrinter)
    assert issubclass(MarkdownPrinter, LatexPrinter)
    assert issubclass(NotationTextPrinter, StrPrinter)
    changed = {name for name in vars(MarkdownPrinter) if name.startswith("_print_")}
    assert changed == {
        "_print_Document",
        "_print_Chain",  # its number is a \tag after the block: nothing moves to make room
        "_print_Heading",
        "_print_Table",
        "_print_Theorem",
        "_print_ProofStart",
        "_print_ProofEnd",
    }

"""The LaTeX and text printers write the seed's notation; expected strings checked by hand
against the seed's own LaTeX (\\bf → \\mathbf, \\big( → \\left()."""

from __future__ import annotations

import pytest
from sympy import Eq, Rational, Symbol

from symbolic import Derivation, phi
from symbolic.algebra.vectors import ZERO_VECTOR, Dot
from symbolic.perceptron.notation import PerceptronNotation
from symbolic.render.latex import latex, text_latex
from symbolic.render.text import text

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
        r"\eta \left(y^{(2)} - \hat{y}^{(2)}\right) \mathbf{x}^{(2)}",
        "η (y⁽²⁾ - ŷ⁽²⁾) x⁽²⁾",
    ),
    (N.w(0) + N.dw(1), r"\mathbf{w}^{(0)} + \Delta \mathbf{w}^{(1)}", "w⁽⁰⁾ + Δw⁽¹⁾"),
    (
        Dot(N.w(0) + N.dw(1), N.x(2)),
        r"\left(\mathbf{w}^{(0)} + \Delta \mathbf{w}^{(1)}\right) \cdot \mathbf{x}^{(2)}",
        "(w⁽⁰⁾ + Δw⁽¹⁾)·x⁽²⁾",
    ),
    (
        phi(ETA * (N.y(1) - 1) * Dot(N.x(1), N.x(2)), evaluate=False),
        r"\phi\left(\eta \left(y^{(1)} - 1\right) \mathbf{x}^{(1)} \cdot \mathbf{x}^{(2)}\right)",
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
]


@pytest.mark.parametrize(("expr", "expected_latex", "expected_text"), CASES)
def test_expressions_print_in_the_seed_notation(expr, expected_latex, expected_text):
    assert latex(expr) == expected_latex
    assert text(expr) == expected_text


def test_a_chain_is_an_align_environment_with_the_reason_as_text():
    z = Symbol("z", real=True)
    chain = Derivation(phi(ETA * z, evaluate=False)).step(phi(z), because="η is positive")
    with pytest.raises(ValueError):
        chain.verify()  # free text is plain algebra, and algebra does not drop η
    chain = Derivation(phi(ETA * z, evaluate=False)).step(phi(z), because="positive-factor")
    assert chain.to_latex() == (
        "\\begin{align*}\n"
        r"\phi\left(\eta z\right) &= \phi\left(z\right) && "
        r"\phi\left(c z\right) = \phi\left(z\right) \text{ for } c > 0"
        "\n\\end{align*}"
    )
    assert chain.to_text() == "φ(η z) = φ(z)   [φ(c z) = φ(z) for c > 0]"


def test_a_multi_line_chain_aligns_on_the_equals_sign():
    y, ŷ = N.y(1), N.y_hat(1)
    chain = Derivation(y - ŷ).step(y - ŷ + 0, because="algebra").step(-(ŷ - y), "algebra")
    assert chain.to_latex().splitlines() == [
        r"\begin{align*}",
        r"y^{(1)} - \hat{y}^{(1)} &= y^{(1)} - \hat{y}^{(1)} && \text{algebra} \\",
        r" &= y^{(1)} - \hat{y}^{(1)} && \text{algebra}",
        r"\end{align*}",
    ]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("50% & more", r"50\% \& more"),
        ("a_b {c}", r"a\_b \{c\}"),
        ("η > 0", r"$\eta$ \textgreater{} 0"),
        ("x − y", "x - y"),
    ],
)
def test_prose_is_escaped_for_latex(raw, escaped):
    assert text_latex(raw) == escaped

"""The layout of displayed math: parentheses sized by nesting, rows broken where a textbook
breaks them, reasons beside their step or on rows of their own, widths estimated on the wide
side of TeX's.  Expected strings pinned by hand (tests/proofs/test_typesetting.py compiles
whole documents with pdflatex)."""

from __future__ import annotations

import re

import pytest
import sympy
from sympy import Integer, Rational, Symbol

from proofs.commands.derive import build_document
from symbolic import Derivation, phi
from symbolic.derivations.document import Document, Table
from symbolic.perceptron.notation import PerceptronNotation
from symbolic.render.latex import NotationLatexPrinter, latex
from symbolic.render.layout import Math, break_lines, split_reason
from symbolic.render.widths import math_width, text_width
from symbolic.theorems.zero_init_chains import unrolled_update, zero_init_and_drop_eta

N = PerceptronNotation.of("rosenblatt")
ZERO_ONE = PerceptronNotation.of("zero-one")
ANSWER_LINE = unrolled_update(N, 2).verify().result  # answer 1's last line for Δw⁽²⁾


def marked(expr) -> str:
    """The printer's output before layout (with its marks)."""
    return NotationLatexPrinter()._print(expr)


def test_parentheses_are_sized_by_nesting_up_to_big_ones_as_in_answer_1():
    # answer 1: \eta \Big(y^{(2)} - \phi\Big( \big({\bf w}^{(0)} + \eta (y^{(1)} - \phi(…)) …
    assert latex(ANSWER_LINE) == (
        r"\eta \Bigl(y^{(2)} - \phi\Bigl(\Bigl(\mathbf{w}^{(0)} + \eta \bigl(y^{(1)} - "
        r"\phi(\mathbf{w}^{(0)} \cdot \mathbf{x}^{(1)})\bigr) \mathbf{x}^{(1)}\Bigr) \cdot "
        r"\mathbf{x}^{(2)}\Bigr)\Bigr) \mathbf{x}^{(2)}"
    )


def test_parentheses_around_a_displayed_fraction_are_at_least_big_ones():
    update = ZERO_ONE.update(2).subs(*ZERO_ONE.defines_prediction(2))
    assert latex(update) == (
        r"\eta \Bigl(y^{(2)} - \frac{1}{2} - \frac{\phi(\mathbf{w}^{(1)} \cdot "
        r"\mathbf{x}^{(2)})}{2}\Bigr) \mathbf{x}^{(2)}"
    )
    # in running text the fraction is folded and the pair sized by nesting alone
    assert latex(update, inline=True) == (
        r"\eta \bigl(y^{(2)} - 1 / 2 - \phi(\mathbf{w}^{(1)} \cdot \mathbf{x}^{(2)}) / 2\bigr)"
        r" \mathbf{x}^{(2)}"
    )


def test_phi_is_a_function_name_without_left_and_right_while_plain_sympy_keeps_its_own():
    z = Symbol("z")
    assert latex(phi(z)) == r"\phi(z)"
    assert latex(phi(z + 1) * N.x(1)) == r"\phi(z + 1) \mathbf{x}^{(1)}"
    assert sympy.latex(phi(z)) == r"\phi\left(z\right)"


@pytest.mark.parametrize("theorem", ["zero-init", "nonzero-init"])
def test_no_document_uses_left_and_right_and_phi_always_takes_its_parentheses(theorem):
    document = build_document(theorem, 2)
    for text in (document.to_latex(standalone=False), document.to_markdown()):
        assert r"\left(" not in text and r"\right)" not in text
        # φ(…) with plain or sized parentheses, or φ alone as a word in prose ($\phi$)
        assert not re.findall(r"\\phi(?!\(|\\[bB]igg?l\(|\$|\\text| =)", text)


def test_a_mistake_driven_update_reads_coefficient_first_as_the_text_does():
    rule = PerceptronNotation.of("mistake-driven")
    assert latex(rule.update(1)) == (
        r"\frac{1}{2} \eta y^{(1)} \bigl(1 + \phi(- y^{(1)} \mathbf{w}^{(0)} \cdot "
        r"\mathbf{x}^{(1)})\bigr) \mathbf{x}^{(1)}"
    )
    assert latex(phi(Symbol("z")) / 2) == r"\frac{\phi(z)}{2}"
    assert latex(Rational(3, 2) * Symbol("a") * Symbol("b")) == r"\frac{3}{2} a b"


def test_a_long_line_breaks_at_the_outermost_sum_then_further_in():
    lines = [line for line, _ in break_lines(marked(ANSWER_LINE), 18, 16)]
    assert lines == [
        r"\eta \Bigl(y^{(2)}",
        r"{} - \phi\Bigl(\Bigl(\mathbf{w}^{(0)}",
        r"{} + \eta \bigl(y^{(1)} - \phi(\mathbf{w}^{(0)} \cdot \mathbf{x}^{(1)})\bigr) "
        r"\mathbf{x}^{(1)}\Bigr)",
        r"{} \cdot \mathbf{x}^{(2)}\Bigr)\Bigr) \mathbf{x}^{(2)}",
    ]
    assert [line for line, _ in break_lines(marked(ANSWER_LINE), 40, 40)] == [latex(ANSWER_LINE)]


def test_a_product_breaks_between_factors_only_as_a_last_resort_with_times():
    product = Symbol("a") * Symbol("b") * phi(Symbol("c"))
    assert [line for line, _ in break_lines(marked(product), 0.8, 0.8)] == [
        "a",
        r"{} \times b",
        r"{} \times \phi(c)",
    ]


def test_a_long_chain_continues_on_indented_rows_and_keeps_each_step_on_one_page():
    tex = unrolled_update(N, 2).verify().to_latex(line_width=26)
    rows = tex.splitlines()[1:-1]
    assert rows[-3:] == [
        r" &= \eta \Bigl(y^{(2)} \\*",
        r" &\qquad {} - \phi\Bigl(\Bigl(\mathbf{w}^{(0)} + \eta \bigl(y^{(1)} - "
        r"\phi(\mathbf{w}^{(0)} \cdot \mathbf{x}^{(1)})\bigr) \mathbf{x}^{(1)}\Bigr) \\*",
        r" &\qquad {} \cdot \mathbf{x}^{(2)}\Bigr)\Bigr) \mathbf{x}^{(2)} "
        r"\tag*{definition $\hat{y}^{(1)} = \phi(\mathbf{w}^{(0)} \cdot \mathbf{x}^{(1)})$}",
    ]
    # a reason that does not fit beside its step gets a row of its own, right after it
    assert rows[:2] == [
        r"\Delta \mathbf{w}^{(2)} &= \eta (y^{(2)} - \hat{y}^{(2)}) \mathbf{x}^{(2)} \\*",
        r" & \tag*{definition $\Delta \mathbf{w}^{(2)} = \eta (y^{(2)} - \hat{y}^{(2)}) "
        r"\mathbf{x}^{(2)}$} \\",
    ]


def test_a_long_left_side_stands_on_its_own_row_above_the_equals_signs():
    chain = zero_init_and_drop_eta(N, ANSWER_LINE)  # starts from answer 1's last line
    rows = chain.to_latex(line_width=30).splitlines()[1:-1]
    assert rows[0] == rf" &{latex(ANSWER_LINE)} \\*"  # the start, flush left
    steps = [row for row in rows[1:] if not row.startswith(r" & \tag*")]  # not reasons
    assert steps == [
        r" &\qquad = \eta \Bigl(y^{(2)} - \phi\bigl(\eta (y^{(1)} - 1) \mathbf{x}^{(1)} \cdot "
        r"\mathbf{x}^{(2)}\bigr)\Bigr) \mathbf{x}^{(2)} \\*",  # "=" indented under the start
        r" &\qquad = \eta \Bigl(y^{(2)} - \phi\bigl((y^{(1)} - 1) \mathbf{x}^{(1)} \cdot "
        r"\mathbf{x}^{(2)}\bigr)\Bigr) \mathbf{x}^{(2)} \\*",
    ]


def test_markdown_sets_reasons_in_a_column_when_they_fit_and_on_rows_of_their_own_otherwise():
    chain = Derivation(N.y(1) - N.y_hat(1)).step(N.y(1) - N.y_hat(1) + 0, "algebra")
    assert chain.to_markdown().splitlines()[2] == (
        r"y^{(1)} - \hat{y}^{(1)} &= y^{(1)} - \hat{y}^{(1)} && \textstyle \text{algebra}"
    )
    rows = unrolled_update(N, 2).verify().to_markdown().splitlines()
    assert r"&\qquad \textstyle \text{definition }\hat{y}^{(1)} = " in "\n".join(rows)
    assert not any(r"\tag" in row for row in rows)


def test_a_reason_longer_than_a_line_is_split_between_words_into_one_tag():
    words = ("by ", Math(r"\mathbf{w}^{(0)} = \eta \mathbf{v}^{(0)}"), " (shown above, where ",
             Math(r"\mathbf{v}^{(0)} = \mathbf{0}"), ")")  # fmt: skip
    assert split_reason(words, 12) == [
        ("by ", Math(r"\mathbf{w}^{(0)} = \eta \mathbf{v}^{(0)}"), " (shown"),
        ("above, where ", Math(r"\mathbf{v}^{(0)} = \mathbf{0}"), ")"),
    ]
    steps = build_document("zero-init", 1, rule="mistake-driven").to_latex(standalone=False)
    assert r"\tag*{\begin{tabular}[t]{@{}l@{}}by $\Delta \mathbf{w}^{(k)} = " in steps


def test_a_table_wider_than_the_line_sets_its_wide_cells_on_several_lines():
    table = Table(
        ("rate", "errors per epoch"),
        ((Integer(1), "50 50 50 50 50 50 50 50 50 50 50 50"),),
    )
    tex = Document("T", (table,)).to_latex(standalone=False, line_width=14)
    cell = r"\begin{tabular}[t]{@{}l@{}}50 50 50 50 50 50 50 \\ 50 50 50 50 50\end{tabular}"
    assert f"$1$ & {cell}" in tex
    assert "50 50 50 50 50 50 50 50 50 50 50 50" in Document("T", (table,)).to_latex()


@pytest.mark.parametrize(
    ("tex", "style", "tex_width"),
    [  # widths measured by pdflatex (Computer Modern, 10pt), in em
        (r"\Delta \mathbf{w}^{(k)} = \eta (y^{(k)} - \hat{y}^{(k)}) \mathbf{x}^{(k)}", "D", 11.673),
        (
            r"\eta \Bigl(y^{(2)} - \frac{1}{2} - \frac{\phi(\mathbf{w}^{(1)} \cdot "
            r"\mathbf{x}^{(2)})}{2}\Bigr) \mathbf{x}^{(2)}",
            "D",
            14.128,
        ),
        (
            r"\frac{1}{2} \eta y^{(k)} \bigl(1 + \phi(- y^{(k)} \mathbf{w}^{(k - 1)} \cdot "
            r"\mathbf{x}^{(k)})\bigr) \mathbf{x}^{(k)}",
            "D",
            16.506,
        ),
        (
            r"by $\mathbf{w}^{(0)} = \eta \mathbf{v}^{(0)}$ (shown above, where "
            r"$\mathbf{v}^{(0)} = \mathbf{0}$, assuming $\mathbf{w}^{(0)} = \mathbf{0}$)",
            "text",
            29.407,
        ),
        (
            r"hypothesis $\mathbf{w}^{(0)} = \left[\begin{matrix}1\end{matrix}\right]$ and "
            r"$y^{(1)} = 0$, the example's data",
            "text",
            24.092,
        ),
    ],
)
def test_the_width_estimate_errs_wide_but_not_by_much(tex, style, tex_width):
    estimate = text_width(tex) if style == "text" else math_width(tex, style)
    assert tex_width <= estimate <= 1.07 * tex_width

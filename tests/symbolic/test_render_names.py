"""Look-alike names: a chain that verifies must not be printed where two different objects
print alike, since it would then read as a false statement.  Each printer checks its own
output; ``verify`` checks only the mathematics."""

from __future__ import annotations

import pytest
from sympy import Abs, Function, Integer, Symbol

from symbolic import Derivation, phi
from symbolic.derivations.derivation import LookAlikeNames, named_objects
from symbolic.derivations.document import Chain, Definitions, Document, Paragraph
from symbolic.derivations.inference import INFERENCE_RULES, InvalidCitation
from symbolic.perceptron.trace import ETA

Z = Symbol("z", real=True)
NEGATIVE_ETA = Symbol(r"\eta", negative=True)  # typesets as η
POSITIVE_PHI = Function("phi", positive=True)  # typesets as φ
FORMATS = ("to_latex", "to_markdown", "to_html", "to_text")


def negative_eta_looks_positive() -> Derivation:
    """|η| φ(η z) = −η φ(z): true for the two different η, false if they were one."""
    start = Abs(NEGATIVE_ETA, evaluate=False) * phi(ETA * Z, evaluate=False)
    return Derivation(start).step(-NEGATIVE_ETA * phi(Z), because="positive-factor")


def users_phi_looks_like_phi() -> Derivation:
    """|φ(z)| = φ(z): true for a positive user function, false for the decision function."""
    return Derivation(Abs(POSITIVE_PHI(Z), evaluate=False)).step(POSITIVE_PHI(Z), "algebra")


def unicode_phi_looks_like_phi() -> Derivation:
    phi_lookalike = Function("φ")
    return Derivation(phi_lookalike(Z) + 1).step(1 + phi_lookalike(Z), because="algebra")


def symbol_phi_next_to_phi() -> Derivation:
    return Derivation(Symbol("phi") * phi(Z)).step(phi(Z) * Symbol("phi"), because="algebra")


def c_and_positive_c() -> Derivation:
    c, c_positive = Symbol("c"), Symbol("c", positive=True)
    return Derivation(c - c_positive).step(-c_positive + c, because="algebra")


@pytest.mark.parametrize(
    ("build", "refused_in"),
    [
        (negative_eta_looks_positive, {"to_latex", "to_markdown"}),  # text, MathML: \eta, η
        (users_phi_looks_like_phi, {"to_latex", "to_markdown", "to_html"}),  # text: phi and φ
        (unicode_phi_looks_like_phi, {"to_text", "to_html"}),  # LaTeX: φ and \phi
        (symbol_phi_next_to_phi, set(FORMATS)),
        (c_and_positive_c, set(FORMATS)),
    ],
    ids=lambda v: v.__name__ if callable(v) else "",
)
def test_each_format_refuses_what_prints_alike_in_it_and_only_that(build, refused_in):
    derivation = build().verify()  # the mathematics holds: the names are the printers' business
    for fmt in FORMATS:
        if fmt in refused_in:
            with pytest.raises(LookAlikeNames, match="print as"):
                getattr(derivation, fmt)()
        else:
            assert getattr(derivation, fmt)()


def test_a_refusal_is_an_invalid_citation_naming_both_objects_and_the_format():
    with pytest.raises(InvalidCitation) as caught:
        negative_eta_looks_positive().to_latex()
    message = str(caught.value)
    assert r"print as \eta in LaTeX" in message
    assert r"Symbol('\\eta', negative=True)" in message
    assert "Symbol('eta', positive=True)" in message


def test_a_users_phi_is_refused_even_where_the_decision_function_is_absent():
    derivation = users_phi_looks_like_phi()
    assert phi not in named_objects([derivation])
    with pytest.raises(LookAlikeNames, match=r"symbolic\.algebra\.phi\.phi and Function\('phi'"):
        derivation.to_latex()
    assert derivation.to_text() == "Abs(phi(z)) = phi(z)   [algebra]"


def test_the_text_rendering_shows_the_two_etas_apart():
    assert negative_eta_looks_positive().to_text().startswith(r"Abs(\eta) φ(η z) = -\eta φ(z)")


def test_jupyter_and_str_never_typeset_a_look_alike():
    derivation = negative_eta_looks_positive().verify()
    assert derivation._repr_latex_() is None
    assert "Abs" in str(derivation)  # the text rendering, which shows them apart


def test_a_look_alike_inside_a_substituted_lemma_or_its_equation_is_found():
    lemma = Derivation(Abs(NEGATIVE_ETA)).step(-NEGATIVE_ETA, because="algebra").verify()
    used = Derivation(ETA * Abs(NEGATIVE_ETA)).step(
        -ETA * NEGATIVE_ETA, because=INFERENCE_RULES["substitution"].using(lemma)
    )
    assert NEGATIVE_ETA in named_objects([used]) and ETA in named_objects([used])
    for fmt in ("to_latex", "to_markdown"):
        with pytest.raises(LookAlikeNames):
            getattr(used, fmt)()


def test_a_document_refuses_a_look_alike_between_a_chain_and_a_definitions_block():
    chain = Chain(Derivation(ETA * Z).step(Z * ETA, because="algebra"))
    document = Document("T", (Definitions(((NEGATIVE_ETA, Integer(-1)),)), chain))
    for fmt in ("to_latex", "to_markdown"):
        with pytest.raises(LookAlikeNames, match="print as"):
            getattr(document, fmt)()
    assert "\\eta = -1" in document.to_text()
    with pytest.raises(LookAlikeNames):
        Definitions(((NEGATIVE_ETA, Integer(-1)), (ETA, Integer(1)))).to_latex()


def test_prose_and_a_rules_placeholders_are_not_names_of_the_chain():
    c = Symbol("c", positive=True)  # the rule prints φ(c z) = φ(z) for c > 0 with a plain c
    chain = Derivation(phi(c * Z, evaluate=False)).step(phi(Z), because="positive-factor")
    assert "φ(c z) = φ(z) for c > 0" in chain.to_text()
    document = Document("T", (Paragraph(("let ", Symbol("c"), " be a number")), Chain(chain)))
    assert "\nlet $c$ be a number\n" in document.to_latex(standalone=False)


def test_named_objects_lists_each_object_once_in_an_order_that_does_not_depend_on_the_roots():
    base = Derivation(Symbol("a")).step(Symbol("a"), because="algebra").verify()
    chains = [base]
    for _ in range(3):
        chains.append(
            Derivation(Symbol("a")).step(
                Symbol("a"), because=INFERENCE_RULES["substitution"].using(chains[-1])
            )
        )
    assert named_objects(chains) == named_objects(chains[::-1]) == [Symbol("a")]

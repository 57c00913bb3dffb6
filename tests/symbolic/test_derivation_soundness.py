"""The reviewer's attacks on the derivation checker: each must be refused, never verified.

- a definition defines a *name*, once, consistently with the name's declared assumptions;
- a substitution substitutes a result that was shown (a verified derivation, or an equation
  the checker shows itself); hypotheses are cited as hypotheses;
- ``text=`` adds words to a citation, it never replaces the rule and its equations;
- a derivation cannot be changed behind its verification;
- a dot product of something that is not a vector is an error, not an identity.
"""

from __future__ import annotations

import pytest
from sympy import ImmutableMatrix, Integer, S, Symbol, cos, sin, symbols

from symbolic import Derivation, DerivationError, NotShown, phi
from symbolic.algebra.vectors import ZERO_VECTOR, Dot, NotAVector, vector
from symbolic.derivations.derivation import Step, UnshownEquation, justification
from symbolic.derivations.document import Chain, Definitions, Document, InconsistentDefinitions
from symbolic.derivations.inference import (
    INFERENCE_RULES,
    InferenceRule,
    InvalidCitation,
    InvalidDefinition,
    Justification,
)
from symbolic.errors import EtaproofValueError
from symbolic.render.text import parts_text, text

SUB = INFERENCE_RULES["substitution"]
DEF = INFERENCE_RULES["definition"]
INDUCTION = INFERENCE_RULES["induction"]
C = Symbol("c", positive=True)
Z = Symbol("z", real=True)
ETA = Symbol("eta", positive=True)


def test_a_substitution_cannot_break_a_declared_assumption():
    attack = (
        Derivation(phi(-Z))
        .step(phi(C * Z, evaluate=False), SUB.using((C, -1)))
        .step(phi(Z), "positive-factor")
    )
    with pytest.raises(DerivationError):
        attack.verify()
    assert not attack.is_verified


def test_a_definition_cannot_break_a_declared_assumption():
    with pytest.raises(InvalidDefinition, match="positive"):
        DEF.using((C, -1))


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [(S(1), S(2)), (Z + 1, S(2)), (phi(Z), S(1)), (Symbol("a"), Symbol("a") + 1)],
)
def test_a_definition_must_define_a_name_not_a_number_or_an_expression(lhs, rhs):
    with pytest.raises(InvalidDefinition):
        DEF.using((lhs, rhs))


def test_one_is_not_two_by_definition():
    with pytest.raises(EtaproofValueError):
        Derivation(S(1)).step(S(2), DEF.using((S(1), S(2)))).verify()


def test_a_name_is_defined_at_most_once_in_a_derivation():
    a = Symbol("a")
    derivation = Derivation(a).step(S(1), DEF.using((a, S(1)))).step(S(1), DEF.using((a, S(2))))
    with pytest.raises(InvalidDefinition, match="defined twice"):
        derivation.verify()


def test_a_name_is_defined_at_most_once_in_a_document():
    a = Symbol("a")
    chain = Chain(Derivation(a).step(S(1), DEF.using((a, S(1)))))
    with pytest.raises(InconsistentDefinitions, match="defined twice"):
        Document("t", (Definitions(((a, S(2)),)), chain))


def test_definitions_may_not_go_round_in_a_circle():
    a, b = symbols("a b")
    with pytest.raises(InvalidDefinition, match="circular"):
        DEF.using((a, b + 1), (b, a - 1))
    derivation = Derivation(a).step(b + 1, DEF.using((a, b + 1))).step(a, DEF.using((b, a - 1)))
    with pytest.raises(InvalidDefinition, match="circular"):
        derivation.verify()


def test_an_unshown_equation_cannot_be_substituted():
    attack = Derivation(phi(-Z)).step(phi(Z), SUB.using((phi(-Z), phi(Z))))
    with pytest.raises(UnshownEquation):
        attack.verify()
    assert not attack.is_verified


def test_an_equation_the_checker_shows_may_be_substituted():
    y = Symbol("y", real=True)
    shown = SUB.using(((y + 1) ** 2, y**2 + 2 * y + 1))
    assert Derivation((y + 1) ** 2 * Z).step((y**2 + 2 * y + 1) * Z, shown).verify().is_verified


def test_a_verified_derivation_may_be_substituted_and_is_printed():
    lemma = Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), "positive-factor")
    d = Derivation(1 + phi(ETA * Z, evaluate=False)).step(1 + phi(Z), SUB.using(lemma))
    assert d.verify().is_verified
    assert "φ(η z) = φ(z)" in d.to_text()


def test_a_false_derivation_cannot_be_substituted():
    lemma = Derivation(phi(ETA * Z, evaluate=False)).step(phi(-Z), "positive-factor")
    d = Derivation(phi(ETA * Z, evaluate=False)).step(phi(-Z), SUB.using(lemma))
    with pytest.raises(DerivationError):
        d.verify()
    assert not d.is_verified


def test_a_hypothesis_is_printed_as_a_hypothesis():
    w, v = vector("w", "k-1"), vector("v", "k-1")
    d = Derivation(Dot(w, vector("x", "k"))).step(
        Dot(ETA * v, vector("x", "k")), INDUCTION.using((w, ETA * v))
    )
    assert "induction hypothesis" in d.to_text()


def test_text_cannot_hide_the_rule_used():
    d = Derivation(S(2) * Z).step(Z + Z, SUB.using((2 * Z, Z + Z), text="algebra"))
    printed = d.verify().to_text()
    assert "by 2 z = 2 z" in printed or "by " in printed
    assert printed.endswith("algebra]") and "[algebra]" not in printed
    positive = INFERENCE_RULES["positive-factor"].using(text="η > 0")
    assert (
        "φ(c z) = φ(z) for c > 0"
        in Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), positive).to_text()
    )


def test_replacing_a_step_after_verify_is_impossible_or_unverifies():
    d = Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), "positive-factor").verify()
    with pytest.raises((TypeError, AttributeError)):
        d.steps[0] = Step(phi(-Z), justification("positive-factor"))
    with pytest.raises(AttributeError):
        d.start = phi(-Z)
    d._steps = (Step(phi(-Z), justification("positive-factor")),)
    assert not d.is_verified
    with pytest.raises(DerivationError):
        d.to_text()


def test_a_chain_never_renders_a_derivation_changed_after_it_was_added():
    d = Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), "positive-factor")
    document = Document("t", (Chain(d),))
    d._start = phi(-Z)
    with pytest.raises(DerivationError):
        document.to_text()


def test_a_dot_product_of_plain_symbols_is_an_error():
    a, b, v = symbols("a b v")
    with pytest.raises(NotAVector):
        Dot(2 * a, v)
    with pytest.raises(NotAVector):
        Dot(S(1), b)
    assert issubclass(NotAVector, EtaproofValueError)
    assert Dot(2 * a * vector("x", 1), vector("x", 2)) == 2 * a * Dot(
        vector("x", 1), vector("x", 2)
    )
    assert Dot(S(0), vector("x", 1)) == 0


def test_a_step_dividing_by_something_not_known_non_zero_is_not_shown():
    y = Symbol("y", real=True)
    with pytest.raises(NotShown):
        Derivation((y**2 - 1) / (y - 1)).step(y + 1, "algebra").verify()


def test_a_step_may_divide_by_a_condition_it_states():
    y = Symbol("y", real=True)
    step = INFERENCE_RULES["algebra"].using(nonzero=(y - 1,))
    d = Derivation((y**2 - 1) / (y - 1)).step(y + 1, step).verify()
    assert "y - 1 ≠ 0" in d.to_text()
    wrong = INFERENCE_RULES["algebra"].using(nonzero=(y + 1,))
    with pytest.raises(NotShown):
        Derivation((y**2 - 1) / (y - 1)).step(y + 1, wrong).verify()


def test_a_result_resting_on_a_hypothesis_names_it_wherever_it_is_substituted():
    w, v, x = vector("w", 1), vector("v", 1), vector("x", 2)
    lemma = (
        Derivation(phi(Dot(w, x)))
        .step(phi(Dot(ETA * v, x), evaluate=False), INDUCTION.using((w, ETA * v)))
        .step(phi(Dot(v, x)), "positive-factor")
    )
    used = Derivation(1 - phi(Dot(w, x))).step(1 - phi(Dot(v, x)), SUB.using(lemma))
    assert "(shown above, assuming w⁽¹⁾ = η v⁽¹⁾)" in used.to_text()


# Second review round: ways around the gate that .using() guards.


def test_a_look_alike_rule_that_checks_nothing_is_refused():

    fake = InferenceRule("algebra", ("algebra",), "anything", lambda expr, eqs: S.Zero)
    for because in (fake, Justification(fake)):
        with pytest.raises(InvalidCitation, match="not the registered rule"):
            Derivation(Integer(1)).step(Integer(2), because=because)


def test_a_hand_built_justification_is_checked_like_using():

    c, z = Symbol("c", positive=True), Symbol("z", real=True)
    forged = Justification(INFERENCE_RULES["definition"], ((c, Integer(-1)),))
    with pytest.raises(InvalidDefinition, match="declared positive"):
        Derivation(phi(-z)).step(phi(c * z, evaluate=False), because=forged)


def test_definitions_through_a_column_of_numbers_cannot_go_round_in_a_circle():
    y, v, e = Symbol("y"), vector("v"), vector("e")
    define = INFERENCE_RULES["definition"]
    with pytest.raises(InvalidDefinition, match="circular"):
        (
            Derivation(y)
            .step(Dot(v, e), because=define.using((y, Dot(v, e))))
            .step(
                y + 1,
                because=define.using((v, ImmutableMatrix([y + 1])), (e, ImmutableMatrix([1]))),
            )
            .verify()
        )


def test_the_zero_vector_cannot_be_defined():

    with pytest.raises(InvalidDefinition, match="zero vector"):
        INFERENCE_RULES["definition"].using((ZERO_VECTOR, vector("w", 1)))


def test_a_lemma_substituted_elsewhere_keeps_its_condition():

    y = Symbol("y")
    lemma = (
        Derivation((y**2 - 1) / (y - 1))
        .step(y + 1, because=INFERENCE_RULES["algebra"].using(nonzero=[y - 1]))
        .verify()
    )
    used = Derivation((y**2 - 1) / (y - 1)).step(
        y + 1, because=INFERENCE_RULES["substitution"].using(lemma)
    )
    assert "given y - 1 ≠ 0" in parts_text(used.verify().steps[0].because.citation)


@pytest.mark.parametrize("fmt", ["to_latex", "to_markdown", "to_text"])
def test_two_symbols_that_print_alike_are_refused_by_every_printer(fmt):
    c, c_positive = Symbol("c"), Symbol("c", positive=True)
    derivation = Derivation(c - c_positive + 1).step(c - c_positive + 1, because="algebra")
    derivation.verify()  # the math is fine: names are the printers' business
    with pytest.raises(InvalidCitation, match="print as c"):
        getattr(derivation, fmt)()


def test_a_document_rechecks_its_definitions_when_a_chain_grew_after_it_was_built():
    d = Symbol("d")
    first = Derivation(d).step(Integer(1), because=DEF.using((d, Integer(1)))).verify()
    second = Derivation(Integer(2)).step(Integer(2), because="algebra").verify()
    document = Document("T", (Chain(first), Chain(second)))
    second.step(d, because=DEF.using((d, Integer(2))))
    with pytest.raises(InconsistentDefinitions, match="defined twice"):
        document.to_text()


def test_a_document_refuses_two_symbols_that_print_alike_in_different_chains():
    d, d_positive = Symbol("d"), Symbol("d", positive=True)
    one = Derivation(d).step(Integer(1), because=DEF.using((d, Integer(1)))).verify()
    two = Derivation(d_positive).step(Integer(2), because=DEF.using((d_positive, Integer(2))))
    document = Document("T", (Chain(one), Chain(two.verify())))
    for fmt in ("to_latex", "to_markdown", "to_text"):
        with pytest.raises(InvalidCitation, match="print as d"):
            getattr(document, fmt)()


@pytest.mark.parametrize(
    ("power", "printed"),
    [(-1, "1/(w⁽⁰⁾·x⁽¹⁾)"), (2, "(w⁽⁰⁾·x⁽¹⁾)²"), (-2, "(w⁽⁰⁾·x⁽¹⁾)**(-2)")],
)
def test_a_power_of_a_dot_product_is_bracketed_in_text(power, printed):
    assert text(Dot(vector("w", 0), vector("x", 1)) ** power) == printed


def test_a_refutation_between_numbers_says_so_without_an_empty_list_of_values():
    with pytest.raises(DerivationError) as caught:
        Derivation(Integer(1)).step(Integer(2), because="algebra").verify()
    assert str(caught.value).endswith("which is not 0")


def test_a_change_two_citations_down_voids_every_verification_above_it():
    x, y, z = symbols("x y z", real=True)
    q = Symbol("q", real=True)
    lemma = Derivation(q).step(x + 1, DEF.using((q, x + 1))).verify()
    middle = Derivation(q * y).step((x + 1) * y, SUB.using(lemma)).verify()
    top = Derivation(q * y + z).step((x + 1) * y + z, SUB.using(middle)).verify()
    assert top.is_verified and middle.is_verified
    lemma.step(x + sin(x) ** 2 + cos(x) ** 2, "algebra")  # it now proves another equation
    assert lemma.verify().is_verified
    assert not middle.is_verified and not top.is_verified
    with pytest.raises(DerivationError, match="changed since"):
        top.verify()


def test_premises_are_gathered_once_per_chain_and_name_each_definition_once():
    x, y = symbols("x y", real=True)
    name = Symbol("q", real=True)
    lemma = Derivation(name).step(x + 1, DEF.using((name, x + 1))).verify()
    same = Derivation(name).step(x + 1, DEF.using((name, x + 1))).verify()
    top = Derivation(name * y).step((x + 1) * y, SUB.using(lemma))
    top.step((x + 1) * y, SUB.using(same)).verify()
    assert top.definitions() == [(name, x + 1)]

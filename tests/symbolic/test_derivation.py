"""Checked derivations: a correct chain verifies, a wrong step is refuted at that step with its
non-zero remainder, an undecidable step is "not shown", and nothing passes silently."""

from __future__ import annotations

import pytest
from sympy import Symbol

from symbolic import Derivation, DerivationError, NotShown, phi
from symbolic.algebra.vectors import Dot
from symbolic.derivations.derivation import Step
from symbolic.derivations.inference import INFERENCE_RULES
from symbolic.perceptron.notation import PerceptronNotation, hold

N = PerceptronNotation.of("rosenblatt")
ETA = N.eta
X1, X2, Y1, Y2 = N.x(1), N.x(2), N.y(1), N.y(2)
DEFINITION = INFERENCE_RULES["definition"]


def answer_after_zero_init(eta=ETA, inside=1):
    """Answer 1's line after w⁽⁰⁾ = 0: η(y⁽²⁾ − φ(η(y⁽¹⁾ − 1) x⁽¹⁾·x⁽²⁾)) x⁽²⁾, with φ held."""
    argument = inside * eta * (Y1 - 1) * Dot(X1, X2)
    return eta * (Y2 - phi(argument, evaluate=False)) * X2


def answer_without_eta_inside(eta=ETA, sign=1, outer=True):
    """Answer 1's line after removing η: η(y⁽²⁾ − φ((y⁽¹⁾ − 1) x⁽¹⁾·x⁽²⁾)) x⁽²⁾."""
    return (eta if outer else 1) * (Y2 - phi(sign * (Y1 - 1) * Dot(X1, X2))) * X2


def test_removing_eta_from_phi_verifies_when_eta_is_positive():
    derivation = Derivation(answer_after_zero_init()).step(
        answer_without_eta_inside(), because="positive-factor"
    )
    assert derivation.verify() is derivation
    assert derivation.is_verified


def test_a_sign_flipped_inside_phi_is_refuted_at_that_step_with_its_remainder():
    line2 = hold(N.update(2), dict([N.defines_prediction(2)]))
    flipped = N.eta * (Y2 - phi(-Dot(N.w(1), X2))) * X2
    derivation = (
        Derivation(N.dw(2))
        .step(N.update(2), DEFINITION.using(N.defines_update(2)))
        .step(line2, DEFINITION.using(N.defines_prediction(2)))
        .step(flipped, because="algebra")
    )
    with pytest.raises(DerivationError) as caught:
        derivation.verify()
    error = caught.value
    assert not isinstance(error, NotShown)
    assert error.step == 3
    assert error.remainder != 0
    assert error.counterexample is not None
    assert "step 3 (algebra) does not follow" in str(error)
    assert not derivation.is_verified


def test_answer_1s_line_with_a_sign_flipped_inside_phi_is_refuted():
    derivation = Derivation(answer_after_zero_init()).step(
        answer_without_eta_inside(sign=-1), because="positive-factor"
    )
    with pytest.raises(DerivationError) as caught:
        derivation.verify()
    assert caught.value.step == 1
    assert not isinstance(caught.value, NotShown)


def test_a_dropped_factor_is_refuted_at_the_step_that_drops_it():
    chain = (
        Derivation(answer_after_zero_init())
        .step(answer_without_eta_inside(), because="positive-factor")
        .step(answer_without_eta_inside(outer=False), because="algebra")
    )
    with pytest.raises(DerivationError) as caught:
        chain.verify()
    assert caught.value.step == 2
    assert not isinstance(caught.value, NotShown)
    # The remainder is the dropped factor's effect: (η − 1)(y⁽²⁾ − φ(…)) x⁽²⁾, not 0.
    assert ETA in caught.value.remainder.free_symbols


def test_the_same_step_with_eta_of_unknown_sign_is_not_shown():
    eta = Symbol("eta", real=True)
    derivation = Derivation(answer_after_zero_init(eta)).step(
        answer_without_eta_inside(eta), because="positive-factor"
    )
    with pytest.raises(NotShown) as caught:
        derivation.verify()
    assert "not shown" in str(caught.value)
    assert "positive" in str(caught.value)
    assert not derivation.is_verified


def test_dropping_eta_is_not_plain_algebra_even_when_eta_is_positive():
    derivation = Derivation(answer_after_zero_init()).step(
        answer_without_eta_inside(), because="algebra"
    )
    with pytest.raises(NotShown):
        derivation.verify()


def test_answer_1s_chain_for_the_second_update_verifies_line_by_line():
    line2 = hold(N.update(2), dict([N.defines_prediction(2)]))
    line3 = hold(line2, dict([N.defines_weights(1)]))
    derivation = (
        Derivation(N.dw(2))
        .step(N.update(2), DEFINITION.using(N.defines_update(2)))
        .step(line2, DEFINITION.using(N.defines_prediction(2)))
        .step(line3, DEFINITION.using(N.defines_weights(1)))
    )
    assert derivation.verify().is_verified
    wrong = Derivation(N.dw(2)).step(line3, DEFINITION.using(N.defines_update(2)))
    with pytest.raises(DerivationError):
        wrong.verify()


def test_free_text_is_checked_as_algebra_and_printed_after_the_rule():
    z = Symbol("z", real=True)
    good = Derivation((z + 1) ** 2).step(z**2 + 2 * z + 1, because="expand the square")
    citation = good.verify().steps[0].because.citation
    assert citation == ("algebra", ", ", "expand the square")
    bad = Derivation((z + 1) ** 2).step(z**2 + 1, because="expand the square")
    with pytest.raises(DerivationError) as caught:
        bad.verify()
    assert caught.value.remainder != 0


def test_a_derivation_without_steps_is_not_shown():
    with pytest.raises(NotShown):
        Derivation(N.dw(1)).verify()


@pytest.mark.parametrize(
    "because",
    ["", "   ", 3, None],
)
def test_a_missing_or_odd_justification_is_rejected_when_the_step_is_added(because):
    with pytest.raises(ValueError, match="because="):
        Derivation(N.dw(1)).step(N.update(1), because=because)


def test_a_substituting_rule_without_its_equations_is_rejected():
    with pytest.raises(ValueError, match="needs the equations"):
        Derivation(N.dw(1)).step(N.update(1), because="definition")


def test_linearity_is_a_cited_rule_not_plain_algebra():
    w0 = N.w(0)
    split = Dot(w0, X2) + ETA * Dot(X1, X2)
    assert Derivation(Dot(w0 + ETA * X1, X2)).step(split, "linearity").verify().is_verified
    with pytest.raises(NotShown):
        Derivation(Dot(w0 + ETA * X1, X2)).step(split, "algebra").verify()


def test_the_comment_under_answer_1_is_answered_by_the_checker():
    """Does the bracket y⁽²⁾ − ŷ⁽²⁾ depend on w⁽ⁱ⁾?  With generic w⁽⁰⁾ the checker refutes
    the claim that it is the data-only bracket; with w⁽⁰⁾ = 0 it verifies it."""
    bracket = Y2 - phi(Dot(N.w(0) + ETA * (Y1 - phi(Dot(N.w(0), X1))) * X1, X2))
    data_only = Y2 - phi((Y1 - 1) * Dot(X1, X2))
    with pytest.raises(DerivationError) as caught:
        Derivation(bracket).step(data_only, "positive-factor").verify()
    assert not isinstance(caught.value, NotShown)
    assert N.w(0) in caught.value.counterexample
    at_zero = Derivation(bracket).step(
        Y2 - phi(ETA * (Y1 - 1) * Dot(X1, X2), evaluate=False), "zero-init"
    )
    assert at_zero.step(data_only, "positive-factor").verify().is_verified


def test_repr_latex_is_the_typeset_chain_or_none_when_it_does_not_verify():
    good = Derivation(answer_after_zero_init()).step(answer_without_eta_inside(), "positive-factor")
    assert good._repr_latex_().startswith("$$\n\\begin{aligned}")
    bad = Derivation(answer_after_zero_init()).step(
        answer_without_eta_inside(sign=-1), "positive-factor"
    )
    assert bad._repr_latex_() is None
    assert "not verified" in repr(bad)


def test_steps_are_small_records_of_expression_and_justification():
    derivation = Derivation(N.dw(1)).step(N.update(1), DEFINITION.using(N.defines_update(1)))
    (step,) = derivation.steps
    assert isinstance(step, Step)
    assert step.expr == N.update(1)
    assert step.because.rule.name == "definition"

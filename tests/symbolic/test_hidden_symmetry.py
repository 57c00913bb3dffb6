"""Hidden-unit symmetry: the theorem holds and is checked for any σ and L and for the named
ones, a wrong variant fails its check, and every claim of answers 2 and 3 gets its verdict."""

from __future__ import annotations

import pytest
from sympy import Function, Rational, Symbol

from numeric.network import Rates
from symbolic import ETA, HiddenSymmetryProof, QuestionClaim, prove_hidden_symmetry, question_claims
from symbolic.errors import DimensionMismatch, StepOutOfRange
from symbolic.network import ACTIVATIONS, UnknownFunction, activation_of, loss_of
from symbolic.theorems.hidden_symmetry import (
    one_unit_step_checks,
    symmetry_step_checks,
    zero_weight_checks,
)
from symbolic.theorems.question_claims import claim

#: Answers 2 and 3 to the question, the sentences about hidden units, verbatim.
ANSWERS = (
    "If you initialize all weights with zeros then every hidden unit will get zero "
    "independent of the input. So, when all the hidden neurons start with the zero weights, "
    'then all of them will follow the same gradient and for this reason "it affects only '
    'the scale of the weight vector, not the direction".\n\n'
    "Also, having zero ( or equal) weights to start with will prevent the network from "
    "learning. The errors backpropagated through the network is proportional to the value "
    "of the weights. If all the weights are the same, then the backpropagated errors will "
    "be the same, and consequently, all of the weights will be updated by the same amount. "
    "To avoid this symmetry problem, the initial weights to the network should be unequal."
    "\n\nall the neurones will have same values in a hidden layer( after single/ all "
    "iteration, as derivate will be same). As both the neurones learning same thing, There "
    "is no contribution towards gradient but only on scale.\n\nIts like having only one "
    "neuron in every layer."
)

NAMES = {"base case", "step 1: units equal", "step 2: units equal"}


def test_the_theorem_holds_for_any_activation_any_loss_and_three_units():
    proof = prove_hidden_symmetry(width=3, activation=None, loss=None, steps=2)
    assert isinstance(proof, HiddenSymmetryProof) and proof.holds
    names = {check.name for check in proof.checks}
    assert NAMES | {"induction step: gradients", "induction step: one unit, update"} <= names
    assert (proof.activation, proof.loss) == ("any", "any")
    assert "HOLDS" in str(proof)


def test_an_undefined_sympy_function_is_any_activation():
    sigma, ell = Function("sigma"), Function("L")
    assert prove_hidden_symmetry(width=2, activation=sigma, loss=ell, steps=1).holds


@pytest.mark.parametrize("loss", ["squared", "logistic"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "identity", "relu"])
def test_the_theorem_holds_for_each_named_activation_and_loss(activation, loss):
    proof = prove_hidden_symmetry(width=2, activation=activation, loss=loss, steps=2)
    assert proof.holds, [str(c) for c in proof.checks if not c.shown]


def test_one_unit_has_nothing_to_compare_and_still_holds():
    proof = prove_hidden_symmetry(width=1, steps=1)
    assert proof.holds
    assert "one unit: nothing to compare" in str(proof)


def test_units_with_different_incoming_weights_fail_the_induction_check():
    sigma, ell = activation_of(None), loss_of(None)
    right = symmetry_step_checks(sigma, ell, 2)
    wrong = symmetry_step_checks(sigma, ell, 2, assume_equal=("b", "v"))
    assert all(check.shown for check in right)
    assert not any(check.shown for check in wrong)


@pytest.mark.parametrize("missing", ["W", "b", "v"])
def test_every_parameter_group_is_needed_for_the_induction_step(missing):
    groups = {"W", "b", "v"} - {missing}
    checks = symmetry_step_checks(activation_of("tanh"), loss_of("squared"), 2,
                                  assume_equal=groups)  # fmt: skip
    assert not all(check.shown for check in checks)


def test_the_one_unit_network_needs_its_rescaled_rates():
    sigma, ell = activation_of("tanh"), loss_of("squared")
    assert all(c.shown for c in one_unit_step_checks(sigma, ell, 2))
    same_rate = one_unit_step_checks(sigma, ell, 2, rates=Rates(ETA, ETA, ETA, ETA))
    assert same_rate[0].shown and not same_rate[1].shown  # same output, different update


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
def test_zero_weights_stay_zero_when_the_activation_vanishes_at_zero(activation):
    assert all(check.shown for check in zero_weight_checks(activation, "squared"))


@pytest.mark.parametrize("activation", ["sigmoid", None])
def test_zero_weights_are_not_shown_to_stay_zero_otherwise(activation):
    shown = {check.name: check.shown for check in zero_weight_checks(activation)}
    prefix = "zero weights" if activation is None else f"zero weights, σ = {activation}"
    assert shown[f"{prefix}: hidden units"]
    assert not shown[f"{prefix}: σ(0) = 0"]
    assert not shown[f"{prefix}: induction step"]


def test_each_zero_weight_check_names_its_activation():
    """In the claims' table the checks of tanh, ReLU and the identity sit together: each row
    says which σ it is about, and the value σ(0) it found."""
    for name, value in (("tanh", "0"), ("relu", "0"), ("identity", "0"), ("sigmoid", "1/2")):
        rows = zero_weight_checks(name)
        assert all(f"σ = {name}" in check.name for check in rows)
        assert rows[1].statement == f"σ(0) = {value} is 0"
    assert "sigma" not in " ".join(check.statement for check in zero_weight_checks(None))


def test_the_sigmoid_refutes_the_zero_claim_exactly():
    assert ACTIVATIONS["sigmoid"].at_zero == Rational(1, 2)
    witness = claim("zero-hidden-units").witness
    assert witness is not None
    (equation,) = witness.equations
    assert equation.rhs == Rational(1, 2) and equation.rhs != 0
    assert witness.to_dict()["equations"] == ["σ(0) = 1/2"]


VERDICTS = {
    "zero-hidden-units": "conditional",
    "same-gradient": "proved",
    "only-scale": "refuted",
    "no-learning": "conditional",
    "proportional-errors": "conditional",
    "same-errors": "proved",
    "same-amount": "conditional",
    "unequal-weights": "conditional",
    "same-values": "proved",
    "no-contribution": "conditional",
    "one-neuron": "conditional",
}


def test_every_claim_has_its_verdict_and_its_evidence_stands():
    claims = question_claims()
    assert [c.key for c in claims] == list(VERDICTS)
    for found in claims:
        assert isinstance(found, QuestionClaim)
        assert found.verdict == VERDICTS[found.key], found.key
        assert found.holds, found.key
        if found.verdict != "proved":
            assert found.witness is not None, found.key
        if found.verdict == "conditional":
            assert found.condition, found.key


def test_the_quotes_are_the_answers_sentences_verbatim_and_in_order():
    positions = [ANSWERS.find(c.quote) for c in question_claims()]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert [c.answer for c in question_claims()] == [2] * 8 + [3] * 3


def test_the_eta_witness_flips_the_sign_of_a_weight():
    witness = claim("only-scale").witness
    assert witness is not None
    (equation,) = witness.equations
    weight = equation.rhs
    assert weight.subs(ETA, Rational(1, 2)) == Rational(1, 128)
    assert weight.subs(ETA, Rational(3, 4)) == Rational(-9, 1024)  # by hand: -(9/16)(1/4)/16


def test_the_backpropagated_error_is_sympys_derivative():
    (check,) = claim("proportional-errors").checks
    assert check.name == "backpropagated error" and check.shown


def test_claims_are_frozen_data_that_read_as_text():
    found = claim("unequal-weights")
    with pytest.raises(AttributeError):
        found.verdict = "proved"  # type: ignore[misc]
    data = found.to_dict()
    assert data["verdict"] == "conditional" and "biases" in data["condition"]
    assert data["witness"]["equations"] == ["W⁽¹⁾_11 = 1/2", "W⁽¹⁾_21 = 1"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"width": 0}, DimensionMismatch, "width=0 must be a positive integer"),
        ({"d": 0}, DimensionMismatch, "d=0 must be a positive integer"),
        ({"steps": 0}, StepOutOfRange, "steps=0 must be a positive integer"),
        ({"activation": "softplus"}, UnknownFunction, "activation='softplus' must be one of"),
        ({"loss": "hinge"}, UnknownFunction, "loss='hinge' must be one of"),
        ({"activation": Symbol("z")}, UnknownFunction, "must be None, a name"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, error, message):
    with pytest.raises(error, match=message):
        prove_hidden_symmetry(**kwargs)


# -- the review's rows ------------------------------------------------------------------------


def test_nothing_undefined_is_shown_zero_by_expanding():
    from symbolic.theorems.hidden_symmetry import is_shown_zero

    y = Symbol("y", real=True)
    assert not is_shown_zero((y**2 - y) / y - (y - 1))  # undefined at y = 0
    assert is_shown_zero((y**2 - y) / (y**2 + 1) - (y**2 - y) / (y**2 + 1))


def test_the_printed_theorem_says_what_was_checked():
    text = str(prove_hidden_symmetry(width=1, activation="relu", loss="squared", steps=1, d=1))
    assert "checked for σ = relu and the squared loss" in text
    assert "any σ" not in text and "any L" not in text
    assert "η = -1" in str(prove_hidden_symmetry(1, None, None, 1, d=1, eta=Rational(-1)))


def test_the_induction_steps_hold_for_a_rate_of_any_sign():
    any_sign = Symbol("eta", real=True)
    sigma, ell = activation_of(None), loss_of(None)
    assert all(c.shown for c in symmetry_step_checks(sigma, ell, 2, any_sign))
    assert all(c.shown for c in one_unit_step_checks(sigma, ell, 2, any_sign))


def test_the_error_is_not_proportional_to_the_outgoing_weight_alone():
    # one identity unit, squared loss, w = 1, b = c = 0, x = 1, y = 0: ŷ = v, so
    # δ = σ′·v·(ŷ − y) = v²: 1 at v = 1, 4 at v = 2 (by hand)
    found = claim("proportional-errors")
    assert found.verdict == "conditional" and found.witness is not None
    assert [e.rhs for e in found.witness.equations] == [1, 4]


def test_unequal_weights_are_not_said_to_suffice():
    found = claim("unequal-weights")
    assert "suffice" not in found.condition_text and "biases" in found.condition_text

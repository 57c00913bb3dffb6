"""The engine checks a chain's premises together, and a step's denominators as written.

Hypotheses, definitions and declared assumptions that each pass alone but contradict one
another are refused, with the premises named; a consistent set still verifies.  A step that
divides by a factor that may be 0 is not shown, even when expanding would cancel it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sympy import Integer, S, Symbol, symbols

from symbolic import Derivation, NotShown, is_shown_zero, phi
from symbolic.derivations.consistency import ContradictoryPremises
from symbolic.derivations.inference import INFERENCE_RULES, InvalidDefinition

H, D, IND, SUB = (
    INFERENCE_RULES[n] for n in ("hypothesis", "definition", "induction", "substitution")
)
ETA = Symbol("eta", positive=True)
z, a, b, c, y = symbols("z a b c y", real=True)


def eta_is_minus_one() -> Derivation:
    """φ(z) = φ(ηz) = φ(az) [η = a] = φ(−z) [a = −1], η declared positive."""
    return (
        Derivation(phi(z))
        .step(phi(ETA * z, evaluate=False), "positive-factor")
        .step(phi(a * z, evaluate=False), H.using((ETA, a)))
        .step(phi(-z), H.using((a, -1)))
    )


def zero_is_two() -> Derivation:
    return Derivation(a).step(b + 1, H.using((a, b + 1))).step(a + 2, H.using((b, a + 1)))


def against_a_definition() -> Derivation:
    return Derivation(b).step(a + 1, D.using((b, a + 1))).step(b + 1, H.using((a, b)))


def phi_of_one_is_minus_one() -> Derivation:
    """A hypothesis about φ(z) waits until z gets a value: φ(1) = −1 is then false."""
    return (
        Derivation(phi(z) + z).step(z - 1, H.using((phi(z), -1))).step(Integer(0), H.using((z, 1)))
    )


def squared_is_minus_one() -> Derivation:
    """a² = b and b = −1 for a real a: no name is linear, but a² + 1 is known positive."""
    return Derivation(a**2 + 1).step(b + 1, H.using((a**2, b))).step(S(0), H.using((b, -1)))


CONTRADICTIONS: list[tuple[Callable[[], Derivation], tuple[str, ...]]] = [
    (eta_is_minus_one, ("hypothesis eta = a", "hypothesis a = -1", "positive")),
    (zero_is_two, ("hypothesis a = b + 1", "hypothesis b = a + 1", "0 = 2")),
    (against_a_definition, ("definition b = a + 1", "hypothesis a = b", "0 = 1")),
    (phi_of_one_is_minus_one, ("hypothesis phi(z) = -1", "hypothesis z = 1")),
    (squared_is_minus_one, ("hypothesis a**2 = b", "hypothesis b = -1")),
]


@pytest.mark.parametrize(
    ("build", "named"), CONTRADICTIONS, ids=[f.__name__ for f, _ in CONTRADICTIONS]
)
def test_contradictory_premises_are_refused_naming_the_premises(build, named):
    with pytest.raises(ContradictoryPremises) as caught:
        build().verify()
    for words in named:
        assert words in str(caught.value)


@pytest.mark.parametrize("format_name", ["to_text", "to_latex", "to_markdown"])
@pytest.mark.parametrize(
    "build", [eta_is_minus_one, zero_is_two, against_a_definition], ids=lambda f: f.__name__
)
def test_contradictory_premises_are_never_printed(build, format_name):
    with pytest.raises(ContradictoryPremises):
        getattr(build(), format_name)()


def test_a_contradiction_with_a_lemmas_hypothesis_is_refused():
    lemma = Derivation(phi(a * z, evaluate=False)).step(phi(-z), H.using((a, -1))).verify()
    chain = (
        Derivation(phi(z))
        .step(phi(ETA * z, evaluate=False), "positive-factor")
        .step(phi(a * z, evaluate=False), IND.using((ETA, a)))
        .step(phi(-z), SUB.using(lemma))
    )
    with pytest.raises(ContradictoryPremises, match="eta is declared positive"):
        chain.verify()


def test_hypotheses_that_agree_with_a_lemma_still_verify():
    lemma = Derivation(a + 1).step(S(3), H.using((a, 2))).verify()
    chain = Derivation(b).step(a + 1, H.using((b, a + 1))).step(S(3), SUB.using(lemma))
    assert chain.verify().is_verified
    assert chain.to_text()


def test_a_set_sympy_cannot_show_contradictory_is_not_refused():
    # a² = b and b = −1 hold for a = i: without declared assumptions nothing contradicts
    u, v = symbols("u v")
    chain = Derivation(u**2 + 1).step(v + 1, H.using((u**2, v))).step(S(0), H.using((v, -1)))
    assert chain.verify().is_verified


def test_a_definition_pinned_through_a_chain_that_cancels_is_refused():
    chain = (
        Derivation(phi(-z)).step(phi(b - a), D.using((z, a - b))).step(S(-1), D.using((a, b + 1)))
    )
    with pytest.raises(InvalidDefinition, match="particular value 1"):
        chain.verify()


def test_a_definition_pinned_only_by_a_printed_hypothesis_verifies():
    # z = a with the hypothesis a = 1: the hypothesis is on the page (as in the hidden-symmetry
    # proof, where z_j = b_j + w_j·x is 0 under the hypothesis of zero weights)
    chain = Derivation(phi(-z)).step(phi(-a), D.using((z, a))).step(-phi(a), H.using((a, 1)))
    assert chain.verify().is_verified


@pytest.mark.parametrize(
    ("before", "after", "factor"),
    [
        ((y**2 - 1) / ((y - 1) * (y + 1)), S(1), "y"),
        ((y**2 - 2 * y + 1) / (y - 1) ** 2, S(1), "y - 1"),
        (phi((y**2 - 1) / ((y - 1) * (y + 1)), evaluate=False), S(1), "y"),
    ],
    ids=["product", "square", "inside-phi"],
)
def test_a_step_dividing_by_a_possible_zero_names_it(before, after, factor):
    with pytest.raises(NotShown, match=f"divides by {factor}"):
        Derivation(before).step(after, "algebra").verify()


@pytest.mark.parametrize(
    "expr",
    [
        (y**2 - 1) / ((y - 1) * (y + 1)) - 1,
        (y**2 - 2 * y + 1) / (y - 1) ** 2 - 1,
        (y**2 - 1) / (y - 1) - (y + 1),
        (y**2 - 1) * (y - 1) ** -2 - (y + 1) / (y - 1),
    ],
)
def test_is_shown_zero_cancels_no_possibly_zero_denominator(expr):
    assert not is_shown_zero(expr)


def test_is_shown_zero_cancels_under_conditions_on_each_factor():
    expr = (y**2 - 1) / ((y - 1) * (y + 1)) - 1
    assert not is_shown_zero(expr, nonzero=[y - 1])
    assert is_shown_zero(expr, nonzero=[y - 1, y + 1])
    assert is_shown_zero(expr, nonzero=[y**2 - 1])


def test_is_shown_zero_combines_terms_over_the_same_denominator():
    # N/D − N/D with D written twice: 0 wherever it is defined, nothing cancelled
    numerator, denominator = a + b, (y - 1) * (c - phi(a))
    expr = numerator / denominator + (-numerator) / denominator.expand()
    assert is_shown_zero(expr)


@pytest.mark.parametrize("format_name", ["to_text", "to_latex", "to_markdown"])
@pytest.mark.parametrize(
    "before",
    [(y**2 - 1) / ((y - 1) * (y + 1)), (y**2 - 2 * y + 1) / (y - 1) ** 2],
    ids=["product", "square"],
)
def test_a_cancelled_possible_zero_is_never_printed(before, format_name):
    with pytest.raises(NotShown, match="divides by"):
        getattr(Derivation(before).step(S(1), "algebra"), format_name)()

"""The third review's attacks on the engine, each a row: refused, or not shown, never passed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sympy import Derivative, Function, Integer, Rational, S, Symbol, cos, cot, csc, sec, sin, tan

from symbolic import Derivation, DerivationError, NotShown, phi
from symbolic.derivations.derivation import LookAlikeNames
from symbolic.derivations.document import Chain, Document, LemmaNotShown
from symbolic.derivations.inference import INFERENCE_RULES, InvalidDefinition

D, H, S_ = (INFERENCE_RULES[name] for name in ("definition", "hypothesis", "substitution"))
z, y, a, x = (Symbol(name, real=True) for name in "zyax")
ETA = Symbol("eta", positive=True)


def hypothesis_then_definition():
    return Derivation(S(1)).step(z, H.using((z, 1))).step(S(2), D.using((z, 2)))


def two_hypotheses():
    return Derivation(S(1)).step(z, H.using((z, 1))).step(S(2), H.using((z, 2)))


def hypothesis_against_a_declared_assumption():
    return (
        Derivation(phi(-z))
        .step(phi(ETA * z, evaluate=False), H.using((ETA, -1)))
        .step(phi(z), "positive-factor")
    )


def definition_fixed_across_steps():
    return Derivation(phi(z - 1)).step(phi(z - a), D.using((a, 1))).step(S(1), D.using((z, a)))


def definition_fixed_in_a_lemma():
    lemma = Derivation(z).step(Integer(1), D.using((z, 1))).verify()
    return Derivation(z + y).step(1 + y, S_.using(lemma))


@pytest.mark.parametrize(
    "build",
    [
        hypothesis_then_definition,
        two_hypotheses,
        hypothesis_against_a_declared_assumption,
        definition_fixed_across_steps,
        definition_fixed_in_a_lemma,
    ],
    ids=lambda f: f.__name__.replace("_", " "),
)
def test_a_false_chain_through_definitions_and_hypotheses_is_refused(build):
    with pytest.raises((InvalidDefinition, DerivationError)):
        build().verify()


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (sec(x) * cos(x), S(1)),
        (tan(x) * cos(x), sin(x)),
        (cot(x) * sin(x), cos(x)),
        (csc(x) * sin(x), S(1)),
    ],
    ids=["sec cos", "tan cos", "cot sin", "csc sin"],
)
def test_a_function_with_poles_is_not_divided_through(left, right):
    with pytest.raises(NotShown):
        Derivation(left).step(right, "algebra").verify()


def test_a_counterexample_respects_the_stated_nonzero_conditions():
    step = INFERENCE_RULES["algebra"].using(nonzero=[x - 1])
    with pytest.raises(NotShown):  # true wherever x ≠ 1: not refuted "at x = 1"
        Derivation(phi(x - 1) + phi(1 - x)).step(S(0), step).verify()


def test_a_decimal_is_taken_exactly():
    assert Derivation(Decimal("0.1")).step(Rational(1, 10), "algebra").verify().is_verified


def test_a_chain_citing_itself_is_refused_not_a_hang():
    chain = Derivation(2 * x).step(2 * x, "algebra")
    chain.step(2 * x, S_.using(chain))
    with pytest.raises(DerivationError):
        chain.verify()


def test_chains_citing_each_other_are_refused_not_a_recursion_error():
    first = Derivation(x * (x + 1)).step(x**2 + x, "algebra").verify()
    second = Derivation(x * (x + 1) + 1).step(x**2 + x + 1, S_.using(first)).verify()
    first.step(x**2 + x, S_.using(second))
    with pytest.raises(DerivationError):
        first.verify()


@pytest.mark.parametrize("format_name", ["to_text", "to_latex", "to_markdown"])
def test_a_symbol_named_like_a_number_is_refused_in_every_format(format_name):
    zero = Symbol("0", positive=True)
    chain = Derivation(phi(zero * x, evaluate=False)).step(phi(x), "positive-factor").verify()
    with pytest.raises(LookAlikeNames, match="like a number"):
        getattr(chain, format_name)()


def test_a_document_must_show_the_lemmas_its_chains_cite():
    m = Symbol("m", real=True)
    lemma = Derivation(phi(z - y)).step(phi(z - m), D.using((m, y))).verify()
    uses = Derivation(phi(z - y) + 1).step(phi(z - m) + 1, S_.using(lemma)).verify()
    with pytest.raises(LemmaNotShown):
        Document("Theorem", (Chain(uses),))
    assert Document("Theorem", (Chain(lemma), Chain(uses))).to_text()


# -- the hidden-symmetry review: a substitution under a derivative -------------------------

b_ = Symbol("b", real=True)
sigma_, loss_ = Function("sigma"), Function("L")


@pytest.mark.parametrize(
    ("start", "false_result", "because"),
    [
        # ∂(a b)/∂a = b; with a = b, xreplace would read ∂(b b)/∂b = 2b
        (Derivative(a * b_, a), 2 * b_, H.using((a, b_))),
        (Derivative(a * b_, a), 2 * b_, D.using((a, b_))),
        # a free name replaced by the variable: ∂L(ŷ, y)/∂ŷ with y = ŷ gets a second term
        (
            Derivative(loss_(a, b_), a),
            Derivative(loss_(a, a), a).doit(),
            H.using((b_, a)),
        ),
        # a variable replaced by a number: ∂(a²)/∂a at a = 3 is 6, not ∂9/∂3
        (Derivative(a**2, a), S(0), H.using((a, 3))),
    ],
)
def test_a_substitution_never_captures_a_derivatives_variable(start, false_result, because):
    with pytest.raises(DerivationError, match="CapturedVariable"):
        Derivation(start).step(false_result, because).verify()


def test_renaming_a_derivatives_variable_to_a_fresh_symbol_is_still_allowed():
    # σ′(z) = σ′(a) when z = a and σ(z) holds no a: the chains of hidden symmetry do this
    shown = Derivation(Derivative(sigma_(z), z)).step(Derivative(sigma_(a), a), H.using((z, a)))
    assert shown.verify().result == Derivative(sigma_(a), a)

"""The zero-init theorem: proved for every rule, and honest when it cannot be shown."""

from dataclasses import dataclass

import pytest
from sympy import Expr, Symbol

import numeric
from symbolic import (
    ETA,
    RULES,
    NotFactorable,
    Rule,
    factor_eta,
    generic_dataset,
    is_shown_zero,
    perceptron_trace,
    prove_zero_init_invariance,
)
from symbolic.perceptron.dataset import indexed_symbol, vector_symbols
from symbolic.perceptron.trace import dot
from symbolic.theorems.zero_init import induction_checks


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("rule", sorted(RULES))
def test_the_zero_init_theorem_holds_and_is_checked_for_every_rule(rule, bias):
    proof = prove_zero_init_invariance(d=2, steps=3, rule=rule, bias=bias)
    assert proof.holds
    names = {check.name for check in proof.checks}
    assert {"step 1", "step 2", "step 3", "base case", "induction step", "predictions"} <= names
    assert "HOLDS" in str(proof)


def test_each_unrolled_g_k_is_free_of_eta_and_eta_times_g_k_is_delta_w():
    proof = prove_zero_init_invariance(d=2, steps=6, n=3)
    assert (proof.n, proof.epochs) == (3, 2)
    trace = perceptron_trace(generic_dataset(3, 2), w0=0, epochs=2)  # rebuilt, not reused
    for k, g in proof.factors:
        assert ETA not in g.free_symbols
        assert is_shown_zero(ETA * g - trace.delta_w(k))
    assert [k for k, _ in proof.factors] == [1, 2, 3, 4, 5, 6]


def test_with_an_eta_of_unknown_sign_nothing_is_factored_and_nothing_claimed():
    eta = Symbol("eta")
    proof = prove_zero_init_invariance(d=2, steps=2, eta=eta)
    assert not proof.holds
    assert proof.factors == []
    assert [c.name for c in proof.checks if c.shown] == ["base case"]
    assert "NOT SHOWN" in str(proof) and "HOLDS" not in str(proof)


@dataclass(frozen=True)
class Adaline(Rule):
    """A rule whose update depends on the magnitude of w·x: the theorem must not go through."""

    def coefficient(self, y: Expr, z: Expr) -> Expr:
        return y - z


def test_the_induction_step_is_not_shown_for_a_rule_that_uses_the_magnitude_of_z():
    adaline = Adaline(numeric.Rule("adaline", (-1, 1), "error", "Δw = η(y − w·x)x"))
    checks = {check.name: check for check in induction_checks(adaline, 2)}
    assert not checks["induction step"].shown
    trace = perceptron_trace(generic_dataset(2, 2), w0=0, rule=adaline)
    with pytest.raises(NotFactorable, match="not η times"):
        factor_eta(trace.delta_w(2), ETA)


def one_update(rule, w, x, y, eta):
    """One step of ``rule`` from weights w on (x, y) at rate η: (new weights, prediction)."""
    z = dot(w, x)
    return w + eta * rule.coefficient(y, z) * x, rule.predict(z)


def test_the_checks_do_not_pass_by_construction():
    # The same lemma with the rate left out of the scaled side is false and must not be shown.
    rule = RULES["rosenblatt"]
    v, x, y = vector_symbols("v", 1, 2), vector_symbols("x", 1, 2), indexed_symbol("y", 1)
    wrong = one_update(rule, ETA * v, x, y, 1)[0] - ETA * one_update(rule, v, x, y, 1)[0]
    assert not is_shown_zero(wrong)

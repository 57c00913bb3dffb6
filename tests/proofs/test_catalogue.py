"""The soundness guard of the catalogue: every verdict is the expected one; every proved entry
carries verified chains; every counterexample is confirmed by the exact runner, by
``check --rule-file`` and, where the numeric twin can run the rule, by the numeric twin; and
every proved rule, mutated (a threshold, a margin, a squared term), is no longer proved."""

from __future__ import annotations

import argparse
from fractions import Fraction

import numpy as np
import pytest
from sympy import ImmutableMatrix, Rational

import numeric
from proofs.commands.rule_file import check_rule_file
from proofs.documents.catalogue import (
    CATALOGUE,
    CYCLING_X,
    CYCLING_Y,
    STOPS,
    catalogue_document,
    catalogue_outcomes,
    stopping_runs,
)
from proofs.rule_files import load_rule_file
from symbolic import OnlineRule, online_rule, phi, prove_eta_invariance, run_online
from symbolic.algebra.vectors import Dot
from symbolic.derivations.document import Chain
from symbolic.perceptron.runner import first_difference

OUTCOMES = {o.entry.name: o for o in catalogue_outcomes()}
PROVED = [e for e in CATALOGUE if e.expected == "proved"]
REFUTED = [e for e in CATALOGUE if e.expected == "refuted"]


def test_the_catalogue_holds_every_rule_the_issue_names():
    assert len(PROVED) == 8 and len(REFUTED) == 9
    undecided = [e.name for e in CATALOGUE if e.expected == "undecided"]
    assert undecided == ["scale-invariant", "weight-normalised-logistic"]
    kinds = {e.name: e.kind for e in CATALOGUE}
    assert kinds["negative-rate"] == "sign" and kinds["sklearn-tol"] == "stopping"


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.name)
def test_every_entry_gets_its_expected_verdict(entry):
    assert OUTCOMES[entry.name].status == entry.expected


@pytest.mark.parametrize("entry", [e for e in CATALOGUE if e.kind == "rule"], ids=lambda e: e.name)
def test_every_rule_gets_its_scaling_exponent(entry):
    # 1 for the perceptron family and decoupled decay, 2 for the scale-invariant losses, none
    # (with exact witnesses for every exponent) for Adaline, the L2 penalty and the others.
    scaling = OUTCOMES[entry.name].scaling
    assert scaling is not None
    if entry.exponent == "none":
        assert scaling.status == "none" and scaling.exponent is None
        assert scaling.witness is not None and scaling.witness.rates.confirm()
    else:
        assert scaling.status == "proved" and str(scaling.exponent) == entry.exponent
        assert all(chain.is_verified for chain in scaling.induction)


@pytest.mark.parametrize("entry", PROVED, ids=lambda e: e.name)
def test_every_proved_entry_carries_verified_conditions_and_induction(entry):
    verdict = OUTCOMES[entry.name].verdict
    assert verdict.status == "proved" and verdict.shown
    decision, update = verdict.conditions
    assert len(decision.derivations) == 1
    assert len(update.derivations) == len(verdict.rule.state)  # one chain per state vector
    chains = [*decision.derivations, *update.derivations, *verdict.induction.chains()]
    assert all(chain.verify().is_verified for chain in chains)
    assert verdict.counterexample is None


def counterexample_entries():
    return [e for e in REFUTED if OUTCOMES[e.name].counterexample is not None]


@pytest.mark.parametrize("entry", counterexample_entries(), ids=lambda e: e.name)
def test_every_counterexample_is_confirmed_by_the_exact_runner(entry):
    cx = OUTCOMES[entry.name].counterexample
    assert cx.confirm()
    runs = [run_online(arm.rule, cx.X, cx.y, arm.eta, epochs=cx.epochs) for arm in cx.arms]
    found = first_difference(*runs)
    assert (found.step, found.sample, found.predictions) == (cx.step, cx.sample, cx.predictions)
    assert runs[0].predictions[: cx.step - 1] == runs[1].predictions[: cx.step - 1]
    assert all(v.is_integer for row in cx.X for v in row) and max(len(cx.X), 1) <= 3
    assert set(cx.y) <= set(cx.rule.labels)
    if cx.same_rule:
        assert all(eta > 0 for eta in cx.etas)


@pytest.mark.parametrize(
    "entry", [e for e in counterexample_entries() if e.kind == "rule"], ids=lambda e: e.name
)
def test_every_counterexample_is_confirmed_by_check_with_the_rule_file(entry, tmp_path, capsys):
    cx = OUTCOMES[entry.name].counterexample
    data = tmp_path / "cx.csv"
    data.write_text(cx.csv())
    rule_file = load_rule_file(f"proofs/rules/{entry.file}").source
    args = argparse.Namespace(
        rule_file=rule_file, data=str(data), eta=",".join(str(e) for e in cx.etas),
        epochs=cx.epochs, bias=False, w0="zero", json=False, max_seconds=None,
        allow_code=False, timeout=60.0,
    )  # fmt: skip
    assert check_rule_file(args) == 1
    assert f"at step {cx.step} (sample {cx.sample})" in capsys.readouterr().out


def as_numeric(X, y):
    return [[Fraction(int(v)) for v in row] for row in X], [int(v) for v in y]


@pytest.mark.parametrize("entry", counterexample_entries(), ids=lambda e: e.name)
def test_on_every_counterexample_dataset_the_runner_agrees_with_the_numeric_twin(entry):
    """None of the refuted rules is a numeric rule (their updates read the magnitude of w·x,
    which numeric's rules never see), so the twin checks the judge: on each counterexample
    dataset, the built-in rules run by the exact runner are the numeric twin's runs, and the
    twin finds them invariant, as the theorem says."""
    cx = OUTCOMES[entry.name].counterexample
    X, y = as_numeric(cx.X, cx.y)
    for name in ("rosenblatt", "mistake-driven"):
        rates = ["1/10", "1", "10"]
        twin = numeric.train(X, y, rates, epochs=cx.epochs, rule=name, exact=True)
        for i, eta in enumerate(rates):
            run = run_online(online_rule(name), cx.X, cx.y, eta, epochs=cx.epochs)
            assert [int(p) for p in run.predictions] == twin.predictions[i].tolist()
        assert numeric.check_eta_invariance(X, y, rates, epochs=cx.epochs, rule=name).invariant
    if entry.kind == "sign":  # the positive arm is Rosenblatt's rule itself
        twin = numeric.train(X, y, ["1"], epochs=cx.epochs, exact=True)
        assert [int(p) for p in cx.runs[0].predictions] == twin.predictions[0].tolist()


def test_a_negative_rate_disagrees_with_a_positive_one_but_agrees_with_other_negative_rates():
    outcome = OUTCOMES["negative-rate"]
    assert outcome.verdict.status == "proved"  # the rule that uses −η, among positive η
    cx = outcome.counterexample
    assert not cx.same_rule and cx.etas == (1, 1)
    rosenblatt = online_rule("rosenblatt")
    at_minus_one = run_online(rosenblatt, cx.X, cx.y, -1, epochs=cx.epochs)
    assert at_minus_one.predictions == cx.runs[1].predictions
    at_zero = run_online(rosenblatt, cx.X, cx.y, 0, epochs=cx.epochs)
    assert set(at_zero.predictions) == {1}  # η = 0 learns nothing: φ(0) = 1 throughout


def test_scikit_learns_stopping_points_predict_differently_and_are_the_numeric_runs():
    (small, small_p), (large, large_p) = stopping_runs()
    assert small_p != large_p
    assert OUTCOMES["sklearn-tol"].status == "refuted"
    for (eta, epochs), w in zip(STOPS, (small, large), strict=True):
        X, y = np.array(CYCLING_X), np.array(CYCLING_Y)
        twin = numeric.train(X, y, [str(eta)], epochs=epochs, bias=True, rule="mistake-driven",
                             exact=True)  # fmt: skip
        assert [Rational(v.numerator, v.denominator) for v in twin.final_weights[0]] == list(w)


def test_the_kernel_perceptron_with_the_linear_kernel_predicts_as_rosenblatts():
    X = [[1, 2], [-1, 0], [2, -1], [0, -2]]
    y = [1, -1, 1, -1]
    n = len(X)
    gram = [[sum(a * b for a, b in zip(p, q, strict=True)) for q in X] for p in X]
    inputs = [[int(i == j) for j in range(n)] + gram[i] for i in range(n)]
    kernel = load_rule_file("proofs/rules/kernel_dual.toml")
    dual = run_online(kernel, inputs, y, "1/3", epochs=3)
    primal = numeric.train(X, y, ["1/3"], epochs=3, exact=True)
    assert [int(p) for p in dual.predictions] == primal.predictions[0].tolist()


def test_the_averaged_perceptron_trains_its_weights_as_rosenblatts():
    X, y = [[1, 2], [-1, 0], [2, -1]], [1, -1, -1]
    averaged = load_rule_file("proofs/rules/averaged.toml")
    run = run_online(averaged, X, y, 2, epochs=2)
    twin = numeric.train(X, y, [2], epochs=2, exact=True)
    for k, w in enumerate(run.weights):
        assert list(w[:2]) == [Rational(v.numerator, v.denominator) for v in twin.weights[0][k]]
        total = sum((ImmutableMatrix(twin.weights[0][j].tolist()) for j in range(1, k + 1)),
                    ImmutableMatrix([0, 0]))  # fmt: skip
        assert list(w[2:]) == [Rational(v.numerator, v.denominator) for v in total]


def test_the_catalogue_document_prints_only_verified_chains_in_plain_ascii():
    document = catalogue_document()
    chains = [block for block in document.blocks if isinstance(block, Chain)]
    assert len(chains) > 20 and all(chain.derivation.is_verified for chain in chains)
    assert document.to_latex(standalone=True).isascii()
    text = document.to_text()
    for entry in CATALOGUE:
        assert f"{entry.name}: {entry.title}" in text


# -- mutations: each proved rule, broken three ways, is no longer proved ------------------------


def mutate(rule: OnlineRule, kind: str) -> OnlineRule:
    """``rule`` with a threshold (φ(z) → φ(z − 1) in the decision, and in the update where it
    predicts), a margin (φ(z) → φ(z + 1) in the update, wherever z involves the state) or a
    cubic term (the update of each state vector s gains η (s·s) s), built on its formulas."""
    e = rule.vector_expressions()
    state = set(e.w)
    decision, update = e.decision, list(e.update)
    if kind == "threshold":
        predicted = {p.args[0] for p in decision.atoms(phi)}
        decision = shifted(decision, -1, state)
        update = [shifted(u, -1, state, predicted) for u in update]
    elif kind == "margin":
        update = [shifted(u, 1, state) for u in update]
    else:
        update = [u + e.eta * Dot(s, s) * s for u, s in zip(update, e.w, strict=True)]
    return OnlineRule(
        f"{rule.name}+{kind}", decision, update, rule.labels, state=rule.state, inputs=rule.inputs
    )


def shifted(expr, by, state, only=None):
    """``expr`` with φ(z) → φ(z + by) wherever z involves a state vector (and is in ``only``,
    if given)."""

    def involves(z) -> bool:
        return any(set(dot.args) & state for dot in z.atoms(Dot))

    def hit(e) -> bool:
        if not isinstance(e, phi) or not involves(e.args[0]):
            return False
        return only is None or e.args[0] in only

    return expr.replace(hit, lambda e: phi(e.args[0] + by))


@pytest.mark.parametrize("kind", ["threshold", "margin", "cubic"])
@pytest.mark.parametrize("entry", PROVED, ids=lambda e: e.name)
def test_every_proved_rule_mutated_is_no_longer_proved(entry, kind):
    verdict = prove_eta_invariance(mutate(entry.rule(), kind))
    assert verdict.status != "proved"
    assert verdict.status == "refuted", verdict  # every mutation here is found out
    assert verdict.counterexample.confirm()

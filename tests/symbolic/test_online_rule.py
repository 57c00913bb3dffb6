"""Any online rule as data, and the exact runner: the built-in rules in the same form run
exactly as the numeric twin runs them; every way a rule's code can go wrong is one named
error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sympy import I, ImmutableMatrix, Matrix, Rational, S, Symbol

import numeric
from symbolic import RULES, InvalidOnlineRule, OnlineRule, online_rule, phi, run_online


def perceptron(**changes) -> OnlineRule:
    parts = {
        "name": "p",
        "decision": lambda w, x: phi(w.dot(x)),
        "update": lambda w, x, y, eta: eta * (y - phi(w.dot(x))) * x,
    }
    return OnlineRule(**(parts | changes))


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_built_in_rule_as_an_online_rule_has_the_rule_tables_formulas(name):
    rule, online = RULES[name], online_rule(name)
    e = online.expressions(2)
    z = e.w.dot(e.x)
    assert online.labels == rule.labels
    assert (e.decision - rule.predict(z)).expand() == 0
    assert all((u - e.eta * rule.coefficient(e.y, z) * x).expand() == 0
               for u, x in zip(e.update, e.x, strict=True))  # fmt: skip
    assert RULES[name].online is online  # the same object every time
    assert online.builtin == name


@st.composite
def small_problems(draw):
    n, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    X = [[draw(st.integers(-3, 3)) for _ in range(d)] for _ in range(n)]
    y = [draw(st.sampled_from((-1, 1))) for _ in range(n)]
    eta = draw(st.sampled_from(("1/10", "1", "3", "1/3")))
    return X, y, eta, draw(st.integers(1, 3))


@given(small_problems(), st.sampled_from(sorted(RULES)))
def test_the_exact_runner_runs_each_built_in_rule_as_the_numeric_twin_does(problem, name):
    X, y, eta, epochs = problem
    if name == "zero-one":
        y = [(label + 1) // 2 for label in y]
    run = run_online(online_rule(name), X, y, eta, epochs=epochs)
    twin = numeric.train(X, y, [eta], epochs=epochs, rule=name, exact=True)
    assert [int(p) for p in run.predictions] == twin.predictions[0].tolist()
    assert [list(w) for w in run.weights] == [
        [Rational(v.numerator, v.denominator) for v in w] for w in twin.weights[0]
    ]


def test_the_runner_appends_a_bias_feature_and_starts_from_given_weights():
    rule = online_rule("rosenblatt")
    run = run_online(rule, [[1], [-1]], [-1, 1], 1, w0=[0, 1], bias=True)
    twin = numeric.train([[1], [-1]], [-1, 1], [1], w0=[0, 1], bias=True, exact=True)
    assert [int(p) for p in run.predictions] == twin.predictions[0].tolist()


def test_the_runner_refuses_a_rule_undefined_on_the_data():
    inverse = perceptron(update=lambda w, x, y, eta: Matrix([eta / w.dot(x), 0]))
    with pytest.raises(InvalidOnlineRule, match="every entry must be a finite real number"):
        run_online(inverse, [[1, 0]], [-1], 1)


def test_the_runner_refuses_a_decision_that_is_not_a_label():
    halves = perceptron(decision=lambda w, x: (1 + phi(w.dot(x))) / 4)
    with pytest.raises(InvalidOnlineRule, match="one of the labels"):
        run_online(halves, [[1]], [1], 1)


ETA = Symbol("eta", positive=True)
lam = Symbol("lambda")


@pytest.mark.parametrize(
    ("rule", "shown"),
    [
        (lambda: perceptron(decision=lambda w, x: 1 / 0), "decision(w, x) of rule 'p' raised"),
        (lambda: perceptron(decision=lambda w, x: w), "must return one SymPy expression"),
        (lambda: perceptron(decision=lambda w, x: "yes"), "must return one SymPy expression"),
        (lambda: perceptron(decision=lambda w, x: w.dot(x) > 0), "one SymPy expression"),
        (lambda: perceptron(update=lambda w, x, y, eta: eta * x.T), "column vector of 2"),
        (lambda: perceptron(update=lambda w, x, y, eta: Matrix([eta])), "column vector of 2"),
        (lambda: perceptron(update=lambda w, x, y, eta: eta), "column vector of 2"),
        (lambda: perceptron(update=lambda w, x, y, eta: lam * x), "uses lambda"),
        (lambda: perceptron(decision=lambda w, x: phi(w.dot(x) - Symbol("theta"))), "theta"),
        (lambda: perceptron(decision=lambda w, x: phi(w.dot(x) - ETA)), "uses eta"),
        (lambda: perceptron(update=lambda w, x, y, eta: x if w[0] != 0 else 0 * x),
         "something other than its formulas"),
        (lambda: perceptron(update=lambda w, x, y, eta: -0.1 * w + eta * x), "the float"),
        (lambda: perceptron(labels=(1,)), "at least two"),
        (lambda: perceptron(labels=(1, 1)), "at least two"),
        (lambda: perceptron(labels=(-1, I)), "must be real numbers"),
        (lambda: perceptron(labels=("a", "b")), "must be real numbers"),
        (lambda: perceptron(labels=5), "sequence"),
        (lambda: perceptron(decision=None), "decision=None must be a function"),
        (lambda: perceptron(name=""), "non-empty"),
        (lambda: perceptron(state_size=lambda d: 0), "positive whole number"),
    ],
)  # fmt: skip
def test_every_bad_rule_is_one_named_error_that_names_the_function(rule, shown):
    with pytest.raises(InvalidOnlineRule, match=_escaped(shown)):
        rule().expressions(2)


def _escaped(text: str) -> str:
    import re

    return re.escape(text)


def test_labels_are_exact_real_numbers_and_float_labels_are_read_at_their_value():
    assert perceptron(labels=(0, "1/2", 1.5)).labels == (S.Zero, Rational(1, 2), Rational(3, 2))


def test_a_state_may_be_longer_than_the_input():
    averaged = perceptron(
        decision=lambda w, x: phi(w[x.rows:, :].dot(x)),
        update=lambda w, x, y, eta: (d := eta * (y - phi(w[: x.rows, :].dot(x))) * x).col_join(
            w[: x.rows, :] + d
        ),
        state_size=lambda d: 2 * d,
    )  # fmt: skip
    run = run_online(averaged, [[1], [-1]], [-1, 1], 1, epochs=2)
    assert run.weights[-1].shape == (2, 1)
    assert ImmutableMatrix(run.weights[1]) == ImmutableMatrix([-2, -2])

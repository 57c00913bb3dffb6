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
from symbolic.algebra.vectors import Dot, VectorSymbol


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
    inverse = perceptron(update=lambda w, x, y, eta: eta / w.dot(x) * x)
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
        (lambda: perceptron(update=lambda w, x, y, eta: eta * x.T), "reads 'T' of a vector"),
        (lambda: perceptron(update=lambda w, x, y, eta: Matrix([eta])), "as a vector"),
        (lambda: perceptron(update=lambda w, x, y, eta: eta), "as a vector"),
        (lambda: perceptron(update=lambda w, x, y, eta: lam * x), "uses lambda"),
        (lambda: perceptron(decision=lambda w, x: phi(w.dot(x) - Symbol("theta"))), "theta"),
        (lambda: perceptron(decision=lambda w, x: phi(w.dot(x) - ETA)), "uses eta"),
        (lambda: perceptron(update=lambda w, x, y, eta: x if w[0] != 0 else 0 * x),
         "reads the entries of a vector"),
        (lambda: perceptron(update=lambda w, x, y, eta: x * (x.rows >= 3)), "reads 'rows'"),
        (lambda: perceptron(update=lambda w, x, y, eta: x * len(w)), "dimension of a vector"),
        (lambda: perceptron(update=lambda w, x, y, eta: x * x), "by a vector"),
        (lambda: perceptron(update=lambda w, x, y, eta: x + 1), "is a number"),
        (lambda: perceptron(update=lambda w, x, y, eta: -0.1 * w + eta * x), "the float"),
        (lambda: perceptron(update="eta * x * 0.1 * sin(1)"), "'sin(1)' is not allowed"),
        (lambda: perceptron(update="eta * x", loss="dot(w, x)"), "an update or a loss"),
        (lambda: perceptron(update=None), "an update or a loss"),
        (lambda: perceptron(labels=(1,)), "at least two"),
        (lambda: perceptron(labels=(1, 1)), "at least two"),
        (lambda: perceptron(labels=(-1, I)), "must be real numbers"),
        (lambda: perceptron(labels=("a", "b")), "must be real numbers"),
        (lambda: perceptron(labels=5), "sequence"),
        (lambda: perceptron(decision=None), "decision=None must be a formula"),
        (lambda: perceptron(name=""), "non-empty"),
        (lambda: perceptron(state_size=lambda d: 2 * d), "state=('u', 'a')"),
        (lambda: perceptron(state=("w", "w")), "used twice"),
        (lambda: perceptron(state=("eta",)), "reserved"),
        (lambda: perceptron(inputs=("X1",)), "lower-case letters"),
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


def test_a_state_may_be_several_vectors_of_the_inputs_dimension():
    averaged = OnlineRule(
        "averaged",
        decision=lambda u, a, x: phi(a.dot(x)),
        update=lambda u, a, x, y, eta: (
            eta * (y - phi(u.dot(x))) * x,
            u + eta * (y - phi(u.dot(x))) * x,
        ),
        state=("u", "a"),
    )
    run = run_online(averaged, [[1], [-1]], [-1, 1], 1, epochs=2)
    assert averaged.state_length(1) == 2 and run.weights[-1].shape == (2, 1)
    # Step 1 by hand: u = a = 0, x = 1, y = -1: ŷ = φ(0) = 1, Δu = 1·(-1 - 1)·1 = -2, so
    # u = -2 and a = u⁽⁰⁾ + Δu = -2.
    assert ImmutableMatrix(run.weights[1]) == ImmutableMatrix([-2, -2])


def test_a_rule_is_captured_once_so_a_branch_on_eta_is_frozen_into_what_is_proved_and_run():
    calls = []

    def update(w, x, y, eta):
        calls.append(eta)
        if (eta - 10).is_positive:  # None on the symbol η: the else branch, once
            return -eta * (y - phi(w.dot(x))) * x
        return eta * (y - phi(w.dot(x))) * x

    rule = perceptron(update=update)
    X, y = [[1, 0], [0, 1]], [-1, 1]
    runs = [run_online(rule, X, y, eta, epochs=2) for eta in (1, 100)]
    assert len(calls) == 1  # captured once; never called on numbers
    assert runs[0].predictions == runs[1].predictions  # η = 100 runs the same formula
    assert rule.update == (ETA * (Symbol("y", real=True) - phi(Dot(w_, x_))) * x_,)


w_, x_ = VectorSymbol("w"), VectorSymbol("x")


def test_text_callables_and_formulas_give_the_same_rule():
    text = OnlineRule("p", "phi(dot(w, x))", "eta * (y - phi(dot(w, x))) * x")
    assert text == perceptron() and hash(text) == hash(perceptron())
    again = OnlineRule("p", text.decision, text.update)
    assert again == text


def test_a_loss_gives_its_gradient_step_computed_over_whole_vectors():
    # loss = (w·x − y)²/2, so ∇_w loss = (w·x − y) x and Δw = −η (w·x − y) x (Adaline).
    rule = OnlineRule("lms", "phi(dot(w, x))", loss="(dot(w, x) - y)**2 / 2")
    adaline = OnlineRule("lms", "phi(dot(w, x))", "eta * (y - dot(w, x)) * x")
    assert (rule.update[0] - adaline.update[0]).expand() == 0
    # ‖w‖² ⇒ ∇ = 2w: a loss in w·w differentiates through the dot product's both sides.
    decay = OnlineRule("decay", "phi(dot(w, x))", loss="dot(w, w) / 2")
    assert (decay.update[0] + ETA * w_).expand() == 0


# -- formulas given as SymPy expressions are read as what they say (adversarial review) ------

eta_, y_ = Symbol("eta", positive=True), Symbol("y", real=True)


def test_an_update_given_in_sympy_with_brackets_keeps_every_term():
    # eta*((y - φ(w·x)) x - w/10) is the refuted L2 penalty; coeff() without expanding read it
    # as 0 and the rule was "proved".
    rule = OnlineRule("l2", phi(Dot(w_, x_)), eta_ * ((y_ - phi(Dot(w_, x_))) * x_ - w_ / 10))
    expected = -eta_ * w_ / 10 + eta_ * (y_ - phi(Dot(w_, x_))) * x_
    assert (rule.update[0] - expected).expand() == 0
    assert run_online(rule, [[2]], [-1], "1/10", epochs=3).predictions == (1, -1, -1)
    assert run_online(rule, [[2]], [-1], 10, epochs=3).predictions == (1, -1, 1)


def test_a_loss_through_a_dot_product_of_a_sum_is_differentiated_fully():
    # ∇_w ((w + x)·x − y)²/2 = (w·x + x·x − y) x; the dot product of a sum was skipped.
    rule = OnlineRule("sum", phi(Dot(w_, x_)), loss=(Dot(w_ + x_, x_) - y_) ** 2 / 2)
    expected = -eta_ * (Dot(w_, x_) + Dot(x_, x_) - y_) * x_
    assert (rule.update[0] - expected).expand() == 0


@pytest.mark.parametrize(
    ("parts", "shown"),
    [
        ({"decision": phi(Dot(VectorSymbol("z"), x_))}, "the vector z, which is none"),
        ({"update": eta_ * x_ - Dot(w_, x_)}, "a term without a vector"),
        ({"update": eta_ * x_ + VectorSymbol("z")}, "the vector z, which is none"),
        ({"update": eta_ * x_ * x_}, "a product or power of vectors"),
        ({"update": None, "loss": "phi(dot(w, x))"}, "has no derivative"),
    ],
)
def test_sympy_formulas_with_foreign_vectors_or_no_derivative_are_refused(parts, shown):
    with pytest.raises(InvalidOnlineRule, match=_escaped(shown)):
        perceptron(**parts)

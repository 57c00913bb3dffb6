"""Hidden-unit symmetry for every depth: the proof holds for depth 2 and 3 with tanh, ReLU and an
undefined σ, each step over layers fails when its hypothesis or the rates are wrong, and the
one-neuron equivalence agrees with a Fraction loop written here."""

from __future__ import annotations

from fractions import Fraction

import pytest
from sympy import Function, Rational, Subs, Symbol, diff

import numeric
from symbolic import (
    DeepSymmetryProof,
    HiddenSymmetryProof,
    prove_deep_symmetry,
    prove_hidden_symmetry,
)
from symbolic.algebra.derivatives import named_derivatives
from symbolic.errors import DimensionMismatch
from symbolic.network import DeepNetwork, activation_of, loss_of, train_deep
from symbolic.theorems.deep_symmetry import one_unit_network, one_unit_rates
from symbolic.theorems.equivariance import Action, equivariance_check
from symbolic.theorems.layer_steps import (
    ETA,
    M_HERE,
    N_BELOW,
    one_unit_layer_checks,
    symmetry_layer_checks,
)


@pytest.mark.parametrize(
    ("widths", "activation"),
    [
        ((2, 2), None),
        ((2, 2), "tanh"),
        ((2, 2), "relu"),
        ((3, 2), "relu"),
        ((2, 2, 2), "relu"),
        pytest.param((2, 2, 2), None, marks=pytest.mark.heavy),
        pytest.param((2, 2, 2), "tanh", marks=pytest.mark.heavy),
    ],
)
def test_the_proof_holds_for_depth_two_and_three(widths, activation):
    proof = prove_deep_symmetry(widths, activation, None, 2)
    assert proof.holds, str(proof)
    names = {check.name for check in proof.checks}
    # the steps over layers are checked steps of the proof, not prose
    assert {"layers: forward", "layers: backward", "one unit, layers: backward step"} <= names
    # one swap per unit beyond the first in every layer: they generate every permutation
    swaps = [name for name in names if name.startswith("equivariance: swap")]
    assert len(swaps) == sum(m - 1 for m in widths)
    assert "every depth" in str(proof)


def test_prove_hidden_symmetry_takes_a_depth():
    assert isinstance(prove_hidden_symmetry(2, steps=1), HiddenSymmetryProof)
    deep = prove_hidden_symmetry(2, "relu", steps=1, depth=3)
    assert isinstance(deep, DeepSymmetryProof)
    assert deep.widths == (2, 2, 2)
    assert prove_hidden_symmetry([3, 2], "relu", steps=1).widths == (3, 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"depth": 0}, "depth=0 must be a positive integer"),
        ({"width": [2, 2], "depth": 3}, "width lists 2 layers but depth=3"),
        ({"width": [2, 0]}, "must be positive integers, one per layer"),
    ],
)
def test_bad_depths_and_widths_are_refused(kwargs, message):
    with pytest.raises(DimensionMismatch, match=message):
        prove_hidden_symmetry(**kwargs)


@pytest.mark.parametrize(
    ("assumed", "failing"),
    [
        (("bias", "column"), {"layers: forward", "layers: backward", "layers: incoming update"}),
        (
            ("row", "bias"),
            {"layers: backward", "layers: incoming update", "layers: outgoing update"},
        ),
        (("row", "column"), {"layers: forward"}),
    ],
)
def test_a_layer_step_without_its_hypothesis_is_not_shown(assumed, failing):
    checks = symmetry_layer_checks(activation_of(None), loss_of(None), assume_equal=assumed)
    not_shown = {check.name for check in checks if not check.shown}
    assert failing <= not_shown


@pytest.mark.parametrize(
    ("rates", "failing"),
    [
        ((ETA, ETA / M_HERE, ETA * N_BELOW / M_HERE), "one unit, layers: first-layer weights"),
        ((ETA / M_HERE, ETA, ETA * N_BELOW / M_HERE), "one unit, layers: biases"),
        ((ETA / M_HERE, ETA / M_HERE, ETA), "one unit, layers: inner weights"),
    ],
)
def test_the_one_unit_step_fails_with_the_wrong_rates(rates, failing):
    checks = one_unit_layer_checks(activation_of("tanh"), loss_of(None), rates=rates)
    assert [check.name for check in checks if not check.shown] == [failing]
    assert all(check.shown for check in one_unit_layer_checks(activation_of("tanh"), loss_of(None)))


def test_an_update_that_favours_one_unit_is_not_equivariant():
    a, b = Symbol("a"), Symbol("b")
    swap = Action("swap a and b", lambda state: (state[1], state[0]))
    assert equivariance_check(lambda s: (s[0] + 2 * s[1], s[1] + 2 * s[0]), swap, (a, b)).shown
    assert not equivariance_check(lambda s: (s[0] + 1, s[1]), swap, (a, b)).shown


def test_named_derivatives_keep_distinct_derivatives_apart():
    sigma, loss = Function("sigma"), Function("L")
    xi, p, y = Symbol("xi"), Symbol("p"), Symbol("y")
    a, b = Symbol("a"), Symbol("b")
    slope_a = diff(sigma(xi), xi).subs(xi, a + b)
    slope_b = diff(sigma(xi), xi).subs(xi, a)
    assert isinstance(slope_a, Subs)
    assert named_derivatives(slope_a - slope_b) != 0
    assert named_derivatives(slope_a - diff(sigma(p), p).subs(p, b + a)) == 0
    # ∂L/∂(first argument) and ∂L/∂(second argument) at one point are different functions
    first = diff(loss(p, y), p).subs(p, a)
    second = diff(loss(y, p), p).subs(p, a)
    assert named_derivatives(first - second) != 0
    # the second derivative is not the first
    assert named_derivatives(diff(sigma(xi), xi, 2).subs(xi, a) - slope_b) != 0


def _fraction_relu_network(X, Y, hidden, output, rates, steps):
    """An independent loop: hidden = [(W, b), …] lists of Fractions, ReLU with σ′(0) = 0,
    squared loss, rates = [(rate_W, rate_b), …] (output last); returns the outputs ŷ."""
    layers = [([row[:] for row in W], b[:]) for W, b in [*hidden, output]]
    outputs = []
    for k in range(steps):
        x, y = X[k % len(X)], Y[k % len(Y)]
        hs, zs = [list(x)], []
        for index, (W, b) in enumerate(layers):
            z = [
                sum((w * h for w, h in zip(row, hs[-1], strict=True)), Fraction(0)) + c
                for row, c in zip(W, b, strict=True)
            ]
            zs.append(z)
            hs.append(z if index == len(layers) - 1 else [max(e, Fraction(0)) for e in z])
        outputs.append(hs[-1][0])
        delta = [hs[-1][0] - y]
        grads = []
        for index in range(len(layers) - 1, -1, -1):
            W, _ = layers[index]
            grads.append(([[d * h for h in hs[index]] for d in delta], delta[:]))
            if index:
                delta = [
                    (1 if zs[index - 1][j] > 0 else 0)
                    * sum(W[k][j] * delta[k] for k in range(len(W)))
                    for j in range(len(W[0]))
                ]
        grads.reverse()
        layers = [
            (
                [
                    [w - rW * g for w, g in zip(r, gr, strict=True)]
                    for r, gr in zip(W, gW, strict=True)
                ],
                [c - rb * g for c, g in zip(b, gb, strict=True)],
            )
            for (W, b), (gW, gb), (rW, rb) in zip(layers, grads, rates, strict=True)
        ]
    return outputs


def test_one_neuron_per_layer_against_a_fraction_loop():
    """Two ReLU layers of width 3, squared loss, 6 online steps (exact numbers grow about
    fourfold in length per step, so a longer run is the heavy Fraction test of the twin):
    the wide network, the width-1 network at its rates (η/3, η/3; η, η/3; 3η, η), and the
    Fraction loop on the width-1 network agree at every step."""
    F = Fraction
    X = [
        [F(1), F(2)],
        [F(-1), F(1, 2)],
        [F(2), F(-1)],
        [F(1, 2), F(1)],
        [F(-2), F(-1)],
        [F(1), F(0)],
    ]
    Y = [F(1), F(-1), F(2), F(0), F(1, 2), F(1)]
    eta, m = F(1, 10), 3
    w, betas, a, v, c = [F(1, 2), F(-1, 4)], [F(1, 5), F(1, 7)], F(1, 3), F(1, 2), F(0)
    wide_start = DeepNetwork.equal_units([m, m], w, betas, [a], v, c)
    steps = len(X)
    wide = train_deep(X, Y, wide_start.layers, eta=Rational(1, 10), activation="relu",
                      loss="squared")  # fmt: skip
    # the rates by hand: the width-1 signal of layer ℓ is m·δ, so η/m for the first row and
    # the hidden biases, η·m/m = η for the inner weight, m·η for the output weight, η for c
    by_hand = [(eta / m, eta / m), (eta, eta / m), (m * eta, eta)]
    expected = [(Rational(p.numerator, p.denominator), Rational(q.numerator, q.denominator))
                for p, q in by_hand]  # fmt: skip
    assert list(one_unit_rates([m, m], Rational(1, 10))) == expected
    narrow = train_deep(X, Y, one_unit_network(wide_start).layers, eta=by_hand,
                        activation="relu", loss="squared")  # fmt: skip
    loop = _fraction_relu_network(
        X, Y, [([w], [betas[0]]), ([[m * a]], [betas[1]])], ([[m * v]], [c]), by_hand, steps
    )
    assert [Rational(o.numerator, o.denominator) for o in loop] == list(narrow.outputs)
    assert list(wide.outputs) == list(narrow.outputs)
    assert all(wide.units_identical(k) for k in range(steps + 1))
    assert len(set(loop)) > 3  # the network learns: its outputs move


def test_the_numeric_twin_runs_the_symbolic_statement_exactly():
    """Widths (2, 3), identity activation: the numeric twin's exact wide run, and its width-1
    run at the rates the symbolic statement gives, have the outputs the symbolic runs have."""
    F = Fraction
    X, Y = [[F(1), F(-1)], [F(1, 2), F(2)], [F(-1), F(1)], [F(2), F(1, 2)]], [1, 0, -1, 2]
    start = DeepNetwork.equal_units([2, 3], [F(1, 3), F(-1, 2)], [F(1, 4), F(0)], [F(1, 2)],
                                    F(1, 5), F(1, 7))  # fmt: skip
    narrow_start = one_unit_network(start)
    rates = one_unit_rates([2, 3], Rational(1, 8))
    # the statement's rates by hand: η/m1, η/m1; η·m1/m2, η/m2; m2·η, η
    assert [tuple(pair) for pair in rates] == [
        (Rational(1, 16), Rational(1, 16)),
        (Rational(1, 12), Rational(1, 24)),
        (Rational(3, 8), Rational(1, 8)),
    ]

    def lists(network):
        return [([[F(str(e)) for e in W.row(j)] for j in range(W.rows)], [F(str(e)) for e in b])
                for W, b in network.layers]  # fmt: skip

    pairs = [(F(str(a)), F(str(b))) for a, b in rates]
    wide = numeric.train_mlp(X, Y, lists(start), eta=F(1, 8), activation="identity", exact=True)
    one = numeric.train_mlp(X, Y, lists(narrow_start), eta=pairs, activation="identity",
                            exact=True)  # fmt: skip
    symbolic_one = train_deep(X, Y, narrow_start.layers, eta=rates, activation="identity",
                              loss="squared")  # fmt: skip
    assert list(wide.outputs) == list(one.outputs)
    assert [F(str(o)) for o in symbolic_one.outputs] == list(one.outputs)
    assert all(wide.units_equal(k) for k in range(len(X) + 1))

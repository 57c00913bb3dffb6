"""Holes a review found in the proof for every depth, each a row that fails on the old code."""

from __future__ import annotations

import numpy as np
import pytest
from sympy import Derivative, Function, Subs, Symbol, diff

import numeric
from numeric.errors import DimensionMismatch, InvalidLearningRate, TooMuchWork
from proofs.commands.main import main
from symbolic import DerivationError, prove_deep_symmetry, prove_hidden_symmetry
from symbolic.algebra.derivatives import named_derivatives
from symbolic.network import DeepNetwork, activation_of, loss_of
from symbolic.theorems import layer_steps
from symbolic.theorems.question_claims import claim


def test_a_layer_model_that_reads_the_wrong_column_is_not_the_gradient(monkeypatch):
    sigma, loss = activation_of("tanh"), loss_of(None)
    assert layer_steps.layer_model_check((2, 3), 2, sigma, loss).shown

    def first_column(self, j):  # δ_j built from column 1 of the layer above, whatever j
        sums = layer_steps.Sum(self.N[self.k, 1] * self.up[self.k], (self.k, 1, self.p))
        return layer_steps._slope(self.activation, self.z(j)) * sums

    monkeypatch.setattr(layer_steps.LayerModel, "delta", first_column)
    assert not layer_steps.layer_model_check((2, 3), 2, sigma, loss).shown


def test_the_every_layer_section_refuses_to_print_over_a_failed_check(monkeypatch, capsys):
    import proofs.documents.deep_chains as deep_chains

    real = deep_chains.prove_hidden_symmetry

    def one_check_fails(*args, **kwargs):
        proof = real(*args, **kwargs)
        checks = (*proof.checks[:-1], type(proof.checks[-1])("forced", "fails", False))
        return type(proof)(proof.widths, proof.d, proof.steps, proof.activation, proof.loss,
                           proof.eta, checks, proof.run)  # fmt: skip

    monkeypatch.setattr(deep_chains, "prove_hidden_symmetry", one_check_fails)
    with pytest.raises(DerivationError, match="forced"):
        deep_chains.every_layer_blocks(2, 2, "relu", None, 2)
    assert main(["derive", "hidden-symmetry", "--depth", "2", "--activation", "relu"]) == 1
    assert "NOT SHOWN" in capsys.readouterr().err


def test_the_claims_rest_on_the_whole_proof_for_every_depth():
    for key in ("one-neuron", "unequal-weights"):
        names = {check.name for check in claim(key).checks}
        assert {"layers: backward", "layers: the model is the gradient"} <= names, key


def test_the_default_widths_differ_so_that_mixed_up_widths_are_caught():
    proof = prove_deep_symmetry(activation="relu", steps=1)
    assert len(set(proof.widths)) > 1 and proof.holds


def test_named_derivatives_never_merge_different_derivatives():
    x, y, z = Symbol("x"), Symbol("y"), Symbol("z")
    f, f_real = Function("f"), Function("f", real=True)
    assert named_derivatives(diff(f(x), x).subs(x, z) - diff(f_real(x), x).subs(x, z)) != 0
    assert named_derivatives(diff(f(x), x).subs(x, z) - Function("f_d0")(z)) != 0
    # a bound variable in another slot: not renamed (its value is not a function of z alone)
    leaky = Subs(Derivative(f(x, 2 * x), x), x, z)
    assert named_derivatives(leaky) == leaky
    assert named_derivatives(leaky - Subs(Derivative(f(y, 2 * x), y), y, z)) != 0


def test_a_generic_network_has_one_symbol_per_parameter_past_ten_units():
    network = DeepNetwork.generic((11, 2), 11)
    assert len(set(network.parameters())) == len(network.parameters())


def test_bad_networks_and_huge_proofs_are_one_line():
    with pytest.raises(DimensionMismatch, match="rows of equal length"):
        DeepNetwork.of([([[1], [1, 2]], [0, 0]), ([[1, 1]], [0])])
    with pytest.raises(TooMuchWork, match="at most 6"):
        prove_hidden_symmetry(1, depth=40)


def test_the_mlp_twin_reads_minus_zero_as_zero_and_refuses_odd_rates():
    layers = [(np.zeros((2, 1)), np.array([0.0, -0.0])), (np.ones((1, 2)), np.zeros(1))]
    run = numeric.train_mlp([[0.0]], [1.0], layers, eta=0.1)
    assert run.units_equal(0) and run.units_equal(1)
    for eta in (True, {0.1, 0.2}):
        with pytest.raises(InvalidLearningRate):
            numeric.train_mlp([[1.0]], [1.0], layers, eta=eta)
    with pytest.raises(DimensionMismatch, match="no rows"):
        numeric.train_mlp(np.zeros((0, 1)), [], layers, eta=0.1)

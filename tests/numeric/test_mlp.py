"""numeric.train_mlp: the deep twin of the hidden-unit answers, checked against routes that do
not go through numeric.mlp: forward passes by matrix product, central finite differences, a
width-1 network trained by hand one scalar at a time, and numeric.train_network."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction as F
from typing import NamedTuple

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numeric import MlpTrace, Rates, mlp_gradients, train_mlp, train_network
from numeric.errors import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidEpochs,
    InvalidLearningRate,
    InvalidNumber,
)
from numeric.network import UnknownFunction

# σ and the losses written again, by matrix products (a different summation order from
# numeric.mlp's column-by-column one, so they agree to rounding, not bitwise).
SIGMA: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "tanh": np.tanh,
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "relu": lambda z: np.maximum(z, 0.0),
    "identity": lambda z: z,
}
LOSS = {
    "squared": lambda y_hat, y: 0.5 * np.sum((y_hat - y) ** 2),
    "logistic": lambda y_hat, y: np.sum(np.log1p(np.exp(-y * y_hat))),
}


def reference_output(layers, x, activation: str) -> np.ndarray:
    """ŷ = W_out σ(… σ(W1 x + b1) …) + b_out, by matrix products."""
    h = np.asarray(x, dtype=float)
    for W, b in layers[:-1]:
        h = SIGMA[activation](np.asarray(W, dtype=float) @ h + np.asarray(b, dtype=float))
    W, b = layers[-1]
    return np.asarray(W, dtype=float) @ h + np.asarray(b, dtype=float)


def mean_squared_loss(layers, X, y, activation: str) -> float:
    losses = [
        LOSS["squared"](reference_output(layers, x, activation), t)
        for x, t in zip(X, y, strict=True)
    ]
    return float(np.mean(losses))


def equal_unit_layers(rng, d: int, widths: tuple[int, ...], outputs: int = 1) -> list:
    """Float layers whose hidden units are all alike: the rows of W1 one vector, each bℓ one
    number, each inner Wℓ one number, the columns of the output W one column."""
    layers = [(np.tile(rng.normal(size=d), (widths[0], 1)), np.full(widths[0], rng.normal()))]
    for before, width in itertools.pairwise(widths):
        layers.append((np.full((width, before), rng.normal()), np.full(width, rng.normal())))
    output = np.tile(rng.normal(size=(outputs, 1)), (1, widths[-1]))
    return [*layers, (output, rng.normal(size=outputs))]


def bits(values) -> np.ndarray:
    return np.ascontiguousarray(values, dtype=np.float64).view(np.uint64)


# 1. Equal units stay bitwise equal in float64, and the network still learns.

X_SMALL = np.array(
    [
        [0.5, -1.0, 0.3],
        [1.2, 0.4, -0.7],
        [-0.8, 0.9, 0.1],
        [0.2, -0.3, 1.1],
        [-1.1, -0.6, -0.4],
        [0.7, 1.3, 0.6],
        [-0.2, 0.1, -1.2],
        [1.0, -0.9, 0.8],
    ]
)
Y_SMALL = np.array([0.6, 0.1, -0.4, 0.9, -0.8, 0.5, -0.3, 0.2])  # not constant


def four_layer_start() -> list:
    """3 → 4 → 4 → 4 → 1 with all hidden units alike (positive biases keep ReLU units alive)."""
    w = np.array([0.4, -0.3, 0.2])
    return [
        (np.tile(w, (4, 1)), np.full(4, 0.1)),
        (np.full((4, 4), 0.3), np.full(4, 0.1)),
        (np.full((4, 4), 0.25), np.full(4, 0.05)),
        (np.full((1, 4), 0.3), np.array([0.0])),
    ]


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_a_four_layer_network_keeps_its_units_bitwise_equal_for_40_steps_and_learns(activation):
    start = four_layer_start()
    trace = train_mlp(X_SMALL, Y_SMALL, start, eta=0.05, epochs=5, activation=activation)
    assert trace.steps == 40 and len(trace.layers) == 41
    assert all(trace.units_equal(k) for k in range(trace.steps + 1))
    # It learns: the mean loss over the data, by matrix products, falls by a fifth or more,
    # and every layer moved (the error reached the first layer through the three others).
    before = mean_squared_loss(trace.layers[0], X_SMALL, Y_SMALL, activation)
    after = mean_squared_loss(trace.layers[-1], X_SMALL, Y_SMALL, activation)
    assert after < 0.8 * before
    for (W0, b0), (W, b) in zip(start, trace.layers[-1], strict=True):
        assert not np.array_equal(W0, W) and not np.array_equal(b0, b)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_one_perturbed_weight_separates_its_unit_and_only_what_it_feeds(activation):
    start = four_layer_start()
    W1 = start[0][0].copy()
    W1[0, 0] += 1e-3
    trace = train_mlp(
        X_SMALL, Y_SMALL, [(W1, start[0][1]), *start[1:]], eta=0.05, epochs=5, activation=activation
    )
    assert not any(trace.units_equal(k) for k in range(trace.steps + 1))
    for layers in trace.layers:
        W1, W2 = layers[0][0], layers[1][0]
        # bitwise, units 2 to 4 of layer 1 are still alike, and so are the units of layer 2
        # (each sees unit 1 alike): the check that failed above compares what it should
        assert (bits(W1[1:]) == bits(W1[1])).all() and (bits(W2) == bits(W2[0])).all()
    assert not np.array_equal(trace.layers[-1][0][0][0], trace.layers[-1][0][0][1])


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    widths=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
    d=st.integers(1, 3),
    outputs=st.integers(1, 2),
    activation=st.sampled_from(sorted(SIGMA)),
    loss=st.sampled_from(sorted(LOSS)),
)
def test_units_that_start_equal_stay_bitwise_equal_at_any_depth(
    seed, widths, d, outputs, activation, loss
):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, d))
    y = rng.choice([-1.0, 1.0], (3, outputs))
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run must stay equal too
        trace = train_mlp(
            X,
            y[:, 0] if outputs == 1 else y,
            equal_unit_layers(rng, d, widths, outputs),
            eta=0.2,
            epochs=2,
            activation=activation,
            loss=loss,
        )
    assert all(trace.units_equal(k) for k in range(trace.steps + 1))


# 2. m equal units per layer are one unit per layer with scaled weights and rates.
#
# Wide network: every row of W1 is w, every entry of bℓ is βℓ, of the inner Wℓ (ℓ ≥ 2) aℓ, of
# the output row v; output bias c; widths m1 … mL.  Forward: every unit of layer ℓ has the same
# z_ℓ, because z_ℓ = βℓ + Σ over m_{ℓ−1} equal terms aℓ·h_{ℓ−1} = βℓ + m_{ℓ−1}aℓ·h_{ℓ−1}, and
# ŷ = c + m_L v·h_L.  So the width-1 network with inner weights Aℓ = m_{ℓ−1}aℓ and output
# weight V = m_L v computes the same z_ℓ and ŷ.
# Backward, with g = ∂L/∂ŷ: a wide unit has δ_L = σ′(z_L)·v·g and, summing over the m_ℓ
# units k of layer ℓ, δ_{ℓ−1} = σ′(z_{ℓ−1})·Σ_k aℓ δ_ℓ = σ′(z_{ℓ−1})·m_ℓ aℓ δ_ℓ.  The narrow
# unit has Δ_L = σ′(z_L)·V·g = m_L δ_L and, if Δ_ℓ = m_ℓ δ_ℓ,
# Δ_{ℓ−1} = σ′(z_{ℓ−1})·m_{ℓ−1}aℓ·m_ℓ δ_ℓ = m_{ℓ−1}δ_{ℓ−1}: by induction Δ_ℓ = m_ℓ δ_ℓ.
# Gradients: wide ∂w = δ_1 x, ∂βℓ = δ_ℓ, ∂aℓ = δ_ℓ h_{ℓ−1}, ∂v = g h_L, ∂c = g; narrow
# ∂w = m_1 δ_1 x, ∂βℓ = m_ℓ δ_ℓ, ∂Aℓ = m_ℓ δ_ℓ h_{ℓ−1}, ∂V = g h_L, ∂c = g.
# Steps match (w' = w − η δ_1 x, βℓ' = βℓ − η δ_ℓ, Aℓ' = m_{ℓ−1}aℓ' = Aℓ − η m_{ℓ−1} δ_ℓ h_{ℓ−1},
# V' = m_L v' = V − m_L η g h_L, c' = c − η g) exactly when the narrow rates are
# η/m_1 for w, η/m_ℓ for βℓ, η·m_{ℓ−1}/m_ℓ for Aℓ, m_L·η for V and η for c; then the wide units
# stay equal (the same update for each) and the induction goes on to the next step.  With every
# width m these are η/m, η/m, η, m·η and η, one hidden layer's Rates(η/m, η/m, m·η, η).


class OneUnitRates(NamedTuple):
    """Rates of the width-1 network: w, each βℓ, each inner Aℓ (ℓ = 2 … L), V, c."""

    w: object
    betas: list
    inner: list
    V: object
    c: object

    @classmethod
    def for_widths(cls, eta, widths: tuple[int, ...]) -> OneUnitRates:
        inner = [eta * widths[i - 1] / widths[i] for i in range(1, len(widths))]
        return cls(eta / widths[0], [eta / m for m in widths], inner, widths[-1] * eta, eta)

    def per_layer(self) -> list[tuple[object, object]]:
        """The same rates as train_mlp's eta: one (rate of W, rate of b) pair per layer."""
        return [
            (self.w, self.betas[0]),
            *zip(self.inner, self.betas[1:], strict=True),
            (self.V, self.c),
        ]


class Scalars(NamedTuple):
    """The equal state: w (d numbers), βℓ per hidden layer, aℓ per inner layer, v, c."""

    w: list
    betas: list
    inner: list
    v: object
    c: object

    def wide(self, widths: tuple[int, ...]) -> list:
        layers = [([list(self.w)] * widths[0], [self.betas[0]] * widths[0])]
        for i in range(1, len(widths)):
            layers.append(
                ([[self.inner[i - 1]] * widths[i - 1]] * widths[i], [self.betas[i]] * widths[i])
            )
        return [*layers, ([[self.v] * widths[-1]], [self.c])]

    def narrow(self, widths: tuple[int, ...]) -> Scalars:
        inner = [widths[i - 1] * a for i, a in enumerate(self.inner, start=1)]
        return Scalars(list(self.w), list(self.betas), inner, widths[-1] * self.v, self.c)

    def as_layers(self) -> list:
        layers = [([list(self.w)], [self.betas[0]])]
        layers += [([[a]], [beta]) for a, beta in zip(self.inner, self.betas[1:], strict=True)]
        return [*layers, ([[self.v]], [self.c])]


def one_unit_per_layer(X, y, start: Scalars, rates: OneUnitRates, sigma, slope, steps: int):
    """The width-1 network trained by hand on the squared loss, one scalar at a time:
    z_1 = β_1 + w·x, z_ℓ = β_ℓ + A_ℓ h_{ℓ−1}, h_ℓ = σ(z_ℓ), ŷ = c + V h_L.  Returns every
    step's ŷ (before its update) and the parameters at the end."""
    w, betas, inner, V, c = list(start.w), list(start.betas), list(start.inner), start.v, start.c
    L = len(betas)
    outputs = []
    for k in range(steps):
        x, target = X[k % len(X)], y[k % len(X)]
        z = [betas[0] + sum(wi * xi for wi, xi in zip(w, x, strict=True))]
        for layer in range(1, L):
            z.append(betas[layer] + inner[layer - 1] * sigma(z[layer - 1]))
        h = [sigma(zl) for zl in z]
        y_hat = c + V * h[-1]
        g = y_hat - target  # ∂/∂ŷ of ½(ŷ − y)²
        delta = [0] * L
        delta[L - 1] = slope(z[L - 1]) * V * g
        for layer in range(L - 1, 0, -1):
            delta[layer - 1] = slope(z[layer - 1]) * inner[layer - 1] * delta[layer]
        outputs.append(y_hat)
        w = [wi - rates.w * delta[0] * xi for wi, xi in zip(w, x, strict=True)]
        inner = [
            a - r * delta[i] * h[i - 1]
            for i, (a, r) in enumerate(zip(inner, rates.inner, strict=True), start=1)
        ]
        betas = [beta - r * dl for beta, r, dl in zip(betas, rates.betas, delta, strict=True)]
        V, c = V - rates.V * g * h[-1], c - rates.c * g
    return outputs, Scalars(w, betas, inner, V, c)


def relu(z):
    return z if z > 0 else 0 * z


def relu_slope(z):
    return 1 if z > 0 else 0  # σ′(0) = 0, as numeric.network


X_EXACT = [[F(1, 2), F(-1)], [F(1), F(1, 2)], [F(-1, 2), F(1)], [F(1), F(1)], [F(0), F(-1, 2)],
           [F(-1), F(1, 2)], [F(1, 4), F(3, 4)], [F(-3, 4), F(-1, 4)]]  # fmt: skip
Y_EXACT = [F(1), F(-1), F(1, 2), F(0), F(1), F(-1, 2), F(1, 4), F(-1, 4)]

# Exact numbers grow about fourfold in length per step at depth 2 (after 8 steps of (3, 3) they
# have 300 000 bits and a step takes seconds), so the exact runs are short; the float64 runs
# below take the same equivalence through 40 steps.
EXACT_CASES = [
    ((3, 3), "relu", 7, Scalars([F(1, 2), F(1, 4)], [F(1, 4), F(1, 8)], [F(1, 4)], F(1, 2), 0)),
    ((2, 3), "identity", 6,
     Scalars([F(1, 2), F(-1, 4)], [F(1, 4), F(-1, 8)], [F(1, 3)], F(1, 2), F(1, 5))),
    ((3, 2, 4), "relu", 8,
     Scalars([F(1, 2), F(1, 4)], [F(1, 4), F(1, 8), F(1, 2)], [F(1, 4), F(1, 2)], F(1, 2), 0)),
]  # fmt: skip


@pytest.mark.parametrize(("widths", "activation", "steps", "start"), EXACT_CASES)
def test_m_equal_units_per_layer_are_one_unit_per_layer_with_scaled_rates_exactly(
    widths, activation, steps, start
):
    eta = F(1, 8)
    X, y = X_EXACT[:steps], Y_EXACT[:steps]
    rates = OneUnitRates.for_widths(eta, widths)
    narrow_start = start.narrow(widths)
    wide = train_mlp(X, y, start.wide(widths), eta=eta, activation=activation, exact=True)
    narrow = train_mlp(
        X, y, narrow_start.as_layers(), eta=rates.per_layer(), activation=activation, exact=True
    )
    sigma, slope = (relu, relu_slope) if activation == "relu" else (lambda z: z, lambda z: 1)
    by_hand, end = one_unit_per_layer(X, y, narrow_start, rates, sigma, slope, steps)

    assert list(wide.outputs) == list(narrow.outputs) == by_hand
    assert all(wide.units_equal(k) for k in range(steps + 1))
    for k in range(steps + 1):
        wide_k, narrow_k = wide.layers[k], narrow.layers[k]
        assert list(wide_k[0][0][0]) == list(narrow_k[0][0][0])  # w
        for i in range(1, len(widths)):  # Aℓ = m_{ℓ−1}·aℓ
            assert widths[i - 1] * wide_k[i][0][0, 0] == narrow_k[i][0][0, 0]
        assert [b[0] for _, b in wide_k] == [b[0] for _, b in narrow_k]  # βℓ and c
        assert widths[-1] * wide_k[-1][0][0, 0] == narrow_k[-1][0][0, 0]  # V = m_L·v
    (W1, b1), *inner, (V, c) = narrow.layers[-1]  # the hand loop ends where train_mlp ends
    hidden_biases = [b1[0], *(b[0] for _, b in inner)]
    assert end == Scalars(list(W1[0]), hidden_biases, [W[0, 0] for W, _ in inner], V[0, 0], c[0])
    assert list(wide.layers[-1][0][0][0]) != list(start.w)  # the error reached layer 1


@pytest.mark.parametrize("widths", [(3, 3), (2, 3), (3, 2, 4)])
def test_the_one_unit_per_layer_equivalence_holds_for_tanh_within_rounding_for_40_steps(widths):
    rng = np.random.default_rng(11)
    X, y = rng.normal(size=(8, 2)), rng.normal(size=8)
    eta, depth = 0.05, len(widths)
    start = Scalars(
        list(rng.normal(size=2) * 0.5),
        list(rng.normal(size=depth) * 0.5),
        list(rng.normal(size=depth - 1) * 0.5),
        rng.normal() * 0.5,
        0.1,
    )
    rates = OneUnitRates.for_widths(eta, widths)
    wide = train_mlp(X, y, start.wide(widths), eta=eta, epochs=5)
    narrow = train_mlp(X, y, start.narrow(widths).as_layers(), eta=rates.per_layer(), epochs=5)
    tanh_slope = lambda z: 1 - math.tanh(z) ** 2  # noqa: E731
    by_hand, _ = one_unit_per_layer(X, y, start.narrow(widths), rates, math.tanh, tanh_slope, 40)
    assert all(wide.units_equal(k) for k in range(41))
    assert np.allclose(wide.outputs, narrow.outputs, rtol=1e-12, atol=1e-12)
    assert np.allclose(narrow.outputs, by_hand, rtol=1e-12, atol=1e-12)
    assert not np.allclose(wide.outputs[:8], wide.outputs[-8:])  # it moved


# One hidden layer: train_mlp is train_network, operation for operation.


@pytest.mark.parametrize("activation", sorted(SIGMA))
@pytest.mark.parametrize("loss", sorted(LOSS))
def test_one_hidden_layer_is_train_network_bitwise_at_every_step(activation, loss):
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(5, 3)), rng.choice([-1.0, 1.0], 5)
    W, b, v, c = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=4), 0.3
    options = {"epochs": 3, "activation": activation, "loss": loss}
    network = train_network(X, y, W=W, b=b, v=v, c=c, eta=Rates(0.05, 0.1, 0.1, 0.02), **options)
    mlp = train_mlp(X, y, [(W, b), (v[None, :], [c])], eta=[(0.05, 0.1), (0.1, 0.02)], **options)
    for k, ((W_k, b_k), (v_k, c_k)) in enumerate(mlp.layers):
        assert (bits(W_k) == bits(network.W[k])).all() and (bits(b_k) == bits(network.b[k])).all()
        assert (bits(v_k[0]) == bits(network.v[k])).all() and (
            bits(c_k) == bits([network.c[k]])
        ).all()
    assert (bits(mlp.outputs) == bits(network.outputs)).all()
    assert (bits(mlp.losses) == bits(network.losses)).all()


@pytest.mark.parametrize("activation", ["relu", "identity"])
def test_one_hidden_layer_is_train_network_exactly_in_fractions(activation):
    X = [[F(1, 2), F(-1)], [F(2), F(1, 3)], [F(-1), 1]]
    y = [F(1), F(-1), F(1, 2)]
    W, b, v = [[F(1, 5), F(-1, 2)], [F(1, 3), F(1, 4)]], [F(1, 7), F(-1, 3)], [F(2, 3), F(-1, 2)]
    options = {"epochs": 2, "activation": activation, "exact": True}
    network = train_network(X, y, W=W, b=b, v=v, c=F(1, 9), eta=F(1, 10), **options)
    mlp = train_mlp(X, y, [(W, b), ([v], [F(1, 9)])], eta=F(1, 10), **options)
    for k, ((W_k, b_k), (v_k, c_k)) in enumerate(mlp.layers):
        assert W_k.tolist() == network.W[k].tolist() and list(b_k) == list(network.b[k])
        assert list(v_k[0]) == list(network.v[k]) and c_k[0] == network.c[k]
    assert list(mlp.outputs) == list(network.outputs)


# 3. The gradients against central finite differences of a forward pass by matrix products.


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("loss", sorted(LOSS))
@pytest.mark.parametrize("outputs", [1, 2])
def test_gradients_agree_with_central_finite_differences(activation, loss, outputs):
    rng = np.random.default_rng(7)
    layers = [
        (rng.normal(size=(4, 3)), rng.normal(size=4)),
        (rng.normal(size=(3, 4)), rng.normal(size=3)),
        (rng.normal(size=(outputs, 3)), rng.normal(size=outputs)),
    ]
    x = rng.normal(size=3)
    y = np.array([1.0, -1.0][:outputs])
    grads = mlp_gradients(layers, x, y[0] if outputs == 1 else y, activation, loss)

    def value(perturbed) -> float:
        return float(LOSS[loss](reference_output(perturbed, x, activation), y))

    h = 1e-6
    for layer, (grad_W, grad_b) in enumerate(grads):
        for part, grad in ((0, grad_W), (1, grad_b)):
            assert grad.shape == layers[layer][part].shape
            for index in np.ndindex(grad.shape):
                up = [[W.copy(), b.copy()] for W, b in layers]
                down = [[W.copy(), b.copy()] for W, b in layers]
                up[layer][part][index] += h
                down[layer][part][index] -= h
                numeric_grad = (value(up) - value(down)) / (2 * h)
                assert numeric_grad == pytest.approx(grad[index], rel=1e-5, abs=1e-8)


def test_predict_is_the_forward_pass_of_the_parameters_after_step_k():
    trace = train_mlp(X_SMALL, Y_SMALL, four_layer_start(), eta=0.05, epochs=2)
    for k in (0, 7, trace.steps):
        expected = [reference_output(trace.layers[k], x, "tanh")[0] for x in X_SMALL]
        assert np.allclose(trace.predict(k, X_SMALL), expected, rtol=1e-13, atol=1e-15)
    # step 7 takes ŷ at sample 7 with the parameters after step 6, the same way
    assert trace.predict(6, X_SMALL)[6] == trace.outputs[6]


# 4. Bad input is refused with one line that names it.

GOOD = {
    "X": [[1.0, 2.0]],
    "y": [1.0],
    "layers": [([[1.0, 2.0], [0.5, 0.5]], [0.0, 0.0]), ([[1.0, -1.0]], [0.0])],
    "eta": 0.1,
}


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"X": [[1.0, 2.0, 3.0]]}, DimensionMismatch,
         r"W1 has 2 columns but X has 3 entries per sample"),
        ({"layers": [([[1.0, 2.0], [0.5, 0.5]], [0.0, 0.0]), ([[1.0, -1.0, 2.0]], [0.0])]},
         DimensionMismatch, r"W2 has 3 columns but layer 1 has 2 units \(rows of W1\)"),
        ({"layers": [([[1.0, 2.0], [0.5, 0.5]], [0.0]), ([[1.0, -1.0]], [0.0])]},
         DimensionMismatch, r"b1 has 1 entry but W1 has 2 rows"),
        ({"y": [1.0, 2.0]}, DimensionMismatch, r"y has 2 targets but X has 1 row"),
        ({"y": [[1.0, 2.0]]}, DimensionMismatch, r"y has 2 dimension\(s\) but must have 1"),
        ({"layers": [([[1.0, 2.0]], [0.0])]}, DimensionMismatch, r"at least two \(W, b\) pairs"),
        ({"layers": [([[1.0, 2.0]], [0.0]), ([[1.0]],)]}, DimensionMismatch,
         r"layers\[2\] must be a pair \(W2, b2\)"),
        ({"layers": [([[1.0, 2.0]], [0.0]), ([[float("nan")]], [0.0])]}, InvalidNumber,
         r"W2\[1\]\[1\]=nan must be a finite number"),
        ({"eta": -0.1}, InvalidLearningRate, r"eta=-0.1 must be a positive number"),
        ({"eta": 0}, InvalidLearningRate, r"eta=0 must be a positive number"),
        ({"eta": float("inf")}, InvalidLearningRate, r"eta=inf must be a finite number"),
        ({"eta": [(0.1, 0.1), (0.1, -1)]}, InvalidLearningRate,
         r"eta\[2\]\.b=-1 must be a positive number"),
        ({"eta": [(0.1, 0.1)]}, InvalidLearningRate,
         r"eta must hold one \(rate of W, rate of b\) pair per layer: 2 layers, got 1"),
        ({"eta": [(0.1, 0.1), (0.1, 0.1, 0.1)]}, InvalidLearningRate,
         r"eta\[2\]=\(0.1, 0.1, 0.1\) must be a rate or a pair"),
        ({"eta": "1e-400"}, InvalidLearningRate, r"must not round to 0 in float64"),
        ({"exact": True}, UnknownFunction, r"exact=True needs a rational activation"),
        ({"exact": True, "activation": "relu", "loss": "logistic"}, UnknownFunction,
         r"not activation='relu', loss='logistic'"),
        ({"activation": "softplus"}, UnknownFunction, r"activation='softplus' must be one of"),
        ({"epochs": 0}, InvalidEpochs, r"epochs=0 must be a positive whole number"),
    ],
)  # fmt: skip
def test_bad_mlp_input_is_refused_by_name_in_one_line(change, error, message):
    options = {**GOOD, **change}
    with pytest.raises(error, match=message) as caught:
        train_mlp(options.pop("X"), options.pop("y"), options.pop("layers"), **options)
    assert isinstance(caught.value, EtaproofValueError) and "\n" not in str(caught.value)


def test_the_gradient_function_checks_shapes_too():
    with pytest.raises(DimensionMismatch, match="W1 has 2 columns but x has 3 entries"):
        mlp_gradients(GOOD["layers"], [1.0, 2.0, 3.0], 1.0)


# 5. Exact arithmetic from strings, ints and Fractions.


def test_one_exact_step_from_strings_matches_the_chain_rule_by_hand():
    # x = 1/2, y = 1/3, W1 = [[2]], b1 = [0], W2 = [[1/2]], b2 = [0], η = 1/4, identity:
    # z1 = 2·½ = 1, ŷ = ½·1 = ½, g = ŷ − y = 1/6; δ2 = 1/6, δ1 = ½·1/6 = 1/12;
    # ∂W1 = δ1·x = 1/24, ∂b1 = 1/12, ∂W2 = δ2·h1 = 1/6, ∂b2 = 1/6;
    # W1 = 2 − ¼·1/24 = 191/96, b1 = −1/48, W2 = ½ − 1/24 = 11/24, b2 = −1/24; L = ½·(1/6)².
    trace = train_mlp(
        [["1/2"]],
        ["1/3"],
        [([["2"]], [0]), ([[F(1, 2)]], ["0"])],
        eta="1/4",
        activation="identity",
        exact=True,
    )
    (W1, b1), (W2, b2) = trace.layers[1]
    assert (W1[0, 0], b1[0], W2[0, 0], b2[0]) == (F(191, 96), F(-1, 48), F(11, 24), F(-1, 24))
    assert trace.outputs[0] == F(1, 2) and trace.losses[0] == F(1, 72)
    assert all(type(value) is F for value in (W1[0, 0], b1[0], W2[0, 0], b2[0]))
    grads = mlp_gradients(
        [([["2"]], [0]), ([["1/2"]], [0])], ["1/2"], "1/3", "identity", exact=True
    )
    assert [(dW[0, 0], db[0]) for dW, db in grads] == [(F(1, 24), F(1, 12)), (F(1, 6), F(1, 6))]


def test_exact_relu_reads_mixed_inputs_and_keeps_a_dead_unit_still():
    # unit 2 has z = −1 + 0·x < 0 at both samples: σ′ = 0, so nothing moves it
    layers = [([["1", 0], [0, "0"]], ["0", -1]), ([[F(1, 2), "3"]], [0])]
    trace = train_mlp(
        [[1, "1/3"], ["2", 0]],
        ["1", F(-1, 2)],
        layers,
        eta=[("1/2", "1/2"), (F(1, 4), "0.25")],
        activation="relu",
        exact=True,
    )
    W1, b1 = trace.layers[-1][0]
    assert list(W1[1]) == [0, 0] and b1[1] == -1 and W1[0, 0] != 1
    # step 1 by hand: z = (1, −1), h = (1, 0), ŷ = ½, g = ½ − 1 = −½; W2 = (½ + ¼·½, 3)
    assert trace.outputs[0] == F(1, 2)
    assert list(trace.layers[1][1][0][0]) == [F(5, 8), 3] and trace.layers[1][1][1][0] == F(1, 8)


def test_float_mode_reads_strings_as_the_nearest_float():
    trace = train_mlp([["0.5"]], ["1"], [([["0.1"]], [0]), ([["2"]], [0])], eta="0.5")
    assert trace.layers[0][0][0][0, 0] == 0.1 and trace.outputs.dtype == np.float64


# Displays.


def test_a_trace_reads_as_one_line_a_report_and_a_rich_display():
    trace = train_mlp(X_SMALL[:2], Y_SMALL[:2], four_layer_start(), eta=0.05)
    assert repr(trace) == "MlpTrace(3 → 4 → 4 → 4 → 1, 2 steps, tanh, squared loss, float64)"
    assert str(trace).startswith(
        "A network 3 → 4 → 4 → 4 → 1 (3 hidden layers), tanh, squared loss, 2 steps in "
        "float64: the hidden units are equal after every step (bitwise).\n  k = 1: ŷ = "
    )
    markup = trace._repr_html_()
    assert markup.count("<tr>") == 3 and "<strong>A network 3 → 4 → 4 → 4 → 1" in markup
    assert isinstance(trace, MlpTrace)


def test_the_headline_says_when_units_start_unequal_and_when_there_is_nothing_to_compare():
    W = np.array([[1.0], [1.0]])
    layers = [(W, [0.0, 0.0]), ([[1.0, 2.0]], [0.0])]  # unequal outgoing weights
    trace = train_mlp([[1.0], [2.0]], [1.0, 0.0], layers, eta=0.1, activation="identity")
    assert not any(trace.units_equal(k) for k in range(3))
    assert "the hidden units differ at the start" in str(trace)
    narrow = train_mlp([[1.0]], [1.0], [([[1.0]], [0.0]), ([[2.0]], [0.0])], eta=0.1)
    assert "one unit per hidden layer, nothing to compare" in str(narrow)
    assert narrow.units_equal(-1) and repr(narrow).endswith("1 step, tanh, squared loss, float64)")

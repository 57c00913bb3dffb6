"""The steps over layers, for every width and every depth: a generic hidden layer ℓ between any
layer below and any layer above, with the widths as symbols and the sums over units written as
SymPy ``Sum``\\ s of indexed entries.

Layer ℓ has m = mₗ units on n = mₗ₋₁ inputs h⁽ℓ⁻¹⁾ (x when ℓ = 1); the layer above has
p = mₗ₊₁ units, weights N = W⁽ℓ⁺¹⁾ (p × m) and back-propagated signals δ⁽ℓ⁺¹⁾; the output
layer is the layer above the last hidden one, with p = 1, N = the output weights and
δ = ∂L/∂ŷ.  Backpropagation (the chain rule) gives

    zⱼ = Σᵢ Wⱼᵢ hᵢ + bⱼ,   δⱼ = σ′(zⱼ) Σₖ Nₖⱼ δ⁽ℓ⁺¹⁾ₖ,   ∂L/∂Wⱼᵢ = δⱼ hᵢ,   ∂L/∂bⱼ = δⱼ,
    ∂L/∂Nₖⱼ = δ⁽ℓ⁺¹⁾ₖ σ(zⱼ).

:func:`symmetry_layer_checks`: unit J and unit 1 of layer ℓ with equal incoming rows, biases
and outgoing columns get equal pre-activations, equal signals δ and equal gradients, so they are
equal after the step, whatever h⁽ℓ⁻¹⁾, δ⁽ℓ⁺¹⁾, η and the widths.

:func:`one_unit_layer_checks`: the induction over layers of the one-neuron equivalence.  In the
equal state (rows w, biases βₗ, inner weights aₗ, all equal) a wide layer and the width-1 layer
with weight Aₗ = mₗ₋₁·aₗ compute the same value (forward, from the layer below), the width-1
signal is mₗ times a wide unit's (backward, from the layer above), and with rates η/mₗ for the
biases, η·mₗ₋₁/mₗ for the weights (η/m₁ for the first layer's) the width-1 network after the
step is again the image of the wide one.  With m_{L+1} = 1 the output layer is the case ℓ = L + 1:
output weight m_L·v at rate m_L·η, bias c at rate η.
"""

from __future__ import annotations

from collections.abc import Sequence

from sympy import (
    Dummy,
    Expr,
    Idx,
    Indexed,
    IndexedBase,
    Integer,
    Sum,
    Symbol,
)

from symbolic.algebra.derivatives import named_derivatives
from symbolic.errors import DimensionMismatch
from symbolic.network.deep import DeepNetwork, deep_gradients, forward
from symbolic.network.functions import Activation, Loss
from symbolic.theorems.hidden_symmetry import is_shown_zero
from symbolic.theorems.zero_init import Check

#: The widths of the layer below, this layer and the layer above, as symbols (any width).
N_BELOW = Symbol("m_{l-1}", positive=True, integer=True)
M_HERE = Symbol("m_l", positive=True, integer=True)
P_ABOVE = Symbol("m_{l+1}", positive=True, integer=True)

#: Rates of any sign.
ETA = Symbol("eta", real=True)


def _slope(activation: Activation, z: Expr) -> Expr:
    """σ′(z), as SymPy differentiates σ (unevaluated for the undefined σ)."""
    xi = Dummy("xi", real=True)
    return activation(xi).diff(xi).subs(xi, z)


def _replace_row(expr: Expr, base: IndexedBase, position: int, old: Expr, new: Expr) -> Expr:
    """Every entry of ``base`` whose index at ``position`` is ``old`` read at ``new`` instead:
    the hypothesis "row (or column) old equals row (or column) new", entry by entry."""

    def hit(e: Expr) -> bool:
        return isinstance(e, Indexed) and e.base == base and e.indices[position] == old

    def moved(e: Indexed) -> Expr:
        indices = list(e.indices)
        indices[position] = new
        return base[tuple(indices)]

    return expr.replace(hit, moved)


class LayerModel:
    """A generic hidden layer as the steps over layers write it: m units on n inputs h (any n),
    the layer above with p units, weights N and signals δ⁽ℓ⁺¹⁾ (any p); zⱼ = Σᵢ Wⱼᵢ hᵢ + bⱼ and
    δⱼ = σ′(zⱼ) Σₖ Nₖⱼ δ⁽ℓ⁺¹⁾ₖ, the gradients δⱼ hᵢ, δⱼ and δ⁽ℓ⁺¹⁾ₖ σ(zⱼ).
    :func:`layer_model_check` compares it with SymPy's derivatives of a network."""

    def __init__(self, n: Expr, p: Expr, activation: Activation) -> None:
        self.n, self.p, self.activation = n, p, activation
        self.i = Idx(Symbol("i", integer=True), (1, n))
        self.k = Idx(Symbol("k", integer=True), (1, p))
        self.W, self.b, self.h = IndexedBase("W"), IndexedBase("b"), IndexedBase("h")
        self.N, self.up = IndexedBase("N"), IndexedBase("delta")

    def z(self, j: Expr) -> Expr:
        """Unit j's pre-activation."""
        return Sum(self.W[j, self.i] * self.h[self.i], (self.i, 1, self.n)) + self.b[j]

    def delta(self, j: Expr) -> Expr:
        """Unit j's signal ∂L/∂zⱼ."""
        sums = Sum(self.N[self.k, j] * self.up[self.k], (self.k, 1, self.p))
        return _slope(self.activation, self.z(j)) * sums


def layer_model_check(widths: Sequence[int], d: int, activation: Activation, loss: Loss) -> Check:
    """The layer model is the network's gradient: for every hidden layer of the network with
    ``widths`` on ``d`` inputs, at generic parameters and sample, the model's δⱼ (with n, p the
    real widths and the entries the network's) equals SymPy's ∂L/∂bⱼ, δⱼ hᵢ its ∂L/∂Wⱼᵢ and
    δ⁽ℓ⁺¹⁾ₖ σ(zⱼ) its ∂L/∂Nₖⱼ — so the steps over layers reason about gradient descent itself."""
    network = DeepNetwork.generic(widths, d)
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    y = Symbol("y", real=True)
    g = deep_gradients(network, x, y, activation, loss)
    zs = forward(network, x, activation)
    inputs = [x] + [[activation(e) for e in z] for z in zs[:-1]]
    shown = True
    for ell in range(1, network.depth + 1):
        (W, b), (N, _) = network.layers[ell - 1], network.layers[ell]
        model = LayerModel(Integer(W.cols), Integer(N.rows), activation)
        values: dict = {}
        for j in range(W.rows):
            values[model.b[j + 1]] = b[j]
            for i in range(W.cols):
                values[model.W[j + 1, i + 1]] = W[j, i]
        for i in range(W.cols):
            values[model.h[i + 1]] = inputs[ell - 1][i]
        for k in range(N.rows):
            values[model.up[k + 1]] = g.layers[ell][1][k]  # ∂L/∂b⁽ℓ⁺¹⁾ₖ, the signal above
            for j in range(N.cols):
                values[model.N[k + 1, j + 1]] = N[k, j]
        gW, gb = g.layers[ell - 1]
        gN = g.layers[ell][0]
        for j in range(W.rows):
            delta = _sums_done(model.delta(j + 1)).xreplace(values)
            shown = shown and is_shown_zero(named_derivatives(delta - gb[j]))
            for i in range(W.cols):
                hi = values[model.h[i + 1]]
                shown = shown and is_shown_zero(named_derivatives(delta * hi - gW[j, i]))
            sigma = activation(_sums_done(model.z(j + 1)).xreplace(values))
            for k in range(N.rows):
                term = values[model.up[k + 1]] * sigma - gN[k, j]
                shown = shown and is_shown_zero(named_derivatives(term))
    return Check(
        "layers: the model is the gradient",
        f"the layer model's δⱼ, δⱼ hᵢ and δ⁽ℓ⁺¹⁾ₖ σ(zⱼ) equal SymPy's derivatives of the loss in "
        f"every hidden layer of a network of widths {list(widths)} on {d} inputs",
        shown,
    )


def _sums_done(expr: Expr) -> Expr:
    """Every ``Sum`` with concrete bounds written out, inside derivatives' points too."""
    return expr.replace(lambda e: isinstance(e, Sum), lambda e: e.doit())


#: What "unit J equals unit 1" assumes: its incoming row, its bias, its outgoing column.
PARTS = ("row", "bias", "column")


def symmetry_layer_checks(
    activation: Activation, loss: Loss, *, assume_equal: tuple[str, ...] = PARTS
) -> list[Check]:
    """The step over layers of the symmetry: a generic unit J of a generic layer against unit 1,
    for any widths, any signals from above and any inputs from below (``loss`` does not enter:
    the layer sees the loss only through δ⁽ℓ⁺¹⁾).  ``assume_equal`` names the parts of unit J
    assumed equal to unit 1's (all three for the theorem; fewer to see a check fail)."""
    del loss
    unknown = set(assume_equal) - set(PARTS)
    if unknown:
        raise DimensionMismatch(f"assume_equal names {sorted(unknown)}; parts are {PARTS}", unknown)
    model = LayerModel(N_BELOW, P_ABOVE, activation)
    W, b, h, N, up = model.W, model.b, model.h, model.N, model.up
    z, delta = model.z, model.delta
    J = Symbol("J", integer=True, positive=True)

    one = Integer(1)

    def rows(e: Expr) -> Expr:  # unit J's incoming row and bias are unit 1's
        e = _replace_row(e, W, 0, J, one) if "row" in assume_equal else e
        return _replace_row(e, b, 0, J, one) if "bias" in assume_equal else e

    def columns(e: Expr) -> Expr:  # unit J's outgoing column is unit 1's
        return _replace_row(e, N, 1, J, one) if "column" in assume_equal else e

    def equal(e: Expr) -> bool:
        return is_shown_zero(columns(rows(e)).doit())

    row_i, col_k = Symbol("i_0", integer=True), Symbol("k_0", integer=True)
    return [
        Check(
            "layers: forward",
            "in any layer, a unit whose incoming row and bias are unit 1's has unit 1's "
            "pre-activation z and output σ(z), whatever the layer below sends (any width)",
            equal(z(J) - z(1)) and equal(activation(z(J)) - activation(z(1))),
        ),
        Check(
            "layers: backward",
            "with its outgoing column also unit 1's, it gets unit 1's signal "
            "δ = σ′(z) Σₖ Nₖⱼ δ⁽ℓ⁺¹⁾ₖ, whatever the layer above sends back (any width)",
            equal(delta(J) - delta(1)),
        ),
        Check(
            "layers: incoming update",
            "so its incoming row and bias move by the same steps η δ h and η δ as unit 1's: "
            "they are still unit 1's after the step (any η)",
            equal(
                (W[J, row_i] - ETA * delta(J) * h[row_i])
                - (W[1, row_i] - ETA * delta(1) * h[row_i])
            )
            and equal((b[J] - ETA * delta(J)) - (b[1] - ETA * delta(1))),
        ),
        Check(
            "layers: outgoing update",
            "and its outgoing column moves by η δ⁽ℓ⁺¹⁾ σ(z), as unit 1's: still unit 1's after "
            "the step (the output layer is the layer above the last hidden one, with one unit)",
            equal(
                (N[col_k, J] - ETA * up[col_k] * activation(z(J)))
                - (N[col_k, 1] - ETA * up[col_k] * activation(z(1)))
            ),
        ),
    ]


def one_unit_rates(eta: Expr, below: Expr, here: Expr) -> tuple[Expr, Expr, Expr]:
    """The width-1 network's rates at layer ℓ (mₗ₋₁ = ``below``, mₗ = ``here``): (first-layer
    weights η/m₁, biases η/mₗ, inner weights η·mₗ₋₁/mₗ)."""
    return eta / here, eta / here, eta * below / here


def one_unit_layer_checks(
    activation: Activation, loss: Loss, *, rates: tuple[Expr, Expr, Expr] | None = None
) -> list[Check]:
    """The induction over layers of the one-neuron equivalence, for any widths: forward (base
    ℓ = 1 and step ℓ − 1 → ℓ), backward (base at the output, step ℓ + 1 → ℓ), and the update
    of every kind of parameter at its rate (``rates``: :func:`one_unit_rates` by default)."""
    n, m, p = N_BELOW, M_HERE, P_ABOVE
    first_rate, bias_rate, inner_rate = one_unit_rates(ETA, n, m) if rates is None else rates
    i, k = Idx(Symbol("i", integer=True), (1, n)), Idx(Symbol("k", integer=True), (1, p))
    d = Symbol("d", positive=True, integer=True)
    r = Idx(Symbol("i", integer=True), (1, d))
    w, x = IndexedBase("w"), IndexedBase("x")
    beta, a, a_up = Symbol("beta", real=True), Symbol("a", real=True), Symbol("a'", real=True)
    s, up = Symbol("s", real=True), Symbol("delta'", real=True)  # the layer below, the signal
    y = Symbol("y", real=True)
    row_i = Symbol("i_0", integer=True, positive=True)

    # forward, base ℓ = 1: every wide unit's row is w; the width-1 unit's row is w
    wide_first = Sum(w[r] * x[r], (r, 1, d)) + beta
    narrow_first = Sum(w[r] * x[r], (r, 1, d)) + beta
    # forward, step ℓ − 1 → ℓ: every wide input equals s (equal units below), every weight a;
    # the width-1 input is s too (induction hypothesis), its weight A = n·a
    wide_z = Sum(a * s, (i, 1, n)).doit() + beta
    narrow_z = (n * a) * s + beta
    z = narrow_z
    # backward, base at the output (width 1, no σ): δ = ∂L/∂ŷ at each network's own ŷ, the
    # wide Σⱼ v·s + c over m_L units and the width-1 (m_L·v)·s + c
    v, c = Symbol("v", real=True), Symbol("c", real=True)
    p_ = Dummy("p", real=True)
    slope_loss = loss(p_, y).diff(p_)
    wide_out = slope_loss.subs(p_, Sum(v * s, (i, 1, n)).doit() + c)
    narrow_out = slope_loss.subs(p_, (n * v) * s + c)
    # backward, step ℓ + 1 → ℓ: the wide signal from above is δ′ at every one of the p units,
    # with weight a′; the width-1 one is p·δ′ (hypothesis) with weight A′ = m·a′
    wide_delta = _slope(activation, z) * Sum(a_up * up, (k, 1, p)).doit()
    narrow_delta = _slope(activation, z) * (m * a_up) * (p * up)
    # updates: the wide unit moves by η times its gradient; the width-1 unit by its own rate
    # times its own gradient, with its signal m·δ (shown above)
    wide_delta_here = Symbol("delta", real=True)
    narrow_delta_here = m * wide_delta_here
    first = (w[row_i] - first_rate * narrow_delta_here * x[row_i]) - (
        w[row_i] - ETA * wide_delta_here * x[row_i]
    )
    bias = (beta - bias_rate * narrow_delta_here) - (beta - ETA * wide_delta_here)
    inner = (n * a - inner_rate * narrow_delta_here * s) - n * (a - ETA * wide_delta_here * s)
    return [
        Check(
            "one unit, layers: forward base",
            "the first layer: a wide unit (row w, bias β₁) and the width-1 unit (row w, bias β₁) "
            "compute the same z from x, so the same σ(z)",
            is_shown_zero(wide_first - narrow_first),
        ),
        Check(
            "one unit, layers: forward step",
            "layer ℓ: if every unit below outputs s in the wide network and the width-1 unit "
            "below outputs s too, then Σᵢ a·s + β (over mₗ₋₁ units) equals the width-1 "
            "(mₗ₋₁·a)·s + β (any width); with mₗ₊₁ = 1 and σ the identity this is ŷ",
            is_shown_zero(wide_z - narrow_z),
        ),
        Check(
            "one unit, layers: backward base",
            "at the output (one unit, no σ) Σⱼ v·s + c over m_L units equals (m_L·v)·s + c, "
            "so the width-1 signal ∂L/∂ŷ is 1 times the wide one",
            is_shown_zero(narrow_out - 1 * wide_out),
        ),
        Check(
            "one unit, layers: backward step",
            "layer ℓ: if the width-1 signal above is mₗ₊₁ times a wide unit's, the width-1 "
            "signal σ′(z)·(mₗ·a′)·(mₗ₊₁·δ′) is mₗ times a wide unit's σ′(z) Σₖ a′·δ′ (any widths)",
            is_shown_zero(narrow_delta - m * wide_delta),
        ),
        Check(
            "one unit, layers: first-layer weights",
            "the width-1 row at rate η/m₁ with signal m₁·δ moves as every wide row at rate η",
            is_shown_zero(first),
        ),
        Check(
            "one unit, layers: biases",
            "the width-1 bias of layer ℓ at rate η/mₗ moves as every wide bias at rate η "
            "(the output bias: m_{L+1} = 1, rate η)",
            is_shown_zero(bias),
        ),
        Check(
            "one unit, layers: inner weights",
            "the width-1 weight Aₗ = mₗ₋₁·aₗ at rate η·mₗ₋₁/mₗ is again mₗ₋₁ times the wide "
            "weight after the step (the output weight: m_L·v at rate m_L·η)",
            is_shown_zero(inner),
        ),
    ]


__all__ = [
    "ETA",
    "M_HERE",
    "N_BELOW",
    "PARTS",
    "P_ABOVE",
    "LayerModel",
    "layer_model_check",
    "one_unit_layer_checks",
    "one_unit_rates",
    "symmetry_layer_checks",
]

"""A network of any depth in coordinates, trained online by gradient descent, in SymPy.

L hidden layers of widths m₁ … m_L on d inputs, one output: h₀ = x, zₗ = Wₗ hₗ₋₁ + bₗ,
hₗ = σ(zₗ) for ℓ = 1 … L, and ŷ = W_out h_L + c (W_out one row, c its bias), loss L(ŷ, y).
``layers`` lists the pairs (Wₗ, bₗ) with Wₗ of shape (mₗ, mₗ₋₁), the output layer last, as
:func:`numeric.train_mlp` takes them.  Each step moves every parameter against its derivative
at once, with a rate per layer and kind: (rate of Wₗ, rate of bₗ).

The derivatives are SymPy's own (:func:`deep_gradient_formula` differentiates the loss of the
network written out at fresh symbols, once per shape), so a run holds for every activation and
loss when σ and L are the undefined ones.  :func:`backpropagation` computes the same
gradients by the chain rule layer by layer (δₗ = σ′(zₗ) ⊙ Wₗ₊₁ᵀ δₗ₊₁), the form the proof for
every depth reasons with; the two are compared in the proof, never assumed equal.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sympy import Dummy, Expr, ImmutableMatrix, Symbol

from numeric.display import one_line, plural
from symbolic.errors import DimensionMismatch, EtaproofValueError
from symbolic.network.functions import Activation, Loss, activation_of, loss_of
from symbolic.perceptron.dataset import exact_number
from symbolic.printable import Displayable, plain_expression

#: A layer: its weights (rows are units) and its biases (a column).
Layer = tuple[ImmutableMatrix, ImmutableMatrix]

#: Steps that ``str(trace)`` writes out.
PRINTED_STEPS = 4


@dataclass(frozen=True)
class DeepNetwork:
    """The parameters: ``layers[ℓ - 1]`` = (Wₗ, bₗ) for the hidden layers ℓ = 1 … L, and the
    output layer (one row, one bias) last."""

    layers: tuple[Layer, ...]

    @classmethod
    def of(cls, layers: Sequence[tuple[object, object]]) -> DeepNetwork:
        """A network from (W, b) pairs of nested lists, matrices or expressions; the shapes
        must chain (Wₗ has as many columns as Wₗ₋₁ has rows) and the output be one number."""
        if not isinstance(layers, Sequence) or isinstance(layers, str):
            raise DimensionMismatch(f"layers={layers!r} must be a list of (W, b) pairs", layers)
        pairs = list(layers)
        if len(pairs) < 2:
            raise DimensionMismatch(
                f"layers has {len(pairs)} pair(s): give at least one hidden layer and the "
                "output layer",
                layers,
            )
        built: list[Layer] = []
        for index, pair in enumerate(pairs, start=1):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise DimensionMismatch(f"layer {index} must be a pair (W, b)", pair)
            try:
                W = ImmutableMatrix(pair[0]).applyfunc(_exact)
            except (ValueError, TypeError):
                raise DimensionMismatch(
                    f"layer {index}: W must be a matrix (rows of equal length)", pair[0]
                ) from None
            if not isinstance(pair[0], ImmutableMatrix) and not _nested(pair[0]):
                raise DimensionMismatch(
                    f"layer {index}: W must be a matrix, a list of rows (one row per unit)",
                    pair[0],
                )
            entries = _entries(pair[1])
            if W.rows == 0 or W.cols == 0 or len(entries) != W.rows:
                raise DimensionMismatch(
                    f"layer {index}: W is {W.rows} × {W.cols} and b has {len(entries)} "
                    "entries; b needs one entry per row of W, and W at least one row and column",
                    pair,
                )
            if built and W.cols != built[-1][0].rows:
                raise DimensionMismatch(
                    f"layer {index}: W has {W.cols} columns but layer {index - 1} has "
                    f"{built[-1][0].rows} units",
                    pair,
                )
            built.append((W, ImmutableMatrix(W.rows, 1, entries)))
        if built[-1][0].rows != 1:
            raise DimensionMismatch(
                f"the output layer has {built[-1][0].rows} rows; the network has one output",
                layers,
            )
        return cls(tuple(built))

    @classmethod
    def equal_units(
        cls,
        widths: Sequence[int],
        w: Sequence[object],
        biases: Sequence[object],
        inner: Sequence[object],
        v: object,
        c: object,
    ) -> DeepNetwork:
        """The state fixed by permuting the units of every layer: every row of W₁ is ``w``,
        every bias of layer ℓ is ``biases[ℓ - 1]``, every entry of Wₗ (ℓ ≥ 2) is
        ``inner[ℓ - 2]``, every output weight is ``v``, and the output bias ``c``."""
        m = list(widths)
        if len(biases) != len(m) or len(inner) != len(m) - 1:
            raise DimensionMismatch(
                f"{len(m)} hidden layers need {len(m)} biases and {len(m) - 1} inner weights",
                (biases, inner),
            )
        layers: list[tuple[object, object]] = [([list(w)] * m[0], [biases[0]] * m[0])]
        for ell in range(1, len(m)):
            layers.append(([[inner[ell - 1]] * m[ell - 1]] * m[ell], [biases[ell]] * m[ell]))
        layers.append(([[v] * m[-1]], [c]))
        return cls.of(layers)

    @classmethod
    def generic(cls, widths: Sequence[int], d: int) -> DeepNetwork:
        """Every parameter its own symbol, W{ℓ}_{j}_{i} and b{ℓ}_{j} (a generic point)."""
        sizes = (d, *widths, 1)
        layers = []
        for ell in range(1, len(sizes)):
            rows, cols = sizes[ell], sizes[ell - 1]
            W = [
                [Symbol(f"W{ell}_{j}_{i}", real=True) for i in range(1, cols + 1)]
                for j in range(1, rows + 1)
            ]
            layers.append((W, [Symbol(f"b{ell}_{j}", real=True) for j in range(1, rows + 1)]))
        return cls.of(layers)

    @property
    def depth(self) -> int:
        """The number of hidden layers L."""
        return len(self.layers) - 1

    @property
    def widths(self) -> tuple[int, ...]:
        """(m₁, …, m_L), the hidden layers' widths."""
        return tuple(W.rows for W, _ in self.layers[:-1])

    @property
    def d(self) -> int:
        """The number of inputs."""
        return self.layers[0][0].cols

    def parameters(self) -> tuple[Expr, ...]:
        """Every parameter in a fixed order: layer by layer, W row by row, then b."""
        return tuple(e for W, b in self.layers for e in (*W, *b))

    def with_parameters(self, values: Sequence[Expr]) -> DeepNetwork:
        """This shape with new values, in the order of :meth:`parameters`."""
        flat, layers, start = list(values), [], 0
        for W, b in self.layers:
            size = W.rows * W.cols
            layers.append(
                (
                    ImmutableMatrix(W.rows, W.cols, flat[start : start + size]),
                    ImmutableMatrix(b.rows, 1, flat[start + size : start + size + b.rows]),
                )
            )
            start += size + b.rows
        return DeepNetwork(tuple(layers))

    def differences(self, ell: int, j: int) -> tuple[Expr, ...]:
        """What must vanish for unit j of hidden layer ℓ to equal unit 1: its incoming row,
        its bias and its outgoing column, each minus unit 1's."""
        W, b = self.layers[ell - 1]
        after = self.layers[ell][0]
        return (
            *(W[j - 1, i] - W[0, i] for i in range(W.cols)),
            b[j - 1] - b[0],
            *(after[k, j - 1] - after[k, 0] for k in range(after.rows)),
        )


@dataclass(frozen=True)
class DeepGradients:
    """∂L/∂Wₗ and ∂L/∂bₗ for every layer (output layer last) and the output ŷ at one sample."""

    layers: tuple[Layer, ...]
    output: Expr


def forward(network: DeepNetwork, x: Sequence[Expr], activation: Activation) -> list[list[Expr]]:
    """The pre-activations zₗ of every layer ℓ = 1 … L + 1 (the last is [ŷ]), each unit's sum
    taken over the inputs in order."""
    h, zs = list(x), []
    for index, (W, b) in enumerate(network.layers):
        z = [sum((W[j, i] * h[i] for i in range(W.cols)), b[j]) for j in range(W.rows)]
        zs.append(z)
        h = z if index == network.depth else [activation(e) for e in z]
    return zs


def deep_output(network: DeepNetwork, x: Sequence[Expr], activation: Activation) -> Expr:
    """ŷ for one sample."""
    return forward(network, x, activation)[-1][0]


@functools.lru_cache(maxsize=64)
def _formula(
    widths: tuple[int, ...], d: int, activation: Activation, loss: Loss
) -> tuple[DeepNetwork, tuple[Dummy, ...], Dummy, DeepGradients]:
    sizes = (d, *widths, 1)
    layers = tuple(
        (
            ImmutableMatrix(
                sizes[ell + 1],
                sizes[ell],
                lambda j, i, ell=ell: Dummy(f"W{ell}_{j}_{i}", real=True),
            ),
            ImmutableMatrix(
                sizes[ell + 1], 1, lambda j, _, ell=ell: Dummy(f"b{ell}_{j}", real=True)
            ),
        )
        for ell in range(len(sizes) - 1)
    )
    generic = DeepNetwork(layers)
    x = tuple(Dummy(f"x{i}", real=True) for i in range(d))
    y = Dummy("y", real=True)
    y_hat = deep_output(generic, x, activation)
    value = loss(y_hat, y)
    gradients = DeepGradients(
        tuple((W.applyfunc(value.diff), b.applyfunc(value.diff)) for W, b in layers), y_hat
    )
    return generic, x, y, gradients


def deep_gradients(
    network: DeepNetwork, x: Sequence[Expr], y: Expr, activation: Activation, loss: Loss
) -> DeepGradients:
    """SymPy's derivatives of L(ŷ, y) with respect to every parameter at this sample
    (the loss differentiated once per shape at fresh symbols, then evaluated here)."""
    generic, xs, ys, g = _formula(network.widths, network.d, activation, loss)
    values = dict(zip(generic.parameters(), network.parameters(), strict=True))
    values.update(zip(xs, x, strict=True))
    values[ys] = y
    return DeepGradients(
        tuple((W.xreplace(values), b.xreplace(values)) for W, b in g.layers),
        g.output.xreplace(values),
    )


def backpropagation(
    network: DeepNetwork, x: Sequence[Expr], y: Expr, activation: Activation, loss: Loss
) -> DeepGradients:
    """The same gradients by the chain rule, layer by layer from the top: δ = ∂L/∂ŷ at the
    output, δₗ = σ′(zₗ) ⊙ (Wₗ₊₁ᵀ δₗ₊₁), ∂L/∂Wₗ = δₗ hₗ₋₁ᵀ and ∂L/∂bₗ = δₗ."""
    zs = forward(network, x, activation)
    y_hat = zs[-1][0]
    p = Dummy("p", real=True)
    delta = [loss(p, y).diff(p).subs(p, y_hat)]
    inputs = [list(x)] + [[activation(e) for e in z] for z in zs[:-1]]
    xi = Dummy("xi", real=True)
    slope = activation(xi).diff(xi)
    layers: list[Layer] = []
    for index in range(network.depth, -1, -1):
        W, _ = network.layers[index]
        h = inputs[index]
        layers.append(
            (
                ImmutableMatrix(W.rows, W.cols, [delta[j] * e for j in range(W.rows) for e in h]),
                ImmutableMatrix(W.rows, 1, delta),
            )
        )
        if index == 0:
            break
        below = zs[index - 1]
        delta = [
            _at(slope, xi, below[j]) * sum((W[k, j] * delta[k] for k in range(W.rows)), 0)
            for j in range(W.cols)
        ]
    return DeepGradients(tuple(reversed(layers)), y_hat)


def _at(slope: Expr, xi: Dummy, z: Expr) -> Expr:
    """σ′ at z (an unevaluated ``Subs`` for the undefined σ, as :func:`sympy.diff` writes it)."""
    return slope.subs(xi, z)


#: Rates per layer: (rate of Wₗ, rate of bₗ), the output layer last.
LayerRates = tuple[tuple[Expr, Expr], ...]


def layer_rates(eta: object, layers: int) -> LayerRates:
    """One rate for every parameter, or a list of (rate_W, rate_b) pairs, one per layer."""
    if isinstance(eta, list | tuple):
        if len(eta) != layers or not all(
            isinstance(pair, list | tuple) and len(pair) == 2 for pair in eta
        ):
            raise DimensionMismatch(
                f"eta must be one rate or {layers} pairs (rate_W, rate_b), one per layer", eta
            )
        return tuple((_exact(a), _exact(b)) for a, b in eta)
    rate = _exact(eta)
    return tuple((rate, rate) for _ in range(layers))


def deep_step(
    network: DeepNetwork,
    x: Sequence[Expr],
    y: Expr,
    rates: LayerRates,
    activation: Activation,
    loss: Loss,
) -> tuple[DeepNetwork, Expr]:
    """One update on (x, y): (the new network, the output ŷ before the update)."""
    g = deep_gradients(network, x, y, activation, loss)
    layers = tuple(
        (ImmutableMatrix(W - rW * gW), ImmutableMatrix(b - rb * gb))
        for (W, b), (gW, gb), (rW, rb) in zip(network.layers, g.layers, rates, strict=True)
    )
    return DeepNetwork(layers), g.output


@dataclass(frozen=True)
class DeepTrace(Displayable):
    """The symbolic run: ``networks[k]`` after k steps, ``outputs[k - 1]`` the output of step k
    before its update, ``samples[k - 1]`` its sample."""

    networks: tuple[DeepNetwork, ...]
    outputs: tuple[Expr, ...]
    samples: tuple[tuple[tuple[Expr, ...], Expr], ...]
    activation: Activation
    loss: Loss

    @property
    def steps(self) -> int:
        """The number of updates."""
        return len(self.outputs)

    def units_identical(self, k: int) -> bool:
        """True when, after k steps, every unit of every hidden layer has unit 1's incoming
        row, bias and outgoing column as the same expressions (structurally: False only means
        "not the same expressions")."""
        net = self.networks[k]
        return all(
            all(e == 0 for e in net.differences(ell, j))
            for ell in range(1, net.depth + 1)
            for j in range(2, net.widths[ell - 1] + 1)
        )

    def __repr__(self) -> str:
        net = self.networks[0]
        return one_line(
            "DeepTrace",
            f"widths={list(net.widths)}",
            f"d={net.d}",
            plural(self.steps, "step"),
            "any σ" if self.activation.name == "any" else self.activation.name,
            "any loss" if self.loss.name == "any" else f"{self.loss.name} loss",
        )

    def __str__(self) -> str:
        net = self.networks[0]
        lines = [
            f"Symbolic run of a network with hidden widths {list(net.widths)} (d = {net.d}), "
            f"{plural(self.steps, 'step')}:"
        ]
        for k in range(1, min(self.steps, PRINTED_STEPS) + 1):
            lines.append(f"  k = {k}: ŷ = {plain_expression(self.outputs[k - 1], 120)}")
        if self.steps > PRINTED_STEPS:
            lines.append(f"  … and {plural(self.steps - PRINTED_STEPS, 'more step')}")
        return "\n".join(lines)


def train_deep(
    X: object,
    y: object,
    layers: Sequence[tuple[object, object]],
    *,
    eta: object,
    epochs: int = 1,
    activation: object = None,
    loss: object = None,
) -> DeepTrace:
    """Train a network of any depth online, exactly (``layers`` and ``eta`` as
    :func:`numeric.train_mlp` takes them; numbers or symbols anywhere)."""
    sigma, ell = activation_of(activation), loss_of(loss)
    network = DeepNetwork.of(layers)
    if not hasattr(X, "tolist") and not isinstance(X, Sequence):
        raise DimensionMismatch(f"X={X!r} must be a list of rows, one per sample", X)
    rows = [_entries(row) for row in (X.tolist() if hasattr(X, "tolist") else X)]  # type: ignore[union-attr]
    targets = _entries(y)
    if len(targets) != len(rows) or not rows:
        raise DimensionMismatch(f"y has {len(targets)} targets but X has {len(rows)} rows", y)
    if any(len(row) != network.d for row in rows):
        raise DimensionMismatch(f"every row of X must have d = {network.d} entries", X)
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        raise EtaproofValueError(f"epochs={epochs!r} must be a positive integer", epochs)
    rates = layer_rates(eta, len(network.layers))
    networks, outputs, samples = [network], [], []
    for k in range(len(rows) * epochs):
        x, target = tuple(rows[k % len(rows)]), targets[k % len(rows)]
        network, y_hat = deep_step(network, x, target, rates, sigma, ell)
        networks.append(network)
        outputs.append(y_hat)
        samples.append((x, target))
    return DeepTrace(tuple(networks), tuple(outputs), tuple(samples), sigma, ell)


def _nested(values: object) -> bool:
    """A list of rows (a numpy array or SymPy matrix counts)."""
    if hasattr(values, "shape"):
        return len(values.shape) == 2  # type: ignore[union-attr]
    return isinstance(values, list | tuple) and all(isinstance(r, list | tuple) for r in values)


def _entries(values: object) -> list[Expr]:
    if hasattr(values, "tolist") and not isinstance(values, Expr):
        values = values.tolist()
    if isinstance(values, ImmutableMatrix):
        return [_exact(e) for e in values]
    if isinstance(values, list | tuple):
        flat: list[Expr] = []
        for e in values:
            flat += _entries(e) if isinstance(e, list | tuple) else [_exact(e)]
        return flat
    return [_exact(values)]


def _exact(value: object) -> Expr:
    """A SymPy expression as it is; a number exactly, as both twins read numbers."""
    return exact_number(value, "value")


__all__ = [
    "DeepGradients",
    "DeepNetwork",
    "DeepTrace",
    "Layer",
    "LayerRates",
    "backpropagation",
    "deep_gradients",
    "deep_output",
    "deep_step",
    "forward",
    "layer_rates",
    "train_deep",
]

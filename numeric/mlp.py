"""The numeric twin of a deep network (a multi-layer perceptron) trained by online gradient
descent: the hidden-unit answers (answers 2 and 3 to the question) beyond one hidden layer.

Layer ℓ = 1 … L+1 maps h⁽ℓ⁻¹⁾ to z⁽ℓ⁾ = Wℓ h⁽ℓ⁻¹⁾ + bℓ (h⁽⁰⁾ = x); the L hidden layers apply
σ, h⁽ℓ⁾ = σ(z⁽ℓ⁾), and the output layer none, ŷ = z⁽ᴸ⁺¹⁾.  Plain gradient descent sample by
sample, epoch after epoch: every gradient is taken at the current parameters (by
backpropagation), then all parameters move at once.  Messages count layers from 1 (W1, b1, …).

As in :mod:`numeric.network`, every float64 operation acts on a whole column or row at a time
(``z += Wℓ[:, i]·h_i``, ``back += σ′(z)·Wℓ[k, :]·δ_k``), never a matrix product whose summation
order could differ between units, so units that start equal stay *bitwise* equal; with one
hidden layer the operations are :func:`numeric.network.gradients`' own, in the same order.
With ``exact=True`` (identity or ReLU, squared loss) everything is a Fraction.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any, overload

import numpy as np

from .display import number, one_line, plural, vector
from .errors import DimensionMismatch, InvalidLearningRate
from .inputs import epochs_count, exact_array, float_array, step_count
from .network import (
    Activation,
    Loss,
    StepReport,
    UnknownFunction,
    activation_named,
    bit_patterns,
    learning_rate,
    loss_named,
)

#: One layer's parameters: W (units × inputs) and b (one entry per unit).
Layer = tuple[np.ndarray, np.ndarray]

#: Steps that ``str(trace)`` writes out.
PRINTED_STEPS = 4


class LayerHistory(Sequence[tuple[Layer, ...]]):
    """The parameters after every step, k = 0 … steps: ``history[k]`` is
    ``((W1, b1), …, (W_out, b_out))`` after step k (read-only views into the trace)."""

    def __init__(self, weights: tuple[np.ndarray, ...], biases: tuple[np.ndarray, ...]) -> None:
        self._weights, self._biases = weights, biases

    def __len__(self) -> int:
        return len(self._weights[0])

    @overload
    def __getitem__(self, k: int) -> tuple[Layer, ...]: ...

    @overload
    def __getitem__(self, k: slice) -> list[tuple[Layer, ...]]: ...

    def __getitem__(self, k: int | slice) -> tuple[Layer, ...] | list[tuple[Layer, ...]]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        step = range(len(self))[operator.index(k)]  # negative k counts from the end
        return tuple((W[step], b[step]) for W, b in zip(self._weights, self._biases, strict=True))

    def __iter__(self) -> Iterator[tuple[Layer, ...]]:
        return (self[k] for k in range(len(self)))


@dataclass(frozen=True, eq=False)
class MlpTrace(StepReport):
    """Parameters after every step k = 0 … n·epochs (``layers[k]``, or stacked per layer in
    ``weights[ℓ][k]`` and ``biases[ℓ][k]``) and the output ŷ and loss of each step, computed
    before that step's update (``outputs[k − 1]``, ``losses[k − 1]`` belong to step k)."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    outputs: np.ndarray
    losses: np.ndarray
    activation: str
    loss: str
    exact: bool

    @property
    def steps(self) -> int:
        """The number of updates, n·epochs."""
        return len(self.losses)

    @property
    def layers(self) -> LayerHistory:
        """``layers[k]``: the ``(W, b)`` of every layer after step k."""
        return LayerHistory(self.weights, self.biases)

    @property
    def widths(self) -> tuple[int, ...]:
        """(d, m1, …, mL, outputs): the inputs, the units of each hidden layer, the outputs."""
        return (self.weights[0].shape[2], *(W.shape[1] for W in self.weights))

    def predict(self, k: int, X: object) -> np.ndarray:
        """The network's outputs after step k at the rows of ``X``: n values (n × outputs when
        there are several), computed as training computes them."""
        rows = _read(X, "X", 2, self.exact)
        layers = self.layers[k]
        _check_shapes(layers, rows.shape[1], "X")
        sigma = activation_named(self.activation)
        outputs = np.array([_forward(layers, x, sigma)[0][-1] for x in rows])
        return outputs[:, 0] if self.widths[-1] == 1 else outputs

    def units_equal(self, k: int) -> bool:
        """True when, after step k, the units of every hidden layer are interchangeable: the rows
        of W1 equal, the entries of each hidden bℓ equal, all entries of the inner W2 … WL equal,
        the columns of the output W equal (bitwise in float64, exactly in exact mode)."""
        step = range(self.steps + 1)[k]
        return bool(self._units_equal_each(slice(step, step + 1))[0])

    def _units_equal_each(self, steps: slice = slice(None)) -> np.ndarray:
        """:meth:`units_equal` for every step of ``steps`` at once."""
        hidden = len(self.weights) - 1
        checks = []
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            W, b = W[steps], b[steps]
            if layer == 0:
                checks.append(self._constant(W, (1,)))  # every unit sees the inputs alike
            elif layer < hidden:
                checks.append(self._constant(W, (1, 2)))  # every unit to every unit alike
            else:
                checks.append(self._constant(W, (2,)))  # every unit feeds the outputs alike
            if layer < hidden:
                checks.append(self._constant(b, (1,)))
        return np.asarray(np.logical_and.reduce(checks))

    def _constant(self, stacked: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
        """For each step (axis 0): True when ``stacked`` does not change along ``axes``."""
        if not self.exact:
            stacked = bit_patterns(stacked)
        first = tuple(slice(0, 1) if axis in axes else slice(None) for axis in range(stacked.ndim))
        same = np.asarray(stacked == stacked[first]).reshape(len(stacked), -1)
        return np.asarray(same.all(axis=1))

    def __repr__(self) -> str:
        arithmetic = "exact" if self.exact else "float64"
        return one_line(
            "MlpTrace",
            self._shape(),
            plural(self.steps, "step"),
            self.activation,
            f"{self.loss} loss",
            arithmetic,
        )

    def _shape(self) -> str:
        return " → ".join(str(width) for width in self.widths)

    def _headline(self) -> str:
        hidden = len(self.weights) - 1
        arithmetic = "exact arithmetic" if self.exact else "float64"
        run = (
            f"A network {self._shape()} ({plural(hidden, 'hidden layer')}), {self.activation}, "
            f"{self.loss} loss, {plural(self.steps, 'step')} in {arithmetic}"
        )
        if all(width == 1 for width in self.widths[1:-1]):
            return f"{run}: one unit per hidden layer, nothing to compare"
        unequal = np.flatnonzero(~self._units_equal_each())
        if not unequal.size:
            how = "exactly" if self.exact else "bitwise"
            return f"{run}: the hidden units are equal after every step ({how})"
        first = int(unequal[0])
        when = "at the start" if first == 0 else f"after step {first}"
        return f"{run}: the hidden units differ {when}"

    def _rows(self, limit: int) -> list[tuple[int, str, str, str]]:
        shown = min(self.steps, limit)
        same = self._units_equal_each(slice(1, shown + 1))
        write = number if self.outputs.ndim == 1 else vector
        return [
            (
                k,
                write(self.outputs[k - 1]),
                number(self.losses[k - 1]),
                "yes" if same[k - 1] else "no",
            )
            for k in range(1, shown + 1)
        ]


def mlp_gradients(
    layers: Sequence[tuple[object, object]],
    x: object,
    y: object,
    activation: str = "tanh",
    loss: str = "squared",
    *,
    exact: bool = False,
) -> tuple[Layer, ...]:
    """((∂L/∂W1, ∂L/∂b1), …, (∂L/∂W_out, ∂L/∂b_out)) at one sample ``x`` with target ``y`` (a
    number, or one per output), by backpropagation exactly as :func:`train_mlp` takes them
    (exposed so that they can be checked, e.g. against finite differences)."""
    sigma, ell = _functions(activation, loss, exact)
    read = _read_layers(layers, exact)
    point = _read(x, "x", 1, exact)
    outputs = _check_shapes(read, len(point), "x")
    target = _read([y] if _is_number(y) else y, "y", 1, exact)
    if target.shape != (outputs,):
        raise DimensionMismatch(
            f"y has {plural(len(target), 'entry', 'entries')} but the output layer has "
            f"{plural(outputs, 'unit')}",
            y,
        )
    return _step(read, point, target, sigma, ell)[0]


def train_mlp(
    X: object,
    y: object,
    layers: Sequence[tuple[object, object]],
    *,
    eta: object,
    epochs: int = 1,
    activation: str = "tanh",
    loss: str = "squared",
    exact: bool = False,
) -> MlpTrace:
    """Train a multi-layer perceptron online and keep every step's parameters.

    ``X`` is n × d; ``layers`` the initial ``(W, b)`` of each layer, the output layer last, with
    ``W`` units × inputs; ``y`` n targets (n × outputs with several outputs).  ``eta`` is one
    positive rate, or one ``(rate of W, rate of b)`` pair (or one rate) per layer.
    ``exact=True`` computes with Fractions and needs identity or relu and the squared loss.
    """
    sigma, ell = _functions(activation, loss, exact)
    epochs = epochs_count(epochs)
    Xa = _read(X, "X", 2, exact)
    if len(Xa) == 0:
        raise DimensionMismatch("X has no rows: give at least one sample", X)
    start = _read_layers(layers, exact)
    n, d = Xa.shape
    outputs = _check_shapes(start, d, "X")
    ya = _read_targets(y, n, outputs, exact)
    rates = _rates(eta, len(start), exact)
    steps = step_count(n, epochs)
    dtype = object if exact else float
    weights = tuple(np.empty((steps + 1, *W.shape), dtype=dtype) for W, _ in start)
    biases = tuple(np.empty((steps + 1, *b.shape), dtype=dtype) for _, b in start)
    y_hats = np.empty((steps, outputs), dtype=dtype)
    losses = np.empty(steps, dtype=dtype)
    for W, b, (W0, b0) in zip(weights, biases, start, strict=True):
        W[0], b[0] = W0, b0
    for k in range(steps):
        s = k % n
        now = tuple((W[k], b[k]) for W, b in zip(weights, biases, strict=True))
        grads, y_hats[k], losses[k] = _step(now, Xa[s], ya[s], sigma, ell)
        for W, b, (dW, db), (rate_W, rate_b) in zip(weights, biases, grads, rates, strict=True):
            W[k + 1] = W[k] - rate_W * dW
            b[k + 1] = b[k] - rate_b * db
    for array in (*weights, *biases, y_hats, losses):
        array.flags.writeable = False
    y_hats = y_hats[:, 0] if outputs == 1 else y_hats
    return MlpTrace(weights, biases, y_hats, losses, sigma.name, ell.name, exact)


def _step(
    layers: Sequence[Layer], x: np.ndarray, y: np.ndarray, sigma: Activation, ell: Loss
) -> tuple[tuple[Layer, ...], np.ndarray, object]:
    """(gradients of every layer, ŷ, L) at one sample."""
    zs, hs = _forward(layers, x, sigma)
    y_hat = zs[-1]
    grads = _backward(layers, zs, hs, ell.gradient(y_hat, y), sigma)
    return grads, y_hat, _total(ell.value(y_hat, y))


def _forward(
    layers: Sequence[Layer], x: np.ndarray, sigma: Activation
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(z of every layer, the output's last; the inputs h⁽⁰⁾ = x, h⁽¹⁾, … of every layer)."""
    zs, hs = [], [x]
    for layer, (W, b) in enumerate(layers):
        z = b.copy()
        h = hs[-1]
        for i in range(len(h)):  # a fixed order, the same for every unit
            z = z + W[:, i] * h[i]
        zs.append(z)
        if layer < len(layers) - 1:
            hs.append(sigma.value(z))
    return zs, hs


def _backward(
    layers: Sequence[Layer],
    zs: list[np.ndarray],
    hs: list[np.ndarray],
    dL: np.ndarray,
    sigma: Activation,
) -> tuple[Layer, ...]:
    """Backpropagation: δ⁽ᴸ⁺¹⁾ = ∂L/∂ŷ, ∂L/∂Wℓ = δ⁽ℓ⁾ h⁽ℓ⁻¹⁾ᵀ, ∂L/∂bℓ = δ⁽ℓ⁾ and
    δ⁽ℓ⁻¹⁾_j = Σ_k σ′(z⁽ℓ⁻¹⁾_j)·Wℓ[k, j]·δ⁽ℓ⁾_k, summed over k in order for all j at once (with
    one output this is network.py's σ′(z)·v·∂L/∂ŷ, operation for operation)."""
    grads: list[Layer] = []
    delta = dL
    for layer in reversed(range(len(layers))):
        W, h = layers[layer][0], hs[layer]
        dW = np.empty_like(W)
        for i in range(len(h)):
            dW[:, i] = delta * h[i]
        grads.append((dW, delta))
        if layer:
            slope = sigma.derivative(zs[layer - 1])
            back = slope * W[0] * delta[0]
            for k in range(1, len(delta)):
                back = back + slope * W[k] * delta[k]
            delta = back
    return tuple(reversed(grads))


def _total(values: np.ndarray) -> object:
    """The sum of the outputs' losses, in order (the one loss itself for one output)."""
    total = values[0]
    for value in values[1:]:
        total = total + value
    return total


def _functions(activation: str, loss: str, exact: bool) -> tuple[Activation, Loss]:
    sigma, ell = activation_named(activation), loss_named(loss)
    if exact and not (sigma.rational and ell.rational):
        raise UnknownFunction(
            f"exact=True needs a rational activation and loss (identity or relu with squared "
            f"loss), not activation={activation!r}, loss={loss!r}",
            (activation, loss),
        )
    return sigma, ell


def _read(values: object, name: str, depth: int, exact: bool) -> np.ndarray:
    return exact_array(values, name, depth) if exact else float_array(values, name, depth)[0]


def _read_layers(layers: object, exact: bool) -> tuple[Layer, ...]:
    """The ``(W, b)`` pairs, read; at least a hidden layer and the output layer."""
    if isinstance(layers, str) or not isinstance(layers, Iterable):
        raise DimensionMismatch(f"layers={layers!r} must be a list of (W, b) pairs", layers)
    pairs = list(layers)
    if len(pairs) < 2:
        raise DimensionMismatch(
            f"layers must hold at least two (W, b) pairs, a hidden layer and the output "
            f"layer: got {len(pairs)}",
            layers,
        )
    read = []
    for layer, pair in enumerate(pairs, start=1):
        if isinstance(pair, str) or not isinstance(pair, Sequence | np.ndarray) or len(pair) != 2:
            raise DimensionMismatch(f"layers[{layer}] must be a pair (W{layer}, b{layer})", pair)
        read.append((_read(pair[0], f"W{layer}", 2, exact), _read(pair[1], f"b{layer}", 1, exact)))
    return tuple(read)


def _check_shapes(layers: Sequence[Layer], d: int, inputs: str) -> int:
    """Check that the layers chain from d inputs (``inputs`` names them); returns the number
    of outputs."""
    previous = d
    for layer, (W, b) in enumerate(layers, start=1):
        rows, columns = W.shape
        if rows == 0:
            raise DimensionMismatch(f"W{layer} must have at least one row (one per unit)", W)
        if columns != previous:
            feeding = (
                f"{inputs} has {plural(d, 'entry', 'entries')} per sample"
                if layer == 1
                else f"layer {layer - 1} has {plural(previous, 'unit')} (rows of W{layer - 1})"
            )
            raise DimensionMismatch(f"W{layer} has {plural(columns, 'column')} but {feeding}", W)
        if b.shape != (rows,):
            raise DimensionMismatch(
                f"b{layer} has {plural(len(b), 'entry', 'entries')} but W{layer} has "
                f"{plural(rows, 'row')}",
                b,
            )
        previous = rows
    return previous


def _read_targets(y: object, n: int, outputs: int, exact: bool) -> np.ndarray:
    """The targets as n × outputs: one number per sample for one output, else a row each."""
    targets = _read(y, "y", 1 if outputs == 1 else 2, exact)
    if len(targets) != n:
        raise DimensionMismatch(
            f"y has {plural(len(targets), 'target')} but X has {plural(n, 'row')}", y
        )
    targets = targets.reshape(n, -1) if outputs == 1 else targets
    if targets.shape[1] != outputs:
        raise DimensionMismatch(
            f"y has {targets.shape[1]} entries per sample but the output layer has {outputs}", y
        )
    return targets


def _rates(eta: object, count: int, exact: bool) -> tuple[tuple[Any, Any], ...]:
    """One (rate of W, rate of b) pair per layer, each positive and finite."""
    if _is_number(eta):
        rate = learning_rate(eta, "eta", exact)
        return ((rate, rate),) * count
    if (
        isinstance(eta, bool)
        or not isinstance(eta, Sequence | np.ndarray)
        or isinstance(eta, bytes)
    ):
        raise InvalidLearningRate(
            f"eta={eta!r} must be a positive number or one (rate of W, rate of b) pair per layer",
            eta,
        )
    items = list(eta)
    if len(items) != count:
        raise InvalidLearningRate(
            f"eta must hold one (rate of W, rate of b) pair per layer: "
            f"{plural(count, 'layer')}, got {len(items)}",
            eta,
        )
    rates = []
    for layer, item in enumerate(items, start=1):
        if _is_number(item):
            rate = learning_rate(item, f"eta[{layer}]", exact)
            rates.append((rate, rate))
        elif isinstance(item, Sequence | np.ndarray) and len(item) == 2:
            rates.append(
                (
                    learning_rate(item[0], f"eta[{layer}].W", exact),
                    learning_rate(item[1], f"eta[{layer}].b", exact),
                )
            )
        else:
            raise InvalidLearningRate(
                f"eta[{layer}]={item!r} must be a rate or a pair (rate of W{layer}, rate of "
                f"b{layer})",
                item,
            )
    return tuple(rates)


def _is_number(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return False  # True is not a learning rate
    scalar = isinstance(value, np.ndarray) and value.ndim == 0
    return scalar or isinstance(value, str | Real | Decimal | Fraction | np.generic)


__all__ = [
    "Layer",
    "LayerHistory",
    "MlpTrace",
    "mlp_gradients",
    "train_mlp",
]

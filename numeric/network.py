"""The numeric twin of a one-hidden-layer network trained by online gradient descent: the
setting of the hidden-unit answers (answers 2 and 3 to the question).

ŷ = v·σ(W x + b) + c with m hidden units (W is m × d, b and v have m entries, c is a number),
a loss L(ŷ, y), and plain gradient descent sample by sample, epoch after epoch: every
gradient is taken at the current parameters, then all parameters move at once.

Units are computed one arithmetic operation at a time on whole columns (``z += W[:, i]·x_i``,
never a matrix product whose summation order could differ between rows), so two units that
start equal see the same operations on the same numbers and stay *bitwise* equal in float64.
With ``exact=True`` (rational activations only: identity and ReLU) everything is a Fraction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .display import MAX_ROWS, Table, number, plural, to_html
from .errors import DimensionMismatch, EtaproofValueError, InvalidLearningRate, InvalidNumber
from .inputs import epochs_count, exact_array, float_array, plain, step_count, to_fraction

#: Steps that ``str(trace)`` writes out.
PRINTED_STEPS = 4


class UnknownFunction(EtaproofValueError):
    """An activation or loss name that the network twin does not know."""


@dataclass(frozen=True)
class Activation:
    """σ and its derivative σ′ (``derivative_at_zero`` is the convention used where σ has a
    kink, ReLU's σ′(0))."""

    name: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    rational: bool


def _logistic(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _relu_derivative(z: np.ndarray) -> np.ndarray:
    # Convention: σ′(0) = 0 (as PyTorch and most libraries do).
    return np.where(z > 0, z * 0 + 1, z * 0)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("tanh", np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, rational=False),
        Activation(
            "sigmoid", _logistic, lambda z: _logistic(z) * (1.0 - _logistic(z)), rational=False
        ),
        Activation("relu", lambda z: np.where(z > 0, z, z * 0), _relu_derivative, rational=True),
        Activation("identity", lambda z: z, lambda z: z * 0 + 1, rational=True),
    )
}


@dataclass(frozen=True)
class Loss:
    """L(ŷ, y) and ∂L/∂ŷ."""

    name: str
    value: Callable[[Any, Any], Any]
    gradient: Callable[[Any, Any], Any]
    rational: bool


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        # ½(ŷ − y)²: ∂L/∂ŷ = ŷ − y.
        Loss("squared", lambda p, y: (p - y) ** 2 / 2, lambda p, y: p - y, rational=True),
        # log(1 + e^(−y ŷ)) for labels ±1: ∂L/∂ŷ = −y / (1 + e^(y ŷ)).
        Loss(
            "logistic",
            lambda p, y: np.logaddexp(0.0, -y * p),  # log(1 + e^(−y ŷ)) without overflow
            lambda p, y: -y / (1.0 + np.exp(y * p)),
            rational=False,
        ),
    )
}


@dataclass(frozen=True)
class Rates:
    """Learning rates per parameter group (the one-unit equivalence needs m·η for v and
    η/m for W and b); a single number means the same rate for all four."""

    W: Any
    b: Any
    v: Any
    c: Any


class StepReport:
    """The report of a network run, step by step: ``str`` the first steps, Jupyter's display a
    table; the run supplies ``steps``, ``_headline()`` and ``_rows(limit)`` (k, ŷ, loss, units
    equal after step k)."""

    @property
    def steps(self) -> int:
        raise NotImplementedError

    def _headline(self) -> str:
        raise NotImplementedError

    def _rows(self, limit: int) -> list[tuple[int, str, str, str]]:
        raise NotImplementedError

    def __str__(self) -> str:
        lines = [f"{self._headline()}."]
        lines += [
            f"  k = {k}: ŷ = {y_hat}, loss {loss}, units equal after it: {same}"
            for k, y_hat, loss, same in self._rows(PRINTED_STEPS)
        ]
        if self.steps > PRINTED_STEPS:
            lines.append(f"  … and {plural(self.steps - PRINTED_STEPS, 'more step')}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        table = Table.of(
            ("k", "ŷ⁽ᵏ⁾", "loss", "units equal after k"), self._rows(MAX_ROWS), total=self.steps
        )
        return to_html(self._headline(), table=table, details=[("The full report", str(self))])


def bit_patterns(values: np.ndarray) -> np.ndarray:
    """float64 values as their bits, to compare exactly: a NaN equals itself, and −0.0 equals
    0.0 (``+ 0.0`` makes it 0.0 first), as numbers do."""
    return np.ascontiguousarray(np.asarray(values, dtype=np.float64) + 0.0).view(np.uint64)


@dataclass(frozen=True)
class NetworkTrace(StepReport):
    """Parameters after every step k = 0 … n·epochs (``W[k]``, ``b[k]``, ``v[k]``, ``c[k]``)
    and the output ŷ and loss of each step, computed before that step's update."""

    W: np.ndarray
    b: np.ndarray
    v: np.ndarray
    c: np.ndarray
    outputs: np.ndarray
    losses: np.ndarray
    activation: str
    loss: str
    exact: bool

    @property
    def steps(self) -> int:
        """The number of updates, n·epochs."""
        return len(self.outputs)

    def units_equal(self, k: int) -> bool:
        """True when every hidden unit has the same incoming weights, bias and outgoing weight
        after step k (bitwise in float64, exactly in exact mode)."""
        W, b, v = self.W[k], self.b[k], self.v[k]
        if self.exact:
            return bool((W == W[0]).all() and (b == b[0]).all() and (v == v[0]).all())
        bits = [bit_patterns(a) for a in (W, b, v)]
        return all((a == a[0]).all() for a in bits)

    def _headline(self) -> str:
        m, d = self.W.shape[1:]
        arithmetic = "exact arithmetic" if self.exact else "float64"
        run = (
            f"A network of {plural(m, 'hidden unit')} (d = {d}), {self.activation}, "
            f"{self.loss} loss, {plural(self.steps, 'step')} in {arithmetic}"
        )
        if m == 1:
            return f"{run}: one unit, nothing to compare"
        unequal = np.flatnonzero(~self._units_equal_each())
        first = int(unequal[0]) if unequal.size else None
        if first is None:
            how = "exactly" if self.exact else "bitwise"
            return f"{run}: the hidden units are equal after every step ({how})"
        when = "at the start" if first == 0 else f"after step {first}"
        return f"{run}: the hidden units differ {when}"

    def _units_equal_each(self) -> np.ndarray:
        """:meth:`units_equal` for every k = 0 … steps at once."""
        if self.exact:
            arrays = [self.W, self.b, self.v]
        else:
            arrays = [np.ascontiguousarray(a).view(np.uint64) for a in (self.W, self.b, self.v)]
        equal = [(a == a[:, :1]).reshape(len(a), -1).all(axis=1) for a in arrays]
        return np.logical_and.reduce(equal)

    def _rows(self, limit: int) -> list[tuple[int, str, str, str]]:
        return [
            (
                k,
                number(self.outputs[k - 1]),
                number(self.losses[k - 1]),
                "yes" if self.units_equal(k) else "no",
            )
            for k in range(1, min(self.steps, limit) + 1)
        ]

    def __repr__(self) -> str:
        m, d = self.W.shape[1:]
        arithmetic = "exact" if self.exact else "float64"
        return (
            f"NetworkTrace({m} hidden unit{'s' if m != 1 else ''}, d={d}, {self.steps} steps, "
            f"{self.activation}, {self.loss} loss, {arithmetic})"
        )


def activation_named(name: str) -> Activation:
    """Look an activation up by name."""
    if name not in ACTIVATIONS:
        raise UnknownFunction(f"activation={name!r} must be one of {sorted(ACTIVATIONS)}", name)
    return ACTIVATIONS[name]


def loss_named(name: str) -> Loss:
    """Look a loss up by name."""
    if name not in LOSSES:
        raise UnknownFunction(f"loss={name!r} must be one of {sorted(LOSSES)}", name)
    return LOSSES[name]


def gradients(
    x: np.ndarray,
    y: object,
    W: np.ndarray,
    b: np.ndarray,
    v: np.ndarray,
    c: object,
    activation: Activation,
    loss: Loss,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, object, object, object]:
    """(∂L/∂W, ∂L/∂b, ∂L/∂v, ∂L/∂c, ŷ, L) at one sample, by the chain rule:
    δⱼ = σ′(zⱼ)·vⱼ·∂L/∂ŷ (the backpropagated error is proportional to the outgoing weight),
    ∂L/∂Wⱼ = δⱼ x, ∂L/∂bⱼ = δⱼ, ∂L/∂vⱼ = σ(zⱼ)·∂L/∂ŷ, ∂L/∂c = ∂L/∂ŷ."""
    z = b.copy()
    for i in range(len(x)):
        z = z + W[:, i] * x[i]
    h = activation.value(z)
    output = c
    for j in range(len(h)):  # a fixed order, the same for every unit
        output = output + v[j] * h[j]
    dL = loss.gradient(output, y)
    delta = activation.derivative(z) * v * dL
    dW = np.empty_like(W)
    for i in range(len(x)):
        dW[:, i] = delta * x[i]
    return dW, delta, h * dL, dL, output, loss.value(output, y)


def train_network(
    X: object,
    y: object,
    *,
    W: object,
    b: object,
    v: object,
    c: object,
    eta: object,
    epochs: int = 1,
    activation: str = "tanh",
    loss: str = "squared",
    exact: bool = False,
) -> NetworkTrace:
    """Train a one-hidden-layer network online and keep every step's parameters.

    ``X`` is n × d, ``y`` n targets, ``W`` m × d, ``b`` and ``v`` m entries, ``c`` a number;
    ``eta`` a positive rate or :class:`Rates`.  ``exact=True`` computes with Fractions and
    needs a rational activation (identity, relu) and the squared loss.
    """
    sigma, ell = activation_named(activation), loss_named(loss)
    if exact and not (sigma.rational and ell.rational):
        raise UnknownFunction(
            f"exact=True needs a rational activation and loss (identity or relu with squared "
            f"loss), not activation={activation!r}, loss={loss!r}",
            (activation, loss),
        )
    epochs = epochs_count(epochs)
    read = _exact_reader if exact else _float_reader
    Xa = read(X, "X", 2)
    ya = read(y, "y", 1)
    Wa, ba, va = read(W, "W", 2), read(b, "b", 1), read(v, "v", 1)
    ca = to_fraction(c, "c") if exact else float(read(c, "c", 0))  # as W, b and v are read
    n, d = Xa.shape
    m = Wa.shape[0]
    if len(ya) != n:
        raise DimensionMismatch(f"y has {len(ya)} targets but X has {n} rows", y)
    if Wa.shape != (m, d) or ba.shape != (m,) or va.shape != (m,) or m == 0:
        raise DimensionMismatch(
            f"W must be m × d = m × {d} with m ≥ 1, and b, v must have m entries: got W "
            f"{Wa.shape}, b {ba.shape}, v {va.shape}",
            (W, b, v),
        )
    rates = _rates(eta, exact)
    steps = step_count(n, epochs)
    dtype = object if exact else float
    Ws = np.empty((steps + 1, m, d), dtype=dtype)
    bs, vs = np.empty((steps + 1, m), dtype=dtype), np.empty((steps + 1, m), dtype=dtype)
    cs, outputs = np.empty(steps + 1, dtype=dtype), np.empty(steps, dtype=dtype)
    losses = np.empty(steps, dtype=dtype)
    Ws[0], bs[0], vs[0], cs[0] = Wa, ba, va, ca
    for k in range(steps):
        s = k % n
        dW, db, dv, dc, outputs[k], losses[k] = gradients(
            Xa[s], ya[s], Ws[k], bs[k], vs[k], cs[k], sigma, ell
        )
        Ws[k + 1] = Ws[k] - rates.W * dW
        bs[k + 1] = bs[k] - rates.b * db
        vs[k + 1] = vs[k] - rates.v * dv
        cs[k + 1] = cs[k] - rates.c * dc
    return NetworkTrace(Ws, bs, vs, cs, outputs, losses, sigma.name, ell.name, exact)


def _rates(eta: object, exact: bool) -> Rates:
    groups = eta if isinstance(eta, Rates) else Rates(eta, eta, eta, eta)
    return Rates(*(learning_rate(getattr(groups, name), f"eta.{name}", exact)
                   for name in ("W", "b", "v", "c")))  # fmt: skip


def learning_rate(value: object, name: str, exact: bool) -> Any:
    """One rate, positive and finite: a Fraction in exact mode, else a float64 that did not
    round to 0 (nor overflow), as :func:`numeric.train` refuses one."""
    try:
        rate = to_fraction(value, name)
    except InvalidNumber as error:
        raise InvalidLearningRate(str(error), value) from None
    if rate <= 0:
        raise InvalidLearningRate(f"{name}={plain(value)!r} must be a positive number", value)
    if exact:
        return rate
    try:
        rounded = float(rate)
    except OverflowError:
        raise InvalidLearningRate(
            f"{name}={plain(value)!r} must fit in float64 (use exact=True)", value
        ) from None
    if rounded == 0.0:
        raise InvalidLearningRate(
            f"{name}={plain(value)!r} must not round to 0 in float64 (use exact=True)", value
        )
    return rounded


def _exact_reader(values: object, name: str, depth: int) -> np.ndarray:
    return exact_array(values, name, depth)


def _float_reader(values: object, name: str, depth: int) -> np.ndarray:
    return float_array(values, name, depth)[0]


__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "NetworkTrace",
    "Rates",
    "UnknownFunction",
    "gradients",
    "train_network",
]

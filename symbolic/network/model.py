"""The one-hidden-layer network in coordinates, trained online by gradient descent, in SymPy.

ŷ = Σⱼ vⱼ σ(zⱼ) + c with zⱼ = Σᵢ Wⱼᵢ xᵢ + bⱼ, loss L(ŷ, y); at every step each parameter
moves against its derivative, all at once: P ← P − η_P ∂L/∂P (the rates per parameter group
are :class:`Rates`, as in :mod:`numeric.network`).

The derivatives are SymPy's own: :func:`gradient_formula` differentiates the loss of the
network written out at generic parameters and data (fresh symbols) with :func:`sympy.diff`,
once per shape, activation and loss; a step substitutes the current values into it.  With
the undefined σ and L the derivatives stay unevaluated (``Subs(Derivative(σ(ξ), ξ), ξ, zⱼ)``),
so a run holds for every activation and loss.  Everything is exact: symbols, integers,
rationals.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sympy import Dummy, Expr, ImmutableMatrix, Matrix

from numeric.display import one_line, plural
from numeric.network import Rates
from symbolic.algebra.vectors import superscript
from symbolic.errors import DimensionMismatch, EtaproofValueError
from symbolic.network.functions import Activation, Loss, activation_of, loss_of
from symbolic.perceptron.dataset import exact_number
from symbolic.printable import Displayable, plain_expression

#: Steps that ``str(trace)`` and the rich display write out.
PRINTED_STEPS = 4


@dataclass(frozen=True)
class Network:
    """The parameters: ``W`` (m × d), ``b`` and ``v`` (m × 1 columns), the output bias ``c``."""

    W: ImmutableMatrix
    b: ImmutableMatrix
    v: ImmutableMatrix
    c: Expr

    @classmethod
    def of(cls, W: object, b: object, v: object, c: object) -> Network:
        """A network from nested lists, matrices or SymPy expressions (shapes checked)."""
        Wm = ImmutableMatrix(W)
        m = Wm.rows
        bm, vm = ImmutableMatrix(m, 1, list(_flat(b))), ImmutableMatrix(m, 1, list(_flat(v)))
        if m == 0 or Wm.cols == 0:
            raise DimensionMismatch(f"W={W!r} must be m × d with m ≥ 1 and d ≥ 1", W)
        return cls(Wm.applyfunc(_exact), bm.applyfunc(_exact), vm.applyfunc(_exact), _exact(c))

    @classmethod
    def equal_units(cls, m: int, w: Sequence[object], b: object, v: object, c: object) -> Network:
        """m units with the same incoming weights ``w``, bias ``b`` and outgoing weight ``v``."""
        return cls.of([list(w)] * m, [b] * m, [v] * m, c)

    @property
    def m(self) -> int:
        """The number of hidden units."""
        return self.W.rows

    @property
    def d(self) -> int:
        """The number of inputs."""
        return self.W.cols

    def unit(self, j: int) -> tuple[ImmutableMatrix, Expr, Expr]:
        """(incoming weights as a row, bias, outgoing weight) of unit j = 1 … m."""
        return self.W.row(j - 1), self.b[j - 1], self.v[j - 1]


@dataclass(frozen=True)
class Gradients:
    """∂L/∂W, ∂L/∂b, ∂L/∂v, ∂L/∂c and the output ŷ at one sample (expressions)."""

    W: ImmutableMatrix
    b: ImmutableMatrix
    v: ImmutableMatrix
    c: Expr
    output: Expr


@dataclass(frozen=True)
class GradientFormula:
    """The gradients of one network shape as expressions in generic symbols: the parameters
    (``W``, ``b``, ``v``, ``c``), one sample ``x`` and its target ``y``."""

    W: ImmutableMatrix
    b: ImmutableMatrix
    v: ImmutableMatrix
    c: Expr
    x: ImmutableMatrix
    y: Expr
    gradients: Gradients

    def at(self, network: Network, x: Sequence[Expr], y: Expr) -> Gradients:
        """The gradients at these parameters and this sample."""
        values = dict(zip(self.W, network.W, strict=True))
        values.update(zip(self.b, network.b, strict=True))
        values.update(zip(self.v, network.v, strict=True))
        values.update(zip(self.x, x, strict=True))
        values.update({self.c: network.c, self.y: y})
        g = self.gradients
        return Gradients(
            g.W.xreplace(values),
            g.b.xreplace(values),
            g.v.xreplace(values),
            g.c.xreplace(values),
            g.output.xreplace(values),
        )


def output(network: Network, x: Sequence[Expr], activation: Activation) -> Expr:
    """ŷ = Σⱼ vⱼ σ(Σᵢ Wⱼᵢ xᵢ + bⱼ) + c, the units added in order 1 … m."""
    total = network.c
    for j in range(network.m):
        z = sum((network.W[j, i] * x[i] for i in range(network.d)), network.b[j])
        total += network.v[j] * activation(z)
    return total


@functools.lru_cache(maxsize=64)
def gradient_formula(m: int, d: int, activation: Activation, loss: Loss) -> GradientFormula:
    """The loss of an m-unit, d-input network at generic symbols, differentiated by SymPy
    with respect to every parameter (computed once per shape, activation and loss)."""
    W = ImmutableMatrix(m, d, lambda j, i: Dummy(f"W{j + 1}{i + 1}", real=True))
    b = ImmutableMatrix(m, 1, lambda j, _: Dummy(f"b{j + 1}", real=True))
    v = ImmutableMatrix(m, 1, lambda j, _: Dummy(f"v{j + 1}", real=True))
    c, y = Dummy("c", real=True), Dummy("y", real=True)
    x = ImmutableMatrix(d, 1, lambda i, _: Dummy(f"x{i + 1}", real=True))
    y_hat = output(Network(W, b, v, c), list(x), activation)
    value = loss(y_hat, y)
    gradients = Gradients(
        W.applyfunc(value.diff),
        b.applyfunc(value.diff),
        v.applyfunc(value.diff),
        value.diff(c),
        y_hat,
    )
    return GradientFormula(W, b, v, c, x, y, gradients)


def step(
    network: Network,
    x: Sequence[Expr],
    y: Expr,
    rates: Rates,
    activation: Activation,
    loss: Loss,
) -> tuple[Network, Expr]:
    """One update on (x, y): (the new network, the output ŷ before the update)."""
    g = gradient_formula(network.m, network.d, activation, loss).at(network, x, y)
    updated = Network(
        ImmutableMatrix(network.W - rates.W * g.W),
        ImmutableMatrix(network.b - rates.b * g.b),
        ImmutableMatrix(network.v - rates.v * g.v),
        network.c - rates.c * g.c,
    )
    return updated, g.output


@dataclass(frozen=True)
class NetworkTrace(Displayable):
    """The symbolic run: ``networks[k]`` after k steps (k = 0 … steps), ``outputs[k - 1]``
    the output ŷ⁽ᵏ⁾ of step k before its update and ``samples[k - 1]`` its sample (x⁽ᵏ⁾, y⁽ᵏ⁾)
    (the numeric twin's NetworkTrace, exact)."""

    networks: tuple[Network, ...]
    outputs: tuple[Expr, ...]
    samples: tuple[tuple[tuple[Expr, ...], Expr], ...]
    activation: Activation
    loss: Loss

    @property
    def steps(self) -> int:
        """The number of updates."""
        return len(self.outputs)

    def W(self, k: int) -> ImmutableMatrix:
        """The incoming weights after k steps."""
        return self.networks[k].W

    def b(self, k: int) -> ImmutableMatrix:
        """The biases after k steps."""
        return self.networks[k].b

    def v(self, k: int) -> ImmutableMatrix:
        """The outgoing weights after k steps."""
        return self.networks[k].v

    def c(self, k: int) -> Expr:
        """The output bias after k steps."""
        return self.networks[k].c

    def units_identical(self, k: int) -> bool:
        """True when every hidden unit's incoming weights, bias and outgoing weight after k
        steps are the same expressions as unit 1's (structurally: False only means "not the
        same expressions"; :func:`symbolic.prove_hidden_symmetry` shows equality)."""
        net = self.networks[k]
        first = net.W.row(0)
        return all(
            net.W.row(j) == first and net.b[j] == net.b[0] and net.v[j] == net.v[0]
            for j in range(1, net.m)
        )

    def __repr__(self) -> str:
        m, d = self.networks[0].m, self.networks[0].d
        return one_line(
            "NetworkTrace",
            plural(m, "hidden unit"),
            f"d={d}",
            plural(self.steps, "step"),
            _activation_text(self.activation.name),
            _loss_text(self.loss.name),
            "symbolic",
        )

    def __str__(self) -> str:
        lines = [f"{self._headline()}."]
        lines += [
            f"  k = {k}: ŷ{superscript(f'({k})')} = {y_hat}"
            + ("" if same else " (units not identical after it)")
            for k, y_hat, same in self._rows()
        ]
        if self.steps > PRINTED_STEPS:
            lines.append(f"  … and {plural(self.steps - PRINTED_STEPS, 'more step')}")
        return "\n".join(lines)

    def _headline(self) -> str:
        m, d = self.networks[0].m, self.networks[0].d
        run = (
            f"Symbolic run of a network with {plural(m, 'hidden unit')} (d = {d}), "
            f"{_activation_text(self.activation.name)}, {_loss_text(self.loss.name)}, "
            f"{plural(self.steps, 'step')}"
        )
        if m == 1:
            return f"{run}: one unit, nothing to compare"
        first = next((k for k in range(self.steps + 1) if not self.units_identical(k)), None)
        if first is None:
            return f"{run}: the hidden units are identical after every step"
        when = "at the start" if first == 0 else f"after step {first}"
        return f"{run}: the hidden units are not identical expressions {when}"

    def _rows(self) -> list[tuple[int, str, bool]]:
        return [
            (k, plain_expression(self.outputs[k - 1], 120), self.units_identical(k))
            for k in range(1, min(self.steps, PRINTED_STEPS) + 1)
        ]


def _activation_text(name: str) -> str:
    return "any σ" if name == "any" else name


def _loss_text(name: str) -> str:
    return "any loss" if name == "any" else f"{name} loss"


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
    activation: object = None,
    loss: object = None,
) -> NetworkTrace:
    """Train the network online, exactly: ``X`` n × d (numbers or symbols), ``y`` n targets,
    ``W`` m × d, ``b`` and ``v`` m entries, ``c`` a number; ``eta`` one rate (a number or a
    symbol) or :class:`numeric.network.Rates`; ``activation`` and ``loss`` as
    :func:`~symbolic.network.functions.activation_of` and ``loss_of`` take them."""
    sigma, ell = activation_of(activation), loss_of(loss)
    rows = [list(_flat(row)) for row in _rows(X)]
    targets = list(_flat(y))
    network = Network.of(W, b, v, c)
    if len(targets) != len(rows) or not rows:
        raise DimensionMismatch(f"y has {len(targets)} targets but X has {len(rows)} rows", y)
    if any(len(row) != network.d for row in rows):
        raise DimensionMismatch(f"every row of X must have d = {network.d} entries", X)
    if not isinstance(epochs, int) or isinstance(epochs, bool) or epochs < 1:
        raise EtaproofValueError(f"epochs={epochs!r} must be a positive integer", epochs)
    rates = eta if isinstance(eta, Rates) else Rates(eta, eta, eta, eta)
    rates = Rates(*(_exact(getattr(rates, name)) for name in ("W", "b", "v", "c")))
    networks, outputs, samples = [network], [], []
    for k in range(len(rows) * epochs):
        x, target = tuple(rows[k % len(rows)]), targets[k % len(rows)]
        network, y_hat = step(network, x, target, rates, sigma, ell)
        networks.append(network)
        outputs.append(y_hat)
        samples.append((x, target))
    return NetworkTrace(tuple(networks), tuple(outputs), tuple(samples), sigma, ell)


def _rows(X: object) -> list[object]:
    if isinstance(X, Matrix | ImmutableMatrix):
        return [list(X.row(i)) for i in range(X.rows)]
    return list(X.tolist() if hasattr(X, "tolist") else X)  # type: ignore[arg-type]


def _flat(values: object) -> list[Expr]:
    if isinstance(values, Matrix | ImmutableMatrix):
        return [_exact(e) for e in values]
    if hasattr(values, "tolist"):
        values = values.tolist()
    if isinstance(values, list | tuple):
        return [_exact(e) for e in values]
    return [_exact(values)]


def _exact(value: object) -> Expr:
    """A SymPy expression as it is; a number exactly, as both twins read numbers."""
    return exact_number(value, "value")


__all__ = [
    "GradientFormula",
    "Gradients",
    "Network",
    "NetworkTrace",
    "Rates",
    "gradient_formula",
    "output",
    "step",
    "train_network",
]

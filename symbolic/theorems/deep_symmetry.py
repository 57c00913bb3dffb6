"""Hidden-unit symmetry for networks of any depth, and "one neuron in every layer" with its rates.

Theorem.  A network with L ≥ 1 hidden layers of widths m₁ … m_L and one output, trained online
by gradient descent with rate η on a loss L(ŷ, y).  If every hidden layer starts with equal
units (the rows of W₁ equal, the biases of each layer equal, every entry of each inner weight
matrix Wₗ (ℓ ≥ 2) equal, the output weights equal), its units are equal after every step, for
any σ, any loss, any data, any η and any number of epochs.  The network then computes what the
width-1 network computes whose first-layer row is a unit's, whose inner weights are
mₗ₋₁·aₗ, output weight m_L·v, trained with rates η/m₁ (first-layer weights), η/mₗ (biases of
layer ℓ), η·mₗ₋₁/mₗ (weights into layer ℓ ≥ 2), m_L·η (output weights) and η (output bias).

How it is checked (:func:`prove_deep_symmetry`), every part by SymPy:

- over steps, by the pattern of :mod:`symbolic.theorems.equivariance`: one step commutes with
  swapping units 1 and j of any layer (at generic parameters of the network unrolled), and the
  equal start is fixed by every swap; the swaps generate all permutations of a layer;
- over layers, for every width and depth (:mod:`symbolic.theorems.layer_steps`): a generic
  layer between any layer below and any layer above, its sums over units as ``Sum``\\ s with
  symbolic bounds, so the step holds at ℓ = 1, at every ℓ and at the output (width 1);
- backpropagation, the form the layer steps reason with, equals SymPy's own derivatives of the
  unrolled network;
- unrolled: the first steps on generic data from a generic equal start (units equal after each
  step, the width-1 network's output equal to the wide one's at each step).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Integral

from sympy import Expr, Symbol

from numeric.display import cut, one_line, plural, shown_count
from numeric.errors import TooMuchWork
from symbolic.algebra.derivatives import named_derivatives
from symbolic.algebra.symbols import ETA
from symbolic.errors import DimensionMismatch, StepOutOfRange
from symbolic.network.deep import (
    DeepNetwork,
    DeepTrace,
    LayerRates,
    backpropagation,
    deep_gradients,
    deep_output,
    deep_step,
    layer_rates,
    train_deep,
)
from symbolic.network.functions import Activation, Loss, activation_of, loss_of
from symbolic.perceptron.dataset import generic_dataset, indexed_symbol
from symbolic.printable import Displayable
from symbolic.theorems.equivariance import Action, State, fixed_check, fixed_set_invariance
from symbolic.theorems.hidden_symmetry import ANY_RATE, HiddenSymmetryProof, is_shown_zero
from symbolic.theorems.hidden_symmetry import prove_hidden_symmetry as one_layer_proof
from symbolic.theorems.layer_steps import (
    layer_model_check,
    one_unit_layer_checks,
    symmetry_layer_checks,
)
from symbolic.theorems.layer_steps import one_unit_rates as layer_rate
from symbolic.theorems.zero_init import Check, all_shown

#: The largest network the proof unrolls (expressions grow fast with each; the steps over
#: layers cover every depth and width).
MAX_DEPTH, MAX_WIDTH, MAX_INPUTS, MAX_STEPS = 6, 8, 4, 3


@dataclass(frozen=True)
class DeepSymmetryProof(Displayable):
    """What :func:`prove_deep_symmetry` found; ``holds`` only if every check was shown."""

    widths: tuple[int, ...]
    d: int
    steps: int
    activation: str
    loss: str
    eta: Expr
    checks: tuple[Check, ...]
    run: DeepTrace = field(repr=False, compare=False)

    @property
    def depth(self) -> int:
        """The number of hidden layers unrolled."""
        return len(self.widths)

    @property
    def holds(self) -> bool:
        """True only when there are checks and every one of them was shown."""
        return all_shown(self.checks)

    def __repr__(self) -> str:
        parts = [
            "holds" if self.holds else "not shown",
            shown_count(self.checks),
            f"depth={self.depth}",
            f"widths={list(self.widths)}",
            f"d={self.d}",
            f"steps={self.steps}",
            f"activation={self.activation!r}",
            f"loss={self.loss!r}",
        ]
        parts += [] if self.eta == ETA else [f"eta={cut(self.eta, 20)}"]
        return one_line("DeepSymmetryProof", *parts)

    def __str__(self) -> str:
        sigma = "any activation σ" if self.activation == "any" else f"σ = {self.activation}"
        loss = "any loss L" if self.loss == "any" else f"the {self.loss} loss"
        lines = [
            f"Theorem (hidden-unit symmetry, every depth), checked for {sigma} and {loss}.",
            "If every hidden layer starts with equal units, they are equal after every step,",
            "for any data, any widths, any depth, any η and any number of epochs; and the",
            "network computes what one unit per layer computes, with inner weights mₗ₋₁·aₗ,",
            "output weight m_L·v and rates η/m₁ (first-layer weights), η/mₗ (biases of layer ℓ),",
            "η·mₗ₋₁/mₗ (weights into layer ℓ ≥ 2), m_L·η (output weights), η (output bias).",
            "",
            f"Unrolled on generic data ({plural(self.depth, 'hidden layer')} of widths "
            f"{list(self.widths)}, d = {self.d}, {plural(self.steps, 'step')}); the steps over",
            "layers for every width and depth:",
            "",
            "Checks:",
        ]
        lines += [f"  {check}" for check in self.checks]
        verdict = (
            "HOLDS: every step above was checked by SymPy; by induction over steps and layers "
            "it holds for every k and every depth."
            if self.holds
            else "NOT SHOWN: at least one check could not be shown; nothing is claimed."
        )
        return "\n".join([*lines, "", f"Verdict: {verdict}"])


def prove_deep_symmetry(
    widths: Sequence[int] = (2, 3),
    activation: object = None,
    loss: object = None,
    steps: int = 2,
    *,
    d: int = 2,
    eta: Expr = ETA,
) -> DeepSymmetryProof:
    """Prove hidden-unit symmetry and the one-neuron equivalence for every depth: unroll
    ``steps`` steps of the network with hidden ``widths`` on generic data with ``d`` inputs,
    check equivariance and backpropagation there, and the steps over layers for any widths."""
    m = _widths(widths)
    if len(m) > MAX_DEPTH or max(m) > MAX_WIDTH or d > MAX_INPUTS or steps > MAX_STEPS:
        raise TooMuchWork(
            f"widths={list(m)}, d={d}, steps={steps}: the proof unrolls at most {MAX_DEPTH} "
            f"layers of {MAX_WIDTH} units on {MAX_INPUTS} inputs for {MAX_STEPS} steps (its "
            "steps over layers hold for every depth and width)",
            widths,
        )
    for name, value in (("d", d), ("steps", steps)):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
            error = StepOutOfRange if name == "steps" else DimensionMismatch
            raise error(f"{name}={value!r} must be a positive integer", value)
    sigma, ell = activation_of(activation), loss_of(loss)
    data = generic_dataset(steps, d)
    X = [list(data.x(k)) for k in range(1, steps + 1)]
    y = list(data.labels)
    start = equal_start(m, d)
    wide = train_deep(X, y, start.layers, eta=eta, activation=sigma, loss=ell)
    rate = ANY_RATE if eta == ETA else eta
    checks = [
        backpropagation_check(m, d, sigma, ell),
        layer_model_check(m, d, sigma, ell),
        *equivariance_checks(m, d, sigma, ell, rate),
        *(fixed_check(action, start.parameters(), "the equal start") for action in swaps(m, d)),
        *(units_equal_check(wide, k) for k in range(1, steps + 1)),
        *symmetry_layer_checks(sigma, ell),
        *one_unit_run_checks(wide, eta),
        *one_unit_layer_checks(sigma, ell),
    ]
    return DeepSymmetryProof(m, d, steps, sigma.name, ell.name, eta, tuple(checks), wide)


def prove_hidden_symmetry(
    width: int | Sequence[int] = 2,
    activation: object = None,
    loss: object = None,
    steps: int = 2,
    *,
    d: int = 2,
    eta: Expr = ETA,
    depth: int = 1,
) -> HiddenSymmetryProof | DeepSymmetryProof:
    """Hidden-unit symmetry for ``depth`` hidden layers of ``width`` units each (or of the
    widths listed in ``width``): the one-layer proof for one layer of one width, else
    :func:`prove_deep_symmetry`, whose steps over layers hold for every depth."""
    if not isinstance(depth, Integral) or isinstance(depth, bool) or depth < 1:
        raise DimensionMismatch(f"depth={depth!r} must be a positive integer", depth)
    if isinstance(width, Sequence):
        widths = _widths(width)
        if depth not in (1, len(widths)):
            raise DimensionMismatch(
                f"width lists {len(widths)} layers but depth={depth}; give one or the other",
                width,
            )
    else:
        if not isinstance(width, Integral) or isinstance(width, bool) or width < 1:
            raise DimensionMismatch(f"width={width!r} must be a positive integer", width)
        widths = (int(width),) * depth
    if len(widths) == 1:
        return one_layer_proof(widths[0], activation, loss, steps, d=d, eta=eta)
    return prove_deep_symmetry(widths, activation, loss, steps, d=d, eta=eta)


def equal_start(widths: Sequence[int], d: int) -> DeepNetwork:
    """The generic equal start: rows w⁽⁰⁾, biases β⁽⁰⁾ₗ, inner weights a⁽⁰⁾ₗ, v⁽⁰⁾, c⁽⁰⁾."""
    depth = len(widths)
    return DeepNetwork.equal_units(
        widths,
        [indexed_symbol("w", 0, i) for i in range(1, d + 1)],
        [Symbol(f"beta_{ell}^(0)", real=True) for ell in range(1, depth + 1)],
        [Symbol(f"a_{ell}^(0)", real=True) for ell in range(2, depth + 1)],
        indexed_symbol("v", 0),
        indexed_symbol("c", 0),
    )


def one_unit_network(wide: DeepNetwork) -> DeepNetwork:
    """The width-1 image of a network with equal units: a unit's first-layer row, the layer
    biases, inner weights mₗ₋₁·aₗ and output weight m_L·v."""
    layers: list[tuple[object, object]] = []
    for index, (W, b) in enumerate(wide.layers):
        scale = 1 if index == 0 else W.cols
        row = list(W.row(0)) if index == 0 else [scale * W[0, 0]]
        layers.append(([row], [b[0]]))
    return DeepNetwork.of(layers)


def one_unit_rates(widths: Sequence[int], eta: Expr) -> LayerRates:
    """The width-1 network's rates: η/m₁ for the first-layer weights, η/mₗ for the biases,
    η·mₗ₋₁/mₗ for the weights into layer ℓ ≥ 2 (the output: m_{L+1} = 1), layer by layer
    from :func:`symbolic.theorems.layer_steps.one_unit_rates`, the rates its steps check."""
    m = [*widths, 1]
    first, first_bias, _ = layer_rate(eta, 1, m[0])
    pairs = [(first, first_bias)]
    for ell in range(1, len(m)):
        _, bias, inner = layer_rate(eta, m[ell - 1], m[ell])
        pairs.append((inner, bias))
    return layer_rates(pairs, len(m))


def swaps(widths: Sequence[int], d: int) -> list[Action]:
    """Swapping units 1 and j of layer ℓ, for every layer and j = 2 … mₗ: its rows of Wₗ, its
    biases and its columns of Wₗ₊₁ (transpositions that generate all permutations)."""
    shape = equal_start(widths, d)
    actions = []
    for ell, width in enumerate(widths, start=1):
        for j in range(2, width + 1):
            actions.append(Action(f"swap units 1 and {j} of layer {ell}", _swapper(shape, ell, j)))
    return actions


def _swapper(shape: DeepNetwork, ell: int, j: int) -> Callable[[State], State]:
    def swap(state: State) -> State:
        return _swap(shape.with_parameters(state), ell, j)

    return swap


def _swap(network: DeepNetwork, ell: int, j: int) -> State:
    layers = list(network.layers)
    W, b = layers[ell - 1]
    order = list(range(W.rows))
    order[0], order[j - 1] = j - 1, 0
    layers[ell - 1] = (W.extract(order, list(range(W.cols))), b.extract(order, [0]))
    after, bias = layers[ell]
    layers[ell] = (after.extract(list(range(after.rows)), order), bias)
    return DeepNetwork(tuple(layers)).parameters()


def generic_network(widths: Sequence[int], d: int) -> DeepNetwork:
    """Every parameter its own symbol (a generic point, not an equal start)."""
    return DeepNetwork.generic(widths, d)


def equivariance_checks(
    widths: Sequence[int], d: int, activation: Activation, loss: Loss, eta: Expr
) -> list[Check]:
    """One step at generic parameters and a generic sample commutes with every swap."""
    generic = generic_network(widths, d)
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    y = Symbol("y", real=True)
    rates = layer_rates(eta, len(generic.layers))

    def update(state: State) -> State:
        return deep_step(generic.with_parameters(state), x, y, rates, activation, loss)[
            0
        ].parameters()

    return fixed_set_invariance(update, swaps(widths, d), generic.parameters())


def backpropagation_check(
    widths: Sequence[int], d: int, activation: Activation, loss: Loss
) -> Check:
    """Backpropagation (the chain rule layer by layer) equals SymPy's derivatives of the loss
    of the network written out, at generic parameters and a generic sample."""
    generic = generic_network(widths, d)
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    y = Symbol("y", real=True)
    chain = backpropagation(generic, x, y, activation, loss)
    sympy_diff = deep_gradients(generic, x, y, activation, loss)
    shown = all(
        _shown_zero(a - b)
        for (W1, b1), (W2, b2) in zip(chain.layers, sympy_diff.layers, strict=True)
        for a, b in zip((*W1, *b1), (*W2, *b2), strict=True)
    )
    return Check(
        "backpropagation",
        f"δₗ = σ′(zₗ) ⊙ Wₗ₊₁ᵀ δₗ₊₁, ∂L/∂Wₗ = δₗ hₗ₋₁ᵀ equal SymPy's derivatives (widths "
        f"{list(widths)}, d = {d})",
        shown,
    )


def units_equal_check(run: DeepTrace, k: int) -> Check:
    """After step k of the unrolled run, every unit of every layer equals unit 1."""
    network = run.networks[k]
    shown = all(
        _shown_zero(e)
        for ell in range(1, network.depth + 1)
        for j in range(2, network.widths[ell - 1] + 1)
        for e in network.differences(ell, j)
    )
    return Check(
        f"step {k}: units equal",
        f"after step {k} every unit of every layer has unit 1's incoming row, bias and outgoing "
        "column",
        shown,
    )


def one_unit_run_checks(wide: DeepTrace, eta: Expr) -> list[Check]:
    """At every step of the unrolled run, the width-1 image of the wide network computes the
    same output, and one step of it at its rates lands on the image of the wide network after
    the step: chained from the start, the width-1 network trained alone is the image at every
    step."""
    rates = one_unit_rates(wide.networks[0].widths, eta)
    checks = []
    for k in range(wide.steps):
        x, target = wide.samples[k]
        image = one_unit_network(wide.networks[k])
        ours = deep_output(wide.networks[k], x, wide.activation)
        one = deep_output(image, x, wide.activation)
        stepped = deep_step(image, x, target, rates, wide.activation, wide.loss)[0]
        after = one_unit_network(wide.networks[k + 1]).parameters()
        checks.append(
            Check(
                f"step {k + 1}: one unit per layer",
                f"the width-1 image computes the same ŷ at step {k + 1}, and one step of it "
                "at its rates is the image of the wide network after the step",
                _shown_zero(ours - one)
                and all(
                    _shown_zero(a - b) for a, b in zip(stepped.parameters(), after, strict=True)
                ),
            )
        )
    return checks


def _shown_zero(expr: Expr) -> bool:
    """:func:`~symbolic.theorems.hidden_symmetry.is_shown_zero` on the expression with every
    derivative of an undefined function renamed (:func:`named_derivatives`: the same check,
    quicker)."""
    return is_shown_zero(named_derivatives(expr))


def _widths(widths: Sequence[int]) -> tuple[int, ...]:
    values = tuple(widths) if isinstance(widths, Sequence) else (widths,)
    if not values or any(
        not isinstance(m, Integral) or isinstance(m, bool) or m < 1 for m in values
    ):
        raise DimensionMismatch(
            f"widths={widths!r} must be positive integers, one per layer", widths
        )
    return tuple(int(m) for m in values)


__all__ = [
    "DeepSymmetryProof",
    "equal_start",
    "equivariance_checks",
    "one_unit_network",
    "one_unit_rates",
    "prove_deep_symmetry",
    "prove_hidden_symmetry",
    "swaps",
]

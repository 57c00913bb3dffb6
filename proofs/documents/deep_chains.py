"""The every-layer section of the hidden-symmetry document: one neuron in every layer, for every
depth and every width, each chain a verified :class:`symbolic.Derivation`.

A generic hidden layer ℓ in the equal state: every unit of the layer below outputs s_{ℓ−1}
(x for ℓ = 1), every weight into the layer is a_ℓ (rows w for ℓ = 1), every bias β_ℓ; a unit's
pre-activation z_ℓ and signal δ_ℓ = ∂L/∂z_ℓ.  The width-1 network has weight A_ℓ = m_{ℓ−1}·a_ℓ
into layer ℓ, the same biases; its pre-activation z̃_ℓ and signal δ̃_ℓ.  The induction over
layers (forward: z̃_ℓ = z_ℓ from the layer below; backward: δ̃_ℓ = m_ℓ δ_ℓ from the layer above)
and the updates at the width-1 rates are chains here, with the widths as symbols; the output
layer is the case ℓ = L + 1 with m_{L+1} = 1 and no σ.
"""

from __future__ import annotations

from sympy import Eq, Expr, Integer, Sum, Symbol

from symbolic import ETA, Derivation, DerivationError, DimensionMismatch, prove_hidden_symmetry
from symbolic.derivations import INFERENCE_RULES, Chain, Definitions, Heading, Paragraph, Table
from symbolic.network import ANY_ACTIVATION
from symbolic.network.notation import T, at_point

DEFINITION = INFERENCE_RULES["definition"]
HYPOTHESIS = INFERENCE_RULES["hypothesis"]
SUBSTITUTION = INFERENCE_RULES["substitution"]
INDUCTION = INFERENCE_RULES["induction"]

#: The deepest network the coordinate cross-check unrolls (the chains hold for every depth).
MAX_CHECKED_DEPTH = 4
#: The widest layer it unrolls with three or more layers (a network of 4 layers of 8 units
#: took more than half an hour).
MAX_CHECKED_WIDTH = 3

BELOW, HERE, ABOVE = (
    Symbol("m_l-1", positive=True, integer=True),
    Symbol("m_l", positive=True, integer=True),
    Symbol("m_l+1", positive=True, integer=True),
)
I = Symbol("i", integer=True, positive=True)  # noqa: E741
K = Symbol("k", integer=True, positive=True)
Z, Z_ONE = Symbol("z_l"), Symbol("ztilde_l")
DELTA, DELTA_ONE = Symbol("delta_l"), Symbol("deltatilde_l")
DELTA_UP, DELTA_UP_ONE = Symbol("delta_l+1"), Symbol("deltatilde_l+1")
S_BELOW, S_BELOW_ONE = Symbol("s_l-1"), Symbol("stilde_l-1")
A, A_UP = Symbol("a_l"), Symbol("a_l+1")
A_ONE, A_UP_ONE = Symbol("A_l"), Symbol("A_l+1")
BETA = Symbol("beta_l")
A_NEXT, A_ONE_NEXT = Symbol("aprime_l"), Symbol("Aprime_l")
BETA_NEXT, BETA_ONE_NEXT = Symbol("betaprime_l"), Symbol("betatildeprime_l")


def eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def _slope(point: Expr) -> Expr:
    """σ′ at ``point``."""
    return at_point(ANY_ACTIVATION(T), T, point)


def forward_chain() -> Derivation:
    """z̃_ℓ = A_ℓ s̃_{ℓ−1} + β_ℓ = m_{ℓ−1} a_ℓ s_{ℓ−1} + β_ℓ = Σᵢ a_ℓ s_{ℓ−1} + β_ℓ = z_ℓ."""
    wide = Sum(A * S_BELOW, (I, Integer(1), BELOW)) + BETA
    return (
        Derivation(Z_ONE)
        .step(A_ONE * S_BELOW_ONE + BETA, DEFINITION.using((Z_ONE, A_ONE * S_BELOW_ONE + BETA)))
        .step(
            BELOW * A * S_BELOW + BETA,
            INDUCTION.using((A_ONE, BELOW * A), (S_BELOW_ONE, S_BELOW)),
        )
        .step(wide, "algebra")
        .step(Z, DEFINITION.using((Z, wide)))
        .verify()
    )


def backward_chain(forward: Derivation) -> Derivation:
    """δ̃_ℓ = σ′(z̃_ℓ) A_{ℓ+1} δ̃_{ℓ+1} = σ′(z_ℓ) A_{ℓ+1} δ̃_{ℓ+1}
    = σ′(z_ℓ)(m_ℓ a_{ℓ+1})(m_{ℓ+1} δ_{ℓ+1}) = m_ℓ σ′(z_ℓ) Σₖ a_{ℓ+1} δ_{ℓ+1} = m_ℓ δ_ℓ."""
    wide = _slope(Z) * Sum(A_UP * DELTA_UP, (K, Integer(1), ABOVE))
    return (
        Derivation(DELTA_ONE)
        .step(
            _slope(Z_ONE) * A_UP_ONE * DELTA_UP_ONE,
            DEFINITION.using((DELTA_ONE, _slope(Z_ONE) * A_UP_ONE * DELTA_UP_ONE)),
        )
        .step(_slope(Z) * A_UP_ONE * DELTA_UP_ONE, SUBSTITUTION.using(forward))
        .step(
            _slope(Z) * (HERE * A_UP) * (ABOVE * DELTA_UP),
            INDUCTION.using((A_UP_ONE, HERE * A_UP), (DELTA_UP_ONE, ABOVE * DELTA_UP)),
        )
        .step(HERE * wide, "algebra")
        .step(HERE * DELTA, DEFINITION.using((DELTA, wide)))
        .verify()
    )


def inner_update_chain(backward: Derivation) -> Derivation:
    """A′_ℓ = A_ℓ − η (m_{ℓ−1}/m_ℓ) δ̃_ℓ s_{ℓ−1} = m_{ℓ−1}(a_ℓ − η δ_ℓ s_{ℓ−1}) = m_{ℓ−1} a′_ℓ."""
    rate = ETA * BELOW / HERE
    wide_next = A - ETA * DELTA * S_BELOW
    return (
        Derivation(A_ONE_NEXT)
        .step(
            A_ONE - rate * DELTA_ONE * S_BELOW,
            DEFINITION.using((A_ONE_NEXT, A_ONE - rate * DELTA_ONE * S_BELOW)),
        )
        .step(BELOW * A - rate * DELTA_ONE * S_BELOW, INDUCTION.using((A_ONE, BELOW * A)))
        .step(BELOW * A - rate * (HERE * DELTA) * S_BELOW, SUBSTITUTION.using(backward))
        .step(BELOW * wide_next, "algebra")
        .step(BELOW * A_NEXT, DEFINITION.using((A_NEXT, wide_next)))
        .verify()
    )


def bias_update_chain(backward: Derivation) -> Derivation:
    """β̃′_ℓ = β_ℓ − (η/m_ℓ) δ̃_ℓ = β_ℓ − η δ_ℓ = β′_ℓ."""
    return (
        Derivation(BETA_ONE_NEXT)
        .step(
            BETA - ETA / HERE * DELTA_ONE,
            DEFINITION.using((BETA_ONE_NEXT, BETA - ETA / HERE * DELTA_ONE)),
        )
        .step(BETA - ETA * DELTA, SUBSTITUTION.using(backward))
        .step(BETA_NEXT, DEFINITION.using((BETA_NEXT, BETA - ETA * DELTA)))
        .verify()
    )


def _listed(numbers: list[int]) -> list:
    """1, 2 and 3 as prose parts, each number as math."""
    parts: list = []
    for index, number in enumerate(numbers):
        if index:
            parts.append(" and " if index == len(numbers) - 1 else ", ")
        parts.append(Integer(number))
    return parts


def every_layer_blocks(
    depth: int, width: int, activation: str | None, loss: str | None, d: int, steps: int = 1
) -> list:
    """The section: the statement for every depth, the pattern, the induction over layers as
    chains, and the coordinate check of ``depth`` layers of ``width`` units."""
    if depth > MAX_CHECKED_DEPTH:
        raise DimensionMismatch(
            f"depth={depth}: the coordinate check unrolls at most {MAX_CHECKED_DEPTH} layers "
            "(the chains hold for every depth)",
            depth,
        )
    if depth > 2 and width > MAX_CHECKED_WIDTH:
        raise DimensionMismatch(
            f"--width {width} with --depth {depth}: the coordinate check of three or more "
            f"layers unrolls at most {MAX_CHECKED_WIDTH} units a layer (the chains hold for "
            "every width)",
            width,
        )
    # widths m, m + 1, m, … so that a rate or image mixing up two layers' widths is caught
    widths = [width + ell % 2 for ell in range(depth)]
    proof = prove_hidden_symmetry(widths, activation, loss, min(steps, 2), d=d)
    if not proof.holds:
        failed = ", ".join(check.name for check in proof.checks if not check.shown)
        raise DerivationError(f"the coordinate check of every layer was not shown: {failed}")
    rows = tuple((check.name, "shown") for check in proof.checks)
    forward = forward_chain()
    backward = backward_chain(forward)
    ell, depth_symbol, one = Symbol("l"), Symbol("L"), Integer(1)
    return [
        Heading("Every layer: one neuron in every layer"),
        Paragraph(
            (
                "The same holds with any number ",
                depth_symbol,
                " of hidden layers, of widths ",
                Symbol("m_1"),
                ", …, ",
                Symbol("m_L"),
                ". Permuting the units of one layer (their rows into the layer, their biases, "
                "their columns out of it) does not change the network's output, and every unit "
                "of a layer has the same rate, so one step of gradient descent commutes with "
                "the permutation. Equal units are the parameters that every permutation leaves "
                "fixed, so they stay equal after every step. It is the pattern of the learning "
                "rate's theorem for the perceptron: rescaling the weights and the learning rate "
                "together commutes with its update and leaves ",
                eq(Symbol("w"), Integer(0)),
                " fixed.",
            )
        ),
        Paragraph(
            (
                "In the equal state every unit of layer ",
                ell,
                " has the same pre-activation ",
                Z,
                " and signal ",
                DELTA,
                " (the derivative of the loss in its pre-activation), every weight into the "
                "layer is ",
                A,
                " and every bias ",
                BETA,
                ". The network with one unit per layer has the weight ",
                eq(A_ONE, BELOW * A),
                " into layer ",
                ell,
                ", the same biases, the pre-activation ",
                Z_ONE,
                " and the signal ",
                DELTA_ONE,
                ". The forward pass, and backpropagation (the chain rule):",
            )
        ),
        Definitions(
            (
                (Z, Sum(A * S_BELOW, (I, Integer(1), BELOW)) + BETA),
                (DELTA, _slope(Z) * Sum(A_UP * DELTA_UP, (K, Integer(1), ABOVE))),
            )
        ),
        Paragraph(
            (
                "Forward, by induction from the first layer, where both networks see the same "
                "sample through the same row: if the one unit below outputs what every unit "
                "below does, ",
                eq(S_BELOW_ONE, S_BELOW),
                ", the one unit of layer ",
                ell,
                " has the same pre-activation, whatever the width ",
                BELOW,
                ":",
            )
        ),
        Chain(forward),
        Paragraph(
            (
                "So the outputs agree at every layer, and at the output layer (layer ",
                depth_symbol + 1,
                ", one unit, no activation) the two networks compute the same prediction. "
                "Backward, by induction from the output, where both signals are the derivative "
                "of the loss at that prediction, so that the one-unit signal is ",
                eq(Symbol("m_L+1"), one),
                " times the wide one. If the one unit above has ",
                eq(DELTA_UP_ONE, ABOVE * DELTA_UP),
                ", then:",
            )
        ),
        Chain(backward),
        Paragraph(
            (
                "The one-unit network's gradients are therefore ",
                HERE,
                " times a wide unit's, and its rates undo that: ",
                ETA * BELOW / HERE,
                " for the weight into layer ",
                ell,
                ", ",
                ETA / HERE,
                " for its bias (",
                ETA / Symbol("m_1"),
                " for the first layer's row), so that after the step it is again the image of "
                "the wide network:",
            )
        ),
        Chain(inner_update_chain(backward)),
        Chain(bias_update_chain(backward)),
        Paragraph(
            (
                "With ",
                eq(Symbol("m_L+1"), one),
                " the output layer is the case ",
                eq(ell, depth_symbol + 1),
                ": its weight ",
                Symbol("m_L") * Symbol("v"),
                " at the rate ",
                Symbol("m_L") * ETA,
                ", its bias at the rate ",
                ETA,
                ". By induction over steps, the one-unit network trained alone at these rates "
                "computes what the wide network computes at every step, for every depth and "
                "every width.",
            )
        ),
        Paragraph(
            (
                "Checked in coordinates for ",
                Integer(depth),
                " hidden layers of widths ",
                *_listed(widths),
                " on ",
                Integer(d),
                " inputs (",
                Integer(min(steps, 2)),
                " step" if min(steps, 2) == 1 else " steps",
                " unrolled on generic data), every check by SymPy:",
            )
        ),
        Table(("check", "outcome"), rows),
    ]


__all__ = ["MAX_CHECKED_DEPTH", "every_layer_blocks"]

"""What breaks the symmetry in a deep network, layer by layer: the smallest perturbations that
separate two units, each with an exact witness.

Units of a layer are equal when their incoming rows, their biases and their outgoing columns
are (the fixed set of permuting the layer's units).  The smallest perturbation changes one of
these three parts of one unit in one layer.  For each layer and each part, an exact run
(ReLU, the squared loss, every unit active) shows that after one step of gradient descent the
difference has spread to another part of the unit: the two units have parted for good, since
no later step can make two units of different pre-activation or signal equal again except by
coincidence.  The numeric twin (:func:`numeric.train_mlp` with ``exact=True``) computes the same
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sympy import Expr, Rational

import numeric
from symbolic.network.deep import DeepNetwork, train_deep

#: The parts of a unit, by the name the witnesses use.
PARTS = ("row", "bias", "column")

#: The equal start: two hidden layers of two units on one input; every unit active on x = 1.
WIDTHS = (2, 2)
START = dict(w=[1], biases=[Rational(1, 2), Rational(1, 4)], inner=[Rational(1, 2)], v=1, c=0)
SAMPLE = ([1], 3)
ETA = Rational(1, 4)
NUDGE = Rational(1, 2)


@dataclass(frozen=True)
class SymmetryBreak:
    """Unit 2 of ``layer`` starts equal to unit 1 except for ``part`` (by +``nudge``); after one
    exact step, ``spread`` names the parts of unit 2 that differ from unit 1's, with the
    differences ``gaps`` (unit 2's value minus unit 1's, entry by entry)."""

    layer: int
    part: str
    nudge: Expr
    spread: tuple[str, ...]
    gaps: dict[str, tuple[Expr, ...]]

    @property
    def separates(self) -> bool:
        """True when the difference reached a part that started equal."""
        return any(name != self.part for name in self.spread)

    def sentence(self) -> str:
        """The witness in words."""
        spread = [name for name in self.spread if name != self.part]
        gaps = "; ".join(f"{name}: {', '.join(str(g) for g in self.gaps[name])}" for name in spread)
        return (
            f"layer {self.layer}, {self.part} of unit 2 nudged by {self.nudge}: after one step "
            f"its {' and '.join(spread)} differ{'s' if len(spread) == 1 else ''} too ({gaps})"
        )


def symmetry_breaks() -> tuple[SymmetryBreak, ...]:
    """One exact witness per hidden layer and part (ReLU, squared loss, η = 1/4, one step on
    x = 1 with target 3, from equal units except the nudged part)."""
    return tuple(_break(layer, part) for layer in range(1, len(WIDTHS) + 1) for part in PARTS)


def _nudged(layer: int, part: str) -> list[tuple[list, list]]:
    start = DeepNetwork.equal_units(WIDTHS, **START)  # type: ignore[arg-type]
    layers = [(W.tolist(), [e for e in b]) for W, b in start.layers]
    if part == "row":
        layers[layer - 1][0][1] = [e + NUDGE for e in layers[layer - 1][0][1]]
    elif part == "bias":
        layers[layer - 1][1][1] += NUDGE
    else:
        for row in layers[layer][0]:
            row[1] += NUDGE
    return layers


def _parts(network: DeepNetwork, layer: int) -> dict[str, tuple[Expr, ...]]:
    """Unit 2's parts minus unit 1's."""
    W, b = network.layers[layer - 1]
    after = network.layers[layer][0]
    return {
        "row": tuple(W[1, i] - W[0, i] for i in range(W.cols)),
        "bias": (b[1] - b[0],),
        "column": tuple(after[k, 1] - after[k, 0] for k in range(after.rows)),
    }


def _break(layer: int, part: str) -> SymmetryBreak:
    layers = _nudged(layer, part)
    x, y = SAMPLE
    run = train_deep([x], [y], layers, eta=ETA, activation="relu", loss="squared")
    gaps = _parts(run.networks[1], layer)
    twin = numeric.train_mlp(
        [[Fraction(int(e)) for e in x]],
        [Fraction(y)],
        [
            ([[_fraction(e) for e in row] for row in W], [_fraction(e) for e in b])
            for W, b in layers
        ],
        eta=_fraction(ETA),
        activation="relu",
        loss="squared",
        exact=True,
    )
    ours = [[_fraction(e) for e in (*W, *b)] for W, b in run.networks[1].layers]
    theirs = [[Fraction(e) for e in (*W.flatten(), *b)] for W, b in twin.layers[1]]
    if ours != theirs:
        raise ArithmeticError(f"the numeric twin disagrees on the witness (layer {layer}, {part})")
    spread = tuple(name for name in PARTS if any(g != 0 for g in gaps[name]))
    found = SymmetryBreak(layer, part, NUDGE, spread, {n: gaps[n] for n in spread})
    if not found.separates:
        raise ArithmeticError(f"the witness (layer {layer}, {part}) does not separate the units")
    return found


def _fraction(value: object) -> Fraction:
    number = Rational(value)  # type: ignore[arg-type]
    return Fraction(int(number.p), int(number.q))


__all__ = ["PARTS", "SymmetryBreak", "symmetry_breaks"]

"""Hidden-unit symmetry, proved for every step: unrolled steps, then induction.

Theorem.  A network with one hidden layer of m ≥ 1 units, ŷ = Σⱼ vⱼ σ(wⱼ·x + bⱼ) + c, trained
online by gradient descent on a loss L(ŷ, y) with rate η.  If all hidden units start equal
(equal rows of W, equal entries of b, equal entries of v), then after every update they are
still equal: for any σ, any L, any data, any m, any η, any number of steps and epochs.  And
the network then computes exactly what a one-unit network computes whose outgoing weight is
m·v, trained with rate m·η for the outgoing weight, η/m for the incoming weights and the
bias, and η for c.

Every part is a check by SymPy (:func:`symbolic.is_shown_zero` of a difference), with the
gradients computed by :func:`sympy.diff` of the network written out
(:func:`symbolic.network.model.gradient_formula`):

- unrolled: steps k = 1 … K on generic data (every x⁽ᵏ⁾ᵢ and y⁽ᵏ⁾ a symbol, from a generic
  equal start w⁽⁰⁾, b⁽⁰⁾, v⁽⁰⁾, c⁽⁰⁾), the m units compared with unit 1 after every step;
- base case and induction step of the symmetry: units j and 1 with equal generic parameters
  after step k − 1 and anything else in the output (the other units and c, one symbol r)
  get equal gradients, hence equal parameters after step k, whatever η;
- base case and induction step of the one-unit equivalence, for every m (a symbol): all m
  units at (w, b, v) and the one-unit network at (w, b, m·v, c) give the same output, and
  after one update (rates η, and η/m, m·η, η for the one unit) the same holds again.

Equalities are shown by expanding, or in a deep rational normal form
(:mod:`symbolic.algebra.normal_form`), never by ``simplify``: a check that does not reduce
to 0 that way is "not shown".

Data of later epochs are samples like any other, so the generic data covers every epoch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from numbers import Integral

from sympy import Expr, ImmutableMatrix, MatrixBase, Symbol, expand, zeros

from numeric.display import cut, one_line, shown_count
from numeric.network import Rates
from symbolic.algebra.identity import denominators_nonzero
from symbolic.algebra.normal_form import deep_cancel
from symbolic.algebra.symbols import ETA
from symbolic.errors import DimensionMismatch, StepOutOfRange
from symbolic.network.functions import ANY, Activation, Loss, activation_of, loss_of
from symbolic.network.model import (
    Network,
    NetworkTrace,
    gradient_formula,
    output,
    train_network,
)
from symbolic.perceptron.dataset import generic_dataset, indexed_symbol
from symbolic.printable import Displayable
from symbolic.theorems.zero_init import Check, all_shown

#: The number of hidden units as a symbol, for the steps that hold for every m.
M = Symbol("m", positive=True, integer=True)

#: A learning rate of any sign, for the induction steps.
ANY_RATE = Symbol("eta", real=True)

#: The parameter groups of a unit: incoming weights, bias, outgoing weight.
GROUPS = ("W", "b", "v")


@dataclass(frozen=True)
class HiddenSymmetryProof(Displayable):
    """What :func:`prove_hidden_symmetry` found; ``holds`` only if every check was shown."""

    width: int
    d: int
    steps: int
    activation: str
    loss: str
    eta: Expr
    checks: tuple[Check, ...]
    run: NetworkTrace = field(repr=False, compare=False)

    @property
    def holds(self) -> bool:
        """True only when there are checks and every one of them was shown."""
        return all_shown(self.checks)

    def __repr__(self) -> str:
        parts = [
            "holds" if self.holds else "not shown",
            shown_count(self.checks),
            f"m={self.width}",
            f"d={self.d}",
            f"steps={self.steps}",
            f"activation={self.activation!r}",
            f"loss={self.loss!r}",
        ]
        parts += [] if self.eta == ETA else [f"eta={cut(self.eta, 20)}"]
        return one_line("HiddenSymmetryProof", *parts)

    def __str__(self) -> str:
        lines = [*self._theorem(), "", self._unrolled(), "", "Checks:"]
        lines += [f"  {check}" for check in self.checks]
        return "\n".join([*lines, "", f"Verdict: {self._verdict()}"])

    def _theorem(self) -> list[str]:
        sigma = "any activation σ" if self.activation == "any" else f"σ = {self.activation}"
        loss = "any loss L" if self.loss == "any" else f"the {self.loss} loss"
        rate = "any real η" if self.eta == ETA else f"η = {self.eta}"
        return [
            f"Theorem (hidden-unit symmetry), checked for {sigma} and {loss}.  If all hidden",
            "units start equal (equal rows of W, equal entries of b and of v), they are equal",
            f"after every step, for any data, any m, {rate} and any number of epochs; and the",
            "network computes what one unit computes with outgoing weight m·v, trained with",
            "rates m·η (outgoing weight), η/m (incoming weights and bias) and η (output bias c).",
        ]

    def _unrolled(self) -> str:
        m = self.width
        return (
            f"Unrolled on generic data (m = {m} unit{'s' if m != 1 else ''}, d = {self.d}, "
            f"{self.steps} step{'s' if self.steps != 1 else ''}), "
            "and the induction step for every m:"
        )

    def _verdict(self) -> str:
        if self.holds:
            return (
                "HOLDS: every step above was checked by SymPy; by induction it holds for every k."
            )
        return "NOT SHOWN: at least one check could not be shown; nothing is claimed."


def prove_hidden_symmetry(
    width: int = 2,
    activation: object = None,
    loss: object = None,
    steps: int = 2,
    *,
    d: int = 2,
    eta: Expr = ETA,
) -> HiddenSymmetryProof:
    """Prove the hidden-unit symmetry theorem: unroll k = 1 … ``steps`` for ``width`` units on
    generic data with ``d`` inputs, then the base case and the induction steps.

    ``activation`` and ``loss``: None for any (undefined σ and L), a name (``"tanh"``,
    ``"sigmoid"``, ``"relu"``, ``"identity"``; ``"squared"``, ``"logistic"``) or a SymPy
    function."""
    for name, value in (("width", width), ("d", d)):
        if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
            raise DimensionMismatch(f"{name}={value!r} must be a positive integer", value)
    if not isinstance(steps, Integral) or isinstance(steps, bool) or steps < 1:
        raise StepOutOfRange(f"steps={steps!r} must be a positive integer")
    sigma, ell = activation_of(activation), loss_of(loss)
    m = int(width)
    data = generic_dataset(steps, d)
    X = [list(data.x(k)) for k in range(1, steps + 1)]
    y = list(data.labels)
    w0 = [indexed_symbol("w", 0, i) for i in range(1, d + 1)]
    b0, v0, c0 = (indexed_symbol(name, 0) for name in ("b", "v", "c"))
    wide = train_network(
        X, y, W=[w0] * m, b=[b0] * m, v=[v0] * m, c=c0, eta=eta, activation=sigma, loss=ell
    )
    checks = [*base_checks(wide, X[0], m)]
    checks += [units_equal_check(wide, k) for k in range(1, steps + 1)]
    # the induction steps with a rate of any sign (the unrolled run uses η > 0, as the
    # trace does), so "whatever η" is what is checked
    rate = ANY_RATE if eta == ETA else eta
    checks += symmetry_step_checks(sigma, ell, d, rate)
    checks += one_unit_step_checks(sigma, ell, d, rate)
    return HiddenSymmetryProof(m, d, steps, sigma.name, ell.name, eta, tuple(checks), wide)


def one_unit_rates(eta: Expr, m: Expr) -> Rates:
    """The one-unit network's rates: η/m for W and b, m·η for v, η for c."""
    return Rates(eta / m, eta / m, m * eta, eta)


def base_checks(wide: NetworkTrace, x: list, m: int) -> list[Check]:
    """Step 0: the units start equal, and the one-unit network (w⁽⁰⁾, b⁽⁰⁾, m·v⁽⁰⁾, c⁽⁰⁾)
    computes the same output on the first sample."""
    start = wide.networks[0]
    same = _same_units(start)
    w, b, v = start.unit(1)
    one = Network(w, ImmutableMatrix([b]), ImmutableMatrix([m * v]), start.c)
    outputs = output(start, x, wide.activation) - output(one, x, wide.activation)
    return [
        Check("base case", "all units start with the same w⁽⁰⁾, b⁽⁰⁾ and v⁽⁰⁾", same),
        Check(
            "base case: one unit",
            f"the one-unit network at (w⁽⁰⁾, b⁽⁰⁾, {m}·v⁽⁰⁾, c⁽⁰⁾) computes the same ŷ",
            is_shown_zero(outputs),
        ),
    ]


def units_equal_check(wide: NetworkTrace, k: int) -> Check:
    """After step k of the unrolled run, every unit equals unit 1."""
    network = wide.networks[k]
    detail = "" if network.m > 1 else "one unit: nothing to compare"
    return Check(
        f"step {k}: units equal",
        f"after step {k} units 2 … m have unit 1's incoming weights, bias and outgoing weight",
        _same_units(network),
        detail,
    )


def symmetry_step_checks(
    activation: Activation,
    loss: Loss,
    d: int,
    eta: Expr = ETA,
    *,
    assume_equal: Iterable[str] = GROUPS,
) -> list[Check]:
    """The induction step of the symmetry: units j and 1 with generic parameters, made equal
    in the groups ``assume_equal`` (the hypothesis; all three for the theorem), and one symbol
    r for the rest of the output (c and the other units); SymPy's gradients of both units are
    compared, then the parameters after the update."""
    assume = _groups(assume_equal)
    units = {
        j: (
            ImmutableMatrix(1, d, [Symbol(f"w_{j}{i}", real=True) for i in range(1, d + 1)]),
            Symbol(f"b_{j}", real=True),
            Symbol(f"v_{j}", real=True),
        )
        for j in ("1", "j")
    }
    rest = Symbol("r", real=True)
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    y = Symbol("y", real=True)
    (w1, b1, v1), (wj, bj, vj) = units["1"], units["j"]
    hypothesis: dict = {}
    if "W" in assume:
        hypothesis.update(zip(wj, w1, strict=True))
    if "b" in assume:
        hypothesis[bj] = b1
    if "v" in assume:
        hypothesis[vj] = v1
    network = Network(
        ImmutableMatrix.vstack(w1, wj),
        ImmutableMatrix([b1, bj]),
        ImmutableMatrix([v1, vj]),
        rest,
    )
    g = gradient_formula(2, d, activation, loss).at(network, x, y)
    gradients = [
        *(g.W[1, i] - g.W[0, i] for i in range(d)),
        g.b[1] - g.b[0],
        g.v[1] - g.v[0],
    ]
    before = [*(wj[i] - w1[i] for i in range(d)), bj - b1, vj - v1]
    updates = [p - eta * q for p, q in zip(before, gradients, strict=True)]
    equal = ", ".join(sorted(assume)) or "nothing"
    return [
        Check(
            "induction step: gradients",
            "units j and 1 with equal parameters after step k − 1 (equal: "
            f"{equal}) get equal gradients at step k, whatever the other units, c and the "
            "sample",
            all(is_shown_zero(e.xreplace(hypothesis)) for e in gradients),
        ),
        Check(
            "induction step: updates",
            "so units j and 1 are equal after step k, whatever η",
            all(is_shown_zero(e.xreplace(hypothesis)) for e in updates),
        ),
    ]


def one_unit_step_checks(
    activation: Activation, loss: Loss, d: int, eta: Expr = ETA, *, rates: Rates | None = None
) -> list[Check]:
    """The induction step of the one-unit equivalence, for every m (a symbol): every unit at
    (w, b, v) and the one-unit network at (w, b, m·v, c) give the same ŷ, and after the
    update (rates η for the m units; ``rates``, by default η/m, η/m, m·η, η, for the one unit)
    the one-unit network is again (w′, b′, m·v′, c′)."""
    m = M
    rates = one_unit_rates(eta, m) if rates is None else rates
    w = ImmutableMatrix(1, d, [Symbol(f"w_{i}", real=True) for i in range(1, d + 1)])
    b, v, c = Symbol("b", real=True), Symbol("v", real=True), Symbol("c", real=True)
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    y = Symbol("y", real=True)
    unit = activation(sum((w[i] * x[i] for i in range(d)), b))
    # c and the m − 1 other units, each equal to this one: c + (m − 1)·v·σ(z), written so that
    # SymPy adds it to this unit's v·σ(z) as m·v·σ(z) + c, the one unit's output as written
    others = c + m * v * unit - v * unit
    formula = gradient_formula(1, d, activation, loss)
    ours = formula.at(Network(w, ImmutableMatrix([b]), ImmutableMatrix([v]), others), x, y)
    one = formula.at(Network(w, ImmutableMatrix([b]), ImmutableMatrix([m * v]), c), x, y)
    after = [
        *((w[i] - eta * ours.W[0, i]) - (w[i] - rates.W * one.W[0, i]) for i in range(d)),
        (b - eta * ours.b[0]) - (b - rates.b * one.b[0]),
        m * (v - eta * ours.v[0]) - (m * v - rates.v * one.v[0]),
        (c - eta * ours.c) - (c - rates.c * one.c),
    ]
    return [
        Check(
            "induction step: one unit, output",
            "m units at (w, b, v) and one unit at (w, b, m·v, c) compute the same ŷ (any m)",
            is_shown_zero(ours.output - one.output),
        ),
        Check(
            "induction step: one unit, update",
            "after the update the one unit is at (w′, b′, m·v′, c′), where (w′, b′, v′) is every "
            "unit's and c′ the output bias (any m)",
            all(is_shown_zero(e) for e in after),
        ),
    ]


def zero_weight_checks(activation: object = None, loss: object = None, d: int = 2) -> list[Check]:
    """All-zero weights: a hidden unit then outputs σ(0) whatever the input, and (induction
    step) zero W, b and v after step k − 1 get zero gradients at step k, so they stay zero and
    only c learns.  Shown exactly when σ(0) = 0 (tanh, ReLU, identity); not for the sigmoid,
    whose σ(0) is 1/2, nor for an unknown σ."""
    sigma, ell = activation_of(activation), loss_of(loss)
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    y, rest = Symbol("y", real=True), Symbol("r", real=True)
    zero = Network(zeros(1, d).as_immutable(), zeros(1, 1).as_immutable(),
                   zeros(1, 1).as_immutable(), rest)  # fmt: skip
    g = gradient_formula(1, d, sigma, ell).at(zero, x, y)
    hidden = sigma(sum((zero.W[0, i] * x[i] for i in range(d)), zero.b[0]))
    at_zero = sigma.at_zero
    named = sigma.name != ANY  # the checks of several activations sit in one table
    prefix = f"zero weights, σ = {sigma.name}" if named else "zero weights"
    value = f"σ(0) = {at_zero}" if named else "σ(0)"
    return [
        Check(
            f"{prefix}: hidden units",
            f"with zero incoming weights and bias a hidden unit outputs {value}, "
            "whatever the input",
            is_shown_zero(hidden - at_zero),
        ),
        Check(
            f"{prefix}: σ(0) = 0",
            f"{value} is 0" if named else "σ(0) = 0 (not known for an unspecified σ)",
            is_shown_zero(at_zero),
        ),
        Check(
            f"{prefix}: induction step",
            "zero W, b and v after step k − 1 get zero gradients at step k, whatever c and the "
            "sample, so only c learns",
            all(is_shown_zero(e) for e in (*g.W, *g.b, *g.v)),
        ),
    ]


def is_shown_zero(expr: Expr | MatrixBase) -> bool:
    """True when SymPy reduces ``expr`` (every entry of a matrix) to exactly 0: as it is,
    multiplied out, or in deep rational normal form
    (:func:`symbolic.algebra.normal_form.deep_cancel`), and only when every denominator in it
    is known non-zero.  False means "not shown".  Unlike :func:`symbolic.is_shown_zero` this never
    calls ``simplify``: on a difference that is not zero it can run for minutes."""
    if isinstance(expr, MatrixBase):
        return all(is_shown_zero(entry) for entry in expr)
    if expr == 0:
        return True
    # expanding cancels y/y as SymPy does on construction; here only where every
    # denominator is known non-zero, so that nothing undefined is shown equal
    return denominators_nonzero(expr) and (expand(expr) == 0 or deep_cancel(expr) == 0)


def _same_units(network: Network) -> bool:
    first = network.unit(1)
    for j in range(2, network.m + 1):
        w, b, v = network.unit(j)
        if not (is_shown_zero(w - first[0]) and is_shown_zero(b - first[1])):
            return False
        if not is_shown_zero(v - first[2]):
            return False
    return True


def _groups(groups: Iterable[str]) -> frozenset[str]:
    chosen = frozenset(groups)
    unknown = chosen - set(GROUPS)
    if unknown:
        raise DimensionMismatch(
            f"assume_equal={sorted(chosen)!r} must name groups from {list(GROUPS)}", chosen
        )
    return chosen


__all__ = [
    "HiddenSymmetryProof",
    "M",
    "one_unit_rates",
    "one_unit_step_checks",
    "prove_hidden_symmetry",
    "symmetry_step_checks",
    "zero_weight_checks",
]

"""Conservation laws of gradient flow as documents: how many a two-layer network has, which
they are, and the exact change one gradient step of size η makes to each.

The network is x ↦ V·σ(U·x), U of shape r × n and V of shape m × r.  Every count is computed
and certified by :func:`symbolic.conservation_laws` (two exact bounds that meet) and set next
to the published counts (Kunin et al., "Neural Mechanics", ICLR 2021; Marcotte, Gribonval,
Peyré, "Abide by the Law and Follow the Flow", NeurIPS 2023): r(r + 1)/2 for a linear network
when n + m ≥ r, one law per hidden unit for ReLU.  The change η²·h₂(∇L) of a law after one step
is derived by :mod:`symbolic.theorems.broken_laws` for every law; the chain for one ReLU unit
is verified here, and every number printed is computed, none typed.

Two builders: :func:`conservation_laws_document` (``etaproof derive conservation-laws``) and
:func:`network_laws_document`, one network's laws (``etaproof laws --format latex|markdown``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sympy import (
    Add,
    Eq,
    Expr,
    Function,
    Gt,
    Integer,
    Le,
    Lt,
    Rational,
    Symbol,
    Tuple,
    UnevaluatedExpr,
    expand,
    factor_terms,
)

from proofs.documents.styles import check_style, keeps, numbered, proof, theorem
from symbolic import (
    ConservationLaws,
    Derivation,
    DerivationError,
    EtaproofValueError,
    LawExample,
    NotShown,
    conservation_laws,
    scale_invariant_example,
    softmax_translation_example,
)
from symbolic.algebra import ETA, Dot, vector
from symbolic.derivations import (
    DEFINITION,
    LINEARITY,
    Block,
    Chain,
    Definitions,
    Document,
    Heading,
    Paragraph,
    Part,
    Table,
)

#: The widths of the count table: n inputs, r hidden units, m outputs.
TABLE_INPUTS = (1, 2)
TABLE_HIDDEN = (1, 2, 3)
TABLE_OUTPUTS = (1, 2)

#: The network whose laws are written out, and the one unit whose step is derived as a chain.
EXAMPLE_WIDTHS = (2, 3, 2)
UNIT_WIDTHS = (2, 1, 1)

#: One exact step of the example's ReLU network: (U, V), the sample (x, y), and η (every unit
#: active: its pre-activations are 3, 1 and 2).
STEP_POINT = (((1, 2), (2, -1), (-1, 3)), ((1, -1, 2), (0, 1, 1)))
STEP_SAMPLE = ((1, 1), (1, -1))
STEP_RATE = Rational(1, 10)

#: A scale-invariant loss's exact step: w, x, y (the example's d = 2 coordinates), and η.
SCALE_POINT = ((1, 2), (Rational(2, 3), -1), Rational(1, 2))

N, R, M, D = Symbol("n"), Symbol("r"), Symbol("m"), Symbol("D")
J, K = Symbol("j"), Symbol("k")
G, W, X, Y = Symbol("g"), vector("w"), vector("x"), Symbol("y")
UJ, VJ, UK, VK = (vector(name) for name in ("u_j", "v_j", "u_k", "v_k"))
U_, V_ = Symbol("U", commutative=False), Symbol("V", commutative=False)
NETWORK = V_ * Function("sigma", commutative=False)(U_ * Symbol("x", commutative=False))
H2 = Function("h_2")
PUBLISHED_LINEAR = UnevaluatedExpr(R * (R + 1)) / 2


class NotAnOption(EtaproofValueError):
    """An option of ``etaproof derive`` that means nothing for the conservation-laws document."""


class LawsOptions(Protocol):
    """What :func:`conservation_laws_document` reads of the registry's options (it takes only
    ``style``, and refuses the network's options when they are not their defaults)."""

    @property
    def style(self) -> str: ...
    @property
    def d(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def depth(self) -> int: ...
    @property
    def activation(self) -> str | None: ...
    @property
    def loss(self) -> str | None: ...


def published_linear(n: int, r: int, m: int) -> int | None:
    """The published count of a linear network: r(r + 1)/2, the entries of UUᵀ − VᵀV on and
    above the diagonal, when n + m ≥ r; None (no formula) otherwise."""
    return r * (r + 1) // 2 if n + m >= r else None


def published_relu(n: int, r: int, m: int) -> int:
    """The published count of a ReLU network without bias: one law per hidden unit."""
    return r


@dataclass(frozen=True)
class CountRow:
    """One row of the count table: the widths, and both networks' certified results."""

    widths: tuple[int, int, int]
    linear: ConservationLaws
    relu: ConservationLaws

    @property
    def parameters(self) -> int:
        """D = r·(n + m)."""
        return self.linear.parameter_count

    @property
    def published_linear(self) -> int | None:
        """The linear network's published count (None where no formula applies)."""
        return published_linear(*self.widths)

    @property
    def published_relu(self) -> int:
        """The ReLU network's published count."""
        return published_relu(*self.widths)


@functools.cache
def count_rows() -> tuple[CountRow, ...]:
    """Every network of the table, linear and ReLU, counted and certified."""
    return tuple(
        CountRow(
            (n, r, m), conservation_laws((n, r, m), "linear"), conservation_laws((n, r, m), "relu")
        )
        for n in TABLE_INPUTS
        for m in TABLE_OUTPUTS
        for r in TABLE_HIDDEN
    )


def certified_count(found: ConservationLaws) -> int:
    """The count, or :class:`NotShown` when it is not certified (no document prints one)."""
    if found.count is None:
        raise NotShown(f"the count is not certified: {found.statement}")
    return found.count


def eq(lhs: object, rhs: object) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def widths_expr(widths: Sequence[int]) -> Expr:
    """(n, r, m) = (2, 3, 2) as math."""
    return eq(Tuple(N, R, M), Tuple(*map(Integer, widths)))


def _shown(flag: bool) -> str:
    return "yes" if flag else "no"


# -- the theorem document ------------------------------------------------------------------


def conservation_laws_document(options: LawsOptions | None = None) -> Document:
    """The document of ``etaproof derive conservation-laws``: what a conservation law is, the
    count table against the published counts, the laws of one network, the exact change of a
    law after one step of size η (a verified chain for one ReLU unit), and the scale-invariant
    and softmax-bias examples, in the ``style`` of :mod:`proofs.documents.styles`."""
    style = "answer" if options is None else _style_of(options)
    rows = count_rows()
    blocks: list[Block] = [*_opening_blocks(style), *_count_blocks(rows)]
    blocks += _example_network_blocks(conservation_laws(EXAMPLE_WIDTHS, "linear"))
    blocks += _step_blocks(style)
    if keeps(style, "background"):
        blocks += _scale_invariant_blocks(_scale_invariant())
        blocks += _softmax_blocks(_softmax())
        blocks += _closing_blocks()
    return Document(
        "Conservation laws of gradient flow, and what a step of size η does to them",
        tuple(blocks),
        numbered=numbered(style),
    )


@functools.cache
def _scale_invariant() -> LawExample:
    return scale_invariant_example()


@functools.cache
def _softmax() -> LawExample:
    return softmax_translation_example()


def _style_of(options: LawsOptions) -> str:
    """``options.style``, after refusing the network options this document has no use for
    (``derive`` itself refuses the perceptron's --rule and --bias for a network theorem)."""
    unused = {
        "--dim": options.d != 2,
        "--width": options.width != 2,
        "--depth": options.depth != 1,
        "--activation": options.activation is not None,
        "--loss": options.loss is not None,
    }
    for option, given in unused.items():
        if given:
            raise NotAnOption(
                f"conservation-laws takes no {option}: its table counts linear and ReLU "
                "networks of every width it lists (for one network: etaproof laws --widths "
                "N,R,M --activation linear|relu [--bias])",
                option,
            )
    return check_style(options.style)


def _opening_blocks(style: str) -> list[Block]:
    """What a conservation law is, and (notes, brief) the theorem."""
    return [
        Paragraph(
            (
                "Train the two-layer network ",
                NETWORK,
                " by gradient descent: its hidden layer has ",
                R,
                " units with the activation ",
                Symbol("sigma"),
                " (the identity for a linear network, or ReLU), ",
                U_,
                " holds their incoming weights from ",
                N,
                " inputs and ",
                V_,
                " their outgoing weights to ",
                M,
                " outputs, ",
                eq(D, R * (N + M)),
                " parameters in all. A conservation law is a function of the parameters that "
                "gradient flow (gradient descent with an infinitely small step) keeps constant "
                "for every loss and every data set: its gradient is orthogonal to the gradient "
                "of the loss at every point. Every count, law and number below was computed "
                "and checked by SymPy in exact arithmetic before it was printed.",
            )
        ),
        *theorem(
            style,
            (
                "Let ",
                Symbol("h"),
                " be a conservation law of gradient flow that is a polynomial of degree at most ",
                Integer(2),
                " in the parameters, with quadratic part ",
                Symbol("h_2"),
                ". One step of gradient descent of size ",
                Gt(ETA, 0, evaluate=False),
                " with gradient ",
                G,
                " changes ",
                Symbol("h"),
                " by exactly ",
                ETA**2 * H2(G),
                ": the flow keeps the law, a step of size ",
                ETA,
                " breaks it at order ",
                ETA**2,
                ".",
            ),
        ),
    ]


def _count_blocks(rows: Sequence[CountRow]) -> list[Block]:
    """The count table, with how it was computed and how it compares with the literature."""
    header: tuple[Part | tuple[Part, ...], ...] = (
        N,
        R,
        M,
        D,
        "linear, computed",
        ("published ", PUBLISHED_LINEAR),
        "ReLU, computed",
        ("published ", R),
    )
    body = tuple(
        (
            *map(Integer, row.widths),
            Integer(row.parameters),
            Integer(certified_count(row.linear)),
            Integer(row.published_linear)
            if row.published_linear is not None
            else ("none: ", Lt(N + M, R, evaluate=False)),
            Integer(certified_count(row.relu)),
            Integer(row.published_relu),
        )
        for row in rows
    )
    return [
        Heading("How many laws"),
        Paragraph(
            (
                "The loss depends on the parameters only through a few products of them: ",
                V_ * U_,
                " for a linear network, and for ReLU, on each region where the pattern of "
                "active units is fixed, the products of each unit's incoming and outgoing "
                "weights. The number of independent laws is ",
                D,
                " minus the rank, at a generic point, of the Lie algebra generated by the "
                "gradients of these products (Marcotte, Gribonval and Peyré, NeurIPS 2023). "
                "etaproof certifies each count with two exact bounds that meet: that many laws, "
                "each checked to be conserved and independent of the others, and as many "
                "brackets of the gradients with independent values at a rational point as the "
                "rank needs. Computed, next to the published counts (Marcotte et al., who count "
                "every law; the laws themselves are those of Du, Hu and Lee, NeurIPS 2018, and "
                "Kunin et al., ICLR 2021):",
            )
        ),
        Table(header, body),
        _agreement(rows),
    ]


def _agreement(rows: Sequence[CountRow]) -> Paragraph:
    """How many rows agree with the published formulas, and what the others are."""
    total = Integer(len(rows))
    relu = sum(certified_count(row.relu) == row.published_relu for row in rows)
    applies = [row for row in rows if row.published_linear is not None]
    linear = sum(certified_count(row.linear) == row.published_linear for row in applies)
    if relu != len(rows) or linear != len(applies):
        raise DerivationError("a computed count differs from a published one where it applies")
    parts: list[Part] = [
        "Every count is certified. The ReLU count is the published one in ",
        Integer(relu),
        " of the ",
        total,
        " rows, and the linear count in ",
        Integer(linear),
        " of the ",
        Integer(len(applies)),
        " rows where the published formula applies.",
    ]
    for row in rows:
        if row.published_linear is not None:
            continue
        r = row.widths[1]
        parts += [
            " For ",
            widths_expr(row.widths),
            ", where ",
            Lt(N + M, R, evaluate=False),
            ", the linear count is ",
            Integer(certified_count(row.linear)),
            ", not ",
            eq(PUBLISHED_LINEAR, Integer(r * (r + 1) // 2)),
            ": the laws ",
            Dot(UJ, UK) - Dot(VJ, VK),
            " are still conserved, but with so few inputs and outputs they are not independent.",
        ]
    return Paragraph(tuple(parts))


def _example_network_blocks(linear: ConservationLaws) -> list[Block]:
    """The laws of the example network, linear and ReLU, each matched with its closed form."""
    relu = conservation_laws(linear.widths, "relu")
    relu_names = [Symbol(f"h_{j}") for j in range(1, len(relu.laws) + 1)]
    linear_names = [Symbol(f"H_{i}") for i in range(1, len(linear.laws) + 1)]
    if _matched_laws(relu, diagonal_only=True) != [(j, j) for j in range(1, relu.widths[1] + 1)]:
        raise NotShown("the ReLU laws are not one u_j·u_j − v_j·v_j for each unit j, in order")
    pairs = _matched_laws(linear, diagonal_only=False)
    return [
        Heading("The laws of one network"),
        Paragraph(
            (
                "Write ",
                UJ,
                " for the incoming weights of hidden unit ",
                J,
                " (row ",
                J,
                " of ",
                U_,
                ") and ",
                VJ,
                " for its outgoing weights (column ",
                J,
                " of ",
                V_,
                "). A ReLU unit can be rescaled, ",
                UJ,
                " by a factor ",
                Gt(Symbol("c"), 0, evaluate=False),
                " and ",
                VJ,
                " by its inverse, without changing the network, and the law of that symmetry is ",
                Dot(UJ, UJ) - Dot(VJ, VJ),
                ". For ",
                widths_expr(relu.widths),
                " etaproof finds ",
                Integer(certified_count(relu)),
                " laws, this one for each unit ",
                J,
                " (checked term by term):",
            )
        ),
        Definitions(tuple(zip(relu_names, relu.laws, strict=True))),
        Paragraph(
            (
                "A linear network has more symmetry: any invertible change of basis of its hidden "
                "layer leaves the product of its two weight matrices unchanged, and the "
                "symmetric part of that symmetry gives the laws ",
                Dot(UJ, UK) - Dot(VJ, VK),
                " for every pair of units ",
                Le(J, K, evaluate=False),
                ". The ",
                Integer(certified_count(linear)),
                " laws found are these for the pairs ",
                *_joined_pairs(pairs),
                ":",
            )
        ),
        Definitions(tuple(zip(linear_names, linear.laws, strict=True))),
    ]


def _joined_pairs(pairs: Sequence[tuple[int, int]]) -> list[Part]:
    parts: list[Part] = []
    for i, (j, k) in enumerate(pairs):
        if i:
            parts.append(", " if i < len(pairs) - 1 else " and ")
        parts.append(Tuple(Integer(j), Integer(k)))
    return parts


def _matched_laws(found: ConservationLaws, *, diagonal_only: bool) -> list[tuple[int, int]]:
    """For each law, the units (j, k), j ≤ k, with law = u_j·u_k − v_j·v_k in coordinates
    (raises :class:`NotShown` when a law is none of them)."""
    U, V = found.network.U, found.network.V

    def closed_form(j: int, k: int) -> Expr:
        inner = sum((a * b for a, b in zip(U[j], U[k], strict=True)), Integer(0))
        outer = sum((row[j] * row[k] for row in V), Integer(0))
        return inner - outer

    r = found.network.r
    candidates = [(j, k) for j in range(r) for k in range(j, r) if j == k or not diagonal_only]
    matched = []
    for law in found.laws:
        hits = [(j + 1, k + 1) for j, k in candidates if expand(law - closed_form(j, k)) == 0]
        if not hits:
            raise NotShown(f"the law {law} is not u_j·u_k − v_j·v_k for any units j ≤ k")
        matched.append(hits[0])
    return matched


def unit_step_chain(found: ConservationLaws) -> Derivation:
    """h(θ − ηg) − h(θ) = −η⟨∇h, g⟩ + η²·h₂(g) = η²·h₂(g) for the first law of ``found``,
    with g = ∇L written out (the second step is where the law's conservation is used)."""
    net, law = found.network, found.laws[0]
    change = found.step_changes[0]
    theta, g = net.variables, change.directions
    stepped = law.xreplace({t: t - ETA * d for t, d in zip(theta, g, strict=True)})
    first = factor_terms(Add(*(law.diff(t) * d for t, d in zip(theta, g, strict=True))))
    return (
        Derivation(stepped - law)
        .step(-ETA * first + change.formula, "expanding the squares")
        .step(change.formula, DEFINITION.using(*zip(g, net.loss_gradient, strict=True)))
        .verify()
    )


Matrix = Sequence[Sequence[int]]


def exact_step(
    found: ConservationLaws,
    point: tuple[Matrix, Matrix],
    sample: tuple[Sequence[int], Sequence[int]],
    eta: Expr,
) -> tuple[Expr, ...]:
    """The change of every law after one step θ ↦ θ − η·∇L(θ), taken by substituting the
    stepped parameters into each law (not from the formula η²·h₂); ReLU's pattern s_j is read
    at the point with σ′(0) = 0."""
    net = found.network
    U, V = point
    x, y = sample
    theta = [Rational(v) for row in U for v in row] + [Rational(v) for row in V for v in row]
    at: dict[Symbol, Expr] = dict(zip(net.variables, theta, strict=True))
    at |= {s: Rational(v) for s, v in zip(net.x, x, strict=True)}
    at |= {s: Rational(v) for s, v in zip(net.y, y, strict=True)}
    for s, row in zip(net.pattern, U, strict=True):
        z = sum(Rational(u) * Rational(xi) for u, xi in zip(row, x, strict=True))
        at[s] = Integer(1 if z > 0 else 0)
    gradient = [e.xreplace(at) for e in net.loss_gradient]
    after = {t: at[t] - eta * gt for t, gt in zip(net.variables, gradient, strict=True)}
    return tuple(law.xreplace(after) - law.xreplace(at) for law in found.laws)


def _step_blocks(style: str) -> list[Block]:
    """The exact change of a law after one step: the chain for one ReLU unit, then every law of
    the example network (derived by the core), and an exact step at η and η/2."""
    unit = conservation_laws(UNIT_WIDTHS, "relu")
    chain = unit_step_chain(unit)
    example = conservation_laws(EXAMPLE_WIDTHS, "relu")
    if not all(change.shown for change in example.step_changes):
        raise NotShown("a step change of the example network's laws was not derived")
    names = [Symbol(f"delta_{j}") for j in range(1, len(example.laws) + 1)]
    law_names = [Symbol(f"h_{j}") for j in range(1, len(example.laws) + 1)]
    half = STEP_RATE / 2
    measured = exact_step(example, STEP_POINT, STEP_SAMPLE, STEP_RATE)
    halved = exact_step(example, STEP_POINT, STEP_SAMPLE, half)
    predicted = example.step_change(STEP_POINT, STEP_RATE, *STEP_SAMPLE)
    if list(measured) != list(predicted) or any(c == 0 for c in measured):
        raise DerivationError("an exact step does not change the laws by η²·h₂(∇L)")
    if any(a != 4 * b for a, b in zip(measured, halved, strict=True)):
        raise DerivationError("halving η does not quarter the change of every law")
    (U, V), (x, y) = STEP_POINT, STEP_SAMPLE
    body: list[Block] = [
        Paragraph(
            (
                "A step is not the flow. Take one hidden ReLU unit with ",
                Integer(unit.network.n),
                " inputs and one output, its law ",
                eq(Symbol("h"), unit.laws[0]),
                ", and one sample ",
                Tuple(*unit.network.x),
                " with target ",
                unit.network.y[0],
                "; ",
                unit.network.pattern[0],
                " is the unit's slope (",
                Integer(1),
                " when it is active, else ",
                Integer(0),
                "), and the loss is half the squared error. One step moves every parameter by ",
                -ETA,
                " times its component of the gradient ",
                G,
                ", and since the law has degree ",
                Integer(2),
                " its change stops at ",
                ETA**2,
                ", exactly:",
            )
        ),
        Chain(chain),
        Paragraph(
            (
                "The term in ",
                ETA,
                " is the flow's, and vanishes because the flow keeps the law; what is left is ",
                ETA**2,
                " times the law's quadratic part at ",
                G,
                ", which is not ",
                Integer(0),
                " in general. For every law certified above, etaproof checks with SymPy that "
                "the term in ",
                ETA,
                " vanishes identically (the certificate's last check), and for the laws below "
                "it derives the expansion as well. For the ReLU network ",
                widths_expr(example.widths),
                " one step changes its laws ",
                *_listed(law_names),
                " by",
            )
        ),
        Definitions(tuple(zip(names, (c.formula for c in example.step_changes), strict=True))),
        Paragraph(
            (
                "where ",
                G,
                " now stands for the gradient of this network's loss on the sample. An exact "
                "step from the rows ",
                eq(U_, _rows(U)),
                " and ",
                eq(V_, _rows(V)),
                " on ",
                eq(Symbol("x"), Tuple(*map(Integer, x))),
                ", ",
                eq(Symbol("y"), Tuple(*map(Integer, y))),
                " with ",
                eq(ETA, STEP_RATE),
                ", taken by substituting the new parameters into the laws, changes them by ",
                *_listed(measured),
                ", which is what the formulas give; with ",
                eq(ETA, half),
                " the changes are ",
                *_listed(halved),
                ", a quarter of those, as ",
                ETA**2,
                " says.",
            )
        ),
    ]
    return [Heading("One step of size η"), *proof(style, body)]


def _rows(rows: Sequence[Sequence[int]]) -> Expr:
    """A matrix as the tuple of its rows."""
    return Tuple(*(Tuple(*map(Integer, row)) for row in rows))


def _listed(values: Sequence[Expr]) -> list[Part]:
    parts: list[Part] = []
    for i, value in enumerate(values):
        if i:
            parts.append(", " if i < len(values) - 1 else " and ")
        parts.append(value)
    return parts


def _checks_table(example: LawExample) -> Table:
    if not example.shown:
        raise NotShown(f"the example {example.name!r} was not shown")
    return Table(
        ("check", "shown by SymPy"),
        tuple((check.name, _shown(check.shown)) for check in example.checks),
    )


def scale_instance(example: LawExample) -> tuple[Expr, Expr]:
    """One exact step of the scale-invariant loss at :data:`SCALE_POINT` with η =
    :data:`STEP_RATE`: the change of the law by substitution, and by the formula η²‖g‖²."""
    step = example.step
    w, x, y = SCALE_POINT
    by_name = {s.name: s for e in step.gradient for s in e.free_symbols}
    at: dict[Symbol, Expr] = {
        v: Rational(value) for v, value in zip(step.variables, w, strict=True)
    }
    at |= {by_name[f"x_{i}"]: Rational(value) for i, value in enumerate(x, 1)}
    at[by_name["y"]] = Rational(y)
    g = [e.xreplace(at) for e in step.gradient]
    after = {v: at[v] - STEP_RATE * gv for v, gv in zip(step.variables, g, strict=True)}
    return example.law.xreplace(after) - example.law.xreplace(at), step.change(at, STEP_RATE)


def _scale_invariant_blocks(example: LawExample) -> list[Block]:
    """A loss that sees only the direction of w: the flow keeps w·w, every step grows it."""
    stepped, predicted = scale_instance(example)
    if stepped != predicted or not stepped > 0:
        raise DerivationError("the scale-invariant step does not grow w·w by η²·g·g")
    w, x, y = SCALE_POINT
    expansion = (
        Derivation(Dot(W - ETA * vector("g"), W - ETA * vector("g")) - Dot(W, W))
        .step(-2 * ETA * Dot(W, vector("g")) + ETA**2 * Dot(vector("g"), vector("g")), LINEARITY)
        .verify()
    )
    return [
        Heading("A scale-invariant loss"),
        Paragraph(
            (
                "A loss that sees only the direction of the weights, such as ",
                eq(Symbol("L"), (Dot(W, X) ** 2 / Dot(W, W) - Y) ** 2 / 2),
                ", is the same at ",
                Symbol("c") * W,
                " for every ",
                Gt(Symbol("c"), 0, evaluate=False),
                ", so its gradient ",
                vector("g"),
                " is orthogonal to ",
                W,
                " and the flow keeps ",
                Dot(W, W),
                ". A step does not:",
            )
        ),
        Chain(expansion),
        Paragraph(
            (
                "and with ",
                eq(Dot(W, vector("g")), 0),
                " one step grows ",
                Dot(W, W),
                " by exactly ",
                ETA**2 * Dot(vector("g"), vector("g")),
                ", at every step, so the effective rate, ",
                ETA,
                " divided by ",
                Dot(W, W),
                ", shrinks. SymPy checked it in ",
                Integer(len(example.step.variables)),
                " dimensions with the gradient written out; at ",
                eq(W, Tuple(*map(Rational, w))),
                ", ",
                eq(X, Tuple(*map(Rational, x))),
                ", ",
                eq(Y, Rational(y)),
                " and ",
                eq(ETA, STEP_RATE),
                " one exact step grows ",
                Dot(W, W),
                " by ",
                stepped,
                ".",
            )
        ),
        _checks_table(example),
    ]


def _softmax_blocks(example: LawExample) -> list[Block]:
    """Softmax biases: a linear law, which no step changes."""
    if example.step.formula != 0:
        raise DerivationError("the softmax biases' law has a quadratic part")
    classes = len(example.law.free_symbols)
    return [
        Heading("Softmax biases"),
        Paragraph(
            (
                "Softmax cross-entropy sees only the differences of the logits, so adding one "
                "constant to every bias changes nothing, and the flow keeps the sum of the "
                "biases, here ",
                eq(Symbol("h"), example.law),
                " for ",
                Integer(classes),
                " classes. That law is linear: its quadratic part is ",
                Integer(0),
                ", and one step of any size ",
                ETA,
                " changes it by exactly ",
                example.step.formula,
                ". Checked by SymPy:",
            )
        ),
        _checks_table(example),
    ]


def _closing_blocks() -> list[Block]:
    return [
        Heading("What the learning rate breaks"),
        Paragraph(
            (
                "Gradient flow keeps every law above. Gradient descent with a step of size ",
                ETA,
                " keeps the linear ones exactly and changes each quadratic one by ",
                ETA**2,
                " times its quadratic part at the gradient, step after step: over a run of ",
                K,
                " steps a law drifts by a sum of ",
                K,
                " such terms. For small ",
                ETA,
                " the gradients along those steps hardly move, so the drift over a fixed number "
                "of steps divided by ",
                ETA**2,
                " hardly depends on ",
                ETA,
                " (the figure proofs/figures/law_drift.png, made by python -m proofs.plots, "
                "shows it for a ReLU network).",
            )
        ),
    ]


# -- one network, for ``etaproof laws`` --------------------------------------------------------


def network_words(found: ConservationLaws) -> tuple[Part, ...]:
    """The network as prose parts: "the two-layer ReLU network with (n, r, m) = (2, 3, 2),
    without bias," (or "… and a bias in each hidden unit")."""
    net = found.network
    kind = "linear" if net.activation == "linear" else "ReLU"
    extra = " and a bias in each hidden unit" if net.bias else ", without bias,"
    return (f"the two-layer {kind} network with ", widths_expr(net.widths), extra)


def network_laws_document(found: ConservationLaws) -> Document:
    """One network's laws: the certified count with its rank bounds (or both bounds when
    undecided), each law, the certificate's checks, and each law's change after one step."""
    low, high = found.rank_bounds
    parameters = Integer(found.parameter_count)
    if found.count is not None:
        count: tuple[Part, ...] = (
            " has exactly ",
            Integer(found.count),
            " independent conservation laws: ",
            eq(D, parameters),
            " parameters, and the Lie algebra generated by the gradients of the products the "
            "loss depends on has rank ",
            Integer(low),
            " at a generic point (two exact bounds that meet), and ",
            eq(Add(parameters, -Integer(low), evaluate=False), Integer(found.count)),
            ".",
        )
    else:
        count = (
            " has between ",
            Integer(found.parameter_count - high),
            " and ",
            Integer(found.parameter_count - low),
            " independent conservation laws: ",
            eq(D, parameters),
            " parameters, and the rank of the Lie algebra generated by the gradients of the "
            "products the loss depends on is at least ",
            Integer(low),
            " and at most ",
            Integer(high),
            " at a generic point. The two bounds do not meet, so no count is given.",
        )
    names = [Symbol(f"h_{i}") for i in range(1, len(found.laws) + 1)]
    blocks: list[Block] = [Paragraph(("Gradient flow on ", *network_words(found), *count))]
    if found.laws:
        blocks += [
            Paragraph(("The laws, each checked to be conserved by every gradient field:",)),
            Definitions(tuple(zip(names, found.laws, strict=True))),
        ]
    if found.quadratic_laws > len(found.laws):
        blocks.append(
            Paragraph(
                (
                    "There are ",
                    Integer(found.quadratic_laws),
                    " laws of degree at most ",
                    Integer(2),
                    " in all; only these ",
                    Integer(len(found.laws)),
                    " are functionally independent.",
                )
            )
        )
    blocks.append(
        Table(
            ("check of the certificate", "shown"),
            tuple((check.name, _shown(check.shown)) for check in found.checks),
        )
    )
    shown = [(n, c) for n, c in zip(names, found.step_changes, strict=True) if c.shown]
    if shown:
        deltas = [Symbol(f"delta_{str(n.name).removeprefix('h_')}") for n, _ in shown]
        blocks += [
            Heading("One step of size η"),
            Paragraph(
                (
                    "One step of gradient descent of size ",
                    ETA,
                    " on one sample, with ",
                    G,
                    " the gradient of the loss there, changes ",
                    *_listed([n for n, _ in shown]),
                    " by exactly",
                )
            ),
            Definitions(tuple(zip(deltas, (c.formula for _, c in shown), strict=True))),
            Paragraph(
                (
                    "each ",
                    ETA**2,
                    " times the law's quadratic part at ",
                    G,
                    " (derived by SymPy: the expansion stops at ",
                    ETA**2,
                    ", and the term in ",
                    ETA,
                    " vanishes because the flow keeps the law).",
                )
            ),
        ]
    missing = [n for n, c in zip(names, found.step_changes, strict=True) if not c.shown]
    if missing:
        blocks.append(
            Paragraph(("The change after one step was not derived for ", *_listed(missing), "."))
        )
    title = "Conservation laws of a two-layer network"
    return Document(title, tuple(blocks))


__all__ = [
    "EXAMPLE_WIDTHS",
    "TABLE_HIDDEN",
    "TABLE_INPUTS",
    "TABLE_OUTPUTS",
    "CountRow",
    "NotAnOption",
    "certified_count",
    "conservation_laws_document",
    "count_rows",
    "exact_step",
    "network_laws_document",
    "network_words",
    "published_linear",
    "published_relu",
    "scale_instance",
    "unit_step_chain",
]

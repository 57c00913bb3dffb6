"""Hidden-unit symmetry as a document: answers 2 and 3 to the question, proved for every step
and checked claim by claim.

Theorem.  In a network with one hidden layer of m units trained online by gradient descent,
units that start equal (incoming weights, bias, outgoing weight) stay equal after every
step, for any activation σ, any loss L, any data, any m, any learning rate η and any number
of epochs; and the network then computes exactly what one unit computes whose outgoing weight
is m·v, trained with the rates m·η (outgoing weight), η/m (incoming weights, bias), η (c).

Every chain below is a :class:`symbolic.Derivation` verified before it is added (from
:mod:`proofs.documents.network_chains`); the theorem is also checked in coordinates by
:func:`symbolic.prove_hidden_symmetry`, the claims' verdicts come from
:func:`symbolic.question_claims`, and the numeric twin runs it in float64.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from sympy import Eq, Expr, Integer, Rational, Sum, Symbol, exp, tanh

import numeric
from proofs.documents.deep_chains import every_layer_blocks
from proofs.documents.network_chains import (
    U,
    bias_chain,
    error_chain,
    incoming_chain,
    one_unit_step,
    outgoing_chain,
    symmetry_hypotheses,
    symmetry_step,
    written_out_symmetry,
    zero_weights_step,
)
from proofs.documents.question import question_blocks
from proofs.documents.styles import check_style, keeps, numbered, proof, theorem
from symbolic import DerivationError, QuestionClaim, prove_hidden_symmetry, question_claims
from symbolic.derivations import (
    Chain,
    Definitions,
    Document,
    EquationRef,
    Heading,
    Paragraph,
    Table,
)
from symbolic.network import ACTIVATIONS
from symbolic.network.notation import NetworkNotation, T

#: Unroll the coordinate cross-check for at most this many steps (expressions grow fast).
CROSS_CHECKED_STEPS = 3


def eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def _sym(name: str) -> Symbol:
    return Symbol(name)


J, K, M = _sym("j"), _sym("k"), Symbol("m", positive=True, integer=True)


def hidden_symmetry_document(
    steps: int = 2,
    *,
    width: int = 2,
    depth: int = 1,
    activation: str | None = None,
    loss: str | None = None,
    d: int = 2,
    style: str = "answer",
) -> Document:
    """The hidden-symmetry document: the proof for every step with ``steps`` steps written
    out, and the coordinate cross-check for ``width`` units, ``activation`` and ``loss``
    (None: any) on ``d`` inputs (every chain verified), in the ``style`` of
    :mod:`proofs.documents.styles`; with ``depth`` ≥ 2, the section on every layer (the
    induction over layers, and its check for ``depth`` layers).  Built once per set of
    arguments."""
    return _document(steps, width, depth, activation, loss, d, check_style(style))


@functools.lru_cache(maxsize=16)
def _document(
    steps: int,
    width: int,
    depth: int,
    activation: str | None,
    loss: str | None,
    d: int,
    style: str,
) -> Document:
    n = NetworkNotation()
    blocks = intro_blocks(n) if keeps(style, "origin") else [Paragraph((CHECKED,))]
    blocks += theorem(style, statement(n))
    blocks += network_blocks(n)
    if keeps(style, "background"):
        blocks += gradient_blocks(n)
    blocks += symmetry_blocks(n, style)
    if keeps(style, "steps"):
        blocks += written_out_blocks(n, steps, shown=1 if numbered(style) else steps)
    if keeps(style, "checks"):
        blocks += cross_check_blocks(steps, width, activation, loss, d)
    if keeps(style, "background"):
        blocks += [*one_unit_blocks(n, style), *zero_weight_blocks(n), *unequal_blocks()]
    if depth > 1:
        blocks += every_layer_blocks(depth, width, activation, loss, d, steps)
    if keeps(style, "origin"):
        blocks += claims_blocks()
    return Document(
        "Hidden-unit symmetry: equal units stay equal", tuple(blocks), numbered=numbered(style)
    )


#: What the hidden-unit documents do with the question.
ANSWERS = (
    "Answer 1 derives it by hand for the perceptron (etaproof derive zero-init); answers 2 and 3 "
    "explain it by the hidden units of a network; their sentences are judged below."
)

CHECKED = (
    "Every equation below was checked by SymPy before it was printed; each line cites the "
    "rule that allows it."
)


def statement(n: NetworkNotation) -> tuple:
    """The symmetry theorem, as a Theorem's prose."""
    j = "j"
    return (
        "Train a network with one hidden layer of ",
        M,
        " units online by gradient descent with a learning rate ",
        n.eta,
        " on a loss ",
        n.loss(n.y_hat("k"), n.y("k")),
        ". If every unit starts as unit ",
        Integer(1),
        " does, ",
        eq(n.w(j, 0), n.w(1, 0)),
        ", ",
        eq(n.b(j, 0), n.b(1, 0)),
        " and ",
        eq(n.v(j, 0), n.v(1, 0)),
        ", then so it is after every step, for any differentiable activation ",
        n.sigma,
        " and loss, any data, any ",
        M,
        ", any ",
        n.eta,
        " and any number of epochs.",
    )


def intro_blocks(n: NetworkNotation) -> list:
    return [
        *question_blocks(ANSWERS),
        Paragraph(
            (
                "Answers 2 and 3 to the question say that hidden units which "
                "start with equal (or zero) weights follow the same gradient and stay alike, "
                "as if the layer had a single unit. Here is that argument for every step, "
                "and the answers' claims one by one, each with its verdict. Every equation "
                "below was checked by SymPy before it was printed; each line cites the rule "
                "that allows it.",
            )
        ),
    ]


def network_blocks(n: NetworkNotation) -> list:
    k, before, j = "k", "k-1", "j"
    l = Symbol("l")  # noqa: E741
    total = Sum(Symbol("v_l") * n.sigma(Symbol("z_l")), (l, Integer(1), M)) + n.c(before)
    return [
        Heading("The network"),
        Paragraph(
            (
                "One hidden layer of ",
                M,
                " units. At step ",
                K,
                " the network sees the sample ",
                n.x(k),
                " with target ",
                n.y(k),
                ". Unit ",
                J,
                " has incoming weights ",
                n.w(j, before),
                ", bias ",
                n.b(j, before),
                " and outgoing weight ",
                n.v(j, before),
                "; the output bias is ",
                n.c(before),
                ". The activation ",
                n.sigma,
                " and the loss ",
                n.loss,
                " are any differentiable functions. The output is ",
                eq(n.y_hat(k), total),
                "; as unit ",
                J,
                " sees it:",
            )
        ),
        Definitions((n.defines_z(j, k), n.defines_output(j, k))),
        Paragraph(
            (
                "where ",
                n.r(j, k),
                " is the output bias plus the terms of the other units: it does not involve "
                "the parameters of unit ",
                J,
                ".",
            )
        ),
    ]


def gradient_blocks(n: NetworkNotation) -> list:
    k, before, j = "k", "k-1", "j"
    return [
        Heading("The gradients, by the chain rule"),
        Paragraph(
            (
                "Gradient descent moves every parameter against the derivative of the loss "
                "at step ",
                K,
                ". SymPy differentiates the network written out (the checker evaluates each "
                "derivative), then the points where the derivatives are taken are named. "
                "The bias of unit ",
                J,
                ":",
            )
        ),
        Chain(error_chain(n)),
        Paragraph(
            (
                "This is the error backpropagated to unit ",
                J,
                ": the unit's outgoing weight ",
                n.v(j, before),
                " is one of its factors (the others depend on the weights too, through ",
                n.z(j, k),
                " and ",
                n.y_hat(k),
                "). The outgoing weight:",
            )
        ),
        Chain(outgoing_chain(n)),
        Paragraph(
            (
                "The incoming weights, in any dimension: move them along any direction ",
                U,
                " by ",
                T,
                " and differentiate at ",
                eq(T, Integer(0)),
                "; the derivative of the loss is the gradient times ",
                U,
                ", so the gradient is ",
                n.delta(j, k) * n.x(k),
                ":",
            )
        ),
        Chain(incoming_chain(n)),
        Paragraph(
            (
                "The output bias, with ",
                n.s(k),
                " the hidden layer's part of the output, which does not involve it:",
            )
        ),
        Chain(bias_chain(n)),
        Paragraph(("So one step of gradient descent with learning rate ", n.eta, " is")),
        Definitions(
            (
                n.defines_delta(j, k),
                n.defines_w(j, k),
                n.defines_b(j, k),
                n.defines_v(j, k),
                n.defines_c(k),
            )
        ),
        Paragraph(("and the same for unit ", Integer(1), ":")),
        Definitions(n.unit_definitions(1, k)),
    ]


def symmetry_blocks(n: NetworkNotation, style: str = "answer") -> list:
    k, before, j = "k", "k-1", "j"
    chains = symmetry_step(n, k, symmetry_hypotheses(n, k))
    body = [
        Paragraph(
            (
                "Claim: if every unit starts as unit ",
                Integer(1),
                " does (",
                eq(n.w(j, 0), n.w(1, 0)),
                ", ",
                eq(n.b(j, 0), n.b(1, 0)),
                ", ",
                eq(n.v(j, 0), n.v(1, 0)),
                "), then so it is after every step ",
                K,
                ", whatever the activation, the loss, the data, the number of units, the "
                "learning rate and the number of epochs. The base case is the assumption. "
                "Induction step: assume ",
                eq(n.w(j, before), n.w(1, before)),
                ", ",
                eq(n.b(j, before), n.b(1, before)),
                " and ",
                eq(n.v(j, before), n.v(1, before)),
                ". Then the net inputs and the backpropagated errors are equal,",
            )
        ),
        Chain(chains["z"]),
        Chain(chains["delta"]),
        Paragraph(("and so are the parameters after the update:",)),
        Chain(chains["w"]),
        Chain(chains["b"]),
        Chain(chains["v"]),
        Paragraph(
            (
                "which is the claim after ",
                K,
                " steps. Nothing was assumed of ",
                n.eta,
                ", of ",
                n.sigma,
                " or of ",
                n.loss,
                ": no learning rate separates equal units.",
            )
        ),
    ]
    if numbered(style):
        refs = [EquationRef(chains[name]) for name in ("w", "b", "v")]
        words = (" the theorem holds at every step, by induction on ", K, ".")
        body.append(Paragraph(("By ", refs[0], ", ", refs[1], " and ", refs[2], *words)))
    return [Heading("Equal units stay equal: every step, by induction"), *proof(style, body)]


def written_out_blocks(n: NetworkNotation, steps: int, shown: int | None = None) -> list:
    """The first ``steps`` steps as verified chains, the first ``shown`` of them printed (all
    by default); lecture notes print one, and a sentence says the others were checked."""
    shown = steps if shown is None else min(shown, steps)
    heading = f"The first {steps} step{'s' if steps > 1 else ''}, written out"
    if shown < steps:
        heading = "The first step, written out"
    blocks: list = [
        Heading(heading),
        Paragraph(
            (
                "Step ",
                Integer(1),
                " rests on the units starting equal; each later step cites only the chains "
                "of the step before it, so the proof grows linearly with the number of steps.",
            )
        ),
    ]
    every = written_out_symmetry(n, steps)  # every step verified, whether printed or not
    for k, chains in enumerate(every[:shown], start=1):
        blocks.append(Paragraph(("Step ", Integer(k), ":")))
        blocks += [Chain(chains[name]) for name in ("z", "delta", "w", "b", "v")]
    if shown < steps:
        later = {2: "Step 2 is", 3: "Steps 2 and 3 are"}.get(steps, f"Steps 2 to {steps} are")
        blocks.append(
            Paragraph(
                (
                    f"{later} the same chains with ",
                    Symbol("k"),
                    " one higher, each citing the chains of the step before it; SymPy checked "
                    "them too.",
                )
            )
        )
    return blocks


def cross_check_blocks(
    steps: int, width: int, activation: str | None, loss: str | None, d: int
) -> list:
    unrolled = min(steps, CROSS_CHECKED_STEPS)
    proof = prove_hidden_symmetry(width, activation, loss, unrolled, d=d)
    if not proof.holds:
        raise DerivationError(
            "the coordinate check of the hidden symmetry was not shown: "
            + "; ".join(str(c) for c in proof.checks if not c.shown)
        )
    sigma = "any activation" if activation is None else activation
    ell = "any loss" if loss is None else f"the {loss} loss"
    twin = numeric_twin_steps()
    return [
        Heading("In coordinates, and in the numeric twin"),
        Paragraph(
            (
                "The same theorem, checked by SymPy in coordinates (",
                eq(M, Integer(width)),
                " units, ",
                eq(Symbol("d"), Integer(d)),
                f" inputs, {sigma}, {ell}): every gradient computed by differentiating the "
                "network written out, the units compared after each of the first ",
                Integer(unrolled),
                " steps on data that are all symbols, then the induction steps for every ",
                M,
                ":",
            )
        ),
        Table(
            ("check", "shown by SymPy"),
            tuple((c.name, "yes" if c.shown else "no") for c in proof.checks),
        ),
        Paragraph(
            (
                "The numeric twin of etaproof trained networks of ",
                Integer(3),
                " equal units with every activation and both losses in float64, ",
                Integer(twin),
                " steps each on random data: the units stayed bitwise equal at every step.",
            )
        ),
    ]


@functools.lru_cache(maxsize=1)
def numeric_twin_steps() -> int:
    """Run numeric.train_network with equal units for every activation and loss; returns
    the number of steps of each run (raises DerivationError if the units ever part)."""
    rng = np.random.default_rng(9)
    X, y = rng.normal(size=(6, 2)), rng.choice([-1.0, 1.0], 6)
    w, b, v = rng.normal(size=2), rng.normal(), rng.normal()
    steps = 0
    for activation in sorted(numeric.network.ACTIVATIONS):
        for loss in sorted(numeric.network.LOSSES):
            trace = numeric.train_network(
                X, y, W=np.tile(w, (3, 1)), b=np.full(3, b), v=np.full(3, v), c=0.0, eta=0.1,
                epochs=5, activation=activation, loss=loss,
            )  # fmt: skip
            if not all(trace.units_equal(k) for k in range(trace.steps + 1)):
                raise DerivationError(f"the numeric twin's units parted ({activation}, {loss})")
            steps = trace.steps
    return steps


def one_unit_blocks(n: NetworkNotation, style: str = "answer") -> list:
    """The one-unit network: its definitions, the theorem that it computes what the m equal
    units compute, and the induction step that proves it."""
    k = "k"
    symmetry = symmetry_step(n, k, symmetry_hypotheses(n, k))
    chains = one_unit_step(n, k, symmetry)
    start = _one_unit_start(n)
    return [
        *_one_unit_network_blocks(n),
        *theorem(
            style,
            (
                "Started at ",
                *start,
                ", the one-unit network computes exactly what the ",
                n.m,
                " equal units compute, at every step.",
            ),
        ),
        *proof(style, _one_unit_induction_blocks(n, style, start, symmetry, chains)),
    ]


def _one_unit_start(n: NetworkNotation) -> tuple:
    """Where the one unit starts: unit 1's incoming weights and bias, m times its outgoing
    weight, the same output bias."""
    return (
        eq(n.w("*", 0), n.w(1, 0)),
        ", ",
        eq(n.b("*", 0), n.b(1, 0)),
        ", ",
        eq(n.v("*", 0), n.m * n.v(1, 0)),
        " and ",
        eq(n.c(0, "*"), n.c(0)),
    )


def _one_unit_network_blocks(n: NetworkNotation) -> list:
    """The one-unit network defined, with its rescaled learning rates."""
    k, m, eta = "k", n.m, n.eta
    return [
        Heading("The one-unit network"),
        Paragraph(
            (
                "Equal units are one unit in disguise. Take a network of one unit (subscript ",
                Symbol("*"),
                ") with outgoing weight ",
                m,
                " times theirs, trained with the rates ",
                eta / m,
                " for its incoming weights and bias, ",
                m * eta,
                " for its outgoing weight and ",
                eta,
                " for its output bias:",
            )
        ),
        Definitions(
            (
                n.defines_z("*", k),
                n.defines_output("*", k),
                n.defines_delta("*", k),
                n.defines_w("*", k),
                n.defines_b("*", k),
                n.defines_v("*", k),
                n.defines_c(k, "*"),
            )
        ),
    ]


def _one_unit_induction_blocks(
    n: NetworkNotation, style: str, start: tuple, symmetry: dict, chains: dict
) -> list:
    """The induction step: net inputs and outputs agree, the one unit's error is m times
    each unit's, and after the update the one unit is where the claim says."""
    k, before, j, m = "k", "k-1", "j", n.m
    return [
        Paragraph(
            (
                "Claim: if it starts at ",
                *start,
                ", the same holds after every step, and both networks compute the same "
                "output. Induction step: assume it after ",
                K - 1,
                " steps, with every unit equal to unit ",
                Integer(1),
                " (the theorem above), so that ",
                eq(n.r(j, k), n.c(before) + (m - 1) * n.v(1, before) * n.sigma(n.z(1, k))),
                ". Then the net inputs and the outputs agree,",
            )
        ),
        Chain(symmetry["z"]),
        Chain(chains["z"]),
        Chain(chains["output"]),
        Chain(chains["one output"]),
        Paragraph(("the error of the one unit is ", m, " times that of each unit,")),
        Chain(chains["delta"]),
        Paragraph(("and after the update the claim holds again:",)),
        Chain(chains["w"]),
        Chain(chains["b"]),
        Chain(chains["v"]),
        Chain(chains["c"]),
        Paragraph(
            (
                "So the ",
                m,
                " equal units compute, step after step, exactly what one unit with outgoing "
                "weight ",
                m * n.v(1, k),
                " computes; with the same learning rate everywhere the one unit would move "
                "differently (see the claims below)."
                if keeps(style, "origin")
                else " computes; with the same learning rate everywhere the one unit would "
                "move differently.",
            )
        ),
    ]


def zero_weight_blocks(n: NetworkNotation) -> list:
    k, before = "k", "k-1"
    chains = zero_weights_step(n, k)
    rows = []
    for name in ("tanh", "relu", "identity", "sigmoid"):
        value = ACTIVATIONS[name].at_zero
        rows.append((name, (eq(n.sigma(Integer(0)), value),), "yes" if value == 0 else "no"))
    sigmoid = ACTIVATIONS["sigmoid"].at_zero
    if sigmoid != Rational(1, 2) or tanh(0) != 0:
        raise DerivationError("σ(0) is not what the table says")
    return [
        Heading("Zero initial weights"),
        Paragraph(
            (
                "Zero weights are equal weights, so everything above holds. More: assume "
                "every unit has zero incoming weights, bias and outgoing weight after ",
                K - 1,
                " steps (for ",
                eq(K, Integer(1)),
                ", the zero initialisation). Then every net input is ",
                Integer(0),
                " and every hidden unit outputs ",
                n.sigma(Integer(0)),
                ", whatever the input:",
            )
        ),
        Chain(chains["z"]),
        Chain(chains["hidden"]),
        Paragraph(("That is zero exactly when the activation vanishes at zero:",)),
        Table(("activation", "value at zero", "zero"), tuple(rows)),
        Paragraph(
            (
                "The backpropagated error is zero, since the outgoing weight, zero, is one of "
                "its factors, so the incoming weights and the biases stay zero; with ",
                eq(Symbol("sigma"), Symbol("tanh")),
                " (or any activation that vanishes at zero) the outgoing weights stay zero too:",
            )
        ),
        Chain(chains["delta"]),
        Chain(chains["w"]),
        Chain(chains["b"]),
        Chain(chains["v"]),
        Paragraph(
            (
                "By induction, with tanh the hidden layer never leaves zero (etaproof checks "
                "ReLU and the identity the same way, in coordinates). The output is "
                "the output bias,",
            )
        ),
        Chain(chains["output"]),
        Paragraph(
            (
                "so only ",
                n.c(before),
                " learns, as a network without hidden units would. With the logistic sigmoid ",
                eq(n.sigma(Symbol("z")), 1 / (1 + exp(-Symbol("z")))),
                " the hidden units output ",
                sigmoid,
                ": the hidden layer can learn (the outgoing weights from the first step, the "
                "incoming weights from the second, as the claims below show exactly), but all "
                "units together (the theorem above).",
            )
        ),
    ]


def unequal_blocks() -> list:
    witness = next(c for c in question_claims() if c.key == "unequal-weights").witness
    assert witness is not None
    return [
        Heading("Unequal biases can break the symmetry"),
        Paragraph(
            (
                "Units that start equal never part, whatever the learning rate. Units that "
                "differ in anything, not only in their weights, can part. An exact run (",
                *witness.setting,
                ") gives ",
                *_joined(witness.equations),
                ": ",
                *witness.contradicts,
                ". The numeric twin computes the same numbers exactly.",
            )
        ),
    ]


def _joined(items) -> list:
    parts: list = []
    for i, item in enumerate(items):
        parts += ([", "] if 0 < i < len(items) - 1 else [" and "] if i else []) + [item]
    return parts


def claim_blocks(claim: QuestionClaim) -> list:
    """One claim: the quoted sentence, its verdict, the condition, the reason, the witness."""
    verdict: list = [f"Verdict: {claim.verdict_text}"]
    if claim.condition:
        verdict += [": ", *claim.condition]
    verdict += [". Why: ", *claim.reason, "."]
    blocks: list = [
        Paragraph(("Answer ", Integer(claim.answer), " says: ", claim.quote)),
        Paragraph(tuple(verdict)),
    ]
    if claim.witness is not None:
        w = claim.witness
        witness = ("Witness, computed exactly: ", *w.setting, ". Then ")
        blocks.append(Paragraph((*witness, *_joined(w.equations), ": ", *w.contradicts, ".")))
    if claim.breaks:
        blocks += break_blocks(claim)
    return blocks


def _gaps(found: Any) -> tuple:
    """The parts that differ after the step, with their gaps: column: −1/8 and −1/8; …"""
    parts: list = []
    for name in (n for n in found.spread if n != found.part):
        parts += ["; "] if parts else []
        parts += [f"{name}: ", *_joined(list(found.gaps[name]))]
    return tuple(parts)


def break_blocks(claim: QuestionClaim) -> list:
    """The layer-by-layer witnesses of a claim: which part was nudged, what differs after one
    step, by how much (every number computed exactly)."""
    setting = (
        "In a deep network, layer by layer, computed exactly (ReLU, the squared loss, two "
        "hidden layers of two units on one input, one step with ",
        eq(Symbol("eta"), Rational(1, 4)),
        " on ",
        eq(Symbol("x"), Integer(1)),
        " with target ",
        Integer(3),
        ", the units equal but for one part of unit ",
        Integer(2),
        ", nudged by ",
        claim.breaks[0].nudge,
        "):",
    )
    rows = tuple(
        (
            Integer(found.layer),
            found.part,
            ", ".join(name for name in found.spread if name != found.part),
            _gaps(found),
        )
        for found in claim.breaks
    )
    return [
        Paragraph(setting),
        Table(("layer", "nudged part", "differs after one step", "unit 2 minus unit 1"), rows),
    ]


def claims_blocks() -> list:
    blocks: list = [
        Heading("The answers' claims, one by one"),
        Paragraph(
            (
                "Each sentence of answers 2 and 3, quoted, with the verdict etaproof computed: "
                "proved (by the checked chains of the hidden-symmetry document and the checks "
                "in coordinates), refuted by an "
                "exact witness, or true under a condition, with a witness that it fails "
                "without it.",
            )
        ),
    ]
    for claim in question_claims():
        if not claim.holds:
            raise DerivationError(f"the evidence for the claim {claim.key!r} was not shown")
        blocks += claim_blocks(claim)
    return blocks


def claims_document() -> Document:
    """The claims alone (``etaproof claims``): the question first, then each sentence of
    answers 2 and 3 that it judges."""
    blocks = [*question_blocks(ANSWERS), *claims_blocks()]
    return Document("The answers' claims about hidden units, checked", tuple(blocks))


__all__ = ["claim_blocks", "claims_document", "hidden_symmetry_document"]

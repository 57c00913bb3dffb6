"""The scaling law as a document: a run with (η, w⁽⁰⁾) is η times a run with (1, w⁽⁰⁾/η).

Theorem.  For η > 0, any w⁽⁰⁾, any data and every step k: w⁽ᵏ⁾ = η·v⁽ᵏ⁾ and
ŷ⁽ᵏ⁾ = φ(v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾), where v⁽ᵏ⁾ are the weights of the same rule run with learning rate 1
from v⁽⁰⁾ = w⁽⁰⁾/η.  So η acts only through w⁽⁰⁾/η: with w⁽⁰⁾ = 0 the run v does not involve
η at all (the zero-init theorem is the corollary), and with w⁽⁰⁾ ≠ 0 changing η moves the
starting point w⁽⁰⁾/η of the rate-1 run, which can change its predictions.

The induction step is the zero-init theorem's own (:mod:`symbolic.theorems.zero_init_chains`):
it never used w⁽⁰⁾ = 0; only the base case changes.
"""

from __future__ import annotations

from sympy import Ge, Gt, Integer, Symbol

from proofs.documents.styles import induction_summary, keeps, numbered, proof, rule_words, theorem
from symbolic import Derivation, PerceptronNotation
from symbolic.algebra import ZERO_VECTOR
from symbolic.derivations import (
    DEFINITION,
    INDUCTION,
    Chain,
    Definitions,
    Document,
    Heading,
    Paragraph,
)
from symbolic.theorems.zero_init_chains import eq, prediction_step, update_step, weights_step


def coq_theorems(rule: str) -> tuple[str, ...]:
    """The Coq theorems behind this document (proofs/coq/, checked by ``etaproof coq-check``)."""
    return ("Training.scaling_law", f"Rules.{rule.replace('-', '_')}_scaling_law")


def base_case(n: PerceptronNotation) -> Derivation:
    """w⁽⁰⁾ = η·v⁽⁰⁾, with v⁽⁰⁾ = w⁽⁰⁾/η by definition."""
    return (
        Derivation(n.w(0)).step(n.eta * n.v(0), DEFINITION.using((n.v(0), n.w(0) / n.eta))).verify()
    )


def zero_init_corollary(n: PerceptronNotation) -> Derivation:
    """With w⁽⁰⁾ = 0 the rate-1 run starts at v⁽⁰⁾ = 0/η = 0, free of η."""
    return (
        Derivation(n.v(0))
        .step(n.w(0) / n.eta, DEFINITION.using((n.v(0), n.w(0) / n.eta)))
        .step(ZERO_VECTOR, "zero-init")
        .verify()
    )


def scaling_law_document(rule: str = "rosenblatt", *, style: str = "answer") -> Document:
    """The scaling law for ``rule``, by induction on k (every chain verified), in the
    ``style`` of :mod:`proofs.documents.styles`."""
    n = PerceptronNotation.of(rule)
    eta, k, before = n.eta, "k", "k-1"
    hypothesis = INDUCTION.using((n.w(before), eta * n.v(before)))
    update = update_step(n, k, hypothesis)
    weights = weights_step(n, k, hypothesis, update)
    prediction = prediction_step(n, k, hypothesis)
    corollary = zero_init_corollary(n)
    base = base_case(n)
    blocks: list = [*_statement_blocks(n, style), *_perceptron_blocks(n)]
    blocks += proof(style, _induction_blocks(n, style, base, update, weights, prediction))
    if keeps(style, "background"):
        blocks += _corollary_blocks(n, style, corollary)
        blocks += _consequence_blocks(n, style)
    return Document(
        "The learning rate rescales a run from the initial weights",
        tuple(blocks),
        numbered=numbered(style),
    )


def _statement_blocks(n: PerceptronNotation, style: str) -> list:
    """The opening paragraph (the question, when the style keeps it) and the theorem."""
    eta, k = n.eta, "k"
    checked = "Every equation below was checked by SymPy before it was printed."
    return [
        Paragraph(
            (
                "How does the learning rate ",
                eta,
                " act on a perceptron whose weights start at ",
                n.w(0),
                "? It rescales a run with learning rate ",
                eq(eta, Integer(1)),
                " that starts at ",
                n.w(0) / eta,
                f". Rule: {n.rule.name}. " + checked,
            )
            if keeps(style, "origin")
            else (checked,)
        ),
        *theorem(
            style,
            (
                "Train a perceptron by ",
                *rule_words(n.rule.name),
                " with a learning rate ",
                Gt(eta, 0, evaluate=False),
                " from any ",
                n.w(0),
                ", on any data. Then ",
                eq(n.w(k), eta * n.v(k)),
                " for every step ",
                Ge(Symbol("k"), 0, evaluate=False),
                ", where ",
                n.v(k),
                " are the weights of the same rule run with learning rate ",
                Integer(1),
                " from ",
                n.w(0) / eta,
                ", and every prediction is that run's.",
            ),
        ),
    ]


def _perceptron_blocks(n: PerceptronNotation) -> list:
    """The perceptron's definitions at step k: prediction, update, weights."""
    k = "k"
    return [
        Heading("The perceptron"),
        Definitions((n.defines_prediction(k), n.defines_update(k), n.defines_weights(k))),
    ]


def _induction_blocks(
    n: PerceptronNotation,
    style: str,
    base: Derivation,
    update: Derivation,
    weights: Derivation,
    prediction: Derivation,
) -> list:
    """The rate-1 run defined, then the claim w⁽ᵏ⁾ = η·v⁽ᵏ⁾ by induction: base case, step,
    the prediction (and a summary in numbered styles)."""
    eta, k, before = n.eta, "k", "k-1"
    induction = [
        Heading("The run with learning rate 1"),
        Paragraph(
            (
                "Let ",
                n.v(k),
                " be the weights of the same rule run with learning rate ",
                Integer(1),
                " from ",
                n.w(0) / eta,
                ":",
            )
        ),
        Definitions(((n.v(0), n.w(0) / eta), n.defines_g(k), n.defines_v(k))),
        Paragraph(
            (
                "Claim: ",
                eq(n.w(k), eta * n.v(k)),
                " for every ",
                Ge(Symbol("k"), 0, evaluate=False),
                ", for every ",
                n.w(0),
                " and every ",
                Gt(eta, 0, evaluate=False),
                ". Base case:",
            )
        ),
        Chain(base),
        Paragraph(("Induction step: assume ", eq(n.w(before), eta * n.v(before)), ". Then")),
        Chain(update),
        Chain(weights),
        Paragraph(
            (
                "which is the claim for ",
                Symbol("k"),
                ". The prediction at step ",
                Symbol("k"),
                " is the rate-1 run's prediction:",
            )
        ),
        Chain(prediction),
    ]
    if numbered(style):
        induction.append(
            induction_summary(base, (update, weights), prediction, ("so do the predictions",))
        )
    return induction


def _corollary_blocks(n: PerceptronNotation, style: str, corollary: Derivation) -> list:
    """Zero initial weights as a corollary: the rate-1 run starts at the zero vector (stated
    and proved in numbered styles, told in the answer style)."""
    eta = n.eta
    corollary_words = (
        "With ",
        eq(n.w(0), ZERO_VECTOR),
        " the rate-1 run starts at the zero vector whatever ",
        eta,
        " is:",
    )
    if not numbered(style):
        return [
            Heading("Zero initial weights, as a corollary"),
            Paragraph(corollary_words),
            Chain(corollary),
        ]
    return [
        Heading("Zero initial weights, as a corollary"),
        *theorem(
            style,
            (
                "With ",
                eq(n.w(0), ZERO_VECTOR),
                " the learning rate only scales the weights: ",
                n.v("k"),
                " and every prediction are the same for every ",
                Gt(eta, 0, evaluate=False),
                ".",
            ),
            kind="Corollary",
        ),
        *proof(style, [Paragraph(corollary_words), Chain(corollary)]),
    ]


def _consequence_blocks(n: PerceptronNotation, style: str) -> list:
    """What the law says for zero and non-zero initial weights, and the Coq theorems."""
    eta = n.eta
    return [
        Paragraph(
            (
                "so " if not numbered(style) else "So ",
                n.v("k"),
                " and every prediction are the same for every learning rate, and ",
                eta,
                " only scales the weights. With ",
                n.w(0),
                " not zero, a different ",
                eta,
                " starts the rate-1 run at a different point ",
                n.w(0) / eta,
                ", and its predictions can change (see the non-zero-init document and ",
                "etaproof phase for the exact learning rates where they do).",
            )
        ),
        Paragraph(
            (
                "This is one pattern: rescaling the weights and the learning rate together "
                "commutes with the update, and the zero vector is the start it leaves fixed, "
                "so the runs from zero at any two learning rates are rescalings of each other. "
                "Hidden units follow the same pattern: permuting the units of a layer commutes "
                "with gradient descent, and equal units, the parameters it leaves fixed, stay "
                "equal (etaproof derive hidden-symmetry).",
            )
        ),
        Paragraph(
            (
                "The same theorem is checked by the Coq proof kernel: "
                + " and ".join(coq_theorems(n.rule.name))
                + " (etaproof coq-check).",
            )
        ),
    ]

"""The non-zero-init counterpart as a document: the closing paragraph of answer 1 made exact.

With w⁽⁰⁾ ≠ 0 the net input at step 2 is w⁽⁰⁾·x⁽²⁾ + η·c·x⁽¹⁾·x⁽²⁾ with c free of η, so η is no
longer a positive factor of φ's argument: the sign flips at η* = −w⁽⁰⁾·x⁽²⁾ / (c·x⁽¹⁾·x⁽²⁾).
A concrete dataset and w⁽⁰⁾ then show two learning rates giving different predictions, run
exactly (rational arithmetic) by :func:`symbolic.perceptron_trace` and by the numeric twin.
"""

from __future__ import annotations

from sympy import Eq, Expr, Gt, ImmutableMatrix, Integer, Symbol, Unequality

from proofs.documents.question import question_blocks
from proofs.documents.scaling_law import base_case as scaling_base_case
from proofs.documents.styles import keeps, numbered, proof, rule_words, theorem
from proofs.documents.textbook_phases import textbook_phase_blocks
from proofs.documents.twin import check_exact_run
from symbolic import (
    Derivation,
    DerivationError,
    PerceptronNotation,
    analyse_nonzero_init,
    critical_learning_rate,
    generic_dataset,
    perceptron_trace,
)
from symbolic.algebra import Dot, in_coordinates, is_shown_zero
from symbolic.derivations import (
    INFERENCE_RULES,
    Chain,
    Definitions,
    Document,
    EquationRef,
    Heading,
    Paragraph,
    Table,
)
from symbolic.perceptron.notation import hold
from symbolic.theorems.zero_init_chains import unrolled_update

DEFINITION = INFERENCE_RULES["definition"]
HYPOTHESIS = INFERENCE_RULES["hypothesis"]

#: The critical learning rate of step 2, as a name.  No assumption is declared: its
#: definition does not make it positive (nor even defined when the slope is 0).
ETA_STAR = Symbol("eta^*")

#: What the non-zero-init document does with the question.
CLOSING = (
    "Answer 1 closes with the other case: with non-zero initial weights the learning rate may "
    "change the sign of the net input, and so the predicted label. Here that is made exact."
)


def net_input_chain(n: PerceptronNotation) -> Derivation:
    """w⁽¹⁾·x⁽²⁾ unrolled to w⁽⁰⁾·x⁽²⁾ + η·c·x⁽¹⁾·x⁽²⁾ (definitions, then linearity)."""
    derivation, line = Derivation(n.net_input(2)), n.net_input(2)
    definitions = [n.defines_weights(1), n.defines_update(1)]
    if n.uses_prediction():
        definitions.append(n.defines_prediction(1))
    for definition in definitions:
        line = hold(line, dict([definition]))
        derivation.step(line, DEFINITION.using(definition))
    offset = Dot(n.w(0), n.x(2))
    split = offset + n.eta * n.coefficient(1, n.net_input(1)) * Dot(n.x(1), n.x(2))
    return derivation.step(split, "linearity").verify()


def slope(n: PerceptronNotation) -> Expr:
    """c·x⁽¹⁾·x⁽²⁾, the factor of η in the net input of step 2 (c free of η)."""
    return n.coefficient(1, n.net_input(1)) * Dot(n.x(1), n.x(2))


def critical_rate(n: PerceptronNotation) -> Expr:
    """η* = −w⁽⁰⁾·x⁽²⁾ / (c·x⁽¹⁾·x⁽²⁾), where the net input of step 2 is 0 (when the slope
    c·x⁽¹⁾·x⁽²⁾ is not 0)."""
    return -Dot(n.w(0), n.x(2)) / slope(n)


def critical_rate_chain(n: PerceptronNotation, split: Expr) -> Derivation:
    """The net input at η = η* is 0, given c·x⁽¹⁾·x⁽²⁾ ≠ 0 (the step divides by it)."""
    at_star = split.xreplace({n.eta: ETA_STAR})
    definition = DEFINITION.using((ETA_STAR, critical_rate(n)), nonzero=(slope(n),))
    return Derivation(at_star).step(Integer(0), definition).verify()


def cross_check_critical_rate(n: PerceptronNotation, d: int) -> None:
    """η* in coordinates equals :func:`symbolic.critical_learning_rate` on generic data."""
    trace = perceptron_trace(generic_dataset(2, d), rule=n.rule)
    values = {n.w(0): trace.w0, n.x(1): trace.x(1), n.x(2): trace.x(2)}
    ours = in_coordinates(critical_rate(n), values)
    if not is_shown_zero(ours - critical_learning_rate(trace, 2)):
        raise DerivationError("η* differs from symbolic.critical_learning_rate")


def witness_runs(n: PerceptronNotation, steps: int):
    """The witness of :func:`symbolic.analyse_nonzero_init` run for ``steps`` steps at both
    learning rates, exactly; checks that the predictions at step 2 differ."""
    witness = analyse_nonzero_init(1, rule=n.rule).witness
    X, y, w0, etas = witness["X"], witness["y"], witness["w0"], witness["etas"]
    epochs = -(-max(steps, 2) // len(X))
    runs = [perceptron_trace((X, y), eta=e, w0=w0, epochs=epochs, rule=n.rule) for e in etas]
    first, second = (run.y_hat(2) for run in runs)
    if not (first - second).is_number or (first - second) == 0:
        raise DerivationError(f"the witness does not flip: ŷ⁽²⁾ = {first} and {second}")
    for run in runs:
        check_exact_run(run, n.rule.name)
    symbolic_run = perceptron_trace((X, y), w0=w0, epochs=epochs, rule=n.rule)
    return witness, runs, symbolic_run


def witness_data(n: PerceptronNotation, witness: dict) -> tuple:
    """The example's data: w⁽⁰⁾, x⁽¹⁾, x⁽²⁾ as columns of numbers, and y⁽¹⁾."""

    def column(values) -> ImmutableMatrix:
        return ImmutableMatrix([Integer(v) for v in values])

    return (
        (n.w(0), column(witness["w0"])),
        (n.x(1), column(witness["X"][0])),
        (n.x(2), column(witness["X"][1])),
        (n.y(1), Integer(witness["y"][0])),
    )


def witness_chain(n: PerceptronNotation, net: Derivation, witness: dict, run) -> Derivation:
    """The net input of step 2 (the last line of the chain ``net``) on the witness data, as a
    function of η.  The chain's start holds w⁽⁰⁾, x⁽¹⁾, x⁽²⁾, y⁽¹⁾ as arbitrary values, so the
    example's data are a hypothesis (not definitions), evaluated in coordinates."""
    data = HYPOTHESIS.using(*witness_data(n, witness), text=("the example's data",))
    return Derivation(net.result).step(run.z(2), data).verify()


def scaling_law_blocks(n: PerceptronNotation) -> list:
    """Why η matters here, for every step: the scaling law (proved in full by
    ``etaproof derive scaling-law``), its base case, and what it says about w⁽⁰⁾ ≠ 0."""
    eta = n.eta
    return [
        Heading("Every step: the scaling law"),
        Paragraph(
            (
                "Step 2 is one instance of a law that holds at every step. Let ",
                n.v("k"),
                " be the weights of the same rule run with learning rate 1 from ",
                n.w(0) / eta,
                ":",
            )
        ),
        Chain(scaling_base_case(n)),
        Paragraph(
            (
                "Then ",
                Eq(n.w("k"), eta * n.v("k"), evaluate=False),
                " and the prediction at step ",
                Symbol("k"),
                " is the rate-1 run's, for every ",
                Symbol("k"),
                " (proved by induction in the scaling-law document, etaproof derive "
                "scaling-law). The learning rate acts only through the starting point ",
                n.w(0) / eta,
                " of the rate-1 run: with zero initial weights that point is the zero vector "
                "for every rate; otherwise a different rate starts the run somewhere else.",
            )
        ),
    ]


def nonzero_init_document(
    steps: int = 2, *, rule: str = "rosenblatt", d: int = 2, style: str = "answer"
) -> Document:
    """The non-zero-init document (every chain verified, the witness run exactly), in the
    ``style`` of :mod:`proofs.documents.styles`."""
    n = PerceptronNotation.of(rule)
    unrolled = unrolled_update(n, 2).verify()
    net = net_input_chain(n)
    cross_check_critical_rate(n, d)
    witness, runs, symbolic_run = witness_runs(n, steps)
    rows = _example_rows(steps, runs, symbolic_run)
    critical = critical_rate_chain(n, net.result)
    example = witness_chain(n, net, witness, symbolic_run)
    blocks: list = [
        *_opening_blocks(n, style),
        *_statement_blocks(n, style, witness["etas"]),
        *_where_eta_enters_blocks(n, unrolled, net),
    ]
    blocks += proof(
        style,
        [
            *_critical_rate_blocks(n, critical, d),
            *_example_blocks(n, example, witness, rows),
            *_conclusion_blocks(style, critical, example),
        ],
    )
    if keeps(style, "background"):
        blocks += scaling_law_blocks(n)
    if keeps(style, "checks"):
        blocks += textbook_phase_blocks()
    answer = _answer_blocks(n, runs)
    if keeps(style, "answer"):
        blocks += answer
    elif keeps(style, "checks"):
        blocks += [Heading("Checked by a proof kernel"), answer[-1]]
    return Document(
        "Where the learning rate matters (non-zero init)", tuple(blocks), numbered=numbered(style)
    )


def _example_rows(steps: int, runs, symbolic_run) -> tuple:
    """The example's table: for each step k, x⁽ᵏ⁾, y⁽ᵏ⁾, then ŷ⁽ᵏ⁾ and w⁽ᵏ⁾ at both rates."""
    return tuple(
        (
            Integer(k),
            Integer(symbolic_run.x(k)[0]),
            symbolic_run.y(k),
            runs[0].y_hat(k),
            runs[0].w(k)[0],
            runs[1].y_hat(k),
            runs[1].w(k)[0],
        )
        for k in range(1, max(steps, 2) + 1)
    )


def _opening_blocks(n: PerceptronNotation, style: str) -> list:
    """The question (when the style keeps it) and the opening paragraph."""
    intro = "With non-zero initial weights the learning rate can change what a perceptron "
    checked = "Every equation below was checked by SymPy before it was printed."
    origin = question_blocks(CLOSING) if keeps(style, "origin") else []
    return [
        *origin,
        Paragraph(
            (intro + f"predicts. Rule: {n.rule.name}. " + checked,) if origin else (checked,)
        ),
    ]


def _statement_blocks(n: PerceptronNotation, style: str, etas) -> list:
    """The theorem: η can change the prediction of step 2, and the two example rates do."""
    eta = n.eta
    return theorem(
        style,
        (
            "With non-zero initial weights the learning rate can change the predictions "
            "of a perceptron trained by ",
            *rule_words(n.rule.name),
            ": when ",
            Unequality(slope(n), 0, evaluate=False),
            " and ",
            Gt(ETA_STAR, 0, evaluate=False),
            ", the prediction ",
            n.y_hat(2),
            " for learning rates below ",
            ETA_STAR,
            " differs from the one above it, and on the data below ",
            Eq(eta, etas[0], evaluate=False),
            " and ",
            Eq(eta, etas[1], evaluate=False),
            " predict differently at step ",
            Integer(2),
            ".",
        ),
    )


def _where_eta_enters_blocks(n: PerceptronNotation, unrolled: Derivation, net: Derivation) -> list:
    """The second update unrolled, and the net input of step 2 split into a term free of η
    and η times a factor free of it."""
    eta = n.eta
    return [
        Heading("Where the learning rate enters the sign function"),
        Paragraph(("The second update, unrolled as in the zero-init document:",)),
        Chain(unrolled),
        Paragraph(("Zoom in on the argument of the sign function:",)),
        Chain(net),
        Paragraph(
            (
                "The first term does not contain ",
                eta,
                " and the second is ",
                eta,
                " times a factor free of it. When ",
                n.w(0),
                " is the zero vector the first term vanishes and ",
                eta,
                " is a positive factor that the sign function ignores. Otherwise ",
                eta,
                " moves the argument along a line, and its sign can change.",
            )
        ),
    ]


def _critical_rate_blocks(n: PerceptronNotation, critical: Derivation, d: int) -> list:
    """η* defined, the chain showing the net input of step 2 is 0 there, and what follows."""
    return [
        Heading("The critical learning rate of step 2"),
        Paragraph(
            (
                "When ",
                Unequality(slope(n), 0, evaluate=False),
                " (otherwise ",
                n.eta,
                " does not enter the net input of step 2 at all), let",
            )
        ),
        Definitions(((ETA_STAR, critical_rate(n)),)),
        Paragraph(("Then, dividing only by the factor assumed non-zero,",)),
        Chain(critical),
        Paragraph(
            (
                "so when ",
                Gt(ETA_STAR, 0, evaluate=False),
                " the prediction ",
                n.y_hat(2),
                " for learning rates below ",
                ETA_STAR,
                " differs from the one above it (the same value as the critical rate etaproof "
                "computes from the trace in coordinates, ",
                Eq(Symbol("d"), Integer(d), evaluate=False),
                ").",
            )
        ),
    ]


def _example_blocks(n: PerceptronNotation, example: Derivation, witness: dict, rows) -> list:
    """The witness data, its net input of step 2 as a function of η, and the table of the two
    exact runs."""
    eta, etas = n.eta, witness["etas"]
    return [
        Heading("A concrete example, in exact arithmetic"),
        Paragraph(
            (
                "One feature and two samples: ",
                Eq(n.x(1), witness["X"][0][0], evaluate=False),
                ", ",
                Eq(n.y(1), witness["y"][0], evaluate=False),
                ", ",
                Eq(n.x(2), witness["X"][1][0], evaluate=False),
                ", ",
                Eq(n.y(2), witness["y"][1], evaluate=False),
                ", and the initial weight ",
                Eq(n.w(0), witness["w0"][0], evaluate=False),
                ". The net input of step 2, the last line of the chain above, is",
            )
        ),
        Chain(example),
        Paragraph(
            (
                "so ",
                Eq(ETA_STAR, witness["eta_star"], evaluate=False),
                ". Running the perceptron in rational arithmetic at ",
                Eq(eta, etas[0], evaluate=False),
                " and at ",
                Eq(eta, etas[1], evaluate=False),
                ":",
            )
        ),
        Table(
            (
                Symbol("k"),
                n.x("k"),
                n.y("k"),
                *[
                    (quantity, " at ", Eq(eta, e, evaluate=False))
                    for e in etas
                    for quantity in (n.y_hat("k"), n.w("k"))
                ],
            ),
            rows,
        ),
    ]


def _conclusion_blocks(style: str, critical: Derivation, example: Derivation) -> list:
    """The proof's last paragraph, citing the numbered equations (numbered styles only)."""
    if not numbered(style):
        return []
    return [
        Paragraph(
            (
                "By ",
                EquationRef(critical),
                " the sign of the net input of step ",
                Integer(2),
                " changes at ",
                ETA_STAR,
                ", and by ",
                EquationRef(example),
                " and the table the two rates predict differently: the learning rate "
                "changes the classification.",
            )
        )
    ]


def _answer_blocks(n: PerceptronNotation, runs) -> list:
    """The answer: the two predictions, then the Coq theorems that check the same example."""
    coq_rule = n.rule.name.replace("-", "_")
    return [
        Heading("Answer"),
        Paragraph(
            (
                "The two learning rates predict ",
                Eq(n.y_hat(2), runs[0].y_hat(2), evaluate=False),
                " and ",
                Eq(n.y_hat(2), runs[1].y_hat(2), evaluate=False),
                ": with non-zero initial weights the learning rate changes the "
                "classification, as the closing paragraph of answer 1 to the question says. "
                "The numeric twin of etaproof, run on the same data in exact rational "
                "arithmetic, gives the same predictions and weights at every step.",
            )
        ),
        Paragraph(
            (
                "The Coq proof kernel checks the same example (etaproof coq-check): "
                f"Witnesses.{coq_rule}_nonzero_init_counterexample; and "
                f"Rules.{coq_rule}_scaling_law says why: the run with "
                "learning rate ",
                n.eta,
                " from ",
                n.w(0),
                " is ",
                n.eta,
                " times the run with learning rate 1 from ",
                n.w(0) / n.eta,
                ".",
            )
        ),
    ]

"""The zero-init theorem as a document: answer 1 to the question, checked line by line, then
the induction proof for every k that answer 1 only waves at.

Theorem.  With w⁽⁰⁾ = 0 and η > 0, for every step k: w⁽ᵏ⁾ = η·v⁽ᵏ⁾, where v⁽ᵏ⁾ (the weights
of the same run with η = 1) does not involve η.  Hence Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾ with g⁽ᵏ⁾ free of η,
and every prediction ŷ⁽ᵏ⁾ is the same for every η > 0.

Every chain below is a :class:`symbolic.Derivation` verified before it is added; the named
quantities are cross-checked against :func:`symbolic.perceptron_trace` in coordinates, and
the numeric twin runs the theorem on the textbook's Iris data (:mod:`proofs.documents.twin`).
"""

from __future__ import annotations

from sympy import Expr, Ge, Gt, Integer, Rational, Symbol, Tuple

from proofs.documents.question import question_blocks
from proofs.documents.styles import induction_summary, keeps, numbered, proof, rule_words, theorem
from proofs.documents.twin import IRIS_EPOCHS, IRIS_RATES, iris_zero_init
from symbolic import (
    Derivation,
    DerivationError,
    PerceptronNotation,
    generic_dataset,
    perceptron_trace,
    phi,
)
from symbolic.algebra import ZERO_VECTOR, Dot, in_coordinates, is_shown_zero
from symbolic.derivations import (
    DEFINITION,
    SUBSTITUTION,
    Chain,
    Definitions,
    Document,
    Heading,
    Paragraph,
)
from symbolic.perceptron.notation import hold, previous
from symbolic.theorems.zero_init_chains import (
    drop_eta,
    eq,
    induction,
    release_phi,
    unrolled_update,
    written_out_chains,
    zero_init_and_drop_eta,
)

#: Cross-check the named quantities against the trace for at most this many steps.
CROSS_CHECKED_STEPS = 3

#: What the zero-init document does with the question.
ANSWER_1 = (
    "Answer 1 explains it by unrolling the second update by hand; here is that derivation, "
    "every line checked, then the proof for every step that it only waves at."
)


def cross_check(n: PerceptronNotation, steps: int, d: int, bias: bool) -> int:
    """Check η·g⁽ᵏ⁾ in coordinates against the trace's Δw⁽ᵏ⁾ (generic data, w⁽⁰⁾ = 0) for
    k ≤ min(steps, CROSS_CHECKED_STEPS); returns the number of steps checked."""
    checked = min(steps, CROSS_CHECKED_STEPS)
    trace = perceptron_trace(generic_dataset(checked, d), w0=0, bias=bias, rule=n.rule)
    values: dict = {n.v(0): trace.w(0)}
    for k in range(1, checked + 1):
        values[n.x(k)] = trace.x(k)
        g = in_coordinates(n.defines_g(k)[1], values)
        values[n.g(k)], values[n.v(k)] = g, values[n.v(k - 1)] + g
        if not is_shown_zero(n.eta * g - trace.delta_w(k)):
            raise DerivationError(f"η·g⁽{k}⁾ is not the trace's Δw⁽{k}⁾")
    return checked


def zero_init_document(
    steps: int = 2, *, rule: str = "rosenblatt", d: int = 2, bias: bool = False,
    style: str = "answer",
) -> Document:  # fmt: skip
    """The zero-init document for ``steps`` unrolled steps (every chain verified), in the
    ``style`` of :mod:`proofs.documents.styles` (answer, notes or brief)."""
    n = PerceptronNotation.of(rule)
    eta = n.eta
    unrolled = unrolled_update(n, 2).verify()
    zero = zero_init_and_drop_eta(n, unrolled.result)
    written_out = written_out_chains(n, steps) if keeps(style, "steps") else []
    checked = "Every equation below was checked by SymPy before it was printed; each line "
    checked += "cites the rule that allows it."
    origin = question_blocks(ANSWER_1) if keeps(style, "origin") else []
    blocks: list = [
        *origin,
        Paragraph((f"Rule: {n.rule.name}. " + checked,) if origin else (checked,)),
        *theorem(style, statement(n)),
        *perceptron_blocks(n),
    ]
    if keeps(style, "background"):
        blocks += [
            Heading("Unrolling the second update"),
            Paragraph(
                (
                    n.dw(2),
                    " depends on ",
                    n.dw(1),
                    ", which depends on ",
                    n.w(0),
                    ". Plugging in the definitions:",
                )
            ),
            Chain(unrolled),
            Heading("Zero initial weights"),
            Paragraph(
                (
                    "Now let ",
                    n.w(0),
                    " be the zero vector. Then the dot product with it is ",
                    Integer(0),
                    " and ",
                    eq(phi(0, evaluate=False), Integer(1)),
                    ". Only the sign of its argument matters to ",
                    phi(Symbol("z")),
                    ", and ",
                    Gt(eta, 0, evaluate=False),
                    " does not change that sign, so ",
                    eta,
                    " can be removed from the argument. Continuing from the last line:",
                )
            ),
            Chain(zero),
            Paragraph(
                (
                    "So ",
                    n.dw(2),
                    " is ",
                    eta,
                    " times an expression of the data alone.",
                )
            ),
        ]
    blocks += induction_blocks(n, style)
    if keeps(style, "steps"):
        blocks += unrolled_blocks(n, written_out)
    if keeps(style, "checks"):
        checked_steps = cross_check(n, steps, d, bias)
        blocks += [
            Paragraph(
                (
                    f"Cross-check: for the first {checked_steps} steps, the vectors above, "
                    "written in coordinates (",
                    eq(Symbol("d"), Integer(d)),
                    f"{', with a bias feature' if bias else ''}), equal the symbolic "
                    "perceptron trace of etaproof exactly.",
                )
            ),
            *iris_blocks(n),
        ]
    if keeps(style, "origin"):
        blocks += comment_blocks(n, written_out[0][1])
    if keeps(style, "answer"):
        blocks += answer_blocks(n)
    return Document(
        "Why the learning rate only scales the weights (zero init)",
        tuple(blocks),
        numbered=numbered(style),
    )


def statement(n: PerceptronNotation) -> tuple:
    """The theorem, as a Theorem's prose: what the induction below proves."""
    eta, k = n.eta, "k"
    return (
        "Train a perceptron by ",
        *rule_words(n.rule.name),
        " from ",
        eq(n.w(0), ZERO_VECTOR),
        " with a learning rate ",
        Gt(eta, 0, evaluate=False),
        ", on any data, for any number of steps and epochs. Then ",
        eq(n.w(k), eta * n.v(k)),
        " for every step ",
        Ge(Symbol("k"), 0, evaluate=False),
        ", where ",
        n.v(k),
        " are the weights of the same run with learning rate ",
        Integer(1),
        ". So the learning rate changes the length of the weight vector, not its direction, "
        "and every prediction ",
        n.y_hat(k),
        " is the same for every ",
        Gt(eta, 0, evaluate=False),
        ".",
    )


def perceptron_blocks(n: PerceptronNotation) -> list:
    """The model: one step of the perceptron and its decision function."""
    k = "k"
    return [
        Heading("The perceptron"),
        Paragraph(
            (
                "At step ",
                Symbol("k"),
                " the perceptron sees the sample ",
                n.x(k),
                " with label ",
                n.y(k),
                ", predicts with the weights ",
                n.w(previous(k)),
                " and updates them:",
            )
        ),
        Definitions((n.defines_prediction(k), n.defines_update(k), n.defines_weights(k))),
        Paragraph(
            (
                "Here ",
                phi(Symbol("z")),
                " is ",
                Integer(1),
                " when ",
                Ge(Symbol("z"), 0, evaluate=False),
                " and ",
                Integer(-1),
                " otherwise.",
            )
        ),
    ]


def induction_blocks(n: PerceptronNotation, style: str = "answer") -> list:
    """The proof for every k: the claim, its base case, the induction step, the predictions
    (as a Proof in the notes and brief styles, its chains cited by number)."""
    eta, k, before = n.eta, "k", "k-1"
    chains = induction(
        n
    )  # the theorem's one proof, as symbolic.prove_zero_init_invariance checks it
    base, update, weights, prediction = (
        chains.base,
        chains.update,
        chains.weights,
        chains.prediction,
    )
    lead = (
        "Answer 1 stops at the second step and says that the same argument holds for "
        "the third, the fourth and so on. Here is that argument. Let "
        if keeps(style, "origin")
        else "Let "
    )
    body = [
        Paragraph(
            (lead, n.v(k), " be the weights of the same run with learning rate ", Integer(1), ":")
        ),
        Definitions(((n.v(0), ZERO_VECTOR), n.defines_g(k), n.defines_v(k))),
        Paragraph(
            (
                "They involve the data only, never ",
                eta,
                ". Claim: ",
                eq(n.w(k), eta * n.v(k)),
                " for every ",
                Ge(Symbol("k"), 0, evaluate=False),
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
                " is free of ",
                eta,
                ":",
            )
        ),
        Chain(prediction),
    ]
    if numbered(style):
        body.append(
            induction_summary(
                base, (update, weights), prediction, ("every prediction is free of ", eta)
            )
        )
    return [Heading("Every step, by induction"), *proof(style, body)]


def unrolled_blocks(n: PerceptronNotation, chains: list[tuple[Derivation, Derivation]]) -> list:
    """The induction step written out for k = 1 … steps, each step citing the one before."""
    steps = len(chains)
    blocks: list = [
        Heading(f"The first {steps} step{'s' if steps > 1 else ''}, written out"),
        Paragraph(
            (
                "Each step cites only the result of the step before it, so no vector is "
                "expanded and the proof grows linearly with the number of steps.",
            )
        ),
    ]
    for k, (update, weights) in enumerate(chains, start=1):
        blocks += [
            Paragraph((f"Step {k}:",)),
            Definitions((n.defines_g(k), n.defines_v(k))),
            Chain(update),
            Chain(weights),
        ]
    return blocks


def comment_blocks(n: PerceptronNotation, first_weights: Derivation) -> list:
    """The comment under answer 1: should the bracket be "something that does not depend on
    w⁽ⁱ⁾"?
    ``first_weights`` is the chain w⁽¹⁾ = … = η·v⁽¹⁾ written out above."""
    eta = n.eta
    bracket = n.y(2) - n.y_hat(2)
    line = n.y(2) - n.prediction(n.net_input(2))
    line_eta = hold(line, {n.w(1): eta * n.v(1)})
    data_only = release_phi(line_eta)
    for name, value in (n.defines_v(1), n.defines_g(1), (n.v(0), 0)):
        data_only = hold(data_only, {name: value})
    chain = (
        Derivation(bracket)
        .step(line, DEFINITION.using(n.defines_prediction(2)))
        .step(line_eta, SUBSTITUTION.using(first_weights, text=("step 1",)))
        .step(release_phi(line_eta), drop_eta(eta))
        .step(
            data_only,
            DEFINITION.using(n.defines_v(1), n.defines_g(1), (n.v(0), ZERO_VECTOR)),
        )
        .verify()
    )
    return [
        Heading("The comment under answer 1"),
        Paragraph(
            (
                "A commenter asked whether the bracket should be something that does not "
                "depend on the weights rather than on ",
                eta,
                ". With zero initial weights it is both: the bracket depends on ",
                n.w(1),
                " only through the sign of ",
                n.net_input(2),
                ", and ",
                eq(n.w(1), eta * n.v(1)),
                ":",
            )
        ),
        Chain(chain),
        Paragraph(
            (
                "The last line holds only inputs and targets. With non-zero initial weights "
                "the bracket keeps ",
                n.w(0),
                " inside the sign function and, with it, ",
                eta,
                " (see the non-zero-init document).",
            )
        ),
    ]


def iris_blocks(n: PerceptronNotation) -> list:
    """The theorem on the textbook's own data, run by the numeric twin in exact arithmetic."""
    run = iris_zero_init(n.rule.name)
    rates = [Rational(rate) for rate in IRIS_RATES]
    direction = [Rational(v.numerator, v.denominator) for v in run.direction]
    last = n.w(run.steps)
    return [
        Heading("On the textbook's data"),
        Paragraph(
            (
                "The numeric twin of etaproof ran the same rule in exact rational arithmetic "
                "on the textbook's Iris example (setosa against versicolor, sepal length and "
                f"petal length, 100 samples, {IRIS_EPOCHS} epochs, a bias weight, ",
                eq(n.w(0), ZERO_VECTOR),
                ") at ",
                *_listed([eq(n.eta, rate) for rate in rates]),
                f". All {run.steps} predictions are the same for the three rates; the number "
                "of updates per epoch is "
                + ", ".join(str(c) for c in run.updates_per_epoch)
                + " for each, and ",
                eq(last / n.eta, Tuple(*direction)),
                " for each: four orders of magnitude in ",
                n.eta,
                " change the length of the weights and nothing else.",
            )
        ),
    ]


def _listed(items: list[Expr]) -> list:
    parts: list = []
    for i, item in enumerate(items):
        parts += ([", "] if 0 < i < len(items) - 1 else [" and "] if i else []) + [item]
    return parts


def answer_blocks(n: PerceptronNotation) -> list:
    """The closing answer to the question."""
    eta, k = n.eta, "k"
    return [
        Heading("Answer"),
        Paragraph(
            (
                "With zero initial weights, ",
                eq(n.w(k), eta * n.v(k)),
                " for every step ",
                Symbol("k"),
                ", where ",
                n.v(k),
                " does not involve ",
                eta,
                ". Changing ",
                eta,
                " multiplies every weight vector by the same positive number: it changes "
                "the length of the weight vector, not its direction, and every prediction ",
                eq(n.y_hat(k), n.prediction(Dot(n.v(previous(k)), n.x(k)))),
                " is the same for every learning rate. This holds for any data, any number "
                "of steps and epochs. It needs a positive learning rate and zero initial "
                "weights: with non-zero initial weights the learning rate can change the "
                "predictions.",
            )
        ),
        Paragraph(
            (
                "The same theorem is checked by the Coq proof kernel (etaproof coq-check): "
                f"Rules.{n.rule.name.replace('-', '_')}_zero_init, an instance of the "
                "general Training.zero_init_invariance, whose two conditions are "
                f"Rules.{n.rule.name.replace('-', '_')}_homogeneous.",
            )
        ),
    ]

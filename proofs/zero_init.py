"""The zero-init theorem as a document: the seed's answer, checked line by line, then the
induction proof for every k that the seed only waves at.

Theorem.  With w⁽⁰⁾ = 0 and η > 0, for every step k: w⁽ᵏ⁾ = η·v⁽ᵏ⁾, where v⁽ᵏ⁾ (the weights
of the same run with η = 1) does not involve η.  Hence Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾ with g⁽ᵏ⁾ free of η,
and every prediction ŷ⁽ᵏ⁾ is the same for every η > 0.

Every chain below is a :class:`symbolic.Derivation` verified before it is added; the named
quantities are cross-checked against :func:`symbolic.perceptron_trace` in coordinates, and
the numeric twin runs the theorem on the textbook's Iris data (:mod:`proofs.twin`).
"""

from __future__ import annotations

from sympy import Eq, Expr, Ge, Rational, Symbol, Tuple

from symbolic import Derivation, DerivationError, generic_dataset, perceptron_trace, phi
from symbolic.coordinates import in_coordinates
from symbolic.document import Chain, Definitions, Document, Heading, Paragraph
from symbolic.identity import is_shown_zero
from symbolic.inference import INFERENCE_RULES
from symbolic.notation import Index, PerceptronNotation, hold, previous
from symbolic.vectors import ZERO_VECTOR, Dot, VectorSymbol

from .twin import IRIS_EPOCHS, IRIS_RATES, iris_zero_init

DEFINITION = INFERENCE_RULES["definition"]
SUBSTITUTION = INFERENCE_RULES["substitution"]
INDUCTION = INFERENCE_RULES["induction"]
POSITIVE = INFERENCE_RULES["positive-factor"]

#: Cross-check the named quantities against the trace for at most this many steps.
CROSS_CHECKED_STEPS = 3


def release_phi(expr: Expr) -> Expr:
    """``expr`` with every held φ evaluated again, so φ drops its known-positive factors."""
    return expr.replace(lambda e: isinstance(e, phi), lambda e: phi(e.args[0]))


def unrolled_update(n: PerceptronNotation, k: int = 2) -> Derivation:
    """The seed's chain: Δw⁽ᵏ⁾ unrolled by definitions down to w⁽⁰⁾ (five lines for k = 2)."""
    derivation, line = Derivation(n.dw(k)), n.dw(k)
    for definition in _reading_order(n, k):
        line = hold(line, dict([definition]))
        derivation.step(line, DEFINITION.using(definition))
    return derivation


def _reading_order(n: PerceptronNotation, k: int) -> list[tuple[Expr, Expr]]:
    """Unfold from the outside in, as the seed does: Δw⁽ᵏ⁾, ŷ⁽ᵏ⁾, w⁽ᵏ⁻¹⁾, Δw⁽ᵏ⁻¹⁾, …"""
    order = []
    for j in range(k, 0, -1):
        order.append(n.defines_update(j))
        if n.uses_prediction():
            order.append(n.defines_prediction(j))
        if j > 1:
            order.append(n.defines_weights(j - 1))
    return order


def zero_init_and_drop_eta(n: PerceptronNotation, unrolled: Expr) -> Derivation:
    """The seed's last line ``unrolled``, with w⁽⁰⁾ = 0, then with η removed from φ's
    argument."""
    at_zero = hold(unrolled, {n.w(0): 0})
    return (
        Derivation(unrolled)
        .step(at_zero, "zero-init")
        .step(release_phi(at_zero), _drop_eta(n.eta))
        .verify()
    )


def update_step(n: PerceptronNotation, k: Index, because) -> Derivation:
    """Δw⁽ᵏ⁾ = … = η·g⁽ᵏ⁾ given w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾ (cited as ``because``)."""
    eta, before = n.eta, previous(k)
    derivation, line = Derivation(n.dw(k)), n.update(k)
    derivation.step(line, DEFINITION.using(n.defines_update(k)))
    if n.uses_prediction():
        line = hold(line, dict([n.defines_prediction(k)]))
        derivation.step(line, DEFINITION.using(n.defines_prediction(k)))
    line = hold(line, {n.w(before): eta * n.v(before)})
    derivation.step(line, because)
    derivation.step(release_phi(line), _drop_eta(eta))
    derivation.step(eta * n.g(k), DEFINITION.using(n.defines_g(k)))
    return derivation.verify()


def weights_step(n: PerceptronNotation, k: Index, because, update: Derivation) -> Derivation:
    """w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾ = η·v⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾ = η·v⁽ᵏ⁻¹⁾ + η·g⁽ᵏ⁾ = η·v⁽ᵏ⁾, given
    w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾ (cited as ``because``) and the chain ``update`` for Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾."""
    eta, before = n.eta, previous(k)
    return (
        Derivation(n.w(k))
        .step(n.w(before) + n.dw(k), DEFINITION.using(n.defines_weights(k)))
        .step(eta * n.v(before) + n.dw(k), because)
        .step(eta * n.v(before) + eta * n.g(k), SUBSTITUTION.using(update))
        .step(eta * (n.v(before) + n.g(k)), "algebra")
        .step(eta * n.v(k), DEFINITION.using(n.defines_v(k)))
        .verify()
    )


def prediction_step(n: PerceptronNotation, k: Index, because) -> Derivation:
    """ŷ⁽ᵏ⁾ = φ(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) = φ(η·v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) = φ(v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾): free of η."""
    eta, before = n.eta, previous(k)
    line = n.prediction(n.net_input(k))
    line_eta = hold(line, {n.w(before): eta * n.v(before)})
    return (
        Derivation(n.y_hat(k))
        .step(line, DEFINITION.using(n.defines_prediction(k)))
        .step(line_eta, because)
        .step(release_phi(line_eta), _drop_eta(eta))
        .verify()
    )


def require_free_of_eta(n: PerceptronNotation, name: VectorSymbol, definition: Expr, known):
    """Check that a definition involves no η and only data or names already known free of η."""
    named = {s for s in definition.atoms(VectorSymbol) if s.parts[1] != "x"}
    if n.eta in definition.free_symbols or not named <= known:
        raise DerivationError(f"{name} = {definition} is not shown to be free of η")
    known.add(name)


def base_case(n: PerceptronNotation) -> Derivation:
    """w⁽⁰⁾ = 0 = η·v⁽⁰⁾."""
    return (
        Derivation(n.w(0))
        .step(ZERO_VECTOR, "zero-init")
        .step(n.eta * n.v(0), DEFINITION.using((n.v(0), ZERO_VECTOR)))
        .verify()
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
    steps: int = 2, *, rule: str = "rosenblatt", d: int = 2, bias: bool = False
) -> Document:
    """The zero-init document for ``steps`` unrolled steps (every chain verified)."""
    n = PerceptronNotation.of(rule)
    eta, k = n.eta, "k"
    seed = unrolled_update(n, 2).verify()
    zero = zero_init_and_drop_eta(n, seed.result)
    written_out = written_out_chains(n, steps)
    blocks: list = [
        Paragraph(
            (
                "The question: why does the learning rate ",
                eta,
                " only scale the weights of a perceptron whose weights start at zero? "
                f"Rule: {n.rule.name}. Every equation below was checked by SymPy "
                "before it was printed; each line cites the rule that allows it.",
            )
        ),
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
                " is 1 when ",
                Ge(Symbol("z"), 0, evaluate=False),
                " and -1 otherwise.",
            )
        ),
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
        Chain(seed),
        Heading("Zero initial weights"),
        Paragraph(
            (
                "Now let ",
                n.w(0),
                " be the zero vector. Then the dot product with it is 0 and ",
                phi(0, evaluate=False),
                " = 1. Only the sign of its argument matters to ",
                phi(Symbol("z")),
                ", and ",
                eta,
                " > 0 does not change that sign, so ",
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
        *induction_blocks(n),
        *unrolled_blocks(n, written_out),
    ]
    checked = cross_check(n, steps, d, bias)
    blocks += [
        Paragraph(
            (
                f"Cross-check: for the first {checked} steps, the vectors above, written in "
                f"coordinates (d = {d}"
                f"{', with a bias feature' if bias else ''}), equal the symbolic perceptron "
                "trace of etaproof exactly.",
            )
        ),
        *iris_blocks(n),
        *comment_blocks(n, written_out[0][1]),
        *answer_blocks(n),
    ]
    return Document("Why the learning rate only scales the weights (zero init)", tuple(blocks))


def induction_blocks(n: PerceptronNotation) -> list:
    """The proof for every k: the claim, its base case, the induction step, the predictions."""
    eta, k, before = n.eta, "k", "k-1"
    hypothesis = INDUCTION.using((n.w(before), eta * n.v(before)))
    update = update_step(n, k, hypothesis)
    return [
        Heading("Every step, by induction"),
        Paragraph(
            (
                "The seed stops at the second step and says that the same argument holds for "
                "the third, the fourth and so on. Here is that argument. Let ",
                n.v(k),
                " be the weights of the same run with learning rate 1:",
            )
        ),
        Definitions(((n.v(0), ZERO_VECTOR), n.defines_g(k), n.defines_v(k))),
        Paragraph(
            (
                "They involve the data only, never ",
                eta,
                ". Claim: ",
                _eq(n.w(k), eta * n.v(k)),
                " for every ",
                Ge(Symbol("k"), 0, evaluate=False),
                ". Base case:",
            )
        ),
        Chain(base_case(n)),
        Paragraph(("Induction step: assume ", _eq(n.w(before), eta * n.v(before)), ". Then")),
        Chain(update),
        Chain(weights_step(n, k, hypothesis, update)),
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
        Chain(prediction_step(n, k, hypothesis)),
    ]


def written_out_chains(n: PerceptronNotation, steps: int) -> list[tuple[Derivation, Derivation]]:
    """(update chain, weights chain) for k = 1 … steps, each substituting the weights chain
    of the step before (the base case for k = 1): Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾ and w⁽ᵏ⁾ = η·v⁽ᵏ⁾."""
    known: set = {n.v(0)}
    weights, chains = base_case(n), []
    for k in range(1, steps + 1):
        require_free_of_eta(n, n.g(k), n.defines_g(k)[1], known)
        require_free_of_eta(n, n.v(k), n.defines_v(k)[1], known)
        earlier = SUBSTITUTION.using(weights, text=("base case" if k == 1 else f"step {k - 1}",))
        update = update_step(n, k, earlier)
        weights = weights_step(n, k, earlier, update)
        chains.append((update, weights))
    return chains


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
    """The seed's comment: should the bracket be "something that does not depend on w⁽ⁱ⁾"?
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
        .step(release_phi(line_eta), _drop_eta(eta))
        .step(
            data_only,
            DEFINITION.using(n.defines_v(1), n.defines_g(1), (n.v(0), ZERO_VECTOR)),
        )
        .verify()
    )
    return [
        Heading("The comment under the seed answer"),
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
                _eq(n.w(1), eta * n.v(1)),
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
                _eq(n.w(0), ZERO_VECTOR),
                ") at ",
                *_listed([_eq(n.eta, rate) for rate in rates]),
                f". All {run.steps} predictions are the same for the three rates; the number "
                "of updates per epoch is "
                + ", ".join(str(c) for c in run.updates_per_epoch)
                + " for each, and ",
                _eq(last / n.eta, Tuple(*direction)),
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
    """The closing answer to the seed question."""
    eta, k = n.eta, "k"
    return [
        Heading("Answer"),
        Paragraph(
            (
                "With zero initial weights, ",
                _eq(n.w(k), eta * n.v(k)),
                " for every step k, where ",
                n.v(k),
                " does not involve ",
                eta,
                ". Changing ",
                eta,
                " multiplies every weight vector by the same positive number: it changes "
                "the length of the weight vector, not its direction, and every prediction ",
                _eq(n.y_hat(k), n.prediction(Dot(n.v(previous(k)), n.x(k)))),
                " is the same for every learning rate. This holds for any data, any number "
                "of steps and epochs. It needs a positive learning rate and zero initial "
                "weights: with non-zero initial weights the learning rate can change the "
                "predictions.",
            )
        ),
    ]


def _eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def _drop_eta(eta: Symbol):
    """The positive-factor rule, saying which factor it drops: "with c = η"."""
    return POSITIVE.using(text=("with ", _eq(Symbol("c"), eta)))

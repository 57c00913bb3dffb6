"""The zero-init theorem's proof, as verified chains (:class:`symbolic.Derivation`), in the
notation of answer 1 (w⁽ᵏ⁾, Δw⁽ᵏ⁾, v⁽ᵏ⁾, g⁽ᵏ⁾, ŷ⁽ᵏ⁾), with the vectors kept whole.

The theorem is proved once, here: :func:`induction` gives the base case and the induction
step (update, weights, prediction) that :func:`symbolic.prove_zero_init_invariance` checks and
the theorem documents (:mod:`proofs.documents.zero_init`, the scaling law, the non-zero-init
document) print; the unrolled update of answer 1, the zero-init substitution with η removed
from φ, and the steps written out for k = 1 … K are here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Eq, Expr, Symbol

from numeric.progress import Progress
from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol
from symbolic.derivations.derivation import Derivation, DerivationError
from symbolic.derivations.inference import INFERENCE_RULES
from symbolic.perceptron.notation import Index, PerceptronNotation, hold, previous

DEFINITION = INFERENCE_RULES["definition"]


SUBSTITUTION = INFERENCE_RULES["substitution"]


INDUCTION = INFERENCE_RULES["induction"]


POSITIVE = INFERENCE_RULES["positive-factor"]


def release_phi(expr: Expr) -> Expr:
    """``expr`` with every held φ evaluated again, so φ drops its known-positive factors."""
    return expr.replace(lambda e: isinstance(e, phi), lambda e: phi(e.args[0]))


def unrolled_update(n: PerceptronNotation, k: int = 2) -> Derivation:
    """Answer 1's chain: Δw⁽ᵏ⁾ unrolled by definitions down to w⁽⁰⁾ (five lines for k = 2)."""
    derivation, line = Derivation(n.dw(k)), n.dw(k)
    for definition in _reading_order(n, k):
        line = hold(line, dict([definition]))
        derivation.step(line, DEFINITION.using(definition))
    return derivation


def _reading_order(n: PerceptronNotation, k: int) -> list[tuple[Expr, Expr]]:
    """Unfold from the outside in, as answer 1 does: Δw⁽ᵏ⁾, ŷ⁽ᵏ⁾, w⁽ᵏ⁻¹⁾, Δw⁽ᵏ⁻¹⁾, …"""
    order = []
    for j in range(k, 0, -1):
        order.append(n.defines_update(j))
        if n.uses_prediction():
            order.append(n.defines_prediction(j))
        if j > 1:
            order.append(n.defines_weights(j - 1))
    return order


def zero_init_and_drop_eta(n: PerceptronNotation, unrolled: Expr) -> Derivation:
    """Answer 1's last line ``unrolled``, with w⁽⁰⁾ = 0, then with η removed from φ's
    argument."""
    at_zero = hold(unrolled, {n.w(0): 0})
    return (
        Derivation(unrolled)
        .step(at_zero, "zero-init")
        .step(release_phi(at_zero), drop_eta(n.eta))
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
    derivation.step(release_phi(line), drop_eta(eta))
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
        .step(release_phi(line_eta), drop_eta(eta))
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


@dataclass(frozen=True)
class Induction:
    """The proof for every step k: the base case w⁽⁰⁾ = η·v⁽⁰⁾, and under the hypothesis
    w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾ the update Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾, the weights w⁽ᵏ⁾ = η·v⁽ᵏ⁾ and the
    prediction ŷ⁽ᵏ⁾ free of η; every chain verified."""

    base: Derivation
    update: Derivation
    weights: Derivation
    prediction: Derivation


def induction(n: PerceptronNotation) -> Induction:
    """The zero-init theorem's induction in the notation ``n`` (raises
    :class:`~symbolic.DerivationError` when a chain does not follow, e.g. for an η not known
    to be positive)."""
    before = previous("k")
    hypothesis = INDUCTION.using((n.w(before), n.eta * n.v(before)))
    update = update_step(n, "k", hypothesis)
    weights = weights_step(n, "k", hypothesis, update)
    return Induction(base_case(n), update, weights, prediction_step(n, "k", hypothesis))


def written_out_chains(n: PerceptronNotation, steps: int) -> list[tuple[Derivation, Derivation]]:
    """(update chain, weights chain) for k = 1 … steps, each substituting the weights chain
    of the step before (the base case for k = 1): Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾ and w⁽ᵏ⁾ = η·v⁽ᵏ⁾."""
    known: set = {n.v(0)}
    weights, chains = base_case(n), []
    with Progress(steps, desc="derive: steps checked", unit="step") as bar:
        for k in range(1, steps + 1):
            require_free_of_eta(n, n.g(k), n.defines_g(k)[1], known)
            require_free_of_eta(n, n.v(k), n.defines_v(k)[1], known)
            because = ("base case" if k == 1 else f"step {k - 1}",)
            earlier = SUBSTITUTION.using(weights, text=because)
            update = update_step(n, k, earlier)
            weights = weights_step(n, k, earlier, update)
            chains.append((update, weights))
            bar.advance(1)
    return chains


def eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def drop_eta(eta: Symbol):
    """The positive-factor rule, saying which factor it drops: "with c = η"."""
    return POSITIVE.using(text=("with ", eq(Symbol("c"), eta)))

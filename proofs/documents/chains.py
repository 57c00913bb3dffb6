"""The reusable chains of the perceptron proofs, each a verified :class:`symbolic.Derivation`.

The theorem documents (:mod:`proofs.documents.zero_init`,
:mod:`proofs.documents.nonzero_init`) hold the statements and the prose; they take their
chains from here: the first answer's unrolled update, the zero-init substitution with η
removed from φ, and the induction step (update, weights, prediction) for a named step k or
written out for k = 1 … K.
"""

from __future__ import annotations

from sympy import Eq, Expr, Symbol

from symbolic import Derivation, DerivationError, phi
from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol
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


def eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def drop_eta(eta: Symbol):
    """The positive-factor rule, saying which factor it drops: "with c = η"."""
    return POSITIVE.using(text=("with ", eq(Symbol("c"), eta)))

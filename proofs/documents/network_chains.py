"""The chains of the hidden-unit-symmetry document, each a verified :class:`symbolic.Derivation`.

:mod:`proofs.documents.hidden_symmetry` holds the statements and the prose; it takes its chains from
here, in the notation of :class:`symbolic.network.notation.NetworkNotation`:

- the gradients by the chain rule: SymPy differentiates the loss of the network written out
  as unit j sees it (every derivative checked as algebra: the checker evaluates SymPy's
  ``Derivative``), then the points of the derivatives are named by definitions;
- the symmetry's induction step (net input, error, the three updates) for a step k, and
  written out for k = 1 … K, each step citing the one before;
- the one-unit equivalence's induction step, and the zero-weights induction step (σ = tanh).
"""

from __future__ import annotations

from sympy import Eq, Expr, Integer, Symbol, tanh

from symbolic import Derivation
from symbolic.algebra import ZERO_VECTOR, Dot, vector
from symbolic.derivations import INFERENCE_RULES
from symbolic.network.notation import NetworkNotation, at_point
from symbolic.perceptron.notation import Index, previous

DEFINITION = INFERENCE_RULES["definition"]
SUBSTITUTION = INFERENCE_RULES["substitution"]
HYPOTHESIS = INFERENCE_RULES["hypothesis"]
INDUCTION = INFERENCE_RULES["induction"]

#: The chain rule, checked as algebra: the checker evaluates SymPy's derivative of the left
#: side and compares it with the right side.
CHAIN_RULE = "the chain rule"
#: A derivative taken at a point that is a name is the derivative in that name.
AT_A_NAME = "a derivative at a named point"

#: The direction of the directional derivative that gives ∂L/∂w_j.
U = vector("u")
EPSILON = Symbol("epsilon")


def eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


# -- the gradients ----------------------------------------------------------------------------


def _network(n: NetworkNotation, j: Index, k: Index, w: Expr | None = None) -> Expr:
    """The output as unit j sees it, written out: v_j σ(w_j·x + b_j) + r_j."""
    before = previous(k)
    w = n.w(j, before) if w is None else w
    return n.v(j, before) * n.sigma(Dot(w, n.x(k)) + n.b(j, before)) + n.r(j, k)


def _named_points(n: NetworkNotation, j: Index, k: Index):
    """The definitions that name the points of the derivatives: z_j⁽ᵏ⁾ and ŷ⁽ᵏ⁾."""
    return DEFINITION.using(n.defines_z(j, k), n.defines_output(j, k))


def _loss_at(n: NetworkNotation, k: Index, point: Expr) -> Expr:
    """∂L/∂ŷ taken at ``point``."""
    placeholder = Symbol("p")
    return at_point(n.loss(placeholder, n.y(k)), placeholder, point)


def _sigma_at(n: NetworkNotation, point: Expr) -> Expr:
    """σ′ taken at ``point``."""
    placeholder = Symbol("p")
    return at_point(n.sigma(placeholder), placeholder, point)


def error_chain(n: NetworkNotation, j: Index = "j", k: Index = "k") -> Derivation:
    """∂L/∂b_j⁽ᵏ⁻¹⁾ = σ′(z_j⁽ᵏ⁾) v_j⁽ᵏ⁻¹⁾ ∂L/∂ŷ⁽ᵏ⁾ = δ_j⁽ᵏ⁾: the error backpropagated to unit j
    is proportional to its outgoing weight."""
    before = previous(k)
    net = _network(n, j, k)
    z = Dot(n.w(j, before), n.x(k)) + n.b(j, before)
    v = n.v(j, before)
    return (
        Derivation(n.loss(net, n.y(k)).diff(n.b(j, before), evaluate=False))
        .step(v * _sigma_at(n, z) * _loss_at(n, k, net), CHAIN_RULE)
        .step(v * _sigma_at(n, n.z(j, k)) * _loss_at(n, k, n.y_hat(k)), _named_points(n, j, k))
        .step(n.delta_value(j, k), AT_A_NAME)
        .step(n.delta(j, k), DEFINITION.using(n.defines_delta(j, k)))
        .verify()
    )


def outgoing_chain(n: NetworkNotation, j: Index = "j", k: Index = "k") -> Derivation:
    """∂L/∂v_j⁽ᵏ⁻¹⁾ = σ(z_j⁽ᵏ⁾) ∂L/∂ŷ⁽ᵏ⁾."""
    before = previous(k)
    net = _network(n, j, k)
    z = Dot(n.w(j, before), n.x(k)) + n.b(j, before)
    return (
        Derivation(n.loss(net, n.y(k)).diff(n.v(j, before), evaluate=False))
        .step(n.sigma(z) * _loss_at(n, k, net), CHAIN_RULE)
        .step(n.sigma(n.z(j, k)) * _loss_at(n, k, n.y_hat(k)), _named_points(n, j, k))
        .step(n.sigma(n.z(j, k)) * n.loss_gradient(k), AT_A_NAME)
        .verify()
    )


def incoming_chain(n: NetworkNotation, j: Index = "j", k: Index = "k") -> Derivation:
    """The derivative of L along any direction u of w_j⁽ᵏ⁻¹⁾ is (δ_j⁽ᵏ⁾ x⁽ᵏ⁾)·u, so
    ∂L/∂w_j⁽ᵏ⁻¹⁾ = δ_j⁽ᵏ⁾ x⁽ᵏ⁾, in every dimension."""
    before = previous(k)
    w, x, eps = n.w(j, before), n.x(k), EPSILON
    moved = _network(n, j, k, w + eps * U)
    split = n.v(j, before) * n.sigma(Dot(w, x) + eps * Dot(U, x) + n.b(j, before)) + n.r(j, k)
    net = _network(n, j, k)
    z = Dot(w, x) + n.b(j, before)
    v = n.v(j, before)
    along = at_point(n.loss(moved, n.y(k)), eps, 0)
    return (
        Derivation(along)
        .step(at_point(n.loss(split, n.y(k)), eps, 0), "linearity")
        .step(Dot(U, x) * v * _sigma_at(n, z) * _loss_at(n, k, net), CHAIN_RULE)
        .step(
            Dot(U, x) * v * _sigma_at(n, n.z(j, k)) * _loss_at(n, k, n.y_hat(k)),
            _named_points(n, j, k),
        )
        .step(Dot(U, x) * n.delta_value(j, k), AT_A_NAME)
        .step(n.delta(j, k) * Dot(U, x), DEFINITION.using(n.defines_delta(j, k)))
        .step(Dot(n.delta(j, k) * x, U), "algebra")
        .verify()
    )


def bias_chain(n: NetworkNotation, k: Index = "k") -> Derivation:
    """∂L/∂c⁽ᵏ⁻¹⁾ = ∂L/∂ŷ⁽ᵏ⁾, with s⁽ᵏ⁾ = ŷ⁽ᵏ⁾ − c⁽ᵏ⁻¹⁾ the hidden layer's part (free of c)."""
    c, s = n.c(previous(k)), n.s(k)
    return (
        Derivation(n.loss(c + s, n.y(k)).diff(c, evaluate=False))
        .step(_loss_at(n, k, c + s), CHAIN_RULE)
        .step(_loss_at(n, k, n.y_hat(k)), DEFINITION.using(n.defines_s(k)))
        .step(n.loss_gradient(k), AT_A_NAME)
        .verify()
    )


# -- equal units stay equal -------------------------------------------------------------------


def symmetry_hypotheses(n: NetworkNotation, k: Index):
    """The induction hypothesis: unit j equals unit 1 after step k − 1 (w, b and v)."""
    before = previous(k)
    return {
        "w": INDUCTION.using((n.w("j", before), n.w(1, before))),
        "b": INDUCTION.using((n.b("j", before), n.b(1, before))),
        "wb": INDUCTION.using(
            (n.w("j", before), n.w(1, before)), (n.b("j", before), n.b(1, before))
        ),
        "v": INDUCTION.using((n.v("j", before), n.v(1, before))),
    }


def symmetry_step(n: NetworkNotation, k: Index, because: dict) -> dict[str, Derivation]:
    """Unit j against unit 1 at step k, given unit j = unit 1 after step k − 1 (the
    justifications ``because["wb"]`` for w and b together, ``["w"]``, ``["b"]``, ``["v"]``):
    z_j = z_1, δ_j = δ_1, then w_j, b_j and v_j after step k equal unit 1's."""
    before = previous(k)
    x, eta = n.x(k), n.eta
    z = (
        Derivation(n.z("j", k))
        .step(n.defines_z("j", k)[1], DEFINITION.using(n.defines_z("j", k)))
        .step(Dot(n.w(1, before), x) + n.b(1, before), because["wb"])
        .step(n.z(1, k), DEFINITION.using(n.defines_z(1, k)))
        .verify()
    )
    sigma_prime, gradient = n.sigma_prime, n.loss_gradient(k)
    delta = (
        Derivation(n.delta("j", k))
        .step(n.delta_value("j", k), DEFINITION.using(n.defines_delta("j", k)))
        .step(sigma_prime(n.z(1, k)) * n.v("j", before) * gradient, SUBSTITUTION.using(z))
        .step(sigma_prime(n.z(1, k)) * n.v(1, before) * gradient, because["v"])
        .step(n.delta(1, k), DEFINITION.using(n.defines_delta(1, k)))
        .verify()
    )
    w = (
        Derivation(n.w("j", k))
        .step(n.defines_w("j", k)[1], DEFINITION.using(n.defines_w("j", k)))
        .step(n.w(1, before) - eta * n.delta("j", k) * x, because["w"])
        .step(n.w(1, before) - eta * n.delta(1, k) * x, SUBSTITUTION.using(delta))
        .step(n.w(1, k), DEFINITION.using(n.defines_w(1, k)))
        .verify()
    )
    b = (
        Derivation(n.b("j", k))
        .step(n.defines_b("j", k)[1], DEFINITION.using(n.defines_b("j", k)))
        .step(n.b(1, before) - eta * n.delta("j", k), because["b"])
        .step(n.b(1, before) - eta * n.delta(1, k), SUBSTITUTION.using(delta))
        .step(n.b(1, k), DEFINITION.using(n.defines_b(1, k)))
        .verify()
    )
    v = (
        Derivation(n.v("j", k))
        .step(n.defines_v("j", k)[1], DEFINITION.using(n.defines_v("j", k)))
        .step(n.v(1, before) - eta * n.sigma(n.z("j", k)) * gradient, because["v"])
        .step(n.v(1, before) - eta * n.sigma(n.z(1, k)) * gradient, SUBSTITUTION.using(z))
        .step(n.v(1, k), DEFINITION.using(n.defines_v(1, k)))
        .verify()
    )
    return {"z": z, "delta": delta, "w": w, "b": b, "v": v}


def written_out_symmetry(n: NetworkNotation, steps: int) -> list[dict[str, Derivation]]:
    """The symmetry's induction step written out for k = 1 … ``steps``: step 1 rests on the
    hypothesis that the units start equal, step k on the chains of step k − 1."""
    chains: list[dict[str, Derivation]] = []
    for k in range(1, steps + 1):
        if k == 1:
            because = {
                "w": HYPOTHESIS.using((n.w("j", 0), n.w(1, 0))),
                "b": HYPOTHESIS.using((n.b("j", 0), n.b(1, 0))),
                "wb": HYPOTHESIS.using((n.w("j", 0), n.w(1, 0)), (n.b("j", 0), n.b(1, 0))),
                "v": HYPOTHESIS.using((n.v("j", 0), n.v(1, 0))),
            }
        else:
            last = chains[-1]
            words = (f"step {k - 1}",)
            because = {
                "w": SUBSTITUTION.using(last["w"], text=words),
                "b": SUBSTITUTION.using(last["b"], text=words),
                "wb": SUBSTITUTION.using(last["w"], last["b"], text=words),
                "v": SUBSTITUTION.using(last["v"], text=words),
            }
        chains.append(symmetry_step(n, k, because))
    return chains


# -- the one-unit network ---------------------------------------------------------------------


def one_unit_step(n: NetworkNotation, k: Index, symmetry: dict[str, Derivation]) -> dict:
    """The one-unit network against unit 1 at step k, given (induction) that after step k − 1
    it is at (w_1, b_1, m·v_1, c), that unit j equals unit 1 and that the other m − 1 units
    do too (r_j = c + (m − 1) v_1 σ(z_1)); ``symmetry`` holds the chains of step k."""
    z = _one_unit_net_input(n, k)
    output, one_output = _one_unit_outputs(n, k, symmetry, z)
    delta = _one_unit_error(n, k, z, one_output)
    w, b = _one_unit_incoming(n, k, delta)
    return {
        "z": z,
        "output": output,
        "one output": one_output,
        "delta": delta,
        "w": w,
        "b": b,
        "v": _one_unit_outgoing(n, k, z, one_output),
        "c": _one_unit_output_bias(n, k, one_output),
    }


def _one_unit_net_input(n: NetworkNotation, k: Index) -> Derivation:
    """z_*⁽ᵏ⁾ = z_1⁽ᵏ⁾: the one unit starts step k with unit 1's incoming weights and bias."""
    before = previous(k)
    return (
        Derivation(n.z("*", k))
        .step(n.defines_z("*", k)[1], DEFINITION.using(n.defines_z("*", k)))
        .step(
            Dot(n.w(1, before), n.x(k)) + n.b(1, before),
            INDUCTION.using((n.w("*", before), n.w(1, before)), (n.b("*", before), n.b(1, before))),
        )
        .step(n.z(1, k), DEFINITION.using(n.defines_z(1, k)))
        .verify()
    )


def _one_unit_outputs(
    n: NetworkNotation, k: Index, symmetry: dict[str, Derivation], z: Derivation
) -> tuple[Derivation, Derivation]:
    """ŷ⁽ᵏ⁾ = m·v_1 σ(z_1) + c for the m equal units, and the one unit's output is the same."""
    before, m = previous(k), n.m
    z1, v1, c = n.z(1, k), n.v(1, before), n.c(before)
    output = (
        Derivation(n.y_hat(k))
        .step(n.defines_output("j", k)[1], DEFINITION.using(n.defines_output("j", k)))
        .step(n.v("j", before) * n.sigma(z1) + n.r("j", k), SUBSTITUTION.using(symmetry["z"]))
        .step(v1 * n.sigma(z1) + n.r("j", k), INDUCTION.using((n.v("j", before), v1)))
        .step(
            v1 * n.sigma(z1) + c + (m - 1) * v1 * n.sigma(z1),
            INDUCTION.using((n.r("j", k), c + (m - 1) * v1 * n.sigma(z1))),
        )
        .step(m * v1 * n.sigma(z1) + c, "algebra")
        .verify()
    )
    one_output = (
        Derivation(n.y_hat(k, "*"))
        .step(n.defines_output("*", k)[1], DEFINITION.using(n.defines_output("*", k)))
        .step(n.v("*", before) * n.sigma(z1) + n.c(before, "*"), SUBSTITUTION.using(z))
        .step(
            m * v1 * n.sigma(z1) + c,
            INDUCTION.using((n.v("*", before), m * v1), (n.c(before, "*"), c)),
        )
        .step(n.y_hat(k), SUBSTITUTION.using(output))
        .verify()
    )
    return output, one_output


def _one_unit_error(
    n: NetworkNotation, k: Index, z: Derivation, one_output: Derivation
) -> Derivation:
    """δ_*⁽ᵏ⁾ = m·δ_1⁽ᵏ⁾: the one unit's error is m times that of each unit."""
    before, m = previous(k), n.m
    z1, v1, one_gradient = n.z(1, k), n.v(1, before), n.loss_gradient(k, "*")
    return (
        Derivation(n.delta("*", k))
        .step(n.delta_value("*", k), DEFINITION.using(n.defines_delta("*", k)))
        .step(n.sigma_prime(z1) * n.v("*", before) * one_gradient, SUBSTITUTION.using(z))
        .step(
            n.sigma_prime(z1) * m * v1 * one_gradient,
            INDUCTION.using((n.v("*", before), m * v1)),
        )
        .step(n.sigma_prime(z1) * m * v1 * n.loss_gradient(k), SUBSTITUTION.using(one_output))
        .step(m * n.delta(1, k), DEFINITION.using(n.defines_delta(1, k)))
        .verify()
    )


def _one_unit_incoming(
    n: NetworkNotation, k: Index, delta: Derivation
) -> tuple[Derivation, Derivation]:
    """w_*⁽ᵏ⁾ = w_1⁽ᵏ⁾ and b_*⁽ᵏ⁾ = b_1⁽ᵏ⁾: at the rate η/m the one unit's incoming weights and
    bias move as unit 1's."""
    before, m, eta, x = previous(k), n.m, n.eta, n.x(k)
    w = (
        Derivation(n.w("*", k))
        .step(n.defines_w("*", k)[1], DEFINITION.using(n.defines_w("*", k)))
        .step(
            n.w(1, before) - eta / m * n.delta("*", k) * x,
            INDUCTION.using((n.w("*", before), n.w(1, before))),
        )
        .step(n.w(1, before) - eta * n.delta(1, k) * x, SUBSTITUTION.using(delta))
        .step(n.w(1, k), DEFINITION.using(n.defines_w(1, k)))
        .verify()
    )
    b = (
        Derivation(n.b("*", k))
        .step(n.defines_b("*", k)[1], DEFINITION.using(n.defines_b("*", k)))
        .step(
            n.b(1, before) - eta / m * n.delta("*", k),
            INDUCTION.using((n.b("*", before), n.b(1, before))),
        )
        .step(n.b(1, before) - eta * n.delta(1, k), SUBSTITUTION.using(delta))
        .step(n.b(1, k), DEFINITION.using(n.defines_b(1, k)))
        .verify()
    )
    return w, b


def _one_unit_outgoing(
    n: NetworkNotation, k: Index, z: Derivation, one_output: Derivation
) -> Derivation:
    """v_*⁽ᵏ⁾ = m·v_1⁽ᵏ⁾: at the rate m·η the one unit's outgoing weight stays m times unit 1's."""
    before, m, eta = previous(k), n.m, n.eta
    z1, v1 = n.z(1, k), n.v(1, before)
    gradient, one_gradient = n.loss_gradient(k), n.loss_gradient(k, "*")
    return (
        Derivation(n.v("*", k))
        .step(n.defines_v("*", k)[1], DEFINITION.using(n.defines_v("*", k)))
        .step(
            m * v1 - m * eta * n.sigma(n.z("*", k)) * one_gradient,
            INDUCTION.using((n.v("*", before), m * v1)),
        )
        .step(m * v1 - m * eta * n.sigma(z1) * one_gradient, SUBSTITUTION.using(z))
        .step(m * v1 - m * eta * n.sigma(z1) * gradient, SUBSTITUTION.using(one_output))
        .step(m * (v1 - eta * n.sigma(z1) * gradient), "algebra")
        .step(m * n.v(1, k), DEFINITION.using(n.defines_v(1, k)))
        .verify()
    )


def _one_unit_output_bias(n: NetworkNotation, k: Index, one_output: Derivation) -> Derivation:
    """c_*⁽ᵏ⁾ = c⁽ᵏ⁾: at the rate η the one unit's output bias moves as the network's."""
    before, eta = previous(k), n.eta
    c = n.c(before)
    return (
        Derivation(n.c(k, "*"))
        .step(n.defines_c(k, "*")[1], DEFINITION.using(n.defines_c(k, "*")))
        .step(c - eta * n.loss_gradient(k, "*"), INDUCTION.using((n.c(before, "*"), c)))
        .step(c - eta * n.loss_gradient(k), SUBSTITUTION.using(one_output))
        .step(n.c(k), DEFINITION.using(n.defines_c(k)))
        .verify()
    )


# -- zero weights ------------------------------------------------------------------------------


def zero_weights_step(n: NetworkNotation, k: Index = "k") -> dict[str, Derivation]:
    """Given (induction) zero w_j, b_j and v_j for every unit after step k − 1: z_j = 0, so
    every hidden unit outputs σ(0); δ_j = 0; w_j, b_j stay 0; with σ = tanh, v_j stays 0; and
    the output is c⁽ᵏ⁻¹⁾, so only c moves."""
    before, eta, x = previous(k), n.eta, n.x(k)
    zj, gradient = n.z("j", k), n.loss_gradient(k)
    z = (
        Derivation(zj)
        .step(n.defines_z("j", k)[1], DEFINITION.using(n.defines_z("j", k)))
        .step(
            Integer(0),
            INDUCTION.using((n.w("j", before), ZERO_VECTOR), (n.b("j", before), Integer(0))),
        )
        .verify()
    )
    hidden = Derivation(n.sigma(zj)).step(n.sigma(Integer(0)), SUBSTITUTION.using(z)).verify()
    zero_v = INDUCTION.using((n.v("j", before), Integer(0)))
    delta = (
        Derivation(n.delta("j", k))
        .step(n.delta_value("j", k), DEFINITION.using(n.defines_delta("j", k)))
        .step(Integer(0), zero_v)
        .verify()
    )
    w = (
        Derivation(n.w("j", k))
        .step(n.defines_w("j", k)[1], DEFINITION.using(n.defines_w("j", k)))
        .step(-eta * n.delta("j", k) * x, INDUCTION.using((n.w("j", before), ZERO_VECTOR)))
        .step(ZERO_VECTOR, SUBSTITUTION.using(delta))
        .verify()
    )
    b = (
        Derivation(n.b("j", k))
        .step(n.defines_b("j", k)[1], DEFINITION.using(n.defines_b("j", k)))
        .step(-eta * n.delta("j", k), INDUCTION.using((n.b("j", before), Integer(0))))
        .step(Integer(0), SUBSTITUTION.using(delta))
        .verify()
    )
    tanh_zero = eq(tanh(Integer(0), evaluate=False), Integer(0))
    v = (
        Derivation(n.v("j", k))
        .step(n.defines_v("j", k)[1], DEFINITION.using(n.defines_v("j", k)))
        .step(-eta * n.sigma(zj) * gradient, zero_v)
        .step(-eta * tanh(zj) * gradient, HYPOTHESIS.using((n.sigma(zj), tanh(zj))))
        .step(Integer(0), SUBSTITUTION.using(z, text=("and ", tanh_zero)))
        .verify()
    )
    output = (
        Derivation(n.y_hat(k))
        .step(n.defines_output("j", k)[1], DEFINITION.using(n.defines_output("j", k)))
        .step(n.r("j", k), zero_v)
        .step(n.c(before), INDUCTION.using((n.r("j", k), n.c(before))))
        .verify()
    )
    return {"z": z, "hidden": hidden, "delta": delta, "w": w, "b": b, "v": v, "output": output}

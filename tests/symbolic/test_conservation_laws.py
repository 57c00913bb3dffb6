"""Conservation laws of gradient flow on two-layer networks, counted and certified exactly, and
their exact change after one gradient step of size η.

Each claim is checked against an independent route written here: the counts against the orbit
argument (linear) and one law per unit (ReLU), [1, 3, 1] by hand; the laws against SymPy's own
``diff``; one step's change against a gradient step taken by hand in Fractions; the η² drift
against a plain NumPy loop in float64."""

from __future__ import annotations

import random
from fractions import Fraction
from functools import cache

import numpy as np
import pytest
from sympy import Matrix, Rational, Symbol, diff, expand, simplify

from numeric.errors import InvalidOption, TooMuchWork
from symbolic.algebra.first_integrals import as_expression, first_integrals
from symbolic.algebra.lie_algebra import (
    GeneratedAlgebra,
    certified_rank,
    field_of_word,
    lie_bracket,
    linear_field,
    rank_at,
)
from symbolic.errors import DimensionMismatch, InvalidLearningRate, InvalidNumber
from symbolic.network.functions import UnknownFunction
from symbolic.theorems import conservation_laws as module
from symbolic.theorems.broken_laws import (
    one_step_change,
    scale_invariant_example,
    softmax_translation_example,
)
from symbolic.theorems.conservation_laws import (
    conservation_laws,
    generator_fields,
    rational_point,
    two_layer_network,
)

TABLE = [(n, r, m) for n in range(1, 5) for r in range(1, 4) for m in range(1, 5)]


@cache
def laws_of(widths: tuple[int, int, int], activation: str, bias: bool = False):
    return conservation_laws(widths, activation, bias)


def orbit_count(n: int, r: int, m: int) -> int:
    """The linear network's count by the orbit argument, independent of the library.

    With W = [Uᵀ; V] ((n + m) × r) and J = diag(I_n, −I_m), UUᵀ − VᵀV = WᵀJW, and the fields
    ∇φ move W by matrices of so(n, m) (dimension p(p − 1)/2, p = n + m).  A generic W's
    stabiliser is the so(p − r) of its column span's J-orthogonal complement (trivial when
    r ≥ p), so the orbit has dimension p(p−1)/2 − (p−r)(p−r−1)/2 and the laws number
    D − that: r(r + 1)/2 when n + m ≥ r, and r·p − p(p − 1)/2 otherwise."""
    p = n + m
    stabiliser = (p - r) * (p - r - 1) // 2 if r < p else 0
    return r * p - (p * (p - 1) // 2 - stabiliser)


@pytest.mark.parametrize(("n", "r", "m"), TABLE)
def test_every_small_linear_network_has_the_count_of_the_orbit_argument(n, r, m):
    found = laws_of((n, r, m), "linear")
    assert found.certified and found.count == orbit_count(n, r, m)
    if n + m >= r:
        assert found.count == r * (r + 1) // 2  # the count of the literature
    assert found.rank_bounds == (found.parameter_count - found.count,) * 2


@pytest.mark.parametrize(("n", "r", "m"), TABLE)
def test_every_small_relu_network_has_one_law_per_hidden_unit(n, r, m):
    found = laws_of((n, r, m), "relu")
    assert found.certified and found.count == r


@pytest.mark.heavy
@pytest.mark.parametrize("activation", ["linear", "relu"])
@pytest.mark.parametrize(("n", "r", "m"), TABLE)
def test_every_small_network_with_biases_counts_the_bias_as_an_input(n, r, m, activation):
    found = laws_of((n, r, m), activation, True)
    expected = orbit_count(n + 1, r, m) if activation == "linear" else r
    assert found.certified and found.count == expected


def test_one_three_one_has_five_laws_not_six_as_checked_by_hand():
    # By hand: θ = (u1, u2, u3, v1, v2, v3), φ = v·u is one number, one field X = ∇φ = (v, u).
    # [X, X] = 0, so the generated algebra is span{X}, of rank 1 wherever θ ≠ 0: 6 − 1 = 5.
    # r(r + 1)/2 = 6 would count the 6 entries of uuᵀ − vvᵀ, a rank-2 matrix: not independent.
    found = laws_of((1, 3, 1), "linear")
    assert found.certified and found.count == 5 != 3 * 4 // 2
    assert found.parameter_count == 6 and found.rank_bounds == (1, 1)
    # The laws of degree ≤ 2: the 6 entries of uuᵀ − vvᵀ and the 3 of u_i·v_j − u_j·v_i.
    assert found.quadratic_laws == 9
    assert "span a space of dimension 9; 5 of them, these, are functionally independent" in str(
        found
    )
    # A hidden bias is one more input: n + 1 + m = 3 ≥ r, and the count is r(r + 1)/2 again.
    assert laws_of((1, 3, 1), "linear", True).count == 6


def phi_by_hand(widths, activation):
    """φ written out here from the network's symbols: V·U, or u_{j,i}·v_{k,j} per unit."""
    net = two_layer_network(widths, activation)
    U, V = Matrix(net.U), Matrix(net.V)
    if activation == "linear":
        return net, list(V * U)
    return net, [
        U[j, i] * V[k, j] for j in range(net.r) for i in range(net.n) for k in range(net.m)
    ]


@pytest.mark.parametrize(
    ("widths", "activation"),
    [((2, 2, 2), "linear"), ((1, 3, 1), "linear"), ((3, 2, 1), "relu"), ((2, 3, 2), "relu")],
)
def test_each_law_is_conserved_by_every_field_and_the_laws_are_independent(widths, activation):
    found = laws_of(widths, activation)
    net, phis = phi_by_hand(widths, activation)
    theta = net.variables
    for h in found.laws:
        for phi in phis:
            assert expand(sum(diff(h, t) * diff(phi, t) for t in theta)) == 0
    # Functionally independent: the Jacobian has full rank at the certificate's point.
    jacobian = Matrix([[diff(h, t) for t in theta] for h in found.laws])
    at = dict(zip(theta, found.point, strict=True))
    assert jacobian.subs(at).rank() == len(found.laws) == found.count


def test_relu_laws_are_the_squared_norms_of_each_unit_in_minus_out():
    found = laws_of((3, 2, 2), "relu")
    net = found.network
    for j, h in enumerate(found.laws):
        u = sum(s**2 for s in net.U[j])
        v = sum(row[j] ** 2 for row in net.V)
        assert expand(h - (u - v)) == 0
    biased = laws_of((3, 2, 2), "relu", True).laws[0]
    b = Symbol("b_{1}", real=True)
    unit = sum(s**2 for s in net.U[0]) + b**2 - sum(row[0] ** 2 for row in net.V)
    assert expand(biased - unit) == 0


def test_linear_laws_are_the_entries_of_UUt_minus_VtV():
    found = laws_of((2, 2, 3), "linear")
    U, V = Matrix(found.network.U), Matrix(found.network.V)
    gram = U * U.T - V.T * V
    entries = [gram[j, k] for j in range(2) for k in range(j, 2)]
    assert [expand(h - e) for h, e in zip(found.laws, entries, strict=True)] == [0, 0, 0]


def test_the_matrix_bracket_is_the_symbolic_bracket_dY_X_minus_dX_Y():
    net = two_layer_network((2, 2, 1), "linear")
    theta = net.variables
    fields = [f for _, f in generator_fields(net)]
    rng = random.Random(3)
    for _ in range(6):
        a, b = rng.sample(range(len(fields)), 2)
        X, Y = fields[a], fields[b].bracket(fields[a])
        by_definition = lie_bracket(X.expressions(theta), Y.expressions(theta), theta)
        assert (X.bracket(Y).expressions(theta) - by_definition).expand() == Matrix([0] * 6)


def test_the_lower_bound_is_rebuilt_from_its_words_and_checked_by_an_exact_rank():
    net = two_layer_network((2, 3, 1), "linear")
    fields = [f for _, f in generator_fields(net)]
    point = rational_point(net.parameter_count, 0)
    search = rank_at(GeneratedAlgebra(fields), point, 3)
    rebuilt = [field_of_word(f.word, fields) for f in search.fields]
    theta = net.variables
    values = Matrix.hstack(*(f.expressions(theta) for f in rebuilt))
    assert values.subs(dict(zip(theta, point, strict=True))).rank() == 3
    assert certified_rank(rebuilt, point) == 3 and search.depth == 2  # one bracket was needed


def test_the_law_search_finds_the_circles_of_a_rotation_and_nothing_else():
    # X(θ) = (−θ₂, θ₁) turns the plane: its first integrals of degree ≤ 2 are c·(θ₁² + θ₂²).
    a, b = Symbol("a", real=True), Symbol("b", real=True)
    rotation = linear_field([-b, a], (a, b), 0)
    (law,) = first_integrals([rotation], 2)
    assert as_expression(law, (a, b)) == a**2 + b**2


def test_the_whole_algebra_is_generated_when_no_target_stops_the_search():
    net = two_layer_network((1, 3, 1), "linear")
    algebra = GeneratedAlgebra([f for _, f in generator_fields(net)])
    search = rank_at(algebra, rational_point(6, 0), 6)
    assert search.closed and search.rank == 1  # span{X}: [X, X] = 0


def test_an_uncertified_count_is_said_undecided_and_prints_no_number(monkeypatch):
    # Hide one law from the search: the bounds no longer meet, so no count may be given.
    real = module.first_integrals
    monkeypatch.setattr(module, "first_integrals", lambda *a: real(*a)[:-1])
    found = conservation_laws((2, 2, 2), "relu")
    assert not found.certified and found.count is None
    low, high = found.rank_bounds
    assert low == 6 and high == 7
    assert str(found).startswith("undecided") and "exactly" not in str(found)
    assert "between 1 and 2" in found.statement and "count=None" in repr(found)


def test_the_result_reads_as_a_verdict_with_its_laws_and_checks():
    found = laws_of((2, 2, 1), "relu")
    text = str(found)
    assert text.startswith("certified: gradient flow on the two-layer ReLU network")
    assert "exactly 2 independent conservation laws" in text
    assert "h_1 = u_{1,1}² + u_{1,2}² - v_{1,1}²" in text
    assert text.count("[shown]") == 4
    assert repr(found) == "ConservationLaws([2, 2, 1], 'relu', bias=False, count=2, certified)"
    assert found.to_dict()["count"] == 2 and found.to_dict()["laws"][0].startswith("u_{1,1}**2")


# --- one step of size η ---------------------------------------------------------------------


def exact_step(U, V, x, y, eta, activation, bias):
    """One gradient step on ½‖V·σ(U·x̃) − y‖², by hand in Fractions (σ′(0) = 0)."""
    xt = [*x, Fraction(1)] if bias else list(x)
    z = [sum(u * xi for u, xi in zip(row, xt, strict=True)) for row in U]
    if activation == "linear":
        a, slope = z, [Fraction(1)] * len(z)
    else:
        a = [max(zj, Fraction(0)) for zj in z]
        slope = [Fraction(1) if zj > 0 else Fraction(0) for zj in z]
    e = [sum(v * aj for v, aj in zip(row, a, strict=True)) - t for row, t in zip(V, y, strict=True)]
    gV = [[ek * aj for aj in a] for ek in e]
    delta = [slope[j] * sum(V[k][j] * e[k] for k in range(len(V))) for j in range(len(U))]
    gU = [[dj * xi for xi in xt] for dj in delta]
    U2 = [[u - eta * g for u, g in zip(ru, rg, strict=True)] for ru, rg in zip(U, gU, strict=True)]
    V2 = [[v - eta * g for v, g in zip(rv, rg, strict=True)] for rv, rg in zip(V, gV, strict=True)]
    return U2, V2


def law_values(found, U, V):
    """The laws at (U, V), substituted here (U with its bias column last)."""
    entries = [v for row in U for v in row] + [v for row in V for v in row]
    at = dict(zip(found.variables, map(Rational, entries), strict=True))
    return [h.xreplace(at) for h in found.laws]


def random_point(rng, n, r, m, bias):
    def q():
        return Fraction(rng.randint(-9, 9), rng.randint(1, 4))

    U = [[q() for _ in range(n + int(bias))] for _ in range(r)]
    V = [[q() for _ in range(r)] for _ in range(m)]
    return U, V, [q() for _ in range(n)], [q() for _ in range(m)]


@pytest.mark.parametrize(
    ("widths", "activation", "bias"),
    [((2, 3, 2), "relu", False), ((2, 2, 1), "relu", True), ((2, 2, 3), "linear", False),
     ((1, 3, 1), "linear", False), ((3, 2, 1), "linear", True)],
)  # fmt: skip
def test_step_change_is_the_change_of_a_step_taken_by_hand(widths, activation, bias):
    found = laws_of(widths, activation, bias)
    rng = random.Random(7)
    for _ in range(4):
        U, V, x, y = random_point(rng, *widths, bias)
        eta = Fraction(rng.randint(1, 9), 10)
        U2, V2 = exact_step(U, V, x, y, eta, activation, bias)
        before, after = law_values(found, U, V), law_values(found, U2, V2)
        measured = [b - a for a, b in zip(before, after, strict=True)]
        assert list(found.step_change((U, V), eta, x, y)) == measured


def test_one_step_breaks_each_rescale_law_at_a_generic_point():
    found = laws_of((2, 2, 1), "relu")
    U, V, x, y = [[1, 2], [3, -1]], [[2, -1]], [1, 1], [-2]  # both units active
    changes = found.step_change((U, V), "1/10", x, y)
    assert all(c != 0 for c in changes)
    eta = Symbol("eta", positive=True)
    symbolic = found.step_change((U, V), eta, x, y)
    assert [simplify(s / eta**2 - c * 100) for s, c in zip(symbolic, changes, strict=True)] == [
        0,
        0,
    ]


def test_a_unit_with_zero_pre_activation_is_off_and_keeps_its_law_exactly():
    found = laws_of((2, 2, 1), "relu")
    U, V, x, y = [[1, "1/3"], [2, -1]], [[3, "1/2"]], [1, 2], [1]  # z_2 = 2 − 2 = 0: σ′(0) = 0
    changes = found.step_change((U, V), "1/10", x, y)
    assert changes[0] != 0 and changes[1] == 0
    exact = [[Fraction(v) for v in row] for row in U], [[Fraction(v) for v in row] for row in V]
    U2, V2 = exact_step(*exact, [1, 2], [1], Fraction(1, 10), "relu", bias=False)
    assert law_values(found, U2, V2)[1] == found.evaluate((U, V))[1]


def test_each_step_change_formula_is_derived_and_checked():
    found = laws_of((2, 2, 2), "relu")
    for change in found.step_changes:
        assert change.shown and [c.name for c in change.checks] == ["expansion", "first order"]
    # The two checks together give the step's identity; checked here in one piece as well.
    gradient = found.network.loss_gradient
    direct = one_step_change(found.laws[1], found.variables, gradient, direct=True)
    assert direct.shown and direct.checks[-1].name == "the step"
    # The derivation refuses a direction that is not orthogonal to ∇h: here g = θ itself.
    theta = found.variables
    not_conserved = one_step_change(found.laws[0], theta, theta)
    assert not not_conserved.shown
    with pytest.raises(ValueError, match="not shown"):
        not_conserved.change({})


def test_the_softmax_translation_law_is_unchanged_by_any_step():
    example = softmax_translation_example(classes=3, features=2)
    assert example.shown and example.instance_change == 0 and example.step.formula == 0
    # Independently, in float64: Σ_k ∂L/∂b_k = Σ_k (softmax_k − t_k) = 1 − 1 = 0.
    rng = np.random.default_rng(0)
    W, b, x = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=2)
    t = np.eye(3)[1]
    for eta in (0.1, 1.0, 10.0):
        z = W @ x + b
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        assert abs((b - eta * (p - t)).sum() - b.sum()) < 1e-12 * (1 + eta)


def test_a_scale_invariant_norm_grows_by_exactly_eta_squared_g_squared():
    example = scale_invariant_example(d=2)
    assert example.shown and example.instance_change > 0
    # Independently, by hand in Fractions: L = (q − y)²/2 with q = (w·x)²/(w·w),
    # ∇q = 2(w·x)x/(w·w) − 2(w·x)²w/(w·w)², so ∇L = (q − y)∇q and ⟨w, ∇L⟩ = 0.
    w, x, y, eta = (
        [Fraction(1), Fraction(2)],
        [Fraction(2, 3), Fraction(-1)],
        Fraction(1, 2),
        Fraction(1, 10),
    )
    wx, ww = sum(a * b for a, b in zip(w, x, strict=True)), sum(a * a for a in w)
    q = wx**2 / ww
    g = [(q - y) * (2 * wx * xi / ww - 2 * wx**2 * wi / ww**2) for wi, xi in zip(w, x, strict=True)]
    assert sum(a * b for a, b in zip(w, g, strict=True)) == 0
    stepped = sum((wi - eta * gi) ** 2 for wi, gi in zip(w, g, strict=True)) - ww
    assert stepped == eta**2 * sum(gi * gi for gi in g) == example.instance_change


def test_the_drift_of_a_relu_law_over_many_float_steps_scales_as_eta_squared():
    # Plain NumPy: the law h = ‖u_1‖² − ‖v_1‖² drifts by Σ_t η²·h₂(g_t) over N steps; for
    # small N·η the g_t barely move, so drift/η² is the same for η and η/2 (within 5%).
    rng = np.random.default_rng(1)
    U0, V0 = rng.normal(size=(3, 2)), rng.normal(size=(2, 3))
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))

    def drift(eta: float, steps: int = 100) -> float:
        U, V = U0.copy(), V0.copy()
        law = lambda U, V: U[0] @ U[0] - V[:, 0] @ V[:, 0]  # noqa: E731
        before = law(U, V)
        for t in range(steps):
            x, y = X[t % 4], Y[t % 4]
            z = U @ x
            a = np.maximum(z, 0.0)
            e = V @ a - y
            gV = np.outer(e, a)
            gU = np.outer((z > 0) * (V.T @ e), x)
            U, V = U - eta * gU, V - eta * gV
        return law(U, V) - before

    ratios = [drift(eta) / eta**2 for eta in (1e-4, 5e-5)]
    assert abs(drift(1e-4)) > 1e-9  # the law does move
    assert abs(ratios[0] / ratios[1] - 1) < 0.05


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: conservation_laws((2, 2)), DimensionMismatch, "three widths"),
        (lambda: conservation_laws("221"), DimensionMismatch, "must be a sequence"),
        (lambda: conservation_laws((2, 0, 1)), DimensionMismatch, "r=0 must be a positive"),
        (lambda: conservation_laws((2, 1.5, 1)), DimensionMismatch, "r=1.5"),
        (lambda: conservation_laws((True, 1, 1)), DimensionMismatch, "n=True"),
        (lambda: conservation_laws((2, 2, 1), "tanh"), UnknownFunction, "activation='tanh'"),
        (lambda: conservation_laws((2, 2, 1), bias="yes"), InvalidOption, "bias='yes'"),
        (lambda: conservation_laws((10, 8, 10)), TooMuchWork, "D = 160"),
        (lambda: laws_of((2, 2, 1), "relu").evaluate(([[1, 2]], [[1, 1]])), DimensionMismatch,
         "U has shape (1, 2) but must have shape (2, 2)"),
        (lambda: laws_of((2, 2, 1), "relu").evaluate(([[1, 2], [3, 4]],)), DimensionMismatch,
         "must be (U, V)"),
        (lambda: laws_of((2, 2, 1), "relu").evaluate(([[1, "x"], [3, 4]], [[1, 1]])),
         InvalidNumber, "U[1][2]='x'"),
        (lambda: laws_of((2, 2, 1), "relu").step_change(([[1, 2], [3, 4]], [[1, 1]]), 0, [1, 1],
                                                        [1]), InvalidLearningRate, "eta=0"),
        (lambda: laws_of((2, 2, 1), "relu").step_change(([[1, 2], [3, 4]], [[1, 1]]), 1, [1],
                                                        [1]), DimensionMismatch, "n = 2"),
        (lambda: laws_of((2, 2, 1), "relu", True).evaluate(([[1, 2], [3, 4]], [1], [[1, 1]])),
         DimensionMismatch, "b has 1 entries"),
    ],
)  # fmt: skip
def test_bad_input_raises_one_named_error_that_says_what_is_wrong(call, error, message):
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


def test_a_bias_may_be_given_as_its_own_vector_or_as_the_last_column_of_U():
    found = laws_of((2, 2, 1), "relu", True)
    together = found.evaluate(([[1, 2, "1/2"], [3, 4, 5]], [[1, "2/3"]]))
    apart = found.evaluate(([[1, 2], [3, 4]], ["1/2", 5], [[1, "2/3"]]))
    assert together == apart == (Rational(17, 4), Rational(446, 9))


def test_a_phi_the_loss_does_not_factor_through_certifies_nothing(monkeypatch):
    """Review: φ is the one input both bounds share.  With the bias columns dropped from the
    linear φ of [1, 1, 1] with bias, both bounds agree on 2 laws (the true count is 1: only
    u² + b² − v²); the check against the loss's own gradient refuses them."""
    from symbolic.theorems.conservation_laws import TwoLayerNetwork

    def without_bias(self):
        U, V = self.U, self.V
        return tuple(
            (f"φ_{{{k + 1},{i + 1}}}", sum(V[k][j] * U[j][i] for j in range(self.r)))
            for k in range(self.m)
            for i in range(self.n)
        )

    assert conservation_laws((1, 1, 1), "linear", True).count == 1
    monkeypatch.setattr(TwoLayerNetwork, "phi", property(without_bias))
    wrong = conservation_laws((1, 1, 1), "linear", True)
    assert not wrong.certified and wrong.count is None
    assert [c.name for c in wrong.checks if not c.shown] == ["laws conserved by the loss"]


def test_huge_widths_are_refused_by_their_count_before_any_symbol_is_made():
    with pytest.raises(TooMuchWork, match="D = 100000000000000000000 parameters"):
        conservation_laws((10**20 - 1, 1, 1))


@pytest.mark.parametrize(
    ("widths", "activation", "bias"),
    [((2, 3, 2), "relu", True), ((2, 2, 1), "linear", False), ((1, 3, 1), "linear", True)],
)
def test_the_loss_gradient_in_the_ring_is_sympys(widths, activation, bias):
    """The certificate's loss check builds ∇L in a polynomial ring; it must be sympy.diff's."""
    from symbolic.theorems.conservation_laws import _loss_gradient_ring, two_layer_network

    network = two_layer_network(widths, activation, bias)
    R, _, gradient = _loss_gradient_ring(network)
    assert [R.from_expr(expand(g)) for g in network.loss_gradient] == list(gradient)

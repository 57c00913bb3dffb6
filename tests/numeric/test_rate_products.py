"""The update's factor fl(η̃·c) in the float64 bound: exact for the table's rules (each |c| a
power of two), and otherwise counted as a rate error (review: the bound's derivation took
η̃·c to be exact, which a custom rule with c = ±3 breaks)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np

import numeric
from numeric.floating import run_float
from numeric.inputs import SUBNORMAL_SPACING, UNIT_ROUNDOFF, exact_errors
from numeric.keep import ALL
from numeric.rounding import product_rate_error
from numeric.rules import RULES, Rule, exact_rate_products


class OwnRule(Rule):
    """Rosenblatt's rule as a subclass: it may make any c, so its products are not trusted."""


def test_only_rules_whose_coefficients_are_powers_of_two_have_exact_rate_products():
    assert all(exact_rate_products(rule) for rule in RULES.values())
    cases = {
        ((-1, 2), "error"): False,  # c = ±3
        ((-2, 2), "error"): True,  # c = ±4
        ((-1, 63), "error"): True,  # c = ±64
        ((-27, 100), "error"): False,  # c = ±127
        ((-3, 4), "mistake"): False,  # c ∈ {−3, 4}
        ((-4, 2), "mistake"): True,  # c ∈ {−4, 2}
        ((0, 5), "mistake"): False,  # c ∈ {0, 5}
    }
    for (labels, update), exact in cases.items():
        assert exact_rate_products(Rule("r", labels, update, "a test rule")) is exact, labels
    assert not exact_rate_products(OwnRule("own", (-1, 1), "error", "Rosenblatt's, subclassed"))


def test_the_widened_rate_error_covers_the_rounding_of_eta_times_c():
    # fl(η̃c) = c·η̃' exactly; the bound needs |η̃' − η̃| plus (u·η̃ + t) on top of ε_η
    u, t = Fraction(UNIT_ROUNDOFF), Fraction(SUBNORMAL_SPACING)
    generator = random.Random(5)
    rates = [0.1, 1 / 3, 3.0, 1e300, 1.7e308 / 127, 2.5e-308, 1e-310, 5e-324]
    rates += [math.ldexp(generator.random(), generator.randint(-1070, 1000)) for _ in range(2000)]
    etas = np.array([eta for eta in rates if eta > 0])
    for given in (np.zeros(len(etas)), UNIT_ROUNDOFF * etas + SUBNORMAL_SPACING):
        widened = product_rate_error(etas, given, exact=False)
        assert product_rate_error(etas, given, exact=True) is given
        for eta, before, after in zip(etas.tolist(), given.tolist(), widened.tolist(), strict=True):
            for c in (3, 5, 7, 127):
                product = eta * c  # Python's float product: correctly rounded, as the loops'
                if math.isinf(product):
                    continue  # an infinite weight is a near-tie at every later step
                moved = abs(Fraction(product) / c - Fraction(eta))
                need = Fraction(before) + moved + u * Fraction(eta) + t
                assert Fraction(after) >= need, (eta, c)


def test_a_run_whose_rule_may_round_eta_times_c_counts_it_in_every_bound():
    # The subclass decides as Rosenblatt's rule, so both runs take the same steps; its bounds
    # are those of Rosenblatt's run with the widened rate error, and larger once it updates.
    X = np.array([[[0.5, -1.25], [-2.0, 0.75], [1.5, 1.5], [-0.25, -3.0]]])
    y = np.array([[1, -1, 1, -1]], dtype=np.int8)
    etas, steps = np.array([0.1, 3.0, 1e-3]), 12
    own = numeric.train(X[0], y[0], etas, rule=OwnRule("own", (-1, 1), "error", "subclass"),
                        epochs=3, backend="numpy")  # fmt: skip
    table = numeric.train(X[0], y[0], etas, epochs=3, backend="numpy")
    assert (own.predictions == table.predictions).all()
    arguments = (X, exact_errors(X.shape), y, etas)
    weights = (np.zeros((1, 2)), np.zeros((1, 2)), steps, RULES["rosenblatt"])
    widened = product_rate_error(etas, np.zeros(3), exact=False)
    by_hand = run_float(*arguments, widened, *weights, keep=ALL, lazy=False)
    assert by_hand.tie_bounds is not None
    assert (own.tie_bounds == by_hand.tie_bounds[0].T).all()
    assert (own.tie_bounds >= table.tie_bounds).all()
    assert (own.tie_bounds[:, -1] > table.tie_bounds[:, -1]).all()

"""The three rules as data: predictions and update coefficients on concrete values."""

import pytest
from sympy import Symbol

import numeric
from symbolic import RULES, UnknownRule, get_rule


@pytest.mark.parametrize(
    ("rule", "z", "y_hat"),
    [
        ("rosenblatt", 0, 1),
        ("rosenblatt", -1, -1),
        ("rosenblatt", 5, 1),
        ("zero-one", 0, 1),
        ("zero-one", -5, 0),
        ("mistake-driven", 0, 1),
        ("mistake-driven", -2, -1),
    ],
)
def test_each_rule_predicts_the_larger_label_exactly_when_z_is_at_least_zero(rule, z, y_hat):
    assert get_rule(rule).predict(z) == y_hat


@pytest.mark.parametrize(
    ("rule", "y", "z", "c"),
    [
        ("rosenblatt", 1, -1, 2),  # y − ŷ = 1 − (−1)
        ("rosenblatt", -1, 0, -2),  # the tie predicts +1
        ("rosenblatt", 1, 3, 0),
        ("zero-one", 0, 0, -1),
        ("zero-one", 1, -2, 1),
        ("zero-one", 1, 2, 0),
        ("mistake-driven", 1, 0, 1),  # a tie counts as a mistake
        ("mistake-driven", -1, 0, -1),
        ("mistake-driven", 1, 2, 0),
        ("mistake-driven", -1, 2, -1),
        ("mistake-driven", -1, -2, 0),
    ],
)
def test_each_rule_updates_by_the_coefficient_its_definition_gives(rule, y, z, c):
    assert get_rule(rule).coefficient(y, z) == c


def test_the_three_rules_are_registered_by_name():
    assert set(RULES) == {"rosenblatt", "zero-one", "mistake-driven"}
    assert get_rule(RULES["zero-one"]) is RULES["zero-one"]


@pytest.mark.parametrize("name", ["adaline", "", None, Symbol("rosenblatt")])
def test_an_unknown_rule_is_refused_by_name(name):
    with pytest.raises(UnknownRule, match="must be one of"):
        get_rule(name)


def test_the_symbolic_and_numeric_rule_tables_are_twins():
    assert set(numeric.RULES) == set(RULES)
    for name, rule in RULES.items():
        twin = numeric.RULES[name]
        assert (twin.labels, twin.update) == (rule.labels, rule.update)

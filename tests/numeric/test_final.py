"""The final classifiers of a check: the angle between final weights and the training accuracy,
checked against a plain loop in exact rationals and against angles known by hand."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numeric.final import Accuracy, angle_between, final_classifiers

F = Fraction


def plain_run(X, y, eta, w0, epochs):
    """Rosenblatt's rule in exact rationals, the textbook loop (φ(0) = +1)."""
    w = [F(v) for v in w0]
    for _ in range(epochs):
        for x, label in zip(X, y, strict=True):
            z = sum(F(a) * b for a, b in zip(x, w, strict=True))
            y_hat = 1 if z >= 0 else -1
            w = [b + F(eta) * (label - y_hat) * F(a) for a, b in zip(x, w, strict=True)]
    return w


def plain_correct(X, y, w):
    signs = [sum(F(a) * b for a, b in zip(x, w, strict=True)) for x in X]
    return sum((1 if z >= 0 else -1) == label for z, label in zip(signs, y, strict=True))


X = [["0.5", "-1"], ["1.5", "0.25"], ["-2", "1"], ["0.75", "0.75"], ["-0.5", "-1.5"]]
Y = [-1, 1, -1, 1, -1]
W0 = ["0.3", "-0.2"]


@pytest.mark.parametrize("exact", [True, False], ids=["exact", "float64"])
def test_accuracy_and_angle_match_a_plain_exact_loop(exact):
    etas = ["0.01", "0.5", "7"]
    found = final_classifiers(X, Y, etas, W0, epochs=3, exact=exact)
    finals = [plain_run(X, Y, eta, W0, 3) for eta in etas]
    assert [a.correct for a in found.accuracy] == [plain_correct(X, Y, w) for w in finals]
    a, b = finals[0], finals[-1]
    cos = sum(p * q for p, q in zip(a, b, strict=True)) / math.sqrt(
        sum(p * p for p in a) * sum(q * q for q in b)
    )
    assert found.angle is not None and found.angle.etas == ("0.01", "7")
    assert found.angle.degrees == pytest.approx(math.degrees(math.acos(cos)), abs=1e-9)
    assert found.angle.exact  # also after float64: the final weights are rebuilt exactly


@pytest.mark.parametrize(
    ("a", "b", "degrees"),
    [
        ([1, 0], [1, 1], 45.0),
        ([2, 4], [F(1, 3), F(2, 3)], 0.0),  # a positive multiple
        ([1, 2], [-2, -4], 180.0),
        ([1, 0], [0, 5], 90.0),
        ([F(1, 10**400), 0], [0, F(1, 10**400)], 90.0),  # far below float64's range
    ],
)
def test_exact_angles_known_by_hand(a, b, degrees):
    angle = angle_between(a, b, ("1", "2"), exact=True, scale=0.0)
    assert angle.degrees == pytest.approx(degrees, abs=1e-12)
    assert angle.exact


def test_a_tiny_exact_angle_keeps_its_digits():
    # (1, 0) against (1, 10⁻⁹): the angle is atan(10⁻⁹), where acos of a rounded cosine
    # would give 0.
    angle = angle_between([1, 0], [1, F(1, 10**9)], ("1", "2"), exact=True, scale=0.0)
    assert angle.degrees == pytest.approx(math.degrees(math.atan(1e-9)), rel=1e-12)
    assert angle.degrees > 0


def test_float64_angles_below_the_rounding_scale_are_zero_within_rounding_only():
    angle = angle_between([1.0, 0.0], [1.0, 1e-17], ("1", "2"), exact=False, scale=1e-9)
    assert (angle.degrees, angle.within_rounding, angle.exact) == (0.0, True, False)
    assert angle.computed == pytest.approx(math.degrees(1e-17), rel=1e-9)
    assert "within float64 rounding" in angle.describe()
    wide = angle_between([1.0, 0.0], [1.0, 1e-3], ("1", "2"), exact=False, scale=1e-9)
    assert not wide.within_rounding and wide.degrees == pytest.approx(math.degrees(1e-3))


@pytest.mark.parametrize(("a", "b", "text"), [([0, 0], [1, 1], "w = 0 for η = 1, so no angle"),
                                              ([0, 0], [0, 0], "both 0")])  # fmt: skip
def test_a_zero_vector_has_no_angle(a, b, text):
    angle = angle_between(a, b, ("1", "2"), exact=True, scale=0.0)
    assert angle.degrees is None and angle.describe() == text


@pytest.mark.parametrize(
    ("correct", "samples", "text"),
    [(7, 7, "100%"), (0, 7, "0%"), (1, 2, "50%"), (2, 3, "66.7%"), (1999, 2000, "99.95%"),
     (1, 2000, "0.1%"), (1, 30000, "0.003333%")],
)  # fmt: skip
def test_percentages_never_round_to_all_or_nothing(correct, samples, text):
    assert Accuracy("1", correct, samples).percent() == text


def test_a_final_exact_tie_is_decided_exactly():
    # x = (1, 0), y = −1, w0 = (1, 1): the one step predicts +1 and sets w = (1 − 2η, 1);
    # for η = 1/2 that is (0, 1), whose w·x = 0 is an exact tie: φ(0) = +1, wrong.  For
    # η = 1 it is (−1, 1): w·x = −1, right.  The angle between (0, 1) and (−1, 1) is 45°.
    found = final_classifiers([[1, 0]], [-1], ["0.5", "1"], [1, 1])
    assert [a.correct for a in found.accuracy] == [0, 1]
    assert found.angle is not None and found.angle.degrees == pytest.approx(45.0)
    assert found.angle.exact


def test_one_rate_has_no_angle():
    found = final_classifiers(X, Y, ["2"], W0)
    assert found.angle is None and len(found.accuracy) == 1


# -- the review's rows: float64 cancellation never reaches the final classifiers ------------


@pytest.mark.parametrize(
    ("rows", "correct"),
    [
        # by hand, exactly: w⁽³⁾ = η·(−1/5, −2/5) for every η, which classifies rows 2 and 3
        # (1e15+1 vs −1e15 in the first feature cancel in float64: −0.21875 instead of −0.2)
        ([[1, "-0.52", 1], [1000000000000001, 1, -1], [-1000000000000000, 1, -1]], 2),
        ([[1000000000000001, 1, -1], [-1000000000000000, 1, -1]], 1),
    ],
)
def test_cancellation_in_float64_gives_neither_an_angle_nor_a_wrong_accuracy(rows, correct):
    X = [[Fraction(v) for v in row[:-1]] for row in rows]
    y = [row[-1] for row in rows]
    final = final_classifiers(X, y, ["0.1", "1"])
    assert final.angle is not None and final.angle.exact and final.angle.degrees == 0.0
    assert [a.correct for a in final.accuracy] == [correct, correct]
    exact = final_classifiers(X, y, ["0.1", "1"], exact=True)
    assert (final.angle, final.accuracy) == (exact.angle, exact.accuracy)


@settings(max_examples=40)
@given(st.data())
def test_the_float64_path_agrees_with_the_exact_one(data):
    n = data.draw(st.integers(1, 6))
    X = data.draw(st.lists(st.lists(st.integers(-5, 5).map(lambda v: Fraction(v, 4)),
                                    min_size=2, max_size=2), min_size=n, max_size=n))  # fmt: skip
    y = data.draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n))
    w0 = data.draw(st.sampled_from([None, [Fraction(1, 3), Fraction(-1, 7)]]))
    etas = ["0.1", "1", "7"]
    fast = final_classifiers(X, y, etas, w0, epochs=2)
    slow = final_classifiers(X, y, etas, w0, epochs=2, exact=True)
    assert fast.accuracy == slow.accuracy
    assert (fast.angle is None) == (slow.angle is None)
    if fast.angle is not None and slow.angle is not None:
        assert fast.angle.degrees == slow.angle.degrees and fast.angle.exact


# -- the second attack's rows ----------------------------------------------------------------


def test_huge_weights_give_their_tiny_angle_not_a_crash_nor_an_exact_zero():
    # w0 = (1, 0), both samples wrong: w = (1 − 2η·10²⁰⁰, −2η·10²⁰⁰) (and the 1 keeps the two
    # rates' final weights from being exact multiples); the angle is about 1e-199°, far below
    # what float64 can hold as 1 − cos²
    found = final_classifiers([[1e200, 0], [0, 1e200]], [-1, -1], ["1", "1e200"], [1, 0])
    assert found.angle is not None and not found.angle.multiple
    text = found.angle.describe()
    assert "not multiples of each other" in text and "e-199°" in text


@pytest.mark.parametrize(
    ("b", "text"),
    [
        (
            [1, F(1, 10**200)],
            "angle 5.73e-199° (not multiples of each other, exactly)",
        ),  # 1e-200 rad
        ([-1, F(1, 10**200)], "angle 180° − 5.73e-199° (not multiples of each other, exactly)"),
        ([-2, 0], "angle 180° (negative multiples, exactly)"),
    ],
)
def test_angles_closer_to_0_or_180_than_float64_holds_are_not_called_multiples(b, text):
    # 1e-200 rad = 1e-200 · 180/π ° = 5.7296e-199°
    assert angle_between([1, 0], b, ("a", "b"), exact=True, scale=0.0).describe() == text


def test_integers_beyond_2_53_among_floats_are_read_exactly():
    # NumPy would read [2⁵³ + 1, 0.0] as float64 and round 2⁵³ + 1 to 2⁵³; the net input of
    # the second sample after the first (mistake-driven) update is then 0 instead of 1
    n = 2**53 + 1
    X = [[n, 0.0], [-(2.0**53), 1.0]]
    fast = final_classifiers(X, [1, 1], ["1", "2"], rule="mistake-driven")
    slow = final_classifiers(X, [1, 1], ["1", "2"], rule="mistake-driven", exact=True)
    truth = final_classifiers([[n, F(0)], [-(2**53), 1]], [1, 1], ["1", "2"],
                              rule="mistake-driven", exact=True)  # fmt: skip
    assert [a.correct for a in fast.accuracy] == [a.correct for a in slow.accuracy]
    assert [a.correct for a in slow.accuracy] == [a.correct for a in truth.accuracy]


def test_a_single_rate_is_read_as_train_reads_it():
    found = final_classifiers([[1, 0], [0, 1]], [1, -1], "12")
    assert [a.eta for a in found.accuracy] == ["12"]

"""What breaks the symmetry of a deep network, layer by layer: each witness is exact, agrees
with a hand computation, and shows the nudged difference spreading to another part."""

from __future__ import annotations

from sympy import Rational

from symbolic.theorems.symmetry_breaking import PARTS, symmetry_breaks


def test_every_layer_and_part_has_a_witness_that_separates_the_units():
    breaks = symmetry_breaks()
    assert [(b.layer, b.part) for b in breaks] == [(ell, p) for ell in (1, 2) for p in PARTS]
    assert all(b.separates for b in breaks)


def test_the_witnesses_agree_with_a_hand_computation():
    """x = 1, every unit active: z1 = 1 + 1/2, h1 = 3/2; z2 = 2·(1/2)(3/2) + 1/4 = 7/4.
    Layer 2, output weights (1, 3/2): y_hat = 7/4 + (3/2)(7/4) = 35/8, dL/dy_hat = 35/8 − 3
    = 11/8, signals 11/8 and 33/16 differ by 11/16; a step of 1/4 parts the biases by
    −11/64 and the rows by −11/64 · 3/2 = −33/128 each.
    Layer 1, unit 2's bias 1 instead of 1/2: z1 = 3/2 and 2, so h1 = (3/2, 2); the column
    out of unit 2 (its weights into layer 2) moves by −(1/4)·δ2·h1, with δ2 the same for both
    layer-2 units: z2 = (1/2)(3/2 + 2) + 1/4 = 2, y_hat = 2 + 2 = 4, dL/dy_hat = 1, δ2 = 1;
    the gap is −(1/4)(2 − 3/2) = −1/8 in both rows."""
    found = {(b.layer, b.part): b for b in symmetry_breaks()}
    top = found[(2, "column")]
    assert top.gaps["bias"] == (Rational(-11, 64),)
    assert top.gaps["row"] == (Rational(-33, 128),) * 2
    first = found[(1, "bias")]
    assert first.spread == ("bias", "column")
    assert first.gaps["column"] == (Rational(-1, 8),) * 2

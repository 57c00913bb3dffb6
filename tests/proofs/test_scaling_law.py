"""The scaling law: (η, w⁽⁰⁾) runs exactly like η times (1, w⁽⁰⁾/η) — proved symbolically for
every k (the document), and tried in exact arithmetic on random data by the numeric twin."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

import numeric
from numeric.strategies import datasets, learning_rates
from proofs.documents.scaling_law import scaling_law_document
from symbolic.derivations.document import Chain

RULES = ["rosenblatt", "zero-one", "mistake-driven"]
LABELS = {"rosenblatt": (-1, 1), "zero-one": (0, 1), "mistake-driven": (-1, 1)}


@pytest.mark.parametrize("rule", RULES)
def test_the_scaling_law_document_verifies_every_chain_for_every_rule(rule):
    document = scaling_law_document(rule)
    chains = [block for block in document.blocks if isinstance(block, Chain)]
    assert len(chains) == 5 and all(chain.derivation.is_verified for chain in chains)
    text = document.to_text()
    assert "v⁽⁰⁾ = w⁽⁰⁾/η" in text and "induction hypothesis w⁽ᵏ⁻¹⁾ = η v⁽ᵏ⁻¹⁾" in text
    assert "hypothesis w⁽⁰⁾ = 0" in text  # the corollary cites zero init as a hypothesis


@given(
    data=st.data(),
    rule=st.sampled_from(RULES),
    bias=st.booleans(),
    epochs=st.integers(1, 3),
    eta=learning_rates(kinds=("rationals",), min_exponent=-6, max_exponent=6),
)
def test_a_run_with_eta_is_eta_times_the_rate_one_run_from_w0_over_eta_exactly(
    data, rule, bias, epochs, eta
):
    X, y = data.draw(datasets(labels=LABELS[rule], max_n=5, max_d=2))
    d = len(X[0]) + bias
    w0 = data.draw(
        st.lists(st.fractions(-4, 4, max_denominator=8), min_size=d, max_size=d), label="w0"
    )
    eta = Fraction(eta)
    run = numeric.train(X, y, [eta], w0=w0, epochs=epochs, bias=bias, rule=rule, exact=True)
    unit = numeric.train(
        X, y, [1], w0=[v / eta for v in w0], epochs=epochs, bias=bias, rule=rule, exact=True
    )
    assert (run.predictions == unit.predictions).all()
    assert (run.weights == eta * unit.weights).all()

"""The numeric twin inside the documents: it agrees with the symbolic side, and says so loudly
when it does not."""

from fractions import Fraction

import pytest

from proofs.documents.twin import IRIS_RATES, check_exact_run, iris_zero_init
from symbolic import DerivationError, perceptron_trace


def test_zero_one_labels_halve_the_rosenblatt_weights_on_iris():
    # With labels 0/1 the error y − ŷ is half of the ±1 one and the decisions are the same,
    # so by induction the 0/1 weights are exactly half of the ±1 weights at every step.
    signed, binary = iris_zero_init("rosenblatt"), iris_zero_init("zero-one")
    assert binary.direction == tuple(v / 2 for v in signed.direction)
    assert binary.updates_per_epoch == signed.updates_per_epoch
    assert sum(signed.updates_per_epoch) > 0 and signed.steps == 1000
    assert len(IRIS_RATES) > 1 and len({Fraction(r) for r in IRIS_RATES}) == len(IRIS_RATES)


def test_the_exact_twin_agrees_with_a_symbolic_trace_on_concrete_data():
    trace = perceptron_trace(([[1, 2], [-1, 1]], [-1, 1]), eta=Fraction(3, 10), w0=[1, -1])
    check_exact_run(trace, "rosenblatt")  # raises on any disagreement


def test_a_disagreement_between_the_twins_is_an_error_not_a_document():
    # Rosenblatt moves w by −2x on the first mistake, mistake-driven by −x: they must differ.
    trace = perceptron_trace(([[1], [-1]], [-1, 1]), eta=1, w0=0, rule="rosenblatt")
    with pytest.raises(DerivationError, match="disagrees with the trace at step 1"):
        check_exact_run(trace, "mistake-driven")

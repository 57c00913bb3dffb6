"""The numeric twin inside the documents: each theorem is also run on concrete data, exactly.

The symbolic proof says what must happen; :mod:`numeric` (exact rational arithmetic) shows it
happening on the textbook's Iris data and on the non-zero-init witness.  A disagreement is a
:class:`symbolic.DerivationError`, so a document is never written over a contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numeric
from symbolic import DerivationError

#: The learning rates of the Iris run: four orders of magnitude apart, all exact decimals.
IRIS_RATES = ("0.0001", "0.1", "10")
IRIS_EPOCHS = 10


@dataclass(frozen=True)
class IrisRun:
    """The zero-init run of one rule on Iris for every rate of :data:`IRIS_RATES`."""

    steps: int
    updates_per_epoch: tuple[int, ...]
    direction: tuple[Fraction, ...]  # w⁽ᵏ⁾/η at the last step, the same for every rate


def iris_zero_init(rule: str) -> IrisRun:
    """Train ``rule`` on Iris from w⁽⁰⁾ = 0 with a bias, exactly, and check the theorem's
    consequences: identical predictions for every rate and the same w/η at every step."""
    X, species = numeric.load_iris()
    low, high = numeric.get_rule(rule).labels
    y = [high if label == 1 else low for label in species]
    result = numeric.train(
        X, y, list(IRIS_RATES), epochs=IRIS_EPOCHS, bias=True, rule=rule, exact=True
    )
    rates = [Fraction(rate) for rate in IRIS_RATES]
    scaled = [result.weights[e] / rate for e, rate in enumerate(rates)]
    if any((result.predictions[e] != result.predictions[0]).any() for e in range(len(rates))):
        raise DerivationError(f"the numeric twin finds η-dependent predictions on Iris ({rule})")
    if any((s != scaled[0]).any() for s in scaled):
        raise DerivationError(f"the numeric twin finds w/η differing between rates ({rule})")
    counts = result.updates_per_epoch()[0]
    return IrisRun(
        steps=result.predictions.shape[1],
        updates_per_epoch=tuple(int(c) for c in counts),
        direction=tuple(scaled[0][-1]),
    )


def check_exact_run(trace, rule: str) -> None:
    """Run the numeric twin exactly on a symbolic trace's concrete data and check that it
    predicts and weighs the same at every step."""
    X = [[Fraction(str(v)) for v in trace.data.x(i)] for i in range(1, trace.data.n + 1)]
    y = [int(trace.data.y(i)) for i in range(1, trace.data.n + 1)]
    w0 = [Fraction(str(v)) for v in trace.w0]
    eta = Fraction(str(trace.eta))
    twin = numeric.train(X, y, [eta], w0=w0, epochs=trace.epochs, rule=rule, exact=True)
    for k in range(1, trace.steps + 1):
        same_prediction = int(twin.predictions[0, k - 1]) == int(trace.y_hat(k))
        same_weights = [Fraction(str(v)) for v in trace.w(k)] == list(twin.weights[0, k])
        if not (same_prediction and same_weights):
            raise DerivationError(f"the numeric twin disagrees with the trace at step {k}")

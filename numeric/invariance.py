"""Does η change the predictions?  A definite verdict from float64, made honest by near-ties.

The float64 run is certified step by step (:mod:`numeric.ties`).  A rate whose run has no
near-tie predicts exactly what exact arithmetic predicts; a rate with one is re-run exactly
(unless ``resolve=False``), so the verdict never rests on a rounding error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .brief import exactly_or_approximately
from .perceptron import TrainingResult, train
from .rules import Rule


@dataclass(frozen=True)
class Difference:
    """The first step where two rates predict differently (step and sample are 1-based)."""

    step: int
    sample: int
    etas: tuple[object, object]
    predictions: tuple[int, int]


@dataclass(frozen=True)
class NearTie:
    """A step where float64 could not certify the sign of w·x for one rate.

    ``exact_net_input``/``exact_prediction`` are filled in once the rate was re-run exactly;
    after the first near-tie of a rate, the float64 run may already follow another path.
    """

    eta: object
    step: int
    sample: int
    net_input: float
    bound: float
    prediction: int
    exact_net_input: Fraction | None = None
    exact_prediction: int | None = None


@dataclass(frozen=True)
class Verdict:
    """The answer of :func:`check_eta_invariance`.

    ``status`` is ``"invariant"`` (the same ŷ sequence for every rate), ``"not invariant"``
    (``first_difference`` is the witness) or ``"undecided"`` (float64 near-ties at
    ``undecided_steps`` and ``resolve=False``).  ``arithmetic`` says what decided it.
    """

    status: str
    etas: tuple[object, ...]
    steps: int
    arithmetic: str
    first_difference: Difference | None = None
    near_ties: tuple[NearTie, ...] = ()
    undecided_steps: tuple[int, ...] = field(default=())

    @property
    def invariant(self) -> bool | None:
        """True, False, or None when undecided."""
        return {"invariant": True, "not invariant": False}.get(self.status)

    def to_dict(self) -> dict[str, object]:
        """The verdict as plain JSON-ready data: exact numbers as strings, float64 ones as
        numbers, or as ``"inf"``, ``"-inf"``, ``"nan"`` where they are not finite (JSON has no
        such numbers)."""
        difference = self.first_difference
        return {
            "status": self.status,
            "invariant": self.invariant,
            "etas": [str(eta) for eta in self.etas],
            "steps": self.steps,
            "arithmetic": self.arithmetic,
            "first_difference": None
            if difference is None
            else {
                "step": difference.step,
                "sample": difference.sample,
                "etas": [str(eta) for eta in difference.etas],
                "predictions": list(difference.predictions),
            },
            "near_ties": [
                {
                    "eta": str(tie.eta),
                    "step": tie.step,
                    "sample": tie.sample,
                    "float64_net_input": _json_float(tie.net_input),
                    "bound": _json_float(tie.bound),
                    "float64_prediction": tie.prediction,
                    "exact_net_input": None
                    if tie.exact_net_input is None
                    else str(tie.exact_net_input),
                    "exact_prediction": tie.exact_prediction,
                }
                for tie in self.near_ties
            ],
            "undecided_steps": list(self.undecided_steps),
        }

    def __str__(self) -> str:
        lines = []
        if self.near_ties:
            resolved = self.near_ties[0].exact_prediction is not None
            lines.append(
                f"near-ties in float64 ({len(self.near_ties)})"
                + (", resolved exactly:" if resolved else ", not resolved:")
            )
            lines += [f"  {describe_tie(tie)}" for tie in self.near_ties]
        rates = ", ".join(str(eta) for eta in self.etas)
        if self.status == "invariant":
            lines.append(
                f"invariant: the predictions are identical for every η in {{{rates}}} "
                f"over {self.steps} steps ({self.arithmetic})"
            )
        elif self.status == "not invariant":
            d = self.first_difference
            assert d is not None
            lines.append(
                f"not invariant: at step {d.step} (sample {d.sample}) η = {d.etas[0]} predicts "
                f"{d.predictions[0]:+d} and η = {d.etas[1]} predicts {d.predictions[1]:+d} "
                f"({self.arithmetic})"
            )
        else:
            steps = ", ".join(str(step) for step in self.undecided_steps)
            lines.append(f"undecided in float64 at steps {steps}: re-run with exact arithmetic")
        return "\n".join(lines)


def _json_float(value: float) -> float | str:
    return value if math.isfinite(value) else str(value)


def describe_tie(tie: NearTie) -> str:
    """One line for a near-tie: where, the float64 value and bound, and the exact outcome (its
    w·x exactly when that is short, else to three digits, marked ≈)."""
    text = (
        f"η = {tie.eta}, step {tie.step} (sample {tie.sample}): float64 w·x = "
        f"{tie.net_input:.3g} within ±{tie.bound:.3g}, float64 ŷ = {tie.prediction:+d}"
    )
    if tie.exact_prediction is None:
        return text
    verdict = "agrees" if tie.exact_prediction == tie.prediction else "float64 was wrong"
    return text + (
        f"; exact w·x {exactly_or_approximately(Fraction(tie.exact_net_input or 0))}, "
        f"ŷ = {tie.exact_prediction:+d} ({verdict})"
    )


def check_eta_invariance(
    X: object,
    y: object,
    etas: object,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
    resolve: bool = True,
) -> Verdict:
    """Do the predictions ŷ⁽¹⁾ … ŷ⁽ⁿ·ᵉᵖᵒᶜʰˢ⁾ depend on the learning rate?

    Runs :func:`numeric.train` for every rate (exactly with ``exact=True``); in float64, rates
    with near-ties are re-run exactly when ``resolve`` is true (the default), so the verdict
    is definite; with ``resolve=False`` it may be ``"undecided"``.
    """

    def run(rates: object, exact: bool) -> TrainingResult:
        return train(X, y, rates, w0, epochs, bias, rule, exact)

    result = run(etas, exact)
    predictions = result.predictions.copy()
    if exact:
        return _verdict(result, predictions, "exact rational arithmetic")
    doubtful = np.flatnonzero(result.near_ties.any(axis=1))
    if doubtful.size == 0:
        return _verdict(result, predictions, "float64, every step certified")
    ties = list(zip(*np.nonzero(result.near_ties), strict=True))
    if not resolve:
        undecided = tuple(sorted({int(k) + 1 for _, k in ties}))
        near = tuple(_near_tie(result, e, k) for e, k in ties)
        return Verdict(
            "undecided",
            result.etas,
            result.steps,
            "float64",
            near_ties=near,
            undecided_steps=undecided,
        )
    rerun = run([result.etas[e] for e in doubtful], True)
    where = {int(e): row for row, e in enumerate(doubtful)}
    predictions[doubtful] = rerun.predictions
    near = tuple(_near_tie(result, e, k, rerun, where[int(e)]) for e, k in ties)
    return _verdict(result, predictions, "float64, near-ties re-run exactly", near_ties=near)


def _near_tie(
    result: TrainingResult, e: int, k: int, rerun: TrainingResult | None = None, row: int = 0
) -> NearTie:
    bounds = result.tie_bounds
    assert bounds is not None, "a near-tie is a float64 notion"
    exact_net_input, exact_prediction = None, None
    if rerun is not None:
        exact_net_input = rerun.net_inputs[row, k]
        exact_prediction = int(rerun.predictions[row, k])
    return NearTie(
        eta=result.etas[e],
        step=int(k) + 1,
        sample=int(result.samples[k]),
        net_input=float(result.net_inputs[e, k]),
        bound=float(bounds[e, k]),
        prediction=int(result.predictions[e, k]),
        exact_net_input=exact_net_input,
        exact_prediction=exact_prediction,
    )


def _verdict(
    result: TrainingResult,
    predictions: np.ndarray,
    arithmetic: str,
    near_ties: tuple[NearTie, ...] = (),
) -> Verdict:
    differs = (predictions != predictions[0]).any(axis=0)
    if not differs.any():
        return Verdict("invariant", result.etas, result.steps, arithmetic, near_ties=near_ties)
    k = int(np.argmax(differs))
    other = int(np.argmax(predictions[:, k] != predictions[0, k]))
    difference = Difference(
        step=k + 1,
        sample=int(result.samples[k]),
        etas=(result.etas[0], result.etas[other]),
        predictions=(int(predictions[0, k]), int(predictions[other, k])),
    )
    return Verdict(
        "not invariant",
        result.etas,
        result.steps,
        arithmetic,
        first_difference=difference,
        near_ties=near_ties,
    )

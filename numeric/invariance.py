"""Does η change the predictions?  A definite verdict from float64, made honest by near-ties.

The float64 run is certified step by step (:mod:`numeric.rounding`).  A rate whose run has no
near-tie predicts exactly what exact arithmetic predicts; a rate with one is re-run exactly
(unless ``resolve=False``), so the verdict never rests on a rounding error.

Memory streams: the rates are taken in chunks whose predictions fit :data:`CHUNK_BYTES`, each
compared with the (resolved) predictions of the first rate, so a check holds O(e + steps) plus
one chunk, whatever e·steps is.  Every near-tie is counted and resolved; the first
:data:`MAX_LISTED_TIES` are listed in the verdict with their exact values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .brief import exact_text, exactly_or_approximately
from .cost import estimate, human_seconds
from .display import MAX_ROWS, Table, cut, one_line, plural, to_html
from .errors import DimensionMismatch, TooMuchWork
from .inputs import sequence_of
from .keep import Keep
from .perceptron import choose_backend, run
from .problem import Problem, prepare
from .progress import Progress
from .rules import Rule

#: Bytes of predictions one chunk of rates may hold.
CHUNK_BYTES = 2**27

#: Near-ties listed in a verdict (all are counted and resolved).
MAX_LISTED_TIES = 1000

#: Near-ties printed by ``str(verdict)``; the rest are summed up in one line.
PRINTED_TIES = 20

#: Rates listed by ``str(verdict)`` (then "…", the last one and how many there are).
PRINTED_RATES = 10


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

    ``exact_net_input``/``exact_prediction`` are filled in once the rate was re-run exactly,
    if float64 still followed the exact run's path: when it had decided otherwise at an
    earlier step (``parted_at``, 1-based: its ŷ or c differed there), its w·x here belongs
    to another run than the exact one, and nothing is compared (both stay None).
    """

    eta: object
    step: int
    sample: int
    net_input: float
    bound: float
    prediction: int
    exact_net_input: Fraction | None = None
    exact_prediction: int | None = None
    parted_at: int | None = None


@dataclass(frozen=True)
class InvarianceVerdict:
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
    near_tie_count: int | None = None  # all of them; ``near_ties`` lists the first ones

    @property
    def tie_count(self) -> int:
        """How many near-ties the float64 run met (``near_ties`` may list fewer)."""
        return len(self.near_ties) if self.near_tie_count is None else self.near_tie_count

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
            "etas": [_text(eta) for eta in self.etas],
            "steps": self.steps,
            "arithmetic": self.arithmetic,
            "first_difference": None
            if difference is None
            else {
                "step": difference.step,
                "sample": difference.sample,
                "etas": [_text(eta) for eta in difference.etas],
                "predictions": list(difference.predictions),
            },
            "near_ties": [
                {
                    "eta": _text(tie.eta),
                    "step": tie.step,
                    "sample": tie.sample,
                    "float64_net_input": _json_float(tie.net_input),
                    "bound": _json_float(tie.bound),
                    "float64_prediction": tie.prediction,
                    "exact_net_input": None
                    if tie.exact_net_input is None
                    else exact_text(tie.exact_net_input),
                    "exact_prediction": tie.exact_prediction,
                    "parted_at": tie.parted_at,
                }
                for tie in self.near_ties
            ],
            "undecided_steps": list(self.undecided_steps),
            "near_tie_count": self.tie_count,
        }

    def __repr__(self) -> str:
        parts = [self.status, plural(len(self.etas), "rate"), plural(self.steps, "step")]
        if self.first_difference is not None:
            parts.append(f"first difference at step {self.first_difference.step}")
        if self.tie_count:
            parts.append(plural(self.tie_count, "near-tie"))
        return one_line("InvarianceVerdict", *parts, cut(self.arithmetic, 40))

    def _repr_html_(self) -> str:
        lines = str(self).split("\n")
        details: list[tuple[str, str | Table]] = []
        table = None
        d = self.first_difference
        if d is not None:
            table = Table.of(
                ("η", f"ŷ at step {d.step} (sample {d.sample})"),
                [(_text(eta), f"{p:+d}") for eta, p in zip(d.etas, d.predictions, strict=True)],
            )
        if self.near_ties:
            ties = Table.of(
                (
                    "η",
                    "step",
                    "sample",
                    "float64 w·x",
                    "bound",
                    "float64 ŷ",
                    "exact w·x",
                    "exact ŷ",
                ),
                (_tie_row(tie) for tie in self.near_ties),
                total=self.tie_count,
            )
            details.append((f"Near-ties in float64 ({self.tie_count})", ties))
        if self.status == "undecided":
            details.append(("Undecided steps", ", ".join(map(str, self.undecided_steps))))
        rates = ", ".join(_text(eta) for eta in self.etas[:MAX_ROWS])
        more = f", … ({len(self.etas)} rates)" if len(self.etas) > MAX_ROWS else ""
        details.append(("The rates", "{" + rates + more + "}"))
        return to_html(lines[-1], table=table, details=details)

    def __str__(self) -> str:
        lines = []
        if self.near_ties:
            resolved = any(
                tie.exact_prediction is not None or tie.parted_at is not None
                for tie in self.near_ties
            )
            lines.append(
                f"near-ties in float64 ({self.tie_count})"
                + (", resolved exactly:" if resolved else ", not resolved:")
            )
            lines += [f"  {describe_tie(tie)}" for tie in self.near_ties[:PRINTED_TIES]]
            if self.tie_count > PRINTED_TIES:
                lines.append(f"  … and {self.tie_count - PRINTED_TIES} more")
        rates = "{" + ", ".join(_text(eta) for eta in self.etas[:PRINTED_RATES])
        if len(self.etas) > PRINTED_RATES:
            rates += f", …, {_text(self.etas[-1])}}} ({len(self.etas)} rates)"
        else:
            rates += "}"
        if self.status == "invariant":
            lines.append(
                f"invariant: the predictions are identical for every η in {rates} "
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
            shown = self.undecided_steps[:PRINTED_TIES]
            steps = ", ".join(str(step) for step in shown)
            if len(self.undecided_steps) > len(shown):
                steps += f", … ({len(self.undecided_steps)} steps)"
            lines.append(f"undecided in float64 at steps {steps}: re-run with exact arithmetic")
        return "\n".join(lines)


def _json_float(value: float) -> float | str:
    return value if math.isfinite(value) else str(value)


def _text(eta: object) -> str:
    """A rate as written (a string stays as given), exact numbers briefly but exactly."""
    if isinstance(eta, str):
        return eta
    if isinstance(eta, Fraction | int) and not isinstance(eta, bool):
        return exact_text(eta)
    return str(eta)


def _tie_row(tie: NearTie) -> tuple[object, ...]:
    exact = tie.exact_net_input
    apart = None if tie.parted_at is None else f"paths parted at step {tie.parted_at}"
    return (
        _text(tie.eta),
        tie.step,
        tie.sample,
        f"{tie.net_input:.3g}",
        f"±{tie.bound:.3g}",
        f"{tie.prediction:+d}",
        apart or ("–" if exact is None else exactly_or_approximately(Fraction(exact)).lstrip("= ")),
        "–" if tie.exact_prediction is None else f"{tie.exact_prediction:+d}",
    )


def describe_tie(tie: NearTie) -> str:
    """One line for a near-tie: where, the float64 value and bound, and the exact outcome (its
    w·x exactly when that is short, else to three digits, marked ≈)."""
    text = (
        f"η = {_text(tie.eta)}, step {tie.step} (sample {tie.sample}): float64 w·x = "
        f"{tie.net_input:.3g} within ±{tie.bound:.3g}, float64 ŷ = {tie.prediction:+d}"
    )
    if tie.parted_at is not None:
        return text + f"; not compared: float64 left the exact run's path at step {tie.parted_at}"
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
    *,
    backend: str = "auto",
    progress: bool = False,
    max_seconds: float | None = None,
) -> InvarianceVerdict:
    """Do the predictions ŷ⁽¹⁾ … ŷ⁽ⁿ·ᵉᵖᵒᶜʰˢ⁾ depend on the learning rate?

    Runs :func:`numeric.train` for every rate (exactly with ``exact=True``); in float64, rates
    with near-ties are re-run exactly when ``resolve`` is true (the default), so the verdict
    is definite; with ``resolve=False`` it may be ``"undecided"``.  ``backend`` and
    ``progress`` are those of :func:`numeric.train`; with ``max_seconds``, a check estimated
    (:mod:`numeric.cost`) to take longer is refused up front with
    :class:`~numeric.errors.TooMuchWork`, the estimate in its message.
    """
    rows, labels = sequence_of(X, "X"), sequence_of(y, "y")
    if len(labels) != len(rows):
        raise DimensionMismatch(f"y has {len(labels)} labels but X has {len(rows)} rows", y)
    problem = prepare([rows], [labels], etas, w0, epochs, bias, rule, exact, batch=False)
    checker = _Checker(problem, resolve, backend)
    if max_seconds is not None:
        checker.refuse_beyond(max_seconds)
    if not exact and resolve:  # validate the exact twin up front, not after the float run
        checker.exact_problem = prepare(
            [rows], [labels], etas, w0, epochs, bias, rule, True, batch=False
        )
    e, steps = len(problem.etas), problem.steps
    with Progress(e * steps, enabled=progress) as bar:
        for lo in range(0, e, checker.chunk):
            checker.add(range(lo, min(e, lo + checker.chunk)), bar)
    return checker.verdict()


class _Checker:
    """The streaming state of :func:`check_eta_invariance`: the first rate's predictions and,
    per rate, the first step where it predicts otherwise."""

    def __init__(self, problem: Problem, resolve: bool, backend: str) -> None:
        self.problem, self.resolve, self.backend = problem, resolve, backend
        self.exact_problem: Problem | None = None
        steps = problem.steps
        self.chunk = max(1, CHUNK_BYTES // max(1, 2 * steps))
        e = len(problem.etas)
        self.reference: np.ndarray | None = None
        self.first = np.full(e, steps, dtype=np.int64)  # first differing step, steps if none
        self.there = np.zeros(e, dtype=np.int8)  # the prediction at that step
        self.ties: list[NearTie] = []
        self.tie_count = 0
        self.undecided: set[int] = set()
        self.rerun = False

    def seconds(self) -> float:
        """The float64 (or exact) pass over every chunk of rates, estimated; the exact re-runs
        of near-tie rates are not counted (they are few, and cannot be known before)."""
        problem = self.problem
        backend = choose_backend(self.backend, problem)
        _, e, d = problem.shape
        keep = Keep(False, True, (), "predictions")
        arithmetic = problem.arithmetic()

        def one_chunk(rates: int) -> float:
            cost = estimate(1, rates, problem.steps, d, problem.n, keep=keep,
                            arithmetic=arithmetic, backend=backend)  # fmt: skip
            return cost.seconds

        full, last = divmod(e, self.chunk)
        return full * one_chunk(self.chunk) + (one_chunk(last) if last else 0.0)

    def refuse_beyond(self, max_seconds: float) -> None:
        """Raise :class:`TooMuchWork` when the check would take longer than ``max_seconds``."""
        seconds = self.seconds()
        if seconds > max_seconds:
            e, steps = len(self.problem.etas), self.problem.steps
            backend = choose_backend(self.backend, self.problem)
            raise TooMuchWork(
                f"{e} rate(s) × {steps} steps would take about {human_seconds(seconds)} "
                f"({backend}), more than the {human_seconds(max_seconds)} allowed",
                seconds,
            )

    def add(self, rates: range, bar: Progress) -> None:
        """Run the rates at positions ``rates`` and fold them into the state."""
        result = run(
            self.problem.with_rates(rates),
            keep="predictions",
            backend=self.backend,
            progress=bar,
            index=0,
        )
        predictions = result.predictions.copy()
        samples = _Samples(self.problem.n)
        ties = result.ties if not self.problem.exact else None
        if ties is not None and len(ties):
            self.tie_count += len(ties)
            room = max(0, MAX_LISTED_TIES - len(self.ties))
            listed = range(min(room, len(ties)))
            if not self.resolve:
                self.undecided.update(int(k) + 1 for k in np.unique(ties.steps))
                etas = [self._eta(rates, ties, m) for m in listed]
                self.ties += [
                    _near_tie(ties, m, eta, samples) for m, eta in zip(listed, etas, strict=True)
                ]
                return
            self.rerun = True
            doubtful = np.unique(ties.rates)
            row = {int(r): i for i, r in enumerate(doubtful)}
            needed = {int(ties.steps[m]) for m in listed}
            assert self.exact_problem is not None
            bar.extend(len(doubtful) * self.problem.steps)
            exact = run(
                self.exact_problem.with_rates([rates.start + int(r) for r in doubtful]),
                keep={"predictions", *needed},
                backend=self.backend,
                progress=bar,
                index=0,
            )
            # where each doubtful rate's float64 run first decided otherwise (ŷ or c)
            parted = _first_parting(
                (predictions[doubtful], result.coefficients[doubtful]),
                (exact.predictions, exact.coefficients),
            )
            predictions[doubtful] = exact.predictions
            for m in listed:
                r, k = row[int(ties.rates[m])], int(ties.steps[m])
                eta = self._eta(rates, ties, m)
                if parted[r] < k:  # float64 follows another run here: nothing to compare
                    self.ties.append(_near_tie(ties, m, eta, samples, parted_at=parted[r] + 1))
                    continue
                self.ties.append(
                    _near_tie(
                        ties,
                        m,
                        eta,
                        samples,
                        exact.exact_net_input(r, k),
                        int(exact.predictions[r, k]),
                    )
                )
        if self.undecided:
            return
        if self.reference is None:
            self.reference = predictions[0].copy()
        differs = predictions != self.reference
        some = differs.any(axis=1)
        at = np.argmax(differs, axis=1)
        self.first[rates.start : rates.stop] = np.where(some, at, self.problem.steps)
        self.there[rates.start : rates.stop] = predictions[np.arange(len(rates)), at]

    def _eta(self, rates: range, ties, m: int) -> object:
        return self.problem.etas[rates.start + int(ties.rates[m])]

    def verdict(self) -> InvarianceVerdict:
        problem, steps = self.problem, self.problem.steps
        common: dict[str, Any] = {"near_ties": tuple(self.ties), "near_tie_count": self.tie_count}
        if self.undecided:
            return InvarianceVerdict(
                "undecided",
                problem.etas,
                steps,
                "float64",
                undecided_steps=tuple(sorted(self.undecided)),
                **common,
            )
        if problem.exact:
            arithmetic = "exact rational arithmetic"
        elif self.rerun:
            arithmetic = "float64, near-ties re-run exactly"
        else:
            arithmetic = "float64, every step certified"
        k = int(self.first.min())
        if k == steps:
            return InvarianceVerdict("invariant", problem.etas, steps, arithmetic, **common)
        other = int(np.argmax(self.first == k))
        assert self.reference is not None
        difference = Difference(
            step=k + 1,
            sample=k % problem.n + 1,
            etas=(problem.etas[0], problem.etas[other]),
            predictions=(int(self.reference[k]), int(self.there[other])),
        )
        return InvarianceVerdict(
            "not invariant", problem.etas, steps, arithmetic, first_difference=difference, **common
        )


class _Samples:
    """``samples[k]``, the 1-based sample of step k + 1, without an array of every step."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, k: int) -> int:
        return k % self.n + 1


def _near_tie(
    ties,
    m: int,
    eta: object,
    samples: _Samples,
    exact_net_input=None,
    exact_prediction=None,
    parted_at: int | None = None,
) -> NearTie:
    k = int(ties.steps[m])
    return NearTie(
        eta=eta,
        step=k + 1,
        sample=int(samples[k]),
        net_input=float(ties.net_inputs[m]),
        bound=float(ties.bounds[m]),
        prediction=int(ties.predictions[m]),
        exact_net_input=exact_net_input,
        exact_prediction=exact_prediction,
        parted_at=parted_at,
    )


def _first_parting(
    floats: tuple[np.ndarray, np.ndarray], exact: tuple[np.ndarray, np.ndarray]
) -> list[int]:
    """Per rate (rows of (ŷ, c), rates × steps), the first 0-based step where the float64 run
    decided otherwise than the exact run, ŷ or c (a mistake-driven rule may update at an
    exact tie with the same ŷ); the step count where they never did."""
    differs = (floats[0] != exact[0]) | (floats[1] != exact[1])
    steps = differs.shape[1]
    return np.where(differs.any(axis=1), np.argmax(differs, axis=1), steps).tolist()

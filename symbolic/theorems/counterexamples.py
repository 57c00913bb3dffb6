"""Looking for a dataset on which the learning rate changes a rule's predictions, and
confirming one exactly.

The search (:func:`search_counterexample`) is systematic and deterministic: every dataset of
a small :class:`SearchSpace` (n ≤ 3 samples, d ≤ 2 integer features, labels from the rule's
label set), from zero initial weights, at each rate of the space, for a few epochs, smallest
datasets first.  It runs the rule's formulas compiled to Python on ``Fraction`` (floats only
where the rule leaves the rationals), which is fast; a dataset where the runs disagree is
only a candidate.  It becomes a :class:`Counterexample` once the exact runner
(:mod:`symbolic.perceptron.runner`), calling the rule's own functions on SymPy numbers,
finds the same first difference; otherwise the search goes on.  So nothing is reported
refuted on the strength of the fast path.
"""

from __future__ import annotations

import itertools
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from sympy import Expr, Integer, Rational

from numeric.progress import Progress
from symbolic.perceptron.online_rule import InvalidOnlineRule, OnlineRule
from symbolic.perceptron.runner import (
    ExactData,
    OnlineRun,
    exact_data,
    first_difference,
    initial_state,
    run_exact,
)
from symbolic.theorems.compiled import compiled_rule, first_disagreement

#: The order in which feature values are tried: small magnitudes first.
VALUES = (0, 1, -1, 2, -2)


@dataclass(frozen=True)
class SearchSpace:
    """Which datasets are tried, in order: for each ``(n, d, amplitude)`` of ``sizes`` every
    dataset of n samples with d integer features in −amplitude … amplitude (those not tried
    at a smaller amplitude), every labelling from the rule's labels; each run from w⁽⁰⁾ = 0 at
    every rate of ``rates`` for ``epochs`` epochs."""

    sizes: tuple[tuple[int, int, int], ...] = (
        (1, 1, 2),
        (1, 2, 2),
        (2, 1, 2),
        (2, 2, 2),
        (3, 1, 2),
        (3, 2, 1),
    )
    rates: tuple[Rational, ...] = (Rational(1, 10), Integer(1), Integer(10))
    epochs: int = 4

    def dimensions(self) -> str:
        """The dimensions the search covered, in words."""
        ds = sorted({d for _, d, _ in self.sizes})
        return f"{ds[0]} to {ds[-1]} features" if len(ds) > 1 else f"{ds[0]} feature(s)"

    def describe(self) -> str:
        """One phrase: what was searched."""
        by_amplitude: dict[int, list[str]] = {}
        for n, d, amplitude in self.sizes:
            by_amplitude.setdefault(amplitude, []).append(f"{n}×{d}")
        shapes = " and ".join(
            f"{', '.join(shapes)} in −{amplitude}…{amplitude}"
            for amplitude, shapes in by_amplitude.items()
        )
        rates = ", ".join(str(r) for r in self.rates)
        return (
            f"datasets of n×d integer features ({shapes}), labels from the rule's, zero "
            f"initial weights, η ∈ {{{rates}}}, {self.epochs} epochs"
        )


SMALL_SEARCH = SearchSpace()


@dataclass(frozen=True)
class Arm:
    """One run of a comparison: a rule at a rate."""

    rule: OnlineRule
    eta: Expr


@dataclass(frozen=True)
class Counterexample:
    """A dataset, zero initial weights and two runs that first predict differently at
    ``step`` (1-based; sample ``sample``): ``predictions`` are the two ŷ there.  ``runs`` are
    the exact runs that confirmed it, each of ``epochs`` epochs."""

    X: tuple[tuple[Expr, ...], ...]
    y: tuple[Expr, ...]
    arms: tuple[Arm, Arm]
    epochs: int
    step: int
    sample: int
    predictions: tuple[Expr, Expr]
    runs: tuple[OnlineRun, OnlineRun]

    @property
    def rule(self) -> OnlineRule:
        """The rule of the first run."""
        return self.arms[0].rule

    @property
    def etas(self) -> tuple[Expr, Expr]:
        """The two rates."""
        return self.arms[0].eta, self.arms[1].eta

    @property
    def same_rule(self) -> bool:
        """True when both runs are of one rule (a comparison of two rates)."""
        return self.arms[0].rule == self.arms[1].rule

    def csv(self) -> str:
        """The dataset as CSV, one sample a line, the label last."""
        return "".join(",".join(str(v) for v in (*row, label)) + "\n" for row, label in
                       zip(self.X, self.y, strict=True))  # fmt: skip

    def check_command(
        self,
        path: str = "counterexample.csv",
        *,
        rule_file: str | None = None,
        program: str = "etaproof",
    ) -> str:
        """A shell line that writes the dataset to ``path`` and runs ``etaproof check`` on it
        with the two rates: it reports the same first difference.  ``rule_file``: how to name
        the rule's file (default its ``source``).  Empty when the runs are of two rules
        (``check`` compares rates of one rule)."""
        if not self.same_rule:
            return ""
        rule = self.rule
        if rule.builtin:
            choice = f"--rule {shlex.quote(rule.builtin)}"
        else:
            choice = f"--rule-file {shlex.quote(rule_file or rule.source or 'RULE.py')}"
        data = self.csv().replace("\n", "\\n")
        rates = ",".join(str(eta) for eta in self.etas)
        return (
            f"printf {shlex.quote(data)} > {shlex.quote(path)} && {program} check --data "
            f"{shlex.quote(path)} --eta {rates} --epochs {self.epochs} {choice}"
        )

    def confirm(self) -> bool:
        """Run both arms again exactly; True when they first differ where this says."""
        runs = _exact_runs(self.arms, _data(self.arms[0].rule, self.X, self.y), self.epochs)
        found = first_difference(*runs)
        return found is not None and (found.step, found.predictions) == (
            self.step,
            self.predictions,
        )

    def describe(self) -> str:
        """One line: the data, the two runs and where they differ."""
        (a, b), (p, q) = self.arms, self.predictions
        data = f"X = {_rows(self.X)}, y = [{', '.join(str(v) for v in self.y)}]"
        first = f"η = {a.eta}" if self.same_rule else f"{a.rule.name} at η = {a.eta}"
        second = f"η = {b.eta}" if self.same_rule else f"{b.rule.name} at η = {b.eta}"
        return (
            f"on {data} from w⁽⁰⁾ = 0, {first} predicts {p} and {second} predicts {q} at step "
            f"{self.step} (sample {self.sample}, epoch {(self.step - 1) // len(self.X) + 1})"
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: exact numbers as strings."""
        return {
            "X": [[str(v) for v in row] for row in self.X],
            "y": [str(v) for v in self.y],
            "w0": "zero",
            "runs": [{"rule": arm.rule.name, "eta": str(arm.eta)} for arm in self.arms],
            "epochs": self.epochs,
            "step": self.step,
            "sample": self.sample,
            "predictions": [str(p) for p in self.predictions],
            "check_command": self.check_command() or None,
        }


@dataclass(frozen=True)
class SearchResult:
    """What a search found: a confirmed counterexample or None, and how many datasets it
    ran (``skipped``: those on which the rule is undefined, e.g. x = 0 for an update divided
    by ‖x‖; ``unconfirmed``: candidates of the fast path the exact runner did not confirm)."""

    counterexample: Counterexample | None
    tried: int
    skipped: int
    unconfirmed: int
    space: SearchSpace


def search_counterexample(
    rule: OnlineRule,
    space: SearchSpace = SMALL_SEARCH,
    *,
    arms: Sequence[Arm] | None = None,
    progress: bool = True,
) -> SearchResult:
    """The first dataset of ``space`` on which the runs of ``arms`` (default: ``rule`` at
    each rate of the space) predict differently, confirmed exactly.  ``progress``: a bar on
    stderr (tqdm, only on a terminal) when the search takes more than a second."""
    arms = tuple(arms) if arms is not None else tuple(Arm(rule, r) for r in space.rates)
    labels = rule.labels
    total = sum(
        sum(1 for _ in _datasets(n, d, [v for v in VALUES if abs(v) <= a], labels, a))
        for n, d, a in space.sizes
    )
    desc = f"searching for a counterexample ({rule.name})"
    with Progress(total, enabled=progress, desc=desc, unit="dataset") as bar:
        return _search(arms, labels, space, bar)


def _search(
    arms: tuple[Arm, ...], labels: tuple, space: SearchSpace, bar: Progress
) -> SearchResult:
    tried = skipped = unconfirmed = 0
    for n, d, amplitude in space.sizes:
        fast = [compiled_rule(arm.rule, d) for arm in arms]
        compiled = [f for f in fast if f is not None]
        if len(compiled) < len(fast):
            continue  # d is not a multiple of the number of input vectors
        lengths = [arm.rule.state_length(d) for arm in arms]
        values = [v for v in VALUES if abs(v) <= amplitude]
        for X, y in _datasets(n, d, values, labels, amplitude):
            tried += 1
            bar.advance(1)
            outcome = first_disagreement(
                compiled, [arm.eta for arm in arms], lengths, X, y, space.epochs
            )
            if outcome is None:
                skipped += 1
                continue
            if outcome is False:
                continue
            if outcome is True:  # first_disagreement gives (step, j), False or None
                continue
            counterexample = _confirmed(arms, X, y, outcome)
            if counterexample is None:
                unconfirmed += 1
                continue
            return SearchResult(counterexample, tried, skipped, unconfirmed, space)
    return SearchResult(None, tried, skipped, unconfirmed, space)


def confirm_counterexample(
    arms: Sequence[Arm], X: object, y: object, epochs: int
) -> Counterexample | None:
    """The counterexample the exact runs of ``arms`` on ``(X, y)`` give, or None when they
    predict alike for ``epochs`` epochs (the epochs kept are those up to the difference)."""
    arms = tuple(arms)
    data = _data(arms[0].rule, X, y)
    found = first_difference(*_exact_runs(arms, data, epochs))
    if found is None:
        return None
    needed = (found.step - 1) // data.n + 1
    runs = _exact_runs(arms, data, needed)
    rows = tuple(tuple(x) for x in data.X)
    return Counterexample(
        rows, data.y, (arms[0], arms[1]), needed, found.step, found.sample, found.predictions,
        (runs[0], runs[1]),
    )  # fmt: skip


def _confirmed(arms: tuple[Arm, ...], X, y, outcome: tuple[int, int]) -> Counterexample | None:
    """The fast path saw arm ``j`` first differ from arm 0 at ``step``: confirm it exactly
    (None when the exact runs agree up to that step's epoch)."""
    step, j = outcome
    epochs = (step - 1) // len(X) + 1
    try:
        counterexample = confirm_counterexample((arms[0], arms[j]), X, y, epochs)
    except InvalidOnlineRule:
        return None
    return counterexample  # the exact first difference, wherever it is


def _exact_runs(arms: Sequence[Arm], data: ExactData, epochs: int) -> list[OnlineRun]:
    return [
        run_exact(arm.rule, data, arm.eta, initial_state(arm.rule, data.d), epochs) for arm in arms
    ]


def _data(rule: OnlineRule, X, y) -> ExactData:
    return exact_data(rule, [list(row) for row in X], list(y))


def _datasets(n: int, d: int, values: list[int], labels: tuple, amplitude: int):
    """Every (X, y) of n samples, d features from ``values``, labels from ``labels``, in a
    fixed order; at amplitude > 1 only those with an entry of that magnitude."""
    samples = [
        (features, label) for features in itertools.product(values, repeat=d) for label in labels
    ]
    for chosen in itertools.product(samples, repeat=n):
        X = tuple(features for features, _ in chosen)
        if amplitude > 1 and max(abs(v) for row in X for v in row) < amplitude:
            continue
        yield X, tuple(label for _, label in chosen)


def _rows(X) -> str:
    return "[" + ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in X) + "]"

"""Long work shows a bar: `derive` counts the steps it checks, `phase` the steps it traces
(the bar itself, tqdm on a terminal after a second, is :class:`numeric.progress.Progress`)."""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import numpy as np

import numeric.eta_path
import symbolic.theorems.zero_init_chains as chains
from numeric.rules import get_rule
from symbolic.perceptron.notation import PerceptronNotation


class Recorder:
    """A Progress stand-in that records what it was told."""

    made: ClassVar[list[Recorder]] = []

    def __init__(self, total: int, **options: object) -> None:
        self.total, self.done, self.options, self.closed = total, 0, options, False
        Recorder.made.append(self)

    def advance(self, amount: int) -> None:
        self.done += amount

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.closed = True


def test_derive_counts_every_step_it_checks(monkeypatch):
    Recorder.made = []
    monkeypatch.setattr(chains, "Progress", Recorder)
    written = chains.written_out_chains(PerceptronNotation.of("rosenblatt"), 5)
    (bar,) = Recorder.made
    assert len(written) == bar.total == bar.done == 5 and bar.closed


def test_phase_counts_every_step_it_traces(monkeypatch):
    Recorder.made = []
    monkeypatch.setattr(numeric.eta_path, "Progress", Recorder)
    X = np.array([[Fraction(1), Fraction(2)], [Fraction(-1), Fraction(1)]], dtype=object)
    y = np.array([1, -1], dtype=np.int8)
    w0 = np.array([Fraction(1), Fraction(-1)], dtype=object)
    numeric.eta_path.trace_eta_path(X, y, w0, 6, get_rule("rosenblatt"), final=True)
    (bar,) = Recorder.made
    assert bar.total == bar.done == 6 + 2 and bar.closed

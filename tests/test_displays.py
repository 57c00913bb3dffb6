"""Readable results in Jupyter: every result object has a one-line ``repr`` that names it and
its verdict, a ``str`` that reads as the report ``print()`` gave before, and a rich HTML
display with the verdict on top in bold, one table row per check, and every text escaped."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction as F
from functools import cache

import numpy as np
import pytest

import numeric
import symbolic
from numeric.display import MAX_ROWS, Table, to_html
from symbolic import (
    Check,
    OnlineRule,
    analyse_nonzero_init,
    generic_dataset,
    perceptron_trace,
    phi,
    prove_eta_invariance,
    prove_hidden_symmetry,
    prove_zero_init_invariance,
    question_claims,
)

X, Y = [[1.0], [-1.0], [0.5]], [1, -1, 1]

ADALINE = OnlineRule(
    "adaline",
    lambda w, x: phi(w.dot(x)),
    lambda w, x, y, eta: eta * (y - w.dot(x)) * x,
    (-1, 1),
)

#: ``str`` of the zero-init proof for d = 1, one step (the induction's checks are the chains of
#: symbolic.theorems.zero_init_chains, the one proof of the theorem).
ZERO_INIT_TEXT = """\
Theorem (zero initial weights, rule 'rosenblatt': labels ±1, φ(0) = 1, Δw = η(y − ŷ)x (the \
textbook's rule and answer 1's)).
For every η > 0, every dataset and every step k: w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1), so
Δw⁽ᵏ⁾ = η·g_k with g_k free of η, and every prediction ŷ⁽ᵏ⁾ is the same
for all η > 0.

Unrolled on generic data (d = 1, n = 1, 1 epoch), w⁽⁰⁾ = 0:
  Δw⁽¹⁾ = η · [x(1)_1*(y(1) - 1)]

Checks:
  [shown] step 1: Δw⁽¹⁾ = η·g_1 with g_1 free of η
  [shown] base case: w⁽⁰⁾ = 0 = η·v⁽⁰⁾
  [shown] induction step: from w⁽ᵏ⁻¹⁾ = η·v⁽ᵏ⁻¹⁾: Δw⁽ᵏ⁾ = η·g⁽ᵏ⁾ and w⁽ᵏ⁾ = η·v⁽ᵏ⁾ (vectors \
of every dimension)
  [shown] predictions: ŷ⁽ᵏ⁾ = φ(η·v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) = φ(v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) is free of η (φ(η·z) = φ(z), η > 0)

Corollary of the induction step (no further check): since w⁽⁰⁾ = η·(w⁽⁰⁾/η),
the run with (η, w⁽⁰⁾) is η times the run with (1, w⁽⁰⁾/η) for any w⁽⁰⁾.

Verdict: HOLDS: every step above was checked by SymPy; by induction it holds for every k."""

#: ``str`` of the non-zero-init analysis for d = 1: the expressions in the text printer's
#: notation (checked by hand against SymPy's ``str`` of the same trace: φ's argument is
#: w0·x2 + η·x1·x2·(y1 − φ(w0·x1)), and η* = −w0/(x1·(y1 − φ(w0·x1))) once x2 cancels).
NONZERO_TEXT = """\
Non-zero initial weights (rule 'rosenblatt').
  Δw⁽²⁾ is not η·[free of η]: η stays inside φ(w⁽⁰⁾_1 x⁽²⁾_1 + η x⁽¹⁾_1 x⁽²⁾_1 (y⁽¹⁾ - \
φ(w⁽⁰⁾_1 x⁽¹⁾_1))): its argument is not η times something free of η, so η may change the sign \
that φ sees
  ŷ⁽²⁾ can flip at η* = -w⁽⁰⁾_1/(x⁽¹⁾_1 (y⁽¹⁾ - φ(w⁽⁰⁾_1 x⁽¹⁾_1)))
  Witness: X = [[1], [1]], y = [-1, 1], w⁽⁰⁾ = [1], η* = 1/2:
    η = 1/10 predicts ŷ⁽²⁾ = 1, η = 10 predicts ŷ⁽²⁾ = -1.
Verdict: η can change the predictions when w⁽⁰⁾ ≠ 0 (the witness flips one)."""


@cache
def zero_init_proof() -> symbolic.ZeroInitProof:
    return prove_zero_init_invariance(d=1, steps=1)


@cache
def hidden_proof() -> symbolic.HiddenSymmetryProof:
    return prove_hidden_symmetry(1, None, None, 1, d=1)


def symbolic_network() -> symbolic.network.NetworkTrace:
    return symbolic.network.train_network(
        [[1]], [1], W=[[0], [0]], b=[0, 0], v=[0, 0], c=0, eta=symbolic.ETA,
        activation="sigmoid", loss="squared",
    )  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One result object: how to build it, the word its repr and its rich display name as
    the verdict, what its ``str`` is (``text``: all of it; ``starts``: its beginning) and
    how many rows its table has (None: no table)."""

    name: str
    build: Callable[[], object]
    verdict: str
    shown: str = ""  # the verdict in the display's bold line, when it reads otherwise
    text: str | None = None
    starts: str = ""
    rows: Callable[[object], int] | None = None
    repr_text: str | None = None


def checks(result: object) -> int:
    return len(result.checks)  # type: ignore[attr-defined]


CASES = [
    Case("ZeroInitProof", zero_init_proof, "holds", "HOLDS", ZERO_INIT_TEXT, rows=checks,
         repr_text="ZeroInitProof(holds, 4/4 checks shown, rule='rosenblatt', d=1, steps=1)"),
    Case("Check", lambda: zero_init_proof().checks[0], "shown",
         text="[shown] step 1: Δw⁽¹⁾ = η·g_1 with g_1 free of η", rows=lambda _: 1,
         repr_text="Check(shown, 'step 1')"),
    Case("NonzeroInitAnalysis", lambda: analyse_nonzero_init(d=1), "η matters",
         "η can change the predictions", NONZERO_TEXT, rows=lambda _: 3),
    Case("PerceptronTrace", lambda: perceptron_trace(generic_dataset(2, 1)), "2 steps",
         starts="Perceptron trace of rule 'rosenblatt': 2 samples (generic, d = 1)",
         rows=lambda trace: trace.steps),
    Case("EtaVerdict", lambda: prove_eta_invariance("rosenblatt", d=1), "proved",
         text="proved: with w⁽⁰⁾ = 0, η only scales the state of rule 'rosenblatt' (both "
         "homogeneity conditions and the induction checked with the vectors kept whole, so for "
         "every dimension d ≥ 1)",
         rows=lambda _: 2, repr_text="EtaVerdict('rosenblatt', 'proved')"),
    Case("EtaVerdict", lambda: prove_eta_invariance(ADALINE), "refuted",
         starts="refuted: rule 'adaline': on X = [[2]], y = [-1] from w⁽⁰⁾ = 0",
         rows=lambda _: 2, repr_text="EtaVerdict('adaline', 'refuted')"),
    Case("HiddenSymmetryProof", hidden_proof, "holds", "HOLDS",
         starts="Theorem (hidden-unit symmetry), checked for any activation σ and any loss L.",
         rows=checks),
    Case("QuestionClaim", lambda: question_claims()[0], "conditional", "true under a condition",
         starts="Answer 2 says: “If you initialize all weights with zeros then every hidden "
         "unit will get zero independent of the input.”\nVerdict: true under a condition: ",
         rows=checks),
    Case("NetworkTrace", symbolic_network, "2 hidden units", "identical after every step",
         starts="Symbolic run of a network with 2 hidden units (d = 1), sigmoid, squared loss",
         rows=lambda trace: trace.steps),
    Case("TrainingResult", lambda: numeric.train(X, Y, [0.1, 1.0]), "same ŷ for every η",
         "The predictions are the same for every η",
         starts="Rule 'rosenblatt' on 3 samples × 1 epoch (3 steps), 2 rates, float64",
         rows=lambda result: len(result.etas)),
    Case("InvarianceVerdict", lambda: numeric.check_eta_invariance(X, Y, [0.1, 1.0]), "invariant",
         text="invariant: the predictions are identical for every η in {0.1, 1.0} over 3 "
         "steps (float64, every step certified)"),
    Case("InvarianceVerdict", lambda: numeric.check_eta_invariance(X, Y, [0.1, 1.0], w0=[-0.3]),
         "not invariant",
         text="not invariant: at step 2 (sample 2) η = 0.1 predicts +1 and η = 1.0 predicts "
         "-1 (float64, every step certified)", rows=lambda _: 2),
    Case("PhaseDiagram", lambda: numeric.phase_diagram(X, Y, ["-3/10"]), "3 phase(s)",
         "not invariant: 3 phases",
         starts="not invariant: 3 phases; the first prediction flips at η = 3/40",
         rows=len,  # type: ignore[arg-type]
         repr_text="PhaseDiagram(3 phase(s), rule='rosenblatt', n=3, epochs=1, bias=False, "
         "breakpoints 3/40 … 3/20)"),
    Case("NetworkTrace",
         lambda: numeric.train_network([[1.0], [2.0]], [1.0, 0.0], W=[[0.5], [0.5]],
                                       b=[0.0, 0.0], v=[1.0, 1.0], c=0.0, eta=0.1),
         "2 hidden units", "equal after every step (bitwise)",
         starts="A network of 2 hidden units (d = 1), tanh, squared loss, 2 steps in float64",
         rows=lambda trace: trace.steps,
         repr_text="NetworkTrace(2 hidden units, d=1, 2 steps, tanh, squared loss, float64)"),
]  # fmt: skip


def body_rows(markup: str) -> int:
    """The rows of the (first) table's body."""
    body = re.search(r"<tbody>(.*?)</tbody>", markup, re.S)
    return 0 if body is None else body.group(1).count("<tr>")


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}-{c.verdict}" for c in CASES])
def test_every_result_reads_as_one_line_a_report_and_a_rich_display(case):
    result = case.build()
    assert type(result).__name__ == case.name

    text = repr(result)
    assert "\n" not in text and len(text) <= 120, text
    assert text.startswith(f"{case.name}(") and case.verdict in text, text
    if case.repr_text is not None:
        assert text == case.repr_text

    report = str(result)
    if case.text is not None:
        assert report == case.text
    else:
        assert report.startswith(case.starts), report

    markup = result._repr_html_()
    top = re.match(r'<div class="etaproof-result">\n<p><strong>(.*?)</strong></p>', markup)
    assert top is not None, markup[:200]
    assert html.escape(case.shown or case.verdict) in top.group(1)
    expected = 0 if case.rows is None else case.rows(result)
    assert body_rows(markup) == expected
    if dataclasses.is_dataclass(result) and type(result).__eq__ is not object.__eq__:
        values = [getattr(result, f.name) for f in dataclasses.fields(result)]
        if not any(isinstance(value, np.ndarray) for value in values):
            assert dataclasses.replace(result) == result  # the repr did not touch equality


def test_the_display_escapes_text_that_looks_like_markup():
    odd = Check("z < 0", "φ(z) = -1 <b>for</b> z < 0", False, "x & y")
    proof = dataclasses.replace(zero_init_proof(), checks=[*zero_init_proof().checks, odd])
    markup = proof._repr_html_()
    assert "<b>" not in markup and "&lt;b&gt;for&lt;/b&gt;" in markup
    assert '<td style="text-align:left;vertical-align:top">z &lt; 0</td>' in markup
    assert "x &amp; y" in markup
    assert body_rows(markup) == 5
    assert "NOT SHOWN" in markup.split("</strong>")[0]
    assert repr(proof) == (
        "ZeroInitProof(not shown, 4/5 checks shown, rule='rosenblatt', d=1, steps=1)"
    )
    assert repr(odd) == "Check(not shown, 'z < 0')"
    assert odd == Check("z < 0", "φ(z) = -1 <b>for</b> z < 0", False, "x & y")
    assert hash(odd) == hash(Check("z < 0", "φ(z) = -1 <b>for</b> z < 0", False, "x & y"))


def test_the_stdlib_helper_escapes_every_part_and_folds_the_details():
    table = Table.of(("a<b", "c"), [("<i>", "&"), ("1", "2")])
    markup = to_html("x < y", lead="<lead>", table=table, details=[("<sum>", "<body>")])
    assert "<i>" not in markup and "&lt;i&gt;" in markup and "&amp;" in markup
    assert "<p><strong>x &lt; y</strong></p>" in markup and "&lt;lead&gt;" in markup
    assert "<details><summary>&lt;sum&gt;</summary>\n<pre>&lt;body&gt;</pre>\n</details>" in markup
    assert '<th style="text-align:left;vertical-align:top">a&lt;b</th>' in markup
    assert body_rows(markup) == 2


def test_a_long_table_shows_its_first_rows_and_counts_the_rest():
    result = numeric.train(X, Y, [i / 10 for i in range(1, MAX_ROWS + 6)])
    markup = result._repr_html_()
    assert body_rows(markup) == MAX_ROWS
    assert "<p>… and 5 more</p>" in markup
    assert str(result).endswith("… and 15 more rates")  # str lists the first ten


def test_a_training_result_with_an_uncertified_near_tie_claims_only_what_float64_saw():
    # x = 3 then 1, y = −1 then 1, w0 = 3/10: at η = 0.05 step 2 meets w·x = 0 exactly, which
    # float64 rounds to −5.55e-17 (predicting −1 where the exact run predicts +1)
    result = numeric.train([[F(3)], [F(1)]], [-1, 1], ["0.05", "10"], w0=[F(3, 10)])
    assert len(result.ties) == 1
    assert "same float64 ŷ for every η" in repr(result) and "same ŷ" not in repr(result)
    assert "could not certify" in str(result) and "could not certify" in result._repr_html_()
    assert not numeric.check_eta_invariance([[F(3)], [F(1)]], [-1, 1], ["0.05", "10"],
                                            w0=[F(3, 10)]).invariant  # fmt: skip

"""Rules generated from the rule language's pieces: whenever ``prove`` says proved, exact
runs at random rates and dimensions 1-5 predict alike; whenever it says refuted, ``check``
on the rule file reproduces the counterexample."""

from __future__ import annotations

import argparse
import os
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Rational

from proofs.commands.rule_file import check_rule_file
from proofs.rule_files import load_rule_file
from symbolic import SearchSpace, prove_eta_invariance, run_online

#: A small search keeps each example quick; the verdicts it gives are what is tested.
TINY = SearchSpace(sizes=((1, 1, 2), (2, 1, 2), (2, 2, 1)), epochs=3)
EXAMPLES = 120 if os.environ.get("ETAPROOF_HYPOTHESIS_PROFILE") == "ci" else 12

SCALARS = [
    "eta", "y", "1/2", "2", "-1", "dot(w, x)", "dot(x, x)", "dot(w, w)", "phi(dot(w, x))",
    "(y * dot(w, x) <= 0)", "max(0, 1 - y * dot(w, x))", "sign(dot(w, x))", "abs(dot(w, x))",
]  # fmt: skip
DECISIONS = [
    "phi(dot(w, x))", "phi(dot(w, x) - 1)", "phi(dot(w, x) + dot(w, w))", "phi(-dot(w, x))",
    "phi(dot(w, x) * dot(x, x))",
]  # fmt: skip


@st.composite
def rule_files(draw) -> str:
    """Returns a strategy which generates the text of a .toml rule file: a decision from
    :data:`DECISIONS`, an update that is a sum of products of pieces times w or x."""
    terms = []
    for _ in range(draw(st.integers(1, 3))):
        factors = draw(st.lists(st.sampled_from(SCALARS), min_size=1, max_size=3))
        terms.append(" * ".join(f"({f})" for f in factors) + " * " + draw(st.sampled_from("wx")))
    decision = draw(st.sampled_from(DECISIONS))
    return f'decision = "{decision}"\nupdate = "{" + ".join(terms)}"\n'


@settings(max_examples=EXAMPLES)
@given(text=rule_files(), rng=st.randoms(use_true_random=False))
def test_proved_rules_run_alike_and_refuted_ones_are_reproduced_by_check(
    tmp_path_factory, text, rng
):
    path = tmp_path_factory.mktemp("rules") / "generated.toml"
    path.write_text(text, encoding="utf-8")
    rule = load_rule_file(path)
    verdict = prove_eta_invariance(rule, search=TINY)
    if verdict.status == "proved":
        assert_runs_alike(rule, rng)
    elif verdict.status == "refuted":
        cx = verdict.counterexample
        data = path.parent / "cx.csv"
        data.write_text(cx.csv())
        args = argparse.Namespace(
            rule_file=str(path), data=str(data), eta=",".join(str(e) for e in cx.etas),
            epochs=cx.epochs, bias=False, w0="zero", json=False, max_seconds=None,
            allow_code=False, timeout=60.0,
        )  # fmt: skip
        assert check_rule_file(args) == 1


def assert_runs_alike(rule, rng: random.Random) -> None:
    """From zero initial weights, two random positive rates predict alike at every step on
    random integer data of dimension 1 to 5 (where the rule is defined)."""
    for d in range(1, 6):
        n = rng.randint(1, 4)
        X = [[rng.randint(-3, 3) for _ in range(d)] for _ in range(n)]
        y = [rng.choice((-1, 1)) for _ in range(n)]
        rates = [Rational(rng.randint(1, 30), rng.randint(1, 10)) for _ in range(2)]
        try:
            runs = [run_online(rule, X, y, eta, epochs=2) for eta in rates]
        except ValueError:  # undefined on this data (a division by zero, say)
            continue
        assert runs[0].predictions == runs[1].predictions, (X, y, rates)

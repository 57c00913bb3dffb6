"""Users hear of "the question" and "its answers" (answer 1, 2, 3), never of our internal word
"seed": not in a public name, not in what ``etaproof claims`` or ``derive --style answer``
prints, not in the committed documents, not in README.  Random-number seeds (``textbook:SEED``,
``RandomState(SEED)``, "seed 1", hash seeds) are another word and stay.  ``claims`` quotes the
question, with the textbook remark it asks about, before the first sentence it judges."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import numeric
import symbolic
from proofs.commands.main import main
from symbolic.theorems.question_claims import QUESTION

ROOT = Path(__file__).resolve().parent.parent

#: The random-number seeds users may read about: the textbook's RandomState seed and the
#: hash seed of the determinism tests.
RANDOM_SEEDS = re.compile(
    r"textbook\[:SEED\]|RandomState\(SEED\)|textbook_weights\(seed|\(?seed \d+|hash seeds",
    re.IGNORECASE,
)

THEOREMS = ["zero-init", "nonzero-init", "scaling-law", "hidden-symmetry"]


def internal_seeds(text: str) -> list[str]:
    """The lines of ``text`` that say "seed" other than as a random-number seed."""
    return [line for line in text.splitlines() if "seed" in RANDOM_SEEDS.sub("", line).lower()]


def run(argv: list[str], capsys) -> tuple[int, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    assert err == "", err
    return status, out


def test_the_random_seed_filter_keeps_only_random_seeds():
    assert internal_seeds("RandomState(SEED).normal(0, 0.01), seed 1 by default") == []
    assert internal_seeds("The seed stops at the second step") == [
        "The seed stops at the second step"
    ]
    assert internal_seeds("the comment under the seed answer, (seed 1)") != []


@pytest.mark.parametrize("package", [symbolic, numeric], ids=["symbolic", "numeric"])
def test_no_public_name_says_seed(package):
    assert [name for name in package.__all__ if "seed" in name.lower()] == []


def test_the_former_name_of_question_claims_still_runs_but_is_not_public():
    assert symbolic.seed_claims is symbolic.question_claims
    assert "question_claims" in symbolic.__all__ and "QuestionClaim" in symbolic.__all__


@pytest.mark.parametrize("fmt", ["text", "markdown", "latex", "json"])
def test_claims_never_says_seed(fmt, capsys):
    status, out = run(["claims", "--format", fmt], capsys)
    assert status == 0
    assert internal_seeds(out) == []


@pytest.mark.parametrize("theorem", THEOREMS)
@pytest.mark.parametrize("fmt", ["text", "latex"])
def test_derive_in_the_answer_style_never_says_seed(theorem, fmt, capsys):
    status, out = run(["derive", theorem, "--steps", "1", "--style", "answer", "--format", fmt],
                      capsys)  # fmt: skip
    assert status == 0
    assert internal_seeds(out) == []


def test_the_committed_documents_and_the_notebook_never_say_seed():
    files = [*sorted((ROOT / "proofs").glob("*.tex")), ROOT / "proofs/notebooks/tutorial.ipynb"]
    assert len(files) > 2
    for path in files:
        assert internal_seeds(path.read_text()) == [], path.name


def test_readme_never_says_seed_and_cites_no_file_outside_the_project():
    readme = (ROOT / "README.md").read_text()
    assert internal_seeds(readme) == []
    assert RANDOM_SEEDS.search(readme)  # the random-number seeds are still documented
    for outside in ("DESIGN.md", "STYLE.md", "/work/", "../", "perceptron-eta-question"):
        assert outside not in readme, outside
    assert "the question" in readme and "answer 1" in readme


def test_claims_quotes_the_question_before_the_first_sentence_it_judges(capsys):
    status, out = run(["claims"], capsys)
    first = symbolic.question_claims()[0]
    assert status == 0
    assert QUESTION.text in out and first.quote in out
    assert out.index("The question") < out.index(QUESTION.remark) < out.index(first.quote)
    assert out.index(QUESTION.source) < out.index(f"Answer {first.answer} says")


def test_claims_json_has_the_question_first(capsys):
    status, out = run(["claims", "--format", "json"], capsys)
    data = json.loads(out)
    assert status == 0
    assert list(data) == ["question", "claims"]
    question = data["question"]
    assert question["remark"] == QUESTION.remark
    assert "only the scale of the weight vector, not the direction" in question["remark"]
    assert question["text"].startswith("In a text book i found:")
    assert question["text"].endswith("Now, why? Are you able to explain me?")
    assert "Raschka" in question["source"]
    assert out.index('"question"') < out.index(data["claims"][0]["quote"])


@pytest.mark.parametrize("theorem", ["zero-init", "nonzero-init", "hidden-symmetry"])
def test_a_document_that_judges_an_answer_quotes_the_question_first(theorem, capsys):
    _, out = run(["derive", theorem, "--steps", "1"], capsys)
    answer = re.search(r"\b[Aa]nswers? [123]\b", out)
    assert answer and QUESTION.text in out
    assert out.index(QUESTION.remark) < answer.start()

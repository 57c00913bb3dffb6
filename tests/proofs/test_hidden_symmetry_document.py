"""The hidden-symmetry document and ``etaproof derive hidden-symmetry``: every chain verified,
the lemmas it rests on shown, each claim with its verdict, the options of the network only."""

from __future__ import annotations

import pytest

from proofs.commands.derive import build_document
from proofs.commands.main import main
from proofs.documents.hidden_symmetry import hidden_symmetry_document
from symbolic import question_claims
from symbolic.derivations.document import Chain, Paragraph
from symbolic.derivations.inference import INFERENCE_RULES


@pytest.fixture(scope="module")
def document():
    return hidden_symmetry_document(2)


def run(argv, capsys):
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def test_every_chain_of_the_document_is_verified(document):
    chains = [b for b in document.blocks if isinstance(b, Chain)]
    assert len(chains) > 30 and all(c.derivation.is_verified for c in chains)
    document.check_definitions()  # one definition per name, every cited lemma shown above


def test_the_gradients_are_checked_against_sympys_derivatives(document):
    reasons = [
        part
        for block in document.blocks
        if isinstance(block, Chain)
        for step in block.derivation.steps
        for part in step.because.citation
        if isinstance(part, str)
    ]
    assert any("the chain rule" in r for r in reasons)
    kinds = {
        step.because.rule.name
        for block in document.blocks
        if isinstance(block, Chain)
        for step in block.derivation.steps
    }
    assert kinds <= set(INFERENCE_RULES)  # no rule of its own
    assert {"definition", "substitution", "induction", "hypothesis", "algebra"} <= kinds


def test_the_document_gives_every_claim_its_verdict(document):
    prose = [
        "".join(p for p in b.parts if isinstance(p, str))
        for b in document.blocks
        if isinstance(b, Paragraph)
    ]
    for claim in question_claims():
        assert any(claim.quote in text for text in prose), claim.key
        assert any(text.startswith(f"Verdict: {claim.verdict_text}") for text in prose)


def test_the_latex_is_ascii_and_the_same_bytes_twice(document):
    tex = document.to_latex(standalone=True)
    assert tex.isascii()
    assert tex == hidden_symmetry_document(2).to_latex(standalone=True)


def test_more_steps_only_add_written_out_steps():
    short, long = (len(build_document("hidden-symmetry", k).to_text()) for k in (1, 3))
    middle = len(build_document("hidden-symmetry", 2).to_text())
    assert short < middle < long
    assert long - middle == pytest.approx(middle - short, rel=0.1)


def test_derive_hidden_symmetry_prints_the_verdict(capsys):
    status, out, err = run(["derive", "hidden-symmetry", "--steps", "1"], capsys)
    assert status == 0 and err == ""
    assert out.rstrip().splitlines()[-1].startswith("Verdict: HOLDS")
    assert "Answer 3 says: Its like having only one neuron in every layer." in out


def test_derive_hidden_symmetry_takes_the_network_options(capsys):
    argv = ["derive", "hidden-symmetry", "--steps", "1", "--width", "3"]
    argv += ["--activation", "tanh", "--loss", "logistic", "--format", "markdown"]
    status, out, _ = run(argv, capsys)
    assert status == 0
    assert "$m = 3$ units" in out and "tanh, the logistic loss" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["hidden-symmetry", "--rule", "zero-one"], "--rule is a perceptron rule"),
        (["hidden-symmetry", "--bias"], "--bias applies to zero-init only"),
        (["zero-init", "--width", "3"], "--width applies to hidden-symmetry only"),
        (["nonzero-init", "--activation", "tanh"], "--activation applies to hidden-symmetry"),
        (["scaling-law", "--loss", "squared"], "--loss applies to hidden-symmetry only"),
        (["hidden-symmetry", "--activation", "softplus"], "invalid choice: 'softplus'"),
        (["hidden-symmetry", "--width", "0"], "'0' must be at least 1"),
        (["hidden-symmetry", "--width", "9"], "'9' must be at most 8"),
        (["hidden-symmetry", "--dim", "5"], "in at most 4 coordinates"),
    ],
)
def test_options_that_mean_nothing_for_the_theorem_are_refused(argv, message, capsys):
    status, out, err = run(["derive", *argv], capsys)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err

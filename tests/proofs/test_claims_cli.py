"""``etaproof claims``: the question, then its answers' claims about hidden units with their
verdicts, in every format, the JSON strict."""

from __future__ import annotations

import json

import pytest

from proofs.commands.main import main
from symbolic import question_claims


def run(argv, capsys):
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _no_constants(name):
    raise ValueError(f"not strict JSON: {name}")


def test_json_is_strict_and_holds_every_claim(capsys):
    status, out, err = run(["claims", "--format", "json"], capsys)
    assert status == 0 and err == ""
    data = json.loads(out, parse_constant=_no_constants)
    claims = data["claims"]
    assert [c["key"] for c in claims] == [c.key for c in question_claims()]
    first = claims[0]
    assert first["verdict"] == "conditional"
    assert first["witness"]["equations"] == ["σ(0) = 1/2"]
    assert set(first) == {
        "key", "answer", "quote", "verdict", "condition", "reason", "witness", "checks",
        "layer_witnesses",
    }  # fmt: skip
    layered = next(c for c in claims if c["key"] == "unequal-weights")["layer_witnesses"]
    # computed by hand: layer 2, unit 2's output weight 3/2 instead of 1; every unit active,
    # z2 = 7/4, y_hat = 35/8, dL/dy_hat = 11/8, the signals differ by 11/16, so after a step
    # of 1/4 the biases differ by -11/64 and the rows by -11/64 * 3/2 = -33/128
    assert layered[-1]["layer"] == 2 and layered[-1]["part"] == "column"
    assert layered[-1]["differs_after_one_step"] == ["row", "bias"]
    assert "row: -33/128, -33/128; bias: -11/64" in layered[-1]["sentence"]
    assert len(layered) == 6 and all(w["differs_after_one_step"] for w in layered)
    assert all(check["shown"] for c in claims for check in c["checks"])


def test_text_lists_each_quote_with_its_verdict(capsys):
    status, out, _ = run(["claims"], capsys)
    assert status == 0
    for claim in question_claims():
        assert claim.quote in out
    assert "Verdict: refuted." in out and "Verdict: true under a condition:" in out


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_markdown_and_latex_typeset_the_math(fmt, capsys):
    status, out, _ = run(["claims", "--format", fmt], capsys)
    assert status == 0
    assert r"\sigma" in out and "1/2" in out.replace(" ", "")
    if fmt == "latex":
        assert out.isascii() and r"\documentclass" not in out


def test_latex_standalone_is_a_complete_file(capsys):
    _, out, _ = run(["claims", "--format", "latex", "--standalone"], capsys)
    assert out.startswith(r"\documentclass") and out.endswith("\\end{document}\n")


def test_standalone_without_latex_is_refused(capsys):
    status, out, err = run(["claims", "--standalone"], capsys)
    assert status == 2 and out == ""
    assert "use it with --format latex" in err


def test_the_one_neuron_sentence_holds_for_every_depth_with_its_rates(capsys):
    status, out, _ = run(["claims"], capsys)
    assert status == 0
    start = out.index("Its like having only one neuron in every layer.")
    verdict = out[start:].split("\n\n")[1]
    assert "one hidden layer" not in verdict
    assert "in a network of any depth" in verdict
    # the rates, as the hand derivation gives them (the width-1 signal is m_l times a unit's)
    for rate in ("η/m_1", "η/m_l", "(η m_{l-1})/m_l", "η m_L"):
        assert rate in verdict, rate

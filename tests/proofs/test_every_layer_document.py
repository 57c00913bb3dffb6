"""The every-layer section of the hidden-symmetry document: `derive hidden-symmetry --depth L`
adds it, its chains verify, a chain with the wrong rate is refused, its prose math is math."""

from __future__ import annotations

import re

import pytest
from sympy import Symbol

from proofs.commands.derive import build_document
from proofs.commands.main import main
from proofs.documents.deep_chains import ETA, HERE, INDUCTION, bias_update_chain
from symbolic import Derivation, DerivationError
from symbolic.derivations.document import Chain, Paragraph, Table


def run(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_depth_two_adds_the_every_layer_section_with_its_checks(capsys):
    code, out, err = run(["derive", "hidden-symmetry", "--depth", "2", "--steps", "1",
                          "--style", "brief"], capsys)  # fmt: skip
    assert code == 0, err
    section = out[out.index("Every layer: one neuron in every layer") :]
    # the rates of the width-1 network, and the induction over layers as numbered chains
    assert "(η m_{l-1})/m_l for the weight into layer l" in section
    assert "δ̃_l = A_{l+1} δ̃_{l+1} σ′(z̃_l)" in section
    assert "= δ_l m_l " in section
    # the coordinate check for two layers: every row shown, one swap per layer
    rows = re.findall(r"^    (\S.*?)\s{2,}(shown|NOT SHOWN)$", section, flags=re.M)
    assert rows and all(outcome == "shown" for _, outcome in rows)
    assert sum(name.startswith("equivariance: swap") for name, _ in rows) == 1 + 2  # widths 2, 3


def test_depth_one_has_no_every_layer_section_and_the_perceptron_refuses_depth(capsys):
    code, out, _ = run(["derive", "hidden-symmetry", "--steps", "1", "--style", "brief"], capsys)
    assert code == 0 and "Every layer" not in out
    code, _, err = run(["derive", "zero-init", "--depth", "2"], capsys)
    assert code == 2 and "--depth applies to hidden-symmetry only" in err
    code, _, err = run(["derive", "hidden-symmetry", "--depth", "5"], capsys)
    assert code == 2 and "must be at most 4" in err


def test_the_every_layer_chains_are_verified_blocks():
    document = build_document("hidden-symmetry", 1, depth=2, style="brief")
    start = next(
        i for i, b in enumerate(document.blocks) if getattr(b, "text", "").startswith("Every layer")
    )
    section = document.blocks[start:]
    assert sum(isinstance(block, Chain) for block in section) == 4
    assert any(isinstance(block, Table) for block in section)
    for block in section:
        if isinstance(block, Paragraph):
            for part in block.parts:
                if isinstance(part, str):
                    assert not re.search(r"[=<>≤≥]", part), part
                    assert not re.search(r"(?:^|[\s(])-\d", part), part


def test_a_bias_update_at_the_wide_rate_is_refused():
    """The one-unit bias moves at η/m_l; at η it is not the wide bias after the step."""
    from proofs.documents.deep_chains import backward_chain, forward_chain

    assert bias_update_chain(backward_chain(forward_chain())).verify()
    beta, delta, delta_one = Symbol("beta_l"), Symbol("delta_l"), Symbol("deltatilde_l")
    with pytest.raises(DerivationError):
        (
            Derivation(beta - ETA * delta_one)
            .step(beta - ETA * HERE * delta, INDUCTION.using((delta_one, HERE * delta)))
            .step(beta - ETA * delta, "algebra")
            .verify()
        )


def test_the_every_layer_section_in_notes_style_says_nothing_of_the_question():
    document = build_document("hidden-symmetry", 1, depth=2, style="notes")
    start = next(
        i for i, b in enumerate(document.blocks) if getattr(b, "text", "").startswith("Every layer")
    )
    prose = [
        part
        for block in document.blocks[start:]
        if isinstance(block, Paragraph)
        for part in block.parts
        if isinstance(part, str)
    ]
    assert prose and not any(re.search(r"the question|answers? ", p, re.I) for p in prose)

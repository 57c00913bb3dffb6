"""Markdown for Q&A sites and Jupyter: one MathJax ``$$`` block per chain, and only commands
MathJax knows without extensions beyond amsmath."""

from __future__ import annotations

import re

import pytest

from proofs.commands.derive import build_document
from symbolic.derivations.document import Chain, Definitions

#: Commands of MathJax's base TeX input (plus amsmath's aligned), written down by hand.
MATHJAX_COMMANDS = {
    "begin", "end", "text", "left", "right", "frac", "cdot", "mathbf", "hat", "Delta",
    "phi", "eta", "geq", "leq", "neq", "quad", "qquad", "dots", "ldots", "cdots",
    "in", "mathbb", "times", "pm", "le", "ge", "lt", "gt", "textstyle", "infty",
    "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
}  # fmt: skip
MATHJAX_ENVIRONMENTS = {"aligned", "matrix"}  # matrix: a column of data, in base TeX


@pytest.fixture(scope="module", params=["zero-init", "nonzero-init"])
def document(request):
    return build_document(request.param, 3)


def test_markdown_uses_only_mathjax_commands(document):
    markdown = document.to_markdown()
    commands = set(re.findall(r"\\([A-Za-z]+)", markdown))
    assert commands <= MATHJAX_COMMANDS, commands - MATHJAX_COMMANDS
    environments = set(re.findall(r"\\begin\{([^}]*)\}", markdown))
    assert environments <= MATHJAX_ENVIRONMENTS


def test_markdown_has_one_display_block_per_chain(document):
    markdown = document.to_markdown()
    displays = sum(isinstance(b, Chain | Definitions) for b in document.blocks)
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", markdown, flags=re.S | re.M)
    assert len(blocks) == displays
    assert markdown.count("$$") == 2 * displays
    assert all(block.startswith(r"\begin{aligned}") for block in blocks)


def test_a_chain_block_pastes_as_a_single_aligned_equation():
    chain = next(b for b in build_document("zero-init", 1).blocks if isinstance(b, Chain))
    block = chain.derivation.to_markdown()
    assert block.splitlines()[0] == "$$"
    assert block.splitlines()[1] == r"\begin{aligned}"
    assert block.splitlines()[-2:] == [r"\end{aligned}", "$$"]
    assert r"\Delta \mathbf{w}^{(2)} &= \eta (y^{(2)} - \hat{y}^{(2)})" in block

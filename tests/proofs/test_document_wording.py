"""What the documents say: no relation evaluated to a bare True/False leaks into the prose."""

import re

import pytest

from proofs.commands.derive import build_document, render

CASES = [
    (theorem, rule, fmt)
    for theorem in ("zero-init", "nonzero-init")
    for rule in ("rosenblatt", "zero-one", "mistake-driven")
    for fmt in ("text", "latex")
]


@pytest.mark.parametrize(("theorem", "rule", "fmt"), CASES)
def test_no_citation_or_sentence_prints_a_bare_boolean(theorem, rule, fmt):
    text = render(build_document(theorem, 2, rule=rule), fmt)
    assert not re.search(r"\b(True|False)\b", text)

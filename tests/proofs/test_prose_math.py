"""Numbers, symbols and relations in a document's prose are math, not typed text: −1 (not
-1), $k$ (not k), $\\eta > 0$ (not η > 0).  Read from the documents themselves (their text
parts), so a new document inherits the check."""

from __future__ import annotations

import re

import pytest

from proofs.commands.derive import build_document
from symbolic.derivations.document import Paragraph, Theorem
from symbolic.theorems.question_claims import QUESTION

HYPHEN_NUMBER = re.compile(r"(?:^|[\s(])-\d")
LONE_LETTER = re.compile(r"(?:^|[\s(])(?![aA]\b|I\b)[A-Za-z](?=[\s,.;:)]|$)")
RELATION = re.compile(r"[=<>≤≥≠]")


def prose(theorem: str, rule: str, style: str = "answer") -> list[str]:
    """The document's prose, without the question quoted verbatim (the asker's "i" is a word)."""
    document = build_document(theorem, 2, rule=rule, style=style)
    return [
        part.replace(QUESTION.text, "")
        for block in document.blocks
        if isinstance(block, Paragraph | Theorem)
        for part in block.parts
        if isinstance(part, str)
    ]


@pytest.mark.parametrize("rule", ["rosenblatt", "zero-one", "mistake-driven"])
@pytest.mark.parametrize("theorem", ["zero-init", "nonzero-init"])
def test_numbers_symbols_and_relations_in_prose_are_typeset_as_math(theorem, rule):
    for text in prose(theorem, rule):
        assert not HYPHEN_NUMBER.search(text), f"a typed minus sign in prose: {text!r}"
        assert not LONE_LETTER.search(text), f"a symbol typed as a letter in prose: {text!r}"
        assert not RELATION.search(text), f"a relation typed as text in prose: {text!r}"


def test_the_hidden_symmetry_document_typesets_its_prose_math_as_math():
    # one build: the network's document does not depend on the perceptron rule
    for text in prose("hidden-symmetry", "rosenblatt"):
        assert not HYPHEN_NUMBER.search(text), f"a typed minus sign in prose: {text!r}"
        assert not LONE_LETTER.search(text), f"a symbol typed as a letter in prose: {text!r}"
        assert not RELATION.search(text), f"a relation typed as text in prose: {text!r}"


@pytest.mark.parametrize(
    "bad", ["and -1 otherwise", "for every step k, where", "and η > 0 does", "(d = 2)"]
)
def test_the_prose_check_catches_each_kind_of_typed_math(bad):
    assert HYPHEN_NUMBER.search(bad) or LONE_LETTER.search(bad) or RELATION.search(bad)


@pytest.mark.parametrize("style", ["notes", "brief"])
@pytest.mark.parametrize("theorem", ["zero-init", "nonzero-init", "scaling-law", "hidden-symmetry"])
def test_lecture_note_styles_typeset_their_prose_math_as_math_too(theorem, style):
    for text in prose(theorem, "rosenblatt", style):
        assert not HYPHEN_NUMBER.search(text), f"a typed minus sign in prose: {text!r}"
        assert not LONE_LETTER.search(text), f"a symbol typed as a letter in prose: {text!r}"
        assert not RELATION.search(text), f"a relation typed as text in prose: {text!r}"

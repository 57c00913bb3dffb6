"""The question etaproof answers, quoted at the top of every document that judges its answers
(answer 1: the hand derivation; answers 2 and 3: hidden units), in the answer style only."""

from __future__ import annotations

from symbolic.derivations import Heading, Paragraph
from symbolic.theorems.question_claims import QUESTION


def question_blocks(then: str) -> list:
    """The question, its words verbatim with the textbook remark it quotes, where it was asked
    and where the remark is from; then ``then``, which says what the document does with it."""
    return [
        Heading("The question"),
        Paragraph((f"Asked on {QUESTION.asked_on}: {QUESTION.text}",)),
        Paragraph((f"The remark is from {QUESTION.source}. {then}",)),
    ]


__all__ = ["question_blocks"]

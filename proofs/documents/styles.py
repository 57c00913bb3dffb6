"""The three shapes of a theorem document, ``etaproof derive --style``:

- ``answer`` (the default): the Q&A-shaped text to paste under the question, as it was asked;
- ``notes``: lecture notes: the theorem set as a Theorem (amsthm) with its Proof, every chain
  numbered and cited by number, and nothing about where the question came from;
- ``brief``: the theorem and its induction proof only.

A document builder asks :func:`keeps` which of its parts a style prints and wraps its proof
with :func:`proof`; the printers do the rest (:class:`symbolic.derivations.document.Theorem`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sympy import Eq, Integer, Symbol

from symbolic import EtaproofValueError
from symbolic.derivations import (
    Block,
    Derivation,
    EquationRef,
    Heading,
    Paragraph,
    Part,
    ProofEnd,
    ProofStart,
    Theorem,
)

Style = Literal["answer", "notes", "brief"]
STYLES: tuple[Style, ...] = ("answer", "notes", "brief")

#: What each style prints: the parts a builder asks about.
_KEEPS: dict[str, frozenset[str]] = {
    "answer": frozenset({"origin", "background", "steps", "checks", "answer"}),
    "notes": frozenset({"theorem", "background", "steps", "checks"}),
    "brief": frozenset({"theorem"}),
}


class UnknownStyle(EtaproofValueError):
    """A style other than answer, notes and brief."""


def check_style(style: str) -> Style:
    """``style`` when it is one of :data:`STYLES`, else :class:`UnknownStyle`."""
    if style not in STYLES:
        raise UnknownStyle(f"style={style!r} must be one of {', '.join(STYLES)}", style)
    return style  # type: ignore[return-value]


def keeps(style: str, part: str) -> bool:
    """Whether ``style`` prints the document part ``part``: "origin" (the question, the
    answers, the comment), "theorem" (the statement as a Theorem), "background" (the
    model, the unrolled example), "steps" (the first K steps written out), "checks" (the
    cross-checks and the data), "answer" (the closing answer)."""
    return part in _KEEPS[check_style(style)]


def numbered(style: str) -> bool:
    """Lecture notes and the brief form number their chains."""
    return check_style(style) != "answer"


def proof(style: str, blocks: Sequence[Any]) -> list[Block]:
    """``blocks`` as a Proof (notes, brief), or as they are (answer).  In a proof, leading
    headings stay before it and later ones become a sentence of their own (a section does
    not belong inside a proof)."""
    if not numbered(style):
        return list(blocks)
    lead = 0
    while lead < len(blocks) and isinstance(blocks[lead], Heading):
        lead += 1
    body = [
        Paragraph((f"{block.text}.",)) if isinstance(block, Heading) else block
        for block in blocks[lead:]
    ]
    return [*blocks[:lead], ProofStart(), *body, ProofEnd()]


def theorem(style: str, parts: tuple[Part, ...], kind: str = "Theorem") -> list[Block]:
    """The statement as a Theorem block where the style sets one (notes, brief)."""
    return [Theorem(parts, kind)] if keeps(style, "theorem") else []


def induction_summary(
    base: Derivation,
    steps: tuple[Derivation, ...],
    prediction: Derivation,
    predictions: tuple[Part, ...],
) -> Paragraph:
    """The closing sentence of an induction in a numbered document: the base case, the step
    from k − 1 to k and the predictions, each cited by its equation number."""
    k = Symbol("k")
    cited: list[Part | EquationRef] = []
    for i, chain in enumerate(steps):
        cited += [" and " if i else "", EquationRef(chain)]
    return Paragraph(
        (
            "So the claim holds for every ", k, ": for ", Eq(k, 0, evaluate=False), " by ",
            EquationRef(base), ", and from step ", k - 1, " to step ", k, " by ", *cited,
            "; by ", EquationRef(prediction), " ", *predictions, ", which proves the theorem.",
        )
    )  # fmt: skip


def rule_words(name: str) -> tuple[Part, ...]:
    """The perceptron rule ``name`` as prose parts, for a theorem's statement."""
    if name == "zero-one":
        return ("the perceptron rule with labels ", Integer(0), " and ", Integer(1))
    if name == "mistake-driven":
        return ("the mistake-driven perceptron rule (an update only on a mistake)",)
    return ("Rosenblatt's perceptron rule",)

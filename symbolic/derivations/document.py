"""A proof document as data: headings, prose with inline math, checked chains, definitions,
tables.  The proofs build one, the renderers print it; neither the document nor a renderer
decides whether anything is true — a :class:`Chain` only holds a verified derivation, and
is verified again (see :meth:`Chain.verified`) whenever it is printed.  A document defines
each name at most once, in its Definitions blocks and in the definitions its chains cite.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr

from symbolic.derivations.derivation import Derivation, distinct_names
from symbolic.derivations.inference import (
    InvalidDefinition,
    Part,
    check_definition,
    definition_ledger,
)


class InconsistentDefinitions(InvalidDefinition):
    """A document defines a name twice (differently), or its definitions are circular."""


@dataclass(frozen=True)
class Heading:
    """A section title."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Prose: plain-text parts and expressions printed as inline math."""

    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Chain:
    """A displayed chain of equalities; built only from a derivation that verified."""

    derivation: Derivation

    def __post_init__(self) -> None:
        self.derivation.verify()

    def verified(self) -> Derivation:
        """The derivation, verified as it is now (what a renderer prints)."""
        return self.derivation.verify()


@dataclass(frozen=True)
class Definitions:
    """Displayed definitions ``name = expression`` (introduced, not claimed)."""

    pairs: tuple[tuple[Expr, Expr], ...]

    def __post_init__(self) -> None:
        for lhs, rhs in self.pairs:
            check_definition(lhs, rhs)


@dataclass(frozen=True)
class Table:
    """A small table; a cell is text, an expression, or a tuple of such parts."""

    header: tuple[Part | tuple[Part, ...], ...]
    rows: tuple[tuple[Part | tuple[Part, ...], ...], ...]


Block = Heading | Paragraph | Chain | Definitions | Table


@dataclass(frozen=True)
class Document:
    """A titled sequence of blocks."""

    title: str
    blocks: tuple[Block, ...]

    def __post_init__(self) -> None:
        self.check_definitions()

    def check_definitions(self) -> None:
        """Raise :class:`InconsistentDefinitions` when two blocks define a name differently,
        and refuse two different symbols that print alike anywhere in the document.

        Run when the document is built and again before every rendering, since a chain may
        have grown since."""
        definition_ledger(self.definitions(), InconsistentDefinitions)
        distinct_names(
            [side for pair in self.definitions() for side in pair]
            + [
                expr
                for block in self.blocks
                if isinstance(block, Chain)
                for chain in block.derivation.cited()
                for expr in (chain.start, *(step.expr for step in chain.steps))
            ]
        )

    def definitions(self) -> list[tuple[Expr, Expr]]:
        """Every definition the document makes: displayed, and cited by its chains."""
        pairs: list[tuple[Expr, Expr]] = []
        for block in self.blocks:
            if isinstance(block, Definitions):
                pairs += block.pairs
            elif isinstance(block, Chain):
                pairs += block.derivation.definitions()
        return pairs

    def to_latex(self, *, standalone: bool = True) -> str:
        """The document as LaTeX: a standalone file, or a fragment to ``\\input``."""
        from symbolic.render.latex import document_latex

        self.check_definitions()
        return document_latex(self, standalone=standalone)

    def to_markdown(self) -> str:
        """The document as Markdown with MathJax ``$$`` blocks."""
        from symbolic.render.markdown import document_markdown

        self.check_definitions()
        return document_markdown(self)

    def to_text(self) -> str:
        """The document as plain text for the terminal."""
        from symbolic.render.text import document_text

        self.check_definitions()
        return document_text(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

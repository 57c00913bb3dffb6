"""A proof document as data: headings, prose with inline math, checked chains, definitions,
tables, and for lecture notes a theorem with its proof and numbered chains.  The proofs
build one, the renderers print it; neither the document nor a renderer
decides whether anything is true — a :class:`Chain` only holds a verified derivation, and
is verified again (see :meth:`Chain.verified`) whenever it is printed.  A document defines
each name at most once, in its Definitions blocks and in the definitions its chains cite.

A document and its math blocks (:class:`Chain`, :class:`Definitions`) are
:class:`symbolic.printable.Printable`: ``to_latex()``, ``to_markdown()``, ``to_html()``,
``to_text()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr

from symbolic.derivations.derivation import Derivation, named_objects, reached
from symbolic.derivations.inference import (
    InvalidDefinition,
    Part,
    check_definition,
    definition_ledger,
)
from symbolic.printable import Printable


class LemmaNotShown(InvalidDefinition):
    """A chain cites a lemma "shown above" that the document does not display above it."""


class InconsistentDefinitions(InvalidDefinition):
    """A document defines a name twice (differently), or its definitions are circular."""


@dataclass(frozen=True)
class Heading:
    """A section title."""

    text: str


@dataclass(frozen=True)
class EquationRef:
    """In prose, the number of a displayed chain: the one that shows ``derivation``'s
    equation (only in a :attr:`Document.numbered` document)."""

    derivation: Derivation


@dataclass(frozen=True)
class Paragraph:
    """Prose: plain-text parts, expressions printed as inline math, and references to
    numbered chains."""

    parts: tuple[Part | EquationRef, ...]


@dataclass(frozen=True)
class Theorem:
    """A statement set as a theorem (``kind``: "Theorem", "Corollary", …): LaTeX's amsthm
    environment, a bold lead-in elsewhere.  It claims what the chains around it prove."""

    parts: tuple[Part | EquationRef, ...]
    kind: str = "Theorem"


@dataclass(frozen=True)
class ProofStart:
    """Where a proof begins (amsthm's ``proof`` environment, "Proof." elsewhere)."""


@dataclass(frozen=True)
class ProofEnd:
    """Where it ends (the end-of-proof mark)."""


@dataclass(frozen=True)
class Chain(Printable):
    """A displayed chain of equalities; built only from a derivation that verified."""

    derivation: Derivation

    def __post_init__(self) -> None:
        self.derivation.verify()

    def verified(self) -> Derivation:
        """The derivation, verified as it is now (what a renderer prints)."""
        return self.derivation.verify()

    def named_objects(self) -> list[object]:
        """The symbols and function classes of the chain (see :meth:`Derivation.named_objects`)."""
        return named_objects([self.derivation])


@dataclass(frozen=True)
class Definitions(Printable):
    """Displayed definitions ``name = expression`` (introduced, not claimed)."""

    pairs: tuple[tuple[Expr, Expr], ...]

    def __post_init__(self) -> None:
        for lhs, rhs in self.pairs:
            check_definition(lhs, rhs)

    def named_objects(self) -> list[object]:
        """The symbols and function classes of both sides of every definition."""
        return named_objects([], [side for pair in self.pairs for side in pair])


@dataclass(frozen=True)
class Table:
    """A small table; a cell is text, an expression, or a tuple of such parts."""

    header: tuple[Part | tuple[Part, ...], ...]
    rows: tuple[tuple[Part | tuple[Part, ...], ...], ...]


Block = Heading | Paragraph | Chain | Definitions | Table | Theorem | ProofStart | ProofEnd


@dataclass(frozen=True, repr=False)
class Document(Printable):
    """A titled sequence of blocks; ``numbered``: every chain gets an equation number, which
    prose cites with :class:`EquationRef` (lecture notes)."""

    title: str
    blocks: tuple[Block, ...]
    numbered: bool = False

    def __post_init__(self) -> None:
        self.check_definitions()
        self.check_references()

    def __repr__(self) -> str:
        chains = sum(isinstance(block, Chain) for block in self.blocks)
        numbered = ", numbered" if self.numbered else ""
        return f"Document({self.title!r}, {len(self.blocks)} blocks, {chains} chains{numbered})"

    def equation_numbers(self) -> dict[tuple[Expr, Expr], int]:
        """(start, result) of each chain → its number 1, 2, … in order (empty when the
        document is not numbered)."""
        if not self.numbered:
            return {}
        chains = [b.derivation for b in self.blocks if isinstance(b, Chain)]
        numbers: dict[tuple[Expr, Expr], int] = {}
        for number, derivation in enumerate(chains, start=1):
            numbers.setdefault((derivation.start, derivation.result), number)
        return numbers

    def check_references(self) -> None:
        """Raise :class:`LemmaNotShown` when prose cites an equation number that no chain of
        the document carries (or the document is not numbered)."""
        numbers = self.equation_numbers()
        for block in self.blocks:
            if not isinstance(block, Paragraph | Theorem):
                continue
            for part in block.parts:
                if isinstance(part, EquationRef):
                    key = (part.derivation.start, part.derivation.result)
                    if key not in numbers:
                        raise LemmaNotShown(
                            f"the prose cites the equation {part.derivation.start} = "
                            f"{part.derivation.result} by number, but no numbered chain of "
                            "the document shows it"
                        )

    def check_definitions(self) -> None:
        """Raise :class:`InconsistentDefinitions` when two blocks define a name differently.

        Run when the document is built and again by every printer, since a chain may have
        grown since.  (Names that print alike are refused by each printer in its own format:
        see :meth:`named_objects`.)"""
        definition_ledger(self.definitions(), InconsistentDefinitions)
        self.check_lemmas_shown()

    def check_lemmas_shown(self) -> None:
        """Raise :class:`LemmaNotShown` when a chain substitutes a lemma whose equation no
        earlier chain of the document displays: its citation says "shown above", and every
        fact a step relies on must be on the page."""
        shown: set[tuple[Expr, Expr]] = set()
        for block in self.blocks:
            if not isinstance(block, Chain):
                continue
            derivation = block.derivation
            for step in derivation.steps:
                for lemma in step.because.derivations:
                    if (lemma.start, lemma.result) not in shown:
                        raise LemmaNotShown(
                            f"the chain from {derivation.start} substitutes {lemma.start} = "
                            f"{lemma.result}, which no earlier chain of the document shows: "
                            "add that chain above it"
                        )
            shown.add((derivation.start, derivation.result))

    def named_objects(self) -> list[object]:
        """The symbols and function classes of the chains (and every chain they substitute)
        and of the displayed definitions, each once; prose is not read."""
        return named_objects(
            [block.derivation for block in self.blocks if isinstance(block, Chain)],
            [
                side
                for block in self.blocks
                if isinstance(block, Definitions)
                for pair in block.pairs
                for side in pair
            ],
        )

    def definitions(self) -> list[tuple[Expr, Expr]]:
        """Every definition the document makes: displayed, and cited by its chains (each
        derivation read once, however many chains substitute it)."""
        pairs: list[tuple[Expr, Expr]] = []
        seen: set[int] = set()
        for block in self.blocks:
            if isinstance(block, Definitions):
                pairs += block.pairs
            elif isinstance(block, Chain):
                pairs += [
                    pair
                    for derivation in reached([block.derivation], seen)
                    for step in derivation.steps
                    if step.because.rule.kind == "definition"
                    for pair in step.because.equations
                ]
        return pairs

    def to_latex(self, *, standalone: bool = True, **settings: object) -> str:
        """The document as LaTeX: a standalone file, or a fragment to ``\\input``
        (``settings``: the LaTeX printer's, e.g. ``line_width`` in em)."""
        return super().to_latex(standalone=standalone, **settings)

    def _repr_markdown_(self) -> str:
        """Jupyter, where HTML is not shown: the document as Markdown with MathJax ``$$``
        blocks (Jupyter shows :meth:`_repr_html_`, MathML, first)."""
        return self.to_markdown()

    def _repr_latex_(self) -> None:
        """A document is HTML or Markdown for Jupyter, not LaTeX math."""
        return None

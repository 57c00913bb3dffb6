"""The theorem registry: each theorem document once, with everything the commands need.

``derive``, ``build-proofs``, ``pdf`` and the notebook read :data:`THEOREMS` (and
:data:`COMMITTED`, the documents committed as ``proofs/*.tex``); none of them lists the
theorems again.  Adding a theorem is one module in :mod:`proofs.documents` with a builder
``(Options) -> Document`` and one :class:`Theorem` entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from proofs.documents.catalogue import catalogue_document
from proofs.documents.conservation_laws import conservation_laws_document
from proofs.documents.hidden_symmetry import hidden_symmetry_document
from proofs.documents.nonzero_init import nonzero_init_document
from proofs.documents.scaling_law import scaling_law_document
from proofs.documents.styles import check_style
from proofs.documents.zero_init import zero_init_document
from symbolic.derivations import Document

#: Where the committed documents live (inside the ``proofs`` package).
PROOFS_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Options:
    """What a theorem document may be asked for (each theorem reads the options of its
    model: ``rule``, ``d`` and ``bias`` the perceptron's; ``width``, ``depth``,
    ``activation``, ``loss`` and ``d`` the network's)."""

    steps: int = 2
    rule: str = "rosenblatt"
    d: int = 2
    bias: bool = False
    width: int = 2
    depth: int = 1
    activation: str | None = None
    loss: str | None = None
    style: str = "answer"


@dataclass(frozen=True)
class Theorem:
    """One theorem document: its name on the command line, what it says (``summary``, for
    ``--help``), the sentence printed after it in text (``verdict``), which model's options
    it takes (``"perceptron"`` or ``"network"``), whether it takes ``--bias``, what
    ``--steps`` means for it, and its builder."""

    name: str
    summary: str
    verdict: str
    model: str
    steps: str
    build: Callable[[Options], Document]
    bias: bool = False

    def document(self, options: Options = Options()) -> Document:
        """The document, every chain verified."""
        check_style(options.style)
        return self.build(options)


THEOREMS: dict[str, Theorem] = {
    theorem.name: theorem
    for theorem in (
        Theorem(
            "zero-init",
            "η only scales the weights",
            "Verdict: HOLDS. Every equation above was checked by SymPy; by induction "
            "w⁽ᵏ⁾ = η·v⁽ᵏ⁾ for every step k, so η only scales the weights.",
            "perceptron",
            "the steps k of the induction written out",
            lambda o: zero_init_document(o.steps, rule=o.rule, d=o.d, bias=o.bias, style=o.style),
            bias=True,
        ),
        Theorem(
            "nonzero-init",
            "η can change predictions",
            "Verdict: with non-zero initial weights η changes the predictions (the example "
            "above was run in exact arithmetic).",
            "perceptron",
            "the rows of the example's table",
            lambda o: nonzero_init_document(o.steps, rule=o.rule, d=o.d, style=o.style),
        ),
        Theorem(
            "scaling-law",
            "(η, w⁽⁰⁾) runs as η times (1, w⁽⁰⁾/η), for every step",
            "Verdict: HOLDS. Every equation above was checked by SymPy; by induction "
            "w⁽ᵏ⁾(η, w⁽⁰⁾) = η·w⁽ᵏ⁾(1, w⁽⁰⁾/η) for every step k, with the same predictions.",
            "perceptron",
            "nothing (the law is proved for every step k at once)",
            lambda o: scaling_law_document(o.rule, style=o.style),
        ),
        Theorem(
            "hidden-symmetry",
            "hidden units that start equal stay equal (one unit per layer in disguise)",
            "Verdict: HOLDS. Every equation above was checked by SymPy; by induction hidden "
            "units that start equal stay equal at every step k, for any σ, L, data, widths and "
            "η, and compute what one unit per layer computes at the rates shown.",
            "network",
            "the steps k of the induction written out, and of the coordinate check (up to 3)",
            lambda o: hidden_symmetry_document(
                o.steps,
                width=o.width,
                depth=o.depth,
                activation=o.activation,
                loss=o.loss,
                d=o.d,
                style=o.style,
            ),
        ),
        Theorem(
            "conservation-laws",
            "the conservation laws of gradient flow, counted, and their exact change η²·h₂(∇L) "
            "after one step of size η",
            "Verdict: every count above is certified by two exact bounds that meet and agrees "
            "with the published count wherever that applies; gradient flow keeps each law, and "
            "one step of size η changes each quadratic law by exactly η² times its quadratic "
            "part at the gradient (checked by SymPy).",
            "network",
            "nothing",
            conservation_laws_document,
        ),
    )
}

#: The documents committed as ``proofs/*.tex`` (answer style, standalone): file name → builder.
COMMITTED: dict[str, Callable[[], Document]] = {
    "zero_init.tex": lambda: THEOREMS["zero-init"].document(Options(steps=4)),
    "nonzero_init.tex": lambda: THEOREMS["nonzero-init"].document(Options(steps=4)),
    "scaling_law.tex": lambda: THEOREMS["scaling-law"].document(Options(steps=1)),
    "hidden_symmetry.tex": lambda: THEOREMS["hidden-symmetry"].document(Options(steps=2)),
    "catalogue.tex": catalogue_document,
}


def theorem(name: str) -> Theorem:
    """The theorem called ``name`` (a ``KeyError`` naming the known ones otherwise)."""
    try:
        return THEOREMS[name]
    except KeyError:
        raise KeyError(f"theorem={name!r} must be one of {', '.join(THEOREMS)}") from None


def build_document(theorem_name: str, steps: int, **options: object) -> Document:
    """The document of a registered theorem (``options`` as in :class:`Options`)."""
    return theorem(theorem_name).document(Options(steps=steps, **options))  # type: ignore[arg-type]


def render(document: Document, fmt: str, *, standalone: bool = False) -> str:
    """The document as ``"latex"`` (``standalone``: a full file, else a fragment),
    ``"markdown"``, ``"html"`` (always a self-contained page: MathML, no script) or
    ``"text"``."""
    if fmt == "latex":
        return document.to_latex(standalone=standalone)
    if fmt == "markdown":
        return document.to_markdown()
    if fmt == "html":
        return document.to_html()
    return document.to_text()

"""Every document ``etaproof derive`` can build typesets without a line running into the
margin: no ``Overfull \\hbox`` (and no ``Underfull \\hbox`` of badness 10000) in pdflatex's log,
standalone and as a fragment ``\\input`` into a default ``\\documentclass{article}`` (10pt, its
345pt text width, the preamble loading only amsmath and amssymb, as the fragment's header says).

The variants: every theorem of the derive command's parser (so a document added there is
covered), every rule, ``--bias`` where the command accepts it, and K = 1, 2, 4, 8 steps (K
only adds steps of the same shape; the committed proofs/*.tex are two of these).  They are
batched into two pdflatex runs, run side by side (about 10 s in all): one article that
``\\input``s every fragment, and one document made of every standalone document's body under
their common preamble (the test checks that the preambles differ only in the title).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import require_tool

from proofs.commands.derive import build_document, render
from proofs.commands.main import build_parser, main
from proofs.commands.pdf import compile_tex
from symbolic import RULES

#: Heavy: runs in CI (ETAPROOF_STRICT=1) or with ETAPROOF_HEAVY=1.
pytestmark = pytest.mark.heavy

STEPS = (1, 2, 4, 8)

#: What a fragment's host needs: a default article and the packages the header names.
HOST = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{amsthm}
\newtheorem{theorem}{Theorem}
\newtheorem{corollary}{Corollary}
\begin{document}
"""


def derive_theorems() -> list[str]:
    """The theorem choices of ``etaproof derive``, read from its parser."""
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    derive = commands.choices["derive"]
    return list(next(a for a in derive._actions if a.dest == "theorem").choices)


def accepts_bias(theorem: str, tmp: Path) -> bool:
    """True when ``etaproof derive THEOREM --bias`` builds a document (exit 0, not 2)."""
    out = tmp / f"bias-{theorem}.tex"
    argv = ["derive", theorem, "--bias", "--steps", "1", "--format", "latex", "--out", str(out)]
    return main(argv) == 0


#: The preamble lines of the notes and brief styles' theorems (the rest is the same for all).
THEOREM_LINES = ("\\usepackage{amsthm}", "\\newtheorem")

#: The lecture-note styles, typeset at these numbers of steps (the answer style at all).
STYLED_STEPS = (2, 8)


def variants(tmp: Path) -> list[tuple[str, str, bool, int, str]]:
    """(theorem, rule, bias, steps, style) for every document the test typesets."""
    answers = [
        (theorem, rule, bias, steps, "answer")
        for theorem in derive_theorems()
        for bias in ((False, True) if accepts_bias(theorem, tmp) else (False,))
        for rule in sorted(RULES)
        for steps in STEPS
    ]
    styled = [
        (theorem, rule, False, steps, style)
        for theorem in derive_theorems()
        for rule in sorted(RULES)
        for steps in STYLED_STEPS
        for style in ("notes", "brief")
    ]
    return answers + styled


def complaints(log: str) -> list[str]:
    """Each overfull (or badness-10000 underfull) box in a pdflatex log, with the variant
    that was being typeset (the last ``VARIANT`` line written before it)."""
    found, variant = [], "?"
    for line in log.splitlines():
        if line.startswith("VARIANT "):
            variant = line[len("VARIANT ") :]
        elif line.startswith("Overfull \\hbox") or line.startswith(
            "Underfull \\hbox (badness 10000)"
        ):
            found.append(f"{variant}: {line}")
    return found


def split_standalone(text: str) -> tuple[str, str, str]:
    """(preamble without its title, the ``\\title`` line, the body) of a standalone
    document."""
    head, body = text.split("\\begin{document}\n", 1)
    title = re.search(r"^\\title\{.*\}$", head, flags=re.M)
    assert title is not None and body.endswith("\\end{document}\n")
    preamble = head[: title.start()] + head[title.end() + 1 :]
    return preamble, title.group(0), body[: -len("\\end{document}\n")]


@pytest.fixture(scope="module")
def typeset(tmp_path_factory) -> dict[str, str]:
    """Both batches compiled: their pdflatex logs, by batch name."""
    require_tool("pdflatex")
    tmp = tmp_path_factory.mktemp("typesetting")
    fragments, standalone, preambles, seen = [], [], set(), set()
    for i, (theorem, rule, bias, steps, style) in enumerate(variants(tmp)):
        name = f"{theorem} --rule {rule}{' --bias' if bias else ''} --steps {steps} --style {style}"
        document = build_document(theorem, steps, rule=rule, bias=bias, style=style)
        latex = render(document, "latex")
        if latex in seen:  # a theorem that ignores the rule (hidden-symmetry): typeset once
            continue
        seen.add(latex)
        fragment = tmp / f"fragment{i}.tex"
        fragment.write_text(latex, encoding="utf-8")
        fragments.append(f"\\typeout{{VARIANT {name}}}\n\\input{{{fragment.name}}}\n\\clearpage")
        standalone.append((name, render(document, "latex", standalone=True)))
    parts, theorems = [], set()
    for name, text in standalone:
        preamble, title, body = split_standalone(text)
        lines = preamble.splitlines(keepends=True)
        theorems |= {line for line in lines if line.startswith(THEOREM_LINES)}
        preambles.add("".join(line for line in lines if not line.startswith(THEOREM_LINES)))
        parts.append(f"\\typeout{{VARIANT {name}}}\n{title}\n{body}\\clearpage")
    assert len(preambles) == 1, "the standalone preambles differ in more than the title"
    common = preambles.pop().replace(
        "\\usepackage{amssymb}\n",
        "\\usepackage{amssymb}\n"
        + "".join(sorted(theorems, key=lambda line: (not line.startswith("\\usepackage"), line))),
        1,
    )
    batches = {
        "fragments": HOST + "\n".join(fragments) + "\n\\end{document}\n",
        "standalone": common + "\\begin{document}\n" + "\n".join(parts) + "\n\\end{document}\n",
    }
    for name, text in batches.items():
        (tmp / f"{name}.tex").write_text(text, encoding="utf-8")
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda name: compile_tex(tmp / f"{name}.tex", tmp), batches))
    return {pdf.stem: pdf.with_suffix(".log").read_text(encoding="latin-1") for pdf in pdfs}


@pytest.mark.parametrize("batch", ["fragments", "standalone"])
def test_no_generated_document_has_a_line_running_into_the_margin(typeset, batch):
    assert complaints(typeset[batch]) == []


def test_every_variant_was_typeset(typeset):
    # identical documents are typeset once (a theorem that ignores the rule or the steps)
    for log in typeset.values():
        names = [line for line in log.splitlines() if line.startswith("VARIANT ")]
        for theorem in derive_theorems():
            for style in ("answer", "notes", "brief"):
                assert any(
                    name.startswith(f"VARIANT {theorem} --rule ")
                    and name.endswith(f" --style {style}")
                    for name in names
                ), (theorem, style)
        zero_init = [name for name in names if name.startswith("VARIANT zero-init ")]
        assert len(zero_init) >= 2 * 3 * len(STEPS)  # every rule, bias and K of the answer


def test_the_theorems_are_read_from_the_derive_command():
    assert {"zero-init", "nonzero-init"} <= set(derive_theorems())

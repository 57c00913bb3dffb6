"""``etaproof derive --style``: lecture notes (a Theorem with its Proof, numbered chains the
prose cites, nothing about where the question came from), the brief form, and the default
Q&A answer, unchanged."""

from __future__ import annotations

import re

import pytest

from proofs.commands.derive import build_document, render
from proofs.commands.main import main
from proofs.documents.styles import STYLES, UnknownStyle, check_style
from symbolic.derivations.document import Chain, Document, EquationRef, Paragraph, Theorem

THEOREMS = ["zero-init", "nonzero-init", "scaling-law", "hidden-symmetry"]
ORIGIN = re.compile(r"seed|commenter|the question|answers? ", re.IGNORECASE)


def latex(theorem: str, style: str) -> str:
    return render(build_document(theorem, 2, style=style), "latex", standalone=True)


@pytest.mark.parametrize("theorem", THEOREMS)
def test_notes_set_a_theorem_with_its_proof_and_numbered_chains_the_prose_cites(theorem):
    tex = latex(theorem, "notes")
    assert "\\usepackage{amsthm}" in tex and "\\newtheorem{theorem}{Theorem}" in tex
    assert "\\begin{theorem}" in tex and tex.count("\\begin{proof}") >= 1
    assert tex.count("\\begin{proof}") == tex.count("\\end{proof}")
    tags = [int(t) for t in re.findall(r"(?:\\quad |\\tag\*\{)\((\d+)\)\}", tex)]
    chains = [b for b in build_document(theorem, 2, style="notes").blocks if isinstance(b, Chain)]
    assert tags == list(range(1, len(chains) + 1))  # every chain numbered, in order
    cited = [int(n) for n in re.findall(r"\\textup\{\((\d+)\)\}", tex)]
    assert cited and set(cited) <= set(tags)


@pytest.mark.parametrize("theorem", THEOREMS)
def test_a_chains_number_comes_last_never_above_a_reason(theorem):
    """The number "(n)" ends the tag of the chain's last row: no reason sits under it."""
    tex = latex(theorem, "notes")
    number = re.compile(r"(?:\\quad |\\tag\*\{)\((\d+)\)\}")
    blocks = re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", tex, re.S)
    numbered = [block for block in blocks if number.search(block)]
    assert len(numbered) == len(number.findall(tex)) > 0  # one number per chain
    for block in numbered:
        rows = block.split("\n")
        assert number.search(rows[-1]) and not any(number.search(row) for row in rows[:-1])


def test_a_lemma_shown_in_a_numbered_chain_above_is_cited_by_its_number():
    """ "by (n)", n an earlier chain, where the answer style spells the lemma out."""
    notes, answer = latex("hidden-symmetry", "notes"), latex("hidden-symmetry", "answer")
    assert "shown above" in answer
    assert "shown above" not in notes
    chains = re.findall(r"\\begin\{align\*\}\n(.*?)\n\\end\{align\*\}", notes, re.S)
    cited = 0
    for number, block in enumerate(chains, start=1):
        for earlier in re.findall(r"by \((\d+)\)", block):
            assert int(earlier) < number
            cited += 1
    assert cited > 0


@pytest.mark.parametrize("theorem", THEOREMS)
@pytest.mark.parametrize("style", ["notes", "brief"])
def test_notes_and_brief_never_mention_where_the_question_came_from(theorem, style):
    for fmt in ("latex", "markdown", "text"):
        text = render(build_document(theorem, 2, style=style), fmt)
        assert not ORIGIN.search(text), (fmt, ORIGIN.search(text))


@pytest.mark.parametrize("theorem", THEOREMS)
def test_brief_is_the_theorem_and_its_induction_only(theorem):
    notes = build_document(theorem, 2, style="notes")
    brief = build_document(theorem, 2, style="brief")
    assert isinstance(next(b for b in brief.blocks if isinstance(b, Theorem)), Theorem)
    assert len(brief.blocks) < len(notes.blocks)
    assert "written out" not in render(brief, "text")


@pytest.mark.parametrize("theorem", THEOREMS)
def test_the_answer_style_is_the_default_and_keeps_its_origin(theorem):
    default = build_document(theorem, 2)
    assert render(default, "latex") == render(build_document(theorem, 2, style="answer"), "latex")
    assert not any(isinstance(b, Theorem) for b in default.blocks)
    assert "\\begin{proof}" not in render(default, "latex")
    assert "\\tag{" not in render(default, "latex")


def test_markdown_and_text_number_the_chains_too():
    document = build_document("scaling-law", 2, style="notes")
    markdown, text = render(document, "markdown"), render(document, "text")
    assert "**Theorem.**" in markdown and "\\tag{1}" in markdown and "*Proof.*" in markdown
    assert text.startswith(document.title) and "Theorem. Train a perceptron" in text
    assert "   (1)" in text and "∎" in text


def test_a_reference_to_a_chain_the_document_does_not_number_is_refused():
    chains = [b for b in build_document("scaling-law", 2).blocks if isinstance(b, Chain)]
    with pytest.raises(ValueError, match="by number"):
        Document("T", (Paragraph(("by ", EquationRef(chains[0].derivation))),))
    with pytest.raises(ValueError, match="by number"):  # numbered, but not that chain
        Document("T", (chains[1], Paragraph((EquationRef(chains[0].derivation),))), numbered=True)


def test_an_unknown_style_is_refused(capsys):
    assert STYLES == ("answer", "notes", "brief")
    with pytest.raises(UnknownStyle, match="must be one of answer, notes, brief"):
        check_style("lecture")
    with pytest.raises(SystemExit) as exit_:
        main(["derive", "zero-init", "--style", "lecture"])
    assert exit_.value.code == 2
    assert "invalid choice: 'lecture'" in capsys.readouterr().err


@pytest.mark.parametrize("theorem", THEOREMS)
@pytest.mark.parametrize("style", ["notes", "answer"])
def test_markdown_sets_one_style_of_reasons_per_page(theorem, style):
    """Every reason beside its step (``&&``) or every reason under it (its own row): never
    both on one page."""
    markdown = render(build_document(theorem, 2, style=style), "markdown")
    beside = markdown.count(" && \\textstyle")
    below = len(re.findall(r"^&\\qquad \\textstyle", markdown, re.M))
    assert beside + below > 0
    assert beside == 0 or below == 0, (beside, below)


def test_notes_write_out_the_first_step_and_say_the_later_ones_were_checked():
    """Lecture notes print step 1 of hidden-symmetry and one sentence for steps 2 … K (each
    still built and verified); the answer prints every step."""
    notes = render(build_document("hidden-symmetry", 3, style="notes"), "text")
    answer = render(build_document("hidden-symmetry", 3, style="answer"), "text")
    assert "The first step, written out" in notes and "Step 2:" not in notes
    assert "Steps 2 and 3 are the same chains with k one higher" in notes
    assert all(f"Step {k}:" in answer for k in (1, 2, 3))

"""The committed proofs/*.tex are fresh and compile; a derived document compiles; the
document grows linearly with the number of steps; its names are the trace's quantities."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_tool

from proofs.commands.build_proofs import DOCUMENTS, PROOFS_DIR, stale_proofs
from proofs.commands.derive import build_document
from proofs.commands.main import main
from proofs.commands.pdf import compile_tex
from proofs.documents.zero_init import cross_check
from symbolic.derivations.document import Chain
from symbolic.perceptron.notation import PerceptronNotation


def test_every_committed_document_is_fresh():
    assert stale_proofs() == [], "regenerate with: python -m proofs.commands.build_proofs"


def test_a_stale_document_is_reported(tmp_path):
    for name in DOCUMENTS:
        (tmp_path / name).write_text((PROOFS_DIR / name).read_text(encoding="utf-8"))
    (tmp_path / "zero_init.tex").write_text("% edited by hand\n")
    assert stale_proofs(tmp_path) == ["zero_init.tex"]


def test_committed_documents_are_plain_ascii_latex_with_amsmath_only():
    for name in DOCUMENTS:
        text = (PROOFS_DIR / name).read_text(encoding="utf-8")
        assert text.isascii(), name
        packages = {line for line in text.splitlines() if line.startswith(r"\usepackage")}
        assert packages == {r"\usepackage{amsmath}", r"\usepackage{amssymb}"}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_committed_document_compiles(name, tmp_path):
    require_tool("pdflatex")
    pdf = compile_tex(PROOFS_DIR / name, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    log = pdf.with_suffix(".log").read_text(errors="replace")
    assert "Overfull \\hbox" not in log, f"{name} has a line that runs off the page"


def test_the_derived_two_step_document_compiles(tmp_path, capsys):
    require_tool("pdflatex")
    out = tmp_path / "X.tex"
    argv = ["derive", "zero-init", "--steps", "2", "--format", "latex", "--standalone"]
    assert main([*argv, "--out", str(out)]) == 0
    assert compile_tex(out, tmp_path / "pdf").is_file()


def test_the_document_grows_linearly_with_the_number_of_steps():
    sizes = {k: len(build_document("zero-init", k).to_latex()) for k in (4, 8, 16)}
    assert sizes[16] / sizes[8] < 2.5
    assert sizes[8] / sizes[4] < 2.5
    assert sizes[16] - sizes[8] < 2.2 * (sizes[8] - sizes[4])


def test_every_chain_in_a_document_is_verified():
    for theorem in ("zero-init", "nonzero-init"):
        chains = [b for b in build_document(theorem, 2).blocks if isinstance(b, Chain)]
        assert chains and all(chain.derivation.is_verified for chain in chains)


@pytest.mark.parametrize("rule", ["rosenblatt", "zero-one", "mistake-driven"])
def test_the_named_updates_are_the_traces_updates_in_coordinates(rule):
    assert cross_check(PerceptronNotation.of(rule), 3, d=2, bias=False) == 3


def test_the_proofs_directory_is_inside_the_package():
    assert PROOFS_DIR == Path(__file__).resolve().parents[2] / "proofs"

"""``etaproof derive`` and ``etaproof pdf`` on the command line: output, verdict, bad input."""

from __future__ import annotations

import pytest

from proofs.commands.main import main


def run(argv, capsys):
    try:
        status = main(argv)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def test_derive_zero_init_prints_readable_text_with_the_verdict(capsys):
    status, out, err = run(["derive", "zero-init"], capsys)
    assert status == 0 and err == ""
    assert "Δw⁽²⁾ = η (y⁽²⁾ - ŷ⁽²⁾) x⁽²⁾" in out
    assert out.rstrip().splitlines()[-1].startswith("Verdict: HOLDS")


def test_derive_nonzero_init_shows_two_rates_that_predict_differently(capsys):
    status, out, _ = run(["derive", "nonzero-init", "--format", "markdown"], capsys)
    assert status == 0
    assert r"\eta^{*} = \frac{1}{2}" not in out  # inline math folds fractions
    assert r"$\eta^{*} = 1 / 2$" in out
    assert "| $1$ | $1$ | $-1$ | $1$ |" in out


def test_derive_writes_the_file_given_with_out(tmp_path, capsys):
    target = tmp_path / "proof.md"
    status, out, _ = run(
        ["derive", "zero-init", "--format", "markdown", "--out", str(target)], capsys
    )
    assert status == 0
    assert out.startswith(f"wrote {target}")
    assert target.read_text(encoding="utf-8").startswith("# Why the learning rate")


def test_latex_is_a_fragment_unless_standalone(capsys):
    _, fragment, _ = run(["derive", "zero-init", "--steps", "1", "--format", "latex"], capsys)
    _, standalone, _ = run(
        ["derive", "zero-init", "--steps", "1", "--format", "latex", "--standalone"], capsys
    )
    assert r"\documentclass" not in fragment and r"\begin{align*}" in fragment
    assert standalone.startswith(r"\documentclass") and standalone.endswith("\\end{document}\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--steps", "0"], "argument --steps: '0' must be at least 1"),
        (["--steps", "-1"], "argument --steps: '-1' must be at least 1"),
        (["--steps", "abc"], "argument --steps: 'abc' is not a whole number"),
        (["--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (["--out", "FILE/x.tex"], "its parent"),
        (["--out", "MISSING/x.tex"], "does not exist"),
        (["--steps", "99999999999"], "argument --steps: '99999999999' must be at most 1000"),
        (["--dim", "100000"], "argument --dim: '100000' must be at most 50"),
        (["--dim", "0"], "argument --dim: '0' must be at least 1"),
        (["--standalone"], "--standalone makes a complete LaTeX file: use it with --format latex"),
        (["--standalone", "--format", "markdown"], "use it with --format latex"),
    ],
)
def test_bad_input_gives_one_clear_line_and_exit_2(argv, message, tmp_path, capsys):
    (tmp_path / "FILE").write_text("a regular file")
    argv = [a.replace("FILE", str(tmp_path / "FILE")) for a in argv]
    argv = [a.replace("MISSING", str(tmp_path / "missing")) for a in argv]
    status, out, err = run(["derive", "zero-init", *argv], capsys)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_pdf_without_pdflatex_says_so_in_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    status, _, err = run(["pdf", "--out", str(tmp_path / "pdf")], capsys)
    assert status == 2
    assert err.strip() == (
        "etaproof pdf: error: pdflatex is not installed; install TeX Live "
        "(apt-get install texlive-latex-base texlive-latex-recommended) and run again"
    )


def test_bias_is_refused_for_the_nonzero_init_theorem(capsys):
    status, out, err = run(["derive", "nonzero-init", "--bias"], capsys)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "--bias applies to zero-init only" in err


def test_nonzero_init_help_says_what_dim_and_steps_affect(capsys):
    _, out, _ = run(["derive", "--help"], capsys)
    assert "critical_learning_rate" in " ".join(out.split())
    assert "rows of the example's table" in " ".join(out.split())


def test_nonzero_init_names_the_dimension_of_its_cross_check(capsys):
    _, two, _ = run(["derive", "nonzero-init"], capsys)
    _, three, _ = run(["derive", "nonzero-init", "--dim", "3"], capsys)
    assert "d = 2" in two and "d = 3" in three


def test_build_proofs_help_describes_the_command(capsys):
    _, out, _ = run(["build-proofs", "--help"], capsys)
    assert "Regenerate the proof documents" in out


def test_build_proofs_refuses_to_write_into_an_installed_package(monkeypatch, tmp_path, capsys):
    from proofs.commands import build_proofs as build

    installed = tmp_path / "site-packages" / "proofs"
    installed.mkdir(parents=True)
    monkeypatch.setattr(build, "PROOFS_DIR", installed)
    status, out, err = run(["build-proofs"], capsys)
    assert status == 2 and out == ""
    assert "not a source checkout" in err and "--out" in err
    assert list(installed.iterdir()) == []


def test_build_proofs_writes_into_the_directory_given_with_out(tmp_path, capsys):
    from proofs.commands.build_proofs import DOCUMENTS, stale_proofs

    status, out, _ = run(["build-proofs", "--out", str(tmp_path / "docs")], capsys)
    assert status == 0 and out.count("wrote ") == len(DOCUMENTS)
    assert stale_proofs(tmp_path / "docs") == []


def test_a_pdflatex_that_hangs_is_one_line_and_exit_2(monkeypatch, tmp_path, capsys):
    import subprocess

    from proofs.commands import pdf as pdf_command

    def hang(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs.get("timeout"))

    monkeypatch.setattr(pdf_command, "pdflatex", lambda: "pdflatex")
    monkeypatch.setattr(pdf_command.subprocess, "run", hang)
    status, _, err = run(["pdf", "--out", str(tmp_path / "pdf")], capsys)
    assert status == 2
    assert len(err.strip().splitlines()) == 1
    assert "pdflatex took longer than" in err

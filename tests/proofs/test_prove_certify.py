"""``etaproof prove --certify OUT.v``: one line; a certificate is written only for a rule the
prover proves, in ℚ arithmetic, that Coq's kernel accepts (exit 0); a refuted rule exits 1, an
undecided one, one outside ℚ (√, exp, …) or one whose certificate the kernel rejects exits 3,
and nothing is written; bad input is one line on stderr, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_tool

from proofs.commands import coq_project, main, prove

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "proofs" / "rules"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main.main(args)
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def certify(rule: list[str], out: Path, capsys) -> tuple[int, str, str]:
    return run_cli(["prove", *rule, "--certify", str(out)], capsys)


@pytest.mark.heavy  # compiles the development and the certificate: about 15 s
def test_the_decoupled_decay_rule_file_gets_a_certificate_the_kernel_checked(tmp_path, capsys):
    require_tool("coqc")
    out = tmp_path / "weight_decay.v"
    code, printed, err = certify(["--rule-file", str(RULES / "weight_decay.toml")], out, capsys)
    assert (code, err) == (0, "")
    lines = printed.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"wrote {out}: the Coq certificate of rule 'weight-decay', checked by coqc "
    )
    assert lines[0].endswith(
        "against proofs/coq: weight_decay_zero_init, weight_decay_zero_init_every_step, "
        "weight_decay_scaling_symmetry, weight_decay_runs_as_etaproof closed under the global "
        "context (scaling exponent a = 1)"
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith(
        "(** * Certificate: rule 'weight-decay' (" + str(RULES / "weight_decay.toml") + ")"
    )
    assert "Theorem weight_decay_zero_init :" in text


@pytest.mark.heavy
def test_a_catalogue_rule_of_several_vectors_is_certified_by_name(tmp_path, capsys):
    require_tool("coqc")
    code, printed, _ = certify(["kernel-dual"], tmp_path / "kernel.v", capsys)
    assert code == 0 and printed.count("\n") == 1, printed
    assert "Definition kernel_dual : rule" in (tmp_path / "kernel.v").read_text()


def test_a_rule_with_a_square_root_exits_3_with_one_line(tmp_path, capsys):
    out = tmp_path / "normalised.v"
    code, printed, err = certify(["--rule-file", str(RULES / "normalised.toml")], out, capsys)
    assert (code, err) == (3, "")
    assert printed == (
        "not certified: rule 'normalised' is outside ℚ arithmetic: its update of w (the "
        "coefficient of x) uses √ (in 1/sqrt(dot(x, x))); a Coq certificate covers +, −, ×, "
        "whole powers, division by a non-zero number, φ, dot products and exact numbers\n"
    )
    assert not out.exists()


def test_a_refuted_rule_gets_no_certificate_and_exit_1(tmp_path, capsys):
    """Adaline is in ℚ arithmetic, but η matters from zero: the verdict, one line, no file."""
    out = tmp_path / "adaline.v"
    code, printed, err = certify(["--rule-file", str(RULES / "adaline.toml")], out, capsys)
    assert (code, err) == (1, "")
    assert printed.startswith("not certified: refuted: rule 'adaline': on X = ")
    assert printed.count("\n") == 1 and not out.exists()


@pytest.mark.heavy  # the search for a counterexample is exhaustive: about 20 s
def test_an_undecided_rule_gets_no_certificate_and_exit_3(tmp_path, capsys):
    rule = tmp_path / "square.toml"
    rule.write_text(
        'decision = "phi(dot(w, x))"\n'
        'update = "eta * (y - phi(dot(w, x))) * x + (y**2 - 1) * dot(w, x)**2 * x"\n'
    )
    out = tmp_path / "square.v"
    code, printed, err = certify(["--rule-file", str(rule)], out, capsys)
    assert (code, err) == (3, "")
    assert printed.startswith("not certified: undecided: rule 'square'")
    assert printed.count("\n") == 1 and not out.exists()


def test_without_coqc_the_certificate_is_written_but_not_certified(tmp_path, capsys, monkeypatch):
    """Review: an unchecked certificate exited 0, as a checked one does; a script using && was
    fooled.  It is written (to check elsewhere), marked so inside, and exits 3."""
    monkeypatch.setattr(coq_project.shutil, "which", lambda name: None)
    out = tmp_path / "weight_decay.v"
    code, printed, err = certify(["--rule-file", str(RULES / "weight_decay.toml")], out, capsys)
    assert (code, err) == (3, "")
    assert printed == (
        f"not certified: wrote {out}: the Coq certificate of rule 'weight-decay', but could not "
        "check it (coqc is not installed: apt-get install coq)\n"
    )
    text = out.read_text(encoding="utf-8")
    assert text.startswith("(* NOT CHECKED") and text.endswith("vm_compute; reflexivity. Qed.\n")


def test_a_certify_path_in_a_missing_folder_names_certify(tmp_path, capsys):
    out = tmp_path / "nowhere" / "weight_decay.v"
    code, _, err = certify(["--rule-file", str(RULES / "weight_decay.toml")], out, capsys)
    assert code == 2 and "--certify" in err and "--out" not in err


@pytest.mark.heavy
def test_a_certificate_the_kernel_rejects_is_reported_and_not_written(
    tmp_path, capsys, monkeypatch
):
    """The generator is untrusted: should it ever write a wrong proof, the kernel's verdict
    decides.  Here its output is tampered with (the decay made to grow with η)."""
    require_tool("coqc")
    honest = prove.certificate

    def tampered(*args, **kwargs):
        made = honest(*args, **kwargs)
        bad = made.text.replace("  (-1 # 10).", "  (- (eta * (1 # 10))).")
        assert bad != made.text
        return type(made)(made.rule, made.name, made.module, bad, made.theorems)

    monkeypatch.setattr(prove, "certificate", tampered)
    out = tmp_path / "weight_decay.v"
    code, printed, err = certify(["--rule-file", str(RULES / "weight_decay.toml")], out, capsys)
    assert (code, err) == (3, "")
    assert printed.startswith(
        "not certified: the kernel rejected the certificate of rule 'weight-decay' (coqc "
        "rejected weight_decay.v, line "
    )
    assert printed.endswith("; nothing written\n") and printed.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--rule-file", "R", "--certify", "weight-decay.v"], "is not a Coq module name"),
        (["--rule-file", "R", "--certify", "Training.v"], "has the name of a module"),
        (["--rule-file", "R", "--certify", "w.txt"], "must be a Coq file name ending in .v"),
        (["--rule-file", "R", "--certify", "w.v", "--out", "doc.txt"], "prints one line"),
        (["--rule-file", "R", "--certify", "missing/w.v"], "does not exist"),
        (["negative-rate", "--certify", "w.v"], "is a catalogue entry of kind 'sign'"),
    ],
)
def test_bad_certify_input_is_one_line_on_stderr_and_exit_2(args, shown, tmp_path, capsys):
    rule = str(RULES / "weight_decay.toml")
    argv = [rule if a == "R" else str(tmp_path / a) if a.endswith((".v", ".txt")) else a
            for a in args]  # fmt: skip
    code, printed, err = run_cli(["prove", *argv], capsys)
    assert (code, printed) == (2, "")
    assert err.count("\n") == 1 and shown in err, err
    assert not list(tmp_path.glob("*.v"))

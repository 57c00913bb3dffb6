"""What every command shares: --version, Ctrl-C as exit 130 in one line, JSON errors as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import proofs
from proofs.commands import derive
from proofs.commands.main import INTERRUPTED, main

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_pyprojects(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    declared = re.search(r'^version = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert declared and capsys.readouterr().out == f"etaproof {declared.group(1)}\n"
    assert proofs.__version__ == declared.group(1)


def test_ctrl_c_is_exit_130_and_one_line(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(derive, "run", interrupted)
    assert main(["derive", "zero-init"]) == INTERRUPTED == 130
    err = capsys.readouterr().err
    assert err == "etaproof derive: interrupted\n"


def test_an_error_with_format_json_is_also_json_on_stdout(tmp_path, capsys):
    missing = tmp_path / "missing.toml"
    assert main(["prove", "--rule-file", str(missing), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["command"] == "prove" and "does not exist" in data["error"]
    assert err.count("\n") == 1 and "does not exist" in err


def test_claims_writes_the_file_given_with_out(tmp_path, capsys):
    target = tmp_path / "claims.md"
    assert main(["claims", "--format", "markdown", "--out", str(target)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {target}")
    assert "one neuron in every layer" in target.read_text()


def test_a_plot_into_a_missing_folder_names_plot(tmp_path, capsys):
    target = tmp_path / "nowhere" / "phases.png"
    assert main(["phase", "--data", "iris", "--w0", "zero", "--plot", str(target)]) == 2
    assert "--plot" in capsys.readouterr().err


def test_the_figures_never_go_into_an_installed_package(monkeypatch, capsys):
    from proofs import plots

    monkeypatch.setattr(plots, "in_source_checkout", lambda: False)
    assert plots.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out DIR" in err

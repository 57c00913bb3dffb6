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

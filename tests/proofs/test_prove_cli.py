"""``etaproof prove``: exit 0 proved, 1 refuted (the counterexample and the ``etaproof check``
line that reproduces it), 3 undecided, 2 bad input with one line on stderr; and
``etaproof check --rule-file``, run by :func:`proofs.commands.rule_file.check_rule_file`."""

from __future__ import annotations

import argparse
import json
import shlex
from pathlib import Path

import pytest

from proofs.commands import check, main
from proofs.commands.rule_file import check_rule_file

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "proofs" / "rules"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main.main(args)
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def check_parser() -> argparse.ArgumentParser:
    """``check``'s parser with ``--rule-file`` (added here until check.py has it)."""
    parser = argparse.ArgumentParser(prog="etaproof")
    commands = parser.add_subparsers(dest="command")
    check.add_parser(commands)
    sub = commands.choices["check"]
    if not any("--rule-file" in action.option_strings for action in sub._actions):
        sub.add_argument("--rule-file", metavar="FILE.py")
    return parser


def run_check(args: list[str], capsys) -> tuple[int, str, str]:
    parsed = check_parser().parse_args(["check", *args])
    try:
        code = check_rule_file(parsed)
    except ValueError as error:  # as main does
        print(f"etaproof check: error: {error}", file=__import__("sys").stderr)
        code = 2
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_decoupled_weight_decay_file_is_proved(capsys):
    code, out, err = run_cli(["prove", "--rule-file", str(RULES / "weight_decay.toml")], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("proved: with w⁽⁰⁾ = 0, η only scales the state of rule 'weight-decay'")
    assert "Induction step" in out and "[induction hypothesis" in out


def test_the_l2_penalty_file_is_refuted_with_a_command_that_reproduces_it(
    capsys, tmp_path, monkeypatch
):
    code, out, err = run_cli(["prove", "--rule-file", str(RULES / "l2_penalty.toml")], capsys)
    assert (code, err) == (1, "")
    assert out.startswith("refuted: rule 'l2-penalty'")
    line = next(line for line in out.splitlines() if line.startswith("Reproduce it with: "))
    command = line.removeprefix("Reproduce it with: ")
    writes, checks = command.split(" && ")
    printf = shlex.split(writes)
    assert printf[0] == "printf" and printf[2] == ">"
    monkeypatch.chdir(tmp_path)
    Path(printf[3]).write_text(printf[1].replace("\\n", "\n"))
    argv = shlex.split(checks)
    assert argv[:2] == ["etaproof", "check"]
    code, out, err = run_check(argv[2:], capsys)
    assert (code, err) == (1, "")
    assert "not invariant: at step" in out


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("rosenblatt", 0),
        ("multiclass", 0),
        ("adaline", 1),
        ("negative-rate", 1),
        ("sklearn-tol", 1),
    ],
)
def test_a_catalogue_rule_is_proved_by_name(name, status, capsys):
    code, out, err = run_cli(["prove", name], capsys)
    assert (code, err) == (status, "")
    assert out.split(":")[0] == ("proved" if status == 0 else "refuted")


@pytest.mark.heavy  # the search for a counterexample is exhaustive: about 20 s
def test_an_undecided_rule_exits_3(tmp_path, capsys):
    path = write(tmp_path, "square.toml", (
        'decision = "phi(dot(w, x))"\n'
        'update = "eta * (y - phi(dot(w, x))) * x + (y**2 - 1) * dot(w, x)**2 * x"\n'
    ))  # fmt: skip
    code, out, err = run_cli(["prove", "--rule-file", str(path)], capsys)
    assert (code, err) == (3, "")
    assert out.startswith("undecided: rule 'square': the update condition fails")


@pytest.mark.parametrize("fmt", ["markdown", "latex", "json"])
def test_every_format_prints_the_verdict(fmt, capsys):
    code, out, _ = run_cli(["prove", "threshold", "--format", fmt], capsys)
    assert code == 1
    if fmt == "json":
        report = json.loads(out)
        assert report["status"] == "refuted" and report["counterexample"]["step"] >= 1
        assert report["check_command"].startswith("printf ")
        assert "proofs/rules/threshold.toml" in report["check_command"]
    else:
        assert "counterexample" in out.lower()


def test_latex_standalone_is_a_complete_file(tmp_path, capsys):
    out = tmp_path / "p.tex"
    argv = ["prove", "rosenblatt", "--format", "latex", "--standalone", "--out", str(out)]
    code, _, err = run_cli(argv, capsys)
    assert (code, err) == (0, "")
    text = out.read_text()
    assert text.startswith("\\documentclass") and text.isascii()


RULE = "from symbolic import phi\ndef decision(w, x):\n    return phi(w.dot(x))\n"
UPDATE = "def update(w, x, y, eta):\n    return eta * (y - phi(w.dot(x))) * x\n"


TOML = 'decision = "phi(dot(w, x))"\nupdate = "eta * (y - phi(dot(w, x))) * x"\n'
CODE = ["--allow-code"]


@pytest.mark.parametrize(
    ("files", "extra", "shown"),
    [
        ({"r.py": RULE}, CODE, "does not define update(…)"),
        ({"r.py": "x = 1\n"}, CODE, "does not define decision(…) and update(…)"),
        ({"r.py": RULE + "def update(w, x, y, eta):\n    return 1 / 0\n"}, CODE,
         "ZeroDivisionError"),
        ({"r.py": RULE + "def update(w, x, y, eta):\n    return eta * x.T\n"}, CODE,
         "reads 'T' of a vector"),
        ({"r.py": RULE + "def update(w, x, y, eta):\n    return eta\n"}, CODE, "as a vector"),
        ({"r.py": RULE + UPDATE + "LABELS = (-1, 1j)\n"}, CODE, "must be real numbers"),
        ({"r.py": RULE + UPDATE + "LABELS = ('a', 'b')\n"}, CODE, "must be real numbers"),
        ({"r.py": RULE + UPDATE + "LABELS = (1,)\n"}, CODE, "at least two different"),
        ({"r.py": "def decision(w, x) return 1\n"}, CODE, "line 1"),
        ({"r.py": "import no_such_module_here\n"}, CODE, "ModuleNotFoundError"),
        ({"r.py": RULE + UPDATE}, [], "--allow-code"),
        ({"r.txt": RULE + UPDATE}, [], "must be a .toml file"),
        ({"r.toml": TOML.replace("update", "updte")}, [], "did you mean 'update'?"),
        ({"r.toml": TOML + "labels = ['a', 1]\n"}, [], "must be real numbers"),
        ({"r.toml": TOML.replace("phi(dot", "phy(dot")}, [], "'phy(dot(w, x))' is not allowed"),
        ({"r.toml": "decision = 1\n"}, [], "must be a formula written as a string"),
        ({"r.toml": "decision = [\n"}, [], "not valid TOML"),
        ({}, [], "does not exist"),
        ({"r.toml": TOML}, ["adaline"], "exactly one of them"),
        ({}, ["nosuch"], "must be one of the catalogue's rules"),
        ({"r.toml": TOML}, ["--format", "text", "--standalone"], "--standalone"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_on_stderr_and_exit_2(files, extra, shown, tmp_path, capsys):
    for name, text in files.items():
        write(tmp_path, name, text)
    name = next(iter(files), "missing.toml")
    argv = ["prove", *extra] if extra and extra[0] == "nosuch" else [
        "prove", "--rule-file", str(tmp_path / name), *extra
    ]  # fmt: skip
    code, out, err = run_cli(argv, capsys)
    assert code == 2, out
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("etaproof prove: error: ")
    assert shown in err
    assert "Traceback" not in err


def test_neither_a_rule_nor_a_file_is_a_usage_error(capsys):
    code, _, err = run_cli(["prove"], capsys)
    assert code == 2 and "exactly one of them" in err


def test_the_help_says_a_toml_rule_runs_nothing_and_code_needs_allow_code(capsys):
    with pytest.raises(SystemExit):
        main.main(["prove", "--help"])
    out = capsys.readouterr().out
    assert "nothing in it runs" in out and "--allow-code" in out and "--timeout" in out


# -- etaproof check --rule-file ---------------------------------------------------------------


DATA = "1,1\n-1,-1\n2,-1\n"


@pytest.mark.parametrize(
    ("file", "status", "words"),
    [("weight_decay.toml", 0, "invariant: the predictions are identical"),
     ("l2_penalty.toml", 1, "not invariant: at step")],
)  # fmt: skip
def test_check_runs_a_rule_file_on_a_csv(file, status, words, tmp_path, capsys):
    data = write(tmp_path, "d.csv", DATA)
    argv = ["--data", str(data), "--eta", "0.1,1,10", "--epochs", "3",
            "--rule-file", str(RULES / file)]  # fmt: skip
    code, out, err = run_check(argv, capsys)
    assert (code, err) == (status, "")
    assert words in out
    assert out.splitlines()[0].startswith(f"{data}: 3 samples, 1 feature(s), rule ")


def test_check_with_a_rule_file_takes_bias_initial_weights_and_json(tmp_path, capsys):
    data = write(tmp_path, "d.csv", DATA)
    w0 = write(tmp_path, "w0.csv", "1,-1\n")
    argv = ["--data", str(data), "--eta", "1,2", "--epochs", "2", "--bias", "--w0", str(w0),
            "--json", "--rule-file", str(RULES / "weight_decay.toml")]  # fmt: skip
    code, out, err = run_check(argv, capsys)
    report = json.loads(out)
    assert err == "" and code == (0 if report["invariant"] else 1)
    assert report["w0"] == ["1", "-1"] and report["bias"] is True
    assert report["arithmetic"] == "exact (rule file)"
    assert report["steps"] == 6


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["--eta", "0"], "--eta='0' must be a positive number"),
        (["--eta", "x"], "--eta='x' must be a positive number"),
        (["--eta", "1", "--epochs", "0"], "--epochs=0"),
        (["--eta", "1", "--w0", "W0"], "holds 1 numbers but rule 'weight-decay' has a state of 1"),
    ],
)
def test_check_with_a_rule_file_refuses_bad_input(argv, shown, tmp_path, capsys):
    data = write(tmp_path, "d.csv", DATA)
    argv = [a.replace("W0", str(write(tmp_path, "w0.csv", "1\n"))) for a in argv]
    full = ["--data", str(data), *argv, "--rule-file", str(RULES / "weight_decay.toml")]
    if shown.startswith("holds"):
        full.append("--bias")
        shown = "holds 1 numbers but rule 'weight-decay' has a state of 2"
    code, _, err = run_check(full, capsys)
    assert code == 2 and shown in err


def test_check_with_a_rule_file_reads_the_rules_labels(tmp_path, capsys):
    data = write(tmp_path, "d.csv", "1,0\n-1,2\n")
    argv = ["--data", str(data), "--eta", "1", "--rule-file", str(RULES / "multiclass.toml")]
    code, _, err = run_check(argv, capsys)
    assert (code, err) == (0, "")
    bad = write(tmp_path, "e.csv", "1,3\n")
    argv[1] = str(bad)
    code, _, err = run_check(argv, capsys)
    assert code == 2 and "must be one of [0, 1, 2]" in err

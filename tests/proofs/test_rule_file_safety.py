"""Rule files are data: a .toml formula can run nothing, a .py file runs only with
--allow-code (in a child process, stopped by --timeout), and what ``prove`` proves is what
``check`` runs, for every dimension."""

from __future__ import annotations

from pathlib import Path

import pytest

from proofs.commands import main
from proofs.rule_files import load_rule_file, read_rule_text, rule_toml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "proofs" / "rules"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main.main(args)
    except SystemExit as exit:
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# Each of these would touch the marker file if anything in it ran.
MALICIOUS = [
    "__import__('os').system('touch MARKER')",
    "open('MARKER', 'w').write('x')",
    "eval(\"open('MARKER', 'w')\")",
    "exec(\"open('MARKER', 'w')\")",
    "w.__class__.__init__.__globals__",
    "phi.__globals__['__builtins__']",
    "x[0]",
    "(lambda: open('MARKER', 'w'))()",
    "[open('MARKER', 'w') for _ in (1,)][0]",
    "getattr(w, 'x')",
    "phi(1) if open('MARKER', 'w') else 2",
    "f\"{open('MARKER', 'w')}\"",
    "(m := open('MARKER', 'w'))",
    "2 ** 10 ** 10",
    "dot(w, x, key=open('MARKER', 'w'))",
    "'touch MARKER'",
    "__builtins__",
    'sympify(\'open("MARKER", "w")\')',
]


@pytest.mark.parametrize("formula", MALICIOUS)
@pytest.mark.parametrize("key", ["decision", "update"])
def test_a_malicious_formula_is_refused_with_nothing_run(formula, key, tmp_path, capsys,
                                                          monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    formulas = {"decision": '"phi(dot(w, x))"', "update": '"eta * (y - phi(dot(w, x))) * x"'}
    formulas[key] = repr(formula) if "'" not in formula else '"' + formula.replace(
        '"', '\\"') + '"'  # fmt: skip
    rule = write(tmp_path / "r.toml", "".join(f"{k} = {v}\n" for k, v in formulas.items()))
    code, out, err = run_cli(["prove", "--rule-file", str(rule)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "r.toml" in err and key in err
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize(
    "extra",
    [
        "labels = [\"__import__('os').system('touch MARKER')\", 1]\n",
        "[constants]\nlam = \"__import__('os').system('touch MARKER')\"\n",
        'name = "x"\nsummary = 1\n',
    ],
)
def test_labels_and_constants_are_read_as_numbers_never_as_code(extra, tmp_path, capsys,
                                                                 monkeypatch):  # fmt: skip
    monkeypatch.chdir(tmp_path)
    text = 'decision = "phi(dot(w, x))"\nupdate = "eta * (y - phi(dot(w, x))) * x"\n' + extra
    rule = write(tmp_path / "r.toml", text)
    code, _, err = run_cli(["prove", "--rule-file", str(rule)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert not (tmp_path / "MARKER").exists()


PY_RULE = (
    "open('MARKER', 'w').write('ran')\n"
    "from symbolic import phi\n"
    "def decision(w, x):\n    return phi(w.dot(x))\n"
    "def update(w, x, y, eta):\n    return eta * (y - phi(w.dot(x))) * x\n"
)


@pytest.mark.parametrize("command", ["prove", "check"])
def test_a_python_rule_without_allow_code_is_refused_before_any_line_runs(
    command, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    rule = write(tmp_path / "r.py", PY_RULE)
    data = write(tmp_path / "d.csv", "1,0,-1\n0,1,1\n")
    argv = ["prove", "--rule-file", str(rule)] if command == "prove" else [
        "check", "--data", str(data), "--eta", "1,2", "--rule-file", str(rule)
    ]  # fmt: skip
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--allow-code" in err and ".toml" in err
    assert not (tmp_path / "MARKER").exists()
    # With --allow-code it runs (in a child process) and is proved.
    code, out, _ = run_cli([*argv, "--allow-code"], capsys)
    assert code == 0 and (tmp_path / "MARKER").read_text() == "ran"


def test_an_endless_python_rule_is_stopped_by_the_timeout(tmp_path, capsys):
    rule = write(tmp_path / "loop.py", "while True:\n    pass\n")
    argv = ["prove", "--rule-file", str(rule), "--allow-code", "--timeout", "1.5"]
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "ran for more than 1.5 s and was stopped" in err


BRANCH_ON_ETA = (
    "from symbolic import phi\n"
    "def decision(w, x):\n    return phi(w.dot(x))\n"
    "def update(w, x, y, eta):\n"
    "    if (eta - 10).is_positive:\n"
    "        return -eta * (y - phi(w.dot(x))) * x\n"
    "    return eta * (y - phi(w.dot(x))) * x\n"
)


def test_a_rule_that_branches_on_eta_is_proved_and_checked_as_one_formula(tmp_path, capsys):
    # Before, prove said "proved" while check ran the code and found η = 1 and η = 100
    # predicting differently at step 3 ([1, 1, -1, 1] against [1, 1, 1, 1], by hand in
    # Fractions).  Now the code is captured once: both prove and check use that formula.
    rule = write(tmp_path / "branch_eta_rule.py", BRANCH_ON_ETA)
    data = write(tmp_path / "d2.csv", "1,0,-1\n0,1,1\n")
    code, out, _ = run_cli(["prove", "--rule-file", str(rule), "--allow-code"], capsys)
    assert code == 0 and out.startswith("proved:")
    assert "η (y - φ(w·x)) x" in out  # the formula that was proved is printed
    argv = ["check", "--data", str(data), "--eta", "1,100", "--epochs", "2",
            "--rule-file", str(rule), "--allow-code"]  # fmt: skip
    code, out, _ = run_cli(argv, capsys)
    assert code == 0 and "invariant: the predictions are identical" in out


def test_a_rule_that_branches_on_the_dimension_is_refused(tmp_path, capsys):
    # Before: "proved ... for any data" after checking d = 2 only, while on X = [[2, 0, 0]],
    # y = [-1], η = 1/10 predicts [1, -1, -1] and η = 10 predicts [1, -1, 1].
    rule = write(tmp_path / "dim.py", (
        "from symbolic import phi\n"
        "def decision(w, x):\n    return phi(w.dot(x))\n"
        "def update(w, x, y, eta):\n"
        "    extra = -eta * w / 10 if x.rows >= 3 else 0 * w\n"
        "    return eta * (y - phi(w.dot(x))) * x + extra\n"
    ))  # fmt: skip
    code, out, err = run_cli(["prove", "--rule-file", str(rule), "--allow-code"], capsys)
    assert code == 2 and out == ""
    assert "reads 'rows' of a vector" in err and "whole vectors" in err


def test_the_same_rule_written_for_every_dimension_is_refuted_with_an_exact_witness(
    capsys, tmp_path
):
    # The honest version of the rule above (the decay always on) is not η-invariant.
    rule = write(tmp_path / "decay.toml", (
        'decision = "phi(dot(w, x))"\n'
        'update = "eta * (y - phi(dot(w, x))) * x - eta * w / 10"\n'
    ))  # fmt: skip
    code, out, _ = run_cli(["prove", "--rule-file", str(rule)], capsys)
    assert code == 1 and out.startswith("refuted:")


@pytest.mark.parametrize("path", sorted(RULES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_catalogue_rule_file_reads_back_from_its_own_printed_text(path):
    rule = load_rule_file(path)
    again = read_rule_text(rule_toml(rule), "printed", shown_as=rule.source)
    assert (again.name, again.labels, again.state, again.inputs) == (
        rule.name, rule.labels, rule.state, rule.inputs,
    )  # fmt: skip
    for a, b in zip((again.decision, *again.update), (rule.decision, *rule.update), strict=True):
        assert (a - b).expand() == 0


def test_every_verdict_says_which_dimensions_it_covers(capsys):
    code, out, _ = run_cli(["prove", "--rule-file", str(RULES / "weight_decay.toml")], capsys)
    assert code == 0 and "for every dimension d ≥ 1" in out.splitlines()[0]
    code, out, _ = run_cli(["prove", "adaline", "--format", "json"], capsys)
    assert code == 1 and '"dimensions": 1' in out


@pytest.mark.parametrize(
    ("lines", "shown"),
    [
        # Exponents of nested powers multiply: 15 to the 9th would hang check.
        ('decision = "phi((((dot(w, x)**15)**15)**15)**15)"\nupdate = "eta * x"\n',
         "multiply their exponents to at most 64"),
        ('decision = "phi(dot(w, x))"\nupdate = "eta * x * (1 + 0 * ((2**16)**16)**16)"\n',
         "multiply their exponents to at most 64"),
        ('decision = "phi(dot(w, x))"\nupdate = "k * eta * x"\n[constants]\nk = "1e999999999"\n',
         "exponent at most 100"),
        ('decision = "phi(dot(w, x))"\nupdate = "k * eta * x"\n[constants]\nk = "1/0"\n',
         "must be an exact real number"),
        ('decision = "phi(dot(w, x))"\nloss = "phi(dot(w, x))"\n', "has no derivative"),
    ],
)  # fmt: skip
def test_numbers_and_powers_that_would_hang_or_divide_by_zero_are_one_line(
    lines, shown, tmp_path, capsys
):
    rule = write(tmp_path / "r.toml", lines)
    code, out, err = run_cli(["prove", "--rule-file", str(rule)], capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and shown in err

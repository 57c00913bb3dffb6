"""Messages that help: each mistake a user makes gets one line that says what to write instead.

One parametrized table per kind of mistake: a misspelt inference rule (``because=``), a
misspelt ``--rule``, labels of another rule, a ``--w0`` one weight off because of ``--bias``,
a negative ``--eta`` list (which argparse takes for an option), and CSV files separated by
something other than commas.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sympy import Symbol

from proofs.commands import main as cli
from symbolic import Derivation, phi
from symbolic.errors import UnknownInferenceRule

DESIGN = "-0.3,-1\n1.6,-1\n1.3,-1\n0.6,1\n-2.2,-1\n0.1,-1\n0.7,-1\n"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(args)
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def files(tmp_path: Path, args: list[str], contents: dict[str, str]) -> list[str]:
    """``args`` with every name of ``contents`` written to a file in tmp_path and replaced by
    its path."""
    paths = {}
    for name, text in contents.items():
        paths[name] = tmp_path / name
        paths[name].write_text(text)
    return [str(paths[arg]) if arg in paths else arg for arg in args]


def one_error_line(code: int, out: str, err: str, command: str) -> None:
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"etaproof {command}: error: ")
    assert "Traceback" not in err


# -- because=: a misspelt rule name is refused, prose is not --------------------------------

ETA, Z = Symbol("eta", positive=True), Symbol("z", real=True)


@pytest.mark.parametrize(
    ("reason", "suggestion"),
    [
        ("positve-factor", "positive-factor"),
        ("positive factor", "positive-factor"),
        ("Zero init", "zero-init"),
        ("zero_init", "zero-init"),
        ("linearty", "linearity"),
        ("hypotesis", "hypothesis"),
        ("inducton", "induction"),
    ],
)
def test_a_misspelt_rule_name_says_which_rule_it_resembles(reason, suggestion):
    chain = Derivation(phi(ETA * Z, evaluate=False))
    with pytest.raises(UnknownInferenceRule) as caught:
        chain.step(phi(Z), because=reason)
    message = str(caught.value)
    assert f"did you mean {suggestion!r}?" in message
    assert message.startswith(f"because={reason!r} is not a rule name")
    assert caught.value.suggestion == suggestion and caught.value.value == reason
    assert isinstance(caught.value, ValueError)
    assert chain.steps == ()  # nothing was appended


@pytest.mark.parametrize(
    "reason",
    [
        "expand the square",
        "η is positive",
        "rearranging",
        "by symmetry",
        "factor",
        "Algebra",
        "by algebra",
    ],
)
def test_prose_reasons_are_still_checked_as_algebra(reason):
    # (z + 1)² = z² + 2z + 1 is algebra: the prose is kept after the word "algebra".
    chain = Derivation((Z + 1) ** 2).step(Z**2 + 2 * Z + 1, because=reason).verify()
    assert chain.steps[0].because.rule.name == "algebra"
    assert chain.steps[0].because.text == (reason,)


def test_a_correct_rule_name_is_the_rule():
    chain = Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), because="positive-factor")
    assert chain.verify().steps[0].because.rule.name == "positive-factor"


# -- --rule: one line with the closest name ----------------------------------------------------


@pytest.mark.parametrize("command", ["check", "phase"])
@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("rosenblat", "; did you mean 'rosenblatt'?"),
        ("Zero-One", "; did you mean 'zero-one'?"),
        ("mistake", "; did you mean 'mistake-driven'?"),
        ("adaline", ""),  # nothing close: no suggestion, only the list
    ],
)
def test_an_unknown_rule_suggests_the_closest_name(command, given, hint, tmp_path, capsys):
    args = files(tmp_path, [command, "--data", "d.csv", "--rule", given], {"d.csv": DESIGN})
    args += ["--eta", "1"] if command == "check" else ["--w0", "zero"]
    code, out, err = run_cli(args, capsys)
    one_error_line(code, out, err, command)
    assert err.endswith(
        f"argument --rule: invalid choice: {given!r}{hint} (choose from mistake-driven, "
        "rosenblatt, zero-one)\n"
    )


# -- labels of another rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "labels", "rule", "hint"),
    [
        ("check", "0,1", [], "the labels are 0 and 1: use --rule zero-one"),
        ("phase", "0,1", [], "the labels are 0 and 1: use --rule zero-one"),
        (
            "check",
            "0,1",
            ["--rule", "mistake-driven"],
            "the labels are 0 and 1: use --rule zero-one",
        ),
        (
            "check",
            "-1,1",
            ["--rule", "zero-one"],
            "the labels are -1 and 1: use --rule mistake-driven or --rule rosenblatt",
        ),
    ],
)
def test_labels_of_another_rule_name_that_rule(command, labels, rule, hint, tmp_path, capsys):
    first, second = labels.split(",")
    data = f"0.5,{first}\n-1,{second}\n"
    args = files(tmp_path, [command, "--data", "d.csv", *rule], {"d.csv": data})
    args += ["--eta", "1"] if command == "check" else ["--w0", "zero"]
    code, out, err = run_cli(args, capsys)
    one_error_line(code, out, err, command)
    assert "line 1 column 2 (label)=" in err  # still the place of the first bad label
    assert err.endswith(f"; {hint}\n")


def test_labels_no_rule_takes_get_no_rule_hint(tmp_path, capsys):
    args = files(tmp_path, ["check", "--data", "d.csv", "--eta", "1"], {"d.csv": "1,0\n2,2\n"})
    code, out, err = run_cli(args, capsys)
    one_error_line(code, out, err, "check")
    assert "(label)='0' must be one of [-1, 1]" in err and "--rule" not in err


# -- --w0 one weight off: --bias -------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "phase"])
@pytest.mark.parametrize(
    ("weights", "bias", "expected"),
    [
        # DESIGN has one feature: d = 1, or 2 with --bias.
        ("1,2", [], "holds 2 weights but must hold 1; if the last is a bias weight, add --bias"),
        (
            "1",
            ["--bias"],
            "holds 1 weights but must hold 2 (the bias weight last); without a bias weight, "
            "leave out --bias",
        ),
        ("1,2,3", [], "holds 3 weights but must hold 1\n"),  # two off: --bias would not help
    ],
)
def test_a_w0_one_weight_off_mentions_bias(command, weights, bias, expected, tmp_path, capsys):
    args = [command, "--data", "d.csv", "--w0", "w0.csv", *bias]
    args = files(tmp_path, args, {"d.csv": DESIGN, "w0.csv": weights + "\n"})
    args += ["--eta", "1"] if command == "check" else []
    code, out, err = run_cli(args, capsys)
    one_error_line(code, out, err, command)
    assert expected in err
    if expected.endswith("\n"):
        assert "--bias" not in err


# -- --eta -1,1: our message, not argparse's "expected one argument" ---------------------------


@pytest.mark.parametrize("command", ["check", "phase"])
@pytest.mark.parametrize(
    ("eta", "first"),
    [
        (["--eta", "-1,1"], "-1"),
        (["--eta=-1,1"], "-1"),
        (["--eta", "-0.5,2"], "-0.5"),
        (["--eta", "-1"], "-1"),
        (["--eta", "-.5"], "-.5"),
        (["--eta", "1,-2"], "-2"),
        (["--et", "-1,1"], "-1"),  # an abbreviation argparse accepts (review)
        (["--eta", "-inf,1"], "-inf"),
    ],
)
def test_negative_rates_say_rates_are_positive(command, eta, first, tmp_path, capsys):
    args = files(tmp_path, [command, "--data", "d.csv", *eta], {"d.csv": DESIGN})
    args += [] if command == "check" else ["--w0", "zero"]
    code, out, err = run_cli(args, capsys)
    one_error_line(code, out, err, command)
    assert "expected one argument" not in err
    assert f"--eta={first!r} must be a positive number" in err
    assert err.endswith("learning rates are positive: write them like --eta 0.1,1,10\n")


def test_a_missing_eta_value_is_still_argparses_message(tmp_path, capsys):
    args = files(tmp_path, ["check", "--data", "d.csv", "--eta", "--json"], {"d.csv": DESIGN})
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "argument --eta: expected one argument" in err


# -- CSV files separated by semicolons or tabs ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x1;x2;label\n1;2;-1\n-3;0.5;1\n",
        "x1\tx2\tlabel\n1\t2\t-1\n-3\t0.5\t1\n",
        "# a comment, with a comma\n1;2;-1\n-3;0.5;1\n",
        "1;2;-1\r\n-3;0.5;1\r\n",
    ],
    ids=["semicolons", "tabs", "comment", "crlf"],
)
def test_semicolon_and_tab_separated_files_are_read(text, tmp_path, capsys):
    # By hand, η = 1, w = 0: step 1 x = (1, 2), w·x = 0 → ŷ = +1 ≠ −1, w = (−2, −4); step 2
    # x = (−3, 0.5), w·x = 6 − 2 = 4 → ŷ = +1 = y.  Final w = (−2, −4): sample 1 gives
    # −10 → −1 (right), sample 2 gives 6 − 2 = 4 → +1 (right): 2 of 2.
    args = files(tmp_path, ["check", "--data", "d.csv", "--eta", "1,3"], {"d.csv": text})
    code, out, err = run_cli(args, capsys)
    assert (code, err) == (0, "")
    assert "d.csv: 2 samples, 2 feature(s)" in out
    assert "final training accuracy: 100% (2/2) for every η" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1|2|-1\n3|4|1\n", "separates its cells by '|' (line 1: '1|2|-1'); use commas, "),
        ("x1 x2 label\n1 2 -1\n", "separates its cells by spaces (line 1: 'x1 x2 label')"),
        ("1:2:-1\n", "separates its cells by ':' (line 1: '1:2:-1')"),
        ("1,5;2;-1\n2,5;1;1\n", "line 1 column 1='1,5' must be a finite number (a decimal comma? "),
        ("1,5;2,5;-1\n", "column 2='5;2' must be a finite number (the file is read as comma-"),
    ],
    ids=["pipes", "spaces", "colons", "decimal comma", "mixed"],
)
def test_other_separators_are_refused_naming_what_was_found(text, expected, tmp_path, capsys):
    args = files(tmp_path, ["check", "--data", "d.csv", "--eta", "1"], {"d.csv": text})
    code, out, err = run_cli(args, capsys)
    one_error_line(code, out, err, "check")
    assert expected in err
    assert "has a header" not in err


def test_a_w0_file_may_use_semicolons_too(tmp_path, capsys):
    # w0 = (1/2): the witness of test_check_cli, step 3 (sample 3) differs.
    args = ["check", "--data", "d.csv", "--w0", "w0.csv", "--eta", "0.1,10"]
    args = files(tmp_path, args, {"d.csv": DESIGN.replace(",", ";"), "w0.csv": "0.5\n"})
    code, out, _ = run_cli(args, capsys)
    assert code == 1
    assert "not invariant: at step 3 (sample 3)" in out


# -- --data by name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("irs", "irs: No such file or directory, nor a bundled dataset (did you mean 'iris'?)"),
        ("nothing", "nothing: No such file or directory, nor a bundled dataset (bundled: iris"),
    ],
)
def test_an_unknown_dataset_name_suggests_a_bundled_one(given, expected, capsys):
    code, out, err = run_cli(["check", "--data", given, "--eta", "1"], capsys)
    one_error_line(code, out, err, "check")
    assert expected in err

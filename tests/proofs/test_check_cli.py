"""``etaproof check``: exit 0 when η does not change the predictions, 1 with a witness when it
does, 2 with one clear line on stderr for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from proofs.commands.main import main

FLOAT_TIES = sorted((Path(__file__).parents[1] / "data" / "float_ties").glob("*.csv"))
DESIGN = "-0.3,-1\n1.6,-1\n1.3,-1\n0.6,1\n-2.2,-1\n0.1,-1\n0.7,-1\n"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(["check", *args])
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def design(tmp_path: Path) -> Path:
    path = tmp_path / "design.csv"
    path.write_text(DESIGN)
    return path


@pytest.mark.parametrize("path", FLOAT_TIES, ids=lambda path: path.stem)
@pytest.mark.parametrize("exact", [False, True], ids=["float64", "exact"])
def test_the_float_tie_family_is_invariant_with_and_without_exact(path, exact, capsys):
    code, out, err = run_cli(
        ["--data", str(path), "--eta", "1,0.3", "--epochs", "3"] + ["--exact"] * exact, capsys
    )
    assert (code, err) == (0, "")
    assert "invariant: the predictions are identical for every η in {1, 0.3}" in out
    if not exact:
        assert "resolved exactly:" in out
        assert "float64 was wrong" in out or "agrees" in out


def textbook_float_net_inputs(text: str, eta: float, epochs: int) -> list[float]:
    """w·x at every step of the plain float loop, one feature, zero init, Rosenblatt."""
    rows = [tuple(float(v) for v in line.split(",")) for line in text.split()]
    w, net = 0.0, []
    for _ in range(epochs):
        for x, y in rows:
            z = w * x
            net.append(z)
            w += eta * (y - (1 if z >= 0 else -1)) * x
    return net


def test_the_report_names_the_near_tie_float64_got_wrong(design, capsys):
    # Independently: the plain float loop with η = 1 meets w·x ≈ −3.5e-16 at step 21, where
    # exact arithmetic has w·x = 0 (so φ gives +1 and float64's −1 is wrong).
    z = textbook_float_net_inputs(DESIGN, 1.0, 3)[20]
    assert -1e-15 < z < 0
    code, out, _ = run_cli(["--data", str(design), "--eta", "1,0.3", "--epochs", "3"], capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if line.strip().startswith("η = 1,"))
    assert line.strip().startswith(f"η = 1, step 21 (sample 7): float64 w·x = {z:.3g} within ±")
    assert line.endswith("float64 ŷ = -1; exact w·x = 0, ŷ = +1 (float64 was wrong)")


def test_nonzero_init_where_the_rate_matters_exits_1_with_the_witness(design, tmp_path, capsys):
    # By hand: w⁽⁰⁾ = 0.5.  Step 2 (x = 1.6, y = −1) predicts +1 for both rates and updates
    # w to 0.5 − 2·0.1·1.6 = 0.18 (η = 0.1) or 0.5 − 2·10·1.6 = −31.5 (η = 10); step 3
    # (x = 1.3) then predicts +1 for η = 0.1 and −1 for η = 10.
    w0 = tmp_path / "w0.csv"
    w0.write_text("0.5\n")
    code, out, err = run_cli(["--data", str(design), "--eta", "0.1,10", "--w0", str(w0)], capsys)
    assert (code, err) == (1, "")
    assert "not invariant: at step 3 (sample 3) η = 0.1 predicts +1 and η = 10 predicts -1" in out


def test_json_output_carries_the_same_verdict(design, tmp_path, capsys):
    w0 = tmp_path / "w0.csv"
    w0.write_text("0.5\n")
    args = ["--data", str(design), "--eta", "0.1,10", "--w0", str(w0), "--json"]
    code, out, _ = run_cli(args, capsys)
    report = json.loads(out)
    assert code == 1
    assert report["status"] == "not invariant"
    assert report["invariant"] is False
    assert report["first_difference"] == {
        "step": 3,
        "sample": 3,
        "etas": ["0.1", "10"],
        "predictions": [1, -1],
    }
    assert report["w0"] == ["1/2"]
    assert run_cli(args, capsys)[1] == out  # deterministic bytes


def test_json_lists_the_near_ties_with_their_exact_values(design, capsys):
    code, out, _ = run_cli(
        ["--data", str(design), "--eta", "1,0.3", "--epochs", "3", "--json"], capsys
    )
    report = json.loads(out)
    assert (code, report["invariant"]) == (0, True)
    assert {(tie["eta"], tie["step"], tie["exact_net_input"]) for tie in report["near_ties"]} == {
        ("1", 21, "0"),
        ("0.3", 21, "0"),
    }


def test_help_explains_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["check", "--help"])
    out = capsys.readouterr().out
    assert exit.value.code == 0
    for line in (
        "0  the predictions are identical",
        "1  the learning rate changes",
        "2  bad input",
    ):
        assert line in out


BAD_INPUT = [
    # (id, CSV text or None for a missing file, extra arguments, what stderr must name)
    ("nan", "1,-1\nnan,1\n", [], "line 2 column 1='nan' must be a finite number"),
    ("inf", "1,-1\n2,inf\n", [], "line 2 column 2='inf' must be a finite number"),
    ("ragged", "1,2,-1\n3,1\n", [], "line 2='3,1' must hold 3 cells like line 1, not 2"),
    ("empty", "", [], "must hold at least one row of numbers"),
    ("only labels", "1\n-1\n", [], "must hold at least one feature and a label"),
    ("missing", None, [], "No such file or directory"),
    ("label", "1,-1\n2,2\n", [], "line 2 column 2 (label)='2' must be one of [-1, 1]"),
    ("zero-one label", "1,0\n2,-1\n", ["--rule", "zero-one"], "(label)='-1' must be one of [0, 1]"),
    ("non-numeric", "1,-1\nabc,1\n", [], "line 2 column 1='abc' must be a finite number"),
    ("eta zero", "1,-1\n", ["--eta", "0,1"], "--eta='0' must be a positive number"),
    ("eta negative", "1,-1\n", ["--eta", "1,-2"], "--eta='-2' must be a positive number"),
    ("eta text", "1,-1\n", ["--eta", "fast"], "--eta='fast' must be a positive number"),
    ("w0 length", "1,-1\n", ["--w0", "W0:1,2"], "holds 2 weights but must hold 1"),
    ("w0 bias", "1,-1\n", ["--w0", "W0:1", "--bias"], "must hold 2 (the bias weight last)"),
    ("w0 text", "1,-1\n", ["--w0", "W0:x"], "line 1 column 1='x' must be a finite number"),
    ("epochs zero", "1,-1\n", ["--epochs", "0"], "epochs=0 must be a positive whole number"),
    ("epochs text", "1,-1\n", ["--epochs", "two"], "invalid int value: 'two'"),
    ("rule", "1,-1\n", ["--rule", "adaline"], "invalid choice: 'adaline'"),
    # Far too many steps: refused before NumPy tries to allocate them.
    ("epochs huge", "1,-1\n", ["--epochs", "2000000000"], "--epochs=2000000000 makes 2000000000"),
    ("epochs huger", "1,-1\n", ["--epochs", "99999999999999999999"], "--epochs=9999999999999"),
    ("binary", b"\x00\x03\xd0a\xff\n", [], "data.csv is not a UTF-8 text file"),
    ("header only", "a,b,label\n", [], "data.csv has a header (line 1: 'a,b,label') but no row"),
    ("pipes", "1|2|1\n", [], "data.csv separates its cells by '|' (line 1: '1|2|1')"),
    ("too big", "1,2,-1\n1,1e400,1\n", [], "line 2 column 2='1e400' must fit in float64"),
    ("w0 too big", "1,-1\n", ["--w0", "W0:1e400"], "w0.csv line 1 column 1='1e400' must fit"),
    ("eta underflows", "1,-1\n", ["--eta", "1e-400"], "--eta='1e-400' rounds to 0 in float64"),
    ("eta overflows", "1,-1\n", ["--eta", "1e400"], "--eta='1e400' must fit in float64"),
    ("exponent", "1,2,1e999999999999\n", [], "column 3='1e999999999999' must have an exponent"),
    ("eta exponent", "1,-1\n", ["--eta", "1e-999999999"], "--eta='1e-999999999' must have"),
]


@pytest.mark.parametrize(
    ("text", "extra", "expected"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_gives_one_clear_line_and_exit_2(text, extra, expected, tmp_path, capsys):
    data = tmp_path / "data.csv"
    if isinstance(text, bytes):
        data.write_bytes(text)
    elif text is not None:
        data.write_text(text)
    args = ["--data", str(data), "--eta", "0.1,1"]
    for i, arg in enumerate(extra):
        if arg.startswith("W0:"):
            (tmp_path / "w0.csv").write_text(arg[3:] + "\n")
            extra = [*extra[:i], str(tmp_path / "w0.csv"), *extra[i + 1 :]]
    code, out, err = run_cli(args + extra, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("etaproof check: error:")
    assert expected in err
    assert "Traceback" not in err
    assert len(err.replace(str(tmp_path), "DIR")) < 200, err  # short, whatever the temp path


def test_a_utf8_file_with_a_byte_order_mark_reads_like_one_without(tmp_path, capsys):
    data = tmp_path / "bom.csv"
    data.write_bytes("\ufeff".encode() + DESIGN.encode())
    code, out, err = run_cli(["--data", str(data), "--eta", "1,0.3", "--epochs", "3"], capsys)
    assert (code, err) == (0, "")
    assert "7 samples" in out


def test_exact_mode_reads_values_beyond_float64(tmp_path, capsys):
    data = tmp_path / "big.csv"
    data.write_text("1e400,-1\n-1,1\n")
    code, out, err = run_cli(["--data", str(data), "--eta", "1e-400,1", "--exact"], capsys)
    assert (code, err) == (0, "")
    assert "(exact rational arithmetic)" in out


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_json_stays_valid_when_float64_overflows(tmp_path, capsys):
    data = tmp_path / "huge.csv"
    data.write_text("1e300,-1\n-1e300,1\n")
    args = ["--data", str(data), "--eta", "1e300,1", "--epochs", "2", "--json"]
    code, out, _ = run_cli(args, capsys)
    report = strict_json(out)
    assert (code, report["invariant"]) == (0, True)
    tie = report["near_ties"][0]
    assert (tie["float64_net_input"], tie["bound"]) == ("inf", "inf")


def test_near_tie_lines_print_long_exact_values_briefly(tmp_path, capsys):
    # η = 1e-180: the update underflows in float64 and w·x = 0 there, but exactly it is
    # 1e-180·(−2)·1e-180·1e-180 = −2·10⁻⁵⁴⁰, a fraction with a 540-digit denominator, written
    # exactly with a power-of-ten exponent.
    data = tmp_path / "tiny.csv"
    data.write_text("1e-180,-1\n1e-180,-1\n")
    code, out, err = run_cli(["--data", str(data), "--eta", "1e-180,1"], capsys)
    assert (code, err) == (0, "")
    line = next(line for line in out.splitlines() if "η = 1e-180, step 2" in line)
    assert line.endswith("exact w·x = -2e-540, ŷ = -1 (float64 was wrong)"), line
    assert "invariant: the predictions are identical" in out


def test_the_installed_command_prints_no_traceback_for_bad_input(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("1,-1\nnan,1\n")
    done = subprocess.run(
        [sys.executable, "-m", "proofs", "check", "--data", str(data), "--eta", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == f"etaproof check: error: {data} line 2 column 1='nan' must be a finite number\n"
    )

"""``etaproof check`` at its limits: exact values too long for Python's int-to-text limit print
short and exact, work that cannot fit is refused up front with one line and its estimate, and
long runs show a progress bar on a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import numeric
from numeric import progress
from proofs.commands.main import main
from tests.conftest import require_module

DESIGN = "-0.3,-1\n1.6,-1\n1.3,-1\n0.6,1\n-2.2,-1\n0.1,-1\n0.7,-1\n"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(["check", *args])
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text("1e-5000,-1\n1,1\n")
    return path


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--json"],
        ["--exact"],
        ["--w0", "W0"],
        ["--w0", "W0", "--json"],
        ["--w0", "W0", "--exact"],
    ],
    ids=["plain", "json", "exact", "w0", "w0-json", "w0-exact"],
)
def test_values_beyond_the_int_to_text_limit_print_short_and_exact(tiny, tmp_path, extra, capsys):
    # 1e-5000 read exactly has a 5001-digit denominator; Python refuses to print such an
    # integer (4300 digits at most), so every exact value is written as m·10^k.
    # By hand, η = 1: w⁽⁰⁾ = 0 meets x = 1e-5000 with w·x = 0, predicts +1 against y = −1,
    # so w⁽¹⁾ = −2e-5000 and w⁽¹⁾·x⁽²⁾ = −2e-5000; from w⁽⁰⁾ = 1e-5000, w⁽¹⁾ = −1e-5000.
    (tmp_path / "w0.csv").write_text("1e-5000\n")
    with_w0 = "W0" in extra
    extra = [str(tmp_path / "w0.csv") if arg == "W0" else arg for arg in extra]
    code, out, err = run_cli(["--data", str(tiny), "--eta", "1,2", *extra], capsys)
    assert (code, err) == (0, "")
    assert "Exceeds the limit" not in out
    if "--exact" not in extra:  # float64 meets near-ties there and reports them exactly
        assert ("-1e-5000" if with_w0 else "-2e-5000") in out
    if with_w0:
        assert ("w0 = (1e-5000)" if "--json" not in extra else '"1e-5000"') in out
    assert len(out) < 2500  # a 5001-digit integer alone would be longer


def test_the_python_verdict_of_such_values_prints():
    verdict = numeric.check_eta_invariance([["1e-5000"], [1]], [-1, 1], [1, 2])
    text = str(verdict)
    assert "exact w·x = -2e-5000, ŷ = -1 (float64 was wrong)" in text
    assert verdict.to_dict()["near_ties"][1]["exact_net_input"] == "-4e-5000"


def test_work_that_cannot_fit_is_refused_up_front_with_its_estimate(tmp_path, capsys):
    # 20000 rates × 10⁷ steps: 2·10¹¹ predictions would need 400 GB; the check streams them,
    # but the time it would take is past --max-seconds, so it is refused before it starts.
    data = tmp_path / "one.csv"
    data.write_text("1,1\n")
    etas = ",".join(str(i) for i in range(1, 20001))
    code, out, err = run_cli(["--data", str(data), "--eta", etas, "--epochs", "10000000"], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("etaproof check: error: 20000 rate(s) ×")
    assert "10000000 steps would take about" in err and "more than the 5 min allowed" in err
    assert "MemoryError" not in err and "Traceback" not in err


@pytest.mark.parametrize("backend", ["numpy", "auto"])
def test_ten_million_steps_past_the_budget_are_refused_with_their_estimate(
    backend, tmp_path, capsys
):
    # NumPy's loop costs tens of microseconds a step: 10⁷ steps are minutes, past the default
    # budget; compiled they are seconds, so a tiny budget shows the refusal there.
    data = tmp_path / "design.csv"
    data.write_text(DESIGN)
    args = ["--data", str(data), "--eta", "1,0.3", "--epochs", "1428571", "--backend", backend]
    args += [] if backend == "numpy" else ["--max-seconds", "0.001"]
    code, out, err = run_cli(args, capsys)
    assert (code, out) == (2, "")
    assert "2 rate(s) × 9999997 steps would take about" in err
    assert "a larger --max-seconds" in err
    assert err.count("\n") == 1


def test_a_long_run_gives_a_short_answer(tmp_path, capsys):
    # 10⁵ steps of the design data: thousands of near-ties, all resolved, twenty printed.
    data = tmp_path / "design.csv"
    data.write_text(DESIGN)
    code, out, err = run_cli(["--data", str(data), "--eta", "1,0.3", "--epochs", "14286"], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) < 30
    assert lines[-2].startswith("  … and ") and lines[-2].endswith(" more")
    assert lines[-1].startswith("invariant: the predictions are identical for every η")


def test_a_negative_time_budget_is_bad_input(tmp_path, capsys):
    data = tmp_path / "design.csv"
    data.write_text(DESIGN)
    code, out, err = run_cli(["--data", str(data), "--eta", "1", "--max-seconds", "-1"], capsys)
    assert (code, out) == (2, "")
    assert "--max-seconds=-1 must be 0 (no limit) or more" in err


def test_a_progress_bar_shows_on_a_terminal_and_nowhere_else(tmp_path, capsys, monkeypatch):
    require_module("tqdm")
    data = tmp_path / "design.csv"
    data.write_text(DESIGN)
    args = ["--data", str(data), "--eta", "1,0.3", "--epochs", "3000", "--json"]
    code, _, err = run_cli(args, capsys)
    assert (code, err) == (0, "")  # stderr is not a terminal here: no bar
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, _, err = run_cli(args, capsys)
    assert code == 0
    assert "step" in err and "%" in err


def test_many_rates_give_a_short_answer(tmp_path, capsys):
    data = tmp_path / "one.csv"
    data.write_text("1,1\n")
    etas = ",".join(str(i) for i in range(1, 2001))
    code, out, err = run_cli(["--data", str(data), "--eta", etas, "--epochs", "1000"], capsys)
    assert (code, err) == (0, "")
    assert "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …, 2000} (2000 rates) over 1000 steps" in out
    assert len(out) < 400

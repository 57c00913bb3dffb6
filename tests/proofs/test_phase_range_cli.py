"""``etaproof phase --eta-range LO,HI``: the phases meeting [LO, HI] only, the range said in the
text, the JSON and the plot, and one clear line on stderr (exit 2) for a bad range."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import require_module
from test_phase_cli import DESIGN, run_cli

import numeric


@pytest.fixture
def design(tmp_path: Path) -> list[str]:
    data, w0 = tmp_path / "design.csv", tmp_path / "w0.csv"
    data.write_text(DESIGN)
    w0.write_text("0.5\n")
    return ["--data", str(data), "--w0", str(w0), "--epochs", "3"]


def test_the_text_counts_the_phases_in_the_range_and_says_the_range(design, capsys):
    code, out, err = run_cli([*design, "--eta-range", "1/10,10", "--eta", "1"], capsys)
    assert (code, err) == (1, "")
    assert "over η in [1/10, 10] only" in out
    assert "14 phases of η in [1/10, 10], 13 breakpoint(s)" in out
    assert "first flip in the range: at η just above 5/48" in out
    assert "η = 1: phase 13 (≈0.833, 1.25)" in out


def test_a_range_inside_one_phase_exits_0(design, capsys):
    code, out, _ = run_cli([*design, "--eta-range", "100,200"], capsys)
    assert code == 0
    assert "1 phase, [100, 200]: every η in [100, 200] takes the same decisions" in out


def test_the_json_holds_the_range_and_the_phases_cut_to_it(design, capsys):
    code, out, _ = run_cli([*design, "--eta-range", "0.1,10", "--json"], capsys)
    data = json.loads(out)
    assert code == 1 and data["eta_range"] == ["1/10", "10"]
    phases = data["phases"]
    assert (phases[0]["low"], phases[0]["low_included"]) == ("1/10", True)
    assert (phases[-1]["high"], phases[-1]["high_included"]) == ("10", True)
    X = [[row.split(",")[0]] for row in DESIGN.split()]
    y = [int(row.split(",")[1]) for row in DESIGN.split()]
    whole = numeric.phase_diagram(X, y, ["0.5"], epochs=3)
    inside = [b for b in whole.breakpoints if Fraction(1, 10) < b < 10]
    assert [Fraction(b) for b in data["breakpoints"]] == inside


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10,1", "--eta-range='10,1': LO must be below HI"),
        ("1,1", "LO must be below HI"),
        ("0,1", "LO must be positive"),
        ("-1,1", "LO must be positive"),
        ("abc", "must be two numbers LO,HI"),
        ("1,2,3", "must be two numbers LO,HI"),
        ("1,x", "must be two numbers LO,HI"),
    ],
)
def test_a_bad_range_is_one_line_on_stderr_and_exit_2(value, message, design, capsys):
    code, out, err = run_cli([*design, f"--eta-range={value}"], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("etaproof phase: error: ")
    assert message in err


def test_a_rate_outside_the_range_is_refused(design, capsys):
    code, _, err = run_cli([*design, "--eta-range", "1,2", "--eta", "5"], capsys)
    assert code == 2 and "--eta='5' lies outside --eta-range '1,2'" in err


def test_the_plot_of_a_range_spans_the_range_and_names_it(design, capsys):
    require_module("matplotlib")
    from proofs.plots import phase_figure

    X = [[row.split(",")[0]] for row in DESIGN.split()]
    y = [int(row.split(",")[1]) for row in DESIGN.split()]
    diagram = numeric.phase_diagram(X, y, ["0.5"], epochs=3, eta_range=("0.1", "10"))
    figure = phase_figure(diagram)
    ax = figure.axes[0]
    assert ax.get_xlim() == pytest.approx((0.1, 10))
    assert "14 phases of η in [1/10, 10]" in ax.get_title()

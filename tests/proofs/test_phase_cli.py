"""``etaproof phase``: exit 0 with one phase, 1 with the diagram when η matters, 2 with one clear
line on stderr for bad input; strict JSON that holds every phase."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import require_module

import numeric
from proofs.commands import main as cli

DESIGN = "-0.3,-1\n1.6,-1\n1.3,-1\n0.6,1\n-2.2,-1\n0.1,-1\n0.7,-1\n"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = cli.main(["phase", *args])
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def design(tmp_path: Path) -> Path:
    path = tmp_path / "design.csv"
    path.write_text(DESIGN)
    return path


@pytest.fixture
def half(tmp_path: Path) -> Path:
    path = tmp_path / "w0.csv"
    path.write_text("0.5\n")
    return path


def test_zero_init_is_one_phase_and_exits_0(design, capsys):
    code, out, err = run_cli(["--data", str(design), "--w0", "zero", "--epochs", "3"], capsys)
    assert (code, err) == (0, "")
    assert "1 phase, (0, ∞): every η > 0 takes the same decisions at all 21 steps" in out


def test_nonzero_init_prints_a_summary_of_the_phases_and_exits_1(design, half, capsys):
    args = ["--data", str(design), "--w0", str(half), "--epochs", "3", "--eta", "0.1,10"]
    code, out, err = run_cli(args, capsys)
    assert (code, err) == (1, "")
    assert "46 phases of η, 42 breakpoint(s)" in out
    assert "first flip: at η just above 5/208, step 21 (sample 7) predicts -1 instead of +1" in out
    assert "(8 of 46 phases shown" in out
    # the rows holding the --eta values are marked, with exact ends
    assert any(
        line.lstrip().startswith("33*") and "(5/54, 5/48]" in line for line in out.split("\n")
    )
    assert (
        "η = 0.1: phase 33 (≈0.0926, ≈0.104], errors per epoch 5 4 4, final training errors 3"
        in out
    )
    assert "η = 10: phase 46 [1.25, ∞), errors per epoch 5 5 5, final training errors 4" in out


def test_eta_lines_give_the_final_errors_at_the_rate_and_the_range_over_the_phase(
    design, half, capsys
):
    # From w⁽⁰⁾ = 1/2, phase 1 is (0, 5/208]: while w > 0 every epoch updates on the four
    # positive x labelled −1 (1.6, 1.3, 0.1, 0.7), each by −2x, so V = −3·2·3.7 = −111/5 and
    # w⁽ᴷ⁾ = 1/2 − 111η/5, zero at η = 5/222.
    # Positive w predicts +1 on the five positive x (labels −1, −1, +1, −1, −1): 4 errors;
    # w = 0 predicts +1 everywhere: the six labelled −1 are wrong; negative w: 3 errors.
    args = ["--data", str(design), "--w0", str(half), "--epochs", "3"]
    code, out, _ = run_cli([*args, "--eta", "1/50,5/222,1/42"], capsys)
    assert code == 1
    for eta, errors in (("1/50", 4), ("5/222", 6), ("1/42", 3)):
        assert (
            f"η = {eta}: phase 1 (0, ≈0.024], errors per epoch 4 4 4, final training errors "
            f"{errors} (3–6 within the phase)"
        ) in out
    first = next(line for line in out.splitlines() if line.lstrip().startswith("1*"))
    assert first.split()[-3:] == ["3–6", "(0,", "5/208]"]


def test_all_prints_every_phase(design, half, capsys):
    code, out, _ = run_cli(
        ["--data", str(design), "--w0", str(half), "--epochs", "3", "--all"], capsys
    )
    rows = [line for line in out.splitlines() if line[:5].strip().isdigit()]
    assert code == 1 and len(rows) == 46 and "phases shown" not in out


def test_json_is_strict_and_holds_every_phase_with_exact_ends(design, half, capsys):
    args = ["--data", str(design), "--w0", str(half), "--epochs", "3", "--json", "--eta", "1/3"]
    code, out, err = run_cli(args, capsys)
    assert (code, err) == (1, "")

    def refuse(constant):
        raise AssertionError(f"non-strict JSON constant {constant}")

    data = json.loads(out, parse_constant=refuse)
    assert data["phase_count"] == len(data["phases"]) == 46
    X, y = numeric.read_csv(design)
    expected = numeric.phase_diagram(X, y, ["0.5"], epochs=3)
    assert [Fraction(p["low"]) for p in data["phases"]] == [p.low for p in expected.phases]
    assert data["phases"][-1]["high"] is None
    (at,) = data["etas"]
    assert (at["eta"], at["phase"]) == ("1/3", expected.phase_index("1/3") + 1)
    twin = numeric.train(X, y, ["1/3"], ["0.5"], epochs=3, exact=True)
    final = [Fraction(v) for v in at["final_weights"]]
    assert final == list(twin.final_weights[0])
    wrong = sum((1 if final[0] * x[0] >= 0 else -1) != t for x, t in zip(X, y, strict=True))
    assert at["training_errors"] == wrong
    assert data["w0"] == ["1/2"] and data["rule"] == "rosenblatt"


def test_textbook_weights_are_the_books_draw_on_iris(capsys):
    args = ["--data", str(numeric.IRIS_CSV), "--w0", "textbook:1", "--bias", "--json"]
    code, out, _ = run_cli(args, capsys)
    data = json.loads(out)
    expected = [str(Fraction(v)) for v in numeric.textbook_weights(1, 2)]
    assert code == 1 and data["w0"] == expected and data["w0_given"] == "textbook:1"
    code, out, _ = run_cli(["--data", str(numeric.IRIS_CSV), "--w0", "textbook", "--bias"], capsys)
    assert code == 1 and "(textbook)" in out.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--w0", "textbook"],
            "--w0='textbook' draws the bias weight too, as the book does: add --bias",
        ),
        (["--w0", "textbook:x", "--bias"], "the seed must be a whole number from 0 to 2**32 - 1"),
        (["--w0", "textbook:4294967296", "--bias"], "the seed must be a whole number"),
        (["--w0", "W0", "--bias"], "holds 1 weights but must hold 2 (the bias weight last)"),
        (["--w0", "zero", "--eta", "0,1"], "--eta='0' must be a positive number"),
        (["--w0", "zero", "--epochs", "0"], "--epochs=0 must be a positive whole number"),
        (["--w0", "zero", "--rule", "zero-one"], "must be one of [0, 1]"),
        (["--w0", "zero", "--plot", "OUT.pdf"], "must end in .png or .svg"),
        (["--w0", "zero", "--plot", "/no/such/dir/x.png"], "does not exist"),
        (["--w0", "W0", "--epochs", "3", "--max-phases", "3"], "max_phases=3 is too few"),
        (["--w0", "missing.csv"], "No such file or directory"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, message, design, half, capsys):
    args = [str(half) if a == "W0" else a for a in args]
    code, out, err = run_cli(["--data", str(design), *args], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("etaproof phase: error: ")
    assert message in err


def test_plot_writes_the_figure(design, half, tmp_path, capsys):
    require_module("matplotlib")
    for name in ("phases.png", "phases.svg"):
        out_path = tmp_path / name
        code, out, _ = run_cli(
            ["--data", str(design), "--w0", str(half), "--plot", str(out_path)], capsys
        )
        assert code == 1 and out_path.stat().st_size > 1000
        assert f"plot written to {out_path}" in out


def test_a_missing_matplotlib_names_the_extra_to_install(
    design, half, tmp_path, monkeypatch, capsys
):
    from proofs import plots

    def missing():
        raise plots.MatplotlibMissing(
            f"the plots need matplotlib, which is not installed: {plots.INSTALL}"
        )

    monkeypatch.setattr(plots, "_matplotlib", missing)
    args = ["--data", str(design), "--w0", str(half), "--plot", str(tmp_path / "x.png")]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "pip install etaproof[plot]" in err and err.count("\n") == 1


def test_an_eta_line_gives_the_ends_digits_enough_to_hold_the_rate():
    """Review: Iris's η = 1e-6 line printed [9.99e-07, 1e-06), which seems to leave 1e-6 out,
    for a phase that ends at 1.000357e-06.  Each end gets the digits it needs, or is exact
    when no float64 decimal stands where it does (a second review: a low end of 0 sent the
    whole interval back to three digits, and 17 digits did not always suffice)."""
    from fractions import Fraction

    from numeric.phase import Span
    from proofs.commands.phase import interval_holding

    phase = Span(Fraction(99908, 10**11), Fraction(1000357, 10**12), True, False)
    text = interval_holding(phase, "1e-6")
    assert text == "[≈9.99e-07, ≈1.0004e-06)"  # 1.000357e-06 to 4 digits is 1e-06
    low, high = (Fraction(end.strip("[)≈ ")) for end in text.split(","))
    assert low <= Fraction(1, 10**6) < high
    assert interval_holding(Span(Fraction(5, 4), None, True, False), "10") == "[1.25, ∞)"
    assert interval_holding(Span(Fraction(5, 54), Fraction(5, 48), False, True), "0.1") == (
        "(≈0.0926, ≈0.104]"
    )
    # 0.33333333333333331 < 1/3, but so is every decimal of up to 17 digits near 1/3
    third = Span(Fraction(0), Fraction(1, 3), False, False)
    assert interval_holding(third, "0.33333333333333331") == "(0, 1/3)"
    assert interval_holding(Span(Fraction(1, 20), Fraction(1, 3), True, False), "0.3") == (
        "[0.05, ≈0.333)"
    )

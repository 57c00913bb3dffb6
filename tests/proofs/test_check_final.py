"""``etaproof check`` answers the next question too: do the final classifiers differ?  The angle
between the final weights of the smallest and largest η, the final training accuracy of every
η, a note when there is nothing to compare, and ``--data iris`` by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from numeric import IRIS_CSV
from proofs.commands.main import main

DESIGN = "-0.3,-1\n1.6,-1\n1.3,-1\n0.6,1\n-2.2,-1\n0.1,-1\n0.7,-1\n"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(["check", *args])
    except SystemExit as exit:  # argparse's own errors
        code = exit.code
    out, err = capsys.readouterr()
    return code, out, err


def strict_json(text: str) -> dict:
    def refuse(constant: str) -> object:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def design(tmp_path: Path) -> list[str]:
    (tmp_path / "design.csv").write_text(DESIGN)
    (tmp_path / "w0.csv").write_text("0.5\n")
    return ["--data", str(tmp_path / "design.csv"), "--w0", str(tmp_path / "w0.csv")]


@pytest.mark.parametrize("exact", [[], ["--exact"]], ids=["float64", "exact"])
def test_nonzero_init_ends_with_opposite_classifiers(design, exact, capsys):
    # By hand, w⁽⁰⁾ = 0.5, one epoch.  η = 0.1: w goes 0.5 → 0.18 → −0.08 → 0.04 → 0.02 →
    # −0.12, which classifies x = 1.6, 1.3, 0.1, 0.7 right (y = −1) and −0.3, 0.6, −2.2 wrong:
    # 4 of 7.  η = 10: w goes 0.5 → −31.5 → −19.5 → 24.5 → 22.5 → 8.5, right on −0.3, 0.6,
    # −2.2 only: 3 of 7.  −0.12 and 8.5 point in opposite directions: 180°.
    code, out, err = run_cli([*design, "--eta", "0.1,10", *exact], capsys)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    angle = "angle 180° (negative multiples, exactly)"  # float64 runs rebuild them exactly
    assert lines[1] == f"final weights, η = 0.1 vs η = 10: {angle}"
    assert lines[2] == "final training accuracy: 57.1% (4/7) for η = 0.1, 42.9% (3/7) for η = 10"
    assert lines[-1].startswith("not invariant: at step 3 (sample 3)")


def test_json_carries_the_angle_and_the_accuracy_per_eta(design, capsys):
    code, out, _ = run_cli([*design, "--eta", "0.1,10", "--exact", "--json"], capsys)
    report = strict_json(out)
    assert code == 1
    assert report["final_angle_degrees"] == 180.0
    assert report["final_angle"]["exact"] is True
    assert report["final_angle"]["etas"] == ["0.1", "10"]
    assert [(a["eta"], a["correct"], a["samples"]) for a in report["accuracy"]] == [
        ("0.1", 4, 7),
        ("10", 3, 7),
    ]
    assert report["accuracy"][0]["accuracy"] == pytest.approx(4 / 7)
    assert report["note"] is None
    assert report["first_difference"]["step"] == 3  # the verdict is still there


def test_the_same_predictions_can_end_in_different_classifiers(tmp_path, capsys):
    # x = (1, 0), y = −1, w0 = (1, 1): both rates predict +1 at the one step (the same
    # predictions: exit 0), and end at (1 − 2η, 1): (0, 1) for η = 1/2, (−1, 1) for η = 1,
    # 45° apart; (0, 1) ties on x (φ(0) = +1, wrong), (−1, 1) is right.
    (tmp_path / "d.csv").write_text("1,0,-1\n")
    (tmp_path / "w0.csv").write_text("1,1\n")
    args = ["--data", str(tmp_path / "d.csv"), "--w0", str(tmp_path / "w0.csv"), "--eta", "0.5,1"]
    code, out, err = run_cli(args, capsys)
    assert (code, err) == (0, "")
    assert "final weights, η = 0.5 vs η = 1: angle 45°" in out
    assert "final training accuracy: 0% (0/1) for η = 0.5, 100% (1/1) for η = 1" in out
    report = strict_json(run_cli([*args, "--json"], capsys)[1])
    assert report["final_angle_degrees"] == pytest.approx(45.0)
    assert report["final_rates_rerun_exactly"] == 0  # no near-tie in training: rebuilt exactly


def iris_accuracy_by_a_plain_loop(eta: float, epochs: int) -> int:
    """The textbook's loop on the Iris file, zero init with a bias, read here with csv."""
    rows = IRIS_CSV.read_text().splitlines()[1:]
    data = [(float(a), float(b), int(label)) for a, b, label in (r.split(",") for r in rows)]
    w = [0.0, 0.0, 0.0]
    for _ in range(epochs):
        for a, b, label in data:
            y_hat = 1 if w[0] * a + w[1] * b + w[2] >= 0 else -1
            step = eta * (label - y_hat)
            w = [w[0] + step * a, w[1] + step * b, w[2] + step]
    return sum((1 if w[0] * a + w[1] * b + w[2] >= 0 else -1) == c for a, b, c in data)


@pytest.mark.parametrize("exact", [[], ["--exact"]], ids=["float64", "exact"])
def test_iris_is_read_by_name(exact, capsys):
    assert iris_accuracy_by_a_plain_loop(0.1, 10) == 100
    args = ["--data", "iris", "--eta", "0.1,1,10", "--bias", "--epochs", "10", *exact]
    code, out, err = run_cli(args, capsys)
    assert (code, err) == (0, "")
    assert out.startswith("iris: 100 samples, 2 feature(s) + bias, rule rosenblatt, w0 = 0")
    assert "final training accuracy: 100% (100/100) for every η" in out
    # both paths decide the angle exactly (a float64 run rebuilds its final weights exactly)
    assert "final weights, η = 0.1 vs η = 10: angle 0° (positive multiples, exactly)" in out


@pytest.mark.parametrize(
    ("etas", "given"),
    [("1", "only one learning rate was given (η = 1)"), ("2,2.0", "all the rates are equal")],
)
def test_one_rate_says_there_is_nothing_to_compare(etas, given, design, capsys):
    code, out, err = run_cli([*design, "--eta", etas], capsys)
    assert (code, err) == (0, "")
    note = out.splitlines()[-1]
    assert note.startswith(f"note: {given}")
    assert note.endswith("so there is nothing to compare; give several, e.g. --eta 0.1,1,10")
    assert "final weights," not in out
    report = strict_json(run_cli([*design, "--eta", etas, "--json"], capsys)[1])
    assert report["note"] == note.removeprefix("note: ")
    assert report["final_angle_degrees"] is None
    assert len(report["accuracy"]) == len(etas.split(","))


def test_help_names_the_bundled_iris_file(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "bundled one by name: iris (numeric.IRIS_CSV: the textbook's" in out

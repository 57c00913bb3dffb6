"""``etaproof phase`` and its plot: the final training errors they print, write and colour are
true of what they label (exact at each --eta rate, a range over each phase, constant on each
band), checked against the plain-Fraction perceptron loop of tests/numeric/test_phase_final.py."""

from __future__ import annotations

import importlib.util
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import require_module

from proofs import plots
from proofs.commands import main as cli

_spec = importlib.util.spec_from_file_location(
    "phase_final_reference", Path(__file__).parents[1] / "numeric" / "test_phase_final.py"
)
assert _spec is not None and _spec.loader is not None
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

SIX = reference.SIX
SIX_CSV = "2,1,1\n-3,-1,1\n2,-1,-1\n-1,-2,-1\n3,-3,-1\n2,-2,1\n"


@pytest.fixture
def six(tmp_path: Path) -> list[str]:
    data, w0 = tmp_path / "six.csv", tmp_path / "w0.csv"
    data.write_text(SIX_CSV)
    w0.write_text("-3,1/2,-1/2\n")
    return ["--data", str(data), "--w0", str(w0), "--epochs", "5", "--bias"]


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = cli.main(["phase", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def diagram():
    return reference.diagram_of(SIX)


def test_the_eta_lines_give_the_final_errors_at_each_rate_not_the_witness_s(six, capsys):
    # η = 1/100 and η = 1/37 lie in phase 1, (0, 1/36]; the final weights misclassify 3
    # samples at 1/100 and 2 at 1/37, the phase's witness (see test_phase_final.py's hand
    # computation): both are printed, with the range over the phase.
    assert reference.final_errors(SIX, Fraction(1, 100)) == 3
    assert reference.final_errors(SIX, Fraction(1, 37)) == 2
    code, out, err = run_cli([*six, "--eta", "0.01,1/37"], capsys)
    assert (code, err) == (1, "")
    assert (
        "η = 0.01: phase 1 (0, ≈0.0278], errors per epoch 3 3 3 3 3, final training errors 3 "
        "(2–3 within the phase)"
    ) in out
    assert (
        "η = 1/37: phase 1 (0, ≈0.0278], errors per epoch 3 3 3 3 3, final training errors 2 "
        "(2–3 within the phase)"
    ) in out


def test_a_phase_with_constant_final_errors_prints_no_range(six, capsys):
    # η = 10 lies in the last phase, (4, ∞), where the final errors are 3 throughout.
    assert reference.final_errors(SIX, 10) == 3
    _, out, _ = run_cli([*six, "--eta", "10"], capsys)
    assert out.rstrip().endswith(
        "η = 10: phase 45 (4, ∞), errors per epoch 4 4 3 3 3, final training errors 3"
    )


def test_every_final_errors_cell_is_the_range_over_its_phase(six, diagram, capsys):
    _, out, _ = run_cli([*six, "--all"], capsys)
    rows = [line.split() for line in out.splitlines() if line[:5].strip().isdigit()]
    assert len(rows) == len(diagram) == 45
    for row, found in zip(rows, diagram.phases, strict=True):
        counts = [piece[4] for piece in reference.reference_segments(SIX, found)]
        fewest, most = min(counts), max(counts)
        cell = str(fewest) if fewest == most else f"{fewest}–{most}"
        # number, η ≈ (one or two words), five errors per epoch, final errors, η exactly
        exact = " ".join(row[-2:]) if not found.is_point else row[-1]
        assert exact == found.interval()
        assert row[-3 if not found.is_point else -2] == cell, row
    assert rows[0][-3] == "2–3"


def test_the_json_gives_the_exact_final_errors_and_weights_at_each_rate(six, diagram, capsys):
    _, out, _ = run_cli([*six, "--json", "--eta", "0.01,1/37,10"], capsys)
    data = json.loads(out)
    for entry in data["etas"]:
        _, weights = reference.run(SIX, Fraction(entry["eta"]))
        assert entry["training_errors"] == reference.errors_of(SIX, weights)
        assert [Fraction(v) for v in entry["final_weights"]] == weights
    assert [entry["training_errors"] for entry in data["etas"]] == [3, 2, 3]
    for entry, found in zip(data["phases"], diagram.phases, strict=True):
        counts = [piece[4] for piece in reference.reference_segments(SIX, found)]
        assert (entry["training_errors_min"], entry["training_errors_max"]) == (
            min(counts),
            max(counts),
        )


def test_the_plot_colours_each_band_by_the_errors_true_on_all_of_it(diagram):
    require_module("matplotlib")
    figure = plots.phase_figure(diagram, etas=["0.01"])
    ax = figure.axes[0]
    (bands,) = [a for a in ax.get_children() if a.get_gid() == "phases"]
    values = np.asarray(bands.get_array()).ravel().tolist()
    expected = [piece for p in diagram.phases for piece in reference.reference_segments(SIX, p)]
    assert values == [piece[4] for piece in expected]
    edges = bands.get_coordinates()[0, :, 0]
    np.testing.assert_allclose(edges[1:-1], [float(piece[1]) for piece in expected[:-1]])
    assert values[:2] == [3, 2]  # phase 1 is two bands: (0, 1/40] and (1/40, 1/36]
    (ticks,) = [a for a in ax.get_children() if a.get_gid() == "breakpoints"]
    assert list(ticks.get_xdata()) == [float(b) for b in diagram.breakpoints]
    texts = [t.get_text() for t in ax.texts]
    assert "η = 0.01: errors per epoch 3 3 3 3 3, final training errors 3" in texts

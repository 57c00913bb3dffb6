"""proofs.plots: the figures' data (artists, scales, bands, lines), never their pixels."""

from __future__ import annotations

import importlib
from fractions import Fraction

import numpy as np
import pytest
from conftest import require_module

import numeric
from proofs import plots

X = [["-0.3"], ["1.6"], ["1.3"], ["0.6"], ["-2.2"], ["0.1"], ["0.7"]]
Y = [-1, -1, -1, 1, -1, -1, -1]
ETAS = ["1", "0.001", "0.1", "10"]


@pytest.fixture
def mpl():
    return require_module("matplotlib")


def artist(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"one artist with gid {gid!r}"
    return found[0]


def test_the_phase_figure_has_one_band_per_phase_over_a_log_axis(mpl):
    diagram = numeric.phase_diagram(X, Y, ["0.5"], epochs=3)
    figure = plots.phase_figure(diagram, etas=["0.1"])
    ax, colorbar = figure.axes
    assert ax.get_xscale() == "log"
    bands = artist(ax, "phases")
    values = np.asarray(bands.get_array()).ravel()
    # One band per segment: the pieces of the phases on which the final training errors are
    # constant (46 phases, two of which the final weights' sign changes split further).
    assert len(diagram) == 46 and len(values) == len(diagram.segments) == 48
    assert values.tolist() == [s.training_errors for s in diagram.segments]
    edges = bands.get_coordinates()[0, :, 0]  # the band edges along the η axis
    assert len(edges) == len(diagram.segments) + 1
    np.testing.assert_allclose(edges[1:-1], [float(s.high) for s in diagram.segments[:-1]])
    ticks = artist(ax, "breakpoints")
    assert list(ticks.get_xdata()) == [float(b) for b in diagram.breakpoints]
    assert ax.get_xlim()[0] < float(diagram.breakpoints[0])
    assert ax.get_xlim()[1] > float(diagram.breakpoints[-1])
    assert artist(ax, "eta=1/10").get_xdata()[0] == pytest.approx(0.1)
    assert "training errors" in colorbar.get_ylabel()


def test_the_phase_figure_of_zero_init_is_one_band_without_breakpoints(mpl):
    diagram = numeric.phase_diagram(X, Y, 0, epochs=3)
    figure = plots.phase_figure(diagram)
    ax = figure.axes[0]
    assert len(np.asarray(artist(ax, "phases").get_array()).ravel()) == 1
    assert len(artist(ax, "breakpoints").get_xdata()) == 0
    assert ax.get_xlim() == pytest.approx((1e-3, 1e3))


def test_trajectories_lie_on_top_of_each_other_at_zero_init(mpl):
    figure = plots.trajectory_figure(X, Y, None, ETAS, epochs=3)
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["η = 0.001", "η = 0.1", "η = 10"]
    for line in lines:
        assert list(line.get_xdata()) == list(range(22))
        angles = np.asarray(line.get_ydata())
        finite = angles[np.isfinite(angles)]
        assert len(finite) > 15 and np.all(np.abs(finite) < 1e-9)


def test_trajectories_fan_out_at_nonzero_init(mpl):
    figure = plots.trajectory_figure(X, Y, ["0.5"], ETAS, epochs=3)
    lines = figure.axes[0].get_lines()
    assert len(lines) == 3
    largest = [np.nanmax(line.get_ydata()) for line in lines]
    assert max(largest) > 90  # some rate ends up pointing the other way
    assert all(np.asarray(line.get_ydata())[0] == 0 for line in lines)  # all start at w⁽⁰⁾


def test_the_angle_is_zero_for_parallel_vectors_and_undefined_for_zero():
    u = np.array([[1.0, 2.0], [1.0, 0.0], [0.0, 0.0]])
    v = np.array([[3.0, 6.0], [0.0, 5.0], [1.0, 1.0]])
    out = plots.angles(u, v)
    assert out[0] == 0 and out[1] == pytest.approx(np.pi / 2) and np.isnan(out[2])
    exact = np.array([[Fraction(1, 3), Fraction(2, 3)]], dtype=object)
    assert plots.angles(exact * 7, exact)[0] == 0


def test_the_textbook_figures_are_written(mpl, tmp_path):
    paths = plots.write_textbook_figures(tmp_path, epochs=2)  # the committed ones have 10
    assert [p.name for p in paths] == [
        "iris_phases.png",
        "iris_trajectories.png",
        "scaling_collapse.png",
    ]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in paths)


def test_without_matplotlib_the_error_names_the_extra_to_install(monkeypatch):
    real = importlib.import_module

    def no_matplotlib(name, *args):
        if name.startswith("matplotlib"):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args)

    monkeypatch.setattr(plots.importlib, "import_module", no_matplotlib)
    diagram = numeric.phase_diagram(X, Y, 0)
    with pytest.raises(plots.MatplotlibMissing, match=r"pip install etaproof\[plot\]"):
        plots.phase_figure(diagram)
    with pytest.raises(ImportError):
        plots.trajectory_figure(X, Y, None, ETAS)


def test_the_collapse_figure_shows_one_curve_once_w0_is_rescaled(mpl):
    figure = plots.scale_invariant_collapse_figure()
    left, right = figure.axes[:2]
    same = [tuple(line.get_ydata()) for line in left.get_lines()]
    rescaled = [tuple(line.get_ydata()) for line in right.get_lines()]
    assert len(same) == len(rescaled) == 4
    assert len(set(rescaled)) == 1  # (η·4ʲ, 2ʲ·w⁽⁰⁾): one run, as the exponent a = 2 says
    assert len(set(same)) > 1  # the same w⁽⁰⁾ at those rates: η changes the mistakes
    assert "1 distinct curve(s) of 4" in right.get_title()

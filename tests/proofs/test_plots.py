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

# Six rows, 2 features and a bias from w⁽⁰⁾ = (1, −3, 3), 2 epochs: 7 phases, breakpoints 3/8
# … 7/6, and the final weights misclassify 1 sample in every one of them, so the colour alone
# drew them as one uniform rectangle.
SEVEN_X = [[0, -2], [1, -1], [-1, 3], [-2, 3], [1, 0], [-3, 2]]
SEVEN_Y = [1, -1, -1, -1, 1, -1]
SEVEN_W0 = [1, -3, 3]
# Six rows, 1 feature, no bias, w⁽⁰⁾ = 3, 3 epochs: 7 phases with breakpoints 1/12 … 1/2; the
# features times 1000 divide every breakpoint by 1000 (w⁽⁰⁾·x grows as 1000, η·x·x as 1000²),
# so the phases lie below 10⁻² and a plain axis around them leaves η = 0.1 out.
SMALL_X = [[3000], [-3000], [-3000], [0], [-3000], [3000]]
SMALL_Y = [-1, -1, 1, 1, -1, 1]


@pytest.fixture
def mpl():
    return require_module("matplotlib")


def artist(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"one artist with gid {gid!r}"
    return found[0]


def boundary_xs(ax):
    """The η of every phase boundary line (a LineCollection of vertical segments, each up to
    the top of the axes)."""
    segments = artist(ax, "boundaries").get_segments()
    assert all(seg[0][0] == seg[1][0] and seg[1][1] == 1 for seg in segments)
    return [seg[0][0] for seg in segments]


def legend_labels(ax):
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


@pytest.fixture(scope="module")
def seven():
    return numeric.phase_diagram(SEVEN_X, SEVEN_Y, SEVEN_W0, epochs=2, bias=True)


@pytest.fixture(scope="module")
def six():
    """tests/numeric/test_phase_final.py's six rows: 45 phases, 5 of them single rates."""
    six_x = [[2, 1], [-3, -1], [2, -1], [-1, -2], [3, -3], [2, -2]]
    six_y = [1, 1, -1, -1, -1, 1]
    return numeric.phase_diagram(six_x, six_y, ["-3", "1/2", "-1/2"], epochs=5, bias=True)


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
    assert boundary_xs(ax) == [] and len(artist(ax, "points").get_xdata()) == 0
    label = artist(ax, "phase 1").get_text()  # the one phase, its updates per epoch below
    assert label == "1\n" + " ".join(map(str, diagram.phases[0].errors_per_epoch))
    assert legend_labels(ax) == []  # nothing to count: no "0 breakpoints", no boundary


def test_trajectories_lie_on_top_of_each_other_at_zero_init(mpl):
    figure = plots.trajectory_figure(X, Y, None, ETAS, epochs=3)
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["η = 0.001", "η = 0.1", "η = 10"]
    for line in lines:
        assert list(line.get_xdata()) == list(range(22))
        angles = np.asarray(line.get_ydata())
        finite = angles[np.isfinite(angles)]
        assert len(finite) > 15 and np.all(np.abs(finite) < 1e-9)
    note = figure.axes[0].get_legend().get_title()
    assert note.get_gid() == "overlap"
    assert note.get_text() == (
        "3 rates, one line: the curves coincide\nall at 0°: every w⁽ᵏ⁾(η) points along w⁽ᵏ⁾(η = 1)"
    )
    # drawn thick to thin, each in its own style, so the hidden ones show through
    widths = [line.get_linewidth() for line in lines]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 3
    assert len({line.get_linestyle() for line in lines}) == 3


def test_trajectories_fan_out_at_nonzero_init(mpl):
    figure = plots.trajectory_figure(X, Y, ["0.5"], ETAS, epochs=3)
    lines = figure.axes[0].get_lines()
    assert len(lines) == 3
    largest = [np.nanmax(line.get_ydata()) for line in lines]
    assert max(largest) > 90  # some rate ends up pointing the other way
    assert all(np.asarray(line.get_ydata())[0] == 0 for line in lines)  # all start at w⁽⁰⁾
    assert figure.axes[0].get_legend().get_title().get_text() == ""  # every line can be seen


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
        "iris_errors.png",
        "iris_regions.png",
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


def test_every_phase_of_a_uniformly_coloured_diagram_gets_a_boundary_and_a_label(mpl, seven):
    assert len(seven) == 7
    assert {s.training_errors for s in seven.segments} == {1}  # one colour for all of them
    ax = plots.phase_figure(seven).axes[0]
    xs = boundary_xs(ax)
    assert len(xs) == len(seven) - 1
    assert xs == [float(phase.high) for phase in seven.phases[:-1]]
    assert xs == [float(b) for b in seven.breakpoints]  # no single-rate phase here
    for number, phase in enumerate(seven.phases, start=1):
        label = artist(ax, f"phase {number}").get_text().split("\n")
        assert label[0] == str(number)
        if len(label) > 1:  # the updates per epoch, when they fit, are the phase's
            assert label[1] == " ".join(map(str, phase.errors_per_epoch))
        x = artist(ax, f"phase {number}").get_position()[0]
        assert phase.contains(x)  # each label inside its own phase
    assert ax.get_title().startswith("7 phases of η")


def test_single_rate_phases_get_two_boundaries_and_a_marker(mpl, six):
    ax = plots.phase_figure(six).axes[0]
    points = [float(phase.low) for phase in six.phases if phase.is_point]
    assert len(points) == 5 and len(six) == 45 and len(six.breakpoints) == 39
    xs = boundary_xs(ax)
    assert len(xs) == len(six) - 1 == 44
    assert all(xs.count(x) == 2 for x in points)  # {a} meets both neighbours at a
    assert list(artist(ax, "points").get_xdata()) == points


@pytest.mark.parametrize("data", ["seven", "six"])
def test_every_count_in_the_phase_legend_counts_what_it_labels(mpl, data, request):
    diagram = request.getfixturevalue(data)
    ax = plots.phase_figure(diagram, etas=["0.5", "2"]).axes[0]
    labels = legend_labels(ax)
    ticks = len(artist(ax, "breakpoints").get_xdata())
    points = len(artist(ax, "points").get_xdata())
    assert f"{ticks} breakpoint{'s' if ticks != 1 else ''}" in labels
    assert ticks == len(diagram.breakpoints)
    single = [label for label in labels if label.endswith("of a single rate")]
    assert single == ([f"{points} phases of a single rate"] if points else [])
    assert labels.count("asked rate") == 1  # one entry, however many rates
    assert ax.get_title().startswith(f"{len(diagram)} phases of η")


@pytest.mark.parametrize(
    "etas", [["0.1"], ["1e-6"], ["1e6"], ["1e-9", "3/7", "250000"], ["0.01", "0.02"]]
)
def test_the_phase_axis_contains_every_asked_rate(mpl, seven, etas):
    ax = plots.phase_figure(seven, etas=etas).axes[0]
    low, high = ax.get_xlim()
    for eta in etas:
        value = float(numeric.inputs.to_fraction(eta, "eta"))
        assert low < value < high
        line = artist(ax, f"eta={numeric.inputs.to_fraction(eta, 'eta')}")
        assert line.get_xdata()[0] == pytest.approx(value)
    # the bands still cover the whole axis, and the breakpoints are untouched
    edges = artist(ax, "phases").get_coordinates()[0, :, 0]
    assert edges[0] == pytest.approx(low) and edges[-1] == pytest.approx(high)
    np.testing.assert_allclose(edges[1:-1], [float(b) for b in seven.breakpoints])


def test_a_rate_far_from_every_breakpoint_is_drawn_not_dropped(mpl):
    # The notebook's case: phases below 10⁻², η = 0.1 asked.
    diagram = numeric.phase_diagram(SMALL_X, SMALL_Y, [3], epochs=3)
    assert len(diagram) == 7 and float(diagram.breakpoints[-1]) < 1e-3
    ax = plots.phase_figure(diagram, etas=["0.1"]).axes[0]
    assert ax.get_xlim()[1] > 0.1
    texts = [t.get_text() for t in ax.texts]
    last = diagram.phases[-1]
    assert (
        f"η = 0.1: errors per epoch {' '.join(map(str, last.errors_per_epoch))}, "
        f"final training errors {last.training_errors_at('0.1')}"
    ) in texts


def test_a_rate_a_log_axis_cannot_hold_is_refused(mpl, seven):
    with pytest.raises(numeric.InvalidLearningRate, match="beyond float64's range"):
        plots.phase_figure(seven, etas=["1e400"])


def test_the_phase_colour_bar_counts_whole_samples(mpl, seven):
    colorbar = plots.phase_figure(seven).axes[1]
    ticks = colorbar.get_yticks()
    assert list(ticks) == [int(t) for t in ticks] and 0 in ticks and max(ticks) <= seven.n


def test_the_phase_command_marks_its_eta_rates_on_the_plot(mpl, monkeypatch, tmp_path, capsys):
    from proofs.commands import main as cli
    from proofs.commands import phase

    made = []

    def keep(diagram, **options):
        made.append(plots.phase_figure(diagram, **options))
        return made[-1]

    monkeypatch.setattr(phase, "phase_figure", keep)
    data = tmp_path / "seven.csv"
    data.write_text("".join(f"{a},{b},{c}\n" for (a, b), c in zip(SEVEN_X, SEVEN_Y, strict=True)))
    w0 = tmp_path / "w0.csv"
    w0.write_text("1,-3,3\n")
    out = tmp_path / "seven.png"
    args = ["--data", str(data), "--w0", str(w0), "--epochs", "2", "--bias"]
    assert cli.main(["phase", *args, "--eta", "0.001,1/2", "--plot", str(out)]) == 1
    capsys.readouterr()
    (ax, _) = made[0].axes
    assert artist(ax, "eta=1/1000").get_xdata()[0] == pytest.approx(0.001)
    assert artist(ax, "eta=1/2").get_xdata()[0] == pytest.approx(0.5)
    assert ax.get_xlim()[0] < 0.001
    assert len(boundary_xs(ax)) == 6 and out.stat().st_size > 1000


def test_coinciding_groups_curves_equal_within_the_tolerance_nan_where_both_are():
    nan = float("nan")
    curves = [[nan, 0, 1], [nan, 0, 1 + 1e-12], [0, 0, 1], [nan, 5, 1]]
    assert plots.coinciding(curves) == [[0, 1], [2], [3]]
    assert plots.coinciding(curves, tolerance=10) == [[0, 1, 3], [2]]


def test_the_overlap_notes_say_which_lines_hide_and_by_how_much():
    names = ["0.1", "1", "10"]
    assert plots.overlap_notes([[0, 1], [0, 1], [0, 1]], names) == [
        "3 rates, one line: the curves coincide"
    ]
    assert plots.overlap_notes([[0, 90], [0, 1], [0, 1]], names) == [
        "η = 1, 10: one line, the curves coincide"
    ]
    # 0.2 apart on a plotted range of 90: one line at this scale, and the distance is true
    notes = plots.overlap_notes([[0, 90], [0, 1], [0, 1.2]], names, unit="°")
    assert notes == ["η = 1, 10: within 0.2° of each other, one line at this scale"]
    assert plots.overlap_notes([[0, 90], [0, 1], [0, 30]], names) == []

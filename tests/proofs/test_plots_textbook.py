"""proofs.plots: the textbook's two plots of a perceptron's training (Raschka, *Python Machine
Learning*, ch. 2), read back from the figures' data: the updates per epoch are the model's
``errors_``, the decision regions are its predictions, and every count they print is true."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import require_module

import numeric
from proofs import plots

RATES = [0.1, 0.01, 0.001, 0.0001]


@pytest.fixture(scope="module")
def mpl():
    return require_module("matplotlib")


@pytest.fixture(scope="module")
def iris():
    X, y = numeric.load_iris()
    return np.array(X, dtype=float), np.asarray(y)


@pytest.fixture(scope="module")
def book(iris):
    """The book's model: η = 0.1, 10 epochs, its random w⁽⁰⁾ (seed 1)."""
    return numeric.Perceptron(eta=0.1, n_iter=10, w0="textbook").fit(*iris)


def lines_of(ax):
    return [line for line in ax.get_lines() if str(line.get_gid()).startswith("errors:")]


def test_the_updates_per_epoch_are_the_models_errors_a_line_with_markers(mpl, book):
    figure = plots.errors_per_epoch_figure(book)
    assert isinstance(figure, mpl.figure.Figure)
    ax = figure.axes[0]
    (line,) = lines_of(ax)
    assert list(line.get_ydata()) == list(book.errors_)
    assert list(line.get_xdata()) == list(range(1, book.n_iter + 1))
    assert line.get_marker() == "o" and line.get_label() == "η = 0.1"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Epochs", "Number of updates")
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_a_list_of_rates_gives_one_line_each_and_names_the_lines_that_coincide(mpl, iris):
    model = numeric.Perceptron(eta=RATES, n_iter=10, w0="textbook").fit(*iris)
    ax = plots.errors_per_epoch_figure(model).axes[0]
    lines = lines_of(ax)
    assert [line.get_label() for line in lines] == [f"η = {eta}" for eta in RATES]
    for line, errors in zip(lines, model.errors_, strict=True):
        assert list(line.get_ydata()) == list(errors)
    # the note follows the data: the rates whose counts are equal in every epoch
    same = [
        [RATES[j] for j in range(len(RATES)) if list(model.errors_[j]) == list(row)]
        for row in model.errors_
    ]
    hidden = [group for group in same if len(group) > 1]
    note = ax.get_legend().get_title().get_text()
    assert hidden and note == "η = 0.1, 0.01: one line, the curves coincide"
    assert hidden[0] == [0.1, 0.01]
    # the hidden line is drawn thinner and in another style, so it shows on the first
    first, second = lines[0], lines[1]
    assert first.get_linewidth() > second.get_linewidth()
    assert first.get_linestyle() != second.get_linestyle()


def test_plain_counts_plot_as_given_and_without_a_note_when_every_line_shows(mpl):
    ax = plots.errors_per_epoch_figure([[3, 1, 0], [2, 2, 1]], etas=["1", "2"]).axes[0]
    assert [list(line.get_ydata()) for line in lines_of(ax)] == [[3, 1, 0], [2, 2, 1]]
    assert [line.get_label() for line in lines_of(ax)] == ["η = 1", "η = 2"]
    assert ax.get_legend().get_title().get_text() == ""
    ax = plots.errors_per_epoch_figure([4, 2, 0, 0]).axes[0]
    (line,) = lines_of(ax)
    assert list(line.get_ydata()) == [4, 2, 0, 0] and ax.get_legend() is None


@pytest.mark.parametrize(
    ("errors", "message"),
    [([1.5, 2], "whole numbers"), ([1, -1], "whole numbers"), ([], "updates per epoch")],
)
def test_what_is_no_count_of_updates_is_refused(mpl, errors, message):
    with pytest.raises(ValueError, match=message):
        plots.errors_per_epoch_figure(errors)


def test_an_unfitted_model_is_refused(mpl):
    with pytest.raises(numeric.NotFittedError):
        plots.errors_per_epoch_figure(numeric.Perceptron())


def test_the_decision_regions_cover_the_samples_one_marker_per_class(mpl, book, iris):
    X, y = iris
    figure = plots.decision_regions_figure(
        book,
        X,
        y,
        feature_names=("sepal length [cm]", "petal length [cm]"),
        class_names=("setosa", "versicolor"),
    )
    assert isinstance(figure, mpl.figure.Figure)
    ax = figure.axes[0]
    (regions,) = [a for a in ax.get_children() if a.get_gid() == "regions"]
    corners = np.vstack([path.vertices for path in regions.get_paths() if len(path.vertices)])
    assert np.all(corners.min(axis=0) < X.min(axis=0))
    assert np.all(corners.max(axis=0) > X.max(axis=0))
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < X[:, 0].min() and x1 > X[:, 0].max() and y0 < X[:, 1].min() < y1
    assert y1 > X[:, 1].max()
    scatters = [a for a in ax.collections if str(a.get_gid()).startswith("class=")]
    assert [s.get_gid() for s in scatters] == ["class=-1", "class=1"]
    for scatter, label in zip(scatters, (-1, 1), strict=True):
        np.testing.assert_array_equal(scatter.get_offsets(), X[y == label])
    assert [len(s.get_offsets()) for s in scatters] == [50, 50]
    assert len({s.get_paths()[0].vertices.tobytes() for s in scatters}) == 2  # two markers
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["setosa (50)", "versicolor (50)"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("sepal length [cm]", "petal length [cm]")
    assert ax.get_title() == "decision regions, η = 0.1: 0 of 100 samples misclassified"


def test_the_regions_are_the_models_own_predictions_and_the_title_counts_its_mistakes(mpl):
    # Not separable: w·x + b ≥ 0 by hand, against the figure's colours and count.
    X = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.5, 0.4]])
    y = np.array([0, 0, 1, 1, 1])
    model = numeric.Perceptron(eta=1, n_iter=3).fit(X, y)
    w, b = np.asarray(model.w_[:2], dtype=float), float(model.w_[2])
    wrong = int(np.sum(np.where(X @ w + b >= 0, 1, 0) != y))
    ax = plots.decision_regions_figure(model, X, y, points=40).axes[0]
    assert ax.get_title().endswith(f"{wrong} of 5 samples misclassified") and wrong > 0
    # the filled contour's levels separate class indices 0 | 1
    (regions,) = [a for a in ax.get_children() if a.get_gid() == "regions"]
    assert list(regions.levels) == [-0.5, 0.5, 1.5]


def test_decision_regions_need_two_features_and_one_rate(mpl, iris):
    X, y = iris
    three = np.column_stack([X, X[:, 0]])
    model = numeric.Perceptron(eta=0.1, n_iter=2).fit(three, y)
    with pytest.raises(numeric.DimensionMismatch, match="need exactly 2"):
        plots.decision_regions_figure(model, three, y)
    several = numeric.Perceptron(eta=[0.1, 1], n_iter=2).fit(X, y)
    with pytest.raises(numeric.InvalidLearningRate, match="one rate"):
        plots.decision_regions_figure(several, X, y)

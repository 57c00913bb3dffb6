"""Figures of the η phase diagram, of weight trajectories, and the textbook's two plots of a
perceptron's training (updates per epoch, decision regions) (matplotlib, optional).

Every function returns a :class:`matplotlib.figure.Figure` drawn on its own Agg canvas, never
through pyplot's global state, so nothing is shown and nothing leaks between calls.  Without
matplotlib they raise :class:`MatplotlibMissing`, which says how to install it.

Every figure says what would otherwise hide: lines that lie on each other are named in the
legend (:func:`overlap_notes`, decided from the data), phases whose colour does not change
still get their boundaries, and an asked rate always lies inside the axis.

``python -m proofs.plots [--out DIR]`` writes the figures (default: a checkout's
proofs/figures/): the textbook's phases, trajectories, updates per epoch and decision
regions, the scaling collapse, and the drift of a conservation law under gradient descent at
several η (:func:`law_drift_figure`).
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import numeric
from numeric.brief import approximately, shown
from numeric.display import plural
from numeric.errors import DimensionMismatch, InvalidLearningRate, InvalidNumber
from numeric.estimator import NotFittedError, Perceptron
from numeric.inputs import float_array, learning_rates
from numeric.phase import PhaseDiagram
from proofs.commands.build_proofs import in_source_checkout
from proofs.commands.options import UsageError, check_out_path
from proofs.rule_files import load_rule_file
from symbolic import CollapseRuns, collapse_runs

__all__ = [
    "DRIFT_ETAS",
    "DRIFT_SEED",
    "DRIFT_STEPS",
    "FIGURES",
    "LawDrift",
    "MatplotlibMissing",
    "angles",
    "coinciding",
    "decision_regions_figure",
    "draw_trajectories",
    "errors_per_epoch_figure",
    "hiding",
    "law_drift",
    "law_drift_figure",
    "overlap_notes",
    "phase_figure",
    "scale_invariant_collapse_figure",
    "scaling_collapse_figure",
    "textbook_errors_figure",
    "textbook_phase_figure",
    "textbook_regions_figure",
    "textbook_trajectory_figure",
    "trajectory_figure",
    "write_figures",
    "write_law_drift_figure",
    "write_textbook_figures",
]

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Where ``python -m proofs.plots`` writes the textbook figures, and the catalogue's rules.
FIGURES = Path(__file__).parent / "figures"
RULES = Path(__file__).parent / "rules"

#: The rates of the trajectory figures: the book's η = 0.1 is the reference.
TRAJECTORY_ETAS = ("0.1", "0.0001", "0.001", "0.01", "1", "10")

INSTALL = "pip install etaproof[plot]"

#: The rates of the law-drift figure, each half the one before, and its number of steps.
DRIFT_ETAS = (0.01, 0.005, 0.0025, 0.00125)
DRIFT_STEPS = 40
#: The seed of the law-drift figure's network and data.
DRIFT_SEED = 11


class MatplotlibMissing(ImportError):
    """matplotlib is not installed; the message names the extra that brings it."""


def _matplotlib() -> dict[str, Any]:
    """The few matplotlib classes we use, imported on first use."""
    try:
        matplotlib = importlib.import_module("matplotlib")
        figure = importlib.import_module("matplotlib.figure")
        agg = importlib.import_module("matplotlib.backends.backend_agg")
        colors = importlib.import_module("matplotlib.colors")
        cm = importlib.import_module("matplotlib.cm")
        ticker = importlib.import_module("matplotlib.ticker")
        patheffects = importlib.import_module("matplotlib.patheffects")
    except ImportError:
        raise MatplotlibMissing(
            f"the plots need matplotlib, which is not installed: {INSTALL}"
        ) from None
    return {
        "Figure": figure.Figure,
        "Canvas": agg.FigureCanvasAgg,
        "colors": colors,
        "colormaps": matplotlib.colormaps,
        "cm": cm,
        "ticker": ticker,
        "patheffects": patheffects,
    }


def _new_figure(**options: Any) -> Figure:
    mpl = _matplotlib()
    figure = mpl["Figure"](**options)
    mpl["Canvas"](figure)
    return figure


#: How far beyond the outermost asked rate the η axis of a phase figure reaches (a factor).
RATE_MARGIN = 3.0
#: Up to this many phases each boundary is drawn bold across the bands (black with a white
#: edge, visible on any colour); beyond, thin, faint and only in a comb along the top (the
#: top :data:`COMB` of the axis), or the crowded part of the axis would be painted black.
FEW_PHASES = 60
COMB = 0.12
#: The share of the η axis one character of a phase's label takes (7 pt on the 9-inch figure).
LABEL_CHARACTER = 0.008
#: Training-error colour bars with one colour per count up to this many samples.
DISCRETE_COUNTS = 20


def _axis_rates(etas: Sequence[object]) -> list[float]:
    """The rates ``etas`` as the floats a log axis can place; an exact rate beyond float64's
    positive range cannot be drawn, and raises :class:`InvalidLearningRate`."""
    rates = []
    for i, (given, exact) in enumerate(zip(etas, learning_rates(list(etas)), strict=True), 1):
        try:
            value = float(exact)
        except OverflowError:
            value = math.inf
        if not 0 < value < math.inf:
            raise InvalidLearningRate(
                f"etas[{i}]={shown(given)} lies beyond float64's range (about 1e-308 to "
                "1e308): a log axis cannot show it",
                given,
            )
        rates.append(value)
    return rates


def _edges(diagram: PhaseDiagram, rates: Sequence[float] = ()) -> tuple[np.ndarray, float, float]:
    """The band edges on the η axis (floats), one band per segment (a piece of a phase with
    constant final training errors), from a decade below the first end of a band to a decade
    above the last (10⁻³ … 10³ with none; exactly its ``eta_range`` for a diagram over one),
    widened to hold every rate of ``rates`` with a factor :data:`RATE_MARGIN` to spare."""
    segments = diagram.segments
    ends = [float(segment.high) for segment in segments[:-1]]  # type: ignore[arg-type]
    positive = [e for e in ends if e > 0 and math.isfinite(e)]
    low = min(positive) / 10 if positive else 1e-3
    high = max(positive) * 10 if positive else 1e3
    if diagram.eta_range is not None:  # a diagram over [lo, hi] is drawn over exactly that
        low, high = (float(end) for end in diagram.eta_range)
    if rates:
        low = min(low, min(rates) / RATE_MARGIN)
        high = max(high, max(rates) * RATE_MARGIN)
    edges = np.clip(np.array([low, *ends, high]), low, high)
    return edges, low, high


def _count_colours(mpl: dict[str, Any], colormap: str, n: int) -> tuple[Any, Any, list[int]]:
    """``(cmap, norm, ticks)`` for training-error counts 0 … n: one colour per count when n is
    at most :data:`DISCRETE_COUNTS` (ticks on whole counts only), else a continuous scale."""
    top = max(n, 1)
    if top > DISCRETE_COUNTS:
        return mpl["colormaps"][colormap], mpl["colors"].Normalize(vmin=0, vmax=top), []
    cmap = mpl["colormaps"][colormap].resampled(top + 1)
    norm = mpl["colors"].BoundaryNorm(np.arange(-0.5, top + 1), top + 1)
    step = math.ceil((top + 1) / 8)
    return cmap, norm, list(range(0, top + 1, step))


def _phase_boundaries(diagram: PhaseDiagram) -> list[float]:
    """Where each phase meets the next (phases − 1 of them); a single-rate phase {a} meets
    both neighbours at a, so a appears twice."""
    return [float(phase.high) for phase in diagram.phases[:-1]]  # type: ignore[arg-type]


def _label_phases(ax: Axes, diagram: PhaseDiagram, low: float, high: float) -> tuple[int, int]:
    """Write each phase's number (as ``etaproof phase`` counts them, from 1) in its band, and
    its updates per epoch below when they fit; phases too narrow for their number stay
    unlabelled.  Returns how many were labelled, and how many with their updates."""
    span = math.log(high / low)
    labelled = with_updates = 0
    for i, phase in enumerate(diagram.phases):
        if phase.is_point:
            continue
        left = max(float(phase.low), low)
        right = high if phase.high is None else min(float(phase.high), high)
        if right <= left:
            continue
        share = math.log(right / left) / span
        number = str(i + 1)
        updates = " ".join(map(str, phase.errors_per_epoch))
        if share < (len(number) + 0.6) * LABEL_CHARACTER:
            continue
        fits = share >= (len(updates) + 1) * LABEL_CHARACTER
        ax.text(
            math.sqrt(left * right),
            0.5,
            f"{number}\n{updates}" if fits else number,
            ha="center",
            va="center",
            fontsize=7,
            gid=f"phase {number}",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.75, "lw": 0},
        )
        labelled += 1
        with_updates += fits
    return labelled, with_updates


def phase_figure(
    diagram: PhaseDiagram,
    *,
    etas: Sequence[object] = (),
    title: str | None = None,
    colormap: str = "viridis",
) -> Figure:
    """The phases over a log η axis as bands coloured by the training errors of the final
    weights w⁽ᴷ⁾(η), which hold at every rate of the band: one band per segment (a phase
    whose final training errors vary with η is split where they change; single points are
    bands of width zero).  Every phase is visible even where the colour does not change: a
    vertical line where each phase meets the next (phases − 1 lines: bold across the bands
    when there are few, beyond :data:`FEW_PHASES` a thin comb along the top), a ▼ on each
    single-rate phase, every breakpoint a tick along the bottom, and each phase wide enough
    for it labelled with its number and, when they fit, its updates per epoch.  The axis
    reaches every rate of ``etas``, each a dashed red line annotated with its errors per
    epoch and final training errors.  A colour bar gives the error counts."""
    mpl = _matplotlib()
    given = list(etas)
    rates = _axis_rates(given) if given else []
    figure = _new_figure(figsize=(9, 3.8), layout="constrained")
    ax = figure.add_subplot()
    edges, low, high = _edges(diagram, rates)
    errors = np.array([[segment.training_errors for segment in diagram.segments]], dtype=float)
    cmap, norm, ticks = _count_colours(mpl, colormap, diagram.n)
    bands = ax.pcolormesh(
        edges, [0.0, 1.0], errors, cmap=cmap, norm=norm, shading="flat", gid="phases"
    )
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    boundaries = _phase_boundaries(diagram)
    few = len(diagram) <= FEW_PHASES
    stroke = [mpl["patheffects"].withStroke(linewidth=2.6, foreground="white")]
    ax.vlines(
        boundaries,
        0.0 if few else 1 - COMB,
        1.0,
        colors="black",
        linewidths=1.0 if few else 0.4,
        alpha=1.0 if few else 0.5,
        path_effects=stroke if few else None,
        gid="boundaries",
        label="phase boundary" if boundaries else "_boundaries",
    )
    points = [float(phase.low) for phase in diagram.phases if phase.is_point]
    ax.plot(
        points,
        [0.97] * len(points),
        linestyle="none",
        marker="v",
        markersize=6,
        color="black",
        gid="points",
        label=f"{plural(len(points), 'phase')} of a single rate" if points else "_points",
    )
    breakpoints = [float(b) for b in diagram.breakpoints]
    ax.plot(
        breakpoints,
        [0.0] * len(breakpoints),
        linestyle="none",
        marker="|",
        markersize=8,
        color="black",
        alpha=0.6,
        gid="breakpoints",
        label=plural(len(breakpoints), "breakpoint") if breakpoints else "_breakpoints",
    )
    labelled, with_updates = _label_phases(ax, diagram, low, high)
    if labelled:
        ax.set_ylabel("phase\nupdates per epoch" if with_updates else "phase", fontsize=8)
    span = math.log(high / low)
    for row, (text, eta, value) in enumerate(
        zip(given, learning_rates(given) if given else [], rates, strict=True)
    ):
        right_half = math.log(value / low) / span > 0.5
        ax.axvline(
            value,
            color="red",
            linestyle="--",
            linewidth=1.2,
            gid=f"eta={eta}",
            label="asked rate" if row == 0 else "_asked",
        )
        phase = diagram.phase_at(eta)
        ax.annotate(
            f"η = {text}: errors per epoch {' '.join(map(str, phase.errors_per_epoch))}, "
            f"final training errors {phase.training_errors_at(eta)}",
            (value, 0.94 - 0.09 * (row % 8)),
            xytext=(-4 if right_half else 4, 0),
            textcoords="offset points",
            ha="right" if right_half else "left",
            va="top",
            fontsize=8,
            color="red",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "alpha": 0.8, "lw": 0},
        )
    ax.set_xlabel("learning rate η (log scale)")
    ax.set_title(
        title
        or f"{plural(len(diagram), 'phase')} of η"
        + ("" if diagram.eta_range is None else f" in {diagram.range_text.removeprefix('η in ')}")
        + f": rule {diagram.rule.name}, "
        f"{plural(diagram.n, 'sample')}, {plural(diagram.epochs, 'epoch')}",
        fontsize=10,
    )
    if ax.get_legend_handles_labels()[0]:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncols=4,
            fontsize=8,
            frameon=False,
            handlelength=1.5,
        )
    colorbar = figure.colorbar(
        bands, ax=ax, label="training errors\nof the final weights at η", ticks=ticks or None
    )
    colorbar.ax.tick_params(labelsize=8)
    return figure


def angles(weights: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """The angle (radians) between each row of ``weights`` and of ``reference`` (steps × d),
    by Kahan's formula 2·atan2(|û − v̂|, |û + v̂|), accurate for parallel vectors; NaN where
    either vector is 0 (no direction)."""
    u = np.asarray(weights, dtype=float)
    v = np.asarray(reference, dtype=float)
    nu = np.linalg.norm(u, axis=-1, keepdims=True)
    nv = np.linalg.norm(v, axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        a, b = u / nu, v / nv
        out = 2 * np.arctan2(np.linalg.norm(a - b, axis=-1), np.linalg.norm(a + b, axis=-1))
    out[(nu[..., 0] == 0) | (nv[..., 0] == 0)] = np.nan
    return out


#: Curves within this distance of each other at every point (in their own unit, NaN where
#: both are NaN) are one line: they coincide.
COINCIDE = 1e-9
#: Curves apart by more than that but by at most this share of everything plotted on the axes
#: look like one line at the figure's scale, and are said to.
LOOK_ALIKE = 0.005
#: The line styles that let coinciding lines show through each other.
STYLES = ("-", "--", "-.", ":")


def _apart(a: np.ndarray, b: np.ndarray) -> float:
    """The largest distance between two curves of one length, ∞ where one is NaN and the
    other is not (steps without a direction in one run only)."""
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    if np.any(nan_a != nan_b):
        return math.inf
    both = ~nan_a
    return float(np.max(np.abs(a[both] - b[both]), initial=0.0))


def coinciding(curves: Sequence[object], tolerance: float = COINCIDE) -> list[list[int]]:
    """The curves (equal-length sequences of numbers) grouped by coincidence: each group the
    indices of curves within ``tolerance`` of its first curve at every point, groups in the
    order of their first curve.  A curve on its own is a group of one."""
    values = [np.asarray(curve, dtype=float) for curve in curves]
    groups: list[list[int]] = []
    for i, curve in enumerate(values):
        for group in groups:
            first = values[group[0]]
            if first.shape == curve.shape and _apart(first, curve) <= tolerance:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def hiding(curves: Sequence[object], tolerance: float = COINCIDE) -> list[list[int]]:
    """The curves grouped by what a reader can tell apart: the groups of :func:`coinciding`,
    merged where their first curves stay within :data:`LOOK_ALIKE` of the range of every
    finite value plotted (one line at the figure's scale)."""
    values = [np.asarray(curve, dtype=float) for curve in curves]
    groups = coinciding(values, tolerance)
    finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.array([])
    scale = float(np.ptp(finite)) if finite.size else 0.0
    if scale == 0:
        return groups
    close = coinciding([values[group[0]] for group in groups], LOOK_ALIKE * scale)
    return [sorted(i for j in near for i in groups[j]) for near in close]


def overlap_notes(
    curves: Sequence[object],
    names: Sequence[str],
    *,
    unit: str = "",
    tolerance: float = COINCIDE,
) -> list[str]:
    """Sentences saying which of the curves (one per rate, ``names`` the rates) hide each
    other, decided from the data: those within ``tolerance`` everywhere coincide (all of
    them: "5 rates, one line: the curves coincide"); those that stay within
    :data:`LOOK_ALIKE` of the plotted range of each other (:func:`hiding`) are one line at
    this scale, the largest distance between them given in ``unit``.  Empty when every curve
    can be told apart."""
    values = [np.asarray(curve, dtype=float) for curve in curves]
    exact = coinciding(values, tolerance)
    notes = []
    for group in exact:
        if len(group) == len(values) > 1:
            notes.append(f"{len(group)} rates, one line: the curves coincide")
        elif len(group) > 1:
            rates = ", ".join(names[i] for i in group)
            notes.append(f"η = {rates}: one line, the curves coincide")
    for group in hiding(values, tolerance):
        if len(group) < 2 or group in exact:
            continue
        apart = max(_apart(values[a], values[b]) for a in group for b in group)
        rates = ", ".join(names[i] for i in group)
        notes.append(f"η = {rates}: within {apart:.2g}{unit} of each other, one line at this scale")
    return notes


def _styles(groups: list[list[int]]) -> dict[int, dict[str, Any]]:
    """Line options per curve: a curve alone is thin and solid; the k curves of a group get
    widths from thick (drawn first) to thin and a style each, so each one shows."""
    options = {}
    for group in groups:
        for j, i in enumerate(group):
            if len(group) == 1:
                options[i] = {"linewidth": 1.2, "linestyle": "-"}
            else:
                width = 1.0 + 1.6 * (len(group) - 1 - j) / (len(group) - 1)
                options[i] = {"linewidth": width, "linestyle": STYLES[j % len(STYLES)]}
    return options


def _legend(ax: Axes, notes: list[str], **options: Any) -> None:
    """The legend, below the axes, titled with ``notes`` (gid ``overlap``); none without
    lines."""
    if not ax.get_legend_handles_labels()[0]:
        return
    legend = ax.legend(
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncols=3,
        frameon=False,
        title="\n".join(notes) or None,
        title_fontsize=8,
        alignment="left",
        **options,
    )
    legend.get_title().set_gid("overlap")


def draw_trajectories(
    ax: Axes,
    X: object,
    y: object,
    w0: object,
    etas: Sequence[object],
    *,
    epochs: int = 1,
    bias: bool = False,
    rule: str = "rosenblatt",
    reference: object | None = None,
) -> list[Any]:
    """On ``ax``: the angle between w⁽ᵏ⁾(η) and w⁽ᵏ⁾(η_ref) over the steps k, one line per
    η of ``etas`` other than the reference (default: the first), computed exactly by the
    twin and measured in degrees.  Lines that hide each other are said to in the legend's
    title (:func:`overlap_notes`): at zero init all of them lie on 0°.  Returns the lines."""
    rates = list(etas)
    if reference is None:
        reference = rates[0]
    others = [eta for eta in rates if learning_rates([eta]) != learning_rates([reference])]
    result = numeric.train(
        X, y, [reference, *others], w0, epochs=epochs, bias=bias, rule=rule, exact=True
    )
    weights = result.weights  # (rates, steps + 1, d) Fractions
    steps = np.arange(weights.shape[1])
    curves = [np.degrees(angles(weights[row], weights[0])) for row in range(1, len(others) + 1)]
    names = [str(eta) for eta in others]
    groups = coinciding(curves)
    styles = _styles(hiding(curves))
    lines = []
    for i, (eta, degrees) in enumerate(zip(others, curves, strict=True)):
        (line,) = ax.plot(steps, degrees, label=f"η = {eta}", gid=f"eta={eta}", **styles[i])
        lines.append(line)
    notes = overlap_notes(curves, names, unit="°")
    finite = [c[np.isfinite(c)] for c in curves]
    at_zero = any(f.size for f in finite) and all(np.all(np.abs(f) <= COINCIDE) for f in finite)
    if len(curves) > 1 and len(groups) == 1 and at_zero:
        notes.append(f"all at 0°: every w⁽ᵏ⁾(η) points along w⁽ᵏ⁾(η = {reference})")
    ax.set_xlabel("step k")
    ax.set_ylabel(f"angle to w⁽ᵏ⁾(η = {reference}) (degrees)")
    _legend(ax, notes)
    return lines


def trajectory_figure(
    X: object,
    y: object,
    w0: object,
    etas: Sequence[object],
    *,
    epochs: int = 1,
    bias: bool = False,
    rule: str = "rosenblatt",
    reference: object | None = None,
    title: str | None = None,
) -> Figure:
    """The angle between w⁽ᵏ⁾(η) and w⁽ᵏ⁾(η_ref) over k for several η (see
    :func:`draw_trajectories`): at zero init the lines lie on 0 (w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1)), one
    line, which the legend says; from a non-zero w⁽⁰⁾ they fan out."""
    _matplotlib()
    figure = _new_figure(figsize=(7, 4.4), layout="constrained")
    ax = figure.add_subplot()
    draw_trajectories(ax, X, y, w0, etas, epochs=epochs, bias=bias, rule=rule, reference=reference)
    ax.set_title(title or "direction of w⁽ᵏ⁾ against the reference rate", fontsize=10)
    return figure


#: Markers and colours per class of the decision regions, as the textbook's
#: ``plot_decision_regions`` has them.
CLASS_MARKERS = ("s", "x", "o", "^", "v")
CLASS_COLOURS = ("red", "blue", "lightgreen", "gray", "cyan")
#: The grid of a decision-regions figure: this many points along each feature.
REGION_POINTS = 300
#: The margin around the samples in a decision-regions figure, as a share of their range.
REGION_MARGIN = 0.15


def _errors_curves(
    model_or_errors: object, etas: Sequence[object] | None
) -> tuple[list[np.ndarray], list[str]]:
    """The updates per epoch to draw, one row per run, and each run's rate as text ("" when
    unknown): from a fitted :class:`numeric.Perceptron` (``errors_``, its ``rates_``) or a
    sequence of counts per epoch, or a sequence of such sequences (``etas`` names them)."""
    if isinstance(model_or_errors, Perceptron):
        if not hasattr(model_or_errors, "errors_"):
            raise NotFittedError(
                "errors_per_epoch_figure: this Perceptron is not fitted yet: call fit(X, y) first"
            )
        errors = np.asarray(model_or_errors.errors_)
        given = list(model_or_errors.rates_) if etas is None else list(etas)
    else:
        errors = np.asarray(model_or_errors)
        given = [] if etas is None else list(etas)
    rows = errors[None] if errors.ndim == 1 else errors
    if rows.ndim != 2 or rows.shape[1] == 0:
        raise DimensionMismatch(
            f"model_or_errors={shown(model_or_errors)} must be a fitted Perceptron or the "
            "updates per epoch, one run or a list of runs of as many epochs",
            model_or_errors,
        )
    counts = rows.dtype.kind in "iu" or (
        rows.dtype.kind == "f" and bool(np.all(rows == np.round(rows)))
    )
    if not counts or np.any(rows < 0):
        raise InvalidNumber(
            f"model_or_errors={shown(model_or_errors)} must count updates: whole numbers ≥ 0",
            model_or_errors,
        )
    if given and len(given) != len(rows):
        raise DimensionMismatch(f"etas={given!r} must name each of the {len(rows)} run(s)", etas)
    names = [str(eta) for eta in given] or [""] * len(rows)
    return [row.astype(np.int64) for row in rows], names


def errors_per_epoch_figure(
    model_or_errors: object,
    *,
    etas: Sequence[object] | None = None,
    title: str | None = None,
) -> Figure:
    """The textbook's plot of a perceptron's training (Raschka, *Python Machine Learning*,
    ch. 2): the number of updates in each epoch, a line with markers over the epochs 1 … E.

    ``model_or_errors`` is a fitted :class:`numeric.Perceptron` (its ``errors_``; one line
    per rate when it was fitted at a list of rates, each labelled with its η) or the counts
    themselves, one run or a list of runs (``etas`` names the runs' rates).  Lines that
    coincide (equal counts in every epoch) are drawn thick to thin and said to in the
    legend's title (:func:`overlap_notes`)."""
    mpl = _matplotlib()
    curves, names = _errors_curves(model_or_errors, etas)
    figure = _new_figure(figsize=(6.4, 4.2), layout="constrained")
    ax = figure.add_subplot()
    groups = coinciding(curves)
    styles = _styles(groups)
    markers = ("o", "s", "^", "D", "v", "P")
    for i, (curve, name) in enumerate(zip(curves, names, strict=True)):
        group = next(g for g in groups if i in g)
        size = 4 + 2.5 * (len(group) - 1 - group.index(i))
        ax.plot(
            np.arange(1, len(curve) + 1),
            curve,
            marker=markers[i % len(markers)],
            markersize=size,
            label=f"η = {name}" if name else f"run {i + 1}" if len(curves) > 1 else "_run",
            gid=f"errors:{i}",
            **styles[i],
        )
    ax.set_xlabel("Epochs")
    ax.set_ylabel("Number of updates")
    ax.xaxis.set_major_locator(mpl["ticker"].MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(mpl["ticker"].MaxNLocator(integer=True))
    ax.set_xlim(0.5, max(len(curve) for curve in curves) + 0.5)
    ax.set_ylim(bottom=-0.05 * max(1, max(int(c.max()) for c in curves)))
    ax.set_title(title or "updates per epoch", fontsize=10)
    labels = [name or f"run {i + 1}" for i, name in enumerate(names)]
    notes = overlap_notes(curves, labels) if len(curves) > 1 else []
    if len(curves) > 1 or names[0]:
        legend = ax.legend(
            fontsize=8, loc="upper right", title="\n".join(notes) or None, title_fontsize=8
        )
        legend.get_title().set_gid("overlap")
    return figure


def decision_regions_figure(
    model: Perceptron,
    X: object,
    y: object,
    *,
    feature_names: Sequence[str] = ("feature 1", "feature 2"),
    class_names: Sequence[str] | None = None,
    points: int = REGION_POINTS,
    title: str | None = None,
) -> Figure:
    """The textbook's decision regions (Raschka, *Python Machine Learning*, ch. 2,
    ``plot_decision_regions``) of a fitted :class:`numeric.Perceptron` on two features:
    ``model.predict`` over a ``points`` × ``points`` grid reaching past the samples, drawn as
    filled contours, one colour per class, and the samples (X, y) on top, one marker and
    colour per class, each class's legend entry with its number of samples.  The title says
    how many samples the model misclassifies.  A model fitted with ``exact=True`` predicts
    the grid in rationals too, which takes seconds: fewer ``points`` make it quicker."""
    _matplotlib()
    if not isinstance(model, Perceptron) or not hasattr(model, "classes_"):
        raise NotFittedError("decision_regions_figure needs a fitted numeric.Perceptron")
    if isinstance(model.w_, np.ndarray) and model.w_.ndim == 2:
        raise InvalidLearningRate(
            f"model was fitted at {len(model.rates_)} rates: decision regions need a model "
            "fitted at one rate",
            model.eta,
        )
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise InvalidNumber(f"points={points!r} must be a whole number ≥ 2", points)
    features = float_array(X, "X", 2)[0]
    if features.shape[1] != 2:
        raise DimensionMismatch(
            f"X has {features.shape[1]} features: decision regions need exactly 2", X
        )
    labels = np.asarray(y).ravel()
    if len(labels) != len(features):
        raise DimensionMismatch(f"y has {len(labels)} labels but X has {len(features)} rows", y)
    classes = list(model.classes_)
    unknown = sorted(set(labels.tolist()) - set(classes))
    if unknown:
        raise DimensionMismatch(
            f"y has labels {unknown[:5]} the model does not know ({classes})", y
        )
    names = [str(c) for c in classes] if class_names is None else list(class_names)
    if len(names) != len(classes):
        raise DimensionMismatch(
            f"class_names={names!r} must name the {len(classes)} classes", names
        )
    low, high = features.min(axis=0), features.max(axis=0)
    margin = REGION_MARGIN * np.where(high > low, high - low, 1.0)
    axis1 = np.linspace(low[0] - margin[0], high[0] + margin[0], points)
    axis2 = np.linspace(low[1] - margin[1], high[1] + margin[1], points)
    grid1, grid2 = np.meshgrid(axis1, axis2)
    predicted = np.asarray(model.predict(np.column_stack([grid1.ravel(), grid2.ravel()])))
    index = np.searchsorted(np.asarray(classes), predicted).reshape(grid1.shape)
    figure = _new_figure(figsize=(6.4, 4.6), layout="constrained")
    ax = figure.add_subplot()
    colours = [CLASS_COLOURS[i % len(CLASS_COLOURS)] for i in range(len(classes))]
    regions = ax.contourf(
        grid1,
        grid2,
        index,
        levels=np.arange(-0.5, len(classes)),
        colors=colours,
        alpha=0.3,
    )
    regions.set_gid("regions")
    ax.set_xlim(axis1[0], axis1[-1])
    ax.set_ylim(axis2[0], axis2[-1])
    for i, (cls, name) in enumerate(zip(classes, names, strict=True)):
        mine = labels == cls
        marker = CLASS_MARKERS[i % len(CLASS_MARKERS)]
        ax.scatter(
            features[mine, 0],
            features[mine, 1],
            alpha=0.8,
            c=colours[i],
            marker=marker,
            edgecolor=None if marker == "x" else "black",
            label=f"{name} ({int(mine.sum())})",
            gid=f"class={cls}",
        )
    wrong = int(np.sum(np.asarray(model.predict(X)) != labels))  # X as given: exact
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(
        title
        or f"decision regions, η = {model.rates_[0]}: "
        f"{wrong} of {plural(len(labels), 'sample')} misclassified",
        fontsize=10,
    )
    return figure


def textbook_phase_figure(seed: int = 1, epochs: int = 10) -> Figure:
    """The phase diagram of the textbook's Iris run from its random w⁽⁰⁾, the book's η = 0.1
    marked."""
    X, y = numeric.load_iris()
    diagram = numeric.phase_diagram(
        X, y, numeric.textbook_weights(seed, 2), epochs=epochs, bias=True
    )
    return phase_figure(
        diagram,
        etas=["0.1"],
        title=f"Iris (setosa vs versicolor), textbook w⁽⁰⁾ (seed {seed}), {epochs} epochs:\n"
        f"{len(diagram)} phases of η, breakpoints from {approximately(diagram.breakpoints[0])} "
        f"to {approximately(diagram.breakpoints[-1])}",
    )


def textbook_trajectory_figure(seed: int = 1, epochs: int = 10) -> Figure:
    """Two panels on the Iris run: zero init (the lines lie on 0) and the textbook's random
    w⁽⁰⁾ (they fan out)."""
    X, y = numeric.load_iris()
    figure = _new_figure(figsize=(10, 4.8), layout="constrained")
    left, right = figure.subplots(1, 2, sharey=True)
    for ax, w0, name in (
        (left, None, "w⁽⁰⁾ = 0"),
        (right, numeric.textbook_weights(seed, 2), f"textbook w⁽⁰⁾ (seed {seed})"),
    ):
        draw_trajectories(ax, X, y, w0, TRAJECTORY_ETAS, epochs=epochs, bias=True)
        ax.set_title(f"Iris, {name}, {epochs} epochs", fontsize=10)
    right.set_ylabel("")
    return figure


#: The rates of the textbook's errors-per-epoch figure: the book's η = 0.1 and three below.
ERRORS_ETAS = (0.1, 0.01, 0.001, 0.0001)


def textbook_errors_figure(seed: int = 1, epochs: int = 10) -> Figure:
    """The book's figure of updates per epoch on Iris from its random w⁽⁰⁾ (seed ``seed``),
    at the book's η = 0.1 and at the smaller rates of :data:`ERRORS_ETAS`."""
    X, y = numeric.load_iris()
    model = Perceptron(eta=list(ERRORS_ETAS), n_iter=epochs, w0="textbook", random_state=seed)
    return errors_per_epoch_figure(
        model.fit(X, y),
        title=f"Iris (setosa vs versicolor), textbook w⁽⁰⁾ (seed {seed}): updates per epoch",
    )


def textbook_regions_figure(seed: int = 1, epochs: int = 10) -> Figure:
    """The book's decision regions of its Iris perceptron: η = 0.1, ``epochs`` epochs, from
    its random w⁽⁰⁾ (seed ``seed``)."""
    X, y = numeric.load_iris()
    model = Perceptron(eta=0.1, n_iter=epochs, w0="textbook", random_state=seed).fit(X, y)
    return decision_regions_figure(
        model,
        X,
        y,
        feature_names=("sepal length [cm]", "petal length [cm]"),
        class_names=("setosa", "versicolor"),
    )


def scaling_collapse_figure(runs: CollapseRuns, exponent: object, name: str) -> Figure:
    """Mistakes so far against the step, for runs at rates η·2^(a·j): from one w⁽⁰⁾ (left, the
    curves part) and from w⁽⁰⁾ rescaled by c = 2^j (right: one curve, the runs coincide)."""
    figure = _new_figure(figsize=(10, 3.8))
    left, right = figure.subplots(1, 2, sharey=True)
    for ax, curves, kind in (
        (left, runs.same, "the same w⁽⁰⁾"),
        (right, runs.rescaled, "w⁽⁰⁾ rescaled by c = 2ʲ"),
    ):
        for j, (rate, scale, curve) in enumerate(zip(runs.rates, runs.scales, curves, strict=True)):
            label = f"η = {rate:g}" + (f", c = {scale:g}" if ax is right else "")
            steps = np.arange(1, len(curve) + 1)
            ax.plot(steps, curve, label=label, linewidth=2.4 - 0.5 * j, gid=f"{kind}:{j}",
                    linestyle=("-", "--", "-.", ":")[j % 4])  # fmt: skip
        ax.set_title(f"{kind}: {len(set(curves))} distinct curve(s) of {len(curves)}", fontsize=10)
        ax.set_xlabel("step k")
        ax.legend(fontsize=8, loc="upper left")
    left.set_ylabel("mistakes up to step k")
    figure.suptitle(
        f"{name}: the exponent a = {exponent} makes (η, w⁽⁰⁾) and (cᵃ·η, c·w⁽⁰⁾) one run",
        fontsize=11,
    )
    figure.tight_layout()
    return figure


def scale_invariant_collapse_figure() -> Figure:
    """The catalogue's scale-invariant loss (a = 2) on 20 random two-decimal samples."""
    rule = load_rule_file(RULES / "scale_invariant.toml")
    rng = np.random.RandomState(0)
    X = np.round(rng.normal(size=(20, 2)), 1).tolist()
    y = [1 if a + 0.5 * b > 0 else -1 for a, b in X]
    runs = collapse_runs(rule, X, y, [1.0, -0.5], 2, eta=0.05)
    return scaling_collapse_figure(runs, 2, "a scale-invariant loss")


@dataclass(frozen=True)
class LawDrift:
    """Runs of plain gradient descent on one two-layer ReLU network, one per rate.

    ``drift[i, k]`` is h(θ⁽ᵏ⁾) − h(θ⁽⁰⁾) at the rate ``etas[i]`` for the law
    h = ‖u₁‖² − ‖v₁‖² of hidden unit 1, and ``slope`` is h₂(∇L(θ⁽⁰⁾)) = ‖∇_{u₁}L‖² − ‖∇_{v₁}L‖²
    at the start, the limit of drift/(k·η²) as η → 0."""

    etas: tuple[float, ...]
    drift: np.ndarray
    slope: float
    widths: tuple[int, int, int]
    samples: int

    @property
    def steps(self) -> np.ndarray:
        """0, 1, …, K."""
        return np.arange(self.drift.shape[1])

    @property
    def scaled(self) -> np.ndarray:
        """drift/η², one row per rate."""
        return self.drift / np.square(np.asarray(self.etas))[:, None]


def _relu_gradients(
    U: np.ndarray, V: np.ndarray, X: np.ndarray, Y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """∇_U L and ∇_V L of L = mean over the samples of ½‖V·relu(U·x) − y‖² (σ′(0) = 0)."""
    Z = X @ U.T
    A = np.maximum(Z, 0.0)
    E = A @ V.T - Y
    return ((E @ V) * (Z > 0)).T @ X / len(X), E.T @ A / len(X)


def _unit_law(U: np.ndarray, V: np.ndarray) -> float:
    """‖u₁‖² − ‖v₁‖²: hidden unit 1's incoming weights (row 1 of U) against its outgoing ones
    (column 1 of V)."""
    return float(U[0] @ U[0] - V[:, 0] @ V[:, 0])


def law_drift(
    etas: Sequence[float] = DRIFT_ETAS,
    steps: int = DRIFT_STEPS,
    *,
    widths: tuple[int, int, int] = (2, 3, 2),
    samples: int = 16,
    seed: int = DRIFT_SEED,
) -> LawDrift:
    """Train the ReLU network x ↦ V·relu(U·x) of ``widths`` (n, r, m) by plain full-batch
    gradient descent in float64 on ``samples`` random samples, from one random start, for
    ``steps`` steps at each rate of ``etas``; record the drift of ‖u₁‖² − ‖v₁‖²."""
    n, r, m = widths
    rng = np.random.default_rng(seed)
    U0, V0 = rng.normal(size=(r, n)), rng.normal(size=(m, r))
    X, Y = rng.normal(size=(samples, n)), rng.normal(size=(samples, m))
    gU, gV = _relu_gradients(U0, V0, X, Y)
    slope = _unit_law(gU, gV)
    drift = np.zeros((len(etas), steps + 1))
    for i, eta in enumerate(etas):
        U, V = U0.copy(), V0.copy()
        start = _unit_law(U, V)
        for k in range(1, steps + 1):
            gU, gV = _relu_gradients(U, V, X, Y)
            U, V = U - eta * gU, V - eta * gV
            drift[i, k] = _unit_law(U, V) - start
    return LawDrift(tuple(float(eta) for eta in etas), drift, slope, (n, r, m), samples)


def law_drift_figure(
    etas: Sequence[float] = DRIFT_ETAS, steps: int = DRIFT_STEPS, *, seed: int = DRIFT_SEED
) -> Figure:
    """Two panels on one ReLU network trained by plain gradient descent at several rates η:
    the drift of the conservation law ‖u₁‖² − ‖v₁‖² over the steps (left: it grows as η²),
    and the drift divided by η² (right: the curves close in on the line k·h₂(∇L(θ⁽⁰⁾)), their
    limit as η → 0, each halving of η halving the gap)."""
    _matplotlib()
    runs = law_drift(etas, steps, seed=seed)
    figure = _new_figure(figsize=(10, 3.8), layout="constrained")
    left, right = figure.subplots(1, 2)
    styles = ("-", "--", "-.", ":")
    for j, (eta, drift, scaled) in enumerate(zip(runs.etas, runs.drift, runs.scaled, strict=True)):
        style = {"linestyle": styles[j % 4], "linewidth": 1.8}
        left.plot(runs.steps, drift, label=f"η = {eta:g}", gid=f"drift:{j}", **style)
        right.plot(runs.steps, scaled, label=f"η = {eta:g}", gid=f"scaled:{j}", **style)
    right.plot(
        runs.steps,
        runs.slope * runs.steps,
        color="black",
        linewidth=0.8,
        label="η → 0: k·h₂(∇L(θ⁽⁰⁾))",
        gid="limit",
    )
    law = "‖u₁‖² − ‖v₁‖²"
    left.set_title(f"drift of the law {law}", fontsize=10)
    left.set_ylabel("h(θ⁽ᵏ⁾) − h(θ⁽⁰⁾)")
    right.set_title("drift / η²: one curve as η → 0", fontsize=10)
    right.set_ylabel("(h(θ⁽ᵏ⁾) − h(θ⁽⁰⁾)) / η²")
    for ax in (left, right):
        ax.set_xlabel("step k")
        ax.axhline(0.0, color="grey", linewidth=0.5)
        ax.legend(fontsize=8, loc="best")
    n, r, m = runs.widths
    figure.suptitle(
        f"ReLU network [n, r, m] = [{n}, {r}, {m}], plain gradient descent in float64 on "
        f"{runs.samples} samples:\neach step changes the law by exactly η²·h₂(∇L), so the "
        "drift over k steps divided by η² tends to k·h₂(∇L(θ⁽⁰⁾))",
        fontsize=11,
    )
    return figure


def write_textbook_figures(
    directory: Path = FIGURES, *, seed: int = 1, epochs: int = 10
) -> list[Path]:
    """Write ``iris_phases.png``, ``iris_trajectories.png``, ``iris_errors.png``,
    ``iris_regions.png`` and ``scaling_collapse.png`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in (
        ("iris_phases.png", textbook_phase_figure(seed, epochs)),
        ("iris_trajectories.png", textbook_trajectory_figure(seed, epochs)),
        ("iris_errors.png", textbook_errors_figure(seed, epochs)),
        ("iris_regions.png", textbook_regions_figure(seed, epochs)),
        ("scaling_collapse.png", scale_invariant_collapse_figure()),
    ):
        path = directory / name
        figure.savefig(path, dpi=120, metadata={"Software": None})
        written.append(path)
    return written


def write_law_drift_figure(directory: Path = FIGURES) -> Path:
    """Write ``law_drift.png`` (:func:`law_drift_figure`) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "law_drift.png"
    law_drift_figure().savefig(path, dpi=120, metadata={"Software": None})
    return path


def write_figures(directory: Path = FIGURES) -> list[Path]:
    """Every figure of ``python -m proofs.plots``: the textbook figures, then the law drift."""
    return [*write_textbook_figures(directory), write_law_drift_figure(directory)]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m proofs.plots [--out DIR]``: write every figure into DIR; without it, into
    proofs/figures/ of a source checkout only (never into an installed package)."""
    parser = argparse.ArgumentParser(
        prog="python -m proofs.plots",
        description="Write etaproof's figures as PNG files (matplotlib).",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="the directory to write into (made if missing; default: the source checkout's "
        "proofs/figures/)",
    )
    parser.add_argument("directory", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    directory = args.out or args.directory
    try:
        if directory is None:
            if not in_source_checkout():
                raise UsageError(
                    f"{FIGURES.parent} is an installed package, not a source checkout; write "
                    "the figures elsewhere with --out DIR"
                )
            directory = FIGURES
        check_out_path(directory, directory=True)
        paths = write_figures(directory)
    except (MatplotlibMissing, UsageError) as error:
        print(f"proofs.plots: error: {error}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

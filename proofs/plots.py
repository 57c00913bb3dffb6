"""Figures of the η phase diagram and of weight trajectories (matplotlib, optional).

Every function returns a :class:`matplotlib.figure.Figure` drawn on its own Agg canvas, never
through pyplot's global state, so nothing is shown and nothing leaks between calls.  Without
matplotlib they raise :class:`MatplotlibMissing`, which says how to install it.

``python -m proofs.plots [--out DIR]`` writes the figures (default: a checkout's
proofs/figures/): the textbook's phases and trajectories, the scaling collapse, and the drift
of a conservation law under gradient descent at several η (:func:`law_drift_figure`).
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
from numeric.brief import approximately
from numeric.inputs import learning_rates
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
    "draw_trajectories",
    "law_drift",
    "law_drift_figure",
    "phase_figure",
    "scale_invariant_collapse_figure",
    "scaling_collapse_figure",
    "textbook_phase_figure",
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
        figure = importlib.import_module("matplotlib.figure")
        agg = importlib.import_module("matplotlib.backends.backend_agg")
        colors = importlib.import_module("matplotlib.colors")
        cm = importlib.import_module("matplotlib.cm")
    except ImportError:
        raise MatplotlibMissing(
            f"the plots need matplotlib, which is not installed: {INSTALL}"
        ) from None
    return {"Figure": figure.Figure, "Canvas": agg.FigureCanvasAgg, "colors": colors, "cm": cm}


def _new_figure(**options: Any) -> Figure:
    mpl = _matplotlib()
    figure = mpl["Figure"](**options)
    mpl["Canvas"](figure)
    return figure


def _edges(diagram: PhaseDiagram) -> tuple[np.ndarray, float, float]:
    """The band edges on the η axis (floats), one band per segment (a piece of a phase with
    constant final training errors), from a decade below the first end of a band to a decade
    above the last (10⁻³ … 10³ with none)."""
    segments = diagram.segments
    ends = [float(segment.high) for segment in segments[:-1]]  # type: ignore[arg-type]
    positive = [e for e in ends if e > 0 and math.isfinite(e)]
    low = min(positive) / 10 if positive else 1e-3
    high = max(positive) * 10 if positive else 1e3
    edges = np.clip(np.array([low, *ends, high]), low, high)
    return edges, low, high


def phase_figure(
    diagram: PhaseDiagram,
    *,
    etas: Sequence[object] = (),
    title: str | None = None,
    colormap: str = "viridis",
) -> Figure:
    """The phases over a log η axis, every breakpoint marked by a tick along the bottom, as
    bands coloured by the training errors of the final weights w⁽ᴷ⁾(η), which hold at every
    rate of the band: one band per segment (a phase whose final training errors vary with η
    is split where they change; single points are bands of width zero).  The rates ``etas``
    are dashed lines, annotated with their errors per epoch and final training errors.  A
    colour bar gives the error counts."""
    mpl = _matplotlib()
    figure = _new_figure(figsize=(9, 3.4), layout="constrained")
    ax = figure.add_subplot()
    edges, low, high = _edges(diagram)
    errors = np.array([[segment.training_errors for segment in diagram.segments]], dtype=float)
    norm = mpl["colors"].Normalize(vmin=0, vmax=max(diagram.n, 1))
    bands = ax.pcolormesh(
        edges, [0.0, 1.0], errors, cmap=colormap, norm=norm, shading="flat", gid="phases"
    )
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
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
        label=f"{len(breakpoints)} breakpoints",
    )
    for given, eta in zip(etas, learning_rates(list(etas)) if etas else [], strict=True):
        ax.axvline(float(eta), color="red", linestyle="--", linewidth=1, gid=f"eta={eta}")
        phase = diagram.phase_at(eta)
        ax.annotate(
            f"η = {given}: errors per epoch {' '.join(map(str, phase.errors_per_epoch))}, "
            f"final training errors {phase.training_errors_at(eta)}",
            (float(eta), 0.92),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=8,
            color="red",
        )
    ax.set_xlabel("learning rate η (log scale)")
    ax.set_title(
        title or f"{len(diagram)} phase(s) of η, {diagram.rule.name}, {diagram.epochs} epoch(s)",
        fontsize=10,
    )
    if breakpoints:
        ax.legend(loc="lower right", fontsize=8)
    figure.colorbar(bands, ax=ax, label="training errors\nof the final weights at η")
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
    twin and measured in degrees.  Returns the lines."""
    rates = list(etas)
    if reference is None:
        reference = rates[0]
    others = [eta for eta in rates if learning_rates([eta]) != learning_rates([reference])]
    result = numeric.train(
        X, y, [reference, *others], w0, epochs=epochs, bias=bias, rule=rule, exact=True
    )
    weights = result.weights  # (rates, steps + 1, d) Fractions
    lines = []
    steps = np.arange(weights.shape[1])
    for row, eta in enumerate(others, start=1):
        degrees = np.degrees(angles(weights[row], weights[0]))
        (line,) = ax.plot(steps, degrees, label=f"η = {eta}", linewidth=1.2, gid=f"eta={eta}")
        lines.append(line)
    ax.set_xlabel("step k")
    ax.set_ylabel(f"angle to w⁽ᵏ⁾(η = {reference}) (degrees)")
    ax.legend(fontsize=8, loc="upper right")
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
    :func:`draw_trajectories`): at zero init the lines lie on 0 (w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1)); from a
    non-zero w⁽⁰⁾ they fan out."""
    _matplotlib()
    figure = _new_figure(figsize=(7, 3.5), layout="constrained")
    ax = figure.add_subplot()
    draw_trajectories(ax, X, y, w0, etas, epochs=epochs, bias=bias, rule=rule, reference=reference)
    ax.set_title(title or "direction of w⁽ᵏ⁾ against the reference rate", fontsize=10)
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
    figure = _new_figure(figsize=(10, 3.8), layout="constrained")
    left, right = figure.subplots(1, 2, sharey=True)
    for ax, w0, name in (
        (left, None, "w⁽⁰⁾ = 0"),
        (right, numeric.textbook_weights(seed, 2), f"textbook w⁽⁰⁾ (seed {seed})"),
    ):
        draw_trajectories(ax, X, y, w0, TRAJECTORY_ETAS, epochs=epochs, bias=True)
        ax.set_title(f"Iris, {name}, {epochs} epochs", fontsize=10)
    right.set_ylabel("")
    return figure


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
    """Write ``iris_phases.png``, ``iris_trajectories.png`` and ``scaling_collapse.png`` into
    ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in (
        ("iris_phases.png", textbook_phase_figure(seed, epochs)),
        ("iris_trajectories.png", textbook_trajectory_figure(seed, epochs)),
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

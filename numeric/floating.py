"""The float64 run: the textbook loop w ← w + η(y − ŷ)x, vectorised over datasets and rates,
with a certified bound on the rounding error of every w·x (see :mod:`numeric.rounding`), gradual
underflow and overflow included.

Every sum runs in one fixed order, feature 1 to d, in both backends: z = w̃₁x̃₁ + w̃₂x̃₂ + …,
and likewise the two sums of the bound, so the NumPy reference here and the compiled kernel
(:mod:`numeric.kernels`) compute the same float64 numbers operation for operation: the same
predictions, weights, bounds and near-ties.  (A BLAS dot product would pick its own order,
fused multiply-adds included; the bound holds for any order, but then the two could differ.)

Storage streams: the run holds the weights and the error sums S (O(b·e·d)) and writes only what
``keep`` asks for (:mod:`numeric.keep`); near-ties are collected sparsely.  Datasets are taken
in chunks so that the temporaries stay small.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backends import kernels
from .inputs import UNIT_ROUNDOFF
from .keep import ALL, Keep
from .progress import NO_PROGRESS, Progress
from .rounding import ErrorModel, allowance, is_near_tie, unbounded
from .rules import Rule

#: Elements of one (chunk of datasets) × d × e temporary of the NumPy loop.
CHUNK_ELEMENTS = 2**20


@dataclass(frozen=True)
class TieList:
    """Near-ties, sparsely: entry m is at dataset ``datasets[m]``, rate ``rates[m]`` and step
    index ``steps[m]`` (0-based: ŷ⁽ᵏ⁺¹⁾ for k = steps[m]), with the float64 w·x, its certified
    bound and the float64 prediction there; sorted by (dataset, rate, step)."""

    datasets: np.ndarray
    rates: np.ndarray
    steps: np.ndarray
    net_inputs: np.ndarray
    bounds: np.ndarray
    predictions: np.ndarray

    def __len__(self) -> int:
        return int(self.steps.shape[0])

    @classmethod
    def gather(cls, parts: list[tuple[np.ndarray, ...]]) -> TieList:
        """One sorted list from pieces ``(datasets, rates, steps, net_inputs, bounds, preds)``."""
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, np.zeros(0), np.zeros(0), np.zeros(0, np.int8))
        columns = [np.concatenate(column) for column in zip(*parts, strict=True)]
        order = np.lexsort((columns[2], columns[1], columns[0]))
        datasets, rates, steps, net, bounds, predictions = (column[order] for column in columns)
        return cls(
            datasets.astype(np.int64),
            rates.astype(np.int64),
            steps.astype(np.int64),
            net.astype(np.float64),
            bounds.astype(np.float64),
            predictions.astype(np.int8),
        )

    def of_dataset(self, i: int) -> TieList:
        """The entries of dataset ``i``."""
        where = self.datasets == i
        return TieList(*(getattr(self, name)[where] for name in _TIE_FIELDS))

    def dense(self, b: int, e: int, steps: int) -> np.ndarray:
        """The near-ties as a boolean array ``(b, e, steps)``."""
        out = np.zeros((b, e, steps), dtype=bool)
        out[self.datasets, self.rates, self.steps] = True
        return out


_TIE_FIELDS = ("datasets", "rates", "steps", "net_inputs", "bounds", "predictions")


class Outputs:
    """The arrays a run writes as it goes, each ``(b, steps, e)`` (one contiguous (b, e) block
    per step) and None where ``keep`` does not ask for it; ``snapshots`` is ``(b, |K|, d, e)``
    for the kept step numbers K."""

    def __init__(
        self, b: int, e: int, steps: int, d: int, keep: Keep, net_dtype, snapshot_dtype
    ) -> None:
        shape = (b, steps, e)
        self.keep = keep
        self.predictions = np.empty(shape, np.int8) if keep.predictions else None
        self.coefficients = np.empty(shape, np.int8) if keep.predictions else None
        self.net_inputs = np.empty(shape, net_dtype) if keep.everything else None
        self.bounds = np.empty(shape) if keep.everything and net_dtype == np.float64 else None
        self.kept = np.array(keep.steps, dtype=np.int64)
        self.snapshots = (
            np.empty((b, len(keep.steps), d, e), snapshot_dtype) if keep.steps else None
        )

    def rows(self, lo: int, hi: int) -> dict[str, np.ndarray | None]:
        """Views of the arrays for datasets lo … hi − 1."""
        names = ("predictions", "coefficients", "net_inputs", "bounds", "snapshots")
        return {
            name: None if getattr(self, name) is None else getattr(self, name)[lo:hi]
            for name in names
        }


@dataclass(frozen=True)
class FloatRun:
    """The outcome of :func:`run_float`: arrays ``(b, steps, e)`` where kept (else None), the
    sparse near-ties, the final weights ``(b, e, d)`` and the kept snapshots ``(b, |K|, d, e)``
    of w⁽ᵏ⁾ for k in ``kept_steps``."""

    predictions: np.ndarray | None
    coefficients: np.ndarray | None
    net_inputs: np.ndarray | None
    tie_bounds: np.ndarray | None
    ties: TieList
    final_weights: np.ndarray
    snapshots: np.ndarray | None
    kept_steps: tuple[int, ...]
    backend: str


@dataclass
class FloatChunk:
    """The inputs of one chunk of datasets, as both backends read them."""

    X: np.ndarray  # (b, n, d)
    zero_x: np.ndarray  # (b, n, d): x̃_j = 0 and exact
    y: np.ndarray  # (b, n) int8
    etas: np.ndarray  # (e,)
    eta_error: np.ndarray  # (e,)
    dot_scales: np.ndarray  # (b, n, d): γ_d|x̃_j| (raised) + ξ_j
    M: np.ndarray  # (b, d)
    rounding: np.ndarray  # (b, n): the per-sample sums of ErrorModel, from which …
    representation: np.ndarray
    underflow: np.ndarray
    increments: np.ndarray | None  # … the NumPy loop tabulates (n, b, e); the kernel computes
    allowance: float
    rule: Rule
    offset: int  # index of the chunk's first dataset in the batch


def run_float(
    X: np.ndarray,
    x_error: np.ndarray,
    y: np.ndarray,
    etas: np.ndarray,
    eta_error: np.ndarray,
    w0: np.ndarray,
    w0_error: np.ndarray,
    steps: int,
    rule: Rule,
    *,
    keep: Keep = ALL,
    backend: str = "numpy",
    progress: Progress = NO_PROGRESS,
) -> FloatRun:
    """Run ``rule`` in float64 on X (b, n, d), labels y (b, n), rates (e,), w0 (b, d).

    ``backend`` is ``"numpy"`` (the reference) or ``"numba"`` (:mod:`numeric.kernels`, the same
    operations compiled); both give identical results."""
    b, n, d = X.shape
    e = etas.shape[0]
    extra = allowance(steps, d)  # raises before any work when steps·d is beyond certifying
    model = ErrorModel(X, x_error)
    zero_x = (X == 0) & (x_error == 0)
    dot_scales = model.dot_scales
    w = np.ascontiguousarray(np.repeat(w0[:, :, None], e, axis=2), dtype=np.float64)  # (b,d,e)
    S = np.ascontiguousarray(model.initial(w0_error, e))  # (b, e)
    out = Outputs(b, e, steps, d, keep, np.float64, np.float64)
    if out.snapshots is not None and keep.steps[0] == 0:
        out.snapshots[:, 0] = w
    ties: list[tuple[np.ndarray, ...]] = []
    if backend == "numba":
        compiled = kernels()
        step = compiled.float_chunk
        size = max(1, compiled.CALL_WORK // max(1, e * d * steps))
    else:
        step = _numpy_chunk
        size = max(1, min(CHUNK_ELEMENTS // max(1, d * e), (2**22) // max(1, n * e)))
    with np.errstate(over="ignore", invalid="ignore"):  # ±inf and NaN are near-ties, expected
        for lo in range(0, b, size):
            hi = min(b, lo + size)
            chunk = FloatChunk(
                X[lo:hi],
                zero_x[lo:hi],
                y[lo:hi],
                etas,
                eta_error,
                dot_scales[lo:hi],
                np.ascontiguousarray(model.M[lo:hi]),
                np.ascontiguousarray(model.rounding[lo:hi]),
                np.ascontiguousarray(model.representation[lo:hi]),
                np.ascontiguousarray(model.underflow[lo:hi]),
                None if backend == "numba" else model.increments(etas, eta_error, slice(lo, hi)),
                extra,
                rule,
                lo,
            )
            step(chunk, steps, w[lo:hi], S[lo:hi], out.rows(lo, hi), out.kept, ties, progress)
    return FloatRun(
        predictions=out.predictions,
        coefficients=out.coefficients,
        net_inputs=out.net_inputs,
        tie_bounds=out.bounds,
        ties=TieList.gather(ties),
        final_weights=w.transpose(0, 2, 1),
        snapshots=out.snapshots,
        kept_steps=keep.steps,
        backend=backend,
    )


def _numpy_chunk(
    chunk: FloatChunk,
    steps: int,
    w: np.ndarray,
    S: np.ndarray,
    out: dict[str, np.ndarray | None],
    kept: np.ndarray,
    ties: list[tuple[np.ndarray, ...]],
    progress: Progress,
) -> None:
    """The reference loop for one chunk; ``w`` (b, d, e) and ``S`` (b, e) are updated in place.

    Per step, in this order: z = Σ_j w̃_j·x̃_j; the bound's sums Σ|w̃_j|·(γ_d|x̃_j| + ξ_j) and
    Σ|w̃_j|·M_j; S += u·(the second) after the first step; bound = 2·(first + S) + allowance
    (+inf where z or the bound is not finite); the prediction and c; w̃ += (η̃·c)·x̃;
    S += |c|·increment."""
    X, y, rule, etas = chunk.X, chunk.y, chunk.rule, chunk.etas
    b, n, d = X.shape
    e = etas.shape[0]
    predictions, coefficients = out["predictions"], out["coefficients"]
    net, bounds, snapshots = out["net_inputs"], out["bounds"], out["snapshots"]
    kept_at = {int(k): slot for slot, k in enumerate(kept)}
    M = chunk.M[:, :, None]
    increments = chunk.increments
    assert increments is not None, "tabulated for the NumPy loop"
    report = max(1, 2**16 // max(1, b * e * d))
    for k in range(steps):
        s = k % n
        x = X[:, s, :, None]  # (b, d, 1)
        z = _ordered_sum(w * x)
        size = np.abs(w)
        dot = _ordered_sum(size * chunk.dot_scales[:, s, :, None])
        mass = _ordered_sum(size * M)
        if k:  # the u·|w̃_j| part of the previous update's error
            S += UNIT_ROUNDOFF * mass
        bound = unbounded(z, 2.0 * (dot + S) + chunk.allowance)
        near = is_near_tie(z, bound)
        c = rule.coefficient(y[:, s, None], z)
        p = rule.predict(z)
        if near.any():  # a computed 0 from exactly-zero terms is a certified tie, not a near one
            exact = (z == 0) & (S == 0) & ((w == 0) | chunk.zero_x[:, s, :, None]).all(axis=1)
            near &= ~exact
            i, r = np.nonzero(near)
            ties.append((i + chunk.offset, r, np.full(i.shape, k), z[i, r], bound[i, r], p[i, r]))
        if predictions is not None and coefficients is not None:
            predictions[:, k] = p
            coefficients[:, k] = c
        if net is not None and bounds is not None:
            net[:, k] = z
            bounds[:, k] = bound
        w += (etas[None, :] * c)[:, None, :] * x
        S += np.abs(c) * increments[s]
        if snapshots is not None and k + 1 in kept_at:
            snapshots[:, kept_at[k + 1]] = w
        if (k + 1) % report == 0 or k + 1 == steps:
            progress.advance(b * e * ((k % report) + 1))


def _ordered_sum(terms: np.ndarray) -> np.ndarray:
    """Σ_j terms[:, j, :] added in the order j = 1 … d (never pairwise, never by BLAS)."""
    total = terms[:, 0].copy()
    for j in range(1, terms.shape[1]):
        total += terms[:, j]
    return total

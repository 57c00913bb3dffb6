"""The float64 run: the textbook loop w ← w + η(y − ŷ)x, vectorised over datasets and rates,
with a certified bound on the rounding error of every w·x (see :mod:`numeric.rounding`), gradual
underflow and overflow included.

Every sum runs in one fixed order, feature 1 to d, in both backends: z = w̃₁x̃₁ + w̃₂x̃₂ + …,
so the NumPy reference here and the compiled kernel (:mod:`numeric.kernels`) compute the same
float64 numbers operation for operation: the same predictions, weights, bounds and near-ties.
(A BLAS dot product would pick its own order, fused multiply-adds included; the bound holds
for any order, but then the two could differ.)

The bound costs no sum per feature.  :mod:`numeric.rounding` bounds the error of w·x by
Σ_j|w̃_j|·s_j + S (s_j = γ_d|x̃_j| + ξ_j, its ``dot_scales``) and grows S by u·Σ_j|w̃_j|M_j per
update.  Both sums are bounded here through one number per rate, U ≥ Σ_j|w̃_j|·M_j:

- s_j ≤ ρ_s·M_j with ρ_s = max_j s_j/M_j per sample, rounded up by two steps (so at least 2t
  wherever some s_j > 0, even when every quotient underflows), so Σ_j|w̃_j|s_j ≤ ρ_s·U;
- an update w̃_j ← fl(w̃_j + fl(a·x̃_j)), a = η̃c, gives |w̃'_j| ≤ (1 + u)²(|w̃_j| + |a||x̃_j|) +
  t/2 (+ u·t/2), so U ← U + |a|·Σ_j M_j(|x̃_j| + ξ_j) + t·Σ_{x̃_j≠0} M_j (the ``representation``
  and ``underflow`` sums of the error model) keeps U above Σ_j|w̃_j|M_j up to a factor
  (1 + u)^(2K) after K updates; U starts at Σ_j|w̃⁽⁰⁾_j|M_j (each product raised by t);
- the bound is 2·(ρ_s·U + S) + allowance, ρ_s·U read as 0 where ρ_s = 0 (every s_j is 0).
  Every float operation leading to it acts on non-negative numbers and no term passes through
  more than 7 per step (3 for U, 4 for S), 3 for the bound itself and d + 1 for each constant
  (U's start, the error model's sums), so with the (1 + u)^(2K) above (2K ≤ 2·steps) the
  computed value is low by less than a factor 1/(1 − m·u), m = 9·steps + 3d + 3 ≤
  2·(steps·(4d + 8) + d): less than 2 whenever (steps·(4d + 8) + d)·u < 1/4, the condition
  :func:`numeric.rounding.allowance` enforces.  The doubling covers that factor; the allowance
  covers the products that underflow (each loses at most t, times ρ_s ≤ 2 + γ_d inside U), as
  in :mod:`numeric.rounding`.

Nothing non-finite is certified: a U or S that overflows (or is NaN from 0·∞, where an M_j
overflowed) makes the bound +inf or NaN, which reads as +inf, a near-tie.  A computed 0 from
exactly-zero terms (S = 0, each w̃_j or exact x_j is 0) is a certified tie only under a
finite bound.

U never decreases, so this bound is looser than the sums it replaces (it certifies a little
less), never unsound: a step not certified is a near-tie, resolved exactly.

Storage streams: the run holds the weights and the error sums S (O(b·e·d)) and writes only what
``keep`` asks for (:mod:`numeric.keep`); near-ties are collected sparsely.  Datasets are taken
in chunks so that the temporaries stay small.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from types import ModuleType

import numpy as np

from .backends import kernels
from .inputs import UNIT_ROUNDOFF
from .keep import ALL, Keep
from .progress import NO_PROGRESS, Progress
from .rounding import (
    ErrorModel,
    allowance,
    gamma,
    increments,
    initial_error,
    is_near_tie,
    product_rate_error,
    raised,
    unbounded,
)
from .rules import Rule, exact_rate_products

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
    def gather(cls, parts: list[tuple[np.ndarray, ...] | TieList]) -> TieList:
        """One sorted list from pieces ``(datasets, rates, steps, net_inputs, bounds, preds)``
        or lists (sorted, as every ``TieList`` is): joined as they are when each list's
        entries come after the last list's, else sorted."""
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, np.zeros(0), np.zeros(0), np.zeros(0, np.int8))
        types = (np.int64, np.int64, np.int64, np.float64, np.float64, np.int8)
        lists = [part for part in parts if isinstance(part, TieList)]
        in_sequence = len(lists) == len(parts) and _in_sequence(lists)
        if in_sequence:  # joined as they are
            parts = [part for part in lists if len(part)] or lists[:1]  # type: ignore[assignment]
        rows = [part.columns if isinstance(part, TieList) else part for part in parts]
        columns = [
            (column[0] if len(column) == 1 else np.concatenate(column)).astype(kind, copy=False)
            for column, kind in zip(zip(*rows, strict=True), types, strict=True)
        ]
        if in_sequence:
            return cls(*columns)
        order = _order(*columns[:3])
        return cls(*(column if order is None else column[order] for column in columns))

    @property
    def columns(self) -> tuple[np.ndarray, ...]:
        """``(datasets, rates, steps, net_inputs, bounds, predictions)``."""
        return tuple(getattr(self, name) for name in _TIE_FIELDS)

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


def tie_key(columns: tuple[np.ndarray, ...], at: int) -> tuple[int, int, int]:
    """(dataset, rate, step) of entry ``at`` of near-tie columns, the order a TieList keeps."""
    return int(columns[0][at]), int(columns[1][at]), int(columns[2][at])


def _in_sequence(parts: list[TieList]) -> bool:
    """Whether each non-empty list's first entry comes after the last list's last entry."""
    filled = [part.columns for part in parts if len(part)]
    return all(tie_key(a, -1) < tie_key(b, 0) for a, b in itertools.pairwise(filled))


def _order(datasets: np.ndarray, rates: np.ndarray, steps: np.ndarray) -> np.ndarray | None:
    """The permutation sorting entries by (dataset, rate, step), or None when they already are
    (the compiled kernel hands them over sorted): one int64 key when it fits (one sort of
    distinct keys, several times faster than a three-key lexsort), else the lexsort."""
    if not datasets.size:
        return None
    span_r, span_k = int(rates.max()) + 1, int(steps.max()) + 1
    if (int(datasets.max()) + 1) * span_r * span_k >= 2**62:
        return np.lexsort((steps, rates, datasets))
    key = (datasets * span_r + rates) * span_k + steps
    if (key[1:] > key[:-1]).all():
        return None
    return np.argsort(key)  # keys are distinct


class Outputs:
    """The arrays a run writes as it goes, each ``(b, steps, e)`` (one contiguous (b, e) block
    per step) and None where ``keep`` does not ask for it; ``snapshots`` is ``(b, |K|, d, e)``
    for the kept step numbers K."""

    def __init__(
        self, b: int, e: int, steps: int, d: int, keep: Keep, net_dtype, snapshot_dtype
    ) -> None:
        shape = (b, steps, e)
        self.keep = keep
        self.predictions = self.coefficients = None
        if keep.predictions:  # one block for both: freed as one, so that the allocator keeps
            # it for the next run (two blocks freed together are given back to the system and
            # fault in again, page by page: a third of a tie-heavy run's time); either array
            # alone keeps the whole block alive
            both = np.empty((2, *shape), np.int8)
            self.predictions, self.coefficients = both[0], both[1]
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
    of w⁽ᵏ⁾ for k in ``kept_steps``.

    With ``keep="all"`` the w·x and bounds of every step (16 bytes per rate and step, most of
    the run's memory traffic) are computed on first use of :attr:`net_inputs` or
    :attr:`tie_bounds`, by running the same loop again (:class:`Rerun`): the same numbers,
    paid for only when read."""

    predictions: np.ndarray | None
    coefficients: np.ndarray | None
    kept_net_inputs: np.ndarray | None
    kept_tie_bounds: np.ndarray | None
    ties: TieList
    final_weights: np.ndarray
    snapshots: np.ndarray | None
    kept_steps: tuple[int, ...]
    backend: str
    rerun: Rerun | None = None

    @property
    def net_inputs(self) -> np.ndarray | None:
        """w̃·x̃ at every step, (b, steps, e), when kept with ``keep="all"`` (else None)."""
        self._materialize()
        return self.kept_net_inputs

    @property
    def tie_bounds(self) -> np.ndarray | None:
        """The certified bound at every step, (b, steps, e), with ``keep="all"`` (else None)."""
        self._materialize()
        return self.kept_tie_bounds

    def _materialize(self) -> None:
        """Run again, keeping everything, the first time w·x or a bound is asked for."""
        if self.rerun is None or self.kept_net_inputs is not None:
            return
        again = run_float(*self.rerun.arguments, keep=ALL, backend=self.backend, lazy=False)
        object.__setattr__(self, "kept_net_inputs", again.kept_net_inputs)
        object.__setattr__(self, "kept_tie_bounds", again.kept_tie_bounds)


@dataclass(frozen=True)
class Rerun:
    """The positional arguments of a :func:`run_float` call, to run it again (picklable)."""

    arguments: tuple


@dataclass
class FloatChunk:
    """The inputs of one chunk of datasets, as both backends read them."""

    X: np.ndarray  # (b, n, d)
    zero_x: np.ndarray  # (b, n, d): x̃_j = 0 and exact
    y: np.ndarray  # (b, n) int8
    etas: np.ndarray  # (e,)
    eta_error: np.ndarray  # (e,)
    ratios: np.ndarray  # (b, n): ρ_s ≥ max_j (γ_d|x̃_j| (raised) + ξ_j) / M_j
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
    lazy: bool = True,
) -> FloatRun:
    """Run ``rule`` in float64 on X (b, n, d), labels y (b, n), rates (e,), w0 (b, d).

    ``backend`` is ``"numpy"`` (the reference) or ``"numba"`` (:mod:`numeric.kernels`, the same
    operations compiled); both give identical results.  With ``keep`` "all" and ``lazy``, the
    w·x and bounds of every step are left to :attr:`FloatRun.net_inputs`, which computes them
    when first read (ŷ and c are written during the run, as for "predictions")."""
    rerun = None
    if lazy and keep.everything:
        rerun = Rerun((X, x_error, y, etas, eta_error, w0, w0_error, steps, rule))
        keep = replace(keep, everything=False)
    b, n, d = X.shape
    e = etas.shape[0]
    extra = allowance(steps, d)  # raises before any work when steps·d is beyond certifying
    eta_error = product_rate_error(etas, eta_error, exact_rate_products(rule))
    model = SampleModel.of(X, x_error, kernels() if backend == "numba" else None)
    w = np.ascontiguousarray(np.repeat(w0[:, :, None], e, axis=2), dtype=np.float64)  # (b,d,e)
    S = np.ascontiguousarray(initial_error(w0_error, model.M, e))  # (b, e)
    U = np.ascontiguousarray(np.repeat(initial_size(w0, model.M)[:, None], e, axis=1))  # (b, e)
    out = Outputs(b, e, steps, d, keep, np.float64, np.float64)
    if out.snapshots is not None and keep.steps[0] == 0:
        out.snapshots[:, 0] = w
    ties: list[tuple[np.ndarray, ...] | TieList] = []
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
            rounding = model.rounding[lo:hi]
            representation = model.representation[lo:hi]
            underflow = model.underflow[lo:hi]
            chunk = FloatChunk(
                X[lo:hi],
                model.zero_x[lo:hi],
                y[lo:hi],
                etas,
                eta_error,
                model.ratios[lo:hi],
                rounding,
                representation,
                underflow,
                None
                if backend == "numba"
                else increments(rounding, representation, underflow, etas, eta_error),
                extra,
                rule,
                lo,
            )
            state = (w[lo:hi], S[lo:hi], U[lo:hi])
            step(chunk, steps, state, out.rows(lo, hi), out.kept, ties, progress)
    return FloatRun(
        predictions=out.predictions,
        coefficients=out.coefficients,
        kept_net_inputs=out.net_inputs,
        kept_tie_bounds=out.bounds,
        ties=TieList.gather(ties),
        final_weights=w.transpose(0, 2, 1),
        snapshots=out.snapshots,
        kept_steps=keep.steps,
        backend=backend,
        rerun=rerun,
    )


@dataclass(frozen=True)
class SampleModel:
    """The error model's constants as the loops read them: M (b, d), and per dataset and
    sample (b, n) ρ_s (:func:`dot_ratios`), the three sums of
    :class:`numeric.rounding.ErrorModel`, and where x̃_j = 0 exactly, (b, n, d)."""

    M: np.ndarray
    ratios: np.ndarray
    rounding: np.ndarray
    representation: np.ndarray
    underflow: np.ndarray
    zero_x: np.ndarray

    @classmethod
    def of(
        cls, X: np.ndarray, x_error: np.ndarray, compiled: ModuleType | None = None
    ) -> SampleModel:
        """From NumPy (the reference), or from ``compiled`` (:mod:`numeric.kernels`), which
        computes the same numbers in one pass."""
        if compiled is not None and X.size:  # no sample or no feature: the reference's answer
            return cls(*compiled.error_model(X, x_error, gamma(X.shape[2])))
        model = ErrorModel(X, x_error)
        return cls(
            model.M,
            dot_ratios(model.dot_scales, model.M, model.carries),
            model.rounding,
            model.representation,
            model.underflow,
            (X == 0) & (x_error == 0),
        )


def dot_ratios(
    dot_scales: np.ndarray, M: np.ndarray, positive: np.ndarray | None = None
) -> np.ndarray:
    """ρ_s = max_j s_j/M_j per dataset and sample, (b, n), rounded up (two steps up from the
    rounded quotient), so that s_j ≤ ρ_s·M_j exactly; +inf where s_j > 0 meets M_j = 0.

    ρ_s is 0 only where every s_j is 0 (``positive``, when given, says where some s_j > 0): a
    quotient that underflows to 0 (s_j subnormal, M_j large) still gets its two steps up, to
    2t, which bounds what it lost."""
    divisors = np.where(M > 0, M, 1.0)[:, None, :]  # s_j = 0 where M_j = 0: the quotient is 0
    quotients = dot_scales / divisors
    if (M == 0).any():  # s_j > 0 cannot meet M_j = 0 (M_j ≥ |x̃_j| + ξ_j), but never divide by it
        reach = np.broadcast_to(M[:, None, :], dot_scales.shape)
        quotients[(reach == 0) & (dot_scales > 0)] = np.inf
    largest = quotients.max(axis=2) if quotients.shape[2] else np.zeros(quotients.shape[:2])
    up = np.nextafter(np.nextafter(largest, np.inf), np.inf)
    some = (dot_scales > 0).any(axis=2) if positive is None else positive
    return np.where(some, up, 0.0)


def initial_size(w0: np.ndarray, M: np.ndarray) -> np.ndarray:
    """U for w⁽⁰⁾: Σ_j|w̃⁽⁰⁾_j|·M_j in order, each non-zero product raised by t, (b,)."""
    with np.errstate(over="ignore", invalid="ignore"):  # U = +inf or NaN (0·inf): bounds +inf
        products = raised(np.abs(w0) * M, (w0 != 0) & (M != 0))
        return _ordered_sum(products[:, :, None])[:, 0] if w0.shape[1] else np.zeros(w0.shape[0])


def _numpy_chunk(
    chunk: FloatChunk,
    steps: int,
    state: tuple[np.ndarray, np.ndarray, np.ndarray],
    out: dict[str, np.ndarray | None],
    kept: np.ndarray,
    ties: list[tuple[np.ndarray, ...] | TieList],
    progress: Progress,
) -> None:
    """The reference loop for one chunk; ``state`` = (w (b, d, e), S (b, e), U (b, e)) is
    updated in place.

    Per step, in this order: z = Σ_j w̃_j·x̃_j; bound = 2·(ρ_s·U + S) + allowance (+inf where
    z or the bound is not finite); the prediction and c; w̃ += (η̃·c)·x̃; S += |c|·increment;
    where c ≠ 0, U += |η̃c|·representation_s + underflow_s and then S += u·U."""
    w, S, U = state
    X, y, rule, etas = chunk.X, chunk.y, chunk.rule, chunk.etas
    b, n, d = X.shape
    e = etas.shape[0]
    predictions, coefficients = out["predictions"], out["coefficients"]
    net, bounds, snapshots = out["net_inputs"], out["bounds"], out["snapshots"]
    kept_at = {int(k): slot for slot, k in enumerate(kept)}
    increments = chunk.increments
    assert increments is not None, "tabulated for the NumPy loop"
    report = max(1, 2**16 // max(1, b * e * d))
    for k in range(steps):
        s = k % n
        x = X[:, s, :, None]  # (b, d, 1)
        z = _ordered_sum(w * x)
        ratio = chunk.ratios[:, s, None]
        size = np.where(ratio > 0, ratio * U, 0.0)  # no product error where every s_j = 0
        bound = unbounded(z, 2.0 * (size + S) + chunk.allowance)
        near = is_near_tie(z, bound)
        c = rule.coefficient(y[:, s, None], z)
        p = rule.predict(z)
        if near.any():  # a computed 0 from exactly-zero terms is a certified tie, not a near one
            exact = (z == 0) & (S == 0) & (bound < np.inf)
            exact &= ((w == 0) | chunk.zero_x[:, s, :, None]).all(axis=1)
            near &= ~exact
            i, r = np.nonzero(near)
            ties.append((i + chunk.offset, r, np.full(i.shape, k), z[i, r], bound[i, r], p[i, r]))
        if predictions is not None and coefficients is not None:
            predictions[:, k] = p
            coefficients[:, k] = c
        if net is not None and bounds is not None:
            net[:, k] = z
            bounds[:, k] = bound
        step = etas[None, :] * c
        w += step[:, None, :] * x
        S += np.abs(c) * increments[s]
        moved = c != 0
        if moved.any():
            grown = U + (
                np.abs(step) * chunk.representation[:, s, None] + chunk.underflow[:, s, None]
            )
            U[...] = np.where(moved, grown, U)
            S[...] = np.where(moved, S + UNIT_ROUNDOFF * U, S)
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

"""The η-invariance check mapped over many datasets, in chunks, on any executor.

:func:`sweep` cuts a stack of datasets into chunks, checks each chunk with one batched run
(:func:`numeric.train_batch`, ``keep="predictions"``), re-checks exactly the datasets whose
float64 run met a near-tie (:func:`recheck`: one exact batched run of those datasets, compiled
when numba is there; the verdicts of :func:`numeric.check_eta_invariance`), and returns a
:class:`Summary`.  Summaries add up (``a + b``, :meth:`Summary.combine`) in any order to the
same result, so chunks may run anywhere: ``executor=`` takes any
:class:`concurrent.futures.Executor` — a ``ProcessPoolExecutor`` (every core), a
``ThreadPoolExecutor``, or ``dask.distributed.Client(...).get_executor()`` for a cluster.
Chunks are submitted to it, nothing more: scheduling is the executor's.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from .backends import kernels, kernels_available
from .errors import DimensionMismatch, InvalidOption
from .inputs import rows_of
from .invariance import Difference
from .perceptron import train_batch
from .problem import rates_as_given
from .rules import Rule

#: Bytes of predictions one chunk may hold when ``chunk_size`` is not given.
CHUNK_BYTES = 2**26


@dataclass(frozen=True)
class NonInvariantDataset:
    """A dataset where η changes the predictions: its position in the sweep (0-based) and the
    first step where two rates differ."""

    dataset: int
    difference: Difference


@dataclass(frozen=True)
class Summary:
    """Counts of verdicts over a sweep, and the first few witnesses.

    ``near_ties`` counts float64 near-tie steps (over every rate), ``datasets_with_near_ties``
    the datasets that had one (each re-checked exactly unless ``resolve=False``, when it
    counts as undecided).  ``witnesses`` holds the non-invariant datasets of lowest index, at
    most ``max_witnesses``."""

    datasets: int = 0
    invariant: int = 0
    not_invariant: int = 0
    undecided: int = 0
    near_ties: int = 0
    datasets_with_near_ties: int = 0
    witnesses: tuple[NonInvariantDataset, ...] = ()
    max_witnesses: int = 5

    @classmethod
    def combine(cls, summaries: Iterable[Summary]) -> Summary:
        """The summary of the union of the sweeps (disjoint datasets), in any order."""
        parts = list(summaries)
        if not parts:
            return cls()
        limit = max(part.max_witnesses for part in parts)
        witnesses = sorted((w for part in parts for w in part.witnesses), key=lambda w: w.dataset)[
            :limit
        ]
        counts = {
            name: sum(getattr(part, name) for part in parts)
            for name in (
                "datasets",
                "invariant",
                "not_invariant",
                "undecided",
                "near_ties",
                "datasets_with_near_ties",
            )
        }
        return cls(**counts, witnesses=tuple(witnesses), max_witnesses=limit)

    def __add__(self, other: object) -> Summary:
        if not isinstance(other, Summary):
            return NotImplemented
        return Summary.combine([self, other])

    def __radd__(self, other: object) -> Summary:  # sum(summaries) starts from 0
        if other == 0:
            return self
        return NotImplemented

    def __str__(self) -> str:
        lines = [
            f"{self.datasets} dataset(s): {self.invariant} invariant, {self.not_invariant} not "
            f"invariant, {self.undecided} undecided; {self.near_ties} float64 near-tie step(s) "
            f"in {self.datasets_with_near_ties} dataset(s)"
        ]
        for witness in self.witnesses:
            d = witness.difference
            lines.append(
                f"  dataset {witness.dataset}: at step {d.step} (sample {d.sample}) η = "
                f"{d.etas[0]} predicts {d.predictions[0]:+d} and η = {d.etas[1]} predicts "
                f"{d.predictions[1]:+d}"
            )
        return "\n".join(lines)


@dataclass(frozen=True)
class _Chunk:
    """One chunk's work, picklable for process pools and clusters."""

    X: np.ndarray
    y: np.ndarray
    w0: object
    etas: tuple[object, ...]
    options: dict
    offset: int
    max_witnesses: int
    resolve: bool
    threads: int | None


def sweep(
    Xs: object,
    ys: object,
    etas: object,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
    *,
    resolve: bool = True,
    chunk_size: int | None = None,
    executor: Executor | None = None,
    witnesses: int = 5,
    backend: str = "auto",
    threads_per_chunk: int | None = None,
) -> Summary:
    """Check η-invariance on every dataset of ``Xs`` (b, n, d) with labels ``ys`` (b, n).

    ``w0`` is zero, one vector for all or one per dataset (b, d); the other options are those
    of :func:`numeric.check_eta_invariance`.  Datasets go ``chunk_size`` at a time (default:
    as many as keep one chunk's predictions near :data:`CHUNK_BYTES`) to ``executor`` (None:
    one after the other, here).  ``threads_per_chunk`` caps the compiled kernels' threads in
    each chunk; it defaults to 1 with an executor (the executor supplies the parallelism) and
    to every core without one.
    """
    try:  # as train_batch reads them: no value rounded on the way (np.asarray would)
        X, y = rows_of(Xs, "Xs", 3), rows_of(ys, "ys", 2)
    except DimensionMismatch as error:
        raise InvalidOption(f"Xs and ys must be (b, n, d) and (b, n): {error}", Xs) from None
    if y.shape != X.shape[:2]:
        raise InvalidOption(
            f"Xs of shape {X.shape} and ys of shape {y.shape} must be (b, n, d) and (b, n)", Xs
        )
    if isinstance(witnesses, bool) or not isinstance(witnesses, int) or witnesses < 0:
        raise InvalidOption(f"witnesses={witnesses!r} must be a whole number ≥ 0", witnesses)
    b, n, _ = X.shape
    rates = rates_as_given(etas)  # as train reads them
    if chunk_size is None:
        chunk_size = max(1, CHUNK_BYTES // max(1, 2 * len(rates) * n * epochs))
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InvalidOption(
            f"chunk_size={chunk_size!r} must be a positive whole number", chunk_size
        )
    per_dataset = isinstance(w0, np.ndarray | list | tuple) and np.ndim(w0) == 2
    threads = threads_per_chunk if threads_per_chunk is not None else (1 if executor else None)
    options = {"epochs": epochs, "bias": bias, "rule": rule, "exact": exact, "backend": backend}
    chunks = [
        _Chunk(
            X[lo : lo + chunk_size],
            y[lo : lo + chunk_size],
            np.asarray(w0, dtype=object)[lo : lo + chunk_size] if per_dataset else w0,
            rates,
            options,
            lo,
            witnesses,
            resolve,
            threads,
        )
        for lo in range(0, b, chunk_size)
    ]
    if executor is None:
        return Summary.combine(map(check_chunk, chunks))
    futures = [executor.submit(check_chunk, chunk) for chunk in chunks]
    return Summary.combine(future.result() for future in futures)


def check_chunk(chunk: _Chunk) -> Summary:
    """The summary of one chunk (run wherever the executor runs it)."""
    if chunk.threads is not None:
        _set_threads(chunk.threads)
    options = chunk.options
    result = train_batch(chunk.X, chunk.y, chunk.etas, chunk.w0, keep="predictions", **options)
    predictions = result.predictions  # (c, e, steps)
    ties = result.ties
    tied = np.unique(ties.datasets)
    counts = {"invariant": 0, "not_invariant": 0, "undecided": 0}
    found: list[NonInvariantDataset] = []
    doubtful = set(tied.tolist())
    for i in range(chunk.X.shape[0]):
        if i in doubtful:
            continue
        difference = first_difference(predictions[i], result.etas, chunk.X.shape[1])
        counts["invariant" if difference is None else "not_invariant"] += 1
        if difference is not None:
            found.append(NonInvariantDataset(chunk.offset + i, difference))
    if len(tied) and not chunk.resolve:
        counts["undecided"] += len(tied)
    elif len(tied):  # re-checked exactly: the verdicts check_eta_invariance gives
        w0 = chunk.w0[tied] if isinstance(chunk.w0, np.ndarray) and chunk.w0.ndim == 2 else chunk.w0
        differences = recheck(chunk.X[tied], chunk.y[tied], chunk.etas, w0, options)
        for i, difference in zip(tied.tolist(), differences, strict=True):
            counts["invariant" if difference is None else "not_invariant"] += 1
            if difference is not None:
                found.append(NonInvariantDataset(chunk.offset + i, difference))
    found.sort(key=lambda witness: witness.dataset)
    return Summary(
        datasets=chunk.X.shape[0],
        near_ties=len(ties),
        datasets_with_near_ties=len(tied),
        witnesses=tuple(found[: chunk.max_witnesses]),
        max_witnesses=chunk.max_witnesses,
        **counts,
    )


def recheck(
    Xs: np.ndarray, ys: np.ndarray, etas: tuple[object, ...], w0: object, options: dict
) -> list[Difference | None]:
    """The exact verdict of each dataset (None when η-invariant, else the first difference):
    one exact :func:`numeric.train_batch` of them all, ``keep="predictions"``, so that with
    numba the loop is compiled (int64, or the wide limbs of :mod:`numeric.kernels`) and no
    Fraction is built per step.  Equal to :func:`numeric.check_eta_invariance` on each
    dataset: there float64 predictions stand only where certified, hence exact."""
    settings = {**options, "exact": True}
    result = train_batch(Xs, ys, list(etas), w0, keep="predictions", **settings)
    predictions = result.predictions  # (b, e, steps)
    n = Xs.shape[1]
    return [first_difference(predictions[i], result.etas, n) for i in range(Xs.shape[0])]


def first_difference(predictions: np.ndarray, etas: tuple, n: int) -> Difference | None:
    """The first step where some rate predicts otherwise than the first rate (predictions
    ``(e, steps)``), and the first such rate; None when every rate predicts alike."""
    differs = (predictions != predictions[:1]).any(axis=0)
    if not differs.any():
        return None
    k = int(np.argmax(differs))
    other = int(np.argmax(predictions[:, k] != predictions[0, k]))
    return Difference(
        step=k + 1,
        sample=k % n + 1,
        etas=(etas[0], etas[other]),
        predictions=(int(predictions[0, k]), int(predictions[other, k])),
    )


def _set_threads(count: int) -> None:
    if kernels_available():
        kernels().threads(count)

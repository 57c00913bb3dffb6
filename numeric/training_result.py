"""What a run returns: :class:`TrainingResult`, the predictions, coefficients, weights, net
inputs and near-ties of one run (:mod:`numeric.perceptron`), as arrays indexed from 0 —
``predictions[e, k]`` is ŷ⁽ᵏ⁺¹⁾ and ``weights[e, k]`` is w⁽ᵏ⁾ — read from what the run kept
(:mod:`numeric.keep`), with the weights at every step rebuilt on first access.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

import numpy as np

from .cost import Estimate, check_memory
from .display import MAX_ROWS, Table, number, one_line, plural, to_html, vector
from .errors import NotKept
from .exact import ExactRun, rebuilt_net_inputs
from .floating import FloatRun, TieList
from .keep import ALL, Keep
from .problem import Problem
from .rules import Rule

#: Rates that ``str(result)`` lists, one a line.
PRINTED_RATES = 10


class TrainingResult:
    """One run of a rule for several learning rates (and, from :func:`train_batch`, several
    datasets).  Arrays have shape ``[e, k]`` (``[b, e, k]`` for a batch):

    - ``predictions[..., e, k]`` — ŷ⁽ᵏ⁺¹⁾ for rate ``etas[e]``, k = 0 … n·epochs − 1 (int8);
    - ``coefficients[..., e, k]`` — c_{k+1} in Δw⁽ᵏ⁺¹⁾ = η·c·x⁽ᵏ⁺¹⁾ (int8);
    - ``weights[..., e, k, :]`` — w⁽ᵏ⁾, k = 0 … n·epochs (float64, or ``Fraction`` objects in
      exact mode), built on first access from the coefficients;
    - ``net_inputs[..., e, k]`` — w⁽ᵏ⁾·x⁽ᵏ⁺¹⁾ as computed (float64, or exact ``Fraction``);
    - ``near_ties[..., e, k]`` — float64 only: |w·x| within the certified rounding bound
      ``tie_bounds``, so the sign may be wrong there (all False in exact mode); ``ties`` holds
      the same sparsely, with w·x, bound and prediction at each.

    With ``keep="predictions"`` only predictions and coefficients are kept per step, with
    ``keep="final"`` neither, with step numbers K the weights w⁽ᵏ⁾ for k in K (``weights``
    then stacks them in the order of ``kept_steps``); ``final_weights`` and the near-ties are
    always there.  Asking for anything else raises :class:`NotKept`.
    """

    def __init__(
        self, run: FloatRun | ExactRun, problem: Problem, index: int | None, keep: Keep = ALL
    ) -> None:
        self._run, self._problem, self._index = run, problem, index
        self.etas: tuple[object, ...] = problem.etas
        self.rule: Rule = problem.rule
        self.n: int = problem.n
        self.epochs: int = problem.epochs
        self.bias: bool = problem.bias
        self.exact: bool = isinstance(run, ExactRun)
        self.keep: Keep = keep
        self.backend: str = run.backend

    def __repr__(self) -> str:
        agreement = self._agreement(short=True)
        parts = [agreement, plural(len(self.etas), "rate"), f"rule={self.rule.name!r}"]
        if self._index is None and "dataset" not in agreement:
            parts.insert(1, plural(self._problem.shape[0], "dataset"))
        parts += [f"n={self.n}", f"epochs={self.epochs}"]
        parts += ["exact"] if self.exact else ["float64", plural(len(self.ties), "near-tie")]
        return one_line("TrainingResult", *parts)

    def __str__(self) -> str:
        lines = [f"{self._run_text()}: {self._agreement()}."]
        if self._index is not None:
            lines += [
                f"  η = {eta}: updates per epoch {updates}, final w = {final}, near-ties {ties}"
                for eta, updates, final, ties in self._rate_rows(PRINTED_RATES)
            ]
            if len(self.etas) > PRINTED_RATES:
                lines.append(f"  … and {plural(len(self.etas) - PRINTED_RATES, 'more rate')}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if self._index is None:
            differs, ties = self._differs(), self.ties.datasets
            headers: tuple[str, ...] = ("dataset", "predictions", "near-ties")
            rows: list[tuple[object, ...]] = [
                (
                    i,
                    "not kept" if differs is None else ("depend on η" if differs[i] else "same"),
                    "–" if self.exact else int(np.sum(ties == i)),
                )
                for i in range(min(self._problem.shape[0], MAX_ROWS))
            ]
            total = self._problem.shape[0]
        else:
            headers = ("η", "updates per epoch", "final w", "near-ties")
            rows = list(self._rate_rows(MAX_ROWS))
            total = len(self.etas)
        agreement = self._agreement()
        return to_html(
            agreement[0].upper() + agreement[1:],
            lead=f"{self._run_text()}.",
            table=Table.of(headers, rows, total=total),
            details=[("The full report", str(self))],
        )

    def _run_text(self) -> str:
        data = plural(self.n, "sample")
        if self._index is None:
            data = f"{plural(self._problem.shape[0], 'dataset')} of {data}"
        arithmetic = "exact" if self.exact else "float64"
        return (
            f"Rule {self.rule.name!r} on {data} × {plural(self.epochs, 'epoch')} "
            f"({plural(self.steps, 'step')}{', bias last' if self.bias else ''}), "
            f"{plural(len(self.etas), 'rate')}, {arithmetic} ({self.backend}, {self.keep.label})"
        )

    def _differs(self) -> np.ndarray | None:
        """Per dataset, whether some rate predicts otherwise than the first (None when the
        predictions were not kept); one entry for a single dataset."""
        if self._run.predictions is None:
            return None
        predictions = self.predictions if self._index is None else self.predictions[None]
        return (predictions != predictions[:, :1, :]).any(axis=(1, 2))

    def _agreement(self, short: bool = False) -> str:
        """What the predictions say about η: the same for every rate, or not."""
        differs = self._differs()
        if differs is None:
            return "predictions not kept"
        if len(self.etas) == 1:
            return "one rate" if short else "one rate, nothing to compare"
        count, total = int(differs.sum()), len(differs)
        batch = self._index is None
        ties = 0 if self.exact else len(self.ties)
        if short:
            # with a near-tie the float64 predictions are not certified: say only what they are
            head = "float64 ŷ" if ties else "ŷ"
            if count == 0:
                same = f"same {head} for every η"
                return same + (f" in {plural(total, 'dataset')}" if batch else "")
            return (f"η changes {head} in {count}/{total} datasets" if batch
                    else f"η changes {head}")  # fmt: skip
        caveat = (
            f", but {plural(ties, 'near-tie')} float64 could not certify "
            "(check_eta_invariance resolves them exactly)"
            if ties
            else ""
        )
        which = "the float64 predictions" if ties else "the predictions"
        if count == 0:
            return f"{which} are the same for every η{caveat}"
        if batch:
            return f"{which} depend on η in {count} of {plural(total, 'dataset')}{caveat}"
        first = int(np.argmax((self.predictions != self.predictions[:1]).any(axis=0))) + 1
        return f"{which} depend on η, first at step {first}{caveat}"

    def _rate_rows(self, limit: int) -> list[tuple[object, str, str, object]]:
        """Per rate (the first ``limit``): η, the updates per epoch, the final weights and
        the number of near-ties, as text."""
        updates = None if self._run.coefficients is None else self.updates_per_epoch()
        final = self.final_weights
        rows: list[tuple[object, str, str, object]] = []
        for r, eta in enumerate(self.etas[:limit]):
            rows.append(
                (
                    eta if isinstance(eta, str) else number(eta),
                    "not kept" if updates is None else vector(updates[r]),
                    vector(final[r]),
                    "–" if self.exact else int(np.sum(self.ties.rates == r)),
                )
            )
        return rows

    def _pick(self, array: np.ndarray) -> np.ndarray:
        return array if self._index is None else array[self._index]

    @property
    def _float(self) -> FloatRun:
        assert isinstance(self._run, FloatRun), "a float64 run"
        return self._run

    @property
    def _exact(self) -> ExactRun:
        assert isinstance(self._run, ExactRun), "an exact run"
        return self._run

    def _kept(self, array: np.ndarray | None, what: str, needs: str) -> np.ndarray:
        if array is None:
            raise NotKept(
                f"{what} were not kept ({self.keep.label}); train with keep={needs} to keep them",
                what,
            )
        return array

    @property
    def steps(self) -> int:
        """The number of updates, n·epochs."""
        return self.n * self.epochs

    @property
    def samples(self) -> np.ndarray:
        """The 1-based sample seen at each step: ``samples[k]`` is the sample of step k + 1."""
        return np.arange(self.steps) % self.n + 1

    @property
    def kept_steps(self) -> tuple[int, ...] | range:
        """The k whose w⁽ᵏ⁾ ``weights`` holds: every k for ``keep="all"``."""
        return range(self.steps + 1) if self.keep.everything else self.keep.steps

    @property
    def predictions(self) -> np.ndarray:
        """ŷ⁽ᵏ⁺¹⁾ as ``[..., e, k]``."""
        kept = self._kept(self._run.predictions, "predictions", "'predictions' or 'all'")
        return self._pick(kept.swapaxes(1, 2))

    @property
    def coefficients(self) -> np.ndarray:
        """c_{k+1} as ``[..., e, k]``."""
        kept = self._kept(self._run.coefficients, "coefficients", "'predictions' or 'all'")
        return self._pick(kept.swapaxes(1, 2))

    @cached_property
    def ties(self) -> TieList:
        """The near-ties, sparsely (see :class:`numeric.floating.TieList`); empty when exact."""
        if self.exact:
            return TieList.gather([])
        ties = self._float.ties
        return ties if self._index is None else ties.of_dataset(self._index)

    @cached_property
    def near_ties(self) -> np.ndarray:
        """Steps whose sign float64 could not certify, ``[..., e, k]`` (never in exact mode)."""
        b, e, _ = self._problem.shape
        if self.exact:
            return self._pick(np.zeros((b, e, self.steps), dtype=bool))
        return self._pick(self._float.ties.dense(b, e, self.steps))

    @property
    def tie_bounds(self) -> np.ndarray | None:
        """The certified bound on |float64 w·x − exact w·x| per step (None in exact mode)."""
        if self.exact:
            return None
        kept = self._kept(self._float.tie_bounds, "tie bounds", "'all'")
        return self._pick(kept.swapaxes(1, 2))

    @cached_property
    def net_inputs(self) -> np.ndarray:
        """w⁽ᵏ⁾·x⁽ᵏ⁺¹⁾ as ``[..., e, k]``: float64, or ``Fraction`` objects in exact mode."""
        if not self.exact:
            kept = self._kept(self._float.net_inputs, "net inputs", "'all'")
            return self._pick(kept.swapaxes(1, 2))
        run = self._exact
        if not self.keep.everything:
            self._kept(None, "net inputs", "'all'")
        b, e, _ = self._problem.shape
        out = np.empty((b, self.steps, e), dtype=object)
        for i in range(b):
            if run.scaled_net_inputs is not None:
                scaled = run.scaled_net_inputs[i]
            else:
                scaled = rebuilt_net_inputs(run, i)
            for (k, r), value in np.ndenumerate(scaled):
                out[i, k, r] = Fraction(int(value), int(run.net_input_denominators[i, r]))
        return self._pick(out.swapaxes(1, 2))

    @cached_property
    def weights(self) -> np.ndarray:
        """w⁽ᵏ⁾ as ``[..., e, k, :]`` for k = 0 … n·epochs (for the ``kept_steps`` when
        ``keep`` named step numbers)."""
        if not self.keep.everything:
            if not self.keep.steps:
                self._kept(None, "weights at every step", "'all' or step numbers")
            return self._pick(self._snapshot_weights())
        b, e, d = self._problem.shape
        cost = Estimate(b * e * (self.steps + 1) * d * (56 if self.exact else 8), 0.0)
        check_memory(cost, "the weights at every step", "use weights_at(k) or keep={k, …}")
        return self._pick(self._exact_weights() if self.exact else self._float_weights())

    def weights_at(self, k: int) -> np.ndarray:
        """w⁽ᵏ⁾ as ``[..., e, :]``, for k kept (any k with ``keep="all"``)."""
        if k == self.steps:
            return self.final_weights
        if not self.keep.everything:
            if k not in self.keep.steps:
                self._kept(None, f"the weights w⁽{k}⁾", f"{{{k}, …}}")
            return self.weights[..., self.keep.steps.index(k), :]
        return self.weights[..., k, :]

    @property
    def final_weights(self) -> np.ndarray:
        """w⁽ⁿ·ᵉᵖᵒᶜʰˢ⁾ as ``[..., e, :]``."""
        if self.exact:
            return self._pick(self._exact_final())
        return self._pick(self._float.final_weights)

    def updates_per_epoch(self) -> np.ndarray:
        """The number of steps with Δw ≠ 0 in each epoch, ``[..., e, epoch]`` (the textbook's
        ``errors_``: misclassifications, ties included for the mistake-driven rule)."""
        shape = (*self.coefficients.shape[:-1], self.epochs, self.n)
        return (self.coefficients.reshape(shape) != 0).sum(axis=-1)

    def _float_weights(self) -> np.ndarray:
        # The same operations as the loop, in the same order: w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + (η̃·c)·x̃.
        problem = self._problem
        X, etas, w0 = problem.X, problem.eta_floats, problem.w0
        assert X is not None and etas is not None and self._float.coefficients is not None
        coefficients = self._float.coefficients.swapaxes(1, 2)  # (b, e, k)
        xs = X[:, self.samples - 1, :]  # (b, k, d)
        with np.errstate(over="ignore", invalid="ignore"):  # as in the loop
            deltas = (etas[None, :, None] * coefficients)[..., None] * xs[:, None]
            start = np.broadcast_to(w0[:, None, None, :], (*deltas.shape[:2], 1, deltas.shape[-1]))
            return np.cumsum(np.concatenate([start, deltas], axis=2), axis=2)

    def _exact_weights(self) -> np.ndarray:
        run, w0, etas = self._exact, self._problem.w0, self._problem.eta_exact
        assert run.coefficients is not None, "kept with keep='all'"
        coefficients = run.coefficients.swapaxes(1, 2)
        b, e, steps = coefficients.shape
        d = run.scaled_features.shape[-1]
        out = np.empty((b, e, steps + 1, d), dtype=object)
        for i in range(b):
            xs = run.scaled_features[i, self.samples - 1, :]  # (k, d) Python ints
            for r in range(e):
                directions = np.cumsum(coefficients[i, r].astype(object)[:, None] * xs, 0)
                scale = etas[r] / run.feature_denominators[i]
                out[i, r, 0] = w0[i]
                for k in range(steps):
                    out[i, r, k + 1] = [w0[i, j] + scale * directions[k, j] for j in range(d)]
        return out

    def _snapshot_weights(self) -> np.ndarray:
        """(b, e, |K|, d) from the kept snapshots."""
        if not self.exact:
            snapshots = self._float.snapshots
            assert snapshots is not None, "kept steps"
            return snapshots.transpose(0, 3, 1, 2)
        run, w0, etas = self._exact, self._problem.w0, self._problem.eta_exact
        V = run.snapshots  # (b, |K|, e, d)
        assert V is not None, "kept steps"
        b, slots, e, d = V.shape
        out = np.empty((b, e, slots, d), dtype=object)
        for i in range(b):
            for r in range(e):
                scale = etas[r] / run.feature_denominators[i]
                for t in range(slots):
                    out[i, r, t] = [w0[i, j] + scale * int(V[i, t, r, j]) for j in range(d)]
        return out

    def _exact_final(self) -> np.ndarray:
        run, w0, etas = self._exact, self._problem.w0, self._problem.eta_exact
        b, e, d = run.directions.shape
        out = np.empty((b, e, d), dtype=object)
        for i in range(b):
            for r in range(e):
                scale = etas[r] / run.feature_denominators[i]
                out[i, r] = [w0[i, j] + scale * int(run.directions[i, r, j]) for j in range(d)]
        return out

    def exact_net_input(self, e: int, k: int, dataset: int = 0) -> Fraction:
        """w⁽ᵏ⁾·x⁽ᵏ⁺¹⁾ exactly for rate position e (exact runs with w⁽ᵏ⁾ kept)."""
        run = self._exact
        w = self.weights_at(k)
        if self._index is None:
            w = w[dataset]
        i = dataset if self._index is None else self._index
        x = run.scaled_features[i, k % self.n]
        D = run.feature_denominators[i]
        return sum((w[e, j] * int(x[j]) for j in range(len(x))), Fraction(0)) / D

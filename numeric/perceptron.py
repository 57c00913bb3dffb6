"""The numeric twin of ``symbolic/perceptron.py``: the same rules on concrete data, batched.

At step k = 1 … n·epochs the sample is x⁽ᵏ⁾ (sample ((k − 1) mod n) + 1, in order), and

    ŷ⁽ᵏ⁾ = rule.predict(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾),   Δw⁽ᵏ⁾ = η·c_k·x⁽ᵏ⁾,   w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾,

for every learning rate at once (a loop over samples, never over rates).  Arrays are indexed
from 0: ``predictions[e, k]`` is ŷ⁽ᵏ⁺¹⁾ and ``weights[e, k]`` is w⁽ᵏ⁾.

A run keeps what ``keep=`` asks for (:mod:`numeric.keep`) and runs on ``backend=`` ``"numpy"``
(the reference), ``"numba"`` (compiled, the same operations: identical results) or ``"auto"``
(numba when it is installed and the run is long enough to gain from it).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from .display import MAX_ROWS, Table, number, one_line, plural, to_html, vector
from .errors import DimensionMismatch, InvalidOption, NotKept
from .exact import ExactRun, Plan, rebuilt_net_inputs
from .floating import FloatRun, TieList, run_float
from .inputs import (
    ScaledIntegers,
    epochs_count,
    float_array,
    float_rates,
    initial_weights,
    labels_array,
    learning_rates,
    scaled_array,
    step_count,
)
from .keep import ALL, Keep, parse_keep
from .limits import Estimate, check_memory, estimate, human_seconds
from .progress import Progress
from .rules import Rule, get_rule, rule_code

BACKENDS = ("auto", "numpy", "numba")

#: Rates that ``str(result)`` lists, one a line.
PRINTED_RATES = 10

#: ``backend="auto"`` compiles when NumPy would take longer than this: a second while numba is
#: not loaded yet (loading it and the cached kernels costs about that), a twentieth after.
AUTO_SECONDS = (1.0, 0.05)


@dataclass(frozen=True)
class Problem:
    """Validated input of one call: labels (b, n), the rates, and either float64 features
    with their representation errors or exact scaled-integer features."""

    etas: tuple[object, ...]
    eta_exact: list[Fraction]
    rule: Rule
    n: int
    epochs: int
    bias: bool
    exact: bool
    labels: np.ndarray
    w0: np.ndarray  # (b, d): float64, or Fraction objects in exact mode
    X: np.ndarray | None = None  # float64 (b, n, d)
    x_error: np.ndarray | None = None
    eta_floats: np.ndarray | None = None
    eta_error: np.ndarray | None = None
    w0_error: np.ndarray | None = None
    features: ScaledIntegers | None = None

    @property
    def steps(self) -> int:
        return self.n * self.epochs

    @property
    def shape(self) -> tuple[int, int, int]:
        """(b, e, d): datasets, rates, features (the bias included)."""
        return self.labels.shape[0], len(self.eta_exact), self.w0.shape[1]

    def with_rates(self, rates: Sequence[int]) -> Problem:
        """The same problem for the rates at positions ``rates`` only."""
        picked = list(rates)
        fields: dict[str, Any] = {"etas": tuple(self.etas[e] for e in picked)}
        fields["eta_exact"] = [self.eta_exact[e] for e in picked]
        if self.eta_floats is not None and self.eta_error is not None:
            fields["eta_floats"] = self.eta_floats[picked]
            fields["eta_error"] = self.eta_error[picked]
        return replace(self, **fields)

    @cached_property
    def plan(self) -> Plan:
        """The exact run's integers and each dataset's path (exact problems only)."""
        assert self.features is not None, "an exact problem"
        return Plan.of(self.features, self.eta_exact, self.w0, self.steps, self.rule)

    def arithmetic(self) -> str:
        """``float64``; for exact runs ``int64`` when some dataset takes the int64 path,
        else ``object``."""
        if not self.exact:
            return "float64"
        return "int64" if "int64" in self.plan.paths else "object"

    def cost(self, keep: Keep, backend: str) -> Estimate:
        """Memory and time of the run, estimated (:func:`numeric.limits.estimate`)."""
        b, e, d = self.shape
        if not self.exact:
            return estimate(
                b, e, self.steps, d, self.n, keep=keep, arithmetic="float64", backend=backend
            )
        total = Estimate(0, 0.0)
        for path in ("int64", "object"):
            count = self.plan.paths.count(path)
            if count:
                part = estimate(
                    count, e, self.steps, d, self.n, keep=keep, arithmetic=path, backend=backend
                )
                total = Estimate(total.bytes + part.bytes, total.seconds + part.seconds)
        return total


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
        deltas = (etas[None, :, None] * coefficients)[..., None] * xs[:, None]
        start = np.broadcast_to(w0[:, None, None, :], (*deltas.shape[:2], 1, deltas.shape[-1]))
        with np.errstate(over="ignore", invalid="ignore"):  # as in the loop
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


def train(
    X: object,
    y: object,
    etas: object,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
    *,
    keep: object = "all",
    backend: str = "auto",
    progress: bool = False,
) -> TrainingResult:
    """Run a perceptron rule on one dataset for every learning rate in ``etas`` at once.

    ``X`` is n×d, ``y`` holds n labels of the rule; numbers may be ints, floats, Fractions or
    decimal strings.  ``w0`` is None/0 (zero) or a vector of length d (d + 1 with ``bias``, the
    bias weight last).  ``exact=True`` computes with exact rationals instead of float64.
    ``keep`` says what to hold (:mod:`numeric.keep`), ``backend`` where to run ("auto",
    "numpy", "numba"), ``progress`` shows a bar on stderr for long runs when it is a terminal.
    """
    rows = _rows(X, "X")
    labels = _rows(y, "y")
    if len(labels) != len(rows):
        raise DimensionMismatch(f"y has {len(labels)} labels but X has {len(rows)} rows", y)
    problem = prepare([rows], [labels], etas, w0, epochs, bias, rule, exact, batch=False)
    return run(problem, keep=keep, backend=backend, progress=progress, index=0)


def train_batch(
    Xs: object,
    ys: object,
    etas: object,
    w0: object = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
    exact: bool = False,
    *,
    keep: object = "all",
    backend: str = "auto",
    progress: bool = False,
) -> TrainingResult:
    """:func:`train` on a stack of datasets of one shape: ``Xs`` is (b, n, d), ``ys`` (b, n),
    ``w0`` zero, one vector for all, or one per dataset (b, d); arrays come as ``[b, e, k]``."""
    problem = prepare(Xs, ys, etas, w0, epochs, bias, rule, exact, batch=True)
    return run(problem, keep=keep, backend=backend, progress=progress, index=None)


def _rows(values: object, name: str) -> Sequence[object] | np.ndarray:
    if isinstance(values, np.ndarray):
        return values
    try:
        return list(values)  # type: ignore[call-overload]  # anything iterable
    except TypeError:
        raise DimensionMismatch(f"{name}={values!r} must be a sequence", values) from None


def prepare(Xs, ys, etas, w0, epochs, bias, rule, exact, *, batch: bool) -> Problem:
    """Validate the input of :func:`train` / :func:`train_batch` once."""
    rule = get_rule(rule)
    epochs = epochs_count(epochs)
    names = ("Xs", "ys") if batch else ("X", "y")
    if batch:
        labels = labels_array(ys, names[1], 2, rule.labels)
    else:
        labels = labels_array(ys[0], "y", 1, rule.labels)[None]
    features = x_error = None
    if exact:
        features = scaled_array(Xs, names[0], 3) if batch else scaled_array(Xs[0], "X", 2)
        shape = features.numerators.shape
    else:
        X, x_error = float_array(Xs, names[0], 3) if batch else _single(float_array(Xs[0], "X", 2))
        shape = X.shape
    b, n, d = shape
    if n == 0 or d == 0:
        raise DimensionMismatch(f"{names[0]} must hold at least one sample with one feature", Xs)
    step_count(n, epochs)
    if labels.shape != (b, n):
        raise DimensionMismatch(
            f"{names[1]} has shape {labels.shape} but must have shape {(b, n)[2 - labels.ndim :]}",
            ys,
        )
    if bias:
        if features is not None:
            features = features.with_bias()
        else:
            X = np.concatenate([X, np.ones((b, n, 1))], axis=2)
            x_error = np.concatenate([x_error, np.zeros((b, n, 1))], axis=2)
        d += 1
    weights = initial_weights(w0, b, d, bias, exact=exact)
    rates = learning_rates(etas)
    common = {
        "etas": tuple(_as_tuple(etas)),
        "eta_exact": rates,
        "rule": rule,
        "n": n,
        "epochs": epochs,
        "bias": bias,
        "exact": exact,
        "labels": labels,
    }
    if exact:
        return Problem(**common, w0=weights, features=features)
    eta_floats, eta_error = float_rates(etas)
    w0_floats, w0_error = weights
    return Problem(
        **common,
        w0=w0_floats,
        X=np.ascontiguousarray(X),
        x_error=np.ascontiguousarray(x_error),
        eta_floats=eta_floats,
        eta_error=eta_error,
        w0_error=w0_error,
    )


def choose_backend(backend: object, problem: Problem) -> str:
    """``"numpy"`` or ``"numba"`` for ``backend`` ("auto", "numpy", "numba")."""
    if backend not in BACKENDS:
        raise InvalidOption(f"backend={backend!r} must be one of {list(BACKENDS)}", backend)
    if backend == "numpy":
        return "numpy"
    compilable = rule_code(problem.rule) is not None
    if backend == "numba":
        if not compilable:
            raise InvalidOption(
                f"backend='numba' runs the rules of the table, not rule={problem.rule!r}", backend
            )
        if not kernels_available():
            raise InvalidOption(
                "backend='numba' needs numba (pip install 'etaproof[fast]')", backend
            )
        return "numba"
    if not compilable or problem.arithmetic() == "object":
        return "numpy"
    loaded = "numeric.kernels" in sys.modules
    seconds = problem.cost(Keep(False, False, (), "final"), "numpy").seconds
    slow = seconds > AUTO_SECONDS[1 if loaded else 0]
    return "numba" if slow and kernels_available() else "numpy"


_AVAILABLE: list[bool] = []


def kernels_available() -> bool:
    """Whether the compiled kernels can be imported (numba installed and working)."""
    if not _AVAILABLE:
        try:
            from . import kernels  # noqa: F401
        except ImportError:
            _AVAILABLE.append(False)
        else:
            _AVAILABLE.append(True)
    return _AVAILABLE[0]


def run(
    problem: Problem,
    *,
    keep: object = "all",
    backend: str = "auto",
    progress: bool | Progress = False,
    index: int | None = None,
) -> TrainingResult:
    """Train a prepared :class:`Problem`; memory beyond :func:`numeric.limits.memory_limit`
    is refused up front (:class:`numeric.errors.TooMuchWork`)."""
    steps = problem.steps
    kept = parse_keep(keep, steps)
    chosen = choose_backend(backend, problem)
    cost = problem.cost(kept, chosen)
    b, e, _ = problem.shape
    check_memory(
        cost,
        f"{kept.label} for {b} dataset(s) × {e} rate(s) × {steps} steps",
        "keep='predictions' or 'final' holds less" if kept.everything else "chunk the datasets",
    )
    if isinstance(progress, Progress):
        bar = progress
    else:
        bar = Progress(b * e * steps, enabled=bool(progress) and cost.seconds > 1)
    with _closing(bar, own=not isinstance(progress, Progress)):
        if problem.exact:
            outcome: FloatRun | ExactRun = problem.plan.run(
                problem.labels,
                problem.eta_exact,
                problem.w0,
                steps,
                problem.rule,
                keep=kept,
                backend=chosen,
                progress=bar,
            )
        else:
            assert problem.X is not None and problem.x_error is not None
            assert problem.eta_floats is not None and problem.eta_error is not None
            assert problem.w0_error is not None
            outcome = run_float(
                problem.X,
                problem.x_error,
                problem.labels,
                problem.eta_floats,
                problem.eta_error,
                problem.w0,
                problem.w0_error,
                steps,
                problem.rule,
                keep=kept,
                backend=chosen,
                progress=bar,
            )
    return TrainingResult(outcome, problem, index, kept)


class _closing:
    def __init__(self, bar: Progress, own: bool) -> None:
        self.bar, self.own = bar, own

    def __enter__(self) -> Progress:
        return self.bar

    def __exit__(self, *exc: object) -> None:
        if self.own:
            self.bar.close()


def estimated_seconds(problem: Problem, keep: object = "final", backend: str = "auto") -> str:
    """The rough duration of training ``problem``, as text (``"12 min"``)."""
    kept = parse_keep(keep, problem.steps)
    return human_seconds(problem.cost(kept, choose_backend(backend, problem)).seconds)


def _single(pair: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return pair[0][None], pair[1][None]


def _as_tuple(etas: object) -> tuple[object, ...]:
    if isinstance(etas, str) or np.ndim(etas) == 0:  # type: ignore[arg-type]
        return (etas,)
    return tuple(etas)  # type: ignore[call-overload, arg-type]  # validated by learning_rates

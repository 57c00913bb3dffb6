"""Training: :func:`train` and :func:`train_batch`, the numeric twin of
:mod:`symbolic.perceptron`: the same rules on concrete data, batched.

At step k = 1 … n·epochs the sample is x⁽ᵏ⁾ (sample ((k − 1) mod n) + 1, in order), and

    ŷ⁽ᵏ⁾ = rule.predict(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾),   Δw⁽ᵏ⁾ = η·c_k·x⁽ᵏ⁾,   w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾,

for every learning rate at once (a loop over samples, never over rates).  The input is
validated once into a :class:`~numeric.problem.Problem`, the loop runs in float64
(:mod:`numeric.floating`) or exactly (:mod:`numeric.exact`), and the answer is a
:class:`~numeric.training_result.TrainingResult`.

A run keeps what ``keep=`` asks for (:mod:`numeric.keep`) and runs on ``backend=`` ``"numpy"``
(the reference), ``"numba"`` (compiled, the same operations: identical results) or ``"auto"``
(numba when it is installed and the run is long enough to gain from it; :mod:`numeric.backends`).
"""

from __future__ import annotations

from .backends import BACKENDS, kernels_available, kernels_loaded
from .cost import check_memory
from .errors import DimensionMismatch, InvalidOption
from .exact import ExactRun
from .floating import FloatRun, run_float
from .inputs import sequence_of
from .keep import Keep, parse_keep
from .problem import Problem, prepare
from .progress import Progress
from .rules import Rule, rule_code
from .training_result import TrainingResult

__all__ = ["BACKENDS", "TrainingResult", "choose_backend", "run", "train", "train_batch"]

#: ``backend="auto"`` compiles when NumPy would take longer than this: a second while numba is
#: not loaded yet (loading it and the cached kernels costs about that), a twentieth after.
AUTO_SECONDS = (1.0, 0.05)


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
    rows = sequence_of(X, "X")
    labels = sequence_of(y, "y")
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
    if not compilable:
        return "numpy"
    loaded = kernels_loaded()
    seconds = problem.cost(Keep(False, False, (), "final"), "numpy").seconds
    slow = seconds > AUTO_SECONDS[1 if loaded else 0]
    return "numba" if slow and kernels_available() else "numpy"


def run(
    problem: Problem,
    *,
    keep: object = "all",
    backend: str = "auto",
    progress: bool | Progress = False,
    index: int | None = None,
) -> TrainingResult:
    """Train a prepared :class:`Problem`; memory beyond :func:`numeric.cost.memory_limit`
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

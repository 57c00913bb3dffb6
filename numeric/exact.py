"""The exact run: the rule in integer arithmetic on rationals scaled to integers.

With D the common denominator of the features (X = Xi/D), D_w that of w⁽⁰⁾ (w⁽⁰⁾ = W/D_w) and
η = p/q, the weights are w⁽ᵏ⁾ = w⁽⁰⁾ + η·V⁽ᵏ⁾/D with V⁽ᵏ⁾ = Σ c_i·Xi⁽ⁱ⁾ an integer vector, and

    sign(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾) = sign(α·(W·Xi⁽ᵏ⁾) + β·(V⁽ᵏ⁻¹⁾·Xi⁽ᵏ⁾)),   α = q·D,  β = p·D_w

(both divided by their gcd), an integer.  Each dataset runs in int64 when a bound on every
intermediate proves it cannot overflow, and in Python integers (object arrays) otherwise: a
batch is split by path, so one dataset with huge denominators does not slow the others.  The
int64 path is compiled when numba is there (:mod:`numeric.kernels`).

The Python-integer path keeps V exactly but takes the sign of S from float64 wherever a
rigorous bound shows it (:func:`_object_filtered`): with ã = fl(a) for the integers involved,
and no overflow (every magnitude below 2¹⁰⁰⁰, from the same bound) nor underflow (non-zero
integers are ≥ 1),

    |fl(S) − S| ≤ 2·(d + 8)·u·(|fl(α·o)| + |β̃|·(Σ|Ṽ_j||x̃_j| + |fl(V·x)|))

(Higham §3.1 for the dot product, in any order; the 2 covers the bound's own rounding).
Where |fl(S)| is not above it (ties, near-ties, the first step at zero init) S is computed
exactly.  Updates touch only the (dataset, rate) pairs with c ≠ 0.  The exact w·x at every
step is not stored on this path; it is rebuilt from the coefficients when asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from .backends import kernels
from .inputs import ScaledIntegers, scaled_fractions
from .keep import ALL, Keep
from .progress import NO_PROGRESS, Progress
from .rules import Rule

LIMB_BITS = 24  # as numeric.kernels.LIMB_BITS (which needs numba to import)
WIDE_TERMS = 2**14  # as numeric.kernels.WIDE_TERMS

_INT64_SAFE = 2**62
#: Below this every magnitude of a run converts to float64 with room to spare (no overflow).
_FLOAT_SAFE = 2**1000
_UNIT_ROUNDOFF = 2.0**-53
#: Steps between two updates of a progress bar.
_REPORT = 256


@dataclass(frozen=True)
class ExactRun:
    """The outcome of :func:`run_exact`: arrays ``(b, steps, e)`` where kept (else None)."""

    predictions: np.ndarray | None
    coefficients: np.ndarray | None
    scaled_net_inputs: np.ndarray | None  # S, with z = S / net_input_denominators[b, e]
    net_input_denominators: np.ndarray  # (b, e) Python integers
    directions: np.ndarray  # final V, (b, e, d)
    scaled_features: np.ndarray  # Xi, (b, n, d)
    feature_denominators: list[int]  # D per dataset
    dtype: str  # "int64", "object", or "int64+object" when the batch was split
    snapshots: np.ndarray | None = None  # V⁽ᵏ⁾ for k in kept_steps, (b, |K|, e, d)
    kept_steps: tuple[int, ...] = ()
    paths: tuple[str, ...] = ()  # per dataset, "int64" or "object"
    backend: str = "numpy"
    alpha: np.ndarray | None = None  # (b, e) Python integers, for rebuilding S
    beta: np.ndarray | None = None
    offsets: np.ndarray | None = None  # (b, n) W·Xi


def common_denominator(values: np.ndarray) -> int:
    """The least common multiple of the denominators of some Fractions."""
    return math.lcm(1, *{value.denominator for value in values.flat})


def scaled(values: np.ndarray, denominator: int) -> np.ndarray:
    """Fractions times their common denominator, as an object array of Python integers."""
    out = np.empty(values.shape, dtype=object)
    for index, value in np.ndenumerate(values):
        out[index] = value.numerator * (denominator // value.denominator)
    return out


def run_exact(
    X: np.ndarray,
    y: np.ndarray,
    etas: list[Fraction],
    w0: np.ndarray,
    steps: int,
    rule: Rule,
    *,
    keep: Keep = ALL,
    backend: str = "numpy",
    progress: Progress = NO_PROGRESS,
) -> ExactRun:
    """Run ``rule`` exactly on a stack of datasets X (b, n, d) of Fractions, labels y (b, n),
    rates ``etas`` and initial weights w0 (b, d) of Fractions, for ``steps`` steps."""
    features = scaled_fractions(X) if X.size else ScaledIntegers(X, (1,) * X.shape[0])
    return run_scaled(
        features, y, etas, w0, steps, rule, keep=keep, backend=backend, progress=progress
    )


def run_scaled(
    features: ScaledIntegers,
    y: np.ndarray,
    etas: list[Fraction],
    w0: np.ndarray,
    steps: int,
    rule: Rule,
    *,
    keep: Keep = ALL,
    backend: str = "numpy",
    progress: Progress = NO_PROGRESS,
) -> ExactRun:
    """:func:`run_exact` on features already scaled to integers; ``backend="numba"`` compiles
    the int64 path (the Python-integer path is NumPy's in any case)."""
    plan = Plan.of(features, etas, w0, steps, rule)
    return plan.run(y, etas, w0, steps, rule, keep=keep, backend=backend, progress=progress)


@dataclass(frozen=True)
class Plan:
    """The integers of an exact run (α, β, the offsets W·Xi, the denominators of w·x) and the
    path each dataset takes, known before the loop starts."""

    Xi: np.ndarray  # (b, n, d) as given (int64 or object)
    Xo: np.ndarray  # the same as Python integers
    denominators: list[int]
    alpha: np.ndarray
    beta: np.ndarray
    offsets: np.ndarray
    z_denominators: np.ndarray
    paths: tuple[str, ...]
    floatable: tuple[bool, ...]
    bounds: np.ndarray  # per dataset, the bound on every magnitude (Python integers)

    @classmethod
    def of(
        cls, features: ScaledIntegers, etas: list[Fraction], w0: np.ndarray, steps: int, rule: Rule
    ) -> Plan:
        """Scale w⁽⁰⁾ and the rates, and bound every magnitude of the run per dataset."""
        return cls(*_setup(features, etas, w0, steps, rule))

    def run(self, y, etas, w0, steps, rule, *, keep, backend, progress) -> ExactRun:
        """The loops, one group of datasets per path."""
        return _run_groups(self, y, etas, w0, steps, rule, keep, backend, progress)


def _setup(features, etas, w0, steps, rule) -> tuple:
    Xi, denominators = features.numerators, list(features.denominators)
    b, n, d = Xi.shape
    weight_denominators = [common_denominator(w0[i]) for i in range(b)]
    W = np.stack([scaled(w0[i], weight_denominators[i]) for i in range(b)]) if b else w0
    D = np.array(denominators, dtype=object)[:, None]
    Dw = np.array(weight_denominators, dtype=object)[:, None]
    p = np.array([eta.numerator for eta in etas], dtype=object)[None, :]
    q = np.array([eta.denominator for eta in etas], dtype=object)[None, :]
    a, c = q * D, p * Dw
    g = np.gcd(a, c)
    alpha, beta = a // g, c // g
    # S = z·D_w·D²·q/g, so z = S·g/(D_w·D²·q) = S/(D_w·D·α).
    z_denominators = Dw * D * alpha
    Xo = Xi.astype(object)
    offsets = (W[:, None, :] * Xo).sum(axis=-1) if d else np.zeros((b, n), dtype=object)

    bounds = _magnitude_bounds(Xo, offsets, alpha, beta, steps, rule)
    paths = tuple("int64" if bound < _INT64_SAFE else "object" for bound in bounds)
    floatable = tuple(bound < _FLOAT_SAFE for bound in bounds)
    magnitudes = np.array([*bounds, 0], dtype=object)[:-1]  # 1-d object, even when empty
    return Xi, Xo, denominators, alpha, beta, offsets, z_denominators, paths, floatable, magnitudes


def _run_groups(plan: Plan, y, etas, w0, steps, rule, keep, backend, progress) -> ExactRun:
    Xi, Xo, offsets, alpha, beta = plan.Xi, plan.Xo, plan.offsets, plan.alpha, plan.beta
    paths, floatable = plan.paths, plan.floatable
    b, _, d = Xi.shape
    e = len(etas)
    groups = [
        (path, np.array([i for i in range(b) if paths[i] == path], dtype=np.int64))
        for path in ("int64", "object")
        if path in paths
    ]
    dtype = "+".join(path for path, _ in groups) or "int64"
    out_dtype = np.int64 if dtype == "int64" else object
    predictions = np.empty((b, steps, e), np.int8) if keep.predictions else None
    coefficients = np.empty((b, steps, e), np.int8) if keep.predictions else None
    net = np.empty((b, steps, e), np.int64) if keep.everything and dtype == "int64" else None
    snapshots = np.empty((b, len(keep.steps), e, d), out_dtype) if keep.steps else None
    directions = np.empty((b, e, d), out_dtype)
    used = "numpy"
    run: Callable[..., dict]
    for path, where in groups:
        if path == "int64":
            run = _int64_numba if backend == "numba" else _int64_numpy
            used = backend if backend == "numba" else used
            integers = (Xi[where], offsets[where], alpha[where], beta[where])
            Xg, offsets_g, alpha_g, beta_g = (a.astype(np.int64) for a in integers)
        else:
            Xg, offsets_g, alpha_g, beta_g = Xo[where], offsets[where], alpha[where], beta[where]
            if backend == "numba" and wide_limbs(plan.bounds[where], d) is not None:
                run = _wide_numba
                used = "numba"
            elif all(floatable[i] for i in where):
                run = _object_filtered
            else:
                run = _object_numpy
        part = run(Xg, y[where], offsets_g, alpha_g, beta_g, rule, steps, keep, progress)
        for target, source in (
            (predictions, part["predictions"]),
            (coefficients, part["coefficients"]),
            (net, part["net_inputs"]),
            (snapshots, part["snapshots"]),
            (directions, part["directions"]),
        ):
            if target is not None:
                target[where] = source
    return ExactRun(
        predictions=predictions,
        coefficients=coefficients,
        scaled_net_inputs=net,
        net_input_denominators=plan.z_denominators,
        directions=directions,
        scaled_features=Xo,
        feature_denominators=plan.denominators,
        dtype=dtype,
        snapshots=snapshots,
        kept_steps=keep.steps,
        paths=paths,
        backend=used,
        alpha=alpha,
        beta=beta,
        offsets=offsets,
    )


def _outputs(b: int, e: int, steps: int, d: int, keep: Keep, dtype) -> dict:
    return {
        "predictions": np.empty((b, steps, e), np.int8) if keep.predictions else None,
        "coefficients": np.empty((b, steps, e), np.int8) if keep.predictions else None,
        "net_inputs": np.empty((b, steps, e), dtype) if keep.everything else None,
        "snapshots": np.empty((b, len(keep.steps), e, d), dtype) if keep.steps else None,
    }


def _int64_numpy(Xi, y, offsets, alpha, beta, rule, steps, keep, progress) -> dict:
    """The int64 loop, vectorised over datasets and rates."""
    b, n, d = Xi.shape
    e = alpha.shape[1]
    out = _outputs(b, e, steps, d, keep, np.int64)
    V = np.zeros((b, e, d), dtype=np.int64)
    kept_at = {k: slot for slot, k in enumerate(keep.steps)}
    if 0 in kept_at:
        out["snapshots"][:, 0] = V
    for k in range(steps):
        s = k % n
        x = Xi[:, s, :]
        S = alpha * offsets[:, s, None] + beta * np.einsum("bed,bd->be", V, x)
        c = _record(out, k, rule, y[:, s, None], S)
        V += c[:, :, None] * x[:, None, :]
        if k + 1 in kept_at:
            out["snapshots"][:, kept_at[k + 1]] = V
        if (k + 1) % _REPORT == 0 or k + 1 == steps:
            progress.advance(b * e * ((k % _REPORT) + 1))
    out["directions"] = V
    return out


def _int64_numba(Xi, y, offsets, alpha, beta, rule, steps, keep, progress) -> dict:
    """The int64 loop compiled (:func:`numeric.kernels.int64_chunk`); V kept as (b, d, e)."""
    b, _, d = Xi.shape
    e = alpha.shape[1]
    out = {
        "predictions": np.empty((b, steps, e), np.int8) if keep.predictions else None,
        "coefficients": np.empty((b, steps, e), np.int8) if keep.predictions else None,
        "net_inputs": np.empty((b, steps, e), np.int64) if keep.everything else None,
        "snapshots": np.zeros((b, len(keep.steps), d, e), np.int64) if keep.steps else None,
    }
    V = np.zeros((b, d, e), dtype=np.int64)
    kept = np.array(keep.steps, dtype=np.int64)
    kernels().int64_chunk(
        np.ascontiguousarray(Xi), np.ascontiguousarray(y), np.ascontiguousarray(offsets),
        np.ascontiguousarray(alpha), np.ascontiguousarray(beta), rule, steps, V, out, kept,
        progress,
    )  # fmt: skip
    if out["snapshots"] is not None:
        out["snapshots"] = out["snapshots"].transpose(0, 1, 3, 2)
    out["directions"] = V.transpose(0, 2, 1)
    return out


def wide_limbs(bounds: np.ndarray, d: int) -> int | None:
    """Limbs per integer of the compiled wide path (:func:`numeric.kernels.wide_chunk`) for
    datasets whose every magnitude is below ``bounds``: enough that each value needs one limb
    less than it gets (so balanced digits never overflow), or None when one position of a dot
    product would add more products than an int64 holds."""
    bits = max((int(bound).bit_length() for bound in bounds), default=0)
    limbs = -(-(bits + 1) // LIMB_BITS) + 1
    return limbs if d * limbs <= WIDE_TERMS else None


def to_limbs(values: np.ndarray, limbs: int) -> np.ndarray:
    """Python integers as balanced base-2²⁴ digits, (..., limbs) int64, lowest first."""
    rest = np.array(values, dtype=object)
    out = np.empty((*rest.shape, limbs), dtype=np.int64)
    base, half = 1 << LIMB_BITS, 1 << (LIMB_BITS - 1)
    for k in range(limbs):
        digit = (rest + half) % base - half if rest.size else rest
        out[..., k] = digit.astype(np.int64) if rest.size else 0
        rest = (rest - digit) // base if rest.size else rest
    assert not rest.size or not rest.any(), "the limbs hold every value"
    return out


def from_limbs(limbs: np.ndarray) -> np.ndarray:
    """The Python integers of balanced digits (..., L): Σ digit·2²⁴ᵏ, as an object array."""
    total = np.zeros(limbs.shape[:-1], dtype=object)
    total[...] = 0
    for k in range(limbs.shape[-1] - 1, -1, -1):
        total = total * (1 << LIMB_BITS) + limbs[..., k].astype(object)
    return total


def _wide_numba(Xi, y, offsets, alpha, beta, rule, steps, keep, progress) -> dict:
    """The Python-integer loop compiled (:func:`numeric.kernels.wide_chunk`): the same
    integers, held as int64 limbs; every sign is exact, so the outputs are those of
    :func:`_object_numpy` (which stays the reference)."""
    b, _, d = Xi.shape
    e = alpha.shape[1]
    bounds = _magnitude_bounds(Xi, offsets, alpha, beta, steps, rule)
    limbs = wide_limbs(np.array(bounds, dtype=object), d)
    assert limbs is not None, "checked when the path was chosen"
    out = _outputs(b, e, steps, d, replace(keep, everything=False), object)
    wide = np.zeros((b, len(keep.steps), e, d, limbs), np.int64) if keep.steps else None
    V = np.zeros((b, e, d, limbs), dtype=np.int64)
    kept = np.array(keep.steps, dtype=np.int64)
    parts = {"predictions": out["predictions"], "coefficients": out["coefficients"],
             "snapshots": wide}  # fmt: skip
    kernels().wide_chunk(
        to_limbs(Xi, limbs), np.ascontiguousarray(y.astype(np.int64)), to_limbs(alpha, limbs),
        to_limbs(beta, limbs), to_limbs(offsets, limbs), rule, steps, V, parts, kept, progress,
    )  # fmt: skip
    if wide is not None:
        out["snapshots"] = from_limbs(wide)
    out["directions"] = from_limbs(V)
    return out


def _object_numpy(Xi, y, offsets, alpha, beta, rule, steps, keep, progress) -> dict:
    """The Python-integer loop, for magnitudes beyond float64: V·x as an object matmul,
    updates only where c ≠ 0, and the α term only for datasets with a non-zero W·x."""
    b, n, d = Xi.shape
    e = alpha.shape[1]
    out = _outputs(b, e, steps, d, replace(keep, everything=False), object)
    V = np.zeros((b, e, d), dtype=object)
    V[...] = 0
    kept_at = {k: slot for slot, k in enumerate(keep.steps)}
    if 0 in kept_at:
        out["snapshots"][:, 0] = V
    offset = bool((offsets != 0).any())
    for k in range(steps):
        s = k % n
        x = Xi[:, s, :]
        along = np.matmul(V, x[:, :, None])[..., 0] if d else np.zeros((b, e), dtype=object)
        S = beta * along
        if offset:
            S = S + alpha * offsets[:, s, None]
        c = _record(out, k, rule, y[:, s, None], S)
        i, r = np.nonzero(c)
        if i.size:
            V[i, r] += c[i, r].astype(object)[:, None] * x[i]
        if k + 1 in kept_at:
            out["snapshots"][:, kept_at[k + 1]] = V
        if (k + 1) % _REPORT == 0 or k + 1 == steps:
            progress.advance(b * e * ((k % _REPORT) + 1))
    out["directions"] = V
    return out


def _object_filtered(Xi, y, offsets, alpha, beta, rule, steps, keep, progress) -> dict:
    """The Python-integer loop with signs from float64 where the bound of the module
    docstring shows them, and from exact integers elsewhere (every magnitude < 2¹⁰⁰⁰)."""
    b, n, d = Xi.shape
    e = alpha.shape[1]
    out = _outputs(b, e, steps, d, replace(keep, everything=False), object)
    V = np.zeros((b, e, d), dtype=object)
    V[...] = 0
    Vf = np.zeros((b, e, d))
    Xf, Xf_size = Xi.astype(np.float64), np.abs(Xi.astype(np.float64))
    alpha_f, beta_f, offsets_f = (a.astype(np.float64) for a in (alpha, beta, offsets))
    margin = 2 * (d + 8) * _UNIT_ROUNDOFF
    kept_at = {k: slot for slot, k in enumerate(keep.steps)}
    if 0 in kept_at:
        out["snapshots"][:, 0] = V
    for k in range(steps):
        s = k % n
        along = np.matmul(Vf, Xf[:, s, :, None])[..., 0]
        size = np.matmul(np.abs(Vf), Xf_size[:, s, :, None])[..., 0]
        first = alpha_f * offsets_f[:, s, None]
        S = first + beta_f * along
        bound = margin * (np.abs(first) + beta_f * (size + np.abs(along)))
        unsure = ~(np.abs(S) > bound)
        if unsure.any():  # exactly: the sign of α·o + β·(V·x)
            i, r = np.nonzero(unsure)
            exact = alpha[i, r] * offsets[i, s] + beta[i, r] * (V[i, r] * Xi[i, s]).sum(axis=-1)
            S[i, r] = np.sign(exact.astype(np.float64))  # the sign is exact: S is an integer
        c = _record(out, k, rule, y[:, s, None], S)
        i, r = np.nonzero(c)
        if i.size:
            V[i, r] += c[i, r].astype(object)[:, None] * Xi[i, s]
            Vf[i, r] = V[i, r].astype(np.float64)
        if k + 1 in kept_at:
            out["snapshots"][:, kept_at[k + 1]] = V
        if (k + 1) % _REPORT == 0 or k + 1 == steps:
            progress.advance(b * e * ((k % _REPORT) + 1))
    out["directions"] = V
    return out


def rebuilt_net_inputs(run: ExactRun, i: int) -> np.ndarray:
    """S = α·o + β·(V⁽ᵏ⁾·x⁽ᵏ⁺¹⁾) at every step of dataset i, (steps, e) Python integers,
    from the kept coefficients (the Python-integer path does not store them)."""
    assert run.coefficients is not None and run.offsets is not None, "kept with keep='all'"
    assert run.alpha is not None and run.beta is not None
    Xi = run.scaled_features[i]
    coefficients = run.coefficients[i]  # (steps, e)
    steps = coefficients.shape[0]
    xs = Xi[np.arange(steps) % Xi.shape[0]]  # (steps, d)
    moves = coefficients.T.astype(object)[:, :, None] * xs[None]  # (e, steps, d)
    before = np.cumsum(moves, axis=1) - moves  # V⁽ᵏ⁾, before step k + 1
    along = (before * xs[None]).sum(axis=-1)  # (e, steps)
    offsets = run.offsets[i][np.arange(steps) % Xi.shape[0]]
    return (run.alpha[i][:, None] * offsets[None, :] + run.beta[i][:, None] * along).T


def _record(out: dict, k: int, rule: Rule, labels: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Store step k's outcome where kept; return the coefficients c (int8)."""
    coefficient = rule.coefficient(labels, S)
    if out["predictions"] is not None:
        out["predictions"][:, k] = rule.predict(S)
        out["coefficients"][:, k] = coefficient
    if out["net_inputs"] is not None:
        out["net_inputs"][:, k] = S
    return coefficient


def _magnitude_bounds(
    Xi: np.ndarray, offsets: np.ndarray, alpha: np.ndarray, beta: np.ndarray, steps: int, rule: Rule
) -> list[int]:
    """Per dataset, an upper bound on |S|, |α·W·x|, |β·V·x|, |V| and every input over the whole
    run (Python integers)."""
    b = Xi.shape[0]
    if Xi.size == 0:
        return [0] * b
    column_max = np.abs(Xi).max(axis=1)  # (b, d) Python integers
    largest = column_max.max(axis=1)
    v_max = rule.largest_coefficient * steps * largest
    along = rule.largest_coefficient * steps * (column_max * column_max).sum(axis=1)
    offset = np.abs(offsets).max(axis=1)
    through = (alpha * offset[:, None] + beta * along[:, None]).max(axis=1)
    every = [through, v_max, alpha.max(axis=1), beta.max(axis=1), largest, offset]
    return [int(max(values)) for values in zip(*every, strict=True)]

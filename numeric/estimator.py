"""The textbook's ``Perceptron(eta, n_iter).fit(X, y)`` with ``errors_``, in scikit-learn's
estimator conventions, on the numeric twin.

Parameters live only in ``__init__``; what ``fit`` learns ends in ``_``; ``fit`` returns
self; ``get_params``/``set_params`` work without scikit-learn installed, and
``sklearn.utils.estimator_checks.check_estimator`` passes where it is.  Unlike the textbook
the bias weight is the last entry of ``w_`` (as everywhere in etaproof), and ``eta`` may be
a list of rates, fitted at once, which answers "do these rates give the same classifier?"
(``same_classifier_``).  The float64 path is certified: wherever rounding could decide a
sign, the exact arithmetic decides it, so ``errors_``, the signs of ``w_`` and the predictions
are those of the exact run.
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real
from typing import Any, cast

import numpy as np

from .errors import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidEpochs,
    InvalidLabel,
    InvalidNumber,
)
from .inputs import (
    exact_array,
    float_array,
    initial_weights,
    learning_rates,
    lossless_array,
    scaled_array,
    to_float64,
)
from .perceptron import train
from .rounding import ErrorModel, certified, initial_error, is_near_tie, unbounded
from .rules import Rule, get_rule
from .textbook import textbook_weights


class NotFittedError(EtaproofValueError, AttributeError):
    """``predict``/``net_input``/``score`` before ``fit`` (scikit-learn's name and bases)."""


class Perceptron:
    """A perceptron trained online, sample by sample, as in the textbook.

    ``eta``: the learning rate, or a list of rates fitted at once; ``n_iter``: epochs;
    ``w0``: ``"zero"``, ``"textbook"`` (small random weights drawn as the book's code does,
    ``RandomState(random_state).normal(0, 0.01, 1 + d)``, its bias weight moved last) or an
    array of length d + 1 (bias last); ``rule``: a rule of :data:`numeric.RULES`;
    ``exact``: train in exact rational arithmetic instead of float64.

    In float64 every w·x of training is certified as in :func:`numeric.train`, and a rate
    with a near-tie (a step whose sign rounding could flip) is re-run exactly, so ``errors_``
    is the exact run's, ``w_`` is the exact final weights rounded once (their signs exact),
    and ``predict`` decides rows within the rounding bound exactly; ``near_ties_`` counts the
    training steps that needed it (per rate for a list).
    """

    def __init__(
        self,
        eta: float | Sequence[float] = 0.01,
        n_iter: int = 10,
        w0: str | Sequence[float] | np.ndarray = "zero",
        random_state: int = 1,
        rule: str = "rosenblatt",
        exact: bool = False,
    ) -> None:
        self.eta = eta
        self.n_iter = n_iter
        self.w0 = w0
        self.random_state = random_state
        self.rule = rule
        self.exact = exact

    # -- scikit-learn's parameter protocol, without importing scikit-learn -----------------

    _PARAMETERS = ("eta", "n_iter", "w0", "random_state", "rule", "exact")

    # What fit learns (set by fit only, as scikit-learn requires).
    classes_: np.ndarray
    n_features_in_: int
    rates_: tuple[object, ...]
    w_: np.ndarray
    errors_: list[int] | np.ndarray
    near_ties_: int | np.ndarray
    same_classifier_: bool
    _w_exact: np.ndarray  # the exact final weights, one row per rate

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters by name (scikit-learn's ``get_params``)."""
        return {name: getattr(self, name) for name in self._PARAMETERS}

    def set_params(self, **params: Any) -> Perceptron:
        """Set constructor parameters by name; returns self (scikit-learn's ``set_params``)."""
        for name, value in params.items():
            if name not in self._PARAMETERS:
                raise ValueError(
                    f"Invalid parameter {name!r} for Perceptron: must be one of "
                    f"{list(self._PARAMETERS)}"
                )
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        changed = {
            name: value
            for name, value in self.get_params().items()
            if not _same_value(value, Perceptron().get_params()[name])
        }
        return "Perceptron(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def __sklearn_tags__(self) -> Any:
        """Tags for scikit-learn's checks (imported lazily: only scikit-learn calls this)."""
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(multi_class=False),
            input_tags=InputTags(),
        )

    # -- fitting and predicting ------------------------------------------------------------

    def fit(self, X: object, y: object) -> Perceptron:
        """Train on ``X`` (n × d) and binary labels ``y`` (any two values); returns self."""
        rule = get_rule(self.rule)
        X_checked = _features(X, "X")
        labels = _labels(y, len(X_checked))
        classes = np.unique(labels)
        if len(classes) != 2:
            raise InvalidLabel(
                f"y has {len(classes)} class{'es' if len(classes) != 1 else ''} "
                f"({list(classes)[:5]}): the perceptron needs exactly 2 classes. Only binary "
                "classification is supported.",
                y,
            )
        if not isinstance(self.n_iter, Integral) or isinstance(self.n_iter, bool):
            raise InvalidEpochs(f"n_iter={self.n_iter!r} must be a positive whole number")
        low, high = rule.labels
        targets = np.where(labels == classes[1], high, low)
        d = X_checked.shape[1]
        rates = self._rates()
        w0 = self._initial_weights(d)
        fitted = _certified_fit(X_checked, targets, rates, w0, self.n_iter, rule, self.exact)
        self.classes_ = classes
        self.n_features_in_ = d
        self.rates_ = fitted.etas
        single = not _is_list(self.eta)
        self._w_exact = fitted.exact_weights
        self.w_ = fitted.weights[0] if single else fitted.weights
        self.errors_ = [int(c) for c in fitted.errors[0]] if single else fitted.errors
        self.near_ties_ = int(fitted.near_ties[0]) if single else fitted.near_ties
        self.same_classifier_ = _same_direction(fitted.exact_weights)
        return self

    def partial_fit(self, X: object, y: object, classes: object = None) -> Perceptron:
        """One more epoch on ``X``, ``y`` from the weights learnt so far (scikit-learn's
        ``partial_fit``; the first call needs ``classes``, the two labels).  ``E`` calls on
        the same data give what ``fit`` gives with ``n_iter=E``: the same ``w_``, the same
        ``errors_`` (one entry per call), the same predictions."""
        first = not hasattr(self, "w_")
        rule = get_rule(self.rule)
        X_checked = _features(X, "X")
        labels = _labels(y, len(X_checked))
        known = self._partial_classes(classes, first)
        unknown = sorted(set(np.unique(labels).tolist()) - set(known.tolist()))
        if unknown:
            raise InvalidLabel(
                f"y has labels {unknown[:5]} that are not among classes {list(known)}", y
            )
        d = X_checked.shape[1]
        if not first and d != self.n_features_in_:
            raise DimensionMismatch(
                f"X has {d} features, but Perceptron is expecting {self.n_features_in_} "
                "features as input",
                X,
            )
        low, high = rule.labels
        targets = np.where(labels == known[1], high, low)
        rates = self._rates()
        starts = [self._initial_weights(d)] * len(rates) if first else list(self._w_exact)
        fits = [
            _certified_fit(X_checked, targets, [rate], start, 1, rule, self.exact)
            for rate, start in zip(rates, starts, strict=True)
        ]
        exact_weights = np.concatenate([f.exact_weights for f in fits])
        weights = np.concatenate([f.weights for f in fits])
        epoch_errors = np.concatenate([f.errors for f in fits])  # (rates, 1)
        near = np.concatenate([f.near_ties for f in fits])
        single = not _is_list(self.eta)
        self.classes_ = known
        self.n_features_in_ = d
        self.rates_ = tuple(f.etas[0] for f in fits)
        self._w_exact = exact_weights
        self.w_ = weights[0] if single else weights
        if single:
            self.errors_ = [*([] if first else self.errors_), int(epoch_errors[0, 0])]
            self.near_ties_ = int(near[0]) + (0 if first else int(self.near_ties_))
        else:
            before = np.zeros((len(rates), 0), np.int64) if first else self.errors_
            self.errors_ = np.concatenate([np.asarray(before), epoch_errors], axis=1)
            self.near_ties_ = near + (0 if first else np.asarray(self.near_ties_))
        self.same_classifier_ = _same_direction(exact_weights)
        return self

    def _partial_classes(self, classes: object, first: bool) -> np.ndarray:
        """The two labels: given on the first call of ``partial_fit``, the same ever after."""
        if first:
            if classes is None:
                raise InvalidLabel(
                    "classes must be given on the first call to partial_fit (the two labels)",
                    classes,
                )
            known = np.unique(np.asarray(classes).ravel())
            if len(known) != 2:
                raise InvalidLabel(
                    f"classes={list(known)[:5]} must hold exactly 2 labels: only binary "
                    "classification is supported",
                    classes,
                )
            return known
        if classes is not None and not np.array_equal(
            np.unique(np.asarray(classes).ravel()), self.classes_
        ):
            raise InvalidLabel(
                f"classes={classes!r} differs from the first call's {list(self.classes_)}",
                classes,
            )
        return self.classes_

    def decision_function(self, X: object) -> np.ndarray:
        """scikit-learn's name for :meth:`net_input`: w·x + bias per row, ≥ 0 where
        ``predict`` gives ``classes_[1]`` (its sign exact at float64 near-ties)."""
        return self.net_input(X)

    def net_input(self, X: object) -> np.ndarray:
        """w·x + bias for each row of ``X`` (one column per rate when ``eta`` is a list).

        In float64 a row whose sign the rounding could flip (a near-tie of the certified
        bound) gets the exact value, rounded once, so its sign is the exact one."""
        z, _ = self._decided(X)
        return z[:, 0] if not _is_list(self.eta) else z

    def predict(self, X: object) -> np.ndarray:
        """The class of each row: ``classes_[1]`` where the net input is ≥ 0, else
        ``classes_[0]`` (one column per rate when ``eta`` is a list); decided exactly at
        float64 near-ties."""
        _, positive = self._decided(X)
        out = self.classes_[np.asarray(positive, dtype=np.intp)]  # the labels themselves
        return out[:, 0] if not _is_list(self.eta) else out

    def score(self, X: object, y: object) -> float:
        """The fraction of rows of ``X`` predicted as ``y`` (the first rate's, for a list)."""
        predicted = self.predict(X)
        if predicted.ndim == 2:
            predicted = predicted[:, 0]
        return float(np.mean(predicted == lossless_array(y).ravel()))

    # -- helpers ---------------------------------------------------------------------------

    def _rates(self) -> list[object]:
        return list(cast(Sequence[object], self.eta)) if _is_list(self.eta) else [self.eta]

    def _initial_weights(self, d: int) -> object:
        if isinstance(self.w0, str):
            if self.w0 == "zero":
                return None
            if self.w0 == "textbook":
                return textbook_weights(self.random_state, d)
            raise ValueError(f"w0={self.w0!r} must be 'zero', 'textbook' or an array")
        return self.w0

    def _fitted_weights(self) -> np.ndarray:
        if not hasattr(self, "w_"):
            message = "This Perceptron instance is not fitted yet: call fit(X, y) first"
            raise _not_fitted()(message)
        weights = np.array(self.w_, dtype=object) if self.exact else np.asarray(self.w_, float)
        return weights[None] if weights.ndim == 1 else weights

    def _decided(self, X: object) -> tuple[np.ndarray, np.ndarray]:
        """``(z, positive)``, each (rows, rates): the net inputs and whether each is ≥ 0.

        Exact mode computes in rationals.  In float64 each w·x gets the rounding bound of
        :mod:`numeric.rounding` (the one ``train`` certifies its steps with), the weights'
        distance from the exact run's included; where |w·x| is within it, w·x is
        recomputed exactly, so ``positive`` is always the exact run's decision."""
        weights = self._fitted_weights()
        X_checked = _features(X, "X")
        if X_checked.shape[1] != self.n_features_in_:
            raise DimensionMismatch(
                f"X has {X_checked.shape[1]} features, but Perceptron is expecting "
                f"{self.n_features_in_} features as input",
                X,
            )
        if self.exact:
            rows = exact_array(X_checked, "X", 2)
            z = np.array([[_exact_dot(w, row) for w in weights] for row in rows], dtype=object)
            return z, np.asarray(z >= 0, dtype=bool)
        exact_weights = getattr(self, "_w_exact", None)
        floats, errors = (weights, weights) if exact_weights is None else _rounded(exact_weights)
        if exact_weights is None or not np.array_equal(floats, weights):
            # w_ set by hand: those weights, at their binary values, are the exact ones
            exact_weights = exact_array(weights, "w_", 2)
            floats, errors = weights, np.zeros_like(weights)
        x, x_error = float_array(X_checked, "X", 2)
        x = np.concatenate([x, np.ones((len(x), 1))], axis=1)
        x_error = np.concatenate([x_error, np.zeros((len(x), 1))], axis=1)
        with np.errstate(over="ignore", invalid="ignore"):  # ±inf and NaN are near-ties
            z = x[:, :-1] @ floats[:, :-1].T + floats[:, -1]
            model = ErrorModel(x[None], x_error[None])
            dot = model.dot_scales[0] @ np.abs(floats).T
            S = np.array([initial_error(error[None], model.M, 1)[0, 0] for error in errors])
            bound = unbounded(z, certified(dot + S, 1, x.shape[1]))
        near = is_near_tie(z, bound)
        positive = z >= 0
        rows = np.flatnonzero(near.any(axis=1))
        for i, row in zip(rows, exact_array(X_checked[rows], "X", 2), strict=True):
            for r in np.flatnonzero(near[i]):
                value = _exact_dot(exact_weights[r], row)
                z[i, r], positive[i, r] = _rounded_one(value)[0], value >= 0
        return z, positive


@dataclass(frozen=True)
class _Fit:
    """What :func:`_certified_fit` learns, per rate: updates per epoch (e, epochs), the
    float64 near-ties re-decided exactly (e,), the exact final weights (e, d + 1) and the
    weights ``w_`` holds (those rounded to float64, or the Fractions in exact mode)."""

    etas: tuple[object, ...]
    errors: np.ndarray
    near_ties: np.ndarray
    exact_weights: np.ndarray
    weights: np.ndarray


def _certified_fit(
    X: np.ndarray,
    y: np.ndarray,
    rates: list[object],
    w0: object,
    epochs: int,
    rule: Rule,
    exact: bool,
) -> _Fit:
    """Train with :func:`numeric.train` (bias last); in float64 every rate with a near-tie
    (a step whose sign the certified bound leaves open) is re-run exactly, so every rate's
    coefficients c are the exact run's.  The exact final weights are then
    w⁽⁰⁾ + η·Σ c·x in rationals, and ``w_`` is them rounded once: its signs are exact."""
    common: dict[str, Any] = {"epochs": epochs, "bias": True, "rule": rule, "keep": "predictions"}
    result = train(X, y, rates, w0, exact=exact, **common)
    e, n = len(rates), len(X)
    if exact:
        finals = result.final_weights
        errors = result.updates_per_epoch()
        return _Fit(result.etas, errors, np.zeros(e, np.int64), finals, finals)
    coefficients = result.coefficients.copy()  # (e, steps)
    near = np.bincount(result.ties.rates, minlength=e).astype(np.int64)
    doubtful = np.flatnonzero(near)
    if len(doubtful):
        again = train(X, y, [rates[r] for r in doubtful], w0, exact=True, **common)
        coefficients[doubtful] = again.coefficients
    steps = coefficients.reshape(e, epochs, n)
    errors = (steps != 0).sum(axis=2)
    features = scaled_array(X, "X", 2).with_bias()  # the exact X train reads, over D
    numerators, D = features.numerators[0].astype(object), features.denominators[0]
    start = initial_weights(w0, 1, numerators.shape[1], True, exact=True)[0]
    sums = steps.sum(axis=1, dtype=np.int64)  # (e, n): Σ over epochs of c per sample
    used = np.flatnonzero(sums.any(axis=0))  # the samples that moved some weights at all
    directions = sums[:, used].astype(object) @ numerators[used]  # (e, d + 1) integers
    finals = np.array(
        [
            [w + eta * Fraction(int(v), D) for w, v in zip(start, row, strict=True)]
            for eta, row in zip(learning_rates(rates), directions, strict=True)
        ],
        dtype=object,
    )
    return _Fit(result.etas, errors, near, finals, _rounded(finals)[0])


def _exact_dot(w: Sequence[Fraction], row: Sequence[Fraction]) -> Fraction:
    """w·(x, 1) in rationals (the bias weight last)."""
    return sum((a * b for a, b in zip(row, w[:-1], strict=True)), Fraction(w[-1]))


def _rounded_one(value: Fraction) -> tuple[float, float]:
    """``value`` rounded to float64 and a bound on the error (±inf, inf beyond float64)."""
    try:
        return to_float64(value)
    except OverflowError:
        return (math.inf if value > 0 else -math.inf), math.inf


def _rounded(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact values (an object array) rounded to float64, and bounds on the errors."""
    pairs = [_rounded_one(v) for v in values.flat]
    floats = np.array([p[0] for p in pairs], dtype=np.float64).reshape(values.shape)
    errors = np.array([p[1] for p in pairs], dtype=np.float64).reshape(values.shape)
    return floats, errors


@functools.cache
def _not_fitted() -> type[NotFittedError]:
    """:class:`NotFittedError`, also scikit-learn's where it is installed (its checks catch
    that class)."""
    try:
        from sklearn.exceptions import NotFittedError as SklearnNotFitted
    except ImportError:
        return NotFittedError
    return type("NotFittedError", (NotFittedError, SklearnNotFitted), {})


def _is_list(eta: object) -> bool:
    return not isinstance(eta, str | Real | Fraction) and np.ndim(eta) == 1  # type: ignore[arg-type]


def _same_value(a: object, b: object) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except (ValueError, TypeError):
        return False


def _features(X: object, name: str) -> np.ndarray:
    """``X`` as a 2-d array of real numbers (objects such as Fractions kept as they are)."""
    if hasattr(X, "toarray") or type(X).__module__.startswith("scipy.sparse"):
        raise TypeError(f"{name} is a sparse matrix: Perceptron needs dense data (X.toarray())")
    array = lossless_array(X)  # a list's integers past 2⁵³ (or int64) are not rounded
    if array.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {name} must hold real numbers")
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-d array (n samples × d features), not {array.ndim}-d. "
            "Reshape your data: X.reshape(-1, 1) for a single feature, X.reshape(1, -1) for "
            "a single sample"
        )
    for count, what in ((array.shape[0], "sample"), (array.shape[1], "feature")):
        if count == 0:
            raise ValueError(
                f"Found array with 0 {what}(s) (shape={array.shape}) while a minimum of 1 is "
                "required."
            )
    if array.dtype.kind in "biuf":
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            raise ValueError(f"{name} holds NaN or infinity: Perceptron needs finite numbers")
        return array
    if array.dtype.kind == "O" and all(isinstance(v, Real) for v in array.flat):
        return array  # exact numbers (Fractions, ints) stay exact
    # text and Decimals are read as train reads them ("0.1" is 1/10, "1/3" a third), from
    # the cells given (np.asarray makes a float beside a text the text of its repr)
    cells = array if isinstance(X, np.ndarray) else np.array(X, dtype=object)
    if cells.shape == array.shape and all(_readable(v) for v in cells.flat):
        try:
            return exact_array(cells, name, 2)
        except InvalidNumber:
            pass  # told below, as scikit-learn's checks expect
    try:
        return array.astype(float)
    except (TypeError, ValueError) as error:  # the same type, with the cell's type named
        raise type(error)(f"{name} must hold real numbers: {error}") from None


def _readable(value: object) -> bool:
    """Whether a cell is a number or a text that :func:`numeric.inputs.exact_array` reads."""
    return isinstance(value, Real | Decimal | str)


def _labels(y: object, n: int) -> np.ndarray:
    if y is None:
        raise ValueError(
            "Perceptron requires y to be passed, but the target y is None: fit(X, y) with "
            "one label per row"
        )
    labels = lossless_array(y)  # a label past 2⁵³ (or int64) is not rounded
    if labels.ndim == 2 and labels.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected: y.ravel() is used",
            _conversion_warning(),
            stacklevel=3,
        )
        labels = labels.ravel()
    if labels.ndim != 1:
        raise ValueError(f"y must be a 1-d array of labels, not {labels.ndim}-d")
    if len(labels) != n:
        raise DimensionMismatch(f"y has {len(labels)} labels but X has {n} rows", y)
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        raise ValueError(
            "Unknown label type: continuous. The perceptron classifies: y must hold two classes"
        )
    return labels


def _conversion_warning() -> type[Warning]:
    """scikit-learn's DataConversionWarning where it is installed (its checks look for it)."""
    try:
        from sklearn.exceptions import DataConversionWarning

        return DataConversionWarning
    except ImportError:
        return UserWarning


def _same_direction(finals: np.ndarray) -> bool:
    """True when every rate's final weights (exact) are a positive multiple of the first's."""
    first = list(finals[0])
    for other in finals[1:]:
        pairs = list(zip(first, other, strict=True))
        if any((a > 0) != (b > 0) or (a < 0) != (b < 0) for a, b in pairs):
            return False
        ratio = next((b / a for a, b in pairs if a != 0), None)
        if ratio is not None and any(b != ratio * a for a, b in pairs):
            return False
    return True

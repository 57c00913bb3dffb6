"""The textbook's ``Perceptron(eta, n_iter).fit(X, y)`` with ``errors_``, in scikit-learn's
estimator conventions, on the numeric twin.

Parameters live only in ``__init__``; what ``fit`` learns ends in ``_``; ``fit`` returns
self; ``get_params``/``set_params`` work without scikit-learn installed, and
``sklearn.utils.estimator_checks.check_estimator`` passes where it is.  Unlike the textbook
the bias weight is the last entry of ``w_`` (as everywhere in etaproof), and ``eta`` may be
a list of rates, fitted at once, which answers "do these rates give the same classifier?"
(``same_classifier_``).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from fractions import Fraction
from numbers import Integral, Real
from typing import Any, cast

import numpy as np

from .errors import DimensionMismatch, EtaproofValueError, InvalidEpochs, InvalidLabel
from .perceptron import train
from .rules import get_rule
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
    same_classifier_: bool

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
        result = train(
            X_checked,
            targets,
            self._rates(),
            w0=self._initial_weights(d),
            epochs=self.n_iter,
            bias=True,
            rule=rule,
            exact=self.exact,
        )
        self.classes_ = classes
        self.n_features_in_ = d
        self.rates_ = tuple(result.etas)
        finals = result.final_weights
        errors = result.updates_per_epoch()
        single = not _is_list(self.eta)
        self.w_ = finals[0] if single else finals
        self.errors_ = [int(c) for c in errors[0]] if single else errors
        if self.exact or len(self.rates_) == 1:
            exact_finals = finals
        else:  # decided in exact arithmetic: float64 rounding must not decide "same"
            exact_finals = train(
                X_checked,
                targets,
                self._rates(),
                w0=self._initial_weights(d),
                epochs=self.n_iter,
                bias=True,
                rule=rule,
                exact=True,
            ).final_weights
        self.same_classifier_ = _same_direction(exact_finals)
        return self

    def net_input(self, X: object) -> np.ndarray:
        """w·x + bias for each row of ``X`` (one column per rate when ``eta`` is a list)."""
        weights = self._fitted_weights()
        X_checked = _features(X, "X")
        if X_checked.shape[1] != self.n_features_in_:
            raise DimensionMismatch(
                f"X has {X_checked.shape[1]} features, but Perceptron is expecting "
                f"{self.n_features_in_} features as input",
                X,
            )
        if self.exact:
            rows = [[Fraction(v) for v in row] for row in X_checked.tolist()]
            values = [
                [sum((a * b for a, b in zip(row, w[:-1], strict=True)), w[-1]) for w in weights]
                for row in rows
            ]
            out = np.array(values, dtype=object)
        else:
            out = X_checked.astype(float) @ weights[:, :-1].T.astype(float) + weights[:, -1]
        return out[:, 0] if not _is_list(self.eta) else out

    def predict(self, X: object) -> np.ndarray:
        """The class of each row: ``classes_[1]`` where the net input is ≥ 0, else
        ``classes_[0]`` (one column per rate when ``eta`` is a list)."""
        z = np.asarray(self.net_input(X))
        return np.asarray(np.where(z >= 0, self.classes_[1], self.classes_[0]))

    def score(self, X: object, y: object) -> float:
        """The fraction of rows of ``X`` predicted as ``y`` (the first rate's, for a list)."""
        predicted = self.predict(X)
        if predicted.ndim == 2:
            predicted = predicted[:, 0]
        return float(np.mean(predicted == np.asarray(y).ravel()))

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
    array = np.asarray(X)
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
    try:
        return array.astype(float)
    except (TypeError, ValueError) as error:  # the same type, with the cell's type named
        raise type(error)(f"{name} must hold real numbers: {error}") from None


def _labels(y: object, n: int) -> np.ndarray:
    if y is None:
        raise ValueError(
            "Perceptron requires y to be passed, but the target y is None: fit(X, y) with "
            "one label per row"
        )
    labels = np.asarray(y)
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

"""The perceptron trace in η and w⁽⁰⁾: ŷ⁽ᵏ⁾, Δw⁽ᵏ⁾ and w⁽ᵏ⁾ for k = 1 … n·epochs.

At step k the sample is x⁽ᵏ⁾ (sample ((k − 1) mod n) + 1), and

    ŷ⁽ᵏ⁾ = rule.predict(w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾),   Δw⁽ᵏ⁾ = η·c_k·x⁽ᵏ⁾,   w⁽ᵏ⁾ = w⁽ᵏ⁻¹⁾ + Δw⁽ᵏ⁾.

The weights are kept as w⁽ᵏ⁾ = w⁽⁰⁾ + η·v⁽ᵏ⁾ with v⁽ᵏ⁾ = Σ c_i x⁽ⁱ⁾ (an identity, whatever
the c_i hold), so that η stays visible as a factor wherever it is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral

from sympy import Expr, Matrix, MatrixBase, S, Symbol, zeros

from numeric.display import cut, one_line, plural
from symbolic.algebra.symbols import ETA
from symbolic.algebra.vectors import superscript as vector_superscript
from symbolic.errors import DimensionMismatch, InvalidLearningRate, StepOutOfRange
from symbolic.perceptron.dataset import Dataset, as_dataset, exact_number, vector_symbols
from symbolic.perceptron.rules import Rule, get_rule
from symbolic.printable import Displayable, plain_expression

#: Steps that ``str(trace)`` and the rich display write out.
PRINTED_STEPS = 4


class PerceptronTrace(Displayable):
    """The symbolic run of one perceptron rule over a dataset, computed lazily step by step."""

    def __init__(
        self, data: Dataset, *, eta: Expr, w0: Matrix, epochs: int, bias: bool, rule: Rule
    ) -> None:
        self.data, self.eta, self.w0 = data, eta, w0
        self.epochs, self.bias, self.rule = epochs, bias, rule
        self._coefficients: list[Expr] = []
        self._net_inputs: list[Expr] = []
        self._directions: list[Matrix] = [zeros(data.d, 1)]
        self._by_sample: dict[int, Expr] = {}
        self._gram: dict[tuple[int, int], Expr] = {}

    @property
    def steps(self) -> int:
        """The number of updates, n·epochs."""
        return self.data.n * self.epochs

    def sample(self, k: int) -> int:
        """The index i of the sample seen at step k."""
        return (self._step(k) - 1) % self.data.n + 1

    def x(self, k: int) -> Matrix:
        """x⁽ᵏ⁾, the sample seen at step k."""
        return self.data.x(self.sample(k))

    def y(self, k: int) -> Expr:
        """y⁽ᵏ⁾, the label seen at step k."""
        return self.data.y(self.sample(k))

    def z(self, k: int) -> Expr:
        """The net input w⁽ᵏ⁻¹⁾·x⁽ᵏ⁾ = w⁽⁰⁾·x⁽ᵏ⁾ + η·(v⁽ᵏ⁻¹⁾·x⁽ᵏ⁾)."""
        self._run_to(self._step(k))
        return self._net_inputs[k - 1]

    def y_hat(self, k: int) -> Expr:
        """ŷ⁽ᵏ⁾ = the rule's prediction for x⁽ᵏ⁾ from the weights w⁽ᵏ⁻¹⁾."""
        return self.rule.predict(self.z(k))

    def coefficient(self, k: int) -> Expr:
        """c_k in Δw⁽ᵏ⁾ = η·c_k·x⁽ᵏ⁾ (y − ŷ for the error rules)."""
        self._run_to(self._step(k))
        return self._coefficients[k - 1]

    def delta_w(self, k: int) -> Matrix:
        """Δw⁽ᵏ⁾ = η·c_k·x⁽ᵏ⁾."""
        return self.eta * self.coefficient(k) * self.x(k)

    def direction(self, k: int) -> Matrix:
        """v⁽ᵏ⁾ = Σ_{i ≤ k} c_i x⁽ⁱ⁾, so that w⁽ᵏ⁾ = w⁽⁰⁾ + η·v⁽ᵏ⁾ (k = 0 … n·epochs)."""
        self._run_to(self._step(k, first=0))
        return self._directions[k]

    def w(self, k: int) -> Matrix:
        """w⁽ᵏ⁾ = w⁽⁰⁾ + Δw⁽¹⁾ + … + Δw⁽ᵏ⁾ (k = 0 … n·epochs)."""
        return self.w0 + self.eta * self.direction(k)

    def y_hats(self) -> list[Expr]:
        """ŷ⁽¹⁾ … ŷ⁽ⁿ·ᵉᵖᵒᶜʰˢ⁾."""
        return [self.y_hat(k) for k in range(1, self.steps + 1)]

    def at_zero_init(self) -> PerceptronTrace:
        """The same run started from w⁽⁰⁾ = 0."""
        return self.with_initial_weights(zeros(self.data.d, 1))

    def with_initial_weights(self, w0: Matrix) -> PerceptronTrace:
        """The same run started from other initial weights."""
        return PerceptronTrace(
            self.data, eta=self.eta, w0=w0, epochs=self.epochs, bias=self.bias, rule=self.rule
        )

    def __repr__(self) -> str:
        return one_line(
            "PerceptronTrace",
            plural(self.steps, "step"),
            f"rule={self.rule.name!r}",
            f"n={self.data.n}",
            f"d={self.data.d}",
            f"epochs={self.epochs}",
            "generic data" if not self.data.is_concrete else "concrete data",
            f"eta={cut(self.eta, 20)}",
            f"w0 {self._start()}",
        )

    def __str__(self) -> str:
        lines = [f"{self._headline()}."]
        lines += [
            f"  k = {k} (sample {sample}): ŷ{superscript(k)} = {y_hat}, Δw{superscript(k)} = {dw}"
            for k, sample, y_hat, dw in self._rows()
        ]
        if self.steps > PRINTED_STEPS:
            lines.append(f"  … and {plural(self.steps - PRINTED_STEPS, 'more step')}")
        return "\n".join(lines)

    def _headline(self) -> str:
        data = "generic" if not self.data.is_concrete else "concrete"
        symbolic = isinstance(self.eta, Symbol)
        rate = "η symbolic" if symbolic else f"η = {plain_expression(self.eta, 40)}"
        return (
            f"Perceptron trace of rule {self.rule.name!r}: {plural(self.data.n, 'sample')} "
            f"({data}, d = {self.data.d}{', bias last' if self.bias else ''}), "
            f"{plural(self.epochs, 'epoch')}, {plural(self.steps, 'step')}, "
            f"{rate}, w⁽⁰⁾ {self._start()}"
        )

    def _start(self) -> str:
        """How the run starts: ``= 0``, ``generic`` (every entry a symbol) or ``= [values]``."""
        if all(entry == 0 for entry in self.w0):
            return "= 0"
        if all(isinstance(entry, Symbol) for entry in self.w0):
            return "generic"
        return f"= {plain_expression(self.w0, 40)}"

    def _rows(self) -> list[tuple[int, int, str, str]]:
        """The first :data:`PRINTED_STEPS` steps: k, sample, ŷ⁽ᵏ⁾ and Δw⁽ᵏ⁾ as text."""
        return [
            (
                k,
                self.sample(k),
                plain_expression(self.y_hat(k), 80),
                plain_expression(self.delta_w(k), 80),
            )
            for k in range(1, min(self.steps, PRINTED_STEPS) + 1)
        ]

    def _step(self, k: int, first: int = 1) -> int:
        if not isinstance(k, Integral) or isinstance(k, bool) or not first <= k <= self.steps:
            raise StepOutOfRange(f"k={k!r} must be a step from {first} to n·epochs={self.steps}")
        return int(k)

    def _run_to(self, k: int) -> None:
        for step in range(len(self._coefficients) + 1, k + 1):
            i = self.sample(step)
            x, y = self.data.x(i), self.data.y(i)
            z = dot(self.w0, x) + self.eta * self._direction_dot(step - 1, i)
            c = self.rule.coefficient(y, z)
            self._net_inputs.append(z)
            self._coefficients.append(c)
            self._directions.append(self._directions[-1] + c * x)
            self._by_sample[i] = self._by_sample.get(i, S.Zero) + c

    def _direction_dot(self, k: int, i: int) -> Expr:
        """v⁽ᵏ⁾·x⁽ⁱ⁾: a plain dot product on concrete data; on symbolic data a sum of
        c-weighted dot products x⁽ʲ⁾·x⁽ⁱ⁾, which keeps the shape a human writes and grows
        by doubling rather than by a factor d + 1 per step."""
        if self.data.is_concrete:
            return dot(self._directions[k], self.data.x(i))
        if k == 0:
            return S.Zero
        return sum((c * self._gram_entry(j, i) for j, c in sorted(self._by_sample.items())), S.Zero)

    def _gram_entry(self, i: int, j: int) -> Expr:
        key = (min(i, j), max(i, j))
        if key not in self._gram:
            self._gram[key] = dot(self.data.x(key[0]), self.data.x(key[1]))
        return self._gram[key]


def superscript(k: int) -> str:
    """⁽ᵏ⁾ in Unicode superscripts."""
    return vector_superscript(f"({k})")


def dot(a: Matrix, b: Matrix) -> Expr:
    """a·b for two column vectors of the same length, as a plain sum of products."""
    return sum((p * q for p, q in zip(a, b, strict=True)), S.Zero)


def perceptron_trace(
    data: Dataset | tuple[object, object],
    eta: Expr | float | str = ETA,
    w0: Matrix | Sequence[object] | int | None = None,
    epochs: int = 1,
    bias: bool = False,
    rule: str | Rule = "rosenblatt",
) -> PerceptronTrace:
    """Trace a perceptron rule over ``data`` symbolically in η and w⁽⁰⁾.

    ``data`` is a :func:`generic_dataset` or a pair ``(X, y)`` of concrete numbers; ``eta`` a
    positive number or a symbol (default η > 0); ``w0`` a vector, 0, or ``None`` for generic
    symbols w⁽⁰⁾_j; ``bias`` appends a constant feature 1 whose weight (the last) is learned.
    """
    rule = get_rule(rule)
    dataset = as_dataset(data, rule.labels)
    if bias:
        dataset = dataset.with_bias()
    if not isinstance(epochs, Integral) or isinstance(epochs, bool) or epochs < 1:
        raise StepOutOfRange(f"epochs={epochs!r} must be a positive integer")
    return PerceptronTrace(
        dataset,
        eta=_learning_rate(eta),
        w0=_initial_weights(w0, dataset.d, bias),
        epochs=int(epochs),
        bias=bias,
        rule=rule,
    )


def _learning_rate(eta: object) -> Expr:
    if isinstance(eta, Symbol):
        return eta
    value = exact_number(eta, "eta")
    if value.is_number and not value.is_positive:
        raise InvalidLearningRate(f"eta={eta!r} must be positive")
    return value


def _initial_weights(w0: object, d: int, bias: bool) -> Matrix:
    if w0 is None:
        return vector_symbols("w", 0, d - 1 if bias else d, bias=bias)
    if isinstance(w0, Integral) and w0 == 0:
        return zeros(d, 1)
    if isinstance(w0, MatrixBase):  # a SymPy column or row vector (no __iter__ of its own)
        entries = list(w0) if 1 in w0.shape else None
    else:
        entries = list(w0) if hasattr(w0, "__iter__") else None
    if entries is None or len(entries) != d:
        raise DimensionMismatch(
            f"w0={w0!r} must be 0 or a vector of length {d}"
            + (" (the bias weight last)" if bias else "")
        )
    return Matrix([exact_number(v, f"w0[{j}]") for j, v in enumerate(entries, start=1)])

"""What one gradient step of size η does to a conservation law: the exact change, derived.

Gradient flow θ̇ = −∇L conserves h when ⟨∇h, ∇L⟩ = 0.  A step of gradient descent is not the
flow, and for a law of degree ≤ 2, h(θ) = θᵀQθ + cᵀθ (every law of a two-layer network, ‖w‖²
and Σ_k b_k alike), the Taylor expansion stops at η², exactly, for every vector g:

    h(θ − ηg) − h(θ) = −η·⟨∇h(θ), g⟩ + η²·gᵀQg                                (1)

(∇h = 2Qθ + c; h₂(g) = gᵀQg is h's quadratic part evaluated at g).  With g = ∇L(θ) the
first-order term is the flow's ⟨∇h, ∇L⟩ = 0, so one step changes the law by exactly

    h(θ − η∇L) − h(θ) = η²·h₂(∇L(θ)),                                          (2)

not zero in general: a finite η breaks a conservation law at order η² per step (Kunin et al.,
"Neural Mechanics", ICLR 2021).  :func:`one_step_change` checks (1) and ⟨∇h, ∇L⟩ = 0 for a given
law and loss gradient with SymPy and returns (2) as a formula.  Two classic cases are worked
out (:func:`scale_invariant_example`, :func:`softmax_translation_example`): a scale-invariant
loss, whose ‖w‖² grows by exactly η²‖g‖², and the softmax biases, whose sum a step leaves
unchanged whatever η, the law being linear (h₂ = 0).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sympy import QQ, Expr, Poly, Rational, Symbol, exp, expand, log, ring, simplify
from sympy.polys.polyerrors import CoercionFailed

from numeric.display import one_line, shown_text
from symbolic.algebra.identity import is_shown_zero
from symbolic.algebra.symbols import ETA, C
from symbolic.printable import plain_text
from symbolic.theorems.zero_init import Check, all_shown


def quadratic_part(law: Expr, variables: Sequence[Symbol]) -> Expr:
    """h₂, the terms of degree exactly 2 of the polynomial ``law`` in ``variables``; raises
    ``ValueError`` when the law is not a polynomial of degree ≤ 2 (the expansion (1) stops at
    η² only then)."""
    poly = Poly(law, *variables)
    if poly.total_degree() > 2:
        raise ValueError(f"the law {plain_text(law)} has degree {poly.total_degree()} > 2")
    terms = Rational(0)
    for powers, coefficient in poly.terms():
        if sum(powers) == 2:
            term = coefficient
            for v, k in zip(variables, powers, strict=True):
                term *= v**k
            terms += term
    return terms


def shown_zero(expr: Expr, nonzero: Sequence[Expr] = ()) -> bool:
    """True when ``expr`` is shown identically 0: a polynomial over QQ in its symbols is decided
    exactly in SymPy's sparse polynomial ring (fast, and it never divides); anything else goes
    to :func:`symbolic.algebra.identity.is_shown_zero` (False: "not shown")."""
    symbols = sorted(expr.free_symbols, key=str)
    if symbols:
        R, *_ = ring(symbols, QQ)
        try:
            return bool(R.from_expr(expr) == R.zero)
        except (ValueError, CoercionFailed):  # not a polynomial over QQ
            pass
    return is_shown_zero(expr, tuple(nonzero))


def direction_symbols(variables: Sequence[Symbol]) -> tuple[Symbol, ...]:
    """One symbol g[θ_t] per variable: the components of a step direction."""
    return tuple(Symbol(f"g[{v.name}]", real=True) for v in variables)


@dataclass(frozen=True)
class OneStepChange:
    """The exact change of the law ``law`` (in ``variables``) after one gradient step of rate
    η on a loss with gradient ``gradient`` (expressions in the variables and the data).

    ``formula`` is η²·h₂(g) in the ``directions`` g[θ_t]; ``checks`` are the expansion (1)
    and the vanishing of the first-order term (and, when asked for, the identity (2) checked
    in one piece); the formula holds (with g = ∇L) only when every check was shown
    (:attr:`shown`)."""

    law: Expr
    variables: tuple[Symbol, ...]
    gradient: tuple[Expr, ...]
    directions: tuple[Symbol, ...]
    formula: Expr
    checks: tuple[Check, ...]

    @property
    def shown(self) -> bool:
        """True when every check was shown, so h(θ − η∇L) − h(θ) = ``formula`` at g = ∇L."""
        return all_shown(self.checks)

    @property
    def statement(self) -> str:
        """The identity (2) for this law."""
        change = plain_text(self.formula)
        return f"h(θ − η·∇L) − h(θ) = {change} at g = ∇L(θ), exactly, for every η"

    def change(self, substitutions: Mapping[Symbol, Expr], eta: Expr = ETA) -> Expr:
        """The change η²·h₂(∇L) with the variables and the data set to ``substitutions``
        (and η to ``eta``), from the formula (nothing is stepped)."""
        if not self.shown:
            raise ValueError(f"the change of {plain_text(self.law)} is not shown")
        at = dict(substitutions)
        g = {d: e.xreplace(at) for d, e in zip(self.directions, self.gradient, strict=True)}
        return expand(self.formula.xreplace(g).xreplace({ETA: eta}))

    def __repr__(self) -> str:
        return one_line("OneStepChange", repr(plain_text(self.law)), shown_text(self.shown))

    def __str__(self) -> str:
        lines = [f"h = {plain_text(self.law)}: {self.statement}"]
        return "\n".join([*lines, *(f"  {check}" for check in self.checks)])


def one_step_change(
    law: Expr,
    variables: Sequence[Symbol],
    gradient: Sequence[Expr],
    *,
    nonzero: Sequence[Expr] = (),
    direct: bool = False,
) -> OneStepChange:
    """Derive the change of ``law`` after one step against ``gradient`` (∇L as expressions):
    check (1) for a generic direction and ⟨∇h, ∇L⟩ = 0 with SymPy (dividing only by what
    ``nonzero`` says is non-zero), and return η²·h₂(g).  With ``direct`` also check
    h(θ − η∇L) − h(θ) = η²·h₂(∇L) in one piece (redundant, and slow for wide networks: the
    squares of ∇L are large polynomials)."""
    variables = tuple(variables)
    h2 = quadratic_part(law, variables)
    g = direction_symbols(variables)
    stepped = law.xreplace({v: v - ETA * d for v, d in zip(variables, g, strict=True)})
    first_order = sum(law.diff(v) * d for v, d in zip(variables, g, strict=True))
    squared = h2.xreplace(dict(zip(variables, g, strict=True)))
    formula = ETA**2 * squared
    expansion = Check(
        "expansion",
        "h(θ − η·g) − h(θ) = −η·⟨∇h(θ), g⟩ + η²·h₂(g) for every direction g (h has degree ≤ 2)",
        shown_zero(stepped - law - (-ETA * first_order + formula)),
    )
    along = sum(law.diff(v) * e for v, e in zip(variables, gradient, strict=True))
    conserved = Check(
        "first order",
        "⟨∇h, ∇L⟩ = 0 identically: the flow conserves h, so the η term vanishes at g = ∇L",
        shown_zero(along, nonzero),
    )
    checks: tuple[Check, ...] = (expansion, conserved)
    if direct:
        at_gradient = dict(zip(g, gradient, strict=True))
        descent = {v: v - ETA * e for v, e in zip(variables, gradient, strict=True)}
        whole = law.xreplace(descent) - law - formula.xreplace(at_gradient)
        checks += (
            Check(
                "the step",
                "h(θ − η·∇L) − h(θ) − η²·h₂(∇L) = 0 identically with ∇L written out: (1) and "
                "the vanishing first-order term together, checked at once",
                shown_zero(whole, nonzero),
            ),
        )
    return OneStepChange(law, variables, tuple(gradient), g, formula, checks)


@dataclass(frozen=True)
class LawExample:
    """A worked example of a law and its one-step change: ``symmetry`` the loss's invariance
    (checked), ``step`` the derived change, ``instance`` one exact point at which the change
    from the formula equals the change of an actual step (``instance_change``)."""

    name: str
    law: Expr
    symmetry: Check
    step: OneStepChange
    instance: Check
    instance_change: Expr

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check of the example."""
        return (self.symmetry, *self.step.checks, self.instance)

    @property
    def shown(self) -> bool:
        """True when every check was shown."""
        return all_shown(self.checks)

    def __repr__(self) -> str:
        return one_line("LawExample", repr(self.name), shown_text(self.shown))

    def __str__(self) -> str:
        head = f"{self.name}: h = {plain_text(self.law)}; {self.step.statement}"
        return "\n".join([head, *(f"  {check}" for check in self.checks)])


def _dot(a: Sequence[Expr], b: Sequence[Expr]) -> Expr:
    return sum((p * q for p, q in zip(a, b, strict=True)), Rational(0))


def scale_invariant_example(d: int = 2) -> LawExample:
    """A loss that depends on w only through w/‖w‖, L = ((w·x)²/(w·w) − y)²/2 in d
    dimensions: L(c·w) = L(w), so ⟨w, ∇L⟩ = 0 (Euler), the flow conserves ‖w‖², and one step
    changes it by exactly η²‖∇L‖² > 0 (the "effective learning rate" η/‖w‖² shrinks)."""
    w = tuple(Symbol(f"w_{i}", real=True) for i in range(1, d + 1))
    x = tuple(Symbol(f"x_{i}", real=True) for i in range(1, d + 1))
    y = Symbol("y", real=True)
    norm = _dot(w, w)
    loss = (_dot(w, x) ** 2 / norm - y) ** 2 / 2
    scaled = loss.xreplace({v: C * v for v in w})
    symmetry = Check(
        "scale invariance",
        "L(c·w) = L(w) for every c > 0 (w ≠ 0)",
        is_shown_zero(scaled - loss, (norm,)),
    )
    gradient = tuple(loss.diff(v) for v in w)
    law = norm
    step = one_step_change(law, w, gradient, nonzero=(norm,), direct=True)
    at = {v: Rational(k + 1) for k, v in enumerate(w)} | {
        v: Rational((-1) ** k * (k + 2), 3) for k, v in enumerate(x)
    } | {y: Rational(1, 2)}  # fmt: skip
    eta = Rational(1, 10)
    g = [e.xreplace(at) for e in gradient]
    after = law.xreplace({v: at[v] - eta * gv for v, gv in zip(w, g, strict=True)})
    stepped = after - law.xreplace(at)
    predicted = step.change(at, eta) if step.shown else None
    instance = Check(
        "exact instance",
        f"at w = {[at[v] for v in w]}, x = {[at[v] for v in x]}, y = {at[y]}, η = {eta}: "
        f"one step changes ‖w‖² by {stepped}, the formula's η²‖g‖², and not by 0",
        predicted is not None and simplify(stepped - predicted) == 0 and stepped != 0,
    )
    name = f"scale-invariant loss (d = {d})"
    return LawExample(name, law, symmetry, step, instance, stepped)


def softmax_translation_example(classes: int = 3, features: int = 1) -> LawExample:
    """Softmax cross-entropy with logits z_k = w_k·x + b_k and a one-hot label t (Σ t_k = 1):
    adding one constant to every bias leaves L unchanged, so Σ_k ∂L/∂b_k = 0, the flow
    conserves Σ_k b_k, and since that law is linear (h₂ = 0) a step of any η leaves it
    exactly unchanged."""
    K, d = classes, features
    W = [[Symbol(f"w_{{{k},{i}}}", real=True) for i in range(1, d + 1)] for k in range(1, K + 1)]
    b = [Symbol(f"b_{k}", real=True) for k in range(1, K + 1)]
    x = [Symbol(f"x_{i}", real=True) for i in range(1, d + 1)]
    free = [Symbol(f"t_{k}", real=True) for k in range(1, K)]
    t = [*free, 1 - sum(free)]
    z = [_dot(W[k], x) + b[k] for k in range(K)]
    loss = -_dot(t, z) + log(sum(exp(zk) for zk in z))
    shift = Symbol("c", real=True)
    symmetry = Check(
        "translation invariance",
        "L(b + c·1) = L(b) for every real c: softmax sees only differences of the logits",
        is_shown_zero(loss.xreplace({bk: bk + shift for bk in b}) - loss),
    )
    variables = (*(v for row in W for v in row), *b)
    gradient = tuple(loss.diff(v) for v in variables)
    law = sum(b, Rational(0))
    step = one_step_change(law, variables, gradient, direct=True)
    at = {v: Rational(k % 3 - 1) for k, v in enumerate(variables)} | {
        v: Rational(i + 1) for i, v in enumerate(x)
    } | {tk: Rational(int(k == 0)) for k, tk in enumerate(free)}  # fmt: skip
    eta = Symbol("eta", positive=True)
    g = [e.xreplace(at) for e in gradient]
    after = law.xreplace({v: at[v] - eta * gv for v, gv in zip(variables, g, strict=True)})
    stepped = simplify(after - law.xreplace(at))
    predicted = step.change(at, eta) if step.shown else None
    instance = Check(
        "exact instance",
        f"at {K} classes, label 1, x = {[at[v] for v in x]}: one step of any η changes "
        f"Σ b_k by {stepped}, the formula's 0",
        predicted is not None and predicted == 0 and stepped == 0,
    )
    name = f"softmax biases ({K} classes)"
    return LawExample(name, law, symmetry, step, instance, stepped)


__all__ = [
    "LawExample",
    "OneStepChange",
    "direction_symbols",
    "one_step_change",
    "quadratic_part",
    "scale_invariant_example",
    "softmax_translation_example",
]

"""A rule over whole vectors: the one representation that is proved and run.

The state of a rule is p named vectors (``w``; or ``u`` and ``a`` for the averaged perceptron),
its input q named vectors (``x``; or ``e`` and ``g`` for the kernel perceptron), all of one
dimension d.  The *decision* is a scalar formula in which the vectors appear only through dot
products (:class:`~symbolic.algebra.vectors.Dot`, its sides in a fixed order); the *update*
gives, for each state vector, a linear combination Σ c_v·v of the state and input vectors,
whose coefficients c_v are scalar formulas of the dot products, the label y and the rate η.

Written so, a formula means the same thing for every d, an identity shown with the vectors
kept whole holds for every d, and running the rule on numbers is evaluating these formulas:
the dot products of the current vectors, then the coefficients.  Nothing else is ever called.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from sympy import (
    Abs,
    Add,
    Derivative,
    Dummy,
    Expr,
    Float,
    ImmutableMatrix,
    Integer,
    Max,
    Min,
    Mul,
    S,
    Symbol,
    diff,
    exp,
    expand,
    factor_terms,
    log,
    preorder_traversal,
    sign,
    tanh,
)
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom, BooleanFunction

from symbolic.algebra.phi import phi
from symbolic.algebra.symbols import ETA, Y
from symbolic.algebra.vectors import Dot, VectorSymbol
from symbolic.errors import EtaproofValueError

#: The functions a rule's formulas may hold (besides +, −, ×, /, powers and numbers).
FUNCTIONS = (phi, Dot, Abs, sign, Min, Max, exp, log, tanh)

#: A vector as the coefficient of each named vector it is made of.
Terms = dict[VectorSymbol, Expr]


class InvalidOnlineRule(EtaproofValueError):
    """A rule is not usable: its formulas cannot be written over whole vectors, it computes
    with a float or a name that is none of its arguments, a function raised, or the label set
    is not a set of reals."""


def dot(a: Terms, b: Terms) -> Expr:
    """a·b for two linear combinations of named vectors (bilinear, symmetric)."""
    total: Expr = S.Zero
    for u, cu in a.items():
        for v, cv in b.items():
            total += cu * cv * Dot(*sorted((u, v), key=str))
    return total


def combination(terms: Terms, order: Sequence[VectorSymbol]) -> Expr:
    """Σ c_v·v in the order of ``order`` (zero coefficients dropped)."""
    return Add(*[terms[v] * v for v in order if v in terms and terms[v] != 0])


def coefficients(expr: Expr, vectors: Sequence[VectorSymbol], *, what: str = "a vector") -> Terms:
    """The coefficient of each named vector in ``expr`` = Σ c_v·v, read by expanding the
    products and sums around the vectors (not inside functions); a term without a vector, a
    vector that is none of ``vectors``, or a product of vectors is refused."""
    expr = canonical_dots(expr, vectors)
    terms: Terms = {}
    for term in Add.make_args(expand(expr, deep=False, power_base=False, power_exp=False)):
        found = [f for f in Mul.make_args(term) if _bare_vectors(f)]
        if len(found) != 1 or not isinstance(found[0], VectorSymbol):
            why = "a term without a vector" if not found else "a product or power of vectors"
            raise InvalidOnlineRule(f"{what} is not a combination of vectors: {term} is {why}")
        v = found[0]
        if v not in vectors:
            raise InvalidOnlineRule(f"{what} uses the vector {v}, which is none of the rule's")
        coefficient = term / v
        if _bare_vectors(coefficient):
            raise InvalidOnlineRule(f"{what} is not a combination of vectors: {term}")
        terms[v] = terms.get(v, S.Zero) + coefficient
    return {v: factor_terms(c) for v, c in terms.items() if c != 0}


def _bare_vectors(expr: Expr) -> set:
    """The vector symbols of ``expr`` outside dot products."""
    loose = expr.replace(lambda e: isinstance(e, Dot), lambda e: Integer(1))
    return {s for s in loose.free_symbols if isinstance(s, VectorSymbol)}


def canonical_dots(expr: Expr, vectors: Sequence[VectorSymbol]) -> Expr:
    """``expr`` with every dot product split over the rule's named vectors, each Dot(u, v)
    with u, v named vectors in a fixed order (so Dot(w + x, x) is w·x + x·x)."""

    def split(d: Dot) -> Expr:
        a, b = (coefficients(arg, vectors, what="a side of a dot product") for arg in d.args)
        return dot(a, b)

    if not expr.has(Dot):
        return expr
    return expr.replace(lambda e: isinstance(e, Dot) and not _canonical(e, vectors), split)


def _canonical(d: Dot, vectors: Sequence[VectorSymbol]) -> bool:
    a, b = d.args
    return a in vectors and b in vectors and [a, b] == sorted((a, b), key=str)


@dataclass(frozen=True)
class RuleForm:
    """A rule's formulas over whole vectors (see the module docstring).

    ``coefficients[i]`` maps each named vector to its coefficient in the update of the i-th
    state vector; ``loss`` is the loss the update was derived from, or None."""

    state: tuple[str, ...]
    inputs: tuple[str, ...]
    decision: Expr
    coefficients: tuple[tuple[tuple[VectorSymbol, Expr], ...], ...]
    loss: Expr | None = None

    @property
    def state_vectors(self) -> tuple[VectorSymbol, ...]:
        return tuple(VectorSymbol(name) for name in self.state)

    @property
    def input_vectors(self) -> tuple[VectorSymbol, ...]:
        return tuple(VectorSymbol(name) for name in self.inputs)

    @property
    def vectors(self) -> tuple[VectorSymbol, ...]:
        """The state vectors, then the input vectors."""
        return self.state_vectors + self.input_vectors

    @cached_property
    def update(self) -> tuple[Expr, ...]:
        """The update of each state vector as Σ c_v·v."""
        return tuple(combination(dict(terms), self.vectors) for terms in self.coefficients)

    def state_length(self, features: int) -> int:
        """The length p·d of the state for an input of ``features`` = q·d numbers."""
        q = len(self.inputs)
        if features % q:
            raise InvalidOnlineRule(
                f"the input holds {q} vectors ({', '.join(self.inputs)}) of one dimension, so "
                f"its length must be a multiple of {q}, not {features}",
                features,
            )
        return len(self.state) * (features // q)

    # -- in coordinates, for d features ---------------------------------------------------

    def coordinates(self, features: int) -> tuple[ImmutableMatrix, ImmutableMatrix, dict]:
        """The flattened state and input as columns of real symbols (``w_1 … w_m``, ``x_1 …``)
        and the map from each named vector to its block of them."""
        d = features // len(self.inputs)
        m = self.state_length(features)
        w = [Symbol(f"w_{j}", real=True) for j in range(1, m + 1)]
        x = [Symbol(f"x_{j}", real=True) for j in range(1, features + 1)]
        blocks = {}
        for i, v in enumerate(self.state_vectors):
            blocks[v] = w[i * d : (i + 1) * d]
        for i, v in enumerate(self.input_vectors):
            blocks[v] = x[i * d : (i + 1) * d]
        return ImmutableMatrix(w), ImmutableMatrix(x), blocks

    def in_coordinates(self, features: int) -> tuple[Expr, ImmutableMatrix]:
        """(decision, the update column) with every vector written in coordinates."""
        _, _, blocks = self.coordinates(features)
        dots = {
            D: Add(*[p * q for p, q in zip(blocks[D.args[0]], blocks[D.args[1]], strict=True)])
            for D in self.atoms_of_dot()
        }
        decision = self.decision.xreplace(dots)
        column = []
        for terms in self.coefficients:
            values = [(c.xreplace(dots), blocks[v]) for v, c in terms]
            d = features // len(self.inputs)
            column += [Add(*[c * block[i] for c, block in values]) for i in range(d)]
        return decision, ImmutableMatrix(column)

    def atoms_of_dot(self) -> set[Dot]:
        """Every dot product the formulas use."""
        found = set(self.decision.atoms(Dot))
        for terms in self.coefficients:
            for _, c in terms:
                found |= c.atoms(Dot)
        return found

    # -- on numbers ---------------------------------------------------------------------------

    def values(
        self, state: Sequence[Expr], inputs: Sequence[Expr]
    ) -> dict[VectorSymbol, tuple[Expr, ...]]:
        """The flattened state and input split into the named vectors."""
        d = len(inputs) // len(self.inputs)
        found: dict[VectorSymbol, tuple[Expr, ...]] = {}
        for i, v in enumerate(self.state_vectors):
            found[v] = tuple(state[i * d : (i + 1) * d])
        for i, v in enumerate(self.input_vectors):
            found[v] = tuple(inputs[i * d : (i + 1) * d])
        return found

    def dot_values(self, values: Mapping[VectorSymbol, Sequence[Expr]], expr: Expr) -> dict:
        """Each dot product of ``expr`` at ``values``, exactly."""
        return {
            D: Add(*[p * q for p, q in zip(values[D.args[0]], values[D.args[1]], strict=True)])
            for D in expr.atoms(Dot)
        }

    def decide(self, values: Mapping[VectorSymbol, Sequence[Expr]]) -> Expr:
        """The decision at ``values``."""
        return self.decision.xreplace(self.dot_values(values, self.decision))

    def change(
        self, values: Mapping[VectorSymbol, Sequence[Expr]], y: Expr, eta: Expr
    ) -> list[Expr]:
        """The update at ``values``, label y and rate η: the flattened change of the state."""
        d = len(next(iter(values.values())))
        column: list[Expr] = []
        for terms in self.coefficients:
            entries = [S.Zero] * d
            for v, c in terms:
                number = c.xreplace(self.dot_values(values, c) | {Y: y, ETA: eta})
                entries = [e + number * value for e, value in zip(entries, values[v], strict=True)]
            column += entries
        return column


def check_formula(
    what: str, expr: Expr, allowed: set, *, rule: str, vectors: Sequence[VectorSymbol] = ()
) -> Expr:
    """``expr`` when it holds only numbers, ``allowed`` symbols, dot products of ``vectors``
    (when given) and the functions of :data:`FUNCTIONS`; else :class:`InvalidOnlineRule`
    saying what it holds."""
    if expr.has(S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity):
        raise InvalidOnlineRule(f"{what} of rule {rule!r} is undefined: {expr}", expr)
    if vectors:
        for d in expr.atoms(Dot):
            if not _canonical(d, vectors):
                raise InvalidOnlineRule(
                    f"{what} of rule {rule!r} has the dot product {d}, which is not one of the "
                    f"rule's vectors ({', '.join(map(str, vectors))})",
                    d,
                )
    floats = sorted(expr.atoms(Float), key=str)
    if floats:
        raise InvalidOnlineRule(
            f"{what} of rule {rule!r} computes with the float {floats[0]}; write exact numbers "
            "(Rational(1, 10) or '1/10' for 1/10), since SymPy rounds every operation on a float",
            floats[0],
        )
    if any(
        isinstance(e, Relational | BooleanFunction | BooleanAtom) for e in preorder_traversal(expr)
    ):
        raise InvalidOnlineRule(
            f"{what} of rule {rule!r} returned the condition {expr}; write a number with φ "
            "(phi), e.g. (1 + phi(z))/2 for [z ≥ 0]",
            expr,
        )
    loose = expr.replace(lambda e: isinstance(e, Dot), lambda e: Integer(1))
    extra = sorted(loose.free_symbols - allowed, key=str)
    if extra:
        names = ", ".join(str(s) for s in extra)
        vectors = [s for s in extra if isinstance(s, VectorSymbol)]
        why = (
            "a vector outside a dot product" if vectors
            else "none of its arguments; give a parameter as a number (λ = 1/10 as '1/10')"
        )  # fmt: skip
        raise InvalidOnlineRule(f"{what} of rule {rule!r} uses {names}, {why}", extra)
    for e in preorder_traversal(expr):
        if isinstance(e, AppliedUndef | Derivative) or (
            e.is_Function and not isinstance(e, FUNCTIONS)
        ):
            raise InvalidOnlineRule(
                f"{what} of rule {rule!r} uses {e.func}, which is not one of the functions a "
                "rule may use (phi, dot, norm, sqrt, abs, sign, min, max, exp, log, tanh)",
                e,
            )
    return expr


def gradient(loss: Expr, state: Sequence[VectorSymbol], *, rule: str) -> list[Terms]:
    """∇_s loss for each state vector s, through the dot products: the loss is a function
    f of the dot products G_ab, and ∇_s G_ab = [a = s]·b + [b = s]·a."""
    found: list[Terms] = []
    for s in state:
        terms: Terms = {}
        for D in sorted(loss.atoms(Dot), key=str):
            a, b = D.args
            if s not in (a, b):
                continue
            g = Dummy("g", real=True)
            try:
                partial = diff(loss.xreplace({D: g}), g)
            except (ValueError, TypeError, NotImplementedError) as error:
                said = str(error).strip().splitlines()[0] if str(error).strip() else ""
                raise InvalidOnlineRule(
                    f"the loss of rule {rule!r} cannot be differentiated with respect to {D}"
                    + (f" ({said})" if said else "")
                ) from None
            if partial.has(Derivative):
                raise InvalidOnlineRule(
                    f"the loss of rule {rule!r} has no derivative with respect to {D} that "
                    "SymPy can write (phi, min and max have none; use a smooth loss)"
                )
            partial = partial.xreplace({g: D})
            check_formula("the gradient of the loss", partial, set(loss.free_symbols), rule=rule)
            for other in ([b] if a == s else []) + ([a] if b == s else []):
                terms[other] = terms.get(other, S.Zero) + partial
        found.append({v: c for v, c in terms.items() if c != 0})
    return found

"""Linear vector fields on R^D and the Lie algebra they generate, exactly.

The Lie bracket of two polynomial vector fields is

    [X, Y](θ) = DY(θ)·X(θ) − DX(θ)·Y(θ)

(:func:`lie_bracket`, in SymPy: the definition).  A *linear* field X(θ) = Aθ (A a D×D rational
matrix) has DX = A, so for X = Aθ and Y = Bθ the bracket is [X, Y](θ) = (BA − AB)θ: brackets of
linear fields are linear, the Lie algebra they generate is a space of matrices (of dimension at
most D², so generating it ends), and a bracket is two matrix products
(:meth:`LinearField.bracket`, over QQ with SymPy's sparse ``DomainMatrix``).  The gradient of a
quadratic form is linear (∇(½θᵀHθ) = Hθ), so the fields ∇φᵢ of a two-layer network's
reparametrisation are all of this kind.

What counts conservation laws is the rank of the algebra *at a point*, dim span{X(θ) : X in the
algebra}, at a generic θ.  At any one point θ₀ that rank is at most its generic value (the rank
of a family of polynomial vectors can only drop on a closed set), so independent values of
fields of the algebra at a rational point — a non-zero minor, computed exactly — prove a lower
bound on the generic rank, whatever the point (:func:`rank_at`, :func:`certified_rank`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from sympy import QQ, Expr, Matrix, MatrixBase, Rational, Symbol
from sympy.polys.matrices import DomainMatrix

#: How a field was made: the index of a generator, or the pair (X, Y) for [X, Y].
Word: TypeAlias = "int | tuple[Word, Word]"

#: A sparse vector over QQ: its non-zero entries by position.
SparseVector: TypeAlias = dict[Any, Any]


def lie_bracket(X: MatrixBase, Y: MatrixBase, variables: Sequence[Symbol]) -> Matrix:
    """[X, Y] = DY·X − DX·Y for vector fields given as SymPy column matrices of expressions in
    ``variables`` (DX the Jacobian of X): the definition, for any polynomial (or smooth)
    fields."""
    x = Matrix(variables)
    return (Matrix(Y).jacobian(x) * Matrix(X) - Matrix(X).jacobian(x) * Matrix(Y)).expand()


def word_text(word: Word, names: Sequence[str]) -> str:
    """A word as nested brackets of the generators' ``names``: ``[X2, [X1, X3]]``."""
    if isinstance(word, int):
        return names[word]
    left, right = word
    return f"[{word_text(left, names)}, {word_text(right, names)}]"


def word_depth(word: Word) -> int:
    """The number of generators in a word (1 for a generator)."""
    return 1 if isinstance(word, int) else word_depth(word[0]) + word_depth(word[1])


@dataclass(frozen=True, eq=False)
class LinearField:
    """The vector field θ ↦ Aθ on R^D, ``matrix`` A (D×D over QQ, sparse), and the ``word`` of
    brackets of generators it was made by."""

    matrix: DomainMatrix
    word: Word

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix", self.matrix.to_sparse())  # rows as dicts: ``.rep``

    @property
    def dimension(self) -> int:
        """D, the dimension of the space the field lives on."""
        return int(self.matrix.shape[0])

    def bracket(self, other: LinearField) -> LinearField:
        """[self, other]: with self = Aθ and other = Bθ, DY·X − DX·Y = BAθ − ABθ."""
        a, b = self.matrix, other.matrix
        return LinearField(b * a - a * b, (self.word, other.word))

    def entries(self) -> SparseVector:
        """The non-zero entries of A by position (i, j), for linear algebra on fields."""
        return {(i, j): v for i, row in self.matrix.rep.items() for j, v in row.items()}

    def at(self, point: Sequence[Any]) -> SparseVector:
        """The field's value Aθ₀ at ``point`` (entries in QQ), non-zero entries by position."""
        values: SparseVector = {}
        for i, row in self.matrix.rep.items():
            total = sum((v * point[j] for j, v in row.items()), QQ.zero)
            if total:
                values[i] = total
        return values

    def expressions(self, variables: Sequence[Symbol]) -> Matrix:
        """The field as a SymPy column of linear expressions in ``variables``."""
        column = [0] * self.dimension
        for i, row in self.matrix.rep.items():
            column[i] = sum(QQ.to_sympy(v) * variables[j] for j, v in row.items())
        return Matrix(column)

    def is_zero(self) -> bool:
        """True for the zero field."""
        return not any(self.matrix.rep.values())


def linear_field(entries: Iterable[Expr], variables: Sequence[Symbol], word: Word) -> LinearField:
    """The field whose t-th component is ``entries[t]``, each a linear form in ``variables``
    (no constant term); raises ``ValueError`` for anything else."""
    index = {v: t for t, v in enumerate(variables)}
    rows: dict[int, dict[int, Any]] = {}
    for i, entry in enumerate(entries):
        if entry == 0:
            continue
        for term, coefficient in entry.as_coefficients_dict().items():
            if term not in index or not isinstance(coefficient, Rational):
                raise ValueError(f"component {i + 1}: {entry} is not a linear form in θ")
            rows.setdefault(i, {})[index[term]] = QQ.from_sympy(coefficient)
    size = len(variables)
    return LinearField(DomainMatrix(rows, (size, size), QQ), word)


class EchelonBasis:
    """Sparse vectors over QQ kept in reduced echelon form: :meth:`add` says whether a vector
    is independent of those added before (and keeps it when it is).

    Every kept row has a 1 at its pivot and 0 at every other row's pivot, so reducing a vector
    is one pass over the pivots it holds."""

    def __init__(self) -> None:
        self.rows: dict[Any, SparseVector] = {}

    @property
    def rank(self) -> int:
        """The number of independent vectors kept."""
        return len(self.rows)

    def reduce(self, vector: Mapping[Any, Any]) -> SparseVector:
        """``vector`` minus its component in the span of the kept rows."""
        rest = dict(vector)
        for pivot in [k for k in rest if k in self.rows]:
            factor = rest.get(pivot)
            if not factor:
                continue
            for k, v in self.rows[pivot].items():
                new = rest.get(k, QQ.zero) - factor * v
                if new:
                    rest[k] = new
                else:
                    rest.pop(k, None)
        return rest

    def add(self, vector: Mapping[Any, Any]) -> bool:
        """Keep ``vector`` if it is independent of the kept rows; True when it was."""
        rest = self.reduce(vector)
        if not rest:
            return False
        pivot = min(rest)
        scale = rest[pivot]
        row = {k: v / scale for k, v in rest.items()}
        for other in self.rows.values():
            factor = other.get(pivot)
            if factor:
                for k, v in row.items():
                    new = other.get(k, QQ.zero) - factor * v
                    if new:
                        other[k] = new
                    else:
                        other.pop(k, None)
        self.rows[pivot] = row
        return True


class GeneratedAlgebra:
    """The Lie algebra generated by linear fields, enumerated lazily: the generators, then
    brackets [g, X] of a generator with a field of the previous depth, keeping only fields
    independent (as matrices) of those kept before.

    Left-normed brackets [g₁, [g₂, […, gₖ]]] span the generated algebra, and bilinearity lets
    a bracket skip any field already in the span; so when one depth adds nothing the span is
    closed under every ad(g), hence (Jacobi) a Lie algebra: the whole generated algebra
    (:attr:`closed`)."""

    def __init__(self, generators: Sequence[LinearField]) -> None:
        self.generators = tuple(generators)
        self._basis = EchelonBasis()
        self._found: list[LinearField] = []
        self._producer = self._produce()
        self.closed = False

    def _produce(self) -> Iterator[LinearField]:
        level = [g for g in self.generators if self._basis.add(g.entries())]
        kept = tuple(level)
        yield from level
        while level:
            following = []
            for x in level:
                for g in kept:
                    z = g.bracket(x)
                    if self._basis.add(z.entries()):
                        following.append(z)
                        yield z
            level = following
        self.closed = True

    def fields(self) -> Iterator[LinearField]:
        """Every kept field, in the order found, generating more only as they are asked for."""
        i = 0
        while True:
            if i < len(self._found):
                yield self._found[i]
                i += 1
                continue
            produced = next(self._producer, None)
            if produced is None:
                return
            self._found.append(produced)

    @property
    def dimension_so_far(self) -> int:
        """The dimension (as a space of matrices) of the fields found so far."""
        return len(self._found)


@dataclass(frozen=True)
class RankAtPoint:
    """Fields of an algebra whose values at ``point`` are independent: ``rank`` of them.

    ``closed``: every field of the algebra was looked at, so ``rank`` is the algebra's rank at
    this point (not only a lower bound on it); ``depth``: the longest bracket among ``fields``."""

    point: tuple[Rational, ...]
    fields: tuple[LinearField, ...]
    closed: bool
    looked_at: int
    rank: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank", len(self.fields))

    @property
    def depth(self) -> int:
        """The most generators in one of the fields' brackets (1: the generators sufficed)."""
        return max((word_depth(f.word) for f in self.fields), default=0)


def rank_at(algebra: GeneratedAlgebra, point: Sequence[Rational], target: int) -> RankAtPoint:
    """Fields of ``algebra`` with independent values at ``point``, looking at more of the
    algebra until ``target`` of them are found or the algebra is exhausted (an untrusted
    search: :func:`certified_rank` checks what it found)."""
    at = [QQ.from_sympy(Rational(v)) for v in point]
    values = EchelonBasis()
    chosen: list[LinearField] = []
    looked = 0
    for x in algebra.fields():
        looked += 1
        if values.add(x.at(at)):
            chosen.append(x)
            if len(chosen) >= target:
                break
    closed = algebra.closed and looked == algebra.dimension_so_far
    return RankAtPoint(tuple(Rational(v) for v in point), tuple(chosen), closed, looked)


def certified_rank(fields: Sequence[LinearField], point: Sequence[Rational]) -> int:
    """The exact rank of the values of ``fields`` at ``point``, by SymPy's ``DomainMatrix``
    over QQ (the kernel check of :func:`rank_at`'s search: a non-zero minor of that size)."""
    if not fields:
        return 0
    at = [QQ.from_sympy(Rational(v)) for v in point]
    rows = {i: f.at(at) for i, f in enumerate(fields)}
    matrix = DomainMatrix(rows, (len(fields), fields[0].dimension), QQ)
    return int(matrix.rank())


def field_of_word(word: Word, generators: Sequence[LinearField]) -> LinearField:
    """The field a word names, rebuilt from the generators (to check a recorded field)."""
    if isinstance(word, int):
        return generators[word]
    return field_of_word(word[0], generators).bracket(field_of_word(word[1], generators))


__all__ = [
    "EchelonBasis",
    "GeneratedAlgebra",
    "LinearField",
    "RankAtPoint",
    "Word",
    "certified_rank",
    "field_of_word",
    "lie_bracket",
    "linear_field",
    "rank_at",
    "word_depth",
    "word_text",
]

"""Evaluating a named-vector expression in coordinates: each vector symbol becomes a column.

Used to refute a step at exact rational values (:mod:`symbolic.checking`) and to check that
the named quantities of a derivation are the perceptron trace's own (cross-checks).
"""

from __future__ import annotations

from sympy import Expr, ImmutableMatrix, MatrixBase, S

from symbolic.algebra.phi import phi
from symbolic.algebra.vectors import ZERO_VECTOR, Dot, VectorSymbol


class NoCoordinates(Exception):
    """The expression has no value in coordinates (a vector without coordinates, a product of
    two vectors, a vector added to a scalar, a division by 0)."""


def in_coordinates(expr: Expr, values: dict) -> Expr | ImmutableMatrix:
    """``expr`` with each key of ``values`` replaced by its value; vector symbols must map to
    column matrices.  Opaque signs and φ are evaluated as φ; scalars left free stay free."""
    if expr in values:
        return values[expr]
    if expr is ZERO_VECTOR:
        raise NoCoordinates("the zero vector needs a dimension")
    if isinstance(expr, VectorSymbol):
        raise NoCoordinates(f"no coordinates for {expr}")
    if not expr.args:
        return expr
    args = [in_coordinates(arg, values) for arg in expr.args]
    try:
        if isinstance(expr, Dot):
            a, b = args
            if not (isinstance(a, MatrixBase) and isinstance(b, MatrixBase)):
                raise NoCoordinates("a dot product of a scalar")
            return (a.T * b)[0]
        if expr.is_Add:
            return _sum(args)
        if expr.is_Mul:
            return _product(args)
        if any(isinstance(a, MatrixBase) for a in args):
            raise NoCoordinates(f"{expr.func} of a vector")
        if expr.func.__name__ == "Sign":
            return phi(args[0])
        return expr.func(*args)
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError) as error:
        raise NoCoordinates(str(error)) from error


def _sum(values: list) -> Expr | ImmutableMatrix:
    vectors = [v for v in values if isinstance(v, MatrixBase)]
    scalars = [v for v in values if not isinstance(v, MatrixBase)]
    if not vectors:
        return sum(scalars, S.Zero)
    if any(s != 0 for s in scalars):
        raise NoCoordinates("a vector added to a scalar")
    total = vectors[0]
    for v in vectors[1:]:
        total = total + v
    return ImmutableMatrix(total)


def _product(values: list) -> Expr | ImmutableMatrix:
    vectors = [v for v in values if isinstance(v, MatrixBase)]
    if len(vectors) > 1:
        raise NoCoordinates("a product of two vectors")
    scalar = S.One
    for v in values:
        if not isinstance(v, MatrixBase):
            scalar = scalar * v
    return ImmutableMatrix(scalar * vectors[0]) if vectors else scalar

"""The algebra the proofs are written in: φ (the perceptron's step, with its own rules for
positive factors), the shared symbols η, y and c declared once with their assumptions, named
vectors and the dot product (so an identity proved with vectors kept whole holds in every
dimension), evaluation in coordinates, η-factoring, and the sound zero test that every checked
step rests on (:func:`is_shown_zero`: False means "not shown", never "false").  Nothing here
knows about derivations or documents: :mod:`symbolic.derivations` is built on top of it.
"""

from symbolic.algebra.coordinates import in_coordinates
from symbolic.algebra.factoring import factor_eta
from symbolic.algebra.identity import is_shown_zero
from symbolic.algebra.phi import phi
from symbolic.algebra.symbols import ETA, C, Y
from symbolic.algebra.vectors import ZERO_VECTOR, Dot, NotAVector, VectorSymbol, vector

__all__ = [
    "ETA",
    "ZERO_VECTOR",
    "C",
    "Dot",
    "NotAVector",
    "VectorSymbol",
    "Y",
    "factor_eta",
    "in_coordinates",
    "is_shown_zero",
    "phi",
    "vector",
]

"""The symbols every theorem shares, declared once with their assumptions (SymPy reads them
from the declaration): the learning rate η > 0, a real label y, and the positive factor c of
the homogeneity conditions."""

from __future__ import annotations

from sympy import Symbol

#: The learning rate, positive.
ETA = Symbol("eta", positive=True)
#: A label, any real number.
Y = Symbol("y", real=True)
#: The positive factor c of the homogeneity conditions (c·w, c·η).
C = Symbol("c", positive=True)

__all__ = ["ETA", "C", "Y"]

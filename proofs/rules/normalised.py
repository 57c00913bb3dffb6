"""The perceptron with updates normalised by the length of x (proved).

    Delta w = eta (y - phi(w.x)) x / |x|,

0/0 at x = 0, where SymPy's division of the zero vector gives the zero vector (no step).
Dividing by |x| changes the step's length, not its scaling with eta.
"""

from sympy import sqrt

from symbolic import phi

NAME = "normalised"
SUMMARY = "Rosenblatt's update divided by the length of x"
LABELS = (-1, 1)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return eta * (y - phi(w.dot(x))) * x / sqrt(x.dot(x))

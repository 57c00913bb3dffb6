"""The margin perceptron (refuted): update whenever y w.x <= gamma, gamma = 1.

    Delta w = eta y x [y w.x <= gamma] = eta y x (1 + phi(gamma - y w.x))/2.

A fixed margin gamma > 0 compares the magnitude of w.x with a number that does not scale
with eta.
"""

from symbolic import phi

NAME = "margin"
SUMMARY = "update eta y x whenever y w.x <= gamma, gamma = 1"
LABELS = (-1, 1)
GAMMA = 1


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return eta * y * x * (1 + phi(GAMMA - y * w.dot(x))) / 2

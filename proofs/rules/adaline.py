"""Adaline, the Widrow-Hoff rule (refuted): the error is measured before the threshold.

    y_hat = phi(w.x),   Delta w = eta (y - w.x) x.

The update uses the magnitude of w.x, which grows with eta.
"""

from symbolic import phi

NAME = "adaline"
SUMMARY = "Widrow-Hoff: Delta w = eta (y - w.x) x, predictions phi(w.x)"
LABELS = (-1, 1)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return eta * (y - w.dot(x)) * x

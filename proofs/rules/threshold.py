"""Rosenblatt's rule with a fixed threshold and no bias weight (refuted), theta = 1.

    y_hat = phi(w.x - theta),   Delta w = eta (y - y_hat) x.

The threshold does not scale with eta (a learned bias weight would).
"""

from symbolic import phi

NAME = "threshold"
SUMMARY = "predict phi(w.x - theta) with a fixed theta = 1 and no bias weight"
LABELS = (-1, 1)
THETA = 1


def decision(w, x):
    return phi(w.dot(x) - THETA)


def update(w, x, y, eta):
    return eta * (y - decision(w, x)) * x

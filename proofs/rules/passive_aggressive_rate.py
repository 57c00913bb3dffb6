"""Passive-aggressive PA-I with a learning rate on top (refuted), C = 1.

    loss = max(0, 1 - y w.x),   tau = min(C, loss / |x|^2),   Delta w = eta tau y x.

Undefined at x = 0.
"""

from sympy import Max, Min

from symbolic import phi

NAME = "passive-aggressive-rate"
SUMMARY = "PA-I with C = 1 and a rate: Delta w = eta min(C, max(0, 1 - y w.x)/|x|^2) y x"
LABELS = (-1, 1)
C = 1


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    loss = Max(0, 1 - y * w.dot(x))
    return eta * Min(C, loss / x.dot(x)) * y * x

"""Passive-aggressive PA-I (refuted), with the aggressiveness C as its rate.

    loss = max(0, 1 - y w.x),   tau = min(C, loss / |x|^2),   Delta w = tau y x,

where the argument eta of update is C.  The hinge loss reads the magnitude of w.x, and the
step is capped by C only sometimes.  Undefined at x = 0.
"""

from sympy import Max, Min

from symbolic import phi

NAME = "passive-aggressive"
SUMMARY = "PA-I: Delta w = min(C, max(0, 1 - y w.x)/|x|^2) y x, the rate eta playing C"
LABELS = (-1, 1)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    loss = Max(0, 1 - y * w.dot(x))
    return Min(eta, loss / x.dot(x)) * y * x

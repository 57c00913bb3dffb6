"""Logistic regression by stochastic gradient descent (refuted), labels -1 and 1.

    y_hat = phi(w.x),   Delta w = eta y x sigma(-y w.x),   sigma(t) = 1/(1 + exp(-t)),

one gradient step on log(1 + exp(-y w.x)).  sigma reads the magnitude of w.x.
"""

from sympy import exp

from symbolic import phi

NAME = "logistic-sgd"
SUMMARY = "SGD on the logistic loss: Delta w = eta y x / (1 + exp(y w.x))"
LABELS = (-1, 1)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return eta * y * x / (1 + exp(y * w.dot(x)))

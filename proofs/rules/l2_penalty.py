"""The perceptron with an L2 penalty in its gradient step (refuted).

    w <- (1 - eta lambda) w + eta (y - y_hat) x,   lambda = 1/10,

so Delta w = -eta lambda w + eta (y - phi(w.x)) x.  The decay eta * lambda grows with eta
(at eta = 10 it wipes w out at every step), so eta no longer only scales the weights.
Compare weight_decay.py, where the decay is a fixed lambda.

Run it:  etaproof prove --rule-file proofs/rules/l2_penalty.py
"""

from sympy import Rational

from symbolic import phi

NAME = "l2-penalty"
SUMMARY = "w <- (1 - eta lambda) w + eta (y - y_hat) x with lambda = 1/10 (decay scaled by eta)"
LABELS = (-1, 1)
LAMBDA = Rational(1, 10)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return -eta * LAMBDA * w + eta * (y - phi(w.dot(x))) * x

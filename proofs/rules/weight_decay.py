"""The perceptron with weight decay decoupled from the learning rate (proved).

    w <- (1 - lambda) w + eta (y - y_hat) x,   lambda = 1/10 fixed,

so Delta w = -lambda w + eta (y - phi(w.x)) x.  The decay shrinks w by a fixed fraction,
whatever eta is: scaling w and eta together by c > 0 scales Delta w by c, and eta only
scales the weights.  Compare l2_penalty.py, where the decay is eta * lambda.

Run it:  etaproof prove --rule-file proofs/rules/weight_decay.py
"""

from sympy import Rational

from symbolic import phi

NAME = "weight-decay"
SUMMARY = "w <- (1 - lambda) w + eta (y - y_hat) x with lambda = 1/10 (decay decoupled from eta)"
LABELS = (-1, 1)
LAMBDA = Rational(1, 10)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return -LAMBDA * w + eta * (y - phi(w.dot(x))) * x

"""Rosenblatt's rule run with a negative learning rate: the rule that uses -eta.

    Delta w = -eta (y - phi(w.x)) x   for eta > 0, i.e. Rosenblatt's rule at rate -eta.

Among themselves the negative rates agree (this rule is homogeneous: the prover proves it);
what fails is the comparison across the sign: a negative rate predicts otherwise than a
positive one (the catalogue's entry "negative-rate" shows it).
"""

from symbolic import phi

NAME = "negative-rate"
SUMMARY = "Rosenblatt's rule at rate -eta"
LABELS = (-1, 1)


def decision(w, x):
    return phi(w.dot(x))


def update(w, x, y, eta):
    return -eta * (y - phi(w.dot(x))) * x

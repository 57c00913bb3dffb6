"""The averaged perceptron (proved): Rosenblatt's updates, predictions from the average.

The state is w = (u, a): u the current weights (d entries) and a = u(1) + ... + u(k) the
running sum of the weights after each step (d entries).  Training updates u as Rosenblatt
does; the prediction is that of the averaged weights a/k.  As k >= 1 is a positive count,
phi((a/k).x) = phi(a.x), so the decision is written with the sum (before the first step
a = 0 and phi(0) = 1).
"""

from symbolic import phi

NAME = "averaged"
SUMMARY = "Rosenblatt's updates of u, predictions from the average of u over the steps"
LABELS = (-1, 1)


def state_size(d):
    return 2 * d


def decision(w, x):
    running_sum = w[x.rows :, :]
    return phi(running_sum.dot(x))


def update(w, x, y, eta):
    u = w[: x.rows, :]
    du = eta * (y - phi(u.dot(x))) * x
    return du.col_join(u + du)

"""The multiclass perceptron with three classes (proved): argmax, ties to the lower class.

The state stacks the class weights, w = (w_0, w_1, w_2) (3d entries), the labels are
0, 1, 2, and the prediction is the class of the largest score s_j = w_j.x, the lowest such
class on a tie.  On a mistake the true class gains eta x and the predicted one loses it:

    Delta w_j = eta ([y = j] - [y_hat = j]) x.

Indicators are written with phi: [a >= b] = (1 + phi(a - b))/2, [a > b] = (1 - phi(b - a))/2.
"""

from sympy import Matrix

from symbolic import phi

NAME = "multiclass"
SUMMARY = "three classes, w the stacked class weights, argmax with ties to the lower class"
LABELS = (0, 1, 2)
CLASSES = 3


def state_size(d):
    return CLASSES * d


def at_least(a, b):
    return (1 + phi(a - b)) / 2


def greater(a, b):
    return (1 - phi(b - a)) / 2


def wins(w, x):
    """[class j is the argmax] for each j, ties to the lower class."""
    d = x.rows
    s = [w[j * d : (j + 1) * d, :].dot(x) for j in range(CLASSES)]
    indicators = []
    for j in range(CLASSES):
        win = 1
        for i in range(CLASSES):
            if i < j:
                win *= greater(s[j], s[i])
            elif i > j:
                win *= at_least(s[j], s[i])
        indicators.append(win)
    return indicators


def decision(w, x):
    return sum(j * win for j, win in enumerate(wins(w, x)))


def update(w, x, y, eta):
    won = wins(w, x)
    return Matrix.vstack(
        *[eta * (at_least(y, j) * at_least(j, y) - won[j]) * x for j in range(CLASSES)]
    )

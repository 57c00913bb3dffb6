"""The kernel perceptron in dual form (proved): coefficients alpha_i over the stored samples.

For a run over m stored samples z_1 ... z_m (the training data) and a kernel K, the state
is alpha = (alpha_1, ..., alpha_m), zero at first, so that only samples already seen carry
a coefficient.  The input of a sample x is the column (e, g) of 2m numbers: e the one-hot
slot of x among the stored samples (the coefficient it may change) and g_i = K(z_i, x) its
kernel values.  Then

    y_hat = phi(alpha_1 g_1 + ... + alpha_m g_m) = phi(f(x)),  f = sum_i alpha_i K(z_i, .),
    Delta alpha = eta (y - y_hat) e.

The data and the kernel enter through the input only, never through the state, so scaling
the state by c scales the coefficients and nothing else: that is what makes the two
conditions say something.  With the linear kernel (g = the Gram row) the run makes the same
predictions as Rosenblatt's primal perceptron.
"""

from symbolic import phi

NAME = "kernel-dual"
SUMMARY = "dual coefficients alpha over m stored samples; input (one-hot slot, kernel values)"
LABELS = (-1, 1)


def state_size(d):
    if d % 2:
        raise ValueError(f"the input holds 2m entries (slot, kernel values), not {d}")
    return d // 2


def decision(w, x):
    m = w.rows
    return phi(w.dot(x[m:, :]))


def update(w, x, y, eta):
    m = w.rows
    return eta * (y - decision(w, x)) * x[:m, :]

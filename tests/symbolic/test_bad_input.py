"""Bad input raises one named ValueError subclass whose message carries the offending value."""

import pytest

from symbolic import (
    DimensionMismatch,
    EtaproofValueError,
    InvalidLabel,
    InvalidLearningRate,
    InvalidNumber,
    StepOutOfRange,
    UnknownRule,
    generic_dataset,
    perceptron_trace,
)

GOOD = ([[1, 2], [3, 4]], [1, -1])


@pytest.mark.parametrize(
    ("call", "error", "shown"),
    [
        (lambda: perceptron_trace(([[1, 2], [3]], [1, -1])), DimensionMismatch, "[3]"),
        (lambda: perceptron_trace(([[1, 2], [3, 4]], [1])), DimensionMismatch, "1 labels"),
        (lambda: perceptron_trace(([], [])), DimensionMismatch, "X=[]"),
        (lambda: perceptron_trace(GOOD, w0=[1, 2, 3]), DimensionMismatch, "[1, 2, 3]"),
        (lambda: perceptron_trace(GOOD, w0=[1, 2], bias=True), DimensionMismatch, "length 3"),
        (lambda: perceptron_trace(([[1], [2]], [1, 2])), InvalidLabel, "y[2]=2"),
        (lambda: perceptron_trace(([[1], [2]], [1, 0])), InvalidLabel, "y[2]=0"),
        (lambda: perceptron_trace(([[1], [2]], [1, -1]), rule="zero-one"), InvalidLabel, "-1"),
        (lambda: perceptron_trace(GOOD, eta=0), InvalidLearningRate, "eta=0"),
        (lambda: perceptron_trace(GOOD, eta=-1), InvalidLearningRate, "eta=-1"),
        (lambda: perceptron_trace(GOOD, eta="-0.5"), InvalidLearningRate, "eta='-0.5'"),
        (lambda: perceptron_trace(GOOD, eta=float("nan")), InvalidNumber, "eta=nan"),
        (lambda: perceptron_trace(GOOD, eta="fast"), InvalidNumber, "eta='fast'"),
        (lambda: perceptron_trace(([[1, float("nan")]], [1])), InvalidNumber, "X[1][2]=nan"),
        (lambda: perceptron_trace(([[1, float("inf")]], [1])), InvalidNumber, "X[1][2]=inf"),
        (lambda: perceptron_trace(GOOD, w0=[1, "x?"]), InvalidNumber, "w0[2]='x?'"),
        (lambda: perceptron_trace(GOOD, epochs=0), StepOutOfRange, "epochs=0"),
        (lambda: perceptron_trace(GOOD, rule="adaline"), UnknownRule, "rule='adaline'"),
        (lambda: perceptron_trace(GOOD).delta_w(0), StepOutOfRange, "k=0"),
        (lambda: perceptron_trace(GOOD).y_hat(3), StepOutOfRange, "k=3"),
        (lambda: perceptron_trace(GOOD, epochs=2).w(5), StepOutOfRange, "k=5"),
        (lambda: perceptron_trace(GOOD).w(-1), StepOutOfRange, "k=-1"),
        (lambda: generic_dataset(0, 2), DimensionMismatch, "n=0"),
        (lambda: generic_dataset(2, 1.5), DimensionMismatch, "d=1.5"),
    ],
)
def test_bad_input_raises_a_named_value_error_showing_the_value(call, error, shown):
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, EtaproofValueError)
    assert shown in str(caught.value)


def test_the_last_step_and_the_initial_weights_are_in_range():
    trace = perceptron_trace(GOOD, epochs=2)
    assert trace.w(0) == trace.w0 and trace.y_hat(4) is not None

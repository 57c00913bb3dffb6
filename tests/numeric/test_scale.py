"""The twin at scale: the compiled kernels compute what the NumPy reference computes, bit for
bit; ``keep=`` holds only what it says and agrees with ``keep="all"`` on it; the exact path is
split by dataset and its float64 filter never changes an answer; sweeps add up."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numeric
from numeric import exact as exact_module
from numeric import invariance
from numeric.brief import exact_text, exactly_or_approximately, short_exact
from numeric.errors import InvalidLabel, InvalidNumber, InvalidOption, NotKept, TooMuchWork
from numeric.floating import SampleModel
from numeric.inputs import UNIT_ROUNDOFF
from numeric.strategies import datasets, features, initial_weights, learning_rates
from numeric.sweep import NonInvariantDataset, Summary, sweep
from tests.conftest import require_module

FLOAT_TIES = sorted((Path(__file__).parents[1] / "data" / "float_ties").glob("*.csv"))
RULES = sorted(numeric.RULES)
RATES = ["1", "0.3", "0.7", "3", "1e-3"]


def relabelled(y, rule: str) -> list[int]:
    """±1 labels in the label set of ``rule``."""
    low, high = numeric.get_rule(rule).labels
    return [high if int(v) == 1 else low for v in y]


def assert_identical(x: np.ndarray, y: np.ndarray, name: str) -> None:
    """Equal element by element (NaN equal to NaN), zeros with the same sign."""
    np.testing.assert_array_equal(x, y, err_msg=name)
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind == "f":
        zeros = (x == 0) & (y == 0)
        assert (np.signbit(x[zeros]) == np.signbit(y[zeros])).all(), f"{name}: signs of zero"


def assert_same_run(a: numeric.TrainingResult, b: numeric.TrainingResult) -> None:
    """Everything a keep="all" float64 run holds is identical (NaN equal to NaN, −0 not +0)."""
    for name in ("predictions", "coefficients", "net_inputs", "tie_bounds", "near_ties"):
        assert_identical(getattr(a, name), getattr(b, name), name)
    assert_identical(a.final_weights, b.final_weights, "final_weights")
    assert_identical(a.weights, b.weights, "weights")
    for name in ("datasets", "rates", "steps", "net_inputs", "bounds", "predictions"):
        assert_identical(getattr(a.ties, name), getattr(b.ties, name), f"ties.{name}")


@pytest.fixture
def numba():
    return require_module("numba")


# --- compiled and NumPy paths: identical ---------------------------------------------------


@pytest.mark.parametrize("path", FLOAT_TIES, ids=lambda path: path.stem)
@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("bias", [False, True], ids=["no-bias", "bias"])
def test_compiled_and_numpy_runs_are_identical_on_the_float_tie_family(path, rule, bias, numba):
    X, y = numeric.read_csv(path)
    y = relabelled(y, rule)
    for w0 in (None, [Fraction(1, 10)] * (X.shape[1] + bias)):
        options = {"epochs": 3, "bias": bias, "rule": rule, "w0": w0}
        reference = numeric.train(X, y, RATES, backend="numpy", **options)
        compiled = numeric.train(X, y, RATES, backend="numba", **options)
        assert (reference.backend, compiled.backend) == ("numpy", "numba")
        assert_same_run(reference, compiled)


@st.composite
def one_decimal_runs(draw, extreme: bool = False):
    rule = draw(st.sampled_from(RULES))
    elements = features(kinds=("decimals",), bound=3, extreme=extreme)
    X, y = draw(datasets(elements=elements, labels=numeric.get_rule(rule).labels))
    bias = draw(st.booleans())
    w0 = draw(st.none() | initial_weights(len(X[0]) + bias, elements=elements))
    etas = draw(st.lists(st.sampled_from(RATES) | learning_rates(), min_size=1, max_size=5))
    epochs = draw(st.integers(1, 4))
    return {"X": X, "y": y, "etas": etas, "w0": w0, "bias": bias, "rule": rule, "epochs": epochs}


@given(one_decimal_runs())
def test_compiled_and_numpy_runs_are_identical_on_one_decimal_data(run):
    require_module("numba")
    assert_same_run(numeric.train(**run, backend="numpy"), numeric.train(**run, backend="numba"))


@settings(max_examples=30)
@given(one_decimal_runs(extreme=True))
def test_compiled_and_numpy_runs_are_identical_where_float64_overflows_and_underflows(run):
    require_module("numba")
    assert_same_run(numeric.train(**run, backend="numpy"), numeric.train(**run, backend="numba"))


#: Float64 features at the edges: zeros of both signs, subnormals, the largest float (whose
#: representation error takes |x̃| + ξ beyond float64), and ordinary values.
EDGE_FEATURES = st.sampled_from(
    [0.0, -0.0, 5e-324, -1e-310, 2.2e-308, 1e-200, 0.1, -0.3, 1.0, 7.5, 1e200, -1e300,
     float(np.finfo(np.float64).max), -float(np.finfo(np.float64).max)]
)  # fmt: skip


@settings(max_examples=200)
@given(st.data())
def test_the_compiled_error_model_is_the_numpy_one_bit_for_bit(data):
    # Every constant of the bound (M, ρ and the three per-sample sums, and which x̃_j are
    # exactly 0) from the compiled one-pass kernel equals the NumPy reference's, NaN and +inf
    # included, with and without representation errors.
    kernels = require_module("numba") and __import__("numeric.kernels").kernels
    b, n, d = (data.draw(st.integers(1, 3)) for _ in range(3))
    values = EDGE_FEATURES | st.floats(allow_nan=False, allow_infinity=False)
    X = np.array(data.draw(st.lists(values, min_size=b * n * d, max_size=b * n * d)))
    X = X.reshape(b, n, d)
    # ξ as the readers make it (0, or u|x̃| + t), or any error ≥ 0 (the model takes any)
    kinds = data.draw(st.lists(st.sampled_from([0, 1, 2]), min_size=X.size, max_size=X.size))
    other = data.draw(st.lists(st.floats(0, 1e300), min_size=X.size, max_size=X.size))
    with np.errstate(over="ignore"):
        read = UNIT_ROUNDOFF * np.abs(X) + 5e-324
    kinds, other = np.array(kinds).reshape(X.shape), np.array(other).reshape(X.shape)
    x_error = np.where(kinds == 0, 0.0, np.where(kinds == 1, read, other))
    with np.errstate(over="ignore", invalid="ignore"):
        reference = SampleModel.of(X, x_error)
        compiled = SampleModel.of(X, x_error, kernels)
    for name in ("M", "ratios", "rounding", "representation", "underflow", "zero_x"):
        np.testing.assert_array_equal(getattr(compiled, name), getattr(reference, name), name)


@pytest.mark.parametrize(
    "feature",
    [2.0**-968, float.fromhex("0x1.ffffffffffffep-969")],
    ids=["rounding-sum", "dot-scale"],
)
def test_the_compiled_error_model_adds_in_the_reference_order_at_a_rounding_tie(feature, numba):
    # ξ = t and a feature whose u·|x̃| (first row) or γ₁·|x̃| (second row) is exactly 2⁻¹⁰²¹,
    # where floats are 2t apart: (2⁻¹⁰²¹ + t) + ξ rounds the tie to even twice and stays
    # 2⁻¹⁰²¹, while 2⁻¹⁰²¹ + (t + ξ) is 2⁻¹⁰²¹ + 2t.  The second sample makes M = 1, so the
    # difference survives: the compiled sums must associate as NumPy's do.
    from numeric import kernels
    from numeric.rounding import gamma

    assert UNIT_ROUNDOFF * feature == 2.0**-1021 or gamma(1) * feature == 2.0**-1021
    X, x_error = np.array([[[feature], [1.0]]]), np.array([[[5e-324], [0.0]]])
    compiled, reference = SampleModel.of(X, x_error, kernels), SampleModel.of(X, x_error)
    for name in ("M", "ratios", "rounding", "representation", "underflow", "zero_x"):
        assert_identical(getattr(compiled, name), getattr(reference, name), name)


def test_the_compiled_error_model_of_no_feature_is_the_reference_one(numba):
    from numeric import kernels

    X = np.zeros((2, 3, 0))
    compiled, reference = SampleModel.of(X, X, kernels), SampleModel.of(X, X)
    for name in ("M", "ratios", "rounding", "representation", "underflow", "zero_x"):
        assert getattr(compiled, name).shape == getattr(reference, name).shape
        assert not getattr(compiled, name).any(), name  # every constant 0, none left unset


def test_the_error_model_of_the_largest_float_with_its_error_is_infinite(numba):
    # |x̃| + ξ beyond float64: M is +inf, so every bound of that dataset is +inf (a near-tie),
    # in both backends; the sample with x̃_j = 0 there gets NaN sums (0·inf), read as +inf.
    from numeric import kernels

    big = float(np.finfo(np.float64).max)
    X = np.array([[[big, 1.0], [0.0, 2.0]]])
    x_error = np.array([[[UNIT_ROUNDOFF * big, 0.0], [0.0, 0.0]]])
    for model in (SampleModel.of(X, x_error), SampleModel.of(X, x_error, kernels)):
        assert model.M[0, 0] == np.inf and model.M[0, 1] == 2.0
        assert np.isinf(model.representation[0, 0]) and np.isnan(model.rounding[0, 1])
        assert model.zero_x.tolist() == [[[False, False], [True, False]]]


@pytest.mark.parametrize("zero", [-0.0, "-1e-400", Fraction(-73, 10**400)], ids=str)
def test_a_negative_zero_in_w0_is_the_same_zero_in_both_backends(zero, numba):
    # w⁽⁰⁾ = −0 (or a value rounding to it) starts at +0: the same exact value.  Kept as −0, a
    # step without an update left it −0 in the compiled loop and +0 in NumPy's.
    options = {"w0": [zero, 1], "epochs": 2, "bias": True}
    reference = numeric.train([[1.0], [-2.0]], [1, -1], ["1", "0.5"], backend="numpy", **options)
    compiled = numeric.train([[1.0], [-2.0]], [1, -1], ["1", "0.5"], backend="numba", **options)
    assert_same_run(reference, compiled)
    weights = reference.weights
    assert (weights == 0).any() and not np.signbit(weights[weights == 0]).any()


def test_a_rate_block_fits_the_word_that_marks_its_near_ties(numba):
    # _note_ties marks rate q of a block by bit q of a uint64: a shift by 64 or more is
    # undefined in LLVM and would differ from machine to machine.
    from numeric import kernels

    assert 0 < kernels.RATE_BLOCK <= 64


def _near_tie_records(steps, rates, values):
    """One task's near-ties as :func:`numeric.kernels._float_kernel` returns them."""
    starts = np.array([0, len(values)], dtype=np.int64)
    found = (np.array(steps, dtype=np.int64), np.array(rates, dtype=np.uint8),
             np.array(values, dtype=float), np.ones(len(values)))  # fmt: skip
    total = len(values)
    columns = (np.zeros(total, np.int64), np.zeros(total, np.int64), np.zeros(total, np.int64),
               np.zeros(total), np.zeros(total), np.zeros(total, np.int8))  # fmt: skip
    return starts, found, columns


def test_the_kernel_puts_each_tasks_near_ties_in_rate_order_and_checks_it(numba):
    # Step 4 has rates 0 and 2 near, step 9 rate 2: sorted by rate, each rate's by step, from
    # dataset 1 of 2 (task 1), ŷ from the sign of w·x (−0.0 ≥ 0: ŷ = 1, as the kernel decides).
    from numeric import kernels

    starts, found, columns = _near_tie_records([4, 4, 9], [0, 2, 2], [-1.0, -0.0, 2.0])
    assert kernels._expand(1, starts, found, 1, 3, (-1, 1), 10, columns, 0)
    datasets, rates, steps, net, _, predicted = columns
    assert datasets.tolist() == [11, 11, 11]
    assert rates.tolist() == [0, 2, 2]
    assert steps.tolist() == [4, 4, 9]
    assert net.tolist() == [-1.0, -0.0, 2.0] and np.signbit(net[1])
    assert predicted.tolist() == [-1, 1, 1]
    # rate 1 at step 3 then rate 0 at step 5: placed by rate, the values going with them
    starts, found, columns = _near_tie_records([3, 5], [1, 0], [1.0, 2.0])
    assert kernels._expand(0, starts, found, 1, 2, (-1, 1), 0, columns, 0)
    assert columns[1].tolist() == [0, 1] and columns[2].tolist() == [5, 3]
    assert columns[3].tolist() == [2.0, 1.0]
    # steps that go back, a rate noted twice at a step, or rates of a step out of order fail
    # the check near-tie by near-tie
    for steps, rates in (([9, 4], [0, 0]), ([4, 4], [1, 1]), ([4, 4], [1, 0])):
        starts, found, columns = _near_tie_records(steps, rates, [1.0, 2.0])
        assert not kernels._expand(0, starts, found, 1, 2, (-1, 1), 0, columns, 0)
    # a rate outside the task's block (3 rates: 0, 1, 2) is refused
    # (the largest a uint8 holds too, counted in bounds before it is refused)
    for rate in (3, 255):
        starts, found, columns = _near_tie_records([4], [rate], [1.0])
        with pytest.raises(AssertionError, match="outside its task's block"):
            kernels._expand(0, starts, found, 1, 3, (-1, 1), 0, columns, 0)


def test_near_ties_out_of_order_from_the_kernel_stop_the_run(numba, monkeypatch):
    # The kernel writes its near-ties in (dataset, rate, step) order, each once: a piece
    # whose check fails (or pieces that do not follow one another) is a bug, not sorted away.
    from numeric import kernels

    X = np.random.default_rng(2).integers(-5, 6, size=(3, 40, 3)) / 10.0
    y = np.random.default_rng(3).choice([-1, 1], size=(3, 40))
    options = {"epochs": 4, "keep": "final", "backend": "numba"}
    assert len(numeric.train_batch(X, y, ["1", "0.5"], **options).ties) > 10
    monkeypatch.setattr(kernels, "_expand", lambda *args: False)
    with pytest.raises(AssertionError, match="not in \\(dataset, rate, step\\) order"):
        numeric.train_batch(X, y, ["1", "0.5"], **options)
    # Pieces in order each, but not after one another: three pieces of one dataset each,
    # told they hold datasets 2, 1 and 0, are caught where they meet.
    monkeypatch.undo()
    kernel = kernels._float_kernel
    monkeypatch.setattr(
        kernels, "_float_kernel", lambda lo, *rest: (2 - lo, *kernel(lo, *rest)[1:])
    )
    before = kernels.threads()
    try:
        kernels.threads(2)  # 3 tasks in 3 pieces, however many cores
        with pytest.raises(AssertionError, match="not in \\(dataset, rate, step\\) order"):
            numeric.train_batch(X, y, ["1", "0.5"], **options)
    finally:
        kernels.threads(before)


def test_the_kernels_keep_one_pool_of_their_thread_count_however_few_the_calls(numba, monkeypatch):
    # 3 datasets (3 tasks, near-ties in some) on 5 threads: one pool of 5, not one per count
    from numeric import kernels

    monkeypatch.setattr(kernels, "_POOLS", {})
    before = kernels.threads()
    X = np.random.default_rng(4).integers(-5, 6, size=(3, 40, 3)) / 10.0
    y = np.random.default_rng(5).choice([-1, 1], size=(3, 40))
    try:
        kernels.threads(5)
        run = numeric.train_batch(X, y, ["1", "0.5"], epochs=4, keep="final", backend="numba")
    finally:
        kernels.threads(before)
        pools = dict(kernels._POOLS)
        for pool in pools.values():
            pool.shutdown()
    assert len(run.ties) > 10
    assert list(pools) == [5]


def test_the_calls_shared_by_the_caller_and_the_pool_each_run_once_and_keep_their_order(numba):
    # The calling thread and the pool's threads take the calls in turn: every call runs
    # once, the results come back in the calls' order, and an error in any call is raised
    # once every thread has stopped.
    import threading

    from numeric import kernels

    ran: list[int] = []
    names: set[str] = set()

    def call(index):
        ran.append(index)
        names.add(threading.current_thread().name)
        threading.Event().wait(0.01)  # lets the other thread take the next call
        return index * index

    def failing(index):
        if index == 2:
            raise ValueError("call 2")
        return call(index)

    before = kernels.threads()
    try:
        kernels.threads(2)
        assert kernels._on_pool([(call, index) for index in range(6)]) == [0, 1, 4, 9, 16, 25]
        assert sorted(ran) == list(range(6))
        assert threading.current_thread().name in names  # the caller did a share
        ran.clear()
        with pytest.raises(ValueError, match="call 2"):
            kernels._on_pool([(failing, index) for index in range(6)])
        assert sorted(ran) == [0, 1, 3, 4, 5]  # every other call ran, and had run on return
    finally:
        kernels.threads(before)


def test_sorted_tie_lists_are_joined_as_they_are_and_sorted_when_out_of_sequence():
    from numeric.floating import TieList

    def tie_list(*entries):
        datasets, rates, steps = np.array(entries, dtype=np.int64).reshape(-1, 3).T
        ones = np.ones(len(steps), np.int8)
        return TieList(datasets, rates, steps, steps * 1.0, steps * 2.0, ones)

    first, second = tie_list((0, 1, 5), (0, 2, 1)), tie_list((1, 0, 0))
    joined = TieList.gather([first, tie_list(), second])
    assert joined.steps.tolist() == [5, 1, 0] and joined.datasets.tolist() == [0, 0, 1]
    alone = TieList.gather([first])
    assert all(a is b for a, b in zip(alone.columns, first.columns, strict=True))  # no copy
    narrow = TieList(*(column.astype(np.int32) for column in first.columns[:3]), *first.columns[3:])
    assert TieList.gather([narrow]).steps.dtype == np.int64
    swapped = TieList.gather([second, first])  # out of sequence: sorted
    assert swapped.datasets.tolist() == [0, 0, 1] and swapped.rates.tolist() == [1, 2, 0]
    assert swapped.net_inputs.tolist() == [5.0, 1.0, 0.0]
    mixed = TieList.gather([(np.array([1]), np.array([0]), np.array([3]), np.array([3.0]),
                             np.array([6.0]), np.array([1], np.int8)), first])  # fmt: skip
    assert mixed.datasets.tolist() == [0, 0, 1] and mixed.steps.tolist() == [5, 1, 3]


def test_compiled_batches_span_rate_blocks_with_near_ties_in_both(numba):
    # 70 rates make two blocks of 64; 60 epochs of the design data make thousands of
    # near-ties, in both blocks (a task's buffer outgrown: the next test).
    X, y = numeric.read_csv(FLOAT_TIES[0].parent / "design.csv")
    Xs = np.stack([np.array(X, dtype=float), -np.array(X, dtype=float)])
    ys = np.stack([y, y])
    etas = np.geomspace(1e-2, 10, 70)
    reference = numeric.train_batch(Xs, ys, etas, epochs=60, backend="numpy")
    compiled = numeric.train_batch(Xs, ys, etas, epochs=60, backend="numba")
    assert len(reference.ties) > 1000 and (reference.ties.rates >= 64).any()
    assert_same_run(reference, compiled)


@pytest.mark.parametrize("rule", RULES)
def test_compiled_and_numpy_exact_int64_runs_are_identical(rule, numba):
    rng = np.random.default_rng(7)
    X = rng.integers(-9, 10, size=(3, 6, 2))
    y = np.array([relabelled(row, rule) for row in rng.choice([-1, 1], size=(3, 6))])
    w0 = rng.integers(-3, 4, size=(3, 3))
    options = {"epochs": 4, "bias": True, "rule": rule, "exact": True}
    reference = numeric.train_batch(X, y, RATES, w0, backend="numpy", **options)
    compiled = numeric.train_batch(X, y, RATES, w0, backend="numba", **options)
    assert compiled._run.paths == ("int64",) * 3
    for name in ("predictions", "coefficients", "net_inputs", "final_weights", "weights"):
        assert (getattr(reference, name) == getattr(compiled, name)).all(), name


def test_auto_uses_numpy_for_small_runs_and_a_rule_the_kernels_do_not_know():
    class Custom(numeric.Rule):
        pass

    custom = Custom("custom", (-1, 1), "error", "a subclass")
    assert numeric.train([[1]], [1], [1]).backend == "numpy"
    assert numeric.train([[1]], [1], [1], rule=custom, backend="auto").backend == "numpy"
    with pytest.raises(InvalidOption, match="backend='gpu' must be one of"):
        numeric.train([[1]], [1], [1], backend="gpu")
    with pytest.raises(InvalidOption, match="backend='numba' runs the rules of the table"):
        numeric.train([[1]], [1], [1], rule=custom, backend="numba")


# --- keep= -------------------------------------------------------------------------------


@pytest.mark.parametrize("exact", [False, True], ids=["float64", "exact"])
def test_keep_variants_agree_with_keep_all_on_what_they_keep(exact):
    X, y = numeric.read_csv(FLOAT_TIES[0].parent / "design.csv")
    options = {"epochs": 3, "w0": [Fraction(1, 5)], "exact": exact}
    full = numeric.train(X, y, RATES, **options)
    steps = full.steps
    predictions = numeric.train(X, y, RATES, keep="predictions", **options)
    final = numeric.train(X, y, RATES, keep="final", **options)
    some = numeric.train(X, y, RATES, keep={0, 5, steps}, **options)
    both = numeric.train(X, y, RATES, keep=["predictions", 7], **options)
    for result in (predictions, final, some, both):
        assert (result.final_weights == full.final_weights).all()
        assert (result.near_ties == full.near_ties).all()
        np.testing.assert_array_equal(result.ties.steps, full.ties.steps)
    for result in (predictions, both):
        assert (result.predictions == full.predictions).all()
        assert (result.coefficients == full.coefficients).all()
        assert (result.updates_per_epoch() == full.updates_per_epoch()).all()
    assert some.kept_steps == (0, 5, steps)
    assert (some.weights == full.weights[:, [0, 5, steps]]).all()
    assert (some.weights_at(5) == full.weights_at(5)).all()
    assert (both.weights_at(7) == full.weights[:, 7]).all()


def test_asking_for_what_was_not_kept_says_what_to_keep():
    result = numeric.train([[1], [-1]], [1, -1], [1, 2], epochs=2, keep="final")
    for name in ("predictions", "coefficients", "net_inputs", "tie_bounds", "weights"):
        with pytest.raises(NotKept, match=r"not kept \(keep='final'\); train with keep="):
            getattr(result, name)
    with pytest.raises(NotKept, match=r"w⁽2⁾ were not kept \(keep=\{1, 3\}\)"):
        numeric.train([[1], [-1]], [1, -1], [1], epochs=2, keep={1, 3}).weights_at(2)


@pytest.mark.parametrize("keep", ["some", {-1}, {5}, [1.5], 3, {True}])
def test_a_bad_keep_is_refused_with_what_it_may_be(keep):
    with pytest.raises(InvalidOption, match="must be 'all', 'predictions', 'final' or step"):
        numeric.train([[1], [-1]], [1, -1], [1], epochs=2, keep=keep)


def test_memory_beyond_the_limit_is_refused_up_front_and_final_keeps_little(monkeypatch):
    monkeypatch.setenv("ETAPROOF_MEMORY_LIMIT", "20M")
    X = np.ones((1000, 1))
    with pytest.raises(TooMuchWork, match=r"keep='all' for 1 dataset\(s\) × 1000 rate\(s\)"):
        numeric.train(X, np.ones(1000), np.arange(1, 1001), epochs=2)
    result = numeric.train(X, np.ones(1000), np.arange(1, 1001), epochs=2, keep="final")
    assert result.final_weights.shape == (1000, 1)


# --- exact mode: split by path, binary floats, the float64 filter --------------------------


def test_a_batch_splits_by_path_and_each_dataset_trains_as_alone():
    small = np.array([[[1], [-2], [3]], [[2], [1], [-1]]], dtype=object)
    huge = np.array([[[Fraction(10**30 + 1, 10**30)], [-1], [2]]], dtype=object)
    Xs = np.concatenate([small, huge])
    ys = [[1, -1, 1], [-1, 1, 1], [1, -1, -1]]
    batch = numeric.train_batch(Xs, ys, RATES, epochs=3, exact=True)
    assert batch._run.paths == ("int64", "int64", "object")
    for i in range(3):
        alone = numeric.train(Xs[i], ys[i], RATES, epochs=3, exact=True)
        assert (batch.predictions[i] == alone.predictions).all()
        assert (batch.weights[i] == alone.weights).all()
        assert (batch.net_inputs[i] == alone.net_inputs).all()


def test_float64_features_are_exact_binary_values_over_a_power_of_two():
    result = numeric.train(np.array([[0.5], [-1.25], [3.0]]), [1, -1, 1], [1], exact=True)
    assert result._run.feature_denominators == [4]
    assert result._run.paths == ("int64",)
    # 0.1 and 0.3 as the doubles they are: odd/2⁵⁵ and odd/2⁵⁴.  Step 2 (x = −0.3, z = 0,
    # ŷ = +1, y = −1) sets w = (1/3)·(−2)·(−0.3); nothing changes after it.
    tenth = numeric.train(np.array([[0.1], [-0.3]]), [1, -1], ["1/3"], exact=True, epochs=2)
    assert tenth._run.feature_denominators == [2**55]
    assert tenth.final_weights[0, 0] == Fraction(2, 3) * Fraction(0.3)


@st.composite
def exact_runs(draw):
    rule = draw(st.sampled_from(RULES))
    elements = features(kinds=("decimals", "rationals", "integers"), bound=3)
    X, y = draw(datasets(elements=elements, labels=numeric.get_rule(rule).labels))
    bias = draw(st.booleans())
    w0 = draw(st.none() | initial_weights(len(X[0]) + bias, elements=elements))
    etas = draw(st.lists(learning_rates(), min_size=1, max_size=4))
    epochs = draw(st.integers(1, 4))
    return {"X": X, "y": y, "etas": etas, "w0": w0, "bias": bias, "rule": rule, "epochs": epochs}


@given(exact_runs())
def test_the_float64_filtered_python_integer_path_decides_exactly(run):
    # The same run on the int64 path, on Python integers with float64 signs where a bound
    # shows them, and on plain Python integers: identical in every step.
    reference = numeric.train(**run, exact=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_module, "_INT64_SAFE", 0)
        filtered = numeric.train(**run, exact=True)
        patch.setattr(exact_module, "_FLOAT_SAFE", 0)
        plain = numeric.train(**run, exact=True)
    assert filtered._run.paths == plain._run.paths == ("object",)
    for result in (filtered, plain):
        assert (result.predictions == reference.predictions).all()
        assert (result.final_weights == reference.final_weights).all()
        assert (result.net_inputs == reference.net_inputs).all()


def test_exact_ties_at_zero_init_are_decided_exactly_on_the_python_integer_path():
    X = [[Fraction(1, 10**40)], [Fraction(-1, 10**40)], [Fraction(3, 10**40)]]
    result = numeric.train(X, [1, -1, 1], ["1", "1/3"], epochs=3, exact=True)
    assert result._run.paths == ("object",)
    assert result.net_inputs[0, 0] == 0 and result.predictions[0, 0] == 1
    assert (result.predictions[0] == result.predictions[1]).all()


# --- validation, vectorised: the bad cell is still named ----------------------------------


def test_vectorised_validation_still_names_the_bad_cell():
    with pytest.raises(InvalidLabel, match=r"y\[2\]=5 must be one of \[-1, 1\]"):
        numeric.train(np.zeros((3, 1)), np.array([1, 5, -1]), [1])
    with pytest.raises(InvalidNumber, match=r"X\[2\]\[1\]=nan must be a finite number"):
        numeric.train(np.array([[1.0], [np.nan]]), [1, -1], [1], exact=True)
    with pytest.raises(InvalidLabel, match=r"ys\[1\]\[2\]=0.5 must be one of"):
        numeric.train_batch(np.zeros((1, 2, 1)), np.array([[1, 0.5]]), [1])


# --- check_eta_invariance streams over rates -----------------------------------------------


@pytest.mark.parametrize("w0", [None, [Fraction(1, 2)]], ids=["zero", "nonzero"])
def test_a_check_in_chunks_of_one_rate_gives_the_same_verdict(w0, monkeypatch):
    X, y = numeric.read_csv(FLOAT_TIES[0].parent / "design.csv")
    etas = ["1", "0.3", "0.1", "10", "2"]
    whole = numeric.check_eta_invariance(X, y, etas, w0=w0, epochs=3)
    monkeypatch.setattr(invariance, "CHUNK_BYTES", 1)
    chunked = numeric.check_eta_invariance(X, y, etas, w0=w0, epochs=3)
    assert (chunked.status, chunked.first_difference) == (whole.status, whole.first_difference)
    assert chunked.near_ties == whole.near_ties
    assert whole.status == ("invariant" if w0 is None else "not invariant")


def test_a_verdict_lists_the_first_near_ties_and_counts_them_all(monkeypatch):
    monkeypatch.setattr(invariance, "MAX_LISTED_TIES", 3)
    X, y = numeric.read_csv(FLOAT_TIES[0].parent / "design.csv")
    verdict = numeric.check_eta_invariance(X, y, ["1", "0.3"], epochs=300)
    assert verdict.invariant is True
    assert len(verdict.near_ties) == 3 < verdict.tie_count
    text = str(verdict)
    assert f"near-ties in float64 ({verdict.tie_count})" in text
    assert verdict.to_dict()["near_tie_count"] == verdict.tie_count


# --- short exact text ----------------------------------------------------------------------

SHORT = [
    (Fraction(1, 10**5000), "1e-5000"),
    (Fraction(-35, 10**5001), "-3.5e-5000"),
    (Fraction(2, 3 * 10**10000), "2e-10000/3"),
    (Fraction(10**400), "1e400"),
    (Fraction(-1, 25), "-1/25"),
    (Fraction(0), "0"),
]


@pytest.mark.parametrize(("value", "text"), SHORT, ids=[text for _, text in SHORT])
def test_huge_and_tiny_exact_values_print_short_and_exact(value, text):
    assert short_exact(value) == text
    assert exactly_or_approximately(value) == f"= {text}"
    assert exact_text(value) == text


def test_values_without_a_short_exact_form_are_approximated_or_written_in_full():
    value = Fraction(1, 3**5000)
    assert exactly_or_approximately(value).startswith("≈ ")
    assert Fraction(exact_text(value)) == value  # every digit, past Python's 4300-digit limit


# --- sweeps ----------------------------------------------------------------------------------


def sweep_data(b: int = 40):
    rng = np.random.default_rng(3)
    X = rng.integers(-20, 21, size=(b, 7, 1)) / 10
    y = rng.choice([-1, 1], size=(b, 7))
    w0 = rng.integers(-5, 6, size=(b, 1)) / 10
    return X, y, w0


def test_a_sweep_counts_what_checking_each_dataset_finds():
    X, y, w0 = sweep_data()
    etas = ["1", "0.3", "2"]
    summary = sweep(X, y, etas, w0=w0, epochs=3, chunk_size=7, witnesses=3)
    verdicts = [numeric.check_eta_invariance(X[i], y[i], etas, w0[i], 3) for i in range(len(X))]
    assert summary.datasets == len(X)
    assert summary.invariant == sum(v.invariant is True for v in verdicts)
    assert summary.not_invariant == sum(v.invariant is False for v in verdicts)
    assert summary.near_ties == sum(v.tie_count for v in verdicts)
    expected = [
        NonInvariantDataset(i, v.first_difference)
        for i, v in enumerate(verdicts)
        if v.first_difference
    ]
    assert summary.witnesses == tuple(expected[:3])
    assert 0 < summary.not_invariant < summary.datasets and summary.near_ties > 0


def test_summaries_combine_in_any_order_to_the_whole():
    X, y, w0 = sweep_data()
    whole = sweep(X, y, ["1", "0.3"], w0=w0, epochs=3)
    parts = [
        sweep(X[i : i + 9], y[i : i + 9], ["1", "0.3"], w0=w0[i : i + 9], epochs=3)
        for i in range(0, len(X), 9)
    ]
    shifted = [  # each part's witnesses renumbered to the whole sweep
        Summary(
            **{
                **part.__dict__,
                "witnesses": tuple(
                    NonInvariantDataset(w.dataset + 9 * k, w.difference) for w in part.witnesses
                ),
            }
        )
        for k, part in enumerate(parts)
    ]
    assert (
        Summary.combine(shifted) == whole == sum(reversed(shifted)) == shifted[0] + sum(shifted[1:])
    )


@pytest.mark.parametrize(
    "make",
    [lambda: ThreadPoolExecutor(2), lambda: ProcessPoolExecutor(2)],
    ids=["threads", "processes"],
)
def test_a_sweep_on_an_executor_gives_the_same_summary(make):
    X, y, w0 = sweep_data()
    here = sweep(X, y, ["1", "0.3"], w0=w0, epochs=3, chunk_size=10)
    with make() as executor:
        assert sweep(X, y, ["1", "0.3"], w0=w0, epochs=3, chunk_size=10, executor=executor) == here


def test_a_sweep_runs_on_a_dask_cluster():
    distributed = require_module("distributed")
    X, y, w0 = sweep_data(20)
    here = sweep(X, y, ["1", "0.3"], w0=w0, epochs=3, chunk_size=5)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        there = sweep(
            X, y, ["1", "0.3"], w0=w0, epochs=3, chunk_size=5, executor=client.get_executor()
        )
    assert there == here


@pytest.mark.parametrize("exact", [True, False])
def test_a_sweep_reads_lists_as_checking_each_dataset_does(exact):
    """Review: the sweep read lists with np.asarray, which turns a float among texts into
    text (0.1 became 1/10) and an integer past 2⁵³ among floats into a float (2⁵³ + 1 became
    2⁵³): a false "invariant" on each dataset below.  By hand, with w⁽⁰⁾ = (1, 1): step 1
    (x = (1, 0), y = −1, w·x = 1) updates w to (1 − 2η, 1); at step 2 w·x is
    0.1̃ − 0.1 − 2η·0.1̃ (0.1̃ the double nearest 0.1, 5.55e-18 above it), resp.
    1 − 2η(2⁵³ + 1): positive (ŷ = 1) at the small rate, negative at η = 1."""
    cases = [
        ([[1, 0], [0.1, "-1/10"]], ["1e-30", "1"]),
        ([[1.0, 0.0], [2**53 + 1, -(2**53)]], [Fraction(1, 2**80), 1]),
    ]
    for rows, etas in cases:
        one = numeric.check_eta_invariance(rows, [-1, 1], etas, w0=[1, 1], exact=exact)
        assert one.status == "not invariant"
        summary = sweep([rows], [[-1, 1]], etas, w0=[1, 1], exact=exact)
        assert (summary.invariant, summary.not_invariant) == (0, 1), rows


def test_a_sweep_takes_its_rates_in_any_form_train_takes():
    # Review: a range was refused, a 0-d array raised TypeError
    X, y = [[[1], [2]]], [[1, -1]]
    assert sweep(X, y, range(1, 3)) == sweep(X, y, [1, 2])
    with pytest.raises(numeric.errors.InvalidLearningRate):
        sweep(X, y, np.array(0.1))


def test_a_sweep_refuses_bad_options():
    X, y, _ = sweep_data(3)
    with pytest.raises(InvalidOption, match="chunk_size=0 must be a positive whole number"):
        sweep(X, y, [1], chunk_size=0)
    with pytest.raises(InvalidOption, match=r"must be \(b, n, d\) and \(b, n\)"):
        sweep(X[0], y, [1])

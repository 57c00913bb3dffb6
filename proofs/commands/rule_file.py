"""``etaproof check --rule-file FILE.toml``: any online rule on your data, run exactly.

:func:`check_rule_file` is ``check``'s run for a rule file (see :mod:`proofs.rule_files`):
it reads the CSV, ``--w0``, ``--epochs``, ``--eta`` and ``--bias`` as ``check`` does for the
built-in rules, evaluates the rule's formulas at every rate in exact arithmetic
(:func:`symbolic.run_online`), the very formulas ``prove`` proves, and prints the verdict in
``check``'s words: 0 when every rate predicts the same at every step, 1 (with the first
differing step) when not.  A ``.py`` rule file runs only with ``--allow-code``.
"""

from __future__ import annotations

import argparse
import json
import time
from fractions import Fraction

from numeric import DimensionMismatch, InvalidEpochs, InvalidLearningRate, read_csv, read_vector
from proofs.commands.options import UsageError
from proofs.rule_files import RuleFileError, load_rule_file
from symbolic.perceptron.runner import (
    exact_data,
    first_difference,
    initial_state,
    run_exact,
)

#: The most steps (samples × epochs × rates) one exact rule-file check may take.
MAX_STEPS = 1_000_000


class TooSlow(UsageError):
    """A rule-file check estimated to take longer than ``--max-seconds``."""


__all__ = ["RuleFileError", "check_rule_file", "load_rule_file"]


def parse_rates(text: str) -> list[Fraction]:
    """The rates of ``--eta``: comma-separated positive numbers, read exactly ("0.1", "1/3")."""
    rates = []
    for piece in text.split(","):
        piece = piece.strip()
        try:
            value = Fraction(piece)
        except (ValueError, ZeroDivisionError):
            value = None
        if value is None or value <= 0:
            raise InvalidLearningRate(
                f"--eta={piece!r} must be a positive number (from --eta {text!r})", piece
            )
        rates.append(value)
    return rates


def check_rule_file(args: argparse.Namespace) -> int:
    """``check`` for ``args.rule_file``: print the verdict, return 0 (the same predictions for
    every rate) or 1 (η changes them).  Bad input raises a ``ValueError`` (exit 2)."""
    rule = load_rule_file(args.rule_file, allow_code=args.allow_code, timeout=args.timeout)
    rates = parse_rates(args.eta)
    if not all(label.is_Integer for label in rule.labels):
        raise RuleFileError(
            f"rule file {str(args.rule_file)!r}: check reads whole-number labels from the CSV; "
            f"this rule's labels are {tuple(str(v) for v in rule.labels)}",
            args.rule_file,
        )
    labels = tuple(int(label) for label in rule.labels)
    X, y = read_csv(args.data, labels=labels)  # type: ignore[arg-type]
    if not isinstance(args.epochs, int) or args.epochs < 1:
        raise InvalidEpochs(f"--epochs={args.epochs} must be a positive whole number", args.epochs)
    data = exact_data(rule, X.tolist(), y.tolist(), bias=args.bias)
    steps = data.n * args.epochs
    if steps * len(rates) > MAX_STEPS:
        raise TooSlow(
            f"{steps} steps at {len(rates)} rates is beyond the {MAX_STEPS} steps an exact "
            "rule-file check may take; use fewer --epochs or rates"
        )
    w0 = None
    if args.w0 != "zero":
        w0 = read_vector(args.w0)
        m = rule.state_length(data.d)
        if len(w0) != m:
            raise DimensionMismatch(
                f"--w0={args.w0!r} holds {len(w0)} numbers but rule {rule.name!r} has a state "
                f"of {m}" + (" (the bias weight last)" if args.bias else ""),
                args.w0,
            )
    start = initial_state(rule, data.d, None if w0 is None else list(w0))
    runs = []
    began = time.perf_counter()
    for i, rate in enumerate(rates):
        runs.append(run_exact(rule, data, _sympy(rate), start, args.epochs))
        limit = getattr(args, "max_seconds", None)
        if i == 0 and limit and (time.perf_counter() - began) * len(rates) > limit:
            raise TooSlow(
                f"this exact rule-file check would take about "
                f"{(time.perf_counter() - began) * len(rates):.0f} s, more than "
                f"--max-seconds {limit:g}"
            )
    found = [
        (j, where)
        for j in range(1, len(runs))
        if (where := first_difference(runs[0], runs[j])) is not None
    ]
    difference = min(found, key=lambda pair: pair[1].step, default=None)
    texts = [_rate(rate) for rate in rates]
    if getattr(args, "json", False):
        report: dict[str, object] = {
            "data": str(args.data),
            "rule": rule.name,
            "rule_file": str(args.rule_file),
            "epochs": args.epochs,
            "bias": args.bias,
            "w0": "zero" if w0 is None else [_rate(v) for v in w0],
            "status": "invariant" if difference is None else "not invariant",
            "invariant": difference is None,
            "etas": texts,
            "steps": steps,
            "arithmetic": "exact (rule file)",
            "first_difference": None
            if difference is None
            else {
                "step": difference[1].step,
                "sample": difference[1].sample,
                "etas": [texts[0], texts[difference[0]]],
                "predictions": [_json_label(p) for p in difference[1].predictions],
            },
        }
        print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(
            f"{args.data}: {data.n} samples, {data.d - args.bias} feature(s)"
            + (" + bias" if args.bias else "")
            + f", rule {rule.name} (from {args.rule_file}), w0 = "
            + ("0" if w0 is None else "(" + ", ".join(_rate(v) for v in w0) + ")")
            + f", {args.epochs} epoch(s)"
        )
        if difference is None:
            print(
                f"invariant: the predictions are identical for every η in "
                f"{{{', '.join(texts)}}} over {steps} steps (exact, the rule file's formulas)"
            )
        else:
            j, first = difference
            p, q = (_label(v) for v in first.predictions)
            print(
                f"not invariant: at step {first.step} (sample {first.sample}) η = {texts[0]} "
                f"predicts {p} and η = {texts[j]} predicts {q} (exact, the rule file's "
                "formulas)"
            )
    return 0 if difference is None else 1


def _sympy(value: Fraction):
    from sympy import Rational

    return Rational(value.numerator, value.denominator)


def _rate(value: Fraction) -> str:
    return str(value)


def _json_label(value) -> int | str:
    return int(value) if value.is_Integer else str(value)


def _label(value) -> str:
    return f"{int(value):+d}" if value.is_Integer else str(value)

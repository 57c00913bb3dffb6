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
from dataclasses import dataclass
from fractions import Fraction

from sympy import Rational

from numeric import DimensionMismatch, InvalidEpochs, InvalidLearningRate, read_csv, read_vector
from numeric.display import plural
from proofs.commands.options import UsageError
from proofs.rule_files import RuleFileError, load_rule_file
from symbolic import OnlineRule, OnlineRun
from symbolic.perceptron.runner import (
    ExactData,
    FirstDifference,
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


@dataclass(frozen=True)
class RuleFileRun:
    """What ``check --rule-file`` ran: the rule, the data read exactly, the rates (exact),
    w⁽⁰⁾ as given (None for zero), the runs, and their first difference (the index of the
    rate that first predicts otherwise than the first rate, and where), or None."""

    rule: OnlineRule
    data: ExactData
    rates: list[Fraction]
    w0: list[Fraction] | None
    runs: list[OnlineRun]
    difference: tuple[int, FirstDifference] | None

    @property
    def steps(self) -> int:
        return self.runs[0].steps


def check_rule_file(args: argparse.Namespace) -> int:
    """``check`` for ``args.rule_file``: print the verdict, return 0 (the same predictions for
    every rate) or 1 (η changes them).  Bad input raises a ``ValueError`` (exit 2)."""
    rule = load_rule_file(args.rule_file, allow_code=args.allow_code, timeout=args.timeout)
    run = _run(args, rule, *_inputs(args, rule))
    print(_json(args, run) if getattr(args, "json", False) else _text(args, run))
    return 0 if run.difference is None else 1


def _inputs(
    args: argparse.Namespace, rule: OnlineRule
) -> tuple[ExactData, list[Fraction], list[Fraction] | None]:
    """The data, the rates and w⁽⁰⁾ of the command line, each checked against the rule."""
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
    if args.w0 == "zero":
        return data, rates, None
    w0 = list(read_vector(args.w0))
    m = rule.state_length(data.d)
    if len(w0) != m:
        raise DimensionMismatch(
            f"--w0={args.w0!r} holds {len(w0)} numbers but rule {rule.name!r} has a state "
            f"of {m}" + (" (the bias weight last)" if args.bias else ""),
            args.w0,
        )
    return data, rates, w0


def _run(
    args: argparse.Namespace,
    rule: OnlineRule,
    data: ExactData,
    rates: list[Fraction],
    w0: list[Fraction] | None,
) -> RuleFileRun:
    """Every rate run exactly (refused early when the first run says it would take longer
    than ``--max-seconds``), and the first difference."""
    start = initial_state(rule, data.d, w0)
    runs = []
    began = time.perf_counter()
    limit = getattr(args, "max_seconds", None)
    for i, rate in enumerate(rates):
        runs.append(run_exact(rule, data, Rational(rate.numerator, rate.denominator), start,
                              args.epochs))  # fmt: skip
        estimate = (time.perf_counter() - began) * len(rates)
        if i == 0 and limit and estimate > limit:
            raise TooSlow(
                f"this exact rule-file check would take about {estimate:.0f} s, more than "
                f"--max-seconds {limit:g}"
            )
    found = [
        (j, where)
        for j in range(1, len(runs))
        if (where := first_difference(runs[0], runs[j])) is not None
    ]
    difference = min(found, key=lambda pair: pair[1].step, default=None)
    return RuleFileRun(rule, data, rates, w0, runs, difference)


def _json(args: argparse.Namespace, run: RuleFileRun) -> str:
    texts = [_rate(rate) for rate in run.rates]
    first = None
    if run.difference is not None:
        j, where = run.difference
        first = {
            "step": where.step,
            "sample": where.sample,
            "etas": [texts[0], texts[j]],
            "predictions": [_json_label(p) for p in where.predictions],
        }
    report: dict[str, object] = {
        "data": str(args.data),
        "rule": run.rule.name,
        "rule_file": str(args.rule_file),
        "epochs": args.epochs,
        "bias": args.bias,
        "w0": "zero" if run.w0 is None else [_rate(v) for v in run.w0],
        "status": "invariant" if run.difference is None else "not invariant",
        "invariant": run.difference is None,
        "etas": texts,
        "steps": run.steps,
        "arithmetic": "exact (rule file)",
        "first_difference": first,
    }
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False)


def _text(args: argparse.Namespace, run: RuleFileRun) -> str:
    texts = [_rate(rate) for rate in run.rates]
    w0 = "0" if run.w0 is None else "(" + ", ".join(_rate(v) for v in run.w0) + ")"
    header = (
        f"{args.data}: {plural(run.data.n, 'sample')}, {run.data.d - args.bias} feature(s)"
        + (" + bias" if args.bias else "")
        + f", rule {run.rule.name} (from {args.rule_file}), w0 = {w0}, {args.epochs} epoch(s)"
    )
    if run.difference is None:
        return header + (
            f"\ninvariant: the predictions are identical for every η in "
            f"{{{', '.join(texts)}}} over {run.steps} steps (exact, the rule file's formulas)"
        )
    j, first = run.difference
    p, q = (_label(v) for v in first.predictions)
    return header + (
        f"\nnot invariant: at step {first.step} (sample {first.sample}) η = {texts[0]} "
        f"predicts {p} and η = {texts[j]} predicts {q} (exact, the rule file's formulas)"
    )


def _rate(value: Fraction) -> str:
    return str(value)


def _json_label(value) -> int | str:
    return int(value) if value.is_Integer else str(value)


def _label(value) -> str:
    return f"{int(value):+d}" if value.is_Integer else str(value)

"""``etaproof check``: does η change the predictions on your data?"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from numeric import check_eta_invariance, get_rule
from numeric.brief import exact_text, exactly_or_approximately
from numeric.display import plural
from numeric.errors import TooMuchWork
from numeric.final import FinalClassifiers, final_classifiers
from numeric.perceptron import BACKENDS
from numeric.reading import number_from_text, read_vector
from proofs.commands import SUMMARIES
from proofs.commands.data import DATA_HELP, check_epochs, check_w0_length, parse_etas, read_data
from proofs.commands.options import RULE_HELP, UsageError, add_rule_file_options, rule_name

#: Seconds a check may be estimated to take before it is refused (``--max-seconds``).
MAX_SECONDS = 300.0

#: Rates whose final training accuracy is printed one by one (``--json`` has them all).
PRINTED_RATES = 10

EXIT_CODES = f"""\
exit status:
  0  the predictions are identical for every learning rate given
  1  the learning rate changes the predictions (the first differing step is printed)
  2  bad input: one line on stderr names the file, line, column or value; or a check
     estimated to take longer than --max-seconds (default {MAX_SECONDS:.0f}), refused before
     it starts with the estimate

Either way (but with --rule-file) the final classifiers are compared too: the angle
between the final weights of the smallest and the largest η (0° exactly when they are
positive multiples, decided exactly with --exact), and the training accuracy of each η's
final weights.

Memory does not grow with rates × steps: the rates are checked in chunks.  On a terminal, a
progress bar shows on stderr for runs longer than a second (with tqdm installed).

The CSV holds one sample per row with the label in the last column (a header row and
'#' comments are allowed; cells separated by commas, semicolons or tabs); numbers are read
exactly ("0.1" is 1/10).  --data iris reads the bundled Iris file (numeric.IRIS_CSV).  In
float64 every step's rounding error is bounded; steps within the bound of a tie are
near-ties, and the rates that hit one are re-run in exact arithmetic, so the verdict never
rests on rounding.
"""


def add_parser(commands) -> None:
    """Register ``check``."""
    parser = commands.add_parser(
        "check",
        help=SUMMARIES["check"],
        description="Train a perceptron rule on your data for several learning rates at once "
        "and report whether the sequence of predictions depends on η.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", required=True, metavar="FILE.csv|NAME", help=DATA_HELP)
    parser.add_argument(
        "--eta",
        required=True,
        metavar="η,η,…",
        help="comma-separated positive learning rates, e.g. 0.1,1,10",
    )
    parser.add_argument(
        "--w0",
        default="zero",
        metavar="zero|FILE",
        help="initial weights: zero (default) or a file with one comma-separated row",
    )
    parser.add_argument("--epochs", type=int, default=1, help="passes over the data (default 1)")
    parser.add_argument(
        "--bias", action="store_true", help="learn a bias weight (its initial value last)"
    )
    parser.add_argument(
        "--rule", type=rule_name, default="rosenblatt", metavar="NAME", help=RULE_HELP
    )
    parser.add_argument(
        "--exact", action="store_true", help="compute in exact rational arithmetic throughout"
    )
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    add_rule_file_options(parser)
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=MAX_SECONDS,
        metavar="S",
        help=f"refuse checks estimated to take longer (default {MAX_SECONDS:.0f}; 0: no limit)",
    )
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default="auto",
        help="where float64 and int64 runs go: auto (default: compiled when numba is installed "
        "and the run is long), numpy, numba",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the verdict; 0 when η does not change the predictions, 1 when it does."""
    if args.rule_file is not None:
        from proofs.commands.rule_file import check_rule_file  # lazy: SymPy only when asked

        return check_rule_file(args)
    rule = get_rule(args.rule)
    etas = parse_etas(args.eta, exact=args.exact)
    X, y = read_data(args.data, rule, float64=not args.exact)
    check_epochs(args.epochs, len(X))
    d = X.shape[1] + args.bias
    w0 = None
    if args.w0 != "zero":
        w0 = read_vector(args.w0, float64=not args.exact)
        check_w0_length(w0, args.w0, d, args.bias)
    if args.max_seconds < 0:
        raise UsageError(f"--max-seconds={args.max_seconds:g} must be 0 (no limit) or more")
    try:
        verdict = _check(args, X, y, etas, w0, rule)
    except TooMuchWork as error:
        raise TooMuchWork(
            f"{error}; use fewer rates or epochs, or a larger --max-seconds", error.value
        ) from None
    final = final_classifiers(
        X, y, etas, w0, args.epochs, args.bias, rule, args.exact, backend=args.backend
    )
    note = single_rate_note(etas)
    if args.json:
        report = {
            "data": str(args.data),
            "rule": rule.name,
            "epochs": args.epochs,
            "bias": args.bias,
            "w0": "zero" if w0 is None else [exact_text(v) for v in w0],
            **verdict.to_dict(),
            **final.to_dict(),
            "note": note,
        }
        print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False))
    else:
        print(_header(args, rule, X, w0))
        print(describe_final(final))
        print(verdict)  # last: the answer the exit status gives
        if note is not None:
            print(f"note: {note}")
    return 0 if verdict.invariant else 1


def single_rate_note(etas: list[str]) -> str | None:
    """Why there is nothing to compare when fewer than two different rates were given."""
    values = {number_from_text(eta, "--eta") for eta in etas}
    if len(values) > 1:
        return None
    given = "only one learning rate was given" if len(etas) == 1 else "all the rates are equal"
    return (
        f"{given} (η = {etas[0]}), so there is nothing to compare; give several, "
        "e.g. --eta 0.1,1,10"
    )


def describe_final(final: FinalClassifiers) -> str:
    """Two lines: the angle between the final weights of the smallest and largest η (none for
    a single rate), and the final training accuracy of every η (once when they all agree)."""
    lines = []
    angle = final.angle
    if angle is not None:
        low, high = angle.etas
        lines.append(f"final weights, η = {low} vs η = {high}: {angle.describe()}")
    first = final.accuracy[0]
    if final.same_accuracy:
        every = "for every η" if len(final.accuracy) > 1 else f"for η = {first.eta}"
        lines.append(
            f"final training accuracy: {first.percent()} ({first.correct}/{first.samples}) " + every
        )
    else:
        shown = [
            f"{a.percent()} ({a.correct}/{a.samples}) for η = {a.eta}"
            for a in final.accuracy[:PRINTED_RATES]
        ]
        if len(final.accuracy) > PRINTED_RATES:
            shown.append(f"… ({len(final.accuracy)} rates; --json lists all)")
        lines.append("final training accuracy: " + ", ".join(shown))
    return "\n".join(lines)


def _check(args: argparse.Namespace, X, y, etas, w0, rule):
    return check_eta_invariance(
        X, y, etas, w0=w0, epochs=args.epochs, bias=args.bias, rule=rule, exact=args.exact,
        progress=sys.stderr.isatty(), max_seconds=args.max_seconds or None, backend=args.backend,
    )  # fmt: skip


def _header(args: argparse.Namespace, rule, X, w0) -> str:
    n, features = X.shape
    return (
        f"{args.data}: {plural(n, 'sample')}, {features} feature(s)"
        + (" + bias" if args.bias else "")
        + f", rule {rule.name}, w0 = "
        + ("0" if w0 is None else "(" + ", ".join(_brief(v) for v in w0) + ")")
        + f", {args.epochs} epoch(s)"
    )


def _brief(value: Fraction) -> str:
    return exactly_or_approximately(value).removeprefix("= ")

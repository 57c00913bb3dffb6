"""``etaproof phase``: the exact η phase diagram of a perceptron run on your data.

etaproof phase --data FILE.csv --w0 FILE|zero|textbook[:SEED] [--epochs E] [--bias]
               [--rule NAME] [--eta LIST] [--eta-range LO,HI] [--all] [--json]
               [--plot OUT.png|OUT.svg]
"""

from __future__ import annotations

import argparse
import json
import math
from fractions import Fraction
from pathlib import Path

from numeric import get_rule, textbook_weights
from numeric.brief import approximately, exactly_or_approximately
from numeric.display import plural
from numeric.inputs import to_fraction
from numeric.phase import Phase, PhaseDiagram, phase_diagram
from numeric.reading import number_from_text, read_vector
from proofs.commands import SUMMARIES
from proofs.commands.data import DATA_HELP, check_epochs, check_w0_length, parse_etas, read_data
from proofs.commands.options import RULE_HELP, UsageError, bounded_int, check_out_path, rule_name
from proofs.plots import MatplotlibMissing, phase_figure

EXIT_CODES = """\
exit status:
  0  one phase: every η > 0 (every η of --eta-range) takes the same decisions at every step
     (η does not matter)
  1  η changes the predictions: the phases are printed
  2  bad input: one line on stderr names the file, line, column or value

The phases are maximal pieces of (0, ∞), open intervals and single points, on which every
prediction and every update decision is the same; their ends are exact rationals, the roots
of w·x as an affine function of η.  Each phase's decisions are checked in exact arithmetic on
its whole interval (witness and ends), and the exact twin runs at a sample of witnesses.
The final weights w0 + η·V/D still move with η inside a phase, so "final errors" (training
samples the final weights misclassify) is a range min–max over the phase, and exact at each
--eta rate.
--eta-range LO,HI follows only the rates of [LO, HI] (exact decimals or fractions, 0 < LO <
HI): the phases meeting it, cut there exactly as the whole diagram's are, at a fraction of the
cost when most phases lie at small η (where w0/η dominates).
--w0 textbook[:SEED] draws w0 as the textbook's code does (RandomState(SEED).normal(0, 0.01,
1 + d), seed 1 by default) with its bias weight moved last, so it needs --bias.
"""

#: Rows printed in full before the table is summarised (without --all).
SHORT_TABLE = 12
#: The widest finite phases shown in a summary.
WIDEST = 5
#: The most phases computed before giving up (--max-phases caps it).
MAX_PHASES = 10_000_000

PLOT_SUFFIXES = (".png", ".svg")


def add_parser(commands) -> None:
    """Register ``phase``."""
    parser = commands.add_parser(
        "phase",
        help=SUMMARIES["phase"],
        description="Find every learning rate η > 0 at which a perceptron rule on your data "
        "decides differently, exactly: the phases of η, their exact ends, and the errors per "
        "epoch in each.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data", required=True, metavar="FILE.csv|NAME", help=DATA_HELP)
    parser.add_argument(
        "--w0",
        required=True,
        metavar="FILE|zero|textbook[:SEED]",
        help="initial weights: a file with one comma-separated row (bias last), zero, or the "
        "textbook's random draw (needs --bias)",
    )
    parser.add_argument("--epochs", type=int, default=1, help="passes over the data (default 1)")
    parser.add_argument(
        "--bias", action="store_true", help="learn a bias weight (its initial value last)"
    )
    parser.add_argument(
        "--rule", type=rule_name, default="rosenblatt", metavar="NAME", help=RULE_HELP
    )
    parser.add_argument(
        "--eta", metavar="η,η,…", help="comma-separated rates: show the phases holding them"
    )
    # --et stays the abbreviation of --eta it was before --eta-range made it ambiguous
    parser.add_argument("--et", dest="eta", help=argparse.SUPPRESS)
    parser.add_argument(
        "--eta-range",
        metavar="LO,HI",
        help="only the phases meeting [LO, HI] (exact decimals or fractions, 0 < LO < HI)",
    )
    parser.add_argument("--all", action="store_true", help="print every phase, not a summary")
    parser.add_argument("--json", action="store_true", help="print the diagram as JSON")
    parser.add_argument(
        "--plot", type=Path, metavar="OUT.png|OUT.svg", help="draw the diagram (matplotlib)"
    )
    parser.add_argument(
        "--max-phases",
        type=bounded_int(MAX_PHASES),
        default=100_000,
        metavar="N",
        help="give up beyond N phases (default 100000)",
    )
    parser.set_defaults(run=run)


def parse_range(text: str) -> tuple[Fraction, Fraction]:
    """``--eta-range LO,HI`` as two exact rates with 0 < LO < HI; one clear line otherwise."""
    parts = [part.strip() for part in text.split(",")]
    values = [number_from_text(part, "--eta-range") for part in parts]
    if len(parts) != 2 or None in values:
        raise UsageError(
            f"--eta-range={text!r} must be two numbers LO,HI (like --eta-range 1e-3,10)"
        )
    lo, hi = values
    assert lo is not None and hi is not None
    if lo <= 0:
        raise UsageError(f"--eta-range={text!r}: LO must be positive (learning rates are)")
    if lo >= hi:
        raise UsageError(f"--eta-range={text!r}: LO must be below HI")
    return lo, hi


def initial_weights(text: str, d: int, bias: bool) -> list[Fraction] | None:
    """``--w0``: None for zero, the textbook's draw, or the row of a file (length-checked)."""
    if text == "zero":
        return None
    if text == "textbook" or text.startswith("textbook:"):
        seed_text = text.partition(":")[2] or "1"
        if not seed_text.isdigit() or int(seed_text) >= 2**32:
            raise UsageError(f"--w0={text!r}: the seed must be a whole number from 0 to 2**32 - 1")
        if not bias:
            raise UsageError(
                f"--w0={text!r} draws the bias weight too, as the book does: add --bias"
            )
        return [to_fraction(v, "--w0") for v in textbook_weights(int(seed_text), d - 1)]
    weights = read_vector(text)
    check_w0_length(weights, text, d, bias)
    return list(weights)


def run(args: argparse.Namespace) -> int:
    """Print the diagram; 0 with one phase, 1 when η changes the predictions."""
    rule = get_rule(args.rule)
    etas = parse_etas(args.eta, exact=True) if args.eta else []
    span = parse_range(args.eta_range) if args.eta_range is not None else None
    for eta in etas:
        if span is not None and not span[0] <= to_fraction(eta, "--eta") <= span[1]:
            raise UsageError(f"--eta={eta!r} lies outside --eta-range {args.eta_range!r}")
    if args.plot is not None:
        if args.plot.suffix.lower() not in PLOT_SUFFIXES:
            raise UsageError(f"--plot {str(args.plot)!r} must end in .png or .svg")
        check_out_path(args.plot, option="--plot")
    X, y = read_data(args.data, rule)
    check_epochs(args.epochs, len(X))
    d = X.shape[1] + args.bias
    w0 = initial_weights(args.w0, d, args.bias)
    diagram = phase_diagram(
        X,
        y,
        w0,
        epochs=args.epochs,
        bias=args.bias,
        rule=rule,
        max_phases=args.max_phases,
        eta_range=span,
    )
    held = [(eta, diagram.phase_index(eta)) for eta in etas]
    if args.plot is not None:
        write_plot(diagram, args.plot, etas)
    if args.json:
        report = {
            "data": str(args.data),
            "w0_given": args.w0,
            **diagram.to_dict(),
            "etas": [
                {
                    "eta": eta,
                    "phase": index + 1,
                    "training_errors": diagram.training_errors_at(eta),
                    "final_weights": [str(v) for v in diagram.final_weights_at(eta)],
                }
                for eta, index in held
            ],
        }
        print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False))
    else:
        print(header(args, X.shape, diagram))
        print(describe(diagram, held, every=args.all))
        if args.plot is not None:
            print(f"plot written to {args.plot}")
    return 0 if diagram.invariant else 1


def write_plot(diagram: PhaseDiagram, path: Path, etas: list[str] | None = None) -> None:
    """Draw the diagram into ``path``, each rate of ``--eta`` marked; a missing matplotlib
    is one line, exit 2."""
    try:
        figure = phase_figure(diagram, etas=etas or ())
    except MatplotlibMissing as error:
        raise UsageError(f"--plot: {error}") from None
    figure.savefig(path)


def header(args: argparse.Namespace, shape: tuple[int, int], diagram: PhaseDiagram) -> str:
    n, features = shape
    w0 = "0" if not any(diagram.w0) else "(" + ", ".join(brief(v) for v in diagram.w0) + ")"
    return (
        f"{args.data}: {plural(n, 'sample')}, {features} feature(s)"
        + (" + bias" if args.bias else "")
        + f", rule {diagram.rule.name}, w0 = {w0}"
        + (f" ({args.w0})" if args.w0.startswith("textbook") else "")
        + f", {args.epochs} epoch(s)"
        + ("" if diagram.eta_range is None else f", over {diagram.range_text} only")
    )


def brief(value: Fraction) -> str:
    """A number exactly when that is short, else to three digits."""
    return exactly_or_approximately(value).removeprefix("= ")


def describe(diagram: PhaseDiagram, held: list[tuple[str, int]], every: bool = False) -> str:
    """The verdict, the table of phases (summarised when long) and the phases of --eta."""
    count = len(diagram)
    if diagram.invariant and diagram.eta_range is not None:
        lines = [
            f"1 phase, {diagram.phases[0].interval()}: every η in [{diagram.eta_range[0]}, "
            f"{diagram.eta_range[1]}] takes the same decisions at all {diagram.steps} steps "
            "(η does not matter there)"
        ]
    elif diagram.invariant:
        lines = [
            f"1 phase, (0, ∞): every η > 0 takes the same decisions at all {diagram.steps} "
            "steps (η does not matter)"
        ]
    else:
        breakpoints = len(diagram.breakpoints)
        within = "" if diagram.eta_range is None else f" in [{brief_range(diagram)}]"
        lines = [
            f"{count} phases of η{within}, {breakpoints} breakpoint(s): η changes the "
            f"decisions over {diagram.steps} steps"
        ]
        flip = diagram.first_flip
        if flip is not None:
            where = f"η = {flip.eta}" if flip.included else f"η just above {flip.eta}"
            if len(str(flip.eta)) > 24:
                where = (
                    f"η {'=' if flip.included else 'just above'} {approximately(flip.eta)} "
                    f"(exactly {flip.eta})"
                )
            lines.append(
                f"first flip{'' if diagram.eta_range is None else ' in the range'}: at {where}, "
                f"step {flip.step} (sample {flip.sample}) predicts "
                f"{flip.after:+d} instead of {flip.before:+d}"
            )
    chosen = set(range(count)) if every or count <= SHORT_TABLE else summary_rows(diagram, held)
    lines.append("")
    lines += table(diagram, sorted(chosen), {index for _, index in held})
    if len(chosen) < count:
        lines.append(
            f"({len(chosen)} of {count} phases shown: the first and last, the {WIDEST} widest "
            "on a log scale, and those holding --eta; --all prints every one)"
        )
    for eta, index in held:
        phase = diagram.phases[index]
        within = (
            f" ({phase.training_errors_text()} within the phase)"
            if phase.training_errors_vary
            else ""
        )
        lines.append(
            f"η = {eta}: phase {index + 1} {interval_holding(phase, eta)}, errors per epoch "
            f"{' '.join(map(str, phase.errors_per_epoch))}, final training errors "
            f"{phase.training_errors_at(eta)}{within}"
        )
    return "\n".join(lines)


def brief_range(diagram: PhaseDiagram) -> str:
    """``LO, HI`` of the diagram's range, each exactly when that is short."""
    assert diagram.eta_range is not None
    return ", ".join(brief(v) for v in diagram.eta_range)


def summary_rows(diagram: PhaseDiagram, held: list[tuple[str, int]]) -> set[int]:
    """The first and last phases, the widest finite ones (by high/low) and those of --eta."""
    finite = [
        (i, phase)
        for i, phase in enumerate(diagram.phases)
        if phase.high is not None and phase.low > 0 and not phase.is_point
    ]
    widest = sorted(finite, key=lambda item: (-log_width(item[1]), item[0]))[:WIDEST]
    return {0, len(diagram) - 1} | {i for i, _ in widest} | {i for _, i in held}


def log_width(phase: Phase) -> float:
    assert phase.high is not None and phase.low > 0
    return (
        math.log(phase.high.numerator)
        - math.log(phase.high.denominator)
        - (math.log(phase.low.numerator) - math.log(phase.low.denominator))
    )


def table(diagram: PhaseDiagram, rows: list[int], marked: set[int]) -> list[str]:
    """One line per chosen phase: number, η range (≈), errors per epoch, final errors (the
    range min–max over the phase when they vary with η), the exact range; ``…`` where phases
    are left out, ``*`` on those holding an --eta."""
    head = ("phase ", "η (≈)", "errors per epoch", "final errors", "η exactly")
    cells = []
    for i in rows:
        phase = diagram.phases[i]
        cells.append(
            (
                f"{i + 1}{'*' if i in marked else ' '}",
                phase.interval(exact=False),
                " ".join(map(str, phase.errors_per_epoch)),
                phase.training_errors_text(),
                phase.interval(exact=True),
            )
        )
    widths = [max(len(head[c]), *(len(row[c]) for row in cells)) for c in range(4)]

    def line(row: tuple[str, ...]) -> str:
        return (
            f"{row[0]:>{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  "
            f"{row[3]:>{widths[3]}}  {row[4]}"
        ).rstrip()

    out = [line(head)]
    previous = -1
    for i, row in zip(rows, cells, strict=True):
        if i != previous + 1:
            out.append(f"{'…':>{widths[0]}}")
        out.append(line(row))
        previous = i
    if previous != len(diagram) - 1:
        out.append(f"{'…':>{widths[0]}}")
    return out


def interval_holding(phase: Phase, eta: object) -> str:
    """The phase's interval with each end to three significant digits, or as many more as it
    takes for the rounded end to stand where the exact end stands against η (1e-06 printed
    as the end of [9.99e-07, 1.000357e-06) would seem to leave η = 1e-6 out), or exactly
    when no rounding does; an end not shown exactly is marked ≈."""
    if phase.is_point:
        return phase.interval(exact=False)
    rate = to_fraction(eta, "eta")
    high = "∞" if phase.high is None else _end_holding(phase.high, rate)
    opening, closing = "[("[not phase.low_included], "])"[not phase.high_included]
    return f"{opening}{_end_holding(phase.low, rate)}, {high}{closing}"


def _end_holding(end: Fraction, rate: Fraction) -> str:
    """One end for :func:`interval_holding`."""
    if end == 0:
        return "0"
    if not 1e-300 < abs(end) < 1e300:  # beyond float64's range: three digits, as before
        return approximately(end)
    for digits in range(3, 18):
        text = f"{float(end):.{digits}g}"
        shown = Fraction(text)
        if _side(shown, rate) == _side(end, rate):
            return text if shown == end else "≈" + text
    return str(end)  # no decimal of float64 stands there: the end itself


def _side(value: Fraction, rate: Fraction) -> int:
    return (value > rate) - (value < rate)

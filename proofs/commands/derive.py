"""``etaproof derive``: build a theorem's document, every line checked, and print or write it.

etaproof derive zero-init|nonzero-init|scaling-law|hidden-symmetry [--steps K]
                [--format latex|markdown|html|text] [--standalone] [--out PATH] [--dim D]
                [--rule NAME] [--bias] [--width M] [--depth L] [--activation NAME]
                [--loss NAME]
                [--style answer|notes|brief]

--rule and --bias are the perceptron's, --width, --depth, --activation and --loss the
network's (hidden-symmetry); an option that means nothing for the chosen theorem is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from numeric.network import ACTIVATIONS, LOSSES
from proofs.commands import SUMMARIES
from proofs.commands.options import UsageError, bounded_int, check_out_path, rule_name
from proofs.documents.registry import THEOREMS, Options, build_document, render
from proofs.documents.styles import STYLES
from symbolic import RULES, DerivationError

__all__ = ["FORMATS", "add_parser", "build_document", "render", "run"]

FORMATS = ("text", "markdown", "latex", "html")

#: The theorems about the perceptron (--rule, --bias) and about the network (--width, …).
PERCEPTRON_THEOREMS = tuple(n for n, t in THEOREMS.items() if t.model == "perceptron")
NETWORK_THEOREMS = tuple(n for n, t in THEOREMS.items() if t.model == "network")
#: The largest --width, and --dim for hidden-symmetry: its coordinate check differentiates
#: an m-unit network on d inputs, unrolled for up to 3 steps.
MAX_WIDTH = 8
MAX_NETWORK_DIM = 4
#: The deepest network whose coordinate check hidden-symmetry unrolls (the chains over layers
#: hold for every depth).
MAX_DEPTH = 4


#: The largest --steps: each step adds two checked chains (about 40 ms each).
MAX_STEPS = 1000
#: The largest --dim: the cross-checks expand the trace in d coordinates.
MAX_DIM = 50


def add_parser(commands) -> None:
    """Register ``derive``."""
    parser = commands.add_parser(
        "derive",
        help=SUMMARIES["derive"],
        description="Prove a theorem about the learning rate with SymPy, checking every line "
        "before it is printed; print it as text, Markdown, LaTeX or an HTML page (MathML, "
        "which browsers render without a script or a connection).",
    )
    parser.add_argument(
        "theorem",
        choices=list(THEOREMS),
        help="; ".join(f"{t.name}: {t.summary}" for t in THEOREMS.values()),
    )
    parser.add_argument(
        "--steps",
        type=bounded_int(MAX_STEPS),
        default=2,
        help="; ".join(f"{t.name}: {t.steps}" for t in THEOREMS.values())
        + f" (default 2, at most {MAX_STEPS})",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default text); html: a self-contained page with MathML math",
    )
    parser.add_argument(
        "--standalone",
        action="store_true",
        help="LaTeX: a complete document for pdflatex (default: a fragment to \\input)",
    )
    parser.add_argument("--out", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--dim",
        type=bounded_int(MAX_DIM),
        default=2,
        help="features d of the cross-checks in coordinates (zero-init: the named updates "
        "against the perceptron trace; nonzero-init: η* against critical_learning_rate); the "
        f"proof itself holds for every d (default 2, at most {MAX_DIM})",
    )
    parser.add_argument(
        "--rule",
        type=rule_name,
        metavar="NAME",
        help=f"perceptron theorems: update rule, one of {', '.join(sorted(RULES))} (default "
        "rosenblatt)",
    )
    parser.add_argument(
        "--bias",
        action="store_true",
        help=" and ".join(n for n, t in THEOREMS.items() if t.bias)
        + " only: run the cross-check with a bias feature too",
    )
    parser.add_argument(
        "--style",
        choices=STYLES,
        default="answer",
        help="answer (default): the Q&A text to paste under the question; notes: lecture "
        "notes, a Theorem with its Proof (amsthm) and numbered equations, nothing about the "
        "question's origin; brief: the theorem and its induction only",
    )
    parser.add_argument(
        "--width",
        type=bounded_int(MAX_WIDTH),
        help=f"hidden-symmetry: hidden units m of the coordinate check (default 2, at most "
        f"{MAX_WIDTH}); the proof itself holds for every m",
    )
    parser.add_argument(
        "--depth",
        type=bounded_int(MAX_DEPTH),
        help="hidden-symmetry: hidden layers L; 2 or more adds the section on every layer (one "
        "neuron in every layer, proved for every depth and width by induction over layers) "
        f"and its coordinate check for L layers (default 1, at most {MAX_DEPTH})",
    )
    parser.add_argument(
        "--activation",
        choices=sorted(ACTIVATIONS),
        help="hidden-symmetry: the activation of the coordinate check (default: any, an "
        "undefined σ)",
    )
    parser.add_argument(
        "--loss",
        choices=sorted(LOSSES),
        help="hidden-symmetry: the loss of the coordinate check (default: any, an undefined L)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the document; exit 0 when every line was shown, 1 when one was not."""
    if args.standalone and args.format != "latex":
        raise UsageError(
            "--standalone makes a complete LaTeX file: use it with --format latex "
            f"(not --format {args.format})"
        )
    theorem = THEOREMS[args.theorem]
    if args.bias and not theorem.bias:
        takes = " and ".join(n for n, t in THEOREMS.items() if t.bias)
        raise UsageError(
            f"--bias applies to {takes} only (a bias feature in its cross-check), not to "
            f"{args.theorem}"
        )
    _refuse_options_of_the_other_model(args)
    if args.out is not None:
        check_out_path(args.out)
    try:
        document = theorem.document(
            Options(
                steps=args.steps,
                rule=args.rule or "rosenblatt",
                d=args.dim,
                bias=args.bias,
                width=args.width or 2,
                depth=args.depth or 1,
                activation=args.activation,
                loss=args.loss,
                style=args.style,
            )
        )
    except DerivationError as error:
        print(f"NOT SHOWN: {error}", file=sys.stderr)
        return 1
    text = render(document, args.format, standalone=args.standalone)
    if args.format == "text":
        text += "\n" + theorem.verdict + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    return 0


def _refuse_options_of_the_other_model(args: argparse.Namespace) -> None:
    """--rule means nothing for the network, --width, --activation, --loss nothing for the
    perceptron: refuse them rather than ignore them."""
    if args.theorem in NETWORK_THEOREMS and args.rule is not None:
        raise UsageError(
            f"--rule is a perceptron rule; {args.theorem} is about a network trained by "
            "gradient descent (use --activation and --loss)"
        )
    if args.theorem in NETWORK_THEOREMS and args.dim > MAX_NETWORK_DIM:
        raise UsageError(
            f"--dim {args.dim}: hidden-symmetry checks its network in at most "
            f"{MAX_NETWORK_DIM} coordinates (the proof itself holds in every dimension)"
        )
    if args.theorem in PERCEPTRON_THEOREMS:
        for option in ("width", "depth", "activation", "loss"):
            if getattr(args, option) is not None:
                raise UsageError(
                    f"--{option} applies to hidden-symmetry only (the network); "
                    f"{args.theorem} is about the perceptron"
                )

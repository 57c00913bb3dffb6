"""``etaproof derive``: build a theorem's document, every line checked, and print or write it.

etaproof derive zero-init|nonzero-init|scaling-law|hidden-symmetry [--steps K]
                [--format latex|markdown|text] [--standalone] [--out PATH] [--dim D]
                [--rule NAME] [--bias] [--width M] [--activation NAME] [--loss NAME]
                [--style answer|notes|brief]

--rule and --bias are the perceptron's, --width, --activation and --loss the network's
(hidden-symmetry); an option that means nothing for the chosen theorem is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from numeric.network import ACTIVATIONS, LOSSES
from proofs.commands.options import UsageError, bounded_int, check_out_path, rule_name
from proofs.documents.hidden_symmetry import hidden_symmetry_document
from proofs.documents.nonzero_init import nonzero_init_document
from proofs.documents.scaling_law import scaling_law_document
from proofs.documents.styles import STYLES, check_style
from proofs.documents.zero_init import zero_init_document
from symbolic import RULES, DerivationError
from symbolic.derivations.document import Document

FORMATS = ("text", "markdown", "latex")

VERDICTS = {
    "zero-init": "Verdict: HOLDS. Every equation above was checked by SymPy; by induction "
    "w⁽ᵏ⁾ = η·v⁽ᵏ⁾ for every step k, so η only scales the weights.",
    "nonzero-init": "Verdict: with non-zero initial weights η changes the predictions "
    "(the example above was run in exact arithmetic).",
    "scaling-law": "Verdict: HOLDS. Every equation above was checked by SymPy; by induction "
    "w⁽ᵏ⁾(η, w⁽⁰⁾) = η·w⁽ᵏ⁾(1, w⁽⁰⁾/η) for every step k, with the same predictions.",
    "hidden-symmetry": "Verdict: HOLDS. Every equation above was checked by SymPy; by "
    "induction hidden units that start equal stay equal at every step k, for any σ, L, data, "
    "m and η, and compute what one unit with outgoing weight m·v computes.",
}

#: The theorems about the perceptron (--rule, --bias) and about the network (--width, …).
PERCEPTRON_THEOREMS = ("zero-init", "nonzero-init", "scaling-law")
NETWORK_THEOREMS = ("hidden-symmetry",)
#: The largest --width, and --dim for hidden-symmetry: its coordinate check differentiates
#: an m-unit network on d inputs, unrolled for up to 3 steps.
MAX_WIDTH = 8
MAX_NETWORK_DIM = 4


#: The largest --steps: each step adds two checked chains (about 40 ms each).
MAX_STEPS = 1000
#: The largest --dim: the cross-checks expand the trace in d coordinates.
MAX_DIM = 50


def add_parser(commands) -> None:
    """Register ``derive``."""
    parser = commands.add_parser(
        "derive",
        help="prove a theorem symbolically and print it with its verdict",
        description="Prove a theorem about the learning rate with SymPy, checking every line "
        "before it is printed; print it as text, Markdown or LaTeX.",
    )
    parser.add_argument(
        "theorem",
        choices=[*PERCEPTRON_THEOREMS, *NETWORK_THEOREMS],
        help="zero-init: η only scales the weights; nonzero-init: η can change predictions; "
        "scaling-law: (η, w⁽⁰⁾) runs as η times (1, w⁽⁰⁾/η), for every step; "
        "hidden-symmetry: hidden units that start equal stay equal (one unit in disguise)",
    )
    parser.add_argument(
        "--steps",
        type=bounded_int(MAX_STEPS),
        default=2,
        help=f"zero-init, hidden-symmetry: steps k of the induction written out (hidden-symmetry "
        f"also unrolls its coordinate check for up to 3 of them); nonzero-init: rows of the "
        f"example's table (default 2, at most {MAX_STEPS})",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default text)"
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
        help="zero-init only: run the cross-check with a bias feature too",
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


def build_document(
    theorem: str,
    steps: int,
    *,
    rule: str = "rosenblatt",
    d: int = 2,
    bias: bool = False,
    width: int = 2,
    activation: str | None = None,
    loss: str | None = None,
    style: str = "answer",
) -> Document:
    """The document of ``theorem`` ("zero-init", "nonzero-init", "scaling-law" or
    "hidden-symmetry"), every chain verified.  ``rule`` and ``bias`` are the perceptron's
    (hidden-symmetry ignores them), ``width``, ``activation`` and ``loss`` the network's;
    ``style`` one of :data:`proofs.documents.styles.STYLES`."""
    check_style(style)
    if theorem == "hidden-symmetry":
        return hidden_symmetry_document(
            steps, width=width, activation=activation, loss=loss, d=d, style=style
        )
    if theorem == "zero-init":
        return zero_init_document(steps, rule=rule, d=d, bias=bias, style=style)
    if theorem == "scaling-law":
        return scaling_law_document(rule, style=style)
    return nonzero_init_document(steps, rule=rule, d=d, style=style)


def render(document: Document, fmt: str, *, standalone: bool = False) -> str:
    """The document in one of :data:`FORMATS`."""
    if fmt == "latex":
        return document.to_latex(standalone=standalone)
    if fmt == "markdown":
        return document.to_markdown()
    return document.to_text()


def run(args: argparse.Namespace) -> int:
    """Print or write the document; exit 0 when every line was shown, 1 when one was not."""
    if args.standalone and args.format != "latex":
        raise UsageError(
            "--standalone makes a complete LaTeX file: use it with --format latex "
            f"(not --format {args.format})"
        )
    if args.bias and args.theorem != "zero-init":
        raise UsageError(
            f"--bias applies to zero-init only (a bias feature in its cross-check), not to "
            f"{args.theorem}"
        )
    _refuse_options_of_the_other_model(args)
    if args.out is not None:
        check_out_path(args.out)
    try:
        document = build_document(
            args.theorem,
            args.steps,
            rule=args.rule or "rosenblatt",
            d=args.dim,
            bias=args.bias,
            width=args.width or 2,
            activation=args.activation,
            loss=args.loss,
            style=args.style,
        )
    except DerivationError as error:
        print(f"NOT SHOWN: {error}", file=sys.stderr)
        return 1
    text = render(document, args.format, standalone=args.standalone)
    if args.format == "text":
        text += "\n" + VERDICTS[args.theorem] + "\n"
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
        for option in ("width", "activation", "loss"):
            if getattr(args, option) is not None:
                raise UsageError(
                    f"--{option} applies to hidden-symmetry only (the network); "
                    f"{args.theorem} is about the perceptron"
                )

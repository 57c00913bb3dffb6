"""``etaproof derive``: build a theorem's document, every line checked, and print or write it.

etaproof derive zero-init|nonzero-init [--steps K] [--format latex|markdown|text]
                [--standalone] [--out PATH] [--dim D] [--rule NAME] [--bias]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from proofs.commands.options import UsageError, bounded_int, check_out_path
from proofs.nonzero_init import nonzero_init_document
from proofs.scaling_law import scaling_law_document
from proofs.zero_init import zero_init_document
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
}


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
        choices=["zero-init", "nonzero-init", "scaling-law"],
        help="zero-init: η only scales the weights; nonzero-init: η can change predictions; "
        "scaling-law: (η, w⁽⁰⁾) runs as η times (1, w⁽⁰⁾/η), for every step",
    )
    parser.add_argument(
        "--steps",
        type=bounded_int(MAX_STEPS),
        default=2,
        help=f"zero-init: steps k of the induction written out; nonzero-init: rows of the "
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
    parser.add_argument("--rule", choices=sorted(RULES), default="rosenblatt", help="update rule")
    parser.add_argument(
        "--bias",
        action="store_true",
        help="zero-init only: run the cross-check with a bias feature too",
    )
    parser.set_defaults(run=run)


def build_document(
    theorem: str, steps: int, *, rule: str = "rosenblatt", d: int = 2, bias: bool = False
) -> Document:
    """The document of ``theorem`` ("zero-init", "nonzero-init" or "scaling-law"), every chain
    verified."""
    if theorem == "zero-init":
        return zero_init_document(steps, rule=rule, d=d, bias=bias)
    if theorem == "scaling-law":
        return scaling_law_document(rule)
    return nonzero_init_document(steps, rule=rule, d=d)


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
            "--bias applies to zero-init only (its cross-check); nonzero-init has no bias"
        )
    if args.out is not None:
        check_out_path(args.out)
    try:
        document = build_document(
            args.theorem, args.steps, rule=args.rule, d=args.dim, bias=args.bias
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

"""``etaproof claims``: the question, then the claims its answers 2 and 3 make about hidden
units, each with the verdict etaproof computed (proved, refuted with an exact witness, or true
under a stated condition).

etaproof claims [--format text|markdown|latex|html|json] [--standalone] [--out PATH]

Exit 0 when the evidence of every verdict was shown, 1 when some was not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from proofs.commands import SUMMARIES
from proofs.commands.options import UsageError, check_out_path
from proofs.documents.hidden_symmetry import claims_document
from proofs.documents.registry import render
from symbolic import DerivationError, question_claims
from symbolic.theorems.question_claims import QUESTION

FORMATS = ("text", "markdown", "latex", "html", "json")


def add_parser(commands) -> None:
    """Register ``claims``."""
    parser = commands.add_parser(
        "claims",
        help=SUMMARIES["claims"],
        description="Print the question (with the textbook remark it asks about), then each "
        "sentence of its answers 2 and 3 about hidden units (equal and zero initial weights) "
        "with the verdict etaproof computed: proved, refuted with an exact witness, or true "
        "under a stated condition.",
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
    parser.set_defaults(run=run)


def as_json() -> str:
    """The question and every claim as strict JSON (one object: ``question``, then the list
    ``claims``)."""
    data = {
        "question": QUESTION.to_dict(),
        "claims": [claim.to_dict() for claim in question_claims()],
    }
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print the claims; exit 0 when every verdict's evidence was shown."""
    if args.standalone and args.format != "latex":
        raise UsageError(
            "--standalone makes a complete LaTeX file: use it with --format latex "
            f"(not --format {args.format})"
        )
    if args.out is not None:
        check_out_path(args.out)
    try:
        claims = question_claims()
        if args.format == "json":
            text = as_json()
        else:
            text = render(claims_document(), args.format, standalone=args.standalone)
    except DerivationError as error:
        print(f"NOT SHOWN: {error}", file=sys.stderr)
        return 1
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    return 0 if all(claim.holds for claim in claims) else 1

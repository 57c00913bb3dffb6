"""``etaproof derive``: prove a theorem and print it with its verdict."""

from __future__ import annotations

import argparse

from symbolic import RULES, analyse_nonzero_init, prove_zero_init_invariance


def positive_int(text: str) -> int:
    """argparse type: a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def add_parser(commands) -> None:
    """Register ``derive``."""
    parser = commands.add_parser(
        "derive",
        help="prove a theorem symbolically and print it with its verdict",
        description="Prove a theorem about the learning rate with SymPy, checking every step.",
    )
    parser.add_argument(
        "theorem",
        choices=["zero-init", "nonzero-init"],
        help="zero-init: η only scales the weights; nonzero-init: η can change predictions",
    )
    parser.add_argument(
        "--steps", type=positive_int, default=2, help="steps k to unroll (default 2)"
    )
    parser.add_argument("--dim", type=positive_int, default=2, help="features d (default 2)")
    parser.add_argument("--rule", choices=sorted(RULES), default="rosenblatt", help="update rule")
    parser.add_argument("--bias", action="store_true", help="learn a bias weight too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the proof; exit 0 when the claimed result was shown, 1 otherwise."""
    if args.theorem == "zero-init":
        proof = prove_zero_init_invariance(args.dim, args.steps, rule=args.rule, bias=args.bias)
        print(proof)
        return 0 if proof.holds else 1
    print(analyse_nonzero_init(args.dim, rule=args.rule))
    return 0

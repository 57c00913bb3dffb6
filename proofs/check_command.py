"""``etaproof check``: does η change the predictions on your data? (placeholder)"""

from __future__ import annotations

import argparse


def add_parser(commands) -> None:
    """Register ``check``."""
    parser = commands.add_parser("check", help="check η-invariance on a CSV dataset (coming)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Not built yet."""
    raise NotImplementedError("etaproof check is not built yet")

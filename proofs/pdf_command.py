"""``etaproof pdf``: compile the proofs with pdflatex (placeholder)."""

from __future__ import annotations

import argparse


def add_parser(commands) -> None:
    """Register ``pdf``."""
    parser = commands.add_parser("pdf", help="compile the proofs to PDF with pdflatex (coming)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Not built yet."""
    raise NotImplementedError("etaproof pdf is not built yet")

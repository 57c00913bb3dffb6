"""Regenerate the committed proof documents ``proofs/*.tex`` (one command, deterministic).

python -m proofs.commands.build_proofs            # rewrite proofs/*.tex (source checkout only)
python -m proofs.commands.build_proofs --out DIR  # write the documents into DIR instead
python -m proofs.commands.build_proofs --check    # exit 1 when a committed document is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from proofs.commands import SUMMARIES
from proofs.commands.options import UsageError, check_out_path
from proofs.documents.registry import COMMITTED, PROOFS_DIR

__all__ = ["DOCUMENTS", "PROOFS_DIR", "render_proofs", "stale_proofs", "write_proofs"]

DESCRIPTION = (
    "Regenerate the proof documents proofs/*.tex from the checked derivations (every chain "
    "verified, the same bytes on every run). Without --out it rewrites the committed files, "
    "and only inside a source checkout; --check only reports stale documents."
)


class NotACheckout(UsageError):
    """The proofs directory is an installed package, not a source checkout: give --out."""


#: The committed documents: file name → builder (the registry's).
DOCUMENTS = COMMITTED


def render_proofs() -> dict[str, str]:
    """Every committed document as standalone LaTeX, by file name."""
    return {name: build().to_latex(standalone=True) for name, build in DOCUMENTS.items()}


def stale_proofs(directory: Path = PROOFS_DIR) -> list[str]:
    """The documents whose file in ``directory`` is missing or differs from a fresh render."""
    fresh = render_proofs()
    return [
        name
        for name, text in fresh.items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != text
    ]


def in_source_checkout(directory: Path = PROOFS_DIR) -> bool:
    """True when ``directory`` sits next to a pyproject.toml (a checkout, not site-packages)."""
    return (directory.parent / "pyproject.toml").is_file()


def write_proofs(directory: Path = PROOFS_DIR) -> list[Path]:
    """Write every document into ``directory``; returns the paths written."""
    paths = []
    for name, text in render_proofs().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def add_parser(commands) -> None:
    """Register ``build-proofs``."""
    parser = commands.add_parser(
        "build-proofs",
        help=SUMMARIES["build-proofs"],
        description=DESCRIPTION,
    )
    add_arguments(parser)
    parser.set_defaults(run=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``build-proofs`` (shared with ``python -m proofs.commands.build_proofs``)."""
    parser.add_argument(
        "--check", action="store_true", help="only report stale documents (exit 1 if any)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="write (or with --check, compare) the documents in this directory instead of "
        "the source checkout's proofs/",
    )


def run(args: argparse.Namespace) -> int:
    """Rewrite the documents, or with ``--check`` report the stale ones."""
    directory = PROOFS_DIR if args.out is None else args.out
    if args.check:
        stale = stale_proofs(directory)
        for name in stale:
            print(f"stale: {directory / name} (run: etaproof build-proofs)")
        return 1 if stale else 0
    if args.out is None and not in_source_checkout(PROOFS_DIR):
        raise NotACheckout(
            f"{PROOFS_DIR} is an installed package, not a source checkout (no pyproject.toml "
            "next to it); run from a checkout, or write elsewhere with --out DIR"
        )
    check_out_path(directory, directory=True)
    directory.mkdir(parents=True, exist_ok=True)
    for path in write_proofs(directory):
        print(f"wrote {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m proofs.commands.build_proofs [--check] [--out DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m proofs.commands.build_proofs", description=DESCRIPTION
    )
    add_arguments(parser)
    try:
        return run(parser.parse_args(argv))
    except (ValueError, OSError) as error:
        print(f"python -m proofs.commands.build_proofs: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

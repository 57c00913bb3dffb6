"""Regenerate the committed proof documents ``proofs/*.tex`` (one command, deterministic).

python -m proofs.build            # rewrite proofs/*.tex
python -m proofs.build --check    # exit 1 when a committed document is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .derive_command import build_document

#: Where the committed documents live (inside the ``proofs`` package).
PROOFS_DIR = Path(__file__).resolve().parent

#: file name → (theorem, steps written out).
DOCUMENTS: dict[str, tuple[str, int]] = {
    "zero_init.tex": ("zero-init", 4),
    "nonzero_init.tex": ("nonzero-init", 4),
}


def render_proofs() -> dict[str, str]:
    """Every committed document as standalone LaTeX, by file name."""
    return {
        name: build_document(theorem, steps).to_latex(standalone=True)
        for name, (theorem, steps) in DOCUMENTS.items()
    }


def stale_proofs(directory: Path = PROOFS_DIR) -> list[str]:
    """The documents whose file in ``directory`` is missing or differs from a fresh render."""
    fresh = render_proofs()
    return [
        name
        for name, text in fresh.items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != text
    ]


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
        "build-proofs", help="regenerate the committed proofs/*.tex documents"
    )
    parser.add_argument(
        "--check", action="store_true", help="only report stale documents (exit 1 if any)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Rewrite the documents, or with ``--check`` report the stale ones."""
    if args.check:
        stale = stale_proofs()
        for name in stale:
            print(f"stale: proofs/{name} (run: python -m proofs.build)")
        return 1 if stale else 0
    for path in write_proofs():
        print(f"wrote {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m proofs.build [--check]``."""
    parser = argparse.ArgumentParser(prog="python -m proofs.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when a document is stale")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

"""``etaproof pdf [--out DIR]``: compile the committed proofs/*.tex with pdflatex."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from proofs.commands import SUMMARIES
from proofs.commands.options import check_out_path
from proofs.documents.registry import PROOFS_DIR

#: Seconds one pdflatex run may take.
TIMEOUT = 180


class ToolMissing(OSError):
    """pdflatex is not installed."""


class CompileError(OSError):
    """pdflatex stopped on an error; the message holds its first error line."""


def pdflatex() -> str:
    """The path of pdflatex, or :class:`ToolMissing` with what to install."""
    path = shutil.which("pdflatex")
    if path is None:
        raise ToolMissing(
            "pdflatex is not installed; install TeX Live "
            "(apt-get install texlive-latex-base texlive-latex-recommended) and run again"
        )
    return path


def compile_tex(tex: Path, out_dir: Path, *, timeout: float = TIMEOUT) -> Path:
    """Compile ``tex`` with ``pdflatex -halt-on-error`` into ``out_dir``; returns the PDF.
    A run longer than ``timeout`` seconds is a :class:`CompileError`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        pdflatex(),
        "-halt-on-error",
        "-interaction=nonstopmode",
        f"-output-directory={out_dir.resolve()}",
        str(tex.resolve()),
    ]
    try:
        result = subprocess.run(
            command, cwd=out_dir, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CompileError(f"pdflatex took longer than {timeout} s on {tex.name}") from None
    pdf = out_dir / (tex.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
        first = errors[0] if errors else f"exit status {result.returncode}"
        raise CompileError(f"pdflatex failed on {tex.name}: {first}")
    return pdf


def add_parser(commands) -> None:
    """Register ``pdf``."""
    parser = commands.add_parser(
        "pdf",
        help=SUMMARIES["pdf"],
        description="Compile every committed proofs/*.tex with pdflatex -halt-on-error.",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("build/proofs"), help="directory (default build/proofs)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compile each document; one line per PDF written."""
    pdflatex()
    check_out_path(args.out, directory=True)
    for tex in sorted(PROOFS_DIR.glob("*.tex")):
        print(f"wrote {compile_tex(tex, args.out)}")
    return 0

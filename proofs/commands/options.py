"""What every subcommand shares: the one usage-error type, bounded whole numbers, and the
``--out`` checks (a file to write, or a directory to fill)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


class UsageError(ValueError):
    """Bad command-line input (an option that means nothing here, an unusable ``--out``):
    printed as one line on stderr, exit status 2."""


def bounded_int(largest: int) -> Callable[[str], int]:
    """argparse type: a whole number from 1 to ``largest``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
        if value > largest:
            raise argparse.ArgumentTypeError(f"{text!r} must be at most {largest}")
        return value

    return parse


def check_out_path(path: Path, *, directory: bool = False) -> None:
    """Raise :class:`UsageError` unless ``--out path`` can be written: a file in an existing
    directory, or (``directory=True``) a directory that exists or can be made."""
    if directory:
        if path.exists() and not path.is_dir():
            raise UsageError(f"--out {str(path)!r} is a file, not a directory")
        return
    parent = path.parent
    if path.is_dir():
        raise UsageError(f"--out {str(path)!r} is a directory, not a file")
    if parent.exists() and not parent.is_dir():
        raise UsageError(f"--out {str(path)!r}: its parent {str(parent)!r} is not a directory")
    if not parent.exists():
        raise UsageError(f"--out {str(path)!r}: the directory {str(parent)!r} does not exist")

"""What every subcommand shares: the one usage-error type, bounded whole numbers, names from
a list with a suggestion for a typo (``--rule``), and the ``--out`` checks (a file to write,
or a directory to fill)."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable, Iterable
from pathlib import Path

from numeric import RULES


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


def one_of(names: Iterable[str]) -> Callable[[str], str]:
    """argparse type: one of ``names``.  Anything else is one line, "invalid choice: 'x'",
    with the closest name suggested and the names listed, where argparse's ``choices`` has no
    suggestion."""
    known = sorted(names)

    def parse(text: str) -> str:
        if text in known:
            return text
        close = difflib.get_close_matches(text.lower(), known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise argparse.ArgumentTypeError(
            f"invalid choice: {text!r}{hint} (choose from {', '.join(known)})"
        )

    return parse


#: ``--rule``'s type: a perceptron rule's name (``type=rule_name, metavar="NAME"``).
rule_name = one_of(RULES)

#: ``--rule``'s help: the names and the default.
RULE_HELP = f"update rule: {', '.join(sorted(RULES))} (default rosenblatt)"


def check_out_path(path: Path, *, directory: bool = False, option: str = "--out") -> None:
    """Raise :class:`UsageError` unless ``option path`` (``--out`` unless told otherwise) can
    be written: a file in an existing directory, or (``directory=True``) a directory that
    exists or can be made."""
    if directory:
        if path.exists() and not path.is_dir():
            raise UsageError(f"{option} {str(path)!r} is a file, not a directory")
        return
    parent = path.parent
    if path.is_dir():
        raise UsageError(f"{option} {str(path)!r} is a directory, not a file")
    if parent.exists() and not parent.is_dir():
        raise UsageError(f"{option} {str(path)!r}: its parent {str(parent)!r} is not a directory")
    if not parent.exists():
        raise UsageError(f"{option} {str(path)!r}: the directory {str(parent)!r} does not exist")


#: Seconds a .py rule file may run before it is stopped (``--timeout``).
RULE_FILE_TIMEOUT = 60.0

RULE_FILE_HELP = (
    "your rule as a .toml file of formulas (decision, and update or loss, over w, x, y, eta; "
    "nothing in it runs; examples: proofs/rules/*.toml), or a .py file of Python functions, "
    "which runs only with --allow-code"
)


def add_rule_file_options(parser: argparse.ArgumentParser) -> None:
    """``--rule-file``, ``--allow-code`` and ``--timeout``, as ``prove`` and ``check`` take them."""
    parser.add_argument("--rule-file", type=Path, metavar="FILE.toml", help=RULE_FILE_HELP)
    parser.add_argument(
        "--allow-code",
        action="store_true",
        help="run a .py rule file: it is Python code, run in a child process with the power of "
        "your user and stopped after --timeout seconds (.toml rule files never need it)",
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=RULE_FILE_TIMEOUT,
        metavar="SECONDS",
        help=f"seconds a .py rule file may run (default {RULE_FILE_TIMEOUT:g})",
    )


def positive_seconds(text: str) -> float:
    """A positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of seconds")
    return value

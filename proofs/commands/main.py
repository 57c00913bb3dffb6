"""The ``etaproof`` command line: one subcommand module each, this file only wires them."""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Sequence
from types import ModuleType

import proofs
from proofs.commands import SUMMARIES

#: ``build_parser``'s default: every subcommand with its options (imports every command).
EVERY = "every"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 2, as argparse does, without usage spam
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(chosen: str | None = EVERY) -> argparse.ArgumentParser:
    """The argument parser: the ``chosen`` subcommand with all its options (``EVERY``: all of
    them), the others by name and one-line help only, so that ``etaproof --help`` and
    ``etaproof check`` import neither SymPy nor the other commands."""
    parser = _Parser(
        prog="etaproof",
        description="Checked proofs that a perceptron's learning rate only scales the weights "
        "when they start at zero, and a checker for your own data.",
    )
    parser.add_argument("--version", action="version", version=f"etaproof {proofs.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, summary in SUMMARIES.items():
        if chosen in (EVERY, name):
            command_module(name).add_parser(commands)
        else:
            commands.add_parser(name, help=summary)
    return parser


def command_module(name: str) -> ModuleType:
    """The module that registers and runs subcommand ``name`` (imported now, not before)."""
    return importlib.import_module(f"proofs.commands.{name.replace('-', '_')}")


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names: its first word that is not an option (the top level has
    only ``--help`` and ``--version``, which take no value), if it is a command's name."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in SUMMARIES else None


#: Options whose value may be a list of numbers starting with a minus sign.
NUMBER_LISTS = ("--eta",)

#: A value argparse would take for an option: "-1,1", "-.5", "-1e-3" (not a plain "-1").
_LOOKS_NEGATIVE = re.compile(r"-(?:[\d.]|inf|nan)", re.IGNORECASE)


def attach_negative_values(argv: Sequence[str]) -> list[str]:
    """``--eta -1,1`` as ``--eta=-1,1``: argparse reads a value that starts with "-" and is
    not a plain negative number as an option and says only "expected one argument"; attached,
    the value reaches ``--eta``'s own check, which says that learning rates are positive."""
    out: list[str] = []
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out += args[i:]
            break
        if _number_list(arg) and i + 1 < len(args) and _LOOKS_NEGATIVE.match(args[i + 1]):
            out.append(f"{arg}={args[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def _number_list(arg: str) -> bool:
    """``--eta``, or an abbreviation of it that argparse would accept (``--et``)."""
    return any(len(arg) >= 4 and option.startswith(arg) for option in NUMBER_LISTS)


#: The exit status after Ctrl-C, as shells report a process stopped by SIGINT (128 + 2).
INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok/holds, 1 η matters, 2 bad input,
    130 stopped by Ctrl-C).  With ``--format json`` an error is also a JSON object on stdout,
    ``{"error": …, "command": …}``, so that a script reading the output gets JSON either way."""
    argv = attach_negative_values(sys.argv[1:] if argv is None else argv)
    chosen = chosen_command(argv)
    try:
        parser = build_parser(chosen)
    except KeyboardInterrupt:  # Ctrl-C while the command (SymPy, NumPy) is still loading
        print(f"etaproof {chosen}: interrupted", file=sys.stderr)
        return INTERRUPTED
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, OSError) as error:  # UsageError is a ValueError
        message = describe(error)
        print(f"etaproof {args.command}: error: {message}", file=sys.stderr)
        if getattr(args, "format", None) == "json":
            print(json.dumps({"error": message, "command": args.command}, ensure_ascii=False))
        return 2
    except KeyboardInterrupt:
        print(f"etaproof {args.command}: interrupted", file=sys.stderr)
        return INTERRUPTED


def describe(error: Exception) -> str:
    """One line for the user: an OSError as ``path: reason``, anything else as its message."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)

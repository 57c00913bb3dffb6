"""The command line starts without SymPy: ``etaproof --help`` lists every command from
:data:`proofs.commands.SUMMARIES`, and a command's own module is imported only when chosen."""

from __future__ import annotations

import subprocess
import sys

import pytest

from proofs.commands import SUMMARIES
from proofs.commands.main import EVERY, build_parser, chosen_command, command_module

PROBE = """
import sys
from proofs.commands.main import main
try:
    main({argv!r})
except SystemExit:
    pass
print("LOADED", *sorted(m for m in ("sympy", "numpy", "matplotlib") if m in sys.modules))
"""


def loaded_after(argv: list[str]) -> tuple[set[str], str]:
    """The heavy libraries a fresh interpreter has loaded after ``main(argv)``, and its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, timeout=120
    )
    last = done.stdout.strip().splitlines()[-1].split()
    assert last[0] == "LOADED", done.stdout + done.stderr
    return set(last[1:]), done.stdout


def test_help_lists_every_command_without_importing_sympy_or_numpy() -> None:
    loaded, out = loaded_after(["--help"])
    assert loaded == set()
    for name in SUMMARIES:
        assert f"\n    {name}" in out


def test_check_starts_without_sympy() -> None:
    loaded, out = loaded_after(["check", "--help"])
    assert "sympy" not in loaded
    assert "--data" in out


def test_derive_loads_what_it_needs() -> None:
    loaded, _ = loaded_after(["derive", "--help"])
    assert "sympy" in loaded  # the probe can see a library load


def _subcommands(parser) -> dict:
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return action


def test_the_one_line_help_is_the_commands_own() -> None:
    """Built in full, every command's help is its SUMMARIES line and its module registers it."""
    action = _subcommands(build_parser(EVERY))
    assert list(action.choices) == list(SUMMARIES)
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    assert helps == SUMMARIES
    for name in SUMMARIES:
        assert hasattr(command_module(name), "add_parser")


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["check", "--data", "x.csv"], "check"),
        (["--version"], None),
        (["-h"], None),
        (["coq-check"], "coq-check"),
        (["nonsense", "check"], None),
        ([], None),
    ],
)
def test_the_chosen_command_is_the_first_word(argv: list[str], chosen: str | None) -> None:
    assert chosen_command(argv) == chosen


def test_an_unknown_command_is_one_line(capsys) -> None:
    from proofs.commands.main import main

    with pytest.raises(SystemExit) as stop:
        main(["chek"])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice: 'chek'" in err[0]


def test_ctrl_c_while_a_command_loads_is_one_line_and_130(monkeypatch, capsys) -> None:
    """Ctrl-C during the import of a command (SymPy loading) ends like Ctrl-C during its run."""
    from proofs.commands import main as cli

    def interrupted(name: str):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "command_module", interrupted)
    assert cli.main(["derive", "zero-init"]) == cli.INTERRUPTED == 130
    assert capsys.readouterr().err == "etaproof derive: interrupted\n"

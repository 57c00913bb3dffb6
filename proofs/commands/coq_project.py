"""Reading a Coq development's ``_CoqProject``: its ``-R``/``-Q`` mappings, its files, and the
order to compile them in (each file after the project files it requires)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from proofs.commands.options import UsageError


class ProjectError(UsageError):
    """The development cannot be read: no _CoqProject, a listed file missing, a cycle."""


@dataclass(frozen=True)
class Project:
    """A ``_CoqProject``: its ``-R``/``-Q`` mappings and its files, in dependency order."""

    options: tuple[str, ...]
    files: tuple[str, ...]
    modules: tuple[str, ...]  # the logical name of each file, same order


def read_project(coq_dir: Path) -> Project:
    """Parse ``coq_dir/_CoqProject``; the files come back in dependency order (the listed
    order, a file moved after the project files it requires)."""
    path = coq_dir / "_CoqProject"
    if not path.is_file():
        raise ProjectError(f"--dir {str(coq_dir)!r} has no _CoqProject")
    words = [w for line in path.read_text().splitlines() for w in line.split("#")[0].split()]
    options, files, roots = [], [], []
    while words:
        word = words.pop(0)
        if word in ("-R", "-Q"):
            if len(words) < 2:
                raise ProjectError(f"{path}: {word} needs a directory and a logical name")
            directory, logical = words.pop(0), words.pop(0)
            options += [word, directory, logical]
            roots.append((Path(directory), logical))
        elif word.endswith(".v"):
            files.append(word)
        else:
            raise ProjectError(f"{path}: {word!r} is not supported (only -R, -Q and .v files)")
    for file in files:
        if not (coq_dir / file).is_file():
            raise ProjectError(f"{path} lists {file!r}, which is not in {str(coq_dir)!r}")
    modules = {file: logical_name(Path(file), roots) for file in files}
    order = dependency_order(coq_dir, files, modules)
    return Project(tuple(options), tuple(order), tuple(modules[file] for file in order))


def logical_name(file: Path, roots: list[tuple[Path, str]]) -> str:
    """``Rules.v`` under ``-R . Etaproof`` is ``Etaproof.Rules``."""
    for directory, logical in roots:
        try:
            relative = file.with_suffix("").relative_to(directory)
        except ValueError:
            continue
        return ".".join([logical, *relative.parts])
    return ".".join(file.with_suffix("").parts)


def required_modules(text: str) -> set[str]:
    """The modules a Coq file requires, as written (``From P Require Import A`` is ``P.A``)."""
    text = re.sub(r"\(\*.*?\*\)", " ", text, flags=re.S)
    found = set()
    for prefix, names in re.findall(
        r"(?:From\s+(\S+)\s+)?Require\s+(?:Import\s+|Export\s+)?([^.]+(?:\.[A-Za-z_]\w*)*)\.",
        text,
    ):
        found |= {f"{prefix}.{name}" if prefix else name for name in names.split()}
    return found


def dependency_order(coq_dir: Path, files: list[str], modules: dict[str, str]) -> list[str]:
    """``files`` ordered so that each comes after the project files it requires."""
    needs = {
        file: {
            other
            for required in required_modules((coq_dir / file).read_text())
            for other, module in modules.items()
            if module == required or module.endswith(f".{required}")
        }
        for file in files
    }
    order: list[str] = []

    def visit(file: str, path: tuple[str, ...]) -> None:
        if file in path:
            raise ProjectError(f"the Coq files require each other: {' -> '.join((*path, file))}")
        if file not in order:
            for needed in sorted(needs[file], key=files.index):
                visit(needed, (*path, file))
            order.append(file)

    for file in files:
        visit(file, ())
    return order

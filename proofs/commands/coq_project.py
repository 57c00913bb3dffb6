"""A Coq development and Coq's checkers, as the commands share them.

- Reading ``_CoqProject``: its ``-R``/``-Q`` mappings, its files, and the order to compile them
  in (each file after the project files it requires): :func:`read_project`.
- Running the kernel: ``coqc`` on each file of a temporary copy (:func:`compile_development`),
  on certificates against it (:func:`compile_certificates`, :func:`check_certificate`),
  ``Print Assumptions`` on theorems (:func:`print_assumptions`), and the independent checker
  ``coqchk`` on the compiled modules (:func:`run_coqchk`).  ``etaproof coq-check`` and
  ``etaproof prove --certify`` both use them, so they live in this shared module.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from proofs.commands.options import UsageError

#: The committed development.
DEVELOPMENT = Path(__file__).resolve().parents[1] / "coq"

#: Seconds one coqc run may take (the whole development takes a few seconds).
TIMEOUT = 300

#: Seconds coqchk may take (re-checking the standard library too takes a minute or two).
COQCHK_TIMEOUT = 900

#: Standard-library axioms a main theorem may rest on and still count as certified.  Empty:
#: every main theorem is closed under the global context (no classical logic, no functional
#: extensionality, no real numbers).
STANDARD_AXIOMS: frozenset[str] = frozenset()

CLOSED = "Closed under the global context"

#: The logical name of the certificates compiled against the development.
CERTIFIED = "Certified"


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


# ---- Coq's kernel --------------------------------------------------------------------------


class ToolMissing(OSError):
    """coqc (or coqchk) is not installed."""


class CompileError(OSError):
    """coqc rejected a file: the message names the file, the line and Coq's first error line."""

    def __init__(
        self, message: str, *, file: str, line: int | None, output: str, returncode: int = 0
    ) -> None:
        super().__init__(message)
        self.file, self.line, self.output, self.returncode = file, line, output, returncode


@dataclass(frozen=True)
class Assumptions:
    """What ``Print Assumptions`` reported for a theorem: the axioms it rests on (empty:
    closed) and Coq's words (for a theorem certified by the packed check, that check's)."""

    theorem: str
    axioms: tuple[str, ...]
    printed: str

    @property
    def certified(self) -> bool:
        """Closed, or resting only on :data:`STANDARD_AXIOMS`."""
        return all(axiom in STANDARD_AXIOMS for axiom in self.axioms)

    @property
    def verdict(self) -> str:
        """``closed``, or the axioms by name."""
        if not self.axioms:
            return "closed"
        kind = "standard-library axioms" if self.certified else "AXIOMS"
        return f"{kind}: {', '.join(self.axioms)}"


def tool(name: str = "coqc") -> str:
    """The path of a Coq tool, or :class:`ToolMissing` with what to install."""
    path = shutil.which(name)
    if path is None:
        raise ToolMissing(f"{name} is not installed: apt-get install coq")
    return path


def coqc() -> str:
    """The path of coqc, or :class:`ToolMissing` with what to install."""
    return tool("coqc")


def coq_version() -> str:
    """``coqc --version``'s version number, e.g. ``8.16.1``."""
    done = subprocess.run([coqc(), "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"version (\S+)", done.stdout)
    return found.group(1) if found else "(unknown version)"


def run_coqc(project: Project, file: str, cwd: Path, *, timeout: float) -> None:
    """Compile ``file`` (relative to ``cwd``); a rejection is a :class:`CompileError`."""
    command = [coqc(), "-q", *project.options, file]
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise CompileError(
            f"coqc took longer than {timeout} s on {file}", file=file, line=None, output=""
        ) from None
    if done.returncode != 0:
        output = done.stdout + done.stderr
        where = re.search(r'File "[^"]*", line (\d+)', output)
        errors = [line for line in output.splitlines() if line.startswith("Error")]
        first = errors[0] if errors else f"exit status {done.returncode}"
        after = output.split(first, 1)[1].strip().splitlines() if errors else []
        detail = f"{first} {after[0].strip()}" if first == "Error:" and after else first
        line = int(where.group(1)) if where else None
        at = f", line {line}" if line else ""
        raise CompileError(
            f"coqc rejected {file}{at}: {detail}",
            file=file,
            line=line,
            output=output,
            returncode=done.returncode,
        )


def compile_development(coq_dir: Path, build_dir: Path, *, timeout: float = TIMEOUT) -> Project:
    """Copy the development into ``build_dir`` and compile every file in dependency order."""
    project = read_project(coq_dir)
    shutil.copytree(
        coq_dir,
        build_dir,
        ignore=shutil.ignore_patterns("*.vo*", "*.glob", ".*"),
        dirs_exist_ok=True,
    )
    for file in project.files:
        run_coqc(project, file, build_dir, timeout=timeout)
    return project


def load_path(project: Project, build_dir: Path) -> list[str]:
    """The development's ``-R``/``-Q`` options with its directories made absolute."""
    options = []
    for index in range(0, len(project.options), 3):
        flag, directory, logical = project.options[index : index + 3]
        options += [flag, str((build_dir / directory).resolve()), logical]
    return options


def parse_assumptions(text: str) -> tuple[str, ...]:
    """The assumptions ``Print Assumptions`` listed (empty when closed), sorted by name.
    Anything under a heading other than "Axioms:" (section variables, unchecked fixpoints,
    type-in-type) is named with its heading."""
    if text.strip() == CLOSED:
        return ()
    found, heading = [], None
    for line in text.splitlines():
        if not line or line[0].isspace():
            continue  # a blank line, or a type continued from the line above
        if line.endswith(":") and " : " not in line:
            heading = line[:-1]
            continue
        name = line.split(" : ", 1)[0].strip()
        found.append(name if heading == "Axioms" else f"{name} ({heading})")
    if not found:
        raise CompileError(
            f"Print Assumptions said {text.strip()!r}", file="(assumptions)", line=None, output=text
        )
    return tuple(sorted(found))


def print_assumptions(
    project: Project,
    build_dir: Path,
    check_dir: Path,
    theorems: tuple[str, ...],
    *,
    timeout: float,
    each: bool = False,
    certificates: Path | None = None,
    modules: Sequence[str] = (),
) -> tuple[Assumptions, ...]:
    """Run ``Print Assumptions`` against the compiled development (and the certificates
    compiled in ``certificates``, ``modules`` theirs): once on a list packing every theorem
    (each ``Print Assumptions`` walks the whole dependency graph, a fraction of a second
    apiece), and, when that list rests on something or ``each`` is set, once per theorem."""
    check_dir.mkdir(parents=True, exist_ok=True)
    options = load_path(project, build_dir)
    requires = [f"Require {module}." for module in project.modules]
    if certificates is not None:
        options += ["-R", str(certificates.resolve()), CERTIFIED]
        requires += [f"From {CERTIFIED} Require {module}." for module in modules]

    def run(name: str, commands: list[str]) -> None:
        (check_dir / f"{name}.v").write_text("\n".join(requires + commands) + "\n")
        run_coqc(Project(tuple(options), (), ()), f"{name}.v", check_dir, timeout=timeout)

    if not each:
        packed = " :: ".join(f"existT (fun P : Prop => P) _ {theorem}" for theorem in theorems)
        run(
            "CheckAllAssumptions",
            [
                f"Definition main_theorems : list {{P : Prop & P}} := {packed} :: nil.",
                'Redirect "all_assumptions" Print Assumptions main_theorems.',
            ],
        )
        packed_text = (check_dir / "all_assumptions.out").read_text()
        if not parse_assumptions(packed_text):
            return tuple(Assumptions(theorem, (), packed_text) for theorem in theorems)
    run(
        "CheckAssumptions",
        [f'Redirect "assumptions{n}" Print Assumptions {t}.' for n, t in enumerate(theorems)],
    )
    printed = [(check_dir / f"assumptions{n}.out").read_text() for n in range(len(theorems))]
    return tuple(
        Assumptions(theorem, parse_assumptions(text), text)
        for theorem, text in zip(theorems, printed, strict=True)
    )


def compile_certificates(
    project: Project,
    build_dir: Path,
    directory: Path,
    texts: dict[str, str],
    *,
    timeout: float = TIMEOUT,
) -> None:
    """Write each certificate (module name → Coq text) into ``directory`` and compile it
    against the development compiled in ``build_dir``, as ``Certified.<module>``."""
    directory.mkdir(parents=True, exist_ok=True)
    options = (*load_path(project, build_dir), "-R", ".", CERTIFIED)
    for module, text in texts.items():
        (directory / f"{module}.v").write_text(text, encoding="utf-8")
        run_coqc(Project(options, (), ()), f"{module}.v", directory, timeout=timeout)


def check_certificate(
    text: str,
    module: str,
    theorems: tuple[str, ...],
    *,
    coq_dir: Path = DEVELOPMENT,
    timeout: float = TIMEOUT,
) -> tuple[Assumptions, ...]:
    """Compile the development in a temporary directory, then the certificate ``text``
    (module ``module``) against it, and report its ``theorems``' assumptions.  A rejection is
    a :class:`CompileError` naming the certificate's line."""
    coqc()
    with tempfile.TemporaryDirectory(prefix="etaproof-certificate-") as temporary:
        root = Path(temporary)
        build_dir, certificates = root / "development", root / "certificates"
        project = compile_development(coq_dir, build_dir, timeout=timeout)
        compile_certificates(project, build_dir, certificates, {module: text}, timeout=timeout)
        return print_assumptions(
            project, build_dir, root / "check", theorems, timeout=timeout,
            certificates=certificates, modules=(module,),
        )  # fmt: skip


@dataclass(frozen=True)
class Coqchk:
    """What ``coqchk -o`` said: the modules it re-checked, the axioms it listed (its context
    summary) and whether it re-checked the standard library too (``everything``)."""

    modules: tuple[str, ...]
    axioms: tuple[str, ...]
    everything: bool
    printed: str

    def ours(self, prefixes: Sequence[str]) -> tuple[str, ...]:
        """The listed axioms whose names start with one of ``prefixes`` (our modules)."""
        return tuple(a for a in self.axioms if any(a.startswith(f"{p}.") for p in prefixes))


def run_coqchk(
    load: Sequence[str], modules: Sequence[str], *, everything: bool = False,
    timeout: float = COQCHK_TIMEOUT,
) -> Coqchk:  # fmt: skip
    """Run the independent checker ``coqchk`` on compiled ``modules`` (``load``: the
    ``-R``/``-Q`` options, absolute).  Each module is re-checked on its own; the standard
    library is taken as compiled (``-norec``) unless ``everything``, which re-checks it too
    (a minute or two).  A failure is a :class:`CompileError`."""
    selection = [m for module in modules for m in ((module,) if everything else ("-norec", module))]
    command = [tool("coqchk"), "-silent", "-o", *load, *selection]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise CompileError(
            f"coqchk took longer than {timeout} s", file="(coqchk)", line=None, output=""
        ) from None
    output = done.stdout + done.stderr
    if done.returncode != 0 or "CONTEXT SUMMARY" not in output:
        lines = [line for line in output.splitlines() if line.strip()]
        raise CompileError(
            f"coqchk failed: {lines[-1] if lines else f'exit status {done.returncode}'}",
            file="(coqchk)", line=None, output=output, returncode=done.returncode,
        )  # fmt: skip
    return Coqchk(tuple(modules), parse_coqchk_axioms(output), everything, output)


def parse_coqchk_axioms(text: str) -> tuple[str, ...]:
    """The names coqchk's context summary lists under "Axioms:" (empty for ``<none>``)."""
    found: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("* "):
            inside = line.startswith("* Axioms:")
            if inside and "<none>" in line:
                return ()
            continue
        if inside and line.strip():
            found.append(line.strip().split(" : ", 1)[0])
    return tuple(sorted(found))

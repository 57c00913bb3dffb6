"""``etaproof coq-check [--dir DIR]``: have Coq's kernel check the η theorems of proofs/coq/.

The development is copied to a temporary directory and compiled there with ``coqc``, file by
file in dependency order (``_CoqProject`` lists the files), so nothing is written into the
package.  A generated file then runs ``Print Assumptions`` on every main theorem: a theorem is
certified when Coq answers "Closed under the global context" (or names only axioms listed in
:data:`STANDARD_AXIOMS`, none today).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from proofs.commands.coq_project import Project, ProjectError, read_project
from proofs.documents.registry import PROOFS_DIR

#: The committed development.
COQ_DIR = PROOFS_DIR / "coq"

#: Seconds one coqc run may take (the whole development takes a few seconds).
TIMEOUT = 300

#: Every ``Theorem`` and ``Corollary`` of the development, in file order (a ``Lemma`` is a
#: helper); tests/proofs/test_coq.py keeps this list equal to the declarations.
MAIN_THEOREMS: tuple[str, ...] = tuple(
    f"Etaproof.{module}.{name}"
    for module, names in (
        ("Training", "scaled_training scaled_every_step zero_init_invariance scaling_law"),
        (
            "Rules",
            """phi_scale
            rosenblatt_respects rosenblatt_homogeneous rosenblatt_zero_init
            rosenblatt_zero_init_with_bias rosenblatt_scaling_law
            zero_one_respects zero_one_homogeneous zero_one_zero_init zero_one_scaling_law
            mistake_driven_respects mistake_driven_homogeneous mistake_driven_zero_init
            mistake_driven_scaling_law""",
        ),
        (
            "Witnesses",
            """rosenblatt_witness_second_prediction zero_one_witness_second_prediction
            mistake_driven_witness_second_prediction
            rosenblatt_witness_at_one_tenth rosenblatt_witness_at_ten
            zero_one_witness_at_one_tenth zero_one_witness_at_ten
            mistake_driven_witness_at_one_tenth mistake_driven_witness_at_ten
            rosenblatt_nonzero_init_counterexample zero_one_nonzero_init_counterexample
            mistake_driven_nonzero_init_counterexample
            adaline_at_one_tenth adaline_at_ten adaline_zero_init_counterexample
            adaline_decision_homogeneous adaline_update_instance adaline_update_not_homogeneous""",
        ),
    )
    for name in names.split()
)

#: Standard-library axioms a main theorem may rest on and still count as certified.  Empty:
#: every main theorem is closed under the global context (no classical logic, no functional
#: extensionality, no real numbers).
STANDARD_AXIOMS: frozenset[str] = frozenset()

CLOSED = "Closed under the global context"


class ToolMissing(OSError):
    """coqc is not installed."""


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


def coqc() -> str:
    """The path of coqc, or :class:`ToolMissing` with what to install."""
    path = shutil.which("coqc")
    if path is None:
        raise ToolMissing("coqc is not installed: apt-get install coq")
    return path


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
) -> tuple[Assumptions, ...]:
    """Run ``Print Assumptions`` against the compiled development: once on a list packing every
    theorem (each ``Print Assumptions`` walks the whole dependency graph, a fraction of a second
    apiece), and, when that list rests on something or ``each`` is set, once per theorem."""
    check_dir.mkdir(parents=True, exist_ok=True)
    options = []
    for index in range(0, len(project.options), 3):
        flag, directory, logical = project.options[index : index + 3]
        options += [flag, str((build_dir / directory).resolve()), logical]
    requires = [f"Require {module}." for module in project.modules]

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


def check_development(
    coq_dir: Path = COQ_DIR,
    theorems: tuple[str, ...] = MAIN_THEOREMS,
    *,
    timeout: float = TIMEOUT,
    each: bool = False,
) -> tuple[Project, tuple[Assumptions, ...]]:
    """Compile the development in a temporary directory and report each theorem's assumptions
    (``each``: run ``Print Assumptions`` on every theorem even when the packed check is closed)."""
    coqc()
    with tempfile.TemporaryDirectory(prefix="etaproof-coq-") as temporary:
        build_dir, check_dir = Path(temporary) / "development", Path(temporary) / "check"
        project = compile_development(coq_dir, build_dir, timeout=timeout)
        results = print_assumptions(
            project, build_dir, check_dir, theorems, timeout=timeout, each=each
        )
        return project, results


EXIT_CODES = """\
exit status:
  0  every main theorem compiled and is closed under the global context
  1  coqc rejected a file, or a main theorem rests on an axiom (an Admitted proof, say)
  2  coqc is not installed, or --dir is not a Coq development
"""


def add_parser(commands) -> None:
    """Register ``coq-check``."""
    parser = commands.add_parser(
        "coq-check",
        help="check the η theorems in Coq: compile proofs/coq/ and print their assumptions",
        description="Compile the Coq development proofs/coq/ with coqc (in a temporary copy) "
        "and print every main theorem with the axioms it rests on (Print Assumptions).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=COQ_DIR,
        help="a copy of the development to check instead (a directory with a _CoqProject)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compile, then one line per main theorem and the verdict."""
    version = coq_version()
    if not args.dir.is_dir():
        raise ProjectError(f"--dir {str(args.dir)!r} is not a directory")
    try:
        project, results = check_development(args.dir, MAIN_THEOREMS)
    except CompileError as error:
        print(f"not certified: {error}")
        return 1
    print(f"coqc {version} compiled {', '.join(project.files)}; Print Assumptions:")
    width = max(len(result.theorem) for result in results)
    for result in results:
        print(f"  {result.theorem:<{width}}  {result.verdict}")
    failed = [result for result in results if not result.certified]
    if failed:
        print(f"not certified: {len(failed)} of {len(results)} main theorems rest on axioms")
        return 1
    print(f"certified: all {len(results)} main theorems are closed under the global context")
    return 0

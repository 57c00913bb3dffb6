"""``etaproof coq-check [--dir DIR] [--no-certificates] [--coqchk-stdlib]``: have Coq's kernel
check the η theorems of proofs/coq/, and a certificate of every certifiable catalogue rule.

The development is copied to a temporary directory and compiled there with ``coqc``, file by
file in dependency order (``_CoqProject`` lists the files), so nothing is written into the
package.  A generated file then runs ``Print Assumptions`` on every main theorem: a theorem is
certified when Coq answers "Closed under the global context" (or names only axioms listed in
:data:`STANDARD_AXIOMS`, none today).  Then every rule of the catalogue that the prover proves
and whose formulas are in ℚ arithmetic gets the certificate ``etaproof prove --certify``
writes (:mod:`proofs.coq_certificate`), compiled against the development, its theorems'
assumptions printed the same way.  Last, the independent checker ``coqchk`` re-checks every
compiled module of ours and lists the axioms it finds (``--coqchk-stdlib``: the standard
library too, a minute or two).
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from pathlib import Path

from proofs.commands import SUMMARIES
from proofs.commands.coq_project import (
    CERTIFIED,
    DEVELOPMENT,
    STANDARD_AXIOMS,
    TIMEOUT,
    Assumptions,
    CompileError,
    Coqchk,
    Project,
    ProjectError,
    ToolMissing,
    compile_certificates,
    compile_development,
    coq_version,
    coqc,
    load_path,
    parse_assumptions,
    print_assumptions,
    read_project,
    run_coqchk,
)
from proofs.coq_certificate import (
    Certificate,
    NotCertifiable,
    certifiable_reason,
    certificate,
    coq_identifier,
)
from proofs.documents.catalogue import CATALOGUE
from symbolic import prove_eta_invariance

#: What tests and callers read here, though it lives in the shared coq_project module.
__all__ = [
    "COQ_DIR",
    "MAIN_THEOREMS",
    "STANDARD_AXIOMS",
    "Assumptions",
    "CompileError",
    "ToolMissing",
    "check_all",
    "check_development",
    "compile_development",
    "parse_assumptions",
]

#: The committed development.
COQ_DIR = DEVELOPMENT

#: Every ``Theorem`` and ``Corollary`` of the development, in file order (a ``Lemma`` is a
#: helper); tests/proofs/test_coq.py keeps this list equal to the declarations.
MAIN_THEOREMS: tuple[str, ...] = tuple(
    f"Etaproof.{module}.{name}"
    for module, names in (
        (
            "Training",
            """scaled_training scaled_every_step scaling_symmetry zero_init_every_step
            zero_init_invariance scaling_law""",
        ),
        (
            "Rules",
            """phi_scale
            rosenblatt_respects rosenblatt_homogeneous rosenblatt_zero_init
            rosenblatt_zero_init_with_bias rosenblatt_zero_init_every_step rosenblatt_scaling_law
            zero_one_respects zero_one_homogeneous zero_one_zero_init zero_one_zero_init_every_step
            zero_one_scaling_law
            mistake_driven_respects mistake_driven_homogeneous mistake_driven_zero_init
            mistake_driven_zero_init_every_step mistake_driven_scaling_law""",
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
        (
            "Symmetry",
            """fixed_stay_fixed equal_units_stay_equal equal_units_stay_identical
            one_neuron_forward one_neuron_backward one_neuron_inner_step one_neuron_first_step""",
        ),
    )
    for name in names.split()
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


# ---- the catalogue's certificates ---------------------------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """A proved catalogue rule without a certificate, and why (outside ℚ arithmetic, say)."""

    rule: str
    why: str


def catalogue_certificates() -> tuple[tuple[Certificate, ...], tuple[LeftOut, ...]]:
    """The certificate of every catalogue rule the prover proves whose formulas are in ℚ
    arithmetic, each its own module (named after the rule), and the proved rules left out."""
    made: list[Certificate] = []
    left: list[LeftOut] = []
    for entry in CATALOGUE:
        if entry.kind != "rule" or entry.expected != "proved":
            continue
        rule = entry.rule()
        reason = certifiable_reason(rule)
        if reason is not None:
            left.append(LeftOut(entry.name, f"{reason}, outside ℚ arithmetic"))
            continue
        verdict = prove_eta_invariance(rule)
        if verdict.status != "proved":
            left.append(LeftOut(entry.name, f"the prover says {verdict.status}"))
            continue
        try:
            made.append(certificate(rule, module=coq_identifier(rule.name)))
        except NotCertifiable as error:
            left.append(LeftOut(entry.name, str(error)))
    return tuple(made), tuple(left)


@dataclass(frozen=True)
class Report:
    """Everything ``coq-check`` checked: the development's main theorems, the certificates'
    theorems (qualified by ``Certified.``), the proved rules left out, and coqchk's verdict."""

    project: Project
    results: tuple[Assumptions, ...]
    certificates: tuple[Certificate, ...]
    certificate_results: tuple[Assumptions, ...]
    left_out: tuple[LeftOut, ...]
    coqchk: Coqchk | None

    @property
    def axioms_of_ours(self) -> tuple[str, ...]:
        """The axioms coqchk found in our modules (the development's and the certificates')."""
        if self.coqchk is None:
            return ()
        return self.coqchk.ours(("Etaproof", CERTIFIED))


def check_all(
    coq_dir: Path = COQ_DIR,
    theorems: tuple[str, ...] = MAIN_THEOREMS,
    *,
    certificates: bool = True,
    coqchk: bool = True,
    coqchk_stdlib: bool = False,
    timeout: float = TIMEOUT,
) -> Report:
    """Compile the development and the catalogue's certificates in a temporary directory,
    print every theorem's assumptions, and run coqchk on every compiled module of ours."""
    coqc()
    made, left_out = catalogue_certificates() if certificates else ((), ())
    with tempfile.TemporaryDirectory(prefix="etaproof-coq-") as temporary:
        root = Path(temporary)
        build_dir, certified = root / "development", root / "certificates"
        project = compile_development(coq_dir, build_dir, timeout=timeout)
        results = print_assumptions(project, build_dir, root / "check", theorems, timeout=timeout)
        certificate_results: tuple[Assumptions, ...] = ()
        load = load_path(project, build_dir)
        modules = list(project.modules)
        if made:
            texts = {c.module: c.text for c in made}
            compile_certificates(project, build_dir, certified, texts, timeout=timeout)
            certificate_results = print_assumptions(
                project, build_dir, root / "check-certificates",
                tuple(f"{CERTIFIED}.{t}" for c in made for t in c.theorems), timeout=timeout,
                certificates=certified, modules=tuple(texts),
            )  # fmt: skip
            load += ["-R", str(certified.resolve()), CERTIFIED]
            modules += [f"{CERTIFIED}.{module}" for module in texts]
        checked = run_coqchk(load, modules, everything=coqchk_stdlib) if coqchk else None
        return Report(project, results, made, certificate_results, left_out, checked)


EXIT_CODES = """\
exit status:
  0  every main theorem and every certificate compiled and is closed under the global
     context, and coqchk found no axiom in our modules
  1  coqc rejected a file, or a theorem rests on an axiom (an Admitted proof, say)
  2  coqc or coqchk is not installed, or --dir is not a Coq development
"""


def add_parser(commands) -> None:
    """Register ``coq-check``."""
    parser = commands.add_parser(
        "coq-check",
        help=SUMMARIES["coq-check"],
        description="Compile the Coq development proofs/coq/ with coqc (in a temporary copy), "
        "and against it the certificate of every catalogue rule that the prover proves in ℚ "
        "arithmetic (as etaproof prove --certify writes it); print every main theorem with "
        "the axioms it rests on (Print Assumptions), then the axioms the independent checker "
        "coqchk finds in our modules.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=COQ_DIR,
        help="a copy of the development to check instead (a directory with a _CoqProject)",
    )
    parser.add_argument(
        "--no-certificates",
        action="store_true",
        help="check the development only, not the catalogue's rule certificates",
    )
    parser.add_argument(
        "--coqchk-stdlib",
        action="store_true",
        help="have coqchk re-check Coq's standard library too (a minute or two), not only "
        "our modules",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compile and check, then one line per theorem and the verdict."""
    version = coq_version()
    if not args.dir.is_dir():
        raise ProjectError(f"--dir {str(args.dir)!r} is not a directory")
    read_project(args.dir)  # a directory without a _CoqProject is bad input, before any work
    try:
        report = check_all(
            args.dir,
            MAIN_THEOREMS,
            certificates=not args.no_certificates,
            coqchk_stdlib=args.coqchk_stdlib,
        )
    except CompileError as error:
        print(f"not certified: {error}")
        return 1
    rows = [*report.results, *report.certificate_results]
    width = max(len(result.theorem) for result in rows)
    print(f"coqc {version} compiled {', '.join(report.project.files)}; Print Assumptions:")
    for result in report.results:
        print(f"  {result.theorem:<{width}}  {result.verdict}")
    if report.certificates:
        print(
            f"certificates of the catalogue's rules (etaproof prove --certify), compiled "
            f"against it as {CERTIFIED}.<rule>: " + ", ".join(c.rule for c in report.certificates)
        )
        for result in report.certificate_results:
            print(f"  {result.theorem:<{width}}  {result.verdict}")
    for left in report.left_out:
        print(f"no certificate for {left.rule}: {left.why}")
    if report.coqchk is not None:
        scope = (
            "and the standard library" if report.coqchk.everything
            else "(the standard library taken as compiled)"
        )  # fmt: skip
        ours = report.axioms_of_ours
        found = (
            f"AXIOMS: {', '.join(ours)}" if ours
            else "no axioms" if not report.coqchk.axioms
            else "no axioms of ours"
        )  # fmt: skip
        print(f"coqchk re-checked {len(report.coqchk.modules)} modules of ours {scope}: {found}")
    failed = [result for result in rows if not result.certified]
    if failed or report.axioms_of_ours:
        parts = [f"{len(failed)} of {len(rows)} theorems rest on axioms"] if failed else []
        if report.axioms_of_ours:
            parts.append(f"coqchk found axioms of ours: {', '.join(report.axioms_of_ours)}")
        print("not certified: " + "; ".join(parts))
        return 1
    certificates = (
        f" and the {len(report.certificate_results)} theorems of {len(report.certificates)} "
        "rule certificates"
        if report.certificates
        else ""
    )
    print(
        f"certified: all {len(report.results)} main theorems{certificates} are closed under "
        "the global context"
    )
    return 0

"""``etaproof prove``: does the learning rate matter for this rule?

etaproof prove RULE                        a rule of the catalogue
etaproof prove --rule-file FILE.toml       your rule as formulas (nothing in the file runs)
etaproof prove --rule-file FILE.py --allow-code [--timeout S]   your rule as Python code
               [--format text|markdown|latex|html|json] [--standalone] [--out PATH]
etaproof prove (RULE | --rule-file FILE) --certify OUT.v   the proof again, for Coq's kernel
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from proofs.commands import SUMMARIES
from proofs.commands.coq_project import (
    CompileError,
    ToolMissing,
    check_certificate,
    coq_version,
)
from proofs.commands.options import (
    UsageError,
    add_rule_file_options,
    bounded_int,
    check_out_path,
)
from proofs.coq_certificate import NotCertifiable, certificate, module_name
from proofs.documents.catalogue import (
    BY_NAME,
    CATALOGUE,
    RULES_DIR,
    Outcome,
    entry_document,
    outcome,
)
from proofs.documents.eta_invariance import verdict_document
from proofs.documents.registry import render
from proofs.rule_files import load_rule_file
from symbolic import EtaVerdict, ScalingSymmetry, prove_eta_invariance, scaling_symmetry
from symbolic.derivations import Document

FORMATS = ("text", "markdown", "latex", "html", "json")

#: The exit status of each verdict.
EXIT_STATUS = {"proved": 0, "refuted": 1, "undecided": 3}

#: The largest --dim (ignored: the conditions hold for every dimension).
MAX_DIM = 6

EPILOG = """\
exit status:
  0  proved: both homogeneity conditions and the induction were checked, so with zero
     initial weights the learning rate only scales the state
  1  refuted: a dataset on which two positive rates predict differently, confirmed by
     running the rule exactly (printed, with the etaproof check line that reproduces it)
  2  bad input: one line on stderr (no such rule, a formula outside the rule language, a
     .py rule file without --allow-code or past --timeout, labels that are not reals)
  3  undecided: a condition is not shown and the search found no counterexample

A rule file is a .toml file of formulas in the rule language, which nothing can run:

  name = "weight-decay"
  decision = "phi(dot(w, x))"
  update = "-lam * w + eta * (y - phi(dot(w, x))) * x"      # or: loss = "..."
  [constants]
  lam = "1/10"

The formulas use w, x, y, eta, numbers (0.1 is 1/10), + - * / **, comparisons (1 when they
hold, else 0) and phi, dot(u, v), norm(v), sqrt, abs, sign, min, max, exp, log, tanh;
optional keys: labels (default [-1, 1]), summary, state and inputs (several vectors, e.g.
state = ["u", "a"] with one [update] formula each).  The vectors are kept whole, so
"proved" holds for every number of features.  Examples: proofs/rules/*.toml.

A .py rule file (decision(w, x), update(w, x, y, eta), optionally LABELS, NAME, SUMMARY)
is Python code: it runs only with --allow-code, in a child process stopped after --timeout
seconds, which captures its formulas once; the formulas are what is proved and run.

--certify OUT.v writes, for a proved rule, a Coq file that defines the rule over the
rationals and proves its two conditions and the zero-init theorem with the library in
proofs/coq/; coqc (if installed) checks it against that library first, and the file is
written only if the kernel accepts it.  It prints one line; exit 0 certified (or written
unchecked without coqc), 1 refuted, 3 not certified: undecided, outside rational arithmetic
(sqrt, norm, exp, log, abs, min, max, ...), or rejected by coqc.  Check it yourself with
coqc -R proofs/coq Etaproof OUT.v once proofs/coq/ is compiled.
"""


def add_parser(commands) -> None:
    """Register ``prove``."""
    names = ", ".join(entry.name for entry in CATALOGUE)
    parser = commands.add_parser(
        "prove",
        help=SUMMARIES["prove"],
        description="Prove that, from zero initial weights, the learning rate only scales the "
        "state of an online learning rule (both homogeneity conditions checked as "
        "derivations, then the induction), or refute it with a counterexample run exactly.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("rule", nargs="?", metavar="RULE", help=f"a rule of the catalogue: {names}")
    add_rule_file_options(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default text); html: a self-contained page with MathML math",
    )
    parser.add_argument(
        "--dim",
        type=bounded_int(MAX_DIM),
        default=None,
        help="ignored: the conditions are checked with the vectors kept whole, for every "
        "dimension (kept so that old command lines still run)",
    )
    parser.add_argument(
        "--standalone",
        action="store_true",
        help="LaTeX: a complete document for pdflatex (default: a fragment to \\input)",
    )
    parser.add_argument("--out", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--certify",
        type=Path,
        metavar="OUT.v",
        help="write a Coq certificate of a proved rule (checked by coqc first) and print one line",
    )
    parser.set_defaults(run=run)


class UnknownCatalogueRule(UsageError):
    """RULE is not a rule of the catalogue."""


def decide(args: argparse.Namespace) -> tuple[Outcome | EtaVerdict, str, ScalingSymmetry | None]:
    """The verdict asked for, the ``etaproof check`` line that reproduces a counterexample
    ("" when there is none), and the rule's scaling symmetry (None for the catalogue's
    entries that are no single rule)."""
    if (args.rule is None) == (args.rule_file is None):
        raise UsageError("give a catalogue RULE or --rule-file FILE.toml (exactly one of them)")
    if args.rule_file is not None:
        rule = load_rule_file(args.rule_file, allow_code=args.allow_code, timeout=args.timeout)
        verdict = prove_eta_invariance(rule)
        cx = verdict.counterexample
        return verdict, cx.check_command() if cx else "", scaling_symmetry(rule)
    entry = BY_NAME.get(args.rule)
    if entry is None:
        raise UnknownCatalogueRule(
            f"RULE={args.rule!r} must be one of the catalogue's rules: "
            + ", ".join(e.name for e in CATALOGUE)
            + " (or use --rule-file FILE.toml)"
        )
    found = outcome(entry)
    cx = found.counterexample
    shown = _shown_path(RULES_DIR / entry.file) if entry.file else None
    return found, cx.check_command(rule_file=shown) if cx else "", found.scaling


def _shown_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _document(
    found: Outcome | EtaVerdict, command: str, scaling: ScalingSymmetry | None
) -> Document:
    if isinstance(found, EtaVerdict):
        return verdict_document(found, check_command=command, scaling=scaling)
    return entry_document(found, check_command=command)


def _json(found: Outcome | EtaVerdict, command: str, scaling: ScalingSymmetry | None) -> str:
    if isinstance(found, EtaVerdict):
        report = {"verdict": str(found), **found.to_dict()}
    elif found.verdict is not None and found.entry.kind == "rule":
        report = {"verdict": str(found), **found.verdict.to_dict()}
    else:
        report = {
            "verdict": str(found),
            "rule": found.entry.name,
            "status": found.status,
            "kind": found.entry.kind,
            "counterexample": found.counterexample.to_dict() if found.counterexample else None,
        }
    report["check_command"] = command or None
    report["scaling"] = None if scaling is None else scaling.to_dict()
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    """Print or write the verdict; exit 0 proved, 1 refuted, 3 undecided."""
    if args.certify is not None:
        return certify(args)
    if args.standalone and args.format != "latex":
        raise UsageError(
            "--standalone makes a complete LaTeX file: use it with --format latex "
            f"(not --format {args.format})"
        )
    if args.out is not None:
        check_out_path(args.out)
    found, command, scaling = decide(args)
    status = found.status
    if args.format == "json":
        text = _json(found, command, scaling)
    else:
        document = _document(found, command, scaling)
        if args.format == "text":
            symmetry = "" if scaling is None else f"scaling symmetry: {scaling}\n"
            text = str(found) + "\n" + symmetry + "\n" + document.to_text()
        else:
            text = render(document, args.format, standalone=args.standalone)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    return EXIT_STATUS[status]


def certify(args: argparse.Namespace) -> int:
    """``--certify OUT.v``: one line; exit 0 certified (coqc accepted it), 1 refuted, 3 not
    certified (undecided, outside ℚ arithmetic, rejected, or no coqc to check it)."""
    if args.out is not None or args.format != "text" or args.standalone:
        raise UsageError(
            "--certify writes a Coq file and prints one line: use it without --out, --format "
            "and --standalone"
        )
    check_out_path(args.certify, option="--certify")
    try:
        module = module_name(args.certify.name)
    except ValueError as error:
        raise UsageError(f"--certify {str(args.certify)!r}: {error}") from None
    found, _, scaling = decide(args)
    if isinstance(found, EtaVerdict):
        verdict = found
    elif found.entry.kind == "rule" and found.verdict is not None:
        verdict = found.verdict
    else:
        raise UsageError(
            f"--certify certifies one rule: {found.entry.name!r} is a catalogue entry of "
            f"kind {found.entry.kind!r}"
        )
    if verdict.status != "proved":
        print(f"not certified: {verdict}")
        return EXIT_STATUS[verdict.status]
    exponent = scaling.exponent if scaling is not None and scaling.status == "proved" else 1
    try:
        made = certificate(verdict.rule, module=module, exponent=exponent)
    except NotCertifiable as error:
        print(f"not certified: {error}")
        return EXIT_STATUS["undecided"]
    written = f"wrote {args.certify}: the Coq certificate of rule {verdict.rule.name!r}"
    try:
        results = check_certificate(made.text, made.module, made.theorems)
    except ToolMissing as missing:
        # written, so that it can be checked elsewhere, but not certified: exit 3, not 0
        header = "(* NOT CHECKED: coqc was not found when etaproof wrote this file. *)\n"
        args.certify.write_text(header + made.text, encoding="utf-8")
        print(f"not certified: {written}, but could not check it ({missing})")
        return EXIT_STATUS["undecided"]
    except CompileError as rejected:
        print(f"not certified: the kernel rejected the certificate of rule "
              f"{verdict.rule.name!r} ({rejected}); nothing written")  # fmt: skip
        return EXIT_STATUS["undecided"]
    resting = sorted({axiom for result in results for axiom in result.axioms})
    if resting:
        print(f"not certified: the certificate of rule {verdict.rule.name!r} rests on "
              f"{', '.join(resting)}; nothing written")  # fmt: skip
        return EXIT_STATUS["undecided"]
    args.certify.write_text(made.text, encoding="utf-8")
    names = ", ".join(theorem.split(".", 1)[1] for theorem in made.theorems)
    print(
        f"{written}, checked by coqc {coq_version()} against proofs/coq: {names} closed under "
        "the global context (scaling exponent a = 1)"
    )
    return EXIT_STATUS["proved"]

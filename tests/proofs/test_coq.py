"""The Coq development proofs/coq/: the kernel accepts it, every main theorem is closed under the
global context and coqchk finds no axiom of ours, a magnitude-dependent rule is rejected, the
every-step theorem is stated for each rule, equal units are kernel-checked (and the theorem
breaks when the update stops treating units alike), and the counterexamples the kernel
computed are the numbers numeric.train reports."""

from __future__ import annotations

import argparse
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import require_tool

import numeric
from proofs.commands import coq_check, coq_project
from proofs.commands.main import describe

#: Heavy: runs in CI (ETAPROOF_STRICT=1) or with ETAPROOF_HEAVY=1.
pytestmark = pytest.mark.heavy

COQ_DIR = coq_check.COQ_DIR
FILES = ("Vectors.v", "Training.v", "Rules.v", "Witnesses.v", "Symmetry.v", "Certificates.v")
WITNESSES = (COQ_DIR / "Witnesses.v").read_text()
RULES = (COQ_DIR / "Rules.v").read_text()
SYMMETRY = (COQ_DIR / "Symmetry.v").read_text()
RULE_NAMES = {
    "rosenblatt": "rosenblatt",
    "zero_one": "zero-one",
    "mistake_driven": "mistake-driven",
}


def q(text: str) -> Fraction:
    """A Coq rational literal as written in the .v files: ``10``, ``(-1)``, ``(1#10)``, ``4#5``."""
    numerator, _, denominator = text.strip().strip("()").partition("#")
    return Fraction(int(numerator), int(denominator or 1))


def q_list(text: str) -> list[Fraction]:
    """``[1; -1]`` (or its inside) as a list of fractions."""
    inside = text.strip().strip("[]")
    return [q(item) for item in inside.split(";")] if inside.strip() else []


def coq_check_cli(argv: list[str]) -> int:
    """``etaproof coq-check ARGV`` through its own parser (main.py does not list it yet)."""
    parser = argparse.ArgumentParser(prog="etaproof")
    coq_check.add_parser(parser.add_subparsers())
    args = parser.parse_args(["coq-check", *argv])
    return args.run(args)


@pytest.fixture(scope="module")
def checked():
    require_tool("coqc")
    return coq_check.check_development(each=True)  # Print Assumptions on every theorem


def copy_development(tmp_path: Path) -> Path:
    return Path(shutil.copytree(COQ_DIR, tmp_path / "coq"))


# ---- the list of main theorems is the list of declared theorems --------------------------


def test_the_main_theorems_are_exactly_the_declared_theorems_and_corollaries():
    project = coq_project.read_project(COQ_DIR)
    declared = [
        f"{module}.{name}"
        for file, module in zip(project.files, project.modules, strict=True)
        for name in re.findall(
            r"^(?:Theorem|Corollary)\s+(\w+)", (COQ_DIR / file).read_text(), re.M
        )
    ]
    assert declared == list(coq_check.MAIN_THEOREMS)


def test_the_project_compiles_its_files_in_dependency_order():
    project = coq_project.read_project(COQ_DIR)
    assert project.files == FILES
    assert project.options == ("-R", ".", "Etaproof")


def test_a_file_listed_before_what_it_requires_is_compiled_after_it(tmp_path):
    (tmp_path / "_CoqProject").write_text("-R . P\nB.v\nA.v\n")
    (tmp_path / "A.v").write_text("(* From P Require Import B. *)\nDefinition a := 1.\n")
    (tmp_path / "B.v").write_text("From P Require Import A.\nDefinition b := A.a.\n")
    assert coq_project.read_project(tmp_path).files == ("A.v", "B.v")
    (tmp_path / "A.v").write_text("Require Import P.B.\n")
    with pytest.raises(
        coq_project.ProjectError, match=re.escape("require each other: B.v -> A.v -> B.v")
    ):
        coq_project.read_project(tmp_path)


def test_the_development_admits_nothing_and_declares_no_axiom():
    for path in sorted(COQ_DIR.glob("*.v")):
        text = re.sub(r"\(\*.*?\*\)", "", path.read_text(), flags=re.S)
        for word in ("Admitted", "admit", "Axiom", "Parameter", "Hypothesis", "Conjecture"):
            assert not re.search(rf"\b{word}\b", text), f"{path.name} uses {word}"


# ---- the kernel's verdict ------------------------------------------------------------------


def test_every_main_theorem_is_closed_under_the_global_context(checked):
    project, results = checked
    assert project.files == FILES
    assert [result.theorem for result in results] == list(coq_check.MAIN_THEOREMS)
    for result in results:
        assert result.axioms == () or set(result.axioms) <= coq_check.STANDARD_AXIOMS, result
        assert result.certified and result.verdict == "closed"
        assert result.printed.strip() == "Closed under the global context"


def test_print_assumptions_output_is_read_as_coq_writes_it():
    assert coq_check.parse_assumptions("Closed under the global context\n") == ()
    text = (
        "Axioms:\nbad : forall x : Q,\n      x == x + 0\n"
        "Coq.Logic.Classical_Prop.classic : forall P : Prop, P \\/ ~ P\n"
    )
    assert coq_check.parse_assumptions(text) == ("Coq.Logic.Classical_Prop.classic", "bad")


# ---- mutations the kernel must reject --------------------------------------------------------

ROSENBLATT = re.compile(r"Definition rosenblatt : rule := \{\|.*?\|\}\.", re.S)
ERROR_DRIVEN = "(y - phi (dot w x))"
ADALINE_STYLE = "(y - dot w x)"


def test_a_magnitude_dependent_rosenblatt_update_is_rejected_by_the_kernel(tmp_path):
    require_tool("coqc")
    coq = copy_development(tmp_path)
    rules = (coq / "Rules.v").read_text()
    definition = ROSENBLATT.search(rules)
    assert definition and definition.group().count(ERROR_DRIVEN) == 1, (
        "the mutation lost its target"
    )
    mutated = definition.group().replace(ERROR_DRIVEN, ADALINE_STYLE)
    assert "update w x y eta := scale (eta * (y - dot w x)) x" in mutated
    (coq / "Rules.v").write_text(rules.replace(definition.group(), mutated))

    with pytest.raises(coq_check.CompileError) as rejected:
        coq_check.compile_development(coq, tmp_path / "build")
    error = rejected.value
    assert error.returncode != 0 and error.file == "Rules.v"
    # The first error is inside the proof that the update is homogeneous, nowhere earlier.
    lines = rules.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if "Theorem rosenblatt_homogeneous" in line)
    end = next(n for n, line in enumerate(lines, 1) if n > start and line.strip() == "Qed.")
    assert start < error.line < end, error
    # and the command says not certified
    assert coq_check_cli(["--dir", str(coq), "--no-certificates"]) == 1


def test_an_admitted_proof_is_reported_as_an_axiom_and_fails_the_check(
    tmp_path, capsys, monkeypatch
):
    require_tool("coqc")
    coq = copy_development(tmp_path)
    training = (coq / "Training.v").read_text()
    start = training.index("Theorem scaled_training")
    qed = training.index("Qed.", start)
    (coq / "Training.v").write_text(training[:qed] + "Admitted." + training[qed + 4 :])
    # Three theorems keep the per-theorem Print Assumptions short.
    theorems = tuple(
        f"Etaproof.{name}"
        for name in (
            "Training.scaled_training",
            "Training.scaled_every_step",
            "Rules.rosenblatt_zero_init",
        )
    )
    monkeypatch.setattr(coq_check, "MAIN_THEOREMS", theorems)

    assert coq_check_cli(["--dir", str(coq), "--no-certificates"]) == 1
    out = capsys.readouterr().out
    rows = dict(line.split(None, 1) for line in out.splitlines() if line.startswith("  "))
    assert rows["Etaproof.Training.scaled_training"].startswith("AXIOMS: ")
    assert "scaled_training" in rows["Etaproof.Rules.rosenblatt_zero_init"]
    assert rows["Etaproof.Training.scaled_every_step"] == "closed"  # does not use it
    # coqchk, the independent checker, sees the admitted theorem as an axiom of ours
    coqchk = next(line for line in out.splitlines() if line.startswith("coqchk "))
    assert coqchk.endswith("AXIOMS: Etaproof.Training.scaled_training"), coqchk
    assert out.splitlines()[-1] == (
        "not certified: 2 of 3 theorems rest on axioms; coqchk found axioms of ours: "
        "Etaproof.Training.scaled_training"
    )


# ---- the counterexamples the kernel computed are numeric's ------------------------------------

RUNS = re.compile(
    r"Theorem (\w+) :\s+runs_as (\w+) (\(\S+?\)|\S+) (\[.*?\]|\(zeros \d+\)) "
    r"(\(witness \S+?\)|\w+) (\d+) \[(.*?)\] \[(.*?)\]\."
)


def stated_runs() -> list[dict]:
    runs = []
    for name, rule, eta, w0, data, epochs, predicted, w_end in RUNS.findall(WITNESSES):
        runs.append(
            {
                "theorem": name,
                "rule": rule,
                "eta": q(eta),
                "w0": w0,
                "data": data,
                "epochs": int(epochs),
                "predictions": q_list(predicted),
                "w_end": q_list(w_end),
            }
        )
    return runs


def test_the_witness_theorems_state_etaproofs_witness_for_every_rule():
    runs = [run for run in stated_runs() if run["data"].startswith("(witness")]
    assert sorted((run["rule"], run["eta"]) for run in runs) == sorted(
        (rule, eta) for rule in RULE_NAMES for eta in (Fraction(1, 10), Fraction(10))
    )
    assert "Definition witness (negative : Q) : list sample := [([1], negative); ([1], 1)]." in (
        WITNESSES
    )
    for run in runs:
        low, high = numeric.RULES[RULE_NAMES[run["rule"]]].labels
        assert (run["w0"], run["epochs"], high) == ("[1]", 1, 1)
        assert q(run["data"].removeprefix("(witness ").removesuffix(")")) == low


def test_the_kernel_computed_witness_numbers_are_what_numeric_train_reports():
    runs = [run for run in stated_runs() if run["data"].startswith("(witness")]
    for rule in RULE_NAMES:
        stated = sorted((run for run in runs if run["rule"] == rule), key=lambda run: run["eta"])
        negative = q(stated[0]["data"].removeprefix("(witness ").removesuffix(")"))
        result = numeric.train(  # both rates in one run, as the numeric twin is meant to be used
            [[1], [1]],
            [int(negative), 1],
            [str(run["eta"]) for run in stated],
            w0=[1],
            exact=True,
            rule=RULE_NAMES[rule],
        )
        for e, run in enumerate(stated):
            assert [Fraction(v) for v in result.predictions[e]] == run["predictions"], run
            assert [Fraction(v) for v in result.final_weights[e]] == run["w_end"], run


def test_the_witness_predictions_differ_between_the_two_rates():
    by_rule: dict[str, dict[Fraction, list[Fraction]]] = {}
    for run in stated_runs():
        by_rule.setdefault(run["rule"], {})[run["eta"]] = run["predictions"]
    for rule, runs in by_rule.items():
        assert runs[Fraction(1, 10)] != runs[Fraction(10)], rule


SECOND = re.compile(
    r"nth 1 \(predictions (\w+) eta \[1\] \(witness (\S+?)\) 1\) 0 = (phi|unit_step) "
    r"\(1 - (?:(\d+) \* )?eta\)"
)


def test_the_second_prediction_formula_is_numerics_at_and_around_the_critical_rate():
    etas = ["1/10", "1/2", "3/7", "1", "10"]  # the critical rate is 1/2 or 1: a tie, φ(0) = 1
    formulas = SECOND.findall(WITNESSES)
    assert sorted(rule for rule, *_ in formulas) == sorted(RULE_NAMES)
    for rule, negative, step, coefficient in formulas:
        low, high = (-1, 1) if step == "phi" else (0, 1)
        result = numeric.train(
            [[1], [1]], [int(q(negative)), 1], etas, w0=[1], exact=True, rule=RULE_NAMES[rule]
        )
        for e, eta in enumerate(etas):
            z = 1 - int(coefficient or 1) * Fraction(eta)
            assert result.predictions[e][1] == (high if z >= 0 else low), (rule, eta)


def adaline_reference(data, eta, epochs, w):
    """Adaline in plain fractions: ŷ = φ(w·x), then w ← w + η(y − w·x)x."""
    predictions = []
    for _ in range(epochs):
        for x, y in data:
            z = sum(wi * xi for wi, xi in zip(w, x, strict=True))
            predictions.append(1 if z >= 0 else -1)
            w = [wi + eta * (y - z) * xi for wi, xi in zip(w, x, strict=True)]
    return predictions, w


def test_the_adaline_refutation_is_what_plain_fractions_compute():
    stated = re.search(r"Definition adaline_data : list sample := \[(.*?)\]\.", WITNESSES)
    assert stated
    data = [(q_list(x), q(y)) for x, y in re.findall(r"\(\[(.*?)\], (\S+?)\)", stated.group(1))]
    runs = [run for run in stated_runs() if run["rule"] == "adaline"]
    assert sorted(run["eta"] for run in runs) == [Fraction(1, 10), Fraction(10)]
    for run in runs:
        dimension = int(re.fullmatch(r"\(zeros (\d+)\)", run["w0"]).group(1))
        assert run["data"] == "adaline_data"
        predictions, w = adaline_reference(
            data, run["eta"], run["epochs"], [Fraction(0)] * dimension
        )
        assert (predictions, w) == (run["predictions"], run["w_end"]), run
    assert runs[0]["predictions"] != runs[1]["predictions"]


# ---- etaproof coq-check ------------------------------------------------------------------------


CERTIFIED_RULES = (
    "rosenblatt", "zero-one", "mistake-driven", "averaged", "kernel-dual", "multiclass",
    "weight-decay",
)  # fmt: skip
CERTIFICATE_THEOREMS = ("zero_init", "zero_init_every_step", "scaling_symmetry", "runs_as_etaproof")


def test_coq_check_lists_every_theorem_it_checked_and_exits_0(capsys):
    require_tool("coqc")
    assert coq_check_cli([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("coqc ") and ", ".join(FILES) in out[0]
    rows = [line.split() for line in out if line.startswith("  ")]
    main, certificates = rows[: len(coq_check.MAIN_THEOREMS)], rows[len(coq_check.MAIN_THEOREMS) :]
    assert main == [[theorem, "closed"] for theorem in coq_check.MAIN_THEOREMS]
    # the certificate of every certifiable catalogue rule, compiled against the development
    heading = next(line for line in out if line.startswith("certificates of the catalogue"))
    assert heading.endswith(": " + ", ".join(CERTIFIED_RULES))
    assert len(certificates) == 4 * len(CERTIFIED_RULES)
    assert all(verdict == "closed" for _, verdict in certificates)
    modules = {name.split(".")[1] for name, _ in certificates}
    assert modules == {
        "rule_rosenblatt", "rule_zero_one", "rule_mistake_driven", "averaged", "kernel_dual",
        "multiclass", "weight_decay",
    }  # fmt: skip
    kinds = {name.split(".")[2].removeprefix(name.split(".")[1] + "_") for name, _ in certificates}
    assert kinds == set(CERTIFICATE_THEOREMS)
    left_out = [line for line in out if line.startswith("no certificate for ")]
    assert left_out == [
        "no certificate for normalised: its update of w (the coefficient of x) uses √ (in "
        "1/sqrt(dot(x, x))), outside ℚ arithmetic"
    ]
    coqchk = next(line for line in out if line.startswith("coqchk "))
    modules = len(FILES) + len(CERTIFIED_RULES)
    assert coqchk == (
        f"coqchk re-checked {modules} modules of ours (the standard library taken as "
        "compiled): no axioms of ours"
    )
    count, certified = len(coq_check.MAIN_THEOREMS), len(certificates)
    assert out[-1] == (
        f"certified: all {count} main theorems and the {certified} theorems of "
        f"{len(CERTIFIED_RULES)} rule certificates are closed under the global context"
    )


def test_coqchk_rechecks_the_development_and_the_standard_library_and_finds_no_axioms():
    """The trust base without Print Assumptions: the independent checker re-checks every
    compiled module, Coq's standard library included (about a minute)."""
    require_tool("coqchk")
    report = coq_check.check_all(certificates=False, coqchk_stdlib=True)
    assert report.coqchk is not None and report.coqchk.everything
    assert report.coqchk.axioms == () and report.axioms_of_ours == ()
    assert "* Axioms: <none>" in report.coqchk.printed


def test_coqchk_output_is_read_as_coqchk_writes_it():
    clean = "CONTEXT SUMMARY\n===============\n\n* Axioms: <none>\n  \n* Constants/Inductives ...\n"
    assert coq_project.parse_coqchk_axioms(clean) == ()
    admitted = (
        "CONTEXT SUMMARY\n\n* Theory: Set is predicative\n  \n* Axioms:\n"
        "    Etaproof.Training.scaled_training\n    Coq.ssr.ssrunder.Under_rel.over_rel\n  \n"
        "* Constants/Inductives relying on type-in-type: <none>\n"
    )
    found = coq_project.parse_coqchk_axioms(admitted)
    assert found == ("Coq.ssr.ssrunder.Under_rel.over_rel", "Etaproof.Training.scaled_training")
    checked = coq_project.Coqchk(("Etaproof.Training",), found, False, admitted)
    assert checked.ours(("Etaproof", "Certified")) == ("Etaproof.Training.scaled_training",)


# ---- the every-step theorem, per rule -----------------------------------------------------------


@pytest.mark.parametrize("rule", sorted(RULE_NAMES))
def test_each_rule_has_the_every_step_zero_init_theorem_as_readme_states_it(rule):
    """w⁽ᵏ⁾(η) = η·w⁽ᵏ⁾(1) after every step k, and the predictions of the first k steps are
    those of rate 1 — an instance of the general Training.zero_init_every_step."""
    stated = re.search(
        rf"Theorem {rule}_zero_init_every_step : (.*?)\.\nProof\.(.*?)Qed\.", RULES, re.S
    )
    assert stated, rule
    statement = " ".join(stated.group(1).split())
    assert statement == (
        "forall d data E k eta, 0 < eta -> "
        f"veq (weights_after {rule} eta (zeros d) data E k) "
        f"(scale eta (weights_after {rule} 1 (zeros d) data E k)) /\\ "
        f"veq (predictions_upto {rule} eta (zeros d) data E k) "
        f"(predictions_upto {rule} 1 (zeros d) data E k)"
    )
    assert "apply zero_init_every_step" in stated.group(2)
    assert f"Etaproof.Rules.{rule}_zero_init_every_step" in coq_check.MAIN_THEOREMS


def test_the_every_step_predictions_are_those_of_the_first_k_steps():
    training = (COQ_DIR / "Training.v").read_text()
    assert (
        "Definition weights_after r eta w0 data E k := "
        "fst (run r eta w0 (firstn k (epochs E data)))." in training
    )
    assert (
        "Definition predictions_upto r eta w0 data E k := "
        "snd (run r eta w0 (firstn k (epochs E data)))." in training
    )


# ---- equal units -------------------------------------------------------------------------------


def test_equal_units_stay_equal_is_stated_for_any_depth_and_any_steps():
    stated = re.search(r"Theorem equal_units_stay_equal : (.*?)\.\nProof\.", SYMMETRY, re.S)
    assert stated
    assert " ".join(stated.group(1).split()) == (
        "forall U (R : U -> U -> Prop) steps, "
        "Forall (fun f => forall l theta a b, R a b -> R (f l theta a) (f l theta b)) steps -> "
        "forall theta, equal_units R theta -> equal_units R (train_units steps theta)"
    )
    # a network is any list of layers; a step maps one function over each layer's units
    assert "Definition network (U : Type) := list (list U)." in SYMMETRY
    assert "  | layer :: above => map (f l theta) layer :: unitwise_from f theta (S l) above" in (
        SYMMETRY
    )


def test_equal_units_break_when_the_update_stops_treating_units_alike(tmp_path):
    """Mutation: the step updates only the first unit of each layer.  The kernel must then
    reject the proof that equal units stay equal."""
    require_tool("coqc")
    coq = copy_development(tmp_path)
    alike = "  | layer :: above => map (f l theta) layer :: unitwise_from f theta (S l) above"
    first_only = (
        "  | layer :: above =>\n"
        "      match layer with [] => [] | u :: us => f l theta u :: us end\n"
        "      :: unitwise_from f theta (S l) above"
    )
    assert SYMMETRY.count(alike) == 1, "the mutation lost its target"
    mutated = SYMMETRY.replace(alike, first_only)
    (coq / "Symmetry.v").write_text(mutated)
    with pytest.raises(coq_check.CompileError) as rejected:
        coq_check.compile_development(coq, tmp_path / "build")
    assert rejected.value.file == "Symmetry.v"
    lines = mutated.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if "Lemma unitwise_from_related" in line)
    assert start < rejected.value.line < start + 12, rejected.value


def test_coq_check_without_coqc_says_what_to_install(monkeypatch):
    monkeypatch.setattr(coq_project.shutil, "which", lambda name: None)
    with pytest.raises(coq_check.ToolMissing) as missing:
        coq_check_cli([])
    assert isinstance(missing.value, OSError)  # main prints it in one line and exits 2
    assert describe(missing.value) == "coqc is not installed: apt-get install coq"


def test_coq_check_refuses_a_directory_without_a_coq_project(tmp_path):
    require_tool("coqc")
    with pytest.raises(coq_project.ProjectError, match="has no _CoqProject"):
        coq_check_cli(["--dir", str(tmp_path)])
    with pytest.raises(coq_project.ProjectError, match="is not a directory"):
        coq_check_cli(["--dir", str(tmp_path / "missing")])

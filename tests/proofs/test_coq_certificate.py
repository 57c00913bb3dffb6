"""The Coq certificate of a rule (proofs/coq_certificate.py): its printer writes ℚ arithmetic
and nothing else, rules outside ℚ are refused with the part named, the certificate states the
rule's own formulas and one run etaproof computed, and (heavy) the kernel accepts the
certificate of every certifiable catalogue rule and rejects a tampered one."""

from __future__ import annotations

import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import require_tool
from sympy import Abs, Rational, exp, sqrt

from proofs.commands import coq_check, coq_project
from proofs.coq_certificate import (
    CoqPrinter,
    NotCertifiable,
    certifiable_reason,
    certificate,
    coq_identifier,
    module_name,
    outside_rationals,
)
from proofs.rule_files import load_rule_file, read_rule_text
from symbolic import online_rule, run_online
from symbolic.algebra import ETA, Dot, VectorSymbol, Y, phi

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "proofs" / "rules"
W, X = VectorSymbol("w"), VectorSymbol("x")
ATOMS = {Dot(W, X): "dot_w_x", Dot(W, W): "dot_w_w"}


def rule_of(text: str):
    return read_rule_text(text, "test.toml")


# ---- the printer: ℚ arithmetic, every compound parenthesised -----------------------------------


@pytest.mark.parametrize(
    ("expr", "plain", "scaled"),
    [
        (phi(Dot(W, X)), "(phi dot_w_x)", "(phi dot_w_x)"),
        (
            ETA * (Y - phi(Dot(W, X))),
            "(eta * (y - (phi dot_w_x)))",
            "((c * eta) * (y - (phi dot_w_x)))",
        ),
        (Rational(-1, 10), "(-1 # 10)", "(-1 # 10)"),
        (-ETA * Dot(W, W), "(- (eta * dot_w_w))", "(- ((c * eta) * ((c ^ 2) * dot_w_w)))"),
        (Dot(W, X) ** 3 - 2, "((dot_w_x ^ 3) - 2)", "(((c * dot_w_x) ^ 3) - 2)"),
        (Dot(W, X) / 4, "((1 # 4) * dot_w_x)", "((1 # 4) * (c * dot_w_x))"),
    ],
)
def test_the_printer_writes_coq_over_q_and_the_scaled_formula(expr, plain, scaled):
    settings = {"atoms": ATOMS, "state": ("w",)}
    assert CoqPrinter(settings).doprint(expr) == plain
    assert CoqPrinter({**settings, "scaled": True}).doprint(expr) == scaled


@pytest.mark.parametrize(
    ("expr", "named"),
    [
        (ETA * X / sqrt(Dot(X, X)), "√ (in 1/sqrt(dot(x, x)))"),
        (ETA * Y * X / (1 + exp(Y * Dot(W, X))), "exp (in exp(y*dot(w, x)))"),
        (ETA * Y * X / Dot(X, X), "a division by dot(x, x), which may be zero"),
        (ETA * Abs(Dot(W, X)) * X, "abs (in abs(dot(w, x)))"),
        (ETA * (Y - phi(Dot(W, X))) * X, None),
    ],
)
def test_what_lies_outside_q_arithmetic_is_named(expr, named):
    assert outside_rationals(expr) == named


def test_the_printer_itself_refuses_what_is_outside_q():
    with pytest.raises(NotCertifiable, match="outside ℚ arithmetic"):
        CoqPrinter({"atoms": {Dot(X, X): "dot_x_x"}}).doprint(sqrt(Dot(X, X)))


# ---- which rules are certifiable ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        ("weight_decay.toml", None),
        ("averaged.toml", None),
        ("kernel_dual.toml", None),
        ("multiclass.toml", None),
        ("normalised.toml", "its update of w (the coefficient of x) uses √ (in 1/sqrt(dot(x, x)))"),
        ("logistic_sgd.toml", "its update of w (the coefficient of x) uses exp"),
        ("passive_aggressive.toml", "its update of w (the coefficient of x) uses min"),
    ],
)
def test_a_rule_is_certifiable_only_in_q_arithmetic(file, reason):
    found = certifiable_reason(load_rule_file(RULES / file))
    assert found == reason if reason is None else found.startswith(reason), found


def test_a_rule_that_is_not_homogeneous_gets_no_certificate():
    """Adaline is in ℚ arithmetic, but η matters: no certificate of this form exists, and the
    generator says so rather than writing one for the kernel to reject."""
    with pytest.raises(NotCertifiable, match="coefficient of x in the update of w is not c\\^1"):
        certificate(load_rule_file(RULES / "adaline.toml"), module="adaline")


def test_a_rule_outside_q_is_refused_in_one_line():
    with pytest.raises(NotCertifiable) as refused:
        certificate(load_rule_file(RULES / "normalised.toml"), module="normalised")
    message = str(refused.value)
    assert "\n" not in message and message.startswith("rule 'normalised' is outside ℚ arithmetic")


def test_an_exponent_other_than_one_is_refused():
    with pytest.raises(NotCertifiable, match="a = 2"):
        certificate(load_rule_file(RULES / "weight_decay.toml"), module="w", exponent=2)


@pytest.mark.parametrize(
    ("name", "ok"),
    [("weight_decay.v", "weight_decay"), ("W2.v", "W2"), ("weight-decay.v", None),
     ("2x.v", None), ("Training.v", None), ("rule.toml", None)],
)  # fmt: skip
def test_a_certificate_file_is_named_as_a_coq_module(name, ok):
    if ok is None:
        with pytest.raises(ValueError):
            module_name(name)
    else:
        assert module_name(name) == ok


def test_rule_names_become_coq_names_that_shadow_nothing():
    assert coq_identifier("weight-decay") == "weight_decay"
    assert coq_identifier("rosenblatt") == "rule_rosenblatt"  # Rules.rosenblatt exists
    assert coq_identifier("fix") == "rule_fix"  # a keyword
    assert coq_identifier("3 rules!") == "rule_3_rules"


# ---- what the certificate states ---------------------------------------------------------------


def test_the_certificate_states_the_rules_formulas_and_the_theorems():
    made = certificate(load_rule_file(RULES / "weight_decay.toml"), module="weight_decay")
    text = made.text
    assert made.theorems == tuple(
        f"weight_decay.weight_decay_{t}"
        for t in ("zero_init", "zero_init_every_step", "scaling_symmetry", "runs_as_etaproof")
    )
    assert "Definition coefficient_w_w (dot_w_x y eta : Q) : Q :=\n  (-1 # 10)." in text
    assert (
        "Definition coefficient_w_x (dot_w_x y eta : Q) : Q :=\n  (eta * (y - (phi dot_w_x)))."
        in (text)
    )
    assert "Definition weight_decay : rule := {|\n  decision w x := decision_at (dot w x);" in text
    assert "apply zero_init_invariance;" in text and "apply zero_init_every_step;" in text
    assert "(c ^ 1 * eta)" in text and "exponent a = 1" in text
    for word in ("Admitted", "admit", "Axiom", "Parameter", "Hypothesis"):
        assert not re.search(rf"\b{word}\b", re.sub(r"\(\*.*?\*\)", "", text, flags=re.S))


def test_a_certificate_is_the_same_bytes_every_time():
    rule = load_rule_file(RULES / "multiclass.toml")
    assert certificate(rule, module="m").text == certificate(rule, module="m").text


def q_list(text: str) -> list[Fraction]:
    items = [item.strip().strip("()") for item in text.strip().strip("[]").split(";")]
    return [Fraction(*map(int, item.split("#"))) if "#" in item else Fraction(int(item))
            for item in items if item]  # fmt: skip


@pytest.mark.parametrize("file", ["weight_decay.toml", "averaged.toml", "kernel_dual.toml"])
def test_the_stated_run_is_etaprooofs_exact_run(file):
    """The numbers the kernel recomputes are run_online's, on the data the certificate states."""
    rule = load_rule_file(RULES / file)
    text = certificate(rule, module="m").text
    stated = re.search(
        r"runs_as \w+ \(1 # 2\) \(zeros (\d+)\)\s+\[(.*?)\] 2\s+(\[.*?\])\s+(\[.*?\])\.", text, re.S
    )
    assert stated, text[-600:]
    samples = re.findall(r"\((\[.*?\]), (\S+?)\)(?:;|$)", stated.group(2))
    X = [q_list(x) for x, _ in samples]
    y = [q_list(f"[{label}]")[0] for _, label in samples]
    done = run_online(rule, X, y, "1/2", epochs=2)
    assert [Fraction(str(v)) for v in done.predictions] == q_list(stated.group(3))
    assert [Fraction(str(v)) for v in done.weights[-1]] == q_list(stated.group(4))
    assert int(stated.group(1)) == len(done.weights[-1])


# ---- the kernel's verdict (heavy) ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The development compiled once in a temporary directory."""
    require_tool("coqc")
    build = tmp_path_factory.mktemp("coq") / "development"
    project = coq_project.compile_development(coq_project.DEVELOPMENT, build)
    return project, build


@pytest.mark.heavy
def test_every_certifiable_catalogue_rule_gets_a_certificate_the_kernel_accepts(built, tmp_path):
    project, build = built
    made, left_out = coq_check.catalogue_certificates()
    assert [c.rule for c in made] == [
        "rosenblatt", "zero-one", "mistake-driven", "averaged", "kernel-dual", "multiclass",
        "weight-decay",
    ]  # fmt: skip
    assert [(left.rule, "√" in left.why) for left in left_out] == [("normalised", True)]
    texts = {c.module: c.text for c in made}
    coq_project.compile_certificates(project, build, tmp_path / "certificates", texts)
    results = coq_project.print_assumptions(
        project, build, tmp_path / "check", tuple(t for c in made for t in c.theorems),
        timeout=coq_project.TIMEOUT, certificates=tmp_path / "certificates", modules=tuple(texts),
    )  # fmt: skip
    assert [r.verdict for r in results] == ["closed"] * (4 * len(made))


@pytest.mark.heavy
def test_the_builtin_rules_certificates_agree_with_the_hand_written_rules(built, tmp_path):
    """The generated Rosenblatt rule computes what Rules.rosenblatt computes: the kernel
    checks, on the witness of Witnesses.v, that both runs are the same numbers."""
    project, build = built
    made = certificate(online_rule("rosenblatt"), module="generated")
    text = made.text + (
        "\nTheorem same_run : forall eta, In eta [1#10; 1; 10] ->\n"
        "  veqb (predictions rule_rosenblatt eta [1] (witness (-1)) 3)\n"
        "       (predictions rosenblatt eta [1] (witness (-1)) 3) = true /\\\n"
        "  veqb (final_weights rule_rosenblatt eta [1] (witness (-1)) 3)\n"
        "       (final_weights rosenblatt eta [1] (witness (-1)) 3) = true.\n"
        "Proof. intros eta [<- | [<- | [<- | []]]]; split; vm_compute; reflexivity. Qed.\n"
    )
    coq_project.compile_certificates(project, build, tmp_path, {"generated": text})


def tampered(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the tampering lost its target: {old!r}"
    return text.replace(old, new)


@pytest.mark.heavy
@pytest.mark.parametrize(
    ("old", "new", "rejected_in"),
    [
        # Adaline's coefficient in place of the decoupled decay's: the update is not homogeneous
        (
            "  (eta * (y - (phi dot_w_x))).",
            "  (eta * (y - dot_w_x)).",
            "Lemma coefficient_w_x_scaled",
        ),
        # the decay scaled by η (the L2 penalty): the state term's coefficient changes with c
        ("  (-1 # 10).", "  (- (eta * (1 # 10))).", "Lemma coefficient_w_w_scaled"),
        # a prediction of the stated run changed: the kernel recomputes the run
        (
            "    [1; 1; (-1); (-1); 1; (-1)]",
            "    [1; 1; (-1); (-1); 1; 1]",
            "Theorem weight_decay_runs_as",
        ),
    ],
)
def test_a_tampered_certificate_is_rejected_by_the_kernel(built, tmp_path, old, new, rejected_in):
    project, build = built
    text = certificate(load_rule_file(RULES / "weight_decay.toml"), module="weight_decay").text
    bad = tampered(text, old, new)
    with pytest.raises(coq_project.CompileError) as rejected:
        coq_project.compile_certificates(project, build, tmp_path, {"weight_decay": bad})
    lines = bad.splitlines()
    start = next(n for n, line in enumerate(lines, 1) if rejected_in in line)
    end = next(n for n, line in enumerate(lines, 1) if n > start and "Qed." in line)
    assert rejected.value.file == "weight_decay.v"
    assert start <= rejected.value.line <= end, rejected.value


@pytest.mark.heavy
def test_a_certificate_compiles_with_coqc_against_the_compiled_development(built, tmp_path):
    """As a user checks it: ``coqc -R proofs/coq Etaproof FILE.v`` once proofs/coq/ is compiled
    (here a compiled copy stands for proofs/coq)."""
    _, build = built
    path = tmp_path / "weight_decay.v"
    path.write_text(
        certificate(load_rule_file(RULES / "weight_decay.toml"), module="weight_decay").text
    )
    done = subprocess.run(
        [shutil.which("coqc") or "coqc", "-R", str(build), "Etaproof", path.name],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "weight_decay.vo").is_file()


@pytest.mark.heavy
def test_a_user_rule_with_squares_nested_dots_and_a_gated_decay_is_certified(built, tmp_path):
    project, build = built
    rule = rule_of(
        'name = "gated"\ninputs = ["e"]\n'
        'decision = "phi(dot(w, e)**3 * dot(e, e))"\n'
        'update = "-(1/10) * (1 + phi(dot(w, e) * dot(w, w))) / 2 * w'
        ' + eta * (y - phi(dot(w, e)**2 * dot(w, e) - dot(w, w) * dot(w, e))) * e * dot(e, e)"\n'
    )
    made = certificate(rule, module="gated")
    coq_project.compile_certificates(project, build, tmp_path, {"gated": made.text})

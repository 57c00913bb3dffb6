"""The catalogue: does the learning rate matter for this online rule?  Every entry's verdict
with its derivation or its counterexample, and the document ``proofs/catalogue.tex``.

Each rule is an :class:`~symbolic.OnlineRule`: the three built-in rules through
:func:`symbolic.online_rule`, the others from the rule files in ``proofs/rules/`` (loaded as
``etaproof prove --rule-file`` loads a user's).  Parameters are fixed numbers, stated with
the entry: λ = 1/10, γ = 1, θ = 1, C = 1.  Three kinds of entry:

- ``rule``: the verdict of :func:`symbolic.prove_eta_invariance`;
- ``sign``: η ≤ 0.  The rule that uses −η is homogeneous, so the negative rates agree with
  one another (the prover proves it); what fails is the comparison across the sign, shown by
  a dataset on which Rosenblatt's rule at η = 1 and at η = −1 predict differently;
- ``stopping``: scikit-learn's ``tol`` early stopping, a stopping rule on top of an invariant
  update rule; its verdict is the cross-check in ``tests/numeric/test_iris_and_sklearn.py``,
  with the two stopping points run exactly here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sympy import Eq, Expr, Gt, ImmutableMatrix, Integer, Rational, Symbol

from proofs.documents.eta_invariance import (
    counterexample_blocks,
    eq,
    rule_blocks,
    scaling_words,
    verdict_blocks,
    verdict_document,
)
from proofs.rule_files import load_rule_file
from symbolic import (
    Counterexample,
    EtaVerdict,
    OnlineRule,
    ScalingSymmetry,
    online_rule,
    prove_eta_invariance,
    run_online,
    scaling_symmetry,
)
from symbolic.algebra import ETA, ZERO_VECTOR, C, vector
from symbolic.derivations import (
    INFERENCE_RULES,
    Chain,
    Derivation,
    Document,
    Heading,
    Paragraph,
    Table,
)
from symbolic.theorems.counterexamples import Arm, search_counterexample

#: The rule files of the catalogue (inside the package).
RULES_DIR = Path(__file__).resolve().parents[1] / "rules"

#: How documents name a rule file: relative to the source checkout, so they do not depend on
#: where the package is installed or run from.
SHOWN_DIR = "proofs/rules"

#: The scikit-learn cross-check the ``stopping`` entry cites.
SKLEARN_TEST = (
    "tests/numeric/test_iris_and_sklearn.py::"
    "test_scikit_learns_default_tol_makes_its_result_depend_on_eta0"
)


def _p(name: str, value: object) -> Expr:
    return Eq(Symbol(name), value, evaluate=False)


@dataclass(frozen=True)
class Entry:
    """One rule of the catalogue, the verdict it must get (``expected``) and, for a rule, the
    exponent of its scaling symmetry (``exponent``: "1", "2", or "none")."""

    name: str
    title: str
    expected: str
    note: str
    kind: str = "rule"
    builtin: str | None = None
    file: str | None = None
    parameters: tuple[Expr, ...] = ()
    exponent: str | None = None

    def rule(self) -> OnlineRule:
        """The entry's rule (for ``sign``: the rule that uses −η)."""
        if self.builtin is not None:
            return online_rule(self.builtin)
        assert self.file is not None, self.name
        return load_rule_file(RULES_DIR / self.file, shown_as=f"{SHOWN_DIR}/{self.file}")


CATALOGUE: tuple[Entry, ...] = (
    Entry("rosenblatt", "Rosenblatt's perceptron, labels -1 and 1", "proved",
          "phi(0) = 1, Delta w = eta (y - y_hat) x: the textbook's rule.", builtin="rosenblatt",
          exponent="1"),
    Entry("zero-one", "Rosenblatt's perceptron, labels 0 and 1", "proved",
          "y_hat = 1 if w.x >= 0 else 0, Delta w = eta (y - y_hat) x.", builtin="zero-one",
          exponent="1"),
    Entry("mistake-driven", "The mistake-driven perceptron", "proved",
          "Delta w = eta y x whenever y w.x <= 0 (scikit-learn's update).",
          builtin="mistake-driven", exponent="1"),
    Entry("averaged", "The averaged perceptron", "proved",
          "The state holds the weights u and their running sum a; the prediction is that of "
          "the average a/k, whose sign is that of a.", file="averaged.toml", exponent="1"),
    Entry("kernel-dual", "The kernel perceptron in dual form", "proved",
          "The state holds the dual coefficients over m stored samples; the input is a "
          "one-hot slot and the kernel values, so the data never enter the state.",
          file="kernel_dual.toml", exponent="1"),
    Entry("multiclass", "The multiclass perceptron, three classes", "proved",
          "The state stacks the class weights; argmax of w_j.x, ties to the lower class.",
          file="multiclass.toml", exponent="1"),
    Entry("normalised", "The perceptron with updates normalised by the length of x", "proved",
          "Delta w = eta (y - y_hat) x / |x| (no step at x = 0).", file="normalised.toml",
          exponent="1"),
    Entry("weight-decay", "Weight decay decoupled from the learning rate", "proved",
          "w <- (1 - lambda) w + eta (y - y_hat) x.", file="weight_decay.toml",
          parameters=(_p("lambda", Rational(1, 10)),), exponent="1"),
    Entry("adaline", "Adaline (Widrow-Hoff)", "refuted",
          "Delta w = eta (y - w.x) x reads the magnitude of w.x.", file="adaline.toml",
          exponent="none"),
    Entry("logistic-sgd", "Logistic regression by SGD", "refuted",
          "Delta w = eta y x sigma(-y w.x); the run keeps exact numbers such as "
          "1/(1 + exp(2)).", file="logistic_sgd.toml", exponent="none"),
    Entry("margin", "The margin perceptron", "refuted",
          "Update whenever y w.x <= gamma with a fixed gamma > 0.", file="margin.toml",
          parameters=(_p("gamma", Integer(1)),), exponent="none"),
    Entry("threshold", "A fixed threshold without a bias weight", "refuted",
          "y_hat = phi(w.x - theta), Delta w = eta (y - y_hat) x.", file="threshold.toml",
          parameters=(_p("theta", Integer(1)),), exponent="none"),
    Entry("l2-penalty", "An L2 penalty in the gradient step", "refuted",
          "w <- (1 - eta lambda) w + eta (y - y_hat) x: the decay grows with eta.",
          file="l2_penalty.toml", parameters=(_p("lambda", Rational(1, 10)),), exponent="none"),
    Entry("negative-rate", "A learning rate eta <= 0", "refuted",
          "Rosenblatt's rule at a negative rate is the rule that uses -eta. That rule is "
          "homogeneous, so all negative rates agree with one another; a negative rate and a "
          "positive one do not. At eta = 0 nothing is learnt and every prediction is phi(0).",
          kind="sign", file="negative_rate.toml"),
    Entry("passive-aggressive", "Passive-aggressive PA-I, the aggressiveness C as the rate",
          "refuted", "tau = min(C, max(0, 1 - y w.x)/|x|^2), Delta w = tau y x, with C the rate.",
          file="passive_aggressive.toml", exponent="none"),
    Entry("passive-aggressive-rate", "Passive-aggressive PA-I with a learning rate", "refuted",
          "Delta w = eta tau y x, tau = min(C, max(0, 1 - y w.x)/|x|^2).",
          file="passive_aggressive_rate.toml", parameters=(_p("C", Integer(1)),), exponent="none"),
    Entry("sklearn-tol", "scikit-learn's Perceptron with its default tol", "refuted",
          "Early stopping compares the epoch's loss, which grows with eta0, with a fixed "
          "tol = 1e-3: a stopping rule that breaks an invariant update rule.",
          kind="stopping", builtin="mistake-driven"),

    Entry("scale-invariant", "A gradient step on a scale-invariant loss", "undecided",
          "loss ((w.x)^2/(w.w) - y)^2/2, the same for c w and w; undefined at w = 0, so there "
          "is no zero-init run: only eta over the squared length of w0, and the direction of w0, "
          "matter.",
          file="scale_invariant.toml", exponent="2"),
    Entry("weight-normalised-logistic", "Normalised logistic loss",
          "undecided", "loss log(1 + exp(-y w.x/|w|)); undefined at w = 0, like every "
          "scale-invariant loss.", file="weight_normalised_logistic.toml", exponent="2"),
)  # fmt: skip

BY_NAME: dict[str, Entry] = {entry.name: entry for entry in CATALOGUE}

#: The dataset of the scikit-learn cross-check (features; labels last), with a bias.
CYCLING_X = ((0, 0), (0, 0), (0, 0), (-1, 0), (-2, 0))
CYCLING_Y = (-1, -1, 1, -1, 1)
#: Its stopping points: eta0 = 2^-10 stops after 6 epochs, eta0 = 1 after 7.
STOPS = ((Rational(1, 1024), 6), (Integer(1), 7))


@dataclass(frozen=True)
class Outcome:
    """An entry's verdict: ``status``, the prover's verdict (for ``sign``: on the rule that
    uses −η), the counterexample that refutes it, and the seconds it took."""

    entry: Entry
    status: str
    verdict: EtaVerdict | None
    counterexample: Counterexample | None
    seconds: float
    scaling: ScalingSymmetry | None = None

    def __str__(self) -> str:
        """One line."""
        e = self.entry
        if e.kind == "rule":
            assert self.verdict is not None
            return str(self.verdict)
        if e.kind == "sign":
            assert self.counterexample is not None
            return (
                f"refuted: rule {e.name!r}: {self.counterexample.describe()}; among negative "
                f"rates alone the prover says {self.verdict.status if self.verdict else '?'}"
            )
        return (
            "refuted: scikit-learn's tol early stopping stops after 6 epochs at eta0 = 2^-10 "
            "and after 7 at eta0 = 1, and the two stopping points predict differently "
            f"({SKLEARN_TEST})"
        )


def outcome(entry: Entry | str) -> Outcome:
    """Decide one entry (``sign`` and ``stopping`` as described in the module docstring)."""
    entry = BY_NAME[entry] if isinstance(entry, str) else entry
    started = time.perf_counter()
    if entry.kind == "rule":
        rule = entry.rule()
        verdict, scaling = prove_eta_invariance(rule), scaling_symmetry(rule)
        return Outcome(entry, verdict.status, verdict, verdict.counterexample, _since(started),
                       scaling)  # fmt: skip
    if entry.kind == "sign":
        negated = entry.rule()
        verdict = prove_eta_invariance(negated)
        rosenblatt = online_rule("rosenblatt")
        found = search_counterexample(
            rosenblatt, arms=(Arm(rosenblatt, Integer(1)), Arm(negated, Integer(1)))
        ).counterexample
        status = "refuted" if found is not None else "undecided"
        return Outcome(entry, status, verdict, found, _since(started))
    runs = stopping_runs()
    status = "refuted" if runs[0][1] != runs[1][1] else "undecided"
    return Outcome(entry, status, None, None, _since(started))


def stopping_runs() -> tuple[tuple[ImmutableMatrix, tuple[Expr, ...]], ...]:
    """The mistake-driven rule with a bias on the cross-check's data, run exactly to each
    stopping point of :data:`STOPS`: (final weights, the predictions they make on the data)."""
    rule = online_rule("mistake-driven")
    found = []
    for eta, epochs in STOPS:
        run = run_online(rule, CYCLING_X, CYCLING_Y, eta, epochs=epochs, bias=True)
        w = run.weights[-1]
        found.append((w, tuple(rule.predict(w, ImmutableMatrix([*x, 1])) for x in CYCLING_X)))
    return tuple(found)


def _since(started: float) -> float:
    return time.perf_counter() - started


@cache
def catalogue_outcomes() -> tuple[Outcome, ...]:
    """Every entry decided, in catalogue order (computed once per process)."""
    return tuple(outcome(entry) for entry in CATALOGUE)


# -- the document ------------------------------------------------------------------------------


def catalogue_document() -> Document:
    """The catalogue as one document: the general lemma, the table, every entry."""
    outcomes = catalogue_outcomes()
    blocks: list = [
        Paragraph(
            (
                "For each online learning rule below: does the learning rate ",
                ETA,
                " change the predictions when the weights start at zero? A rule is given by "
                "its decision (the prediction from the state w and the input x) and its "
                "update (the change of w for a label y and a rate ",
                ETA,
                "). Proved means that both homogeneity conditions below were shown by the "
                "derivation engine, and with them the induction; refuted means that a small "
                "dataset, found by a systematic search, was run exactly by the rule's own "
                "functions and two positive rates predicted differently on it. Every chain "
                "below was checked by SymPy before it was printed.",
            )
        ),
        *lemma_blocks(),
        Heading("The verdicts"),
        Table(
            ("rule", "verdict", "parameters"),
            tuple((o.entry.name, o.status, _parameters(o.entry) or "-") for o in outcomes),
        ),
    ]
    for o in outcomes:
        blocks += entry_blocks(o)
    return Document("Does the learning rate matter? A catalogue of online rules", tuple(blocks))


def lemma_blocks() -> list:
    """The general lemma, stated once: homogeneous decision and update give a scaled run."""
    w, v, dw, g = vector("w", "k"), vector("v", "k"), vector("w", "k", delta=True), vector("g", "k")
    w1, v1 = vector("w", "k-1"), vector("v", "k-1")
    definition = INFERENCE_RULES["definition"]
    step = (
        Derivation(w)
        .step(w1 + dw, definition.using((w, w1 + dw)))
        .step(ETA * v1 + dw, INFERENCE_RULES["induction"].using((w1, ETA * v1)))
        .step(ETA * v1 + ETA * g, INFERENCE_RULES["hypothesis"].using((dw, ETA * g)))
        .step(ETA * (v1 + g), "algebra")
        .step(ETA * v, definition.using((v, v1 + g)))
        .verify()
    )
    return [
        Heading("The general lemma"),
        Paragraph(
            (
                "Call a rule homogeneous when, for every ",
                Gt(C, 0, evaluate=False),
                ", the decision at c w is the decision at w, and the update at (c w, c ",
                ETA,
                ") is c times the update at (w, ",
                ETA,
                "). Then the run from ",
                eq(vector("w", 0), ETA * vector("v", 0)),
                " with rate ",
                ETA,
                " is ",
                ETA,
                " times the run from ",
                vector("v", 0),
                " with rate 1: if ",
                eq(w1, ETA * v1),
                ", the update at step k is ",
                ETA,
                " times the update ",
                g,
                " of the run with rate 1 (the update condition with c = ",
                ETA,
                "), so",
            )
        ),
        Chain(step),
        Paragraph(
            (
                "and the prediction at step k is that of the run with rate 1 (the decision "
                "condition). With ",
                eq(vector("w", 0), ZERO_VECTOR),
                " also ",
                eq(vector("v", 0), ZERO_VECTOR),
                ", so the run with rate 1 does not involve ",
                ETA,
                ": every prediction is the same for every positive rate. The engine checks "
                "this chain with the step's update as a hypothesis; for each proved rule the "
                "whole induction, with the vectors kept whole (so for every dimension), is "
                "checked with nothing assumed but the "
                "induction hypothesis and the zero initial weights, and printed by: etaproof "
                "prove RULE.",
            )
        ),
    ]


def entry_blocks(o: Outcome) -> list:
    """One entry: its rule, its verdict with its chains, counterexample or witness."""
    e = o.entry
    blocks: list = [Heading(f"{e.name}: {e.title}")]
    parameters = _parameters(e)
    blocks.append(Paragraph((e.note, *((" Parameters: ", *parameters, ".") if parameters else ()))))
    if e.kind == "rule":
        assert o.verdict is not None
        blocks += rule_blocks(o.verdict)
        blocks += verdict_blocks(o.verdict, induction=False)
        if o.verdict.induction is not None:
            blocks.append(
                Paragraph(
                    (
                        "With both conditions the general lemma applies; the induction for "
                        f"this rule, checked with the vectors kept whole (so for every "
                        f"dimension), is printed by: etaproof prove "
                        f"{e.name}",
                    )
                )
            )
        if o.scaling is not None:
            blocks.append(Paragraph(scaling_words(o.scaling)))
    elif e.kind == "sign":
        assert o.verdict is not None
        blocks += rule_blocks(o.verdict)
        blocks.append(
            Paragraph(
                (
                    f"The prover's verdict on this rule alone: {o.verdict.status}. A "
                    "negative rate against a positive one: the rule negative-rate at rate 1 is "
                    "Rosenblatt's rule at rate -1.",
                )
            )
        )
        if o.counterexample is not None:
            blocks += counterexample_blocks(o.counterexample)
    else:
        blocks += stopping_blocks()
    return blocks


def entry_document(o: Outcome, *, check_command: str | None = None) -> Document:
    """One entry as a document of its own (a proved rule with its whole induction)."""
    if o.entry.kind == "rule":
        assert o.verdict is not None
        summary = f"{o.entry.title}. {o.entry.note}"
        return verdict_document(o.verdict, check_command=check_command, summary=summary)
    return Document(f"Does the learning rate matter? {o.entry.title}", tuple(entry_blocks(o)))


def stopping_blocks() -> list:
    """The two stopping points, run exactly."""
    (small, small_p), (large, large_p) = stopping_runs()
    (eta_small, epochs_small), (eta_large, epochs_large) = STOPS
    data = "; ".join(
        f"({', '.join(str(v) for v in x)}), {y}" for x, y in zip(CYCLING_X, CYCLING_Y, strict=True)
    )
    return [
        Paragraph(
            (
                f"The cross-check {SKLEARN_TEST} fits scikit-learn's Perceptron (shuffle off, "
                f"default tol) on the samples {data} (features, then label). It stops after "
                f"{epochs_small} epochs at eta0 = 1/1024 and after {epochs_large} at eta0 = 1, "
                "and each stopping point is exactly the mistake-driven rule with a bias run for "
                "that many epochs. Run exactly here:",
            )
        ),
        Table(
            ("rate", "epochs", "final weights", "their predictions on the data"),
            (
                (eq(ETA, eta_small), str(epochs_small), small.T, ImmutableMatrix([small_p])),
                (eq(ETA, eta_large), str(epochs_large), large.T, ImmutableMatrix([large_p])),
            ),
        ),
        Paragraph(
            (
                "The update rule is invariant (it is proved above), but where the run stops "
                "depends on ",
                ETA,
                ", and so do the final predictions. Without early stopping (tol=None) "
                "scikit-learn's weights only scale with eta0, as the same test file checks.",
            )
        ),
    ]


def _parameters(entry: Entry) -> tuple:
    parts: list = []
    for i, parameter in enumerate(entry.parameters):
        parts += ([", "] if i else []) + [parameter]
    return tuple(parts)

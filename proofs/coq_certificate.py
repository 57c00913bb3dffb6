"""A Coq certificate for a rule the prover proved: the rule over ℚ, and the kernel's proof.

The prover (:func:`symbolic.prove_eta_invariance`) finds the proof with SymPy; this module
writes it again as a Coq file that the kernel checks against the development in
``proofs/coq/`` (the pattern: an untrusted search finds the proof, a small kernel checks it).
The file

1. defines the rule's decision and each coefficient of its update as a function of the dot
   products the rule uses, y and η, printed from the rule's own formulas
   (:class:`~symbolic.OnlineRule`'s ``form``) by :class:`CoqPrinter`, and instantiates
   ``Training.rule`` with them (a state or an input of several vectors is stacked, as on
   numbers: ``Certificates.part``);
2. proves each function homogeneous as a lemma of scalar algebra: the dot products scale as
   c or c², η as c, φ drops a positive factor (``Certificates.phi_homogeneous``, once per φ,
   innermost first), and ``ring`` closes what is left;
3. assembles the two conditions (``decision_homogeneous``, ``update_homogeneous``) and
   ``respects_veq``, and concludes ``zero_init_invariance``, ``zero_init_every_step`` and
   the scaling symmetry of exponent a = 1 (``Training.scaling_symmetry``) for the rule;
4. states one exact run that etaproof's runner computed (:func:`symbolic.run_online`), which
   the kernel recomputes (``vm_compute``): the Coq rule is the rule that is run.

Only rules in ℚ arithmetic can be certified: +, −, ×, powers with whole exponents, division
by a non-zero number, φ, dot products and exact numbers.  Anything else (√ and ``norm``,
``exp``, ``log``, ``tanh``, ``abs``, ``sign``, ``min``, ``max``, division by a formula) is
:class:`NotCertifiable`, one line saying what.  Nothing here decides truth: a certificate is
written only for a proved rule, and only the kernel's verdict counts.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sympy import (
    Add,
    Dummy,
    Expr,
    Mul,
    Pow,
    Rational,
    Symbol,
    cancel,
    expand,
    postorder_traversal,
    preorder_traversal,
)
from sympy.printing.str import StrPrinter

from symbolic import OnlineRule, run_online
from symbolic.algebra import ETA, Dot, VectorSymbol, Y, phi
from symbolic.render.rule_text import rule_text

#: The modules of the development (a certificate may not be named like one of them).
LIBRARY_MODULES = ("Vectors", "Training", "Rules", "Witnesses", "Symmetry", "Certificates")

#: Names a certificate's rule may not take (Coq keywords and the development's names).
TAKEN = frozenset(
    """as at cofix else end exists exists2 fix for forall fun if in let match mod return then
    using where with Prop Set Type Definition Theorem Lemma Proof Qed rule run train epochs
    decision update phi unit_step dot scale vadd zeros veq part dim combination sample
    predictions final_weights weights_after predictions_upto runs_as witness rosenblatt
    zero_one mistake_driven adaline c y eta w x""".split()
)

#: The run the certificate states: two epochs at η = 1/2 from zero, on three samples of
#: dimension 2, labels taken in turn from the rule's label set.
RUN_ETA = Rational(1, 2)
RUN_EPOCHS = 2
RUN_DIMENSION = 2
RUN_SAMPLES = 3

#: The scalar arithmetic of a certificate (what ``ring`` and φ's lemma handle).
ARITHMETIC = (
    "+, −, ×, whole powers, division by a non-zero number, φ, dot products and exact numbers"
)


class NotCertifiable(ValueError):
    """The rule is outside what a certificate covers (one line, naming the part)."""


# ---- what ℚ arithmetic is --------------------------------------------------------------------


def outside_rationals(expr: Expr) -> str | None:
    """The first part of ``expr`` outside ℚ arithmetic, in words (``"√ (in 1/sqrt(dot(x,
    x)))"``), or None when every part is +, −, ×, a whole power, a division by a non-zero
    number, a number, y, η, φ or a dot product.  A function or a root is named before a
    division (``1/(1 + exp(z))`` is outside for its exp)."""
    nodes = list(preorder_traversal(expr))
    for node in nodes:
        if isinstance(node, Pow) and not node.exp.is_Integer:
            root = "√" if abs(node.exp) == Rational(1, 2) else f"the power {node.exp}"
            return f"{root} (in {rule_text(node)})"
        if node.is_Function and not isinstance(node, Dot | phi):
            return f"{_function_name(node)} (in {rule_text(node)})"
    for node in nodes:
        if isinstance(node, Pow) and node.exp < 0 and not node.base.is_number:
            return f"a division by {rule_text(node.base)}, which may be zero"
        if isinstance(node, Symbol) and not isinstance(node, VectorSymbol) and node not in (Y, ETA):
            return f"the name {node}"
        if node.is_number and not isinstance(node, Rational):
            return f"the number {rule_text(node)}"
    return None


def _function_name(node: Expr) -> str:
    name = type(node).__name__
    return {"Abs": "abs", "Min": "min", "Max": "max"}.get(name, name)


def certifiable_reason(rule: OnlineRule) -> str | None:
    """Why ``rule`` cannot be certified (its first formula outside ℚ arithmetic), or None."""
    form = rule.form
    for what, expr in (("decision", form.decision), *_coefficients(rule)):
        found = outside_rationals(expr)
        if found is not None:
            return f"its {what} uses {found}"
    return None


def _coefficients(rule: OnlineRule) -> list[tuple[str, Expr]]:
    form = rule.form
    found = []
    for state, terms in zip(form.state, form.coefficients, strict=True):
        for vector, coefficient in terms:
            found.append((f"update of {state} (the coefficient of {vector})", coefficient))
    return found


# ---- the printer -----------------------------------------------------------------------------


class CoqPrinter(StrPrinter):
    """Coq text over ℚ for a rule's scalar formulas, SymPy-printer style (dispatch on the
    class name).  Every compound term is parenthesised, so the text parses to the tree it
    was printed from.  Settings: ``atoms`` (each dot product's Coq name), ``scaled`` (print
    the formula at c·w and c·η: each dot product times c to the number of state vectors in
    it, η times c; a φ inside prints as it is, because its lemma has rewritten it already)
    and ``state`` (the state's vector names)."""

    printmethod = "_coq"
    _default_settings: ClassVar[dict[str, Any]] = {
        **StrPrinter._default_settings,
        "atoms": {},
        "scaled": False,
        "state": (),
    }

    def _print(self, expr, **kwargs) -> str:
        if not isinstance(expr, Add | Mul | Pow | Rational | Symbol | Dot | phi):
            raise NotCertifiable(f"{rule_text(expr)} is outside ℚ arithmetic ({ARITHMETIC})")
        return super()._print(expr, **kwargs)

    def _print_Add(self, expr, order=None) -> str:
        terms = self._as_ordered_terms(expr, order=order)
        text = self._print(terms[0])
        for term in terms[1:]:
            coefficient, rest = term.as_coeff_Mul()
            if coefficient.is_negative:
                text += " - " + self._print(-coefficient * rest)
            else:
                text += " + " + self._print(term)
        return f"({text})"

    def _print_Mul(self, expr) -> str:
        coefficient, rest = expr.as_coeff_Mul()
        if coefficient == -1:
            return f"(- {self._print(rest)})"
        factors = [self._print(f) for f in Mul.make_args(rest)]
        if coefficient != 1:
            factors.insert(0, self._print(coefficient))
        return "(" + " * ".join(factors) + ")"

    def _print_Pow(self, expr, rational=False) -> str:
        base, exponent = expr.as_base_exp()
        if not (exponent.is_Integer and exponent > 0):
            raise NotCertifiable(f"{rule_text(expr)} is outside ℚ arithmetic ({ARITHMETIC})")
        return f"({self._print(base)} ^ {exponent})"

    def _print_Integer(self, expr) -> str:
        return str(expr.p) if expr.p >= 0 else f"({expr.p})"

    def _print_Rational(self, expr) -> str:
        return f"({expr.p} # {expr.q})"

    def _print_Symbol(self, expr) -> str:
        if expr == Y:
            return "y"
        if expr == ETA:
            return "(c * eta)" if self._settings["scaled"] else "eta"
        raise NotCertifiable(f"the name {expr} is not a number of ℚ arithmetic")

    def _print_Dot(self, expr) -> str:
        name = self._settings["atoms"][expr]
        if not self._settings["scaled"]:
            return name
        return f"({scale_factor(dot_degree(expr, self._settings['state']))} * {name})"

    def _print_phi(self, expr) -> str:
        plain = CoqPrinter({**self._settings, "scaled": False})
        return f"(phi {plain._print(expr.args[0])})"


def scale_factor(k: int) -> str:
    """c, or cᵏ as Coq writes it."""
    return "c" if k == 1 else f"(c ^ {k})"


def dot_degree(d: Dot, state: Sequence[str]) -> int:
    """How many of the dot product's two sides are state vectors (it scales as c to that)."""
    return sum(str(side) in state for side in d.args)


# ---- homogeneity, as the certificate proves it -----------------------------------------------

_C = Symbol("c", positive=True)


def _scaled(expr: Expr, atoms: Sequence[Dot], state: Sequence[str]) -> Expr:
    """``expr`` at c·w and c·η, with its dot products kept whole (no SymPy evaluation of φ:
    the caller replaces each φ by a symbol first)."""
    mapping = {d: _C ** dot_degree(d, state) * d for d in atoms}
    mapping[ETA] = _C * ETA
    return expr.xreplace(mapping)


def _phi_nodes(expr: Expr) -> list[phi]:
    """The φ of ``expr``, innermost first, each once."""
    return list(dict.fromkeys(n for n in postorder_traversal(expr) if isinstance(n, phi)))


def _opaque(expr: Expr, nodes: Sequence[phi]) -> Expr:
    """``expr`` with each φ in ``nodes`` replaced by a symbol of its own (outermost first, so
    that a φ inside another disappears with it)."""
    names = {node: Dummy("phi") for node in nodes}
    for node in reversed(nodes):
        expr = expr.xreplace({node: names[node]})
    return expr


def phi_degree(node: phi, atoms: Sequence[Dot], state: Sequence[str]) -> int | None:
    """k with argument(c·w, c·η) = cᵏ·argument(w, η), the φ inside it left as they are; None
    when the argument is not homogeneous so."""
    argument = _opaque(node.args[0], _phi_nodes(node.args[0]))
    scaled = _scaled(argument, atoms, state)
    if expand(scaled - argument) == 0:
        return 0
    ratio = cancel(scaled / argument)
    if ratio == _C:
        return 1
    base, exponent = ratio.as_base_exp()
    if base == _C and exponent.is_Integer and exponent > 0:
        return int(exponent)
    return None


def is_homogeneous(expr: Expr, degree: int, atoms: Sequence[Dot], state: Sequence[str]) -> bool:
    """True when ``expr`` at c·w and c·η is c^degree times ``expr``, every φ taken as it is
    (the certificate's last step: ``ring`` after φ's lemmas)."""
    plain = _opaque(expr, _phi_nodes(expr))
    return expand(_scaled(plain, atoms, state) - _C**degree * plain) == 0


# ---- the certificate -------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    """A certificate: the Coq ``text`` of module ``module`` for rule ``rule`` (named ``name``
    in Coq), and its main theorems (qualified by the module)."""

    rule: str
    name: str
    module: str
    text: str
    theorems: tuple[str, ...]
    exponent: int = 1


_MODULE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def module_name(file_name: str) -> str:
    """The Coq module of a certificate file ``NAME.v``: NAME, which Coq requires to be an
    identifier; else :class:`ValueError` saying so."""
    if not file_name.endswith(".v"):
        raise ValueError(f"{file_name!r} must be a Coq file name ending in .v")
    stem = file_name[:-2]
    if not _MODULE.match(stem):
        raise ValueError(
            f"{file_name!r} is not a Coq module name: use letters, digits and _ (starting "
            "with a letter), e.g. weight_decay.v"
        )
    if stem in LIBRARY_MODULES:
        raise ValueError(f"{file_name!r} has the name of a module of the development")
    return stem


def coq_identifier(name: str) -> str:
    """A Coq name for the rule: its name in lower case, other characters as _."""
    ident = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    if not ident or not ident[0].isalpha() or ident in TAKEN:
        ident = f"rule_{ident}"
    return ident


def _comment(text: str) -> str:
    """Text that is safe inside a Coq comment (no nested comment marks, no string quotes)."""
    return text.replace('"', "''").replace("(*", "( *").replace("*)", "* )")


def certificate(rule: OnlineRule, *, module: str, exponent: object = 1) -> Certificate:
    """The certificate of ``rule`` (proved by the prover: the caller checks the verdict) as
    module ``module`` (see the module docstring).  ``exponent``: the rule's scaling exponent
    (:func:`symbolic.scaling_symmetry`); a proved rule's is 1.  :class:`NotCertifiable` when
    the rule is outside ℚ arithmetic, its exponent is not 1, or a formula is not homogeneous
    as written (so no kernel proof of this form exists)."""
    reason = certifiable_reason(rule)
    if reason is not None:
        raise NotCertifiable(
            f"rule {rule.name!r} is outside ℚ arithmetic: {reason}; a Coq certificate covers "
            f"{ARITHMETIC}"
        )
    if exponent != 1:
        raise NotCertifiable(
            f"rule {rule.name!r} has the scaling exponent a = {exponent}, and a certificate "
            "concludes the zero-init theorem, which needs a = 1"
        )
    return _Writer(rule, coq_identifier(rule.name), module).write()


def wrapped(text: str, indent: str = "    ", width: int = 100) -> str:
    """Coq text broken at spaces into lines of at most ``width`` (Coq reads any whitespace
    alike, and a certificate's formulas hold no string)."""
    return textwrap.fill(
        text, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


class _Writer:
    """The text of one certificate, section by section."""

    def __init__(self, rule: OnlineRule, name: str, module: str) -> None:
        self.rule, self.name, self.module = rule, name, module
        self.form = form = rule.form
        self.state = form.state
        self.atoms = sorted(form.atoms_of_dot(), key=lambda d: tuple(str(v) for v in d.args))
        self.atom_names = {d: "dot_" + "_".join(str(v) for v in d.args) for d in self.atoms}
        settings = {"atoms": self.atom_names, "state": self.state}
        self.plain = CoqPrinter(settings)
        self.scaled = CoqPrinter({**settings, "scaled": True})
        p, q = len(form.state), len(form.inputs)
        self.stacked = p > 1 or q > 1
        self.vectors: dict[str, str] = {}
        for i, s in enumerate(form.state):
            self.vectors[s] = "w" if p == 1 else f"(part {i} d w)"
        for j, v in enumerate(form.inputs):
            self.vectors[v] = "x" if q == 1 else f"(part {j} d x)"
        # For each state vector, its update's terms: (vector, coefficient, function name).
        self.terms = [
            [(str(v), c, f"coefficient_{s}_{v}") for v, c in terms]
            for s, terms in zip(form.state, form.coefficients, strict=True)
        ]

    def degree(self, vector: str) -> int:
        """The power of c a coefficient of ``vector`` scales by: 0 on a state vector, 1 on an
        input vector (so that the term scales by c either way)."""
        return 0 if vector in self.state else 1

    # -- the file -----------------------------------------------------------------------------

    def write(self) -> Certificate:
        checks = [("decision", self.form.decision, 0)] + [
            (f"coefficient of {v} in the update of {s}", c, self.degree(v))
            for s, terms in zip(self.state, self.terms, strict=True)
            for v, c, _ in terms
        ]
        for what, expr, degree in checks:
            if not is_homogeneous(expr, degree, self.atoms, self.state):
                raise NotCertifiable(
                    f"rule {self.rule.name!r}: its {what} is not c^{degree} times itself at "
                    "(c·w, c·η) as written, so the certificate's ring step cannot close it"
                )
        sections = [
            self.header(),
            self.definitions(),
            self.lemmas(),
            self.respects(),
            self.homogeneity(),
            self.conclusions(),
            self.run(),
        ]
        theorems = tuple(
            f"{self.module}.{self.name}_{t}"
            for t in ("zero_init", "zero_init_every_step", "scaling_symmetry", "runs_as_etaproof")
        )
        text = "\n\n".join(sections) + "\n"
        return Certificate(self.rule.name, self.name, self.module, text, theorems)

    def header(self) -> str:
        rule, form = self.rule, self.form
        source = f" ({rule.source})" if rule.source and not rule.source.startswith("rule:") else ""
        shown = [f"decision: {rule_text(form.decision)}"] + [
            f"update of {s}: {rule_text(formula)}"
            for s, formula in zip(form.state, rule.update, strict=True)
        ]
        lines = [
            f"(** * Certificate: rule {_comment(repr(rule.name) + source)}",
            "",
            "    Written by etaproof prove --certify from the rule's formulas, for Coq's kernel to",
            "    check against the development proofs/coq/ (compiled):",
            f"      coqc -R proofs/coq Etaproof {self.module}.v",
            "",
            f"    The rule as etaproof reads it (state {', '.join(form.state)}; input "
            f"{', '.join(form.inputs)}):",
            *(wrapped(f"      {_comment(line)}", " " * 8) for line in shown),
        ]
        if self.stacked:
            lines.append("    The state and the input are stacked, one vector after the other,")
            lines.append("    as on numbers; d is the dimension of each vector.")
        n = self.name
        lines += [
            "    Its scaling symmetry has exponent a = 1: (eta, w) ~ (c·eta, c·w).",
            "",
            f"    Main theorems: {n}_zero_init, {n}_zero_init_every_step,",
            f"    {n}_scaling_symmetry, {n}_runs_as_etaproof. *)",
            "",
            "From Coq Require Import QArith Qpower List Setoid Morphisms.",
            "From Etaproof Require Import Vectors Training Rules Witnesses Certificates.",
            "Import ListNotations.",
            "Open Scope Q_scope.",
        ]
        return "\n".join(lines)

    # -- the rule -----------------------------------------------------------------------------

    def call(self, function: str, *, scalars: bool) -> str:
        """``function`` applied to the rule's dot products (and y, η)."""
        values = []
        for d in self.atoms:
            u, v = (self.vectors[str(side)] for side in d.args)
            values.append(f"(dot {u} {v})")
        return " ".join([function, *values, *(["y", "eta"] if scalars else [])])

    def definitions(self) -> str:
        blocks = ["(** ** The rule over ℚ *)"]
        if self.atoms:
            named = ", ".join(f"{self.atom_names[d]} = {rule_text(d)}" for d in self.atoms)
            blocks.append(wrapped(f"(** The dot products it uses: {_comment(named)}. *)"))
        formulas = [("decision_at", self.form.decision, False)] + [
            (function, c, True) for terms in self.terms for _, c, function in terms
        ]
        for function, expr, scalars in formulas:
            names = [self.atom_names[d] for d in self.atoms] + (["y", "eta"] if scalars else [])
            binders = f" ({' '.join(names)} : Q)" if names else ""
            blocks.append(
                f"Definition {function}{binders} : Q :=\n"
                + wrapped(f"  {self.plain.doprint(expr)}.")
            )
        let = f"let d := dim {len(self.form.inputs)} x in"
        updates = []
        for terms in self.terms:
            inside = "; ".join(
                f"({self.call(f, scalars=True)}, {self.vectors[v]})" for v, _, f in terms
            )
            updates.append(wrapped(f"    combination d [{inside}]", " " * 6))
        decision = self.call("decision_at", scalars=False)
        blocks.append(
            f"Definition {self.name} : rule := {{|\n"
            + wrapped(f"  decision w x := {let + ' ' if self.stacked else ''}{decision};")
            + f"\n  update w x y eta := {let}\n"
            + "\n    ++\n".join(updates)
            + "\n|}."
        )
        return "\n\n".join(blocks)

    # -- the proofs ---------------------------------------------------------------------------

    def lemmas(self) -> str:
        blocks = [
            "(** ** Each formula is homogeneous: scalar algebra (φ drops a positive factor) *)"
        ]
        blocks.append(self.scaled_lemma("decision_at", self.form.decision, 0, scalars=False))
        for terms in self.terms:
            for v, c, function in terms:
                blocks.append(self.scaled_lemma(function, c, self.degree(v), scalars=True))
        return "\n\n".join(blocks)

    def scaled_lemma(self, function: str, expr: Expr, degree: int, *, scalars: bool) -> str:
        """``function`` at the scaled dot products (and c·η) is c^degree times itself."""
        names = [self.atom_names[d] for d in self.atoms]
        rate = ["y", "eta"] if scalars else []
        binders = " ".join([f"{a} {a}'" for a in names] + rate)
        premises = ["0 < c"] + [
            f"{a}' == {scale_factor(dot_degree(d, self.state))} * {a}"
            for d, a in zip(self.atoms, names, strict=True)
        ]
        left = " ".join(
            [function, *(f"{a}'" for a in names), *(["y (c * eta)"] if scalars else [])]
        )
        right = " ".join([function, *names, *rate])
        if degree:
            right = f"{scale_factor(degree)} * ({right})"
        hypotheses = [f"H{i}" for i in range(1, len(names) + 1)]
        rewrites = (
            ["  rewrite " + ", ".join(f"?{h}" for h in hypotheses) + "."] if hypotheses else []
        )
        lines = [
            wrapped(f"Lemma {function}_scaled : forall c {binders},".replace(" ,", ",")),
            *(f"  {premise} ->" for premise in premises),
            wrapped(f"  {left} == {right}."),
            "Proof.",
            wrapped(f"  intros c {' '.join([binders, 'Hc', *hypotheses])}; unfold {function}."),
            *rewrites,
        ]
        for node in _phi_nodes(expr):
            k = phi_degree(node, self.atoms, self.state)
            if k is None:
                raise NotCertifiable(
                    f"rule {self.rule.name!r}: the argument of {rule_text(node)} is not "
                    "homogeneous in (w, η), so φ's lemma does not apply to it"
                )
            if k:
                argument = node.args[0]
                lines.append(wrapped(
                    f"  rewrite (phi_homogeneous {scale_factor(k)} "
                    f"{self.scaled.doprint(argument)} {self.plain.doprint(argument)})"
                    " by positive_or_ring Hc."
                ))  # fmt: skip
        return "\n".join([*lines, "  ring.", "Qed."])

    def each_state(self, block, stack: str) -> list[str]:
        """Proof lines over the stacked update (``stack`` splits off the first state
        vector's part), each state vector's by ``block``, indented by two spaces."""
        lines: list[str] = []
        for i, terms in enumerate(self.terms):
            inner = block(terms)
            if i < len(self.terms) - 1:
                lines += [f"apply {stack}.", "{ " + "\n  ".join(inner) + " }"]
            else:
                lines += inner
        return ["  " + line.replace("\n", "\n  ") for line in lines]

    def respects(self) -> str:
        n = self.name

        def block(terms) -> list[str]:
            lines = []
            for _, _, function in terms:
                lines += [
                    "apply combination_cons_compat.",
                    f"{{ unfold {function}; rewrite ?Hw, ?Heta; reflexivity. }}",
                    "{ rewrite ?Hw; reflexivity. }",
                ]
            return [*lines, "apply combination_nil_compat."]

        return "\n".join(
            [
                "(** ** The two conditions, and the rule is a function of the numbers *)",
                "",
                f"Theorem {n}_respects : respects_veq {n}.",
                "Proof.",
                "  split.",
                f"  - intros w w' x Hw; cbn [decision {n}]; unfold decision_at.",
                "    rewrite ?Hw; reflexivity.",
                f"  - intros w w' x y eta eta' Hw Heta; cbn [update {n}].",
                *[
                    "  " + line.replace("\n", "\n  ")
                    for line in self.each_state(block, "stack_compat")
                ],
                "Qed.",
            ]
        )

    def homogeneity(self) -> str:
        n = self.name

        def block(terms) -> list[str]:
            lines = []
            for v, _, function in terms:
                kind = "state_term" if v in self.state else "input_term"
                lines += [
                    "apply combination_cons_scaled.",
                    f"{{ apply {kind}, {function}_scaled; first [exact Hc | scaled_dot]. }}",
                ]
            return [*lines, "apply combination_nil_scaled."]

        return "\n".join(
            [
                f"Theorem {n}_decision_homogeneous : decision_homogeneous {n}.",
                "Proof.",
                f"  intros c w x Hc; cbn [decision {n}]; rewrite ?part_scale.",
                "  apply decision_at_scaled with (c := c); first [exact Hc | scaled_dot].",
                "Qed.",
                "",
                f"Theorem {n}_update_homogeneous : update_homogeneous {n}.",
                "Proof.",
                f"  intros c w x y eta Hc; cbn [update {n}]; rewrite ?part_scale.",
                *self.each_state(block, "stack_scaled"),
                "Qed.",
            ]
        )

    def conclusions(self) -> str:
        n = self.name
        conditions = (
            f"[exact {n}_respects | exact {n}_decision_homogeneous\n"
            f"    | exact {n}_update_homogeneous"
        )
        return f"""(** ** The theorems, for this rule *)

(** From zero, every eta > 0 predicts the same, and w(eta1)·eta2 = w(eta2)·eta1. *)
Theorem {n}_zero_init : forall d data E eta1 eta2, 0 < eta1 -> 0 < eta2 ->
  veq (predictions {n} eta1 (zeros d) data E)
      (predictions {n} eta2 (zeros d) data E) /\\
  veq (scale eta2 (final_weights {n} eta1 (zeros d) data E))
      (scale eta1 (final_weights {n} eta2 (zeros d) data E)).
Proof.
  intros; apply zero_init_invariance;
    {conditions} | assumption | assumption].
Qed.

(** After every step k: w⁽ᵏ⁾(eta) = eta·w⁽ᵏ⁾(1), and ŷ⁽¹⁾ … ŷ⁽ᵏ⁾ are those of rate 1. *)
Theorem {n}_zero_init_every_step : forall d data E k eta, 0 < eta ->
  veq (weights_after {n} eta (zeros d) data E k)
      (scale eta (weights_after {n} 1 (zeros d) data E k)) /\\
  veq (predictions_upto {n} eta (zeros d) data E k)
      (predictions_upto {n} 1 (zeros d) data E k).
Proof.
  intros; apply zero_init_every_step;
    {conditions} | assumption].
Qed.

(** The scaling symmetry, exponent a = 1: from (c^1·eta, c·w0) the run is c times the run
    from (eta, w0), with the same predictions, after every step. *)
Theorem {n}_scaling_symmetry : forall c eta w0 data E k, 0 < c ->
  veq (weights_after {n} (c ^ 1 * eta) (scale c w0) data E k)
      (scale c (weights_after {n} eta w0 data E k)) /\\
  veq (predictions_upto {n} (c ^ 1 * eta) (scale c w0) data E k)
      (predictions_upto {n} eta w0 data E k).
Proof.
  intros; apply scaling_symmetry;
    [exact {n}_respects | exact {n}_decision_homogeneous
    | apply update_homogeneous_with_1, {n}_update_homogeneous | assumption].
Qed."""

    def run(self) -> str:
        """One exact run by etaproof's runner, restated for the kernel to recompute."""
        rule, width = self.rule, len(self.form.inputs) * RUN_DIMENSION
        X = [[(3 * i + 2 * j) % 5 - 2 for j in range(width)] for i in range(RUN_SAMPLES)]
        y = [rule.labels[i % len(rule.labels)] for i in range(RUN_SAMPLES)]
        done = run_online(rule, X, y, RUN_ETA, epochs=RUN_EPOCHS)
        data = "; ".join(
            f"({_vector(row)}, {self.plain.doprint(label)})"
            for row, label in zip(X, y, strict=True)
        )
        return "\n".join(
            [
                "(** ** The rule that is run: one run computed by etaproof's exact runner",
                f"    (run_online, {RUN_EPOCHS} epochs at eta = {RUN_ETA} from zero), "
                "recomputed by the kernel. *)",
                f"Theorem {self.name}_runs_as_etaproof :",
                f"  runs_as {self.name} {self.plain.doprint(RUN_ETA)} "
                f"(zeros {len(done.weights[-1])})",
                wrapped(f"    [{data}] {RUN_EPOCHS}", " " * 4),
                wrapped(f"    {_vector(done.predictions)}", " " * 4),
                wrapped(f"    {_vector(done.weights[-1])}.", " " * 4),
                "Proof. apply runs_as_by_computation; vm_compute; reflexivity. Qed.",
            ]
        )


def _vector(values: Sequence[object]) -> str:
    """A Coq list of rationals."""
    printer = CoqPrinter()
    return "[" + "; ".join(printer.doprint(Rational(str(v))) for v in values) + "]"

"""The soundness catalogue: false steps the checker must reject, and true steps it must accept.

One table of false steps, each built lazily (so a refusal at build time counts) and tagged
with the rule it misuses; every rule of ``INFERENCE_RULES`` is misused at least twice.  The
outcome says how precisely it must be rejected:

- ``REFUTED``: a :class:`DerivationError` that is not :class:`NotShown`, with a counterexample
  whose values satisfy every declared assumption of their symbols;
- ``NOT_SHOWN``: exactly "not shown" (a true step SymPy cannot reduce, or one whose only
  counterexamples would break an assumption, must never be reported wrong);
- ``REJECTED``: either of the two;
- ``INVALID_DEFINITION`` / ``INVALID_CITATION``: refused when built or verified;
- ``CONTRADICTORY``: premises (hypotheses, definitions, declared assumptions, those of the
  lemmas cited) that contradict one another together, though each is fine alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from sympy import (
    Abs,
    Float,
    ImmutableMatrix,
    Integer,
    Mod,
    Rational,
    S,
    Symbol,
    ceiling,
    exp,
    floor,
    log,
    symbols,
)

from symbolic import Derivation, DerivationError, NotShown, phi
from symbolic.algebra.vectors import ZERO_VECTOR, Dot, vector
from symbolic.derivations.consistency import ContradictoryPremises
from symbolic.derivations.inference import (
    INFERENCE_RULES,
    InferenceRule,
    InvalidCitation,
    InvalidDefinition,
    Justification,
)
from symbolic.render.text import parts_text

REFUTED, NOT_SHOWN, REJECTED = "refuted", "not shown", "rejected"
INVALID_DEFINITION, INVALID_CITATION = InvalidDefinition, InvalidCitation
CONTRADICTORY = ContradictoryPremises


def rule(name: str) -> InferenceRule:
    return INFERENCE_RULES[name]


def DEF(*equations: object, **options: object) -> Justification:
    return rule("definition").using(*equations, **options)


def SUB(*equations: object, **options: object) -> Justification:
    return rule("substitution").using(*equations, **options)


def HYP(*equations: object, **options: object) -> Justification:
    return rule("hypothesis").using(*equations, **options)


def IND(*equations: object, **options: object) -> Justification:
    return rule("induction").using(*equations, **options)


ETA = Symbol("eta", positive=True)
C = Symbol("c", positive=True)
Z = Symbol("z", real=True)
A, B, Y = symbols("a b y", real=True)
X = Symbol("x")
ODD = Symbol("o", odd=True)
EVEN = Symbol("e", even=True)
NONINTEGER = Symbol("n", noninteger=True)
IRRATIONAL = Symbol("r", irrational=True)
IMAGINARY = Symbol("i", imaginary=True)
NEGATIVE = Symbol("m", negative=True)
PRIME = Symbol("p", prime=True)
W0, W1, X1, X2 = vector("w", 0), vector("w", 1), vector("x", 1), vector("x", 2)
WK, VK, XK = vector("w", "k-1"), vector("v", "k-1"), vector("x", "k")
V0 = vector("v", 0)


def chain(start, *steps) -> Callable[[], Derivation]:
    """A builder: ``start`` and (expr, because-builder-or-name) pairs, built when called."""

    def build() -> Derivation:
        derivation = Derivation(start)
        for expr, because in steps:
            derivation.step(expr, because() if callable(because) else because)
        return derivation

    return build


def verified_lemma(start, *steps) -> Derivation:
    return chain(start, *steps)().verify()


def changed_lemma() -> Derivation:
    lemma = verified_lemma(phi(ETA * Z, evaluate=False), (phi(Z), "positive-factor"))
    cited = SUB(lemma)
    lemma.step(phi(Z) + (A + B) ** 2 - A**2 - 2 * A * B - B**2, "algebra")
    return Derivation(phi(ETA * Z, evaluate=False)).step(phi(Z), cited)


def false_lemma() -> Derivation:
    lemma = Derivation(phi(ETA * Z, evaluate=False)).step(phi(-Z), "positive-factor")
    return Derivation(phi(ETA * Z, evaluate=False)).step(phi(-Z), SUB(lemma))


def two_step_definition() -> Derivation:
    """φ(−z) = φ(−y) [y := z] = −φ(y) [y := z, z := 1]: z is fixed in a later line."""
    return (
        Derivation(phi(-Z)).step(phi(-Y), DEF((Y, Z))).step(-phi(Y), DEF((Y, Z), (Z, Integer(1))))
    )


def eta_is_minus_one(because: Callable[..., Justification] = HYP) -> Derivation:
    """φ(z) = φ(ηz) = φ(az) [η = a] = φ(−z) [a = −1]: each premise alone is fine, together
    they say η = −1 for a positive η."""
    return (
        Derivation(phi(Z))
        .step(phi(ETA * Z, evaluate=False), "positive-factor")
        .step(phi(A * Z, evaluate=False), because((ETA, A)))
        .step(phi(-Z), because((A, Integer(-1))))
    )


def eta_is_minus_one_in_a_lemma() -> Derivation:
    """The same, with a = −1 assumed by a lemma the chain substitutes."""
    lemma = verified_lemma(phi(A * Z, evaluate=False), (phi(-Z), lambda: HYP((A, Integer(-1)))))
    return (
        Derivation(phi(Z))
        .step(phi(ETA * Z, evaluate=False), "positive-factor")
        .step(phi(A * Z, evaluate=False), HYP((ETA, A)))
        .step(phi(-Z), SUB(lemma))
    )


def hypotheses_in_a_cycle() -> Derivation:
    """a = b + 1 = c + 2 = a + 3 from a = b + 1, b = c + 1, c = a + 1 (together 0 = 3)."""
    c = Symbol("c", real=True)
    return (
        Derivation(A)
        .step(B + 1, HYP((A, B + 1)))
        .step(c + 2, HYP((B, c + 1)))
        .step(A + 3, HYP((c, A + 1)))
    )


def row(rule_name: str, build: Callable[[], Derivation], outcome: object, id: str) -> object:
    return pytest.param(rule_name, build, outcome, id=id)


FALSE_STEPS = [
    # algebra: no equation, only rearranging
    row("algebra", chain(phi(-Z), (-phi(Z), "algebra")), REJECTED, "algebra-phi-is-not-odd"),
    row(
        "algebra",
        chain(phi(ETA * Z, evaluate=False), (phi(Z), "algebra")),
        NOT_SHOWN,
        "algebra-does-not-drop-a-positive-factor-from-phi",
    ),
    row("algebra", chain(Integer(1), (Integer(2), "algebra")), REFUTED, "algebra-one-is-two"),
    row(
        "algebra",
        chain((A + B) ** 2, (A**2 + B**2, "algebra")),
        REFUTED,
        "algebra-forgets-the-cross-term",
    ),
    # floats are compared at their exact binary value
    row(
        "algebra",
        chain(Rational(1, 3), (Float(1 / 3), "algebra")),
        REFUTED,
        "float-one-third-is-not-its-binary-value",
    ),
    row(
        "algebra",
        chain(ETA * (10**16 + 1), (ETA * Float(1e16), "algebra")),
        REFUTED,
        "float-absorbs-one-in-a-product",
    ),
    row(
        "algebra",
        chain(X + 10**16 + 1, (X + Float(1e16), "algebra")),
        REFUTED,
        "float-absorbs-one-in-a-sum",
    ),
    row(
        "algebra",
        chain(Float(0.1) + Float(0.2), (Float(0.3), "algebra")),
        REFUTED,
        "float-point-one-plus-point-two-is-not-point-three",
    ),
    row(
        "algebra",
        chain(Dot(Float(0.1) * X1, X2), (Dot(X1, X2) / 10, "algebra")),
        REFUTED,
        "float-inside-a-dot-product-is-its-binary-value",
    ),
    row(
        "algebra",
        chain(
            phi(Z * (10**16 + 1) + 1, evaluate=False),
            (phi(Z * Float(1e16) + 1, evaluate=False), "algebra"),
        ),
        REJECTED,
        "float-inside-phi-is-its-binary-value",
    ),
    # every failure is ours: φ of a zero SymPy cannot decide
    row(
        "algebra",
        chain(phi(log(6) - log(2) - log(3)), (Integer(-1), "algebra")),
        REJECTED,
        "phi-of-an-undecided-zero-is-never-a-type-error",
    ),
    # division by a possible zero
    row(
        "algebra",
        chain((Y**2 - 1) / (Y - 1), (Y + 1, "algebra")),
        NOT_SHOWN,
        "division-by-a-possible-zero",
    ),
    row(
        "algebra",
        chain((Y**2 - 1) / (Y - 1), (Y + 1, lambda: rule("algebra").using(nonzero=(Y + 1,)))),
        NOT_SHOWN,
        "division-under-the-wrong-condition",
    ),
    row(
        "algebra",
        chain((Y - 1) / (Y**2 - 1), (1 / (Y + 1), "algebra")),
        NOT_SHOWN,
        "division-cancelling-a-factor-that-may-be-zero",
    ),
    row(
        "algebra",
        chain((ETA**2 - C**2) / (ETA - C), (ETA + C, "algebra")),
        NOT_SHOWN,
        "division-by-a-difference-of-positives",
    ),
    # declared assumptions: no counterexample may break them
    row(
        "algebra",
        chain(Mod(ODD**2 - 1, 8), (Integer(0), "algebra")),
        NOT_SHOWN,
        "odd-square-minus-one-is-never-wrong-at-an-even-point",
    ),
    row(
        "algebra",
        chain(floor(NONINTEGER) - ceiling(NONINTEGER), (Integer(-1), "algebra")),
        NOT_SHOWN,
        "noninteger-floor-minus-ceiling-is-never-wrong-at-an-integer",
    ),
    row(
        "algebra",
        chain(floor(IRRATIONAL) - ceiling(IRRATIONAL), (Integer(-1), "algebra")),
        NOT_SHOWN,
        "irrational-symbols-are-never-sampled-at-rationals",
    ),
    row(
        "algebra",
        chain(Abs(IMAGINARY) ** 2, (-(IMAGINARY**2), "algebra")),
        NOT_SHOWN,
        "imaginary-symbols-are-never-sampled-at-reals",
    ),
    row(
        "algebra",
        chain(Mod(EVEN**2, 8), (Integer(4), "algebra")),
        REFUTED,
        "even-false-step-is-refuted-at-an-even-point",
    ),
    row(
        "algebra",
        chain(Mod(ODD, 4), (Integer(1), "algebra")),
        REFUTED,
        "odd-false-step-is-refuted-at-an-odd-point",
    ),
    row(
        "algebra",
        chain(Abs(NEGATIVE), (NEGATIVE, "algebra")),
        REFUTED,
        "negative-false-step-is-refuted-at-a-negative-point",
    ),
    row(
        "algebra",
        chain(Mod(PRIME, 2), (Integer(1), "algebra")),
        REJECTED,
        "prime-false-step-is-only-wrong-at-two",
    ),
    # positive-factor: only factors known positive (and finite) leave φ
    row(
        "positive-factor",
        chain(phi(A * Z, evaluate=False), (phi(Z), "positive-factor")),
        REJECTED,
        "positive-factor-of-unknown-sign",
    ),
    row(
        "positive-factor",
        chain(phi(Symbol("c", nonnegative=True) * Z, evaluate=False), (phi(Z), "positive-factor")),
        REJECTED,
        "positive-factor-that-may-be-zero",
    ),
    row(
        "positive-factor",
        chain(phi(-ETA * Z, evaluate=False), (phi(Z), "positive-factor")),
        REJECTED,
        "positive-factor-hiding-a-minus-sign",
    ),
    row(
        "positive-factor",
        chain(phi(A**2 * Z, evaluate=False), (phi(Z), "positive-factor")),
        REJECTED,
        "positive-factor-square-that-may-be-zero",
    ),
    row(
        "positive-factor",
        chain(
            phi(Symbol("c", extended_positive=True) * Z, evaluate=False),
            (phi(Z), "positive-factor"),
        ),
        REJECTED,
        "positive-factor-that-may-be-infinite",
    ),
    row(
        "positive-factor",
        chain(ETA * Z, (Z, "positive-factor")),
        REFUTED,
        "positive-factor-outside-phi",
    ),
    # substitution: only results that were shown, as they were shown
    row(
        "substitution",
        chain(phi(-Z), (phi(Z), lambda: SUB((phi(-Z), phi(Z))))),
        NOT_SHOWN,
        "substitution-of-an-unshown-equation",
    ),
    row(
        "substitution",
        chain(phi(-Z), (phi(C * Z, evaluate=False), lambda: SUB((C, Integer(-1))))),
        REJECTED,
        "substitution-breaking-a-declared-assumption",
    ),
    row("substitution", changed_lemma, REJECTED, "substitution-of-a-lemma-changed-since"),
    row("substitution", false_lemma, REJECTED, "substitution-of-a-lemma-that-does-not-verify"),
    row(
        "substitution",
        lambda: Derivation(1 + phi(ETA * Z, evaluate=False)).step(
            1 + phi(-Z),
            SUB(verified_lemma(phi(ETA * Z, evaluate=False), (phi(Z), "positive-factor"))),
        ),
        REJECTED,
        "substitution-claims-more-than-the-lemma",
    ),
    # induction: the hypothesis it states, and nothing else
    row(
        "induction",
        chain(Dot(WK, XK), (2 * ETA * Dot(VK, XK), lambda: IND((WK, ETA * VK)))),
        REFUTED,
        "induction-substitutes-what-the-hypothesis-did-not-say",
    ),
    row(
        "induction",
        chain(Dot(WK, XK), (ETA * Dot(VK, X1), lambda: IND((WK, ETA * VK)))),
        REFUTED,
        "induction-changes-a-vector-it-did-not-mention",
    ),
    row(
        "induction",
        chain(Dot(WK, XK), (ETA * Dot(VK, XK), "induction")),
        INVALID_CITATION,
        "induction-without-its-equation",
    ),
    row(
        "induction",
        lambda: Derivation(Z).step(
            Z, IND(verified_lemma(phi(ETA * Z, evaluate=False), (phi(Z), "positive-factor")))
        ),
        INVALID_CITATION,
        "induction-cannot-cite-a-derivation",
    ),
    # definition: introduces a name, once, without asserting anything about the claim
    row(
        "definition",
        chain(phi(-Z), (-phi(Z), lambda: DEF((Z, Integer(1))))),
        INVALID_DEFINITION,
        "definition-fixes-a-variable-of-the-claim",
    ),
    row(
        "definition",
        chain(phi(Dot(W0, X1)), (Integer(1), lambda: DEF((W0, ZERO_VECTOR)))),
        INVALID_DEFINITION,
        "definition-passes-off-zero-init-as-a-definition",
    ),
    row(
        "definition",
        chain(phi(-Z), (-phi(Z), lambda: DEF((Z, A), (A, Integer(1))))),
        INVALID_DEFINITION,
        "definition-fixes-a-variable-through-another-definition",
    ),
    row(
        "definition",
        two_step_definition,
        INVALID_DEFINITION,
        "definition-fixes-a-variable-in-a-later-line",
    ),
    row(
        "definition",
        chain(A, (A + 1, lambda: DEF((A, A + 1)))),
        INVALID_DEFINITION,
        "definition-circular",
    ),
    row(
        "definition",
        chain(A, (B + 1, lambda: DEF((A, B + 1))), (A, lambda: DEF((B, A - 1)))),
        INVALID_DEFINITION,
        "definition-circular-through-two-steps",
    ),
    row(
        "definition",
        chain(X, (Integer(1), lambda: DEF((X, Integer(1)))), (Integer(2), lambda: DEF((X, 2)))),
        INVALID_DEFINITION,
        "definition-of-a-name-twice",
    ),
    row(
        "definition",
        chain(Integer(1), (Integer(2), lambda: DEF((Integer(1), Integer(2))))),
        INVALID_DEFINITION,
        "definition-of-a-number",
    ),
    row(
        "definition",
        chain(phi(Z), (Integer(1), lambda: DEF((phi(Z), Integer(1))))),
        INVALID_DEFINITION,
        "definition-of-an-expression",
    ),
    row(
        "definition",
        chain(phi(-Z), (phi(C * Z, evaluate=False), lambda: DEF((C, Integer(-1))))),
        INVALID_DEFINITION,
        "definition-breaking-a-declared-assumption",
    ),
    row(
        "definition",
        chain(W1, (ETA, lambda: DEF((W1, ETA)))),
        INVALID_DEFINITION,
        "definition-of-a-vector-by-a-scalar",
    ),
    row(
        "definition",
        chain(ZERO_VECTOR, (W1, lambda: DEF((ZERO_VECTOR, W1)))),
        INVALID_DEFINITION,
        "definition-of-the-zero-vector",
    ),
    # zero-init: sets w⁽⁰⁾ = 0, nothing else
    row(
        "zero-init",
        chain(Dot(W0, X1), (Integer(0), lambda: rule("zero-init").using((X1, Integer(0))))),
        INVALID_CITATION,
        "zero-init-with-an-equation-of-its-own",
    ),
    row(
        "zero-init",
        chain(Dot(W1, X2), (Integer(0), "zero-init")),
        REJECTED,
        "zero-init-sets-a-later-weight-vector",
    ),
    row(
        "zero-init",
        chain(Dot(W0, X1) + Dot(X1, X2), (Integer(0), "zero-init")),
        REFUTED,
        "zero-init-sets-the-data",
    ),
    # linearity: splits dot products over sums, nothing more
    row(
        "linearity",
        chain(Dot(X1 + X2, W1), (Dot(X1, W1), "linearity")),
        REFUTED,
        "linearity-drops-a-term",
    ),
    row(
        "linearity",
        chain(phi(Dot(ETA * VK, XK), evaluate=False), (phi(Dot(VK, XK)), "linearity")),
        NOT_SHOWN,
        "linearity-drops-a-positive-factor-from-phi",
    ),
    row(
        "linearity",
        chain(phi(Dot(X1 + X2, W1)), (phi(Dot(X1, W1)) + phi(Dot(X2, W1)), "linearity")),
        REJECTED,
        "linearity-splits-phi",
    ),
    # hypothesis: an assumption, cited and printed as one, that substitutes what it says
    row(
        "hypothesis",
        chain(Integer(1), (Integer(2), lambda: HYP((Integer(1), Integer(2))))),
        INVALID_CITATION,
        "hypothesis-about-numbers-alone",
    ),
    row(
        "hypothesis",
        lambda: Derivation(Z).step(
            Z, HYP(verified_lemma(phi(ETA * Z, evaluate=False), (phi(Z), "positive-factor")))
        ),
        INVALID_CITATION,
        "hypothesis-cannot-cite-a-derivation",
    ),
    row(
        "hypothesis",
        chain(Dot(W0, X1) + Dot(X1, X2), (Integer(0), lambda: HYP((W0, ZERO_VECTOR)))),
        REFUTED,
        "hypothesis-substitutes-only-what-it-says",
    ),
    row(
        "hypothesis",
        chain(Dot(W0, X1), (Integer(0), "hypothesis")),
        INVALID_CITATION,
        "hypothesis-without-its-equation",
    ),
    # premises are checked together: hypotheses, definitions and declared assumptions
    row("hypothesis", eta_is_minus_one, CONTRADICTORY, "hypotheses-together-break-eta-positive"),
    row(
        "hypothesis",
        chain(A, (B + 1, lambda: HYP((A, B + 1))), (A + 2, lambda: HYP((B, A + 1)))),
        CONTRADICTORY,
        "hypotheses-together-say-zero-is-two",
    ),
    row(
        "hypothesis",
        chain(B, (A + 1, lambda: DEF((B, A + 1))), (B + 1, lambda: HYP((A, B)))),
        CONTRADICTORY,
        "hypothesis-contradicts-a-definition",
    ),
    row(
        "induction",
        lambda: eta_is_minus_one(IND),
        CONTRADICTORY,
        "induction-hypotheses-together-break-eta-positive",
    ),
    row(
        "induction",
        chain(A, (B + 1, lambda: IND((A, B + 1))), (A + 2, lambda: IND((B, A + 1)))),
        CONTRADICTORY,
        "induction-hypotheses-together-say-zero-is-two",
    ),
    row(
        "substitution",
        eta_is_minus_one_in_a_lemma,
        CONTRADICTORY,
        "substitution-of-a-lemma-whose-hypothesis-contradicts-ours",
    ),
    row(
        "hypothesis",
        hypotheses_in_a_cycle,
        CONTRADICTORY,
        "hypotheses-in-a-cycle-say-zero-is-three",
    ),
    row(
        "hypothesis",
        chain(
            Symbol("m", nonzero=True),
            (A - B, lambda: HYP((Symbol("m", nonzero=True), A - B))),
            (Integer(0), lambda: HYP((A, B))),
        ),
        CONTRADICTORY,
        "hypotheses-together-make-a-nonzero-name-zero",
    ),
    row(
        "definition",
        chain(
            B,
            (Symbol("q", real=True) + 1, lambda: DEF((B, Symbol("q", real=True) + 1))),
            (A + 1, lambda: DEF((Symbol("q", real=True), A))),
            (B + 1, lambda: HYP((A, B))),
        ),
        CONTRADICTORY,
        "hypothesis-contradicts-a-chain-of-definitions",
    ),
    row(
        "definition",
        chain(
            phi(-Z),
            (phi(B - A), lambda: DEF((Z, A - B))),
            (Integer(-1), lambda: DEF((A, B + 1))),
        ),
        INVALID_DEFINITION,
        "definition-fixes-a-variable-through-a-chain-that-cancels",
    ),
    # a denominator as written must be known non-zero, though SymPy cancels it on expanding
    row(
        "algebra",
        chain((Y**2 - 1) / ((Y - 1) * (Y + 1)), (Integer(1), "algebra")),
        NOT_SHOWN,
        "division-by-a-product-that-may-be-zero",
    ),
    row(
        "algebra",
        chain((Y**2 - 2 * Y + 1) / (Y - 1) ** 2, (Integer(1), "algebra")),
        NOT_SHOWN,
        "division-by-a-square-that-may-be-zero",
    ),
    row(
        "algebra",
        chain((Y**2 - 1) ** 2 * (Y - 1) ** -2, ((Y + 1) ** 2, "algebra")),
        NOT_SHOWN,
        "division-by-a-negative-power-that-may-be-zero",
    ),
    row(
        "algebra",
        chain(1 / (1 + 1 / (Y - 1)), ((Y - 1) / Y, "algebra")),
        NOT_SHOWN,
        "division-by-a-nested-fraction-that-may-be-zero",
    ),
    row(
        "algebra",
        chain(phi((Y**2 - 1) / ((Y - 1) * (Y + 1)), evaluate=False), (Integer(1), "algebra")),
        NOT_SHOWN,
        "division-inside-phi-by-a-product-that-may-be-zero",
    ),
    row(
        "algebra",
        chain(
            (Y**2 - 1) / ((Y - 1) * (Y + 1)),
            (Integer(1), lambda: rule("algebra").using(nonzero=(Y - 1,))),
        ),
        NOT_SHOWN,
        "division-by-a-product-under-a-condition-on-one-factor",
    ),
    row(
        "hypothesis",
        chain((Y**2 - 1) / B, (Y + 1, lambda: HYP((B, Y - 1)))),
        NOT_SHOWN,
        "division-cancelled-only-after-a-hypothesis-is-substituted",
    ),
    row(
        "algebra",
        chain((Y**2 - 1) * (Y - 1) ** -2, ((Y + 1) / (Y - 1), "algebra")),
        NOT_SHOWN,
        "division-cancelling-a-possible-zero-both-sides-divide-by",
    ),
]


def satisfies_assumptions(symbol: Symbol, value: object) -> bool:
    if isinstance(value, ImmutableMatrix):
        return True
    return all(
        getattr(value, f"is_{fact}", None) is expected
        for fact, expected in symbol.assumptions0.items()
    )


@pytest.mark.parametrize(("rule_name", "build", "outcome"), FALSE_STEPS)
def test_a_false_step_is_rejected(rule_name, build, outcome):
    if isinstance(outcome, type):
        with pytest.raises(outcome):
            build().verify()
        return
    with pytest.raises(DerivationError) as caught:
        build().verify()
    error = caught.value
    if outcome == NOT_SHOWN:
        assert isinstance(error, NotShown), f"reported wrong, not 'not shown': {error}"
    if outcome == REFUTED:
        assert not isinstance(error, NotShown), f"not refuted: {error}"
        assert error.counterexample is not None
    for symbol, value in (error.counterexample or {}).items():
        assert satisfies_assumptions(symbol, value), f"{symbol} = {value} breaks its assumptions"


def test_every_rule_is_misused_at_least_twice_in_the_catalogue():
    misused = Counter(param.values[0] for param in FALSE_STEPS)
    assert set(misused) == set(INFERENCE_RULES)
    assert min(misused.values()) >= 2
    assert len(FALSE_STEPS) >= 40


TRUE_STEPS = [
    pytest.param(chain((A + B) ** 2, (A**2 + 2 * A * B + B**2, "algebra")), id="algebra-expand"),
    pytest.param(chain(phi(0, evaluate=False), (Integer(1), "algebra")), id="phi-of-zero-is-one"),
    pytest.param(
        chain(phi(ETA * Z, evaluate=False), (phi(Z), "positive-factor")),
        id="positive-factor-declared-positive",
    ),
    pytest.param(
        chain(phi(exp(A) * Z, evaluate=False), (phi(Z), "positive-factor")),
        id="positive-factor-exponential",
    ),
    pytest.param(
        chain(phi(ETA**2 * Z, evaluate=False), (phi(Z), "positive-factor")),
        id="positive-factor-square-of-a-positive",
    ),
    pytest.param(
        chain(phi(ETA * A + ETA * B, evaluate=False), (phi(A + B), "positive-factor")),
        id="positive-factor-common-to-a-sum",
    ),
    pytest.param(
        chain(Dot(X1 + X2, W1), (Dot(X1, W1) + Dot(X2, W1), "linearity")),
        id="linearity-splits-a-dot-product",
    ),
    pytest.param(chain(A, (B + 1, lambda: DEF((A, B + 1)))), id="definition-unfolds-a-name"),
    pytest.param(
        chain(Symbol("d"), (Integer(1), lambda: DEF((Symbol("d"), Integer(1))))),
        id="definition-unfolds-a-name-to-a-number",
    ),
    pytest.param(
        chain(W0, (ZERO_VECTOR, "zero-init"), (ETA * V0, lambda: DEF((V0, ZERO_VECTOR)))),
        id="definition-introduces-a-name-in-the-new-line",
    ),
    pytest.param(
        chain(
            Symbol("u") - phi(Dot(W1, X2)),
            (
                Symbol("u") - phi(Dot(X1, X2)),
                lambda: DEF((W1, V0 + X1), (V0, ZERO_VECTOR)),
            ),
        ),
        id="definition-of-an-intermediate-name-as-zero",
    ),
    pytest.param(chain(Dot(W0, X1), (Integer(0), "zero-init")), id="zero-init-sets-w0"),
    pytest.param(
        chain(phi(-Z), (-phi(Z), lambda: HYP((Z, Integer(1))))),
        id="hypothesis-fixes-a-variable-of-the-claim-honestly",
    ),
    pytest.param(
        chain(
            Dot(W0, X1),
            (
                Integer(2),
                lambda: HYP(
                    (W0, ImmutableMatrix([1, 1])), (X1, ImmutableMatrix([1, 1])), text="data"
                ),
            ),
        ),
        id="hypothesis-columns-of-numbers",
    ),
    pytest.param(
        chain(Dot(WK, XK), (ETA * Dot(VK, XK), lambda: IND((WK, ETA * VK)))),
        id="induction-hypothesis",
    ),
    pytest.param(
        lambda: Derivation(1 + phi(ETA * Z, evaluate=False)).step(
            1 + phi(Z),
            SUB(verified_lemma(phi(ETA * Z, evaluate=False), (phi(Z), "positive-factor"))),
        ),
        id="substitution-of-a-verified-lemma",
    ),
    pytest.param(
        chain(
            (Y + 1) ** 2 * Z,
            ((Y**2 + 2 * Y + 1) * Z, lambda: SUB(((Y + 1) ** 2, Y**2 + 2 * Y + 1))),
        ),
        id="substitution-of-an-equation-the-checker-shows",
    ),
    pytest.param(
        chain((Y**2 - 1) / (Y - 1), (Y + 1, lambda: rule("algebra").using(nonzero=(Y - 1,)))),
        id="division-under-a-stated-condition",
    ),
    pytest.param(chain(Float(0.5), (Rational(1, 2), "algebra")), id="float-one-half-is-exact"),
    pytest.param(chain(Float(0.25) * ETA, (ETA / 4, "algebra")), id="float-quarter-times-a-symbol"),
    pytest.param(
        chain(Dot(Float(0.5) * X1, X2), (Dot(X1, X2) / 2, "algebra")),
        id="float-inside-a-dot-product",
    ),
    pytest.param(
        chain(phi(Float(0.1) * Z, evaluate=False), (phi(Z), "positive-factor")),
        id="float-positive-factor-inside-phi",
    ),
    pytest.param(chain(Mod(ODD, 2), (Integer(1), "algebra")), id="odd-mod-two"),
    pytest.param(
        chain(NONINTEGER + S.Half - S.Half, (NONINTEGER, "algebra")), id="noninteger-algebra"
    ),
    pytest.param(
        chain(A, (B + 1, lambda: HYP((A, B + 1))), (Integer(3), lambda: HYP((B, Integer(2))))),
        id="hypotheses-that-agree-with-each-other",
    ),
    pytest.param(
        chain(
            phi(Z),
            (phi(ETA * Z, evaluate=False), "positive-factor"),
            (phi(C * Z, evaluate=False), lambda: HYP((ETA, C))),
            (phi(2 * Z, evaluate=False), lambda: HYP((C, Integer(2)))),
        ),
        id="hypotheses-that-agree-with-declared-assumptions",
    ),
    pytest.param(
        chain(B, (A + 1, lambda: DEF((B, A + 1))), (Integer(3), lambda: HYP((A, Integer(2))))),
        id="hypothesis-that-agrees-with-a-definition",
    ),
    pytest.param(
        chain(
            (Y**2 - 1) / ((Y - 1) * (Y + 1)),
            (Integer(1), lambda: rule("algebra").using(nonzero=(Y - 1, Y + 1))),
        ),
        id="division-by-a-product-under-conditions-on-each-factor",
    ),
    pytest.param(
        chain(
            (Y**2 - 1) / ((Y - 1) * (Y + 1)),
            (Integer(1), lambda: rule("algebra").using(nonzero=(Y**2 - 1,))),
        ),
        id="division-by-a-product-under-a-condition-on-the-product",
    ),
    pytest.param(
        chain((ETA**2 + 2 * ETA + 1) / (ETA + 1) ** 2, (Integer(1), "algebra")),
        id="division-by-a-square-known-positive",
    ),
    pytest.param(
        chain(ETA * Y / B, (Y, lambda: HYP((B, ETA)))),
        id="division-by-a-name-a-hypothesis-makes-positive",
    ),
    pytest.param(
        chain((A + B) / (Y - 1) + A / (Y - 1), ((2 * A + B) / (Y - 1), "algebra")),
        id="division-by-the-same-possible-zero-on-both-sides-cancelling-nothing",
    ),
]


@pytest.mark.parametrize("build", TRUE_STEPS)
def test_a_true_step_is_accepted(build):
    assert build().verify().is_verified


def test_the_catalogue_accepts_at_least_twenty_true_steps():
    assert len(TRUE_STEPS) >= 20


def citation(derivation: Derivation, step: int = 0) -> str:
    return parts_text(derivation.verify().steps[step].because.citation)


def test_a_definition_prints_its_right_side_where_it_is_cited():
    a, b = Symbol("a"), Symbol("b")
    assert citation(Derivation(a).step(b + 1, DEF((a, b + 1)))) == "definition a = b + 1"
    both = Derivation(a).step(2 * b, DEF((a, b + Symbol("q")), (Symbol("q"), b)))
    assert citation(both) == "definitions a = b + q and q = b"


def test_a_variable_of_the_claim_must_be_cited_as_a_hypothesis():
    with pytest.raises(InvalidDefinition, match="hypothesis"):
        Derivation(phi(-Z)).step(-phi(Z), DEF((Z, Integer(1)))).verify()
    honest = Derivation(phi(-Z)).step(-phi(Z), HYP((Z, Integer(1)))).verify()
    assert citation(honest) == "hypothesis z = 1"
    assert honest.hypotheses


def test_a_substituted_lemma_names_the_definitions_it_rests_on():
    base = verified_lemma(
        W0, (ZERO_VECTOR, "zero-init"), (ETA * V0, lambda: DEF((V0, ZERO_VECTOR)))
    )
    used = Derivation(Dot(W0, X1)).step(ETA * Dot(V0, X1), SUB(base))
    assert "(shown above, where v⁽⁰⁾ = 0, assuming w⁽⁰⁾ = 0)" in citation(used)


def test_a_lemma_hiding_a_fixed_value_in_a_definition_shows_it_when_substituted():
    y_hat = Symbol("yhat")
    lemma = verified_lemma(
        y_hat, (Integer(1), lambda: DEF((y_hat, phi(Dot(W0, X1))), (W0, ZERO_VECTOR)))
    )
    used = Derivation(y_hat + 1).step(Integer(2), SUB(lemma))
    assert "w⁽⁰⁾ = 0" in citation(used)


def test_an_unexpected_sympy_error_while_checking_is_not_shown(monkeypatch):
    import symbolic.derivations.checking as checking

    def broken(expr):
        raise TypeError("unsupported operand type(s) for >>: 'int' and 'mpf'")

    monkeypatch.setattr(checking, "is_shown_zero", broken)
    with pytest.raises(NotShown, match="TypeError"):
        Derivation(A + 1).step(1 + A, "algebra").verify()

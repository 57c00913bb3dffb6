"""The question etaproof answers, and the claims its answers 2 and 3 make about hidden units,
one by one, each with a verdict that etaproof computed: proved, refuted with an exact witness,
or true under a stated condition (and then a witness that it fails without it).

:data:`QUESTION` is the question as it was asked (on a data-science Q&A site, about a remark in
Raschka's *Python Machine Learning*, chapter 2), quoted wherever its answers are judged.  Each
:class:`QuestionClaim` quotes a sentence of an answer verbatim and carries the checks its
verdict rests on (from :mod:`symbolic.theorems.hidden_symmetry`) and, where there is one, a
:class:`Witness`: a small run of the symbolic network (:func:`symbolic.network.train_network`)
in exact arithmetic, cross-checked with the numeric twin where it computes exactly.  A
witness is built only if it contradicts what it is quoted against; otherwise
:class:`WitnessFailed` is raised and no claim is returned.  The condition and the reason are
prose parts (text and SymPy expressions), printed by etaproof's printers in any format.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from sympy import Derivative, Eq, Expr, Integer, Rational, Symbol, exp, factor

import numeric
from numeric.display import one_line, shown_count
from numeric.network import Rates
from symbolic.algebra.symbols import ETA
from symbolic.derivations.inference import Part
from symbolic.errors import EtaproofValueError
from symbolic.network.functions import (
    ACTIVATIONS,
    ANY_ACTIVATION,
    ANY_LOSS,
    activation_of,
    loss_of,
)
from symbolic.network.model import gradient_formula, train_network
from symbolic.perceptron.dataset import IndexedSymbol
from symbolic.printable import Displayable, plain_parts, plain_text
from symbolic.theorems.deep_symmetry import prove_deep_symmetry
from symbolic.theorems.hidden_symmetry import (
    M,
    is_shown_zero,
    prove_hidden_symmetry,
    zero_weight_checks,
)
from symbolic.theorems.symmetry_breaking import SymmetryBreak, symmetry_breaks
from symbolic.theorems.zero_init import Check

Verdict = Literal["proved", "refuted", "conditional"]

#: How each verdict reads.
VERDICT_TEXT: dict[str, str] = {
    "proved": "proved",
    "refuted": "refuted",
    "conditional": "true under a condition",
}


@dataclass(frozen=True)
class Question:
    """The question as it was asked: the textbook remark it quotes, ``remark`` (from
    ``source``), between ``found`` and ``asks``, its own words, verbatim."""

    asked_on: str
    found: str
    remark: str
    source: str
    asks: str

    @property
    def text(self) -> str:
        """The question's words, the remark included (in quotation marks)."""
        return f"{self.found} “{self.remark}” {self.asks}"

    def __str__(self) -> str:
        return f"The question (asked on {self.asked_on}): {self.text}"

    def to_dict(self) -> dict[str, str]:
        """The question as JSON-ready text."""
        return {
            "asked_on": self.asked_on,
            "text": self.text,
            "remark": self.remark,
            "source": self.source,
        }


#: The question etaproof answers (its opening greeting left out).
QUESTION = Question(
    asked_on="a data-science Q&A site",
    found="In a text book i found:",
    remark=(
        "Now, the reason we don't initialize the weights to zero is that the learning rate "
        "(eta) only has an effect on the classification outcome if the weights are "
        "initialized to non-zero values. If all the weights are initialized to zero, the "
        "learning rate parameter eta affects only the scale of the weight vector, not the "
        "direction."
    ),
    source="Raschka, Python Machine Learning, chapter 2",
    asks="Now, why? Are you able to explain me?",
)


class WitnessFailed(EtaproofValueError):
    """A witness did not contradict what it was meant to: no verdict rests on it."""


@dataclass(frozen=True)
class Witness:
    """An exact run that settles a claim: in ``setting``, the ``equations`` hold exactly
    (computed, not assumed), and ``contradicts`` says what they contradict."""

    setting: tuple[Part, ...]
    equations: tuple[Expr, ...]
    contradicts: tuple[Part, ...]

    def __post_init__(self) -> None:
        for name in ("setting", "equations", "contradicts"):
            if not isinstance(getattr(self, name), tuple):
                raise EtaproofValueError(f"{name}= must be a tuple of parts", getattr(self, name))

    def sentence(self) -> str:
        """The witness in words: "Witness, computed exactly: <setting>. Then <equations>:
        <what they contradict>."."""
        equations = [plain_text(e) for e in self.equations]
        joined = ", ".join(equations[:-1]) + (" and " if len(equations) > 1 else "")
        return (
            f"Witness, computed exactly: {plain_parts(self.setting)}. Then "
            f"{joined}{equations[-1] if equations else ''}: {plain_parts(self.contradicts)}."
        )

    def to_dict(self) -> dict[str, object]:
        """The witness as JSON-ready text."""
        return {
            "setting": plain_parts(self.setting),
            "equations": [plain_text(e) for e in self.equations],
            "contradicts": plain_parts(self.contradicts),
        }


@dataclass(frozen=True)
class QuestionClaim(Displayable):
    """One sentence of an answer to the question (answer 2 or 3) and its verdict."""

    key: str
    answer: int
    quote: str
    verdict: Verdict
    condition: tuple[Part, ...]
    reason: tuple[Part, ...]
    witness: Witness | None
    checks: tuple[Check, ...]
    #: Exact witnesses layer by layer in a deep network (symbolic.theorems.symmetry_breaking).
    breaks: tuple[SymmetryBreak, ...] = ()

    @property
    def holds(self) -> bool:
        """True when the evidence stands: every check shown (a witness is verified when it is
        built)."""
        return all(check.shown for check in self.checks) and (
            bool(self.checks) or self.witness is not None
        )

    @property
    def verdict_text(self) -> str:
        """The verdict in words: proved, refuted, true under a condition."""
        return VERDICT_TEXT[self.verdict]

    @property
    def condition_text(self) -> str:
        """The condition as plain text ("" when there is none)."""
        return plain_parts(self.condition)

    @property
    def reason_text(self) -> str:
        """The reason as plain text."""
        return plain_parts(self.reason)

    def __repr__(self) -> str:
        evidence = [shown_count(self.checks)] if self.checks else []
        evidence += ["witness"] if self.witness is not None else []
        return one_line(
            "QuestionClaim", self.verdict, repr(self.key), f"answer {self.answer}", *evidence
        )

    def __str__(self) -> str:
        """The quoted sentence, the verdict with its condition and reason, the witness and
        the checks, as the claims document words them."""
        lines = [f"Answer {self.answer} says: “{self.quote}”", self._verdict_sentence()]
        if self.witness is not None:
            lines.append(self.witness.sentence())
        if self.breaks:
            lines.append(f"In a deep network, layer by layer (computed exactly, {BREAK_SETTING}):")
            lines += [f"  {found.sentence()}" for found in self.breaks]
        if self.checks:
            lines += ["Checks:", *(f"  {check}" for check in self.checks)]
        return "\n".join(lines)

    def _verdict_sentence(self) -> str:
        condition = f": {self.condition_text}" if self.condition else ""
        return f"Verdict: {self.verdict_text}{condition}. Why: {self.reason_text}."

    def to_dict(self) -> dict[str, object]:
        """The claim as JSON-ready data."""
        return {
            "key": self.key,
            "answer": self.answer,
            "quote": self.quote,
            "verdict": self.verdict,
            "condition": self.condition_text,
            "reason": self.reason_text,
            "witness": None if self.witness is None else self.witness.to_dict(),
            "layer_witnesses": [
                {
                    "layer": found.layer,
                    "part": found.part,
                    "nudge": str(found.nudge),
                    "differs_after_one_step": [n for n in found.spread if n != found.part],
                    "sentence": found.sentence(),
                }
                for found in self.breaks
            ],
            "checks": [
                {"name": c.name, "statement": c.statement, "shown": c.shown} for c in self.checks
            ],
        }


# -- the names the claims speak of -------------------------------------------------------------

SIGMA, LOSS = ANY_ACTIVATION, ANY_LOSS
J, INPUT = Symbol("j"), Symbol("i")
Z_J, V_J, DELTA_J = Symbol("z_j"), Symbol("v_j"), Symbol("delta_j")
X_I, Y, Y_HAT = Symbol("x_i"), Symbol("y"), Symbol("yhat")
_Z = Symbol("z")


def _entry(name: str, k: int, sub: str | None = None) -> IndexedSymbol:
    """W⁽ᵏ⁾_ji-style names for witnesses."""
    return IndexedSymbol(f"{name}({k})" + (f"_{sub}" if sub else ""))


def _eq(lhs: Expr, rhs: Expr) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise WitnessFailed(f"the witness does not show what it should: {what}")


def _twin(**kwargs: object) -> numeric.network.NetworkTrace:
    """The numeric twin's exact run (Fractions) of the same witness."""
    return numeric.train_network(exact=True, **kwargs)  # type: ignore[arg-type]


# -- the witnesses ----------------------------------------------------------------------------


def sigmoid_witness() -> Witness:
    """σ(0) = 1/2 for the logistic sigmoid: zero weights do not make a unit output zero."""
    value = ACTIVATIONS["sigmoid"].at_zero
    _require(value == Rational(1, 2), "sigmoid(0) = 1/2")
    return Witness(
        ("the logistic sigmoid ", _eq(SIGMA(_Z), 1 / (1 + exp(-_Z)))),
        (_eq(SIGMA(Integer(0)), value),),
        ("so a hidden unit with zero weights and bias outputs ", value, ", not ", Integer(0)),
    )


def learning_witness() -> Witness:
    """The sigmoid from zero weights: the outgoing weights move at the first step."""
    run = train_network(
        [[1]], [1], W=[[0], [0]], b=[0, 0], v=[0, 0], c=0, eta=ETA,
        activation="sigmoid", loss="squared",
    )  # fmt: skip
    v1, v2 = run.v(1)
    _require(v1 == ETA / 2 and v2 == ETA / 2, "v⁽¹⁾ = (η/2, η/2)")
    return Witness(
        (
            "the logistic sigmoid, the squared loss, ",
            _eq(M, Integer(2)),
            " units, all weights and biases ",
            Integer(0),
            ", one sample ",
            _eq(Symbol("x"), Integer(1)),
            " with target ",
            _eq(Y, Integer(1)),
        ),
        (_eq(_entry("v", 1, "1"), v1), _eq(_entry("v", 1, "2"), v2)),
        (
            "the outgoing weights move at the first step, by the same amount: the hidden "
            "layer learns, its units together",
        ),
    )


def direction_witness() -> Witness:
    """The sigmoid from zero weights, two steps: an incoming weight changes sign with η."""
    run = train_network(
        [[1], [1]], [1, 1], W=[[0], [0]], b=[0, 0], v=[0, 0], c=0, eta=ETA,
        activation="sigmoid", loss="squared",
    )  # fmt: skip
    weight = factor(run.W(2)[0, 0])
    # two rates inside answer 1's η ∈ (0, 1); the sign changes at η = 2/3
    small, large = weight.subs(ETA, Rational(1, 2)), weight.subs(ETA, Rational(3, 4))
    _require(small > 0 > large, "W⁽²⁾ changes sign between η = 1/2 and η = 3/4")
    _require(run.W(2)[0, 0] == run.W(2)[1, 0], "the units stay equal")
    return Witness(
        (
            "the logistic sigmoid, the squared loss, ",
            _eq(M, Integer(2)),
            " units, all weights and biases ",
            Integer(0),
            ", two samples ",
            _eq(Symbol("x"), Integer(1)),
            " with target ",
            _eq(Y, Integer(1)),
        ),
        (_eq(_entry("W", 2, "11"), weight),),
        (
            "which is ",
            small,
            " at ",
            _eq(ETA, Rational(1, 2)),
            " and ",
            large,
            " at ",
            _eq(ETA, Rational(3, 4)),
            ": the weight changes sign, so ",
            ETA,
            " changes the direction of the weights, not only their scale",
        ),
    )


def amount_witness() -> Witness:
    """One unit's weights from two inputs move by different amounts: η δ_j x_i depends on i."""
    kwargs = dict(
        X=[[1, 2]], y=[1], W=[[0, 0], [0, 0]], b=[0, 0], v=[1, 1], c=0, eta=1,
        activation="identity", loss="squared",
    )  # fmt: skip
    run = train_network(**kwargs)  # type: ignore[arg-type]
    twin = _twin(**kwargs)
    W = run.W(1)
    _require(W[0, 0] != W[0, 1] and W.row(0) == W.row(1), "unit-wise equal, input-wise not")
    _require([[Fraction(str(e)) for e in W.row(j)] for j in range(2)] == twin.W[1].tolist(),
             "the numeric twin agrees")  # fmt: skip
    return Witness(
        (
            "the identity activation, the squared loss, ",
            _eq(M, Integer(2)),
            " units with zero incoming weights and outgoing weights ",
            Integer(1),
            ", one step with ",
            _eq(ETA, Integer(1)),
            " on a sample with inputs ",
            Integer(1),
            " and ",
            Integer(2),
            " and target ",
            Integer(1),
        ),
        (
            _eq(_entry("W", 1, "11"), W[0, 0]),
            _eq(_entry("W", 1, "12"), W[0, 1]),
            _eq(_entry("W", 1, "21"), W[1, 0]),
            _eq(_entry("W", 1, "22"), W[1, 1]),
        ),
        (
            "the two units move alike, but the weights of one unit move by ",
            W[0, 0],
            " and by ",
            W[0, 1],
        ),
    )


def bias_witness() -> Witness:
    """Equal incoming and outgoing weights, unequal biases: the rows of W differ after one
    step (ReLU; the numeric twin agrees exactly)."""
    kwargs = dict(
        X=[[1]], y=[1], W=[[1], [1]], b=[1, -2], v=[1, 1], c=0, eta=Fraction(1, 2),
        activation="relu", loss="squared",
    )  # fmt: skip
    run = train_network(**kwargs)  # type: ignore[arg-type]
    twin = _twin(**kwargs)
    W = run.W(1)
    _require(W[0, 0] != W[1, 0], "the rows of W differ")
    _require([Fraction(str(W[j, 0])) for j in range(2)] == [twin.W[1][j][0] for j in range(2)],
             "the numeric twin agrees")  # fmt: skip
    return Witness(
        (
            "ReLU, the squared loss, ",
            _eq(M, Integer(2)),
            " units with incoming weights ",
            Integer(1),
            ", outgoing weights ",
            Integer(1),
            " and biases ",
            Integer(1),
            " and ",
            Integer(-2),
            ", one step with ",
            _eq(ETA, Rational(1, 2)),
            " on ",
            _eq(Symbol("x"), Integer(1)),
            " with target ",
            Integer(1),
        ),
        (_eq(_entry("W", 1, "11"), W[0, 0]), _eq(_entry("W", 1, "21"), W[1, 0])),
        (
            "the incoming weights, equal at the start, differ after one step: unequal biases "
            "alone broke the symmetry here",
        ),
    )


def rates_witness() -> Witness:
    """Two equal units against one unit with outgoing weight 2v at the same rate η: they part
    after one step; with the rates η/m, m·η, η they would not."""
    common = dict(X=[[1]], y=[1], c=0, activation="identity", loss="squared")
    eta = Fraction(1, 10)
    wide = train_network(W=[[1], [1]], b=[0, 0], v=[1, 1], eta=eta, **common)  # type: ignore[arg-type]
    same = train_network(W=[[1]], b=[0], v=[2], eta=eta, **common)  # type: ignore[arg-type]
    scaled = train_network(
        W=[[1]],
        b=[0],
        v=[2],
        eta=Rates(eta / 2, eta / 2, 2 * eta, eta),
        **common,  # type: ignore[arg-type]
    )
    twin = _twin(W=[[1]], b=[0], v=[2], eta=eta, **common)
    _require(wide.W(1)[0, 0] != same.W(1)[0, 0], "the same rate parts the runs")
    _require(wide.W(1)[0, 0] == scaled.W(1)[0, 0], "the rescaled rates do not")
    _require(Fraction(str(same.W(1)[0, 0])) == twin.W[1][0][0], "the numeric twin agrees")
    return Witness(
        (
            "the identity activation, the squared loss, ",
            _eq(M, Integer(2)),
            " units with incoming and outgoing weights ",
            Integer(1),
            " against one unit with outgoing weight ",
            Integer(2),
            ", both at ",
            _eq(ETA, Rational(1, 10)),
            ", one step on ",
            _eq(Symbol("x"), Integer(1)),
            " with target ",
            Integer(1),
        ),
        (
            _eq(_entry("W", 1, "11"), wide.W(1)[0, 0]),
            _eq(_entry("w", 1), same.W(1)[0, 0]),
        ),
        (
            "one unit trained like the two is not the two: it needs the rate ",
            ETA / M,
            " for its incoming weights and ",
            M * ETA,
            " for its outgoing weight",
        ),
    )


def proportional_witness() -> Witness:
    """δ is v times factors that depend on v too: doubling v quadruples δ here (one identity
    unit, the squared loss, where δ = v·(v·z + c − y))."""
    common = dict(X=[[1]], y=[0], W=[[1]], b=[0], c=0, eta=1, activation="identity",
                  loss="squared")  # fmt: skip
    deltas = []
    for v in (1, 2):
        g = gradient_formula(1, 1, activation_of("identity"), loss_of("squared"))
        run = train_network(v=[v], **common)  # type: ignore[arg-type]
        delta = g.gradients.b[0].xreplace(
            {g.W[0, 0]: 1, g.b[0]: 0, g.v[0]: v, g.c: 0, g.x[0]: 1, g.y: 0}
        )
        _require(run.b(1)[0] == -delta, "the run's bias moves by −η δ")
        deltas.append(delta)
    _require(deltas == [1, 4], "δ = 1 at v = 1 and 4 at v = 2")
    return Witness(
        (
            "a single unit with the identity activation and the squared loss, its incoming weight ",
            Integer(1),
            ", its bias and the output bias ",
            Integer(0),
            ", on ",
            _eq(Symbol("x"), Integer(1)),
            " with target ",
            Integer(0),
            ", at ",
            _eq(V_J, Integer(1)),
            " and at ",
            _eq(V_J, Integer(2)),
        ),
        (_eq(DELTA_J, deltas[0]), _eq(DELTA_J, deltas[1])),
        (
            "respectively: doubling the outgoing weight quadruples the error, which is not "
            "proportional to ",
            V_J,
            " alone",
        ),
    )


# -- the claims -------------------------------------------------------------------------------


def _delta_formula() -> Expr:
    return _eq(DELTA_J, Derivative(SIGMA(Z_J), Z_J) * V_J * Derivative(LOSS(Y_HAT, Y), Y_HAT))


def _zero_at() -> Expr:
    """σ(0) = 0, the condition under which zero weights silence the hidden units."""
    return _eq(SIGMA(Integer(0)), Integer(0))


@dataclass(frozen=True)
class _Evidence:
    """The theorem's own checks (any σ and L, the induction for a rate of any sign), each
    computed once and cited by the claims that rest on it."""

    symmetry: tuple[Check, ...]
    one_unit: tuple[Check, ...]
    base: tuple[Check, ...]
    unrolled: tuple[Check, ...]
    zero_zero: tuple[Check, ...]
    every_layer: tuple[Check, ...]


def _evidence() -> _Evidence:
    """Proves the hidden-unit symmetry once and sorts its checks by what they show."""
    theorem = prove_hidden_symmetry(2, None, None, 2)
    symmetry = tuple(c for c in theorem.checks if c.name.startswith("induction step: ")
                     and "one unit" not in c.name)  # fmt: skip
    one_unit = tuple(c for c in theorem.checks if c.name.startswith("induction step: one unit"))
    assert len(symmetry) == 2 and len(one_unit) == 2, "the theorem's induction checks"
    base = tuple(c for c in theorem.checks if c.name.startswith("base case"))
    unrolled = tuple(c for c in theorem.checks if c.name.endswith("units equal"))
    zero_zero = tuple(
        check
        for name in ("tanh", "relu", "identity")
        for check in zero_weight_checks(name)
        if not check.name.endswith(": hidden units")
    )
    deep = prove_deep_symmetry((2, 3), None, None, 1)
    every_layer = deep.checks  # the whole proof for every depth: symmetry and one neuron
    return _Evidence(symmetry, one_unit, base, unrolled, zero_zero, every_layer)


def _zero_hidden_units(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: zero weights make every hidden unit zero (only when σ(0) = 0)."""
    return QuestionClaim(
        "zero-hidden-units",
        2,
        "If you initialize all weights with zeros then every hidden unit will get zero "
        "independent of the input.",
        "conditional",
        ("when ", _zero_at(), ": tanh, ReLU and the identity"),
        (
            "with zero weights and bias every hidden unit outputs ",
            SIGMA(Integer(0)),
            ", whatever the input; that is ",
            Integer(0),
            " exactly when ",
            _zero_at(),
        ),
        sigmoid_witness(),
        tuple(zero_weight_checks(None)[:1]) + evidence.zero_zero,
    )


def _same_gradient(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: units that start at zero follow the same gradient (proved)."""
    return QuestionClaim(
        "same-gradient",
        2,
        "So, when all the hidden neurons start with the zero weights, then all of them "
        "will follow the same gradient",
        "proved",
        (),
        (
            "zero weights are equal weights; units that start equal get equal gradients "
            "and stay equal at every step, for any activation, loss, data, number of "
            "units and learning rate (by induction)",
        ),
        None,
        evidence.base + evidence.unrolled + evidence.symmetry,
    )


def _only_scale(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: η affects only the scale of the weights (refuted)."""
    return QuestionClaim(
        "only-scale",
        2,
        'and for this reason "it affects only the scale of the weight vector, not the direction".',
        "refuted",
        (),
        (
            "the symmetry does not make ",
            ETA,
            " a scale factor: from zero weights the sigmoid network's weights are not ",
            ETA,
            " times weights free of ",
            ETA,
        ),
        direction_witness(),
        (),
    )


def _no_learning(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: zero or equal weights prevent learning (only zero weights with σ(0) = 0)."""
    return QuestionClaim(
        "no-learning",
        2,
        "Also, having zero ( or equal) weights to start with will prevent the network "
        "from learning.",
        "conditional",
        ("for zero weights with ", _zero_at(), " (tanh, ReLU, the identity)"),
        (
            "then the incoming weights, the biases and the outgoing weights get zero "
            "gradients at every step and only the output bias learns (by induction); "
            "with the sigmoid, or from equal non-zero weights, the network learns, as "
            "one unit",
        ),
        learning_witness(),
        evidence.zero_zero,
    )


def _proportional_errors(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: the backpropagated errors are proportional to the weights (as a factor)."""
    return QuestionClaim(
        "proportional-errors",
        2,
        "The errors backpropagated through the network is proportional to the value of "
        "the weights.",
        "conditional",
        (
            "read as a factor: the unit's outgoing weight ",
            V_J,
            " multiplies the error; the other factors depend on the weights too, through ",
            Z_J,
            " and ",
            Y_HAT,
        ),
        ("by the chain rule (proved) ", _delta_formula()),
        proportional_witness(),
        (theorem_gradient_check(),),
    )


def _same_errors(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: equal weights give equal backpropagated errors (proved)."""
    return QuestionClaim(
        "same-errors",
        2,
        "If all the weights are the same, then the backpropagated errors will be the same",
        "proved",
        (),
        (
            "units with equal incoming weights, biases and outgoing weights have equal ",
            Symbol("z_j"),
            " and so equal ",
            DELTA_J,
        ),
        None,
        evidence.symmetry,
    )


def _same_amount(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: all weights move by the same amount (unit by unit, not input by input)."""
    return QuestionClaim(
        "same-amount",
        2,
        "and consequently, all of the weights will be updated by the same amount.",
        "conditional",
        ("read unit by unit: the same weight of every hidden unit",),
        (
            "the weight from input ",
            INPUT,
            " of unit ",
            J,
            " moves by ",
            -ETA * DELTA_J * X_I,
            ", the same for every unit, but not for every input",
        ),
        amount_witness(),
        evidence.symmetry,
    )


#: The setting of the layer-by-layer witnesses, in words.
BREAK_SETTING = (
    "ReLU, the squared loss, two hidden layers of two units on one input, one step with "
    "η = 1/4 on x = 1 with target 3, units equal but for one part of unit 2"
)


def _unequal_weights(evidence: _Evidence) -> QuestionClaim:
    """Answer 2: the initial weights should be unequal (the units must differ somewhere)."""
    return QuestionClaim(
        "unequal-weights",
        2,
        "To avoid this symmetry problem, the initial weights to the network should be unequal.",
        "conditional",
        (
            "read as: the units must differ somewhere at the start, though not necessarily "
            "in their weights; unequal biases alone can break the symmetry, and no "
            "learning rate can",
        ),
        (
            "units that start equal stay equal whatever ",
            ETA,
            " is (proved, in every layer of a network of any depth); units that differ in any "
            "parameter, the bias alone included, can part; in the two-layer witnesses below a "
            "difference in one part of one unit (its row into the layer, its bias or its "
            "column out of it) spreads to another part in one step, in each layer",
        ),
        bias_witness(),
        evidence.symmetry + evidence.every_layer,
        symmetry_breaks(),
    )


def _same_values(evidence: _Evidence) -> QuestionClaim:
    """Answer 3: the hidden units keep the same values (proved, when they start equal)."""
    return QuestionClaim(
        "same-values",
        3,
        "all the neurones will have same values in a hidden layer( after single/ all "
        "iteration, as derivate will be same).",
        "proved",
        ("when they start equal",),
        (
            "equal units get equal derivatives, so they are equal after every step, and "
            "so are their values ",
            SIGMA(Z_J),
        ),
        None,
        evidence.base + evidence.unrolled + evidence.symmetry,
    )


def _no_contribution(evidence: _Evidence) -> QuestionClaim:
    """Answer 3: equal units contribute only on scale (true of the output, not the training)."""
    return QuestionClaim(
        "no-contribution",
        3,
        "As both the neurones learning same thing, There is no contribution towards "
        "gradient but only on scale.",
        "conditional",
        (
            "true of the output: ",
            M,
            " equal units add up to one unit with outgoing weight ",
            M * V_J,
            "; not of the training, which is that unit's only with rescaled rates",
        ),
        (
            "the ",
            M,
            " units contribute ",
            M * V_J * SIGMA(Z_J),
            "; one unit trained at the same rate ",
            ETA,
            " moves differently",
        ),
        rates_witness(),
        evidence.one_unit,
    )


def _one_neuron(evidence: _Evidence) -> QuestionClaim:
    """Answer 3: equal units are one neuron per layer (every depth, with rescaled rates)."""
    m1, ml, ml_below, m_last = (Symbol(n) for n in ("m_1", "m_l", "m_l-1", "m_L"))
    LAYER = Symbol("l")
    return QuestionClaim(
        "one-neuron",
        3,
        "Its like having only one neuron in every layer.",
        "conditional",
        (
            "with rescaled rates, in a network of any depth: the one neuron of layer ",
            LAYER,
            " has the incoming weight ",
            ml_below * Symbol("a_l"),
            " (layer 1: a unit's row), the outgoing weight ",
            m_last * V_J,
            " at the output, and is trained with the rates ",
            ETA / m1,
            " for the first layer's weights, ",
            ETA / ml,
            " for the biases of layer ",
            LAYER,
            ", ",
            ETA * ml_below / ml,
            " for the weights into layer ",
            LAYER,
            ", ",
            m_last * ETA,
            " for the output weights and ",
            ETA,
            " for the output bias",
        ),
        (
            "by induction over steps and over layers (proved, for every depth and every width) "
            "the equal units compute, step after step, exactly what the one neuron per layer "
            "computes",
        ),
        rates_witness(),
        evidence.base + evidence.one_unit + evidence.every_layer,
    )


#: One builder per claim, in the order the answers make them.
_CLAIM_BUILDERS = (
    _zero_hidden_units,
    _same_gradient,
    _only_scale,
    _no_learning,
    _proportional_errors,
    _same_errors,
    _same_amount,
    _unequal_weights,
    _same_values,
    _no_contribution,
    _one_neuron,
)


def _claims() -> tuple[QuestionClaim, ...]:
    """Every claim, built from the theorem's checks computed once."""
    evidence = _evidence()
    return tuple(build(evidence) for build in _CLAIM_BUILDERS)


def theorem_gradient_check() -> Check:
    """SymPy's ∂L/∂b_j and ∂L/∂W_ji of a two-unit network with any σ and L are
    σ′(z_j)·v_j·∂L/∂ŷ and that times x_i: the backpropagated error δ_j."""
    formula = gradient_formula(2, 2, activation_of(None), loss_of(None))
    shown = True
    for j in range(2):
        z = sum((formula.W[j, i] * formula.x[i] for i in range(2)), formula.b[j])
        t = Symbol("t")
        sigma_prime = Derivative(SIGMA(t), t).subs(t, z)
        loss_prime = Derivative(LOSS(t, formula.y), t).subs(t, formula.gradients.output)
        delta = sigma_prime * formula.v[j] * loss_prime
        shown = shown and is_shown_zero(formula.gradients.b[j] - delta)
        for i in range(2):
            shown = shown and is_shown_zero(formula.gradients.W[j, i] - delta * formula.x[i])
    return Check(
        "backpropagated error",
        "SymPy's ∂L/∂b_j is σ′(z_j)·v_j·∂L/∂ŷ and its ∂L/∂W_ji is that times x_i",
        shown,
    )


@functools.lru_cache(maxsize=1)
def question_claims() -> tuple[QuestionClaim, ...]:
    """The claims that the question's answers 2 and 3 make about hidden units, in the order
    they are made, with their verdicts (computed once per process)."""
    return _claims()


def claim(key: str) -> QuestionClaim:
    """The claim with this key (``"zero-hidden-units"``, ``"same-gradient"``, …)."""
    for found in question_claims():
        if found.key == key:
            return found
    keys = [c.key for c in question_claims()]
    raise EtaproofValueError(f"key={key!r} must be one of {keys}", key)


__all__ = [
    "QUESTION",
    "VERDICT_TEXT",
    "Question",
    "QuestionClaim",
    "Witness",
    "WitnessFailed",
    "claim",
    "question_claims",
]

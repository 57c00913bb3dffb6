"""The verdict of :func:`symbolic.prove_eta_invariance` as a document: the rule, its two
homogeneity conditions (checked chains, or where they fail), then the checked induction
(proved), the counterexample run exactly (refuted), or what was searched (undecided).

Prose is ASCII with the math as expressions, so the LaTeX stays plain ASCII.
"""

from __future__ import annotations

from sympy import Eq, Expr, Gt, ImmutableMatrix, Ne, Symbol

from symbolic import Counterexample, EtaVerdict, ScalingSymmetry
from symbolic.algebra import ETA, C, Dot, vector
from symbolic.derivations import Chain, Definitions, Document, Heading, Paragraph, Table
from symbolic.theorems.homogeneity import Condition


def eq(lhs: object, rhs: object) -> Expr:
    return Eq(lhs, rhs, evaluate=False)


def verdict_document(
    verdict: EtaVerdict,
    *,
    check_command: str | None = None,
    summary: str | None = None,
    scaling: ScalingSymmetry | None = None,
) -> Document:
    """The whole document for one verdict (``check_command``: the line that reproduces a
    counterexample, default the counterexample's own; ``summary``: what the rule does, default
    the rule's own summary; ``scaling``: the rule's scaling symmetry, said in a closing line)."""
    name = verdict.rule.name
    blocks = [
        *rule_blocks(verdict, summary=verdict.rule.summary if summary is None else summary),
        *verdict_blocks(verdict, check_command=check_command),
    ]
    if scaling is not None:
        blocks.append(Paragraph(scaling_words(scaling)))
    return Document(f"Does the learning rate matter for the rule {name}?", tuple(blocks))


def rule_blocks(verdict: EtaVerdict, *, summary: str = "") -> list:
    """What the rule is (``summary``, then its formulas over whole vectors)."""
    rule = verdict.rule
    e = rule.vector_expressions()
    words = [f"Rule {rule.name}"]
    if summary:
        words.append(f": {summary.rstrip('.')}")
    labels = ", ".join(str(label) for label in rule.labels)
    state, inputs = _listed(e.w), _listed(e.x)
    return [
        Paragraph(
            (
                "".join(words),
                f". Labels {labels}. The state is {state[0]} ",
                *state[1],
                f" and the input {inputs[0]} ",
                *inputs[1],
                ", all of any dimension d; the decision and the update of each state vector are:",
            )
        ),
        Table(
            ("", "formula"),
            (
                ("decision", inline(e.decision)),
                *(
                    (f"update of {name}" if len(rule.state) > 1 else "update", inline(entry))
                    for name, entry in zip(rule.state, e.update, strict=True)
                ),
            ),
        ),
    ]


def _listed(vectors: ImmutableMatrix) -> tuple[str, list]:
    """("the vector", [w]) or ("the vectors", [u, ", ", a])."""
    items = list(vectors)
    if len(items) == 1:
        return "the vector", items
    parts: list = []
    for i, v in enumerate(items):
        parts += [v] if i == 0 else [", " if i < len(items) - 1 else " and ", v]
    return "the vectors", parts


#: The longest formula printed inline (characters of its plain text); a longer one cannot
#: break inside a line of prose or a table cell, so it is named by its size instead.
INLINE_LIMIT = 90


def inline(expr: object) -> object:
    """``expr`` when it is short enough to print inline, else a few words saying how large it
    is (the rule file holds the formula itself)."""
    if len(str(expr)) <= INLINE_LIMIT:
        return expr
    count = getattr(expr, "count_ops", lambda: 0)()
    return f"a formula of {count} operations, too long to print inline (see the rule file)"


def verdict_blocks(
    verdict: EtaVerdict, *, check_command: str | None = None, induction: bool = True
) -> list:
    """The verdict, the conditions, and the proof (with ``induction``: its chains, which
    define names, so a document holds at most one rule's), counterexample or search."""
    blocks: list = [Paragraph(verdict_line(verdict)), *condition_blocks(verdict)]
    if verdict.induction is not None:
        if induction:
            blocks += induction_blocks(verdict)
    elif verdict.counterexample is not None:
        blocks += counterexample_blocks(verdict.counterexample, check_command=check_command)
    else:
        blocks += undecided_blocks(verdict)
    return blocks


def verdict_line(verdict: EtaVerdict) -> tuple:
    """The verdict in one sentence of ASCII prose and math."""
    if verdict.status == "proved":
        return (
            "Verdict: proved. With ",
            eq(vector("w", 0), vector("0")),
            ", the learning rate ",
            ETA,
            " only scales the state, and every prediction is the same for every ",
            Gt(ETA, 0, evaluate=False),
            ".",
        )
    which = verdict.why or "the induction is not shown"
    if verdict.status == "refuted":
        return (f"Verdict: refuted ({which}, and a counterexample was confirmed exactly).",)
    return (f"Verdict: undecided ({which}, and the search found no counterexample).",)


def condition_blocks(verdict: EtaVerdict) -> list:
    """The two conditions: their chains, or where they fail."""
    blocks: list = [
        Heading("The two homogeneity conditions"),
        Paragraph(
            (
                "For every ",
                Gt(C, 0, evaluate=False),
                ": the decision at c w equals the decision at w, and the update at (c w, ",
                C * ETA,
                ") equals c times the update at (w, ",
                ETA,
                "), for each state vector. Each chain starts from the rule's formula at "
                "the scaled arguments, with the vectors kept whole, so it holds for every "
                "dimension d.",
            )
        ),
    ]
    decision, update = verdict.conditions
    state = verdict.rule.state
    blocks += _condition(decision, "The decision", state)
    blocks += _condition(update, "The update", state)
    return blocks


def _condition(condition: Condition, label: str, state: tuple[str, ...]) -> list:
    if condition.shown:
        blocks: list = [Paragraph((f"{label}:",))]
        for i, chain in enumerate(condition.derivations):
            if len(condition.derivations) > 1:
                blocks.append(Paragraph((f"the update of {state[i]}:",)))
            blocks.append(Chain(chain))
        return blocks
    where = (
        f" (of {state[condition.component - 1]})" if condition.component and len(state) > 1 else ""
    )
    parts: list = [f"{label}{where}: not shown."]
    if condition.remainder is not None:
        parts += [" After the cited rules the two sides differ by ", inline(condition.remainder)]
        if condition.point:
            parts += [", which is not 0 at "]
            for i, (symbol, value) in enumerate(condition.point.items()):
                parts += ([", "] if i else []) + [eq(symbol, value)]
        parts.append(".")
    return [Paragraph(tuple(parts))]


def induction_blocks(verdict: EtaVerdict) -> list:
    """The checked induction: the scaling law, then zero initial weights."""
    chains = verdict.induction
    assert chains is not None
    state = verdict.rule.state
    whole = "" if state == ("w",) else (
        f" (w stands for the whole state ({', '.join(state)}) and v for its twin "
        f"({', '.join(s.upper() for s in state)}))"
    )  # fmt: skip
    w0, v0 = vector("w", 0), vector("v", 0)
    wk, vk = vector("w", "k"), vector("v", "k")
    blocks: list = [
        Heading("The induction"),
        Paragraph(
            (
                "Let ",
                vk,
                " be the run with learning rate 1 started from ",
                eq(v0, w0 / ETA),
                ", with the vectors kept whole, so for every dimension d" + whole + ":",
            )
        ),
        Definitions(chains.definitions),
        Paragraph(
            (
                "Claim: ",
                eq(wk, ETA * vk),
                " for every step k. Base case, for each state vector:",
            )
        ),
        *[Chain(chain) for chain in chains.base],
        Paragraph(
            (
                "Induction step: assume ",
                eq(vector("w", "k-1"), ETA * vector("v", "k-1")),
                ". Then, for each state vector (this is the update condition with c = ",
                ETA,
                " and rate 1):",
            )
        ),
        *[Chain(chain) for chain in chains.steps],
        Paragraph(("and the prediction is that of the run with rate 1 (the decision condition):",)),
        Chain(chains.prediction),
        Paragraph(
            (
                "So the run with rate ",
                ETA,
                " from ",
                w0,
                " is ",
                ETA,
                " times the run with rate 1 from ",
                w0 / ETA,
                " (the scaling law): with ",
                Ne(w0, vector("0"), evaluate=False),
                " the learning rate acts through the starting point. With zero initial weights:",
            )
        ),
        *[Chain(chain) for chain in chains.zero_init],
        Paragraph(
            (
                "so ",
                vk,
                " does not involve ",
                ETA,
                " at all: ",
                ETA,
                " only scales the state, and every prediction is the same for every ",
                Gt(ETA, 0, evaluate=False),
                ", for any data and any number of steps and epochs.",
            )
        ),
    ]
    return blocks


def counterexample_blocks(
    counterexample: Counterexample, *, check_command: str | None = None
) -> list:
    """The dataset, the two exact runs up to the first difference, and how to reproduce."""
    cx = counterexample
    p, q = cx.predictions
    first, second = _arm_label(cx, 0), _arm_label(cx, 1)
    data = Table(
        ("sample", "x", "y"),
        tuple(
            (str(i), ImmutableMatrix([list(row)]), label)
            for i, (row, label) in enumerate(zip(cx.X, cx.y, strict=True), start=1)
        ),
    )
    rational = all(v.is_Rational for run in cx.runs for w in run.weights for v in w)
    header: tuple = ("step", "sample", ("prediction, ", *first), ("prediction, ", *second))
    if rational:
        header += (("weights after, ", *first), ("weights after, ", *second))
    rows = []
    for k in range(1, cx.step + 1):
        row: tuple = (str(k), str(cx.runs[0].samples[k - 1]), cx.runs[0].predictions[k - 1],
                      cx.runs[1].predictions[k - 1])  # fmt: skip
        if rational:
            row += (cx.runs[0].weights[k].T, cx.runs[1].weights[k].T)
        rows.append(row)
    command = cx.check_command() if check_command is None else check_command
    blocks: list = [
        Heading("A counterexample"),
        Paragraph(
            (
                "From ",
                eq(vector("w", 0), vector("0")),
                f", on this dataset ({len(cx.X)} sample{'s' if len(cx.X) > 1 else ''}, "
                f"{cx.epochs} epoch{'s' if cx.epochs > 1 else ''}):",
            )
        ),
        data,
        Paragraph(("the two runs, computed exactly by the rule's own functions:",)),
        Table(header, tuple(rows)),
        Paragraph(
            (
                f"At step {cx.step} (sample {cx.sample}) the runs predict ",
                p,
                " and ",
                q,
                ": the learning rate changes the predictions.",
            )
        ),
    ]
    if command:
        blocks.append(Paragraph((f"Reproduce it with: {command}",)))
    return blocks


def _arm_label(cx: Counterexample, i: int) -> tuple:
    arm = cx.arms[i]
    rate = eq(ETA, arm.eta)
    return (rate,) if cx.same_rule else (f"{arm.rule.name} at ", rate)


def undecided_blocks(verdict: EtaVerdict) -> list:
    """What was searched, and why that decides nothing."""
    search = verdict.search
    tried = search.tried if search else 0
    space = search.space.describe() if search else "nothing"
    return [
        Heading("Undecided"),
        Paragraph(
            (
                f"No counterexample among the {tried} datasets searched ({_ascii(space)}). "
                "The two conditions are sufficient, not necessary: a rule may fail one and "
                "still make the same predictions for every rate, so nothing is claimed.",
            )
        ),
    ]


def _ascii(text: str) -> str:
    return text.replace("≤", "<=").replace("∈", "in").replace("…", "..").replace("−", "-")


def scaling_words(found: ScalingSymmetry) -> tuple:
    """The scaling symmetry as prose parts (text and math): the exponent and what it means,
    or why there is none."""
    w0 = vector("w", 0)
    if found.status == "proved":
        a = found.exponent
        assert a is not None
        means: tuple = {
            "1": ("only ", w0 / ETA, " matters, and from ", eq(w0, vector("0")),
                  " every rate gives the same run"),
            "2": ("only ", ETA / Dot(w0, w0), " (the rate over the squared length of ", w0,
                  ") and the direction of ", w0, " matter"),
        }.get(str(a), ("only ", w0 / ETA ** (1 / a), " matters"))  # fmt: skip
        return (
            "Scaling symmetry: ", eq(Symbol("a"), a), ", proved: the run from (",
            C**a * ETA, ", ", C * w0, ") is ", C, " times the run from (", ETA, ", ", w0,
            ") for every ", Gt(C, 0, evaluate=False), ", so ", *means, ".",
        )  # fmt: skip
    if found.status == "none":
        return ("Scaling symmetry: none; the learning rate matters on its own (exact "
                "witnesses rule out every exponent).",)  # fmt: skip
    return ("Scaling symmetry: undecided (no exponent shown).",)

"""Jupyter's rich display of the symbolic results, dispatching on class names as the printers
do: ``_html_<ClassName>`` builds the HTML of one kind of result (the verdict on top, its checks
as a table, details folded), with the standard library through :mod:`numeric.display`.

The model reaches it only through :class:`symbolic.printable.Displayable` (one lazy import, as
for the printers), so no model module imports display code.  It never decides truth: every
verdict, check and witness it shows was computed by the model.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from numeric.display import Table, plural, shown_text, to_html
from symbolic.printable import plain_expression


class CheckLike(Protocol):
    """What a table of checks reads: a :class:`symbolic.Check` or a homogeneity condition."""

    @property
    def name(self) -> str: ...

    @property
    def statement(self) -> str: ...

    @property
    def shown(self) -> bool: ...


def checks_table(checks: Iterable[CheckLike]) -> Table:
    """One row per check: its name, shown or not shown, and its statement (with the detail or
    the failure, when there is one)."""
    rows = []
    for check in checks:
        why = getattr(check, "detail", "") or getattr(check, "failure", "")
        statement = f"{check.statement} ({why})" if why else check.statement
        rows.append((check.name, shown_text(check.shown), statement))
    return Table.of(("check", "outcome", "statement"), rows)


class HtmlDisplay:
    """The HTML of a result, by the first ``_html_<ClassName>`` along its class's MRO."""

    def display(self, obj: object) -> str:
        for cls in type(obj).__mro__:
            method = getattr(self, f"_html_{cls.__name__}", None)
            if method is not None:
                return str(method(obj))
        raise TypeError(f"no HTML display for {type(obj).__name__}")

    def _html_PerceptronTrace(self, trace: Any) -> str:
        rows = [(k, sample, y_hat, dw) for k, sample, y_hat, dw in trace._rows()]
        table = Table.of(("k", "sample", "ŷ⁽ᵏ⁾", "Δw⁽ᵏ⁾"), rows, total=trace.steps)
        return to_html(
            trace._headline(),
            lead=f"Rule {trace.rule.name!r}: {trace.rule.summary}.",
            table=table,
            details=[("The full report", str(trace))],
        )

    def _html_NetworkTrace(self, trace: Any) -> str:
        rows = [(k, y_hat, "yes" if same else "no") for k, y_hat, same in trace._rows()]
        table = Table.of(("k", "ŷ⁽ᵏ⁾", "units identical after k"), rows, total=trace.steps)
        return to_html(trace._headline(), table=table, details=[("The full report", str(trace))])

    def _html_EtaVerdict(self, verdict: Any) -> str:
        details: list[tuple[str, str]] = []
        if verdict.counterexample is not None:
            command = verdict.counterexample.check_command()
            text = verdict.counterexample.describe() + (
                f"\n\nReproduce: {command}" if command else ""
            )
            details.append(("The counterexample", text))
        if verdict.induction is not None:
            chains = verdict.induction.chains()
            details.append(("The induction", f"{plural(len(chains), 'checked chain')}"))
        if verdict.search is not None:
            search = verdict.search
            details.append(
                (
                    "The search for a counterexample",
                    f"{plural(search.tried, 'dataset')} tried in {search.space.describe()}; "
                    f"{search.skipped} undefined, {search.unconfirmed} unconfirmed",
                )
            )
        if verdict.detail:
            details.append(("Detail", verdict.detail))
        return to_html(
            str(verdict),
            lead=f"Rule {verdict.rule.name!r}, vectors of every dimension: the two homogeneity "
            "conditions.",
            table=checks_table(verdict.conditions),
            details=details,
        )

    def _html_Check(self, check: Any) -> str:
        return to_html(f"{shown_text(check.shown)}: {check.name}", table=checks_table([check]))

    def _html_ZeroInitProof(self, proof: Any) -> str:
        return to_html(
            proof._verdict(),
            lead=" ".join(proof._theorem()),
            table=checks_table(proof.checks),
            details=[
                ("The steps unrolled", "\n".join(proof._unrolled())),
                ("Corollary", "\n".join(proof._corollary())),
                ("The full report", str(proof)),
            ],
        )

    def _html_HiddenSymmetryProof(self, proof: Any) -> str:
        return to_html(
            proof._verdict(),
            lead=" ".join([*proof._theorem(), proof._unrolled()]),
            table=checks_table(proof.checks),
            details=[("The full report", str(proof))],
        )

    def _html_DeepSymmetryProof(self, proof: Any) -> str:
        text = str(proof).split("\n")
        verdict = text[-1].removeprefix("Verdict: ")
        return to_html(
            verdict,
            lead=" ".join(line for line in text[:6]),
            table=checks_table(proof.checks),
            details=[("The full report", str(proof))],
        )

    def _html_Displayable(self, obj: Any) -> str:
        """Any other result: its first line as the headline, the whole report folded."""
        text = str(obj)
        return to_html(text.split("\n", 1)[0], details=[("The full report", text)])

    def _html_NonzeroInitAnalysis(self, analysis: Any) -> str:
        w = analysis.witness
        (a, b), (p, q) = w["etas"], w["y_hat"]
        rows = [
            ("Δw⁽²⁾ = η·[free of η]", "not factorable", str(analysis.obstruction)),
            (
                "critical rate",
                "ŷ⁽²⁾ can flip",
                f"η* = {plain_expression(analysis.critical_eta)}",
            ),
            (
                "witness",
                "ŷ⁽²⁾ flips" if analysis.flips else "no flip",
                f"X = {w['X']}, y = {w['y']}, w⁽⁰⁾ = {w['w0']}, η* = {w['eta_star']}: "
                f"η = {a} predicts ŷ⁽²⁾ = {p}, η = {b} predicts ŷ⁽²⁾ = {q}",
            ),
        ]
        verdict = (
            "η can change the predictions when w⁽⁰⁾ ≠ 0: the witness flips one."
            if analysis.flips
            else "NOT SHOWN: the witness does not flip a prediction."
        )
        return to_html(
            verdict,
            lead=f"Non-zero initial weights (rule {analysis.rule.name!r}).",
            table=Table.of(("part", "found", "detail"), rows),
            details=[("The full report", str(analysis))],
        )

    def _html_QuestionClaim(self, claim: Any) -> str:
        details = [] if claim.witness is None else [("The witness", claim.witness.sentence())]
        return to_html(
            claim._verdict_sentence(),
            lead=f"Answer {claim.answer} says: “{claim.quote}”",
            table=checks_table(claim.checks) if claim.checks else None,
            details=[*details, ("The full report", str(claim))],
        )


def to_html_display(obj: object) -> str:
    """The rich HTML display of a symbolic result."""
    return HtmlDisplay().display(obj)

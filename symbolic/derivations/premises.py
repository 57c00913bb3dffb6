"""What a verified derivation rests on, gathered once: its definitions, hypotheses and the
conditions ≠ 0 of every step, its own and those of every derivation it cites.

A :class:`Premises` is built when a derivation verifies, from its own steps and the premises
of the derivations it cites directly (already verified, so already gathered).  That keeps a
chain of K derivations, each citing the one before, linear in K: nothing walks the whole
chain again at every link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sympy import Expr, MatrixBase

from symbolic.algebra.vectors import ZERO_VECTOR
from symbolic.derivations.inference import Equation, InvalidDefinition, Justification

#: name → the names its definition uses (the edges the circularity check follows).
Uses = dict[Expr, frozenset[Expr]]


@dataclass(frozen=True)
class Premises:
    """Definitions (``ledger``: name → expression), hypotheses and conditions ≠ 0, each once,
    in the order they were first cited; ``free`` the names the definitions use but do not
    define, ``fixed`` the defined names that have a particular value (no free name left once
    every definition is substituted: v⁽⁰⁾ = 0), in ledger order."""

    ledger: dict[Expr, Expr]
    uses: Uses
    hypotheses: tuple[Justification, ...]
    conditions: tuple[Expr, ...]
    free: frozenset[Expr] = frozenset()
    fixed: tuple[Expr, ...] = ()
    assumed: dict[Expr, Expr] = field(default_factory=dict)

    def refuse_pinned_variables(self, start: Expr) -> None:
        """Raise :class:`InvalidDefinition` when a definition, here or in a lemma, gives a
        name of the claim ``start = …`` a particular value (z = 1, or z = a with a = 1): the
        claim would then be about that value while reading as if about every z.  A chain
        that unfolds the name itself (start is the name) is a definition, not a claim."""
        if not self.fixed:
            return
        names = start.free_symbols
        for name in self.fixed:
            if name != start and name in names:
                raise InvalidDefinition(
                    f"{name} = {self.ledger[name]} is a definition (here or in a lemma this "
                    f"chain cites), but {name} is a variable of the claim {start} = …: cite "
                    f"it as a hypothesis, INFERENCE_RULES['hypothesis'].using(({name}, "
                    f"{self.ledger[name]}))"
                )

    @classmethod
    def gather(cls, own: Sequence[Justification], cited: Iterable[Premises]) -> Premises:
        """The premises of a chain whose steps cite ``own`` and whose substituted derivations
        have the premises ``cited``.  Raises :class:`InvalidDefinition` when a name is defined
        twice, differently, or the definitions go round in a circle."""
        parts = list(cited)
        base = max(parts, key=lambda p: len(p.ledger), default=None)
        ledger = dict(base.ledger) if base else {}
        uses: Uses = dict(base.uses) if base else {}
        new: list[Expr] = []
        for lhs, rhs in _definitions(own, [p for p in parts if p is not base]):
            known = ledger.get(lhs)
            if known is None:
                ledger[lhs] = rhs
                new.append(lhs)
            elif known is not rhs and known != rhs:
                raise InvalidDefinition(f"{lhs} is defined twice: as {known} and as {rhs}")
        for name in new:
            uses[name] = frozenset(ledger[name].free_symbols)
        base_free = base.free if base else frozenset()
        # From a name of the base, only names of the base (or free there) are reachable; if
        # no new name was free there, no path leaves the base and nothing old changes.
        closed = base is not None and base_free.isdisjoint(new)
        base_names = base.ledger.keys() if base is not None and closed else ()
        _refuse_circles(new, ledger, uses, skip=base_names)
        used = set().union(*(uses[name] for name in new)) if new else set()
        free = frozenset((base_free | used) - ledger.keys())
        base_fixed = base.fixed if base is not None and closed else ()
        fixed = _fixed_names(ledger, uses, base_fixed, new if closed else None)
        hypotheses: dict[Justification, None] = {}
        conditions: dict[Expr, None] = {}
        for p in parts:
            hypotheses.update(dict.fromkeys(p.hypotheses))
            conditions.update(dict.fromkeys(p.conditions))
        for because in own:
            if because.is_hypothesis:
                hypotheses[because] = None
            conditions.update(dict.fromkeys(because.nonzero))
        assumed = _assumed(parts, own, ledger, new)
        return cls(ledger, uses, tuple(hypotheses), tuple(conditions), free, fixed, assumed)


def _assumed(
    parts: Sequence[Premises],
    own: Sequence[Justification],
    ledger: dict[Expr, Expr],
    new: list[Expr],
) -> dict[Expr, Expr]:
    """What the hypotheses assume (lhs → rhs), checked: one value per name, none for a
    defined name, and none against the name's declared assumptions (η = −1 for a positive
    η would make φ(η·z) = φ(z) "follow" from a false premise)."""
    assumed: dict[Expr, Expr] = {}
    fresh: list[tuple[Expr, Expr]] = []
    for p in parts:
        for lhs, rhs in p.assumed.items():
            if assumed.setdefault(lhs, rhs) != rhs:
                raise InvalidDefinition(
                    f"two hypotheses give {lhs} different values: {assumed[lhs]} and {rhs}"
                )
    for because in own:
        if because.is_hypothesis:
            for lhs, rhs in because.equations or because.rule.default_equations:
                if lhs not in assumed:
                    fresh.append((lhs, rhs))
                if assumed.setdefault(lhs, rhs) != rhs:
                    raise InvalidDefinition(
                        f"two hypotheses give {lhs} different values: {assumed[lhs]} and {rhs}"
                    )
    for lhs, rhs in fresh:
        _refuse_contradicted_assumptions(lhs, rhs)
    clash = [name for name in new if name in assumed] + [lhs for lhs, _ in fresh if lhs in ledger]
    if clash:
        name = clash[0]
        raise InvalidDefinition(
            f"{name} is assumed ({name} = {assumed[name]}) and also defined ({name} = "
            f"{ledger[name]}): a name is one or the other"
        )
    return assumed


def _refuse_contradicted_assumptions(lhs: Expr, rhs: Expr) -> None:
    declared = getattr(lhs, "_assumptions_orig", None)
    if not declared or isinstance(rhs, MatrixBase):
        return
    for fact, value in sorted(declared.items()):
        if getattr(rhs, f"is_{fact}", None) is (not value):
            raise InvalidDefinition(
                f"hypothesis {lhs} = {rhs} contradicts {lhs}'s declared assumption {fact}={value}"
            )


def _definitions(own: Sequence[Justification], others: Sequence[Premises]) -> list[Equation]:
    pairs = [pair for p in others for pair in p.ledger.items()]
    for because in own:
        if because.rule.kind == "definition":
            pairs += list(because.equations)
    return pairs


def _fixed_names(
    ledger: dict[Expr, Expr], uses: Uses, known: Iterable[Expr], new: list[Expr] | None
) -> tuple[Expr, ...]:
    """The names of ``ledger`` with a particular value, in ledger order: ``known`` (the base's,
    still valid) and those among ``new`` — or, with ``new`` None, recomputed for every name."""
    fixed: dict[Expr, bool] = dict.fromkeys(known, True)
    todo = list(ledger) if new is None else new

    def is_fixed(name: Expr) -> bool:
        if name in fixed:
            return fixed[name]
        if name not in ledger:
            return False
        fixed[name] = False  # definitions are acyclic (checked), so this is never read back
        fixed[name] = all(is_fixed(used) for used in uses[name] - {ZERO_VECTOR})
        return fixed[name]

    for name in todo:
        is_fixed(name)
    return tuple(name for name in ledger if fixed.get(name))


def _refuse_circles(
    new: list[Expr], ledger: dict[Expr, Expr], uses: Uses, skip: Iterable[Expr] = ()
) -> None:
    """Follow the definitions from each new name; a path back to a name on it is a circle.
    The old names were checked when they were defined, so a circle passes through a new one;
    names in ``skip`` cannot lead back to a new one and are not followed."""
    done: set[Expr] = set(skip)
    for start in new:
        path, stack = {start}, [(start, iter(uses[start] & ledger.keys()))]
        while stack:
            name, todo = stack[-1]
            following = next(todo, None)
            if following is None:
                done.add(name)
                path.discard(name)
                stack.pop()
            elif following in path:
                a, b = sorted((str(start), str(following)))
                raise InvalidDefinition(f"the definitions of {a} and {b} are circular")
            elif following not in done:
                path.add(following)
                stack.append((following, iter(uses[following] & ledger.keys())))

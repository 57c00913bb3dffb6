"""What a verified derivation rests on, gathered once: its definitions, hypotheses and the
conditions ≠ 0 of every step, its own and those of every derivation it cites.

A :class:`Premises` is built when a derivation verifies, from its own steps and the premises
of the derivations it cites directly (already verified, so already gathered).  Its parts are
snapshots of logs shared with the premises it was built from
(:class:`~symbolic.derivations.shared.Snapshot`): a chain of K derivations, each citing the
one before, extends one ledger in place instead of copying it at every link, so gathering
stays linear in K; yet each derivation sees exactly what it rests on, its own steps' premises
and those of the chains it cites, never one introduced later or by a sibling chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sympy import Expr, default_sort_key

from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol
from symbolic.derivations.consistency import Premise, PremiseSystem
from symbolic.derivations.inference import Equation, InvalidDefinition, Justification
from symbolic.derivations.shared import Snapshot, ordered_union

#: name → the names its definition uses (the edges the circularity check follows).
Uses = Snapshot[Expr, frozenset[Expr]]
#: An ordered set of names.
Names = Snapshot[Expr, None]


@dataclass(frozen=True, eq=False)
class Premises:
    """Definitions (``ledger``: name → expression), hypotheses and conditions ≠ 0, each once,
    in the order they were first cited; ``used`` every name a definition uses (those not
    defined are :attr:`free`); ``fixed`` the defined names that have a particular value (no
    free name left once every definition is substituted: v⁽⁰⁾ = 0), in ledger order;
    :attr:`assumed` the equations of every hypothesis, each once (``lefts`` their left
    sides); ``reached`` the names the hypotheses reach through the definitions; ``system``
    the hypotheses and the definitions they reach, solved together (checked consistent with
    one another and with declared assumptions).  Every part is a read-only snapshot."""

    ledger: Snapshot[Expr, Expr] = field(default_factory=Snapshot)
    uses: Uses = field(default_factory=Snapshot)
    used: Names = field(default_factory=Snapshot)
    fixed: Names = field(default_factory=Snapshot)
    cited_hypotheses: Snapshot[Justification, None] = field(default_factory=Snapshot)
    cited_conditions: Names = field(default_factory=Snapshot)
    assumptions: Snapshot[Equation, None] = field(default_factory=Snapshot)
    lefts: Names = field(default_factory=Snapshot)
    reached: Names = field(default_factory=Snapshot)
    system: PremiseSystem = field(default_factory=PremiseSystem)

    @cached_property
    def hypotheses(self) -> tuple[Justification, ...]:
        """The hypotheses cited, each once, in the order first cited."""
        return tuple(self.cited_hypotheses)

    @cached_property
    def conditions(self) -> tuple[Expr, ...]:
        """The conditions ≠ 0 stated, each once, in the order first stated."""
        return tuple(self.cited_conditions)

    @cached_property
    def assumed(self) -> tuple[Equation, ...]:
        """The equations of every hypothesis, each once."""
        return tuple(self.assumptions)

    @property
    def free(self) -> frozenset[Expr]:
        """The names the definitions use but do not define."""
        return frozenset(name for name in self.used if name not in self.ledger)

    def is_free(self, name: Expr) -> bool:
        """True when a definition uses ``name`` and none defines it."""
        return name in self.used and name not in self.ledger

    def refuse_pinned_variables(self, start: Expr) -> None:
        """Raise :class:`InvalidDefinition` when definitions, here or in a lemma, give a name
        of the claim ``start = …`` a particular value (z = 1; z = a with a = 1; or through a
        chain that cancels, z = a − b with a = b + 1): the claim would then be about that
        value while reading as if about every z.  A chain that unfolds the name itself
        (start is the name) is a definition, not a claim.  Hypotheses may pin a name: they
        are printed as what they are."""
        names = start.free_symbols
        pinned = {name: self.ledger[name] for name in self.fixed if name != start and name in names}
        defined = [name for name in names if name in self.ledger and name != start]
        for name in sorted(defined, key=default_sort_key):
            if name in pinned:
                continue
            try:
                value = _unfolded(name, self.ledger)
            except Exception:  # a column inside a product, say: nothing shows it is pinned
                continue
            if not set(value.free_symbols) - {ZERO_VECTOR}:
                pinned[name] = value
        for name, value in pinned.items():
            raise InvalidDefinition(
                f"{name} = {self.ledger[name]} is a definition (here or in a lemma this chain "
                f"cites), but {name} is a variable of the claim {start} = …, and the "
                f"definitions give it the particular value {value}: cite it as a hypothesis, "
                f"INFERENCE_RULES['hypothesis'].using(({name}, {value}))"
            )

    @classmethod
    def gather(cls, own: Sequence[Justification], cited: Iterable[Premises]) -> Premises:
        """The premises of a chain whose steps cite ``own`` and whose substituted derivations
        have the premises ``cited``.  Raises :class:`InvalidDefinition` when a name is defined
        twice, differently, or the definitions go round in a circle."""
        parts = list(cited)
        base = max(parts, key=lambda p: len(p.ledger), default=None) or cls()
        others = [p for p in parts if p is not base and not base.ledger.covers(p.ledger)]
        new: dict[Expr, Expr] = {}
        for lhs, rhs in _definitions(own, others):
            known = base.ledger.get(lhs)
            known = new.get(lhs) if known is None else known
            if known is None:
                new[lhs] = rhs
            elif known is not rhs and known != rhs:
                raise InvalidDefinition(f"{lhs} is defined twice: as {known} and as {rhs}")
        ledger = base.ledger.extended(new.items())
        uses = base.uses.extended((name, frozenset(rhs.free_symbols)) for name, rhs in new.items())
        # From a name of the base, only names of the base (or free there) are reachable; if
        # no new name was free there, no path leaves the base and nothing old changes.
        closed = not any(base.is_free(name) for name in new)
        skip = base.ledger if closed else Snapshot()
        _refuse_circles(list(new), ledger, uses, skip=skip)
        used = base.used.extended((name, None) for lhs in new for name in uses[lhs])
        fixed = _fixed_names(ledger, uses, base.fixed if closed else None, skip, list(new))
        hypotheses = ordered_union(
            (p.cited_hypotheses for p in parts), (b for b in own if b.is_hypothesis)
        )
        conditions = ordered_union(
            (p.cited_conditions for p in parts), (c for b in own for c in b.nonzero)
        )
        cited_assumed = ordered_union(p.assumptions for p in parts)
        assumed = cited_assumed.extended(
            (pair, None)
            for because in own
            if because.is_hypothesis
            for pair in because.equations or because.rule.default_equations
        )
        added = assumed.added_since(base.assumptions)  # new to the base's system
        lefts = base.lefts.extended((lhs, None) for lhs, _ in added)
        reached, system = _solved(base, added, ledger, uses, list(new))
        _refuse_assumed_and_defined(assumed, lefts, added, ledger, list(new))
        return cls(
            ledger, uses, used, fixed, hypotheses, conditions, assumed, lefts, reached, system
        )


def _solved(
    base: Premises, added: list[Equation], ledger: Snapshot[Expr, Expr], uses: Uses, new: list[Expr]
) -> tuple[Names, PremiseSystem]:
    """The names the hypotheses reach, and the base's system with the hypotheses ``added``
    and every definition a hypothesis now reaches (through the names it uses, and theirs):
    solved together, so that hypotheses that contradict one another, a definition, or a
    declared assumption raise
    :class:`~symbolic.derivations.consistency.ContradictoryPremises`.  Without hypotheses,
    definitions alone cannot contradict (each defines a new name, checked against its
    assumptions), so nothing is solved.  Only what the base has not reached is walked: the
    names of the new hypotheses, and the new definitions of names the base reached free."""
    renewed = set(new)
    todo = [name for pair in added for side in pair for name in side.free_symbols]
    todo += [name for name in new if name in base.reached]
    walked: dict[Expr, None] = {}
    while todo:
        name = todo.pop()
        if name in walked or (name in base.reached and name not in renewed):
            continue
        walked[name] = None
        todo += uses.get(name) or ()
    defined = sorted((name for name in walked if name in ledger), key=ledger.position)
    premises: list[Premise] = [
        (name, ledger[name], f"definition {name} = {ledger[name]}") for name in defined
    ]
    premises += [(lhs, rhs, f"hypothesis {lhs} = {rhs}") for lhs, rhs in added]
    return base.reached.extended(walked.items()), base.system.including(premises)


def _refuse_assumed_and_defined(
    assumed: Snapshot[Equation, None],
    lefts: Names,
    added: list[Equation],
    ledger: Snapshot[Expr, Expr],
    new: list[Expr],
) -> None:
    """A name is assumed (the left side of a hypothesis) or defined, never both: checked for
    the definitions ``new`` to the base against every hypothesis, and for the hypotheses
    ``added`` to the base (the chain's own, and those of every other lemma it cites) against
    every definition; the base's own were checked when it was gathered."""
    clash = [name for name in new if name in lefts] + [lhs for lhs, _ in added if lhs in ledger]
    if clash:
        name = clash[0]
        value = [rhs for lhs, rhs in assumed if lhs == name][-1]
        raise InvalidDefinition(
            f"{name} is assumed ({name} = {value}) and also defined ({name} = "
            f"{ledger[name]}): a name is one or the other"
        )


def _unfolded(name: Expr, ledger: Snapshot[Expr, Expr]) -> Expr:
    """The definition of ``name`` with every defined scalar name in it replaced by its
    definition, until none is left (the definitions are acyclic, checked), so that SymPy's
    arithmetic cancels what it can (a − b with a = b + 1 is 1).  Named vectors are followed by
    name only, as :func:`_fixed_names` does (φ(w⁽⁰⁾·x) with w⁽⁰⁾ = 0 still uses x)."""
    expr = ledger[name]
    for _ in range(len(ledger)):
        used = [n for n in expr.free_symbols if n in ledger and not isinstance(n, VectorSymbol)]
        if not used:
            break
        expr = expr.xreplace({n: ledger[n] for n in used})
    return expr


def _definitions(own: Sequence[Justification], others: Sequence[Premises]) -> list[Equation]:
    pairs = [pair for p in others for pair in p.ledger.items()]
    for because in own:
        if because.rule.kind == "definition":
            pairs += list(because.equations)
    return pairs


def _fixed_names(
    ledger: Snapshot[Expr, Expr],
    uses: Uses,
    known: Names | None,
    old: Snapshot[Expr, Expr],
    new: list[Expr],
) -> Names:
    """The names of ``ledger`` with a particular value, in ledger order: ``known`` (those of
    the names in ``old``, still valid) and those among ``new`` — or, with ``known`` None,
    recomputed for every name."""
    fixed: dict[Expr, bool] = {}

    def is_fixed(name: Expr) -> bool:
        if name in fixed:
            return fixed[name]
        if known is not None and name in old:
            return name in known
        if name not in ledger:
            return False
        fixed[name] = False  # definitions are acyclic (checked), so this is never read back
        fixed[name] = all(is_fixed(used) for used in uses[name] - {ZERO_VECTOR})
        return fixed[name]

    if known is None:
        every: Names = Snapshot()
        return every.extended((name, None) for name in ledger if is_fixed(name))
    return known.extended((name, None) for name in new if is_fixed(name))


def _refuse_circles(
    new: list[Expr], ledger: Snapshot[Expr, Expr], uses: Uses, skip: Snapshot[Expr, Expr]
) -> None:
    """Follow the definitions from each new name; a path back to a name on it is a circle.
    The old names were checked when they were defined, so a circle passes through a new one;
    names in ``skip`` cannot lead back to a new one and are not followed."""

    def following(name: Expr) -> Iterator[Expr]:
        return iter([used for used in uses[name] if used in ledger])

    done: set[Expr] = set()
    for start in new:
        path, stack = {start}, [(start, following(start))]
        while stack:
            name, todo = stack[-1]
            after = next(todo, None)
            if after is None:
                done.add(name)
                path.discard(name)
                stack.pop()
            elif after in path:
                a, b = sorted((str(start), str(after)))
                raise InvalidDefinition(f"the definitions of {a} and {b} are circular")
            elif after not in done and after not in skip:
                path.add(after)
                stack.append((after, following(after)))

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

from sympy import Expr, default_sort_key

from symbolic.algebra.vectors import ZERO_VECTOR, VectorSymbol
from symbolic.derivations.consistency import Premise, PremiseSystem
from symbolic.derivations.inference import Equation, InvalidDefinition, Justification

#: name → the names its definition uses (the edges the circularity check follows).
Uses = dict[Expr, frozenset[Expr]]


@dataclass(frozen=True)
class Premises:
    """Definitions (``ledger``: name → expression), hypotheses and conditions ≠ 0, each once,
    in the order they were first cited; ``free`` the names the definitions use but do not
    define, ``fixed`` the defined names that have a particular value (no free name left once
    every definition is substituted: v⁽⁰⁾ = 0), in ledger order; ``assumed`` the equations
    of every hypothesis, each once; ``system`` the hypotheses and the definitions they reach,
    solved together (checked consistent with one another and with declared assumptions)."""

    ledger: dict[Expr, Expr]
    uses: Uses
    hypotheses: tuple[Justification, ...]
    conditions: tuple[Expr, ...]
    free: frozenset[Expr] = frozenset()
    fixed: tuple[Expr, ...] = ()
    assumed: tuple[Equation, ...] = ()
    system: PremiseSystem = field(default_factory=PremiseSystem)

    def refuse_pinned_variables(self, start: Expr) -> None:
        """Raise :class:`InvalidDefinition` when definitions, here or in a lemma, give a name
        of the claim ``start = …`` a particular value (z = 1; z = a with a = 1; or through a
        chain that cancels, z = a − b with a = b + 1): the claim would then be about that
        value while reading as if about every z.  A chain that unfolds the name itself
        (start is the name) is a definition, not a claim.  Hypotheses may pin a name: they
        are printed as what they are."""
        names = start.free_symbols
        pinned = {name: self.ledger[name] for name in self.fixed if name != start and name in names}
        for name in sorted(
            (names & self.ledger.keys()) - {start} - set(pinned), key=default_sort_key
        ):
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
        assumed, fresh = _assumed(parts, own)
        base_system = base.system if base is not None else PremiseSystem()
        system = _solved(base_system, assumed, ledger, uses)
        _refuse_assumed_and_defined(assumed, fresh, ledger, new)
        return cls(ledger, uses, tuple(hypotheses), tuple(conditions), free, fixed, assumed, system)


def _assumed(
    parts: Sequence[Premises], own: Sequence[Justification]
) -> tuple[tuple[Equation, ...], list[Equation]]:
    """The equations of every hypothesis, those of the cited premises first, each once; and
    those that are new in ``own``."""
    assumed: dict[Equation, None] = {}
    for p in parts:
        assumed.update(dict.fromkeys(p.assumed))
    fresh: list[Equation] = []
    for because in own:
        if because.is_hypothesis:
            for pair in because.equations or because.rule.default_equations:
                if pair not in assumed:
                    assumed[pair] = None
                    fresh.append(pair)
    return tuple(assumed), fresh


def _solved(
    system: PremiseSystem, assumed: tuple[Equation, ...], ledger: dict[Expr, Expr], uses: Uses
) -> PremiseSystem:
    """``system`` with every hypothesis and every definition a hypothesis reaches (through
    the names it uses, and theirs) added: solved together, so that hypotheses that contradict
    one another, a definition, or a declared assumption raise
    :class:`~symbolic.derivations.consistency.ContradictoryPremises`.  Without hypotheses,
    definitions alone cannot contradict (each defines a new name, checked against its
    assumptions), so nothing is solved."""
    if not assumed:
        return system
    reached: set[Expr] = set()
    todo = [name for pair in assumed for side in pair for name in side.free_symbols]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += uses.get(name, ())
    premises: list[Premise] = [
        (name, rhs, f"definition {name} = {rhs}") for name, rhs in ledger.items() if name in reached
    ]
    premises += [(lhs, rhs, f"hypothesis {lhs} = {rhs}") for lhs, rhs in assumed]
    return system.including(premises)


def _refuse_assumed_and_defined(
    assumed: tuple[Equation, ...], fresh: list[Equation], ledger: dict[Expr, Expr], new: list[Expr]
) -> None:
    """A name is assumed (the left side of a hypothesis) or defined, never both."""
    lefts = {lhs: rhs for lhs, rhs in assumed}
    clash = [name for name in new if name in lefts] + [lhs for lhs, _ in fresh if lhs in ledger]
    if clash:
        name = clash[0]
        raise InvalidDefinition(
            f"{name} is assumed ({name} = {lefts[name]}) and also defined ({name} = "
            f"{ledger[name]}): a name is one or the other"
        )


def _unfolded(name: Expr, ledger: dict[Expr, Expr]) -> Expr:
    """The definition of ``name`` with every defined scalar name in it replaced by its
    definition, until none is left (the definitions are acyclic, checked), so that SymPy's
    arithmetic cancels what it can (a − b with a = b + 1 is 1).  Named vectors are followed by
    name only, as :func:`_fixed_names` does (φ(w⁽⁰⁾·x) with w⁽⁰⁾ = 0 still uses x)."""
    scalars = {n for n in ledger if not isinstance(n, VectorSymbol)}
    expr = ledger[name]
    for _ in range(len(ledger)):
        used = expr.free_symbols & scalars
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

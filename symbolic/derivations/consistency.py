"""The premises of a chain checked together: hypotheses, definitions, declared assumptions.

Each premise may be fine alone while together they contradict one another (a = b + 1 and
b = a + 1 say 0 = 2) or a symbol's declared assumption (η = a and a = −1 say η = −1 for a
positive η); from such a set anything "follows".  So the equalities are solved as one system,
by elimination to a fixed point:

- each equality ``lhs = rhs`` becomes ``lhs − rhs = 0`` with every value found so far
  substituted; if SymPy knows what is left is non-zero (a number ≠ 0, or η + 1 for a positive
  η), the premises are contradictory;
- otherwise a name it is linear in, with a coefficient known to be non-zero, gets a value
  (the left side first: a hypothesis η = a gives η the value a), which is substituted into
  every value found before, so that values never mention a solved name, and checked against
  the declared assumptions of every name whose value changed;
- an equality no name can be solved from waits, and is looked at again each time one of its
  names gets a value; a named vector given a column of numbers keeps that column.

Sound first: a set is refused only when SymPy *shows* a contradiction (a value breaks an
assumption only when SymPy decides the assumption is false for it), and a value is only ever
divided by a coefficient known to be non-zero, so every value follows from the premises.  An
equality SymPy cannot handle is left out, which may hide a contradiction but never invents one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sympy import Add, Expr, MatrixBase, Symbol, default_sort_key

from symbolic.algebra.phi import phi
from symbolic.derivations.checking import Sign, canonical, opaque
from symbolic.derivations.inference import InvalidDefinition

#: One premise: its two sides and how the chain cites it ("hypothesis η = a").
Premise = tuple[Expr, Expr, str]
#: The premises a value or a waiting equality rests on, each once, in the order first cited.
Reasons = tuple[str, ...]


class ContradictoryPremises(InvalidDefinition):
    """The premises of a chain (its hypotheses, definitions and the declared assumptions of
    its symbols, with those of every lemma it cites) contradict one another: the message says
    which premises, and what they give together."""


@dataclass(frozen=True)
class PremiseSystem:
    """The premises' equalities, solved as far as elimination goes.

    ``values``: name → value, never mentioning a solved name; ``reasons``: name → the premises
    its value rests on; ``waiting``: differences (= 0) no name could be solved from yet, with
    their reasons; ``columns``: named vector → (its column of numbers, how it was cited);
    ``seen``: the equalities already in the system (each is added once)."""

    values: dict[Expr, Expr] = field(default_factory=dict)
    reasons: dict[Expr, Reasons] = field(default_factory=dict)
    waiting: tuple[tuple[Expr, Reasons], ...] = ()
    columns: dict[Expr, tuple[MatrixBase, str]] = field(default_factory=dict)
    seen: frozenset[tuple[Expr, Expr]] = frozenset()

    def including(self, premises: Iterable[Premise]) -> PremiseSystem:
        """This system with ``premises`` added (those already in it are skipped); raises
        :class:`ContradictoryPremises` when SymPy shows they cannot all hold.  This system
        itself when every premise is already in it: a chain that adds none shares it."""
        premises = [premise for premise in premises if premise[:2] not in self.seen]
        if not premises:
            return self
        solver = _Solver(self)
        for lhs, rhs, cited in premises:
            solver.add(lhs, rhs, cited)
        return solver.system()


class _Solver:
    """A :class:`PremiseSystem` being extended: mutable copies of its parts."""

    def __init__(self, system: PremiseSystem) -> None:
        self.values = dict(system.values)
        self.reasons = dict(system.reasons)
        self.waiting = list(system.waiting)
        self.columns = dict(system.columns)
        self.seen = set(system.seen)

    def system(self) -> PremiseSystem:
        return PremiseSystem(
            self.values, self.reasons, tuple(self.waiting), self.columns, frozenset(self.seen)
        )

    def add(self, lhs: Expr, rhs: Expr, cited: str) -> None:
        if (lhs, rhs) in self.seen:
            return
        self.seen.add((lhs, rhs))
        if isinstance(lhs, MatrixBase) or isinstance(rhs, MatrixBase):
            self._add_column(lhs, rhs, cited)
            return
        try:
            difference = canonical(opaque(lhs - rhs))
        except Exception:  # SymPy cannot subtract them: left out (sound, see the module)
            return
        self._settle([(difference, (cited,), lhs)])

    def _add_column(self, lhs: Expr, rhs: Expr, cited: str) -> None:
        """A named vector given a column of numbers: two different columns contradict."""
        if not isinstance(lhs, Symbol) or not isinstance(rhs, MatrixBase):
            return
        known = self.columns.setdefault(lhs, (rhs, cited))
        if known[0] != rhs:
            raise _contradiction((known[1], cited), f"{lhs} = {known[0]} and {lhs} = {rhs}")

    def _settle(self, todo: list[tuple[Expr, Reasons, Expr | None]]) -> None:
        """Substitute, decide, solve: until nothing that can be solved is left."""
        while todo:
            difference, why, prefer = todo.pop()
            try:
                used = difference.free_symbols & self.values.keys()
                if used:
                    difference = canonical(
                        difference.xreplace({name: self.values[name] for name in used})
                    )
                    why = _union(
                        *(self.reasons[name] for name in sorted(used, key=default_sort_key)), why
                    )
                if difference.is_zero is False:
                    raise _contradiction(why, _impossible(difference))
                if difference.is_zero:
                    continue
                solved = _solve(difference, prefer)
            except ContradictoryPremises:
                raise
            except Exception:  # SymPy cannot handle it: left out (sound, see the module)
                continue
            if solved is None:
                self.waiting.append((difference, why))
                continue
            todo += self._assign(*solved, why)

    def _assign(
        self, name: Symbol, value: Expr, why: Reasons
    ) -> list[tuple[Expr, Reasons, Expr | None]]:
        """Give ``name`` its value everywhere; return the waiting equalities that use it."""
        _refuse_broken_assumptions(name, value, why)
        for other, known in list(self.values.items()):
            if name in known.free_symbols:
                self.values[other] = canonical(known.xreplace({name: value}))
                self.reasons[other] = _union(self.reasons[other], why)
                _refuse_broken_assumptions(other, self.values[other], self.reasons[other])
        self.values[name], self.reasons[name] = value, why
        woken = [(d, r) for d, r in self.waiting if name in d.free_symbols]
        self.waiting = [(d, r) for d, r in self.waiting if name not in d.free_symbols]
        return [(d, r, None) for d, r in woken]


def _solve(difference: Expr, prefer: Expr | None) -> tuple[Symbol, Expr] | None:
    """(name, value) with ``difference = 0`` ⇔ name = value: a name ``difference`` is linear
    in, with a coefficient known to be non-zero; ``prefer`` (the left side) first."""
    names = sorted(difference.free_symbols, key=default_sort_key)
    if prefer in difference.free_symbols:
        names.remove(prefer)
        names.insert(0, prefer)
    for name in names:
        if not isinstance(name, Symbol):
            continue
        rest, dependent = difference.as_independent(name, as_Add=True)
        coefficients = []
        for term in Add.make_args(dependent):
            coefficient, power = term.as_independent(name, as_Add=False)
            if power != name:
                break
            coefficients.append(coefficient)
        else:
            coefficient = Add(*coefficients)
            if coefficient.is_zero is False:
                return name, canonical(-rest / coefficient)
    return None


def _refuse_broken_assumptions(name: Symbol, value: Expr, why: Reasons) -> None:
    """Raise when SymPy decides that ``value`` breaks an assumption ``name`` declares."""
    declared = getattr(name, "_assumptions_orig", None) or {}
    for fact, expected in sorted(declared.items()):
        if getattr(value, f"is_{fact}", None) is (not expected):
            raise _contradiction(
                why, f"{name} = {_readable(value)}, but {name} is declared {fact}={expected}"
            )


def _impossible(difference: Expr) -> str:
    """What the premises give, ``difference = 0``, said with why SymPy knows it is false."""
    if difference.is_number:
        return f"0 = {_readable(-difference)}"
    declared = [
        f"{name} is declared {fact}={expected}"
        for name in sorted(difference.free_symbols, key=default_sort_key)
        for fact, expected in sorted((getattr(name, "_assumptions_orig", None) or {}).items())
    ]
    return f"{_readable(difference)} = 0, impossible since {', '.join(declared)}"


def _contradiction(why: Reasons, gives: str) -> ContradictoryPremises:
    premises = " and ".join(why)
    alone = "" if len(why) > 1 else " alone"
    return ContradictoryPremises(
        f"the premises contradict one another: {premises}{alone} give {gives}, so anything "
        "would follow from them"
    )


def _union(*parts: Reasons) -> Reasons:
    return tuple(dict.fromkeys(reason for part in parts for reason in part))


def _readable(expr: Expr) -> Expr:
    """``expr`` with the checker's opaque sign function printed as φ again."""
    return expr.replace(lambda e: isinstance(e, Sign), lambda e: phi(e.args[0], evaluate=False))

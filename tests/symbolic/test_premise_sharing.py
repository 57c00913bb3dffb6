"""Premises are shared between chains, not copied, and sharing leaks nothing.

A chain's premises extend those of the chains it cites in place (a snapshot of a shared
log, see :mod:`symbolic.derivations.shared`).  Each chain must still see exactly what it rests
on: not a definition or hypothesis introduced later, by a chain citing it, or by a sibling
chain citing the same lemma; contradictions must still be refused; and the shared premises
must be the same, value for value and reason for reason, as premises gathered afresh.
"""

from __future__ import annotations

import pytest
from sympy import Symbol

from symbolic import Derivation, DerivationError
from symbolic.derivations.consistency import ContradictoryPremises
from symbolic.derivations.inference import INFERENCE_RULES, InvalidDefinition
from symbolic.derivations.premises import Premises
from symbolic.derivations.shared import Snapshot, ordered_union

D, H, S = (INFERENCE_RULES[name] for name in ("definition", "hypothesis", "substitution"))
a, b, q, r, u, v, x, y = (Symbol(name, real=True) for name in "abqruvxy")


def lemma() -> Derivation:
    """q = x + 1, by definition."""
    return Derivation(q).step(x + 1, D.using((q, x + 1))).verify()


def defining_r(cited: Derivation, offset: int) -> Derivation:
    """r = q + offset = x + 1 + offset, citing q = x + 1."""
    return (
        Derivation(r)
        .step(q + offset, D.using((r, q + offset)))
        .step(x + 1 + offset, S.using(cited))
        .verify()
    )


def hypothesis_on_a() -> Derivation:
    """a = b + 1, a hypothesis (b is reached free)."""
    return Derivation(a).step(b + 1, H.using((a, b + 1))).verify()


def defining_b(cited: Derivation, value) -> Derivation:
    """b = value, citing the hypothesis a = b + 1 (so the definition is solved with it)."""
    return Derivation(b).step(value, D.using((b, value))).step(value, S.using(cited)).verify()


def fresh(derivation: Derivation, memo: dict[int, Premises] | None = None) -> Premises:
    """The premises of ``derivation`` gathered again on new logs, sharing nothing with any
    chain built before (each cited chain gathered once, depth first)."""
    memo = {} if memo is None else memo
    if id(derivation) not in memo:
        cited = [fresh(d, memo) for s in derivation.steps for d in s.because.derivations]
        memo[id(derivation)] = Premises.gather([s.because for s in derivation.steps], cited)
    return memo[id(derivation)]


def assert_same(shared: Premises, built: Premises) -> None:
    """Every part of two premises agrees: entries, order, values and reasons."""
    assert list(shared.ledger.items()) == list(built.ledger.items())
    assert list(shared.uses.items()) == list(built.uses.items())
    assert list(shared.used) == list(built.used)
    assert shared.free == built.free
    assert list(shared.fixed) == list(built.fixed)
    assert shared.hypotheses == built.hypotheses
    assert shared.conditions == built.conditions
    assert shared.assumed == built.assumed
    assert list(shared.lefts) == list(built.lefts)
    assert set(shared.reached) == set(built.reached)
    mine, theirs = shared.system, built.system
    assert mine.values == theirs.values
    assert mine.reasons == theirs.reasons
    assert mine.waiting == theirs.waiting
    assert mine.columns == theirs.columns
    assert mine.seen == theirs.seen


def test_a_snapshot_never_sees_what_was_appended_after_it():
    first = Snapshot().extended([(1, "one")])
    longer = first.extended([(2, "two")])
    assert list(first.items()) == [(1, "one")] and 2 not in first
    assert list(longer.items()) == [(1, "one"), (2, "two")]
    assert longer.covers(first) and not first.covers(longer)
    assert longer.added_since(first) == [2]


def test_a_snapshot_behind_the_tip_forks_instead_of_appending():
    first = Snapshot().extended([(1, "one")])
    longer = first.extended([(2, "two")])
    sibling = first.extended([(3, "three")])
    assert list(sibling) == [1, 3] and 2 not in sibling
    assert list(longer) == [1, 2] and 3 not in longer
    assert not sibling.covers(longer) and not longer.covers(sibling)
    with pytest.raises(KeyError):
        sibling[2]


def test_extending_with_nothing_new_shares_the_snapshot_itself():
    first = Snapshot().extended([(1, "one")])
    assert first.extended([(1, "other")]) is first
    assert first[1] == "one"


def test_an_ordered_union_keeps_the_order_of_the_parts():
    base = Snapshot().extended([(1, None), (2, None)])
    extension = base.extended([(3, None)])
    other = Snapshot().extended([(4, None), (1, None)])
    assert list(ordered_union([base, extension], [5])) == [1, 2, 3, 5]
    assert list(ordered_union([other, base, extension])) == [4, 1, 2, 3]
    assert list(ordered_union([extension, other])) == [1, 2, 3, 4]
    assert ordered_union([base, extension]) is extension


def test_a_definition_introduced_in_a_later_step_does_not_verify_an_earlier_one():
    chain = Derivation(q).step(x + 1, "algebra").step(x + 1, D.using((q, x + 1)))
    with pytest.raises(DerivationError) as caught:
        chain.verify()
    assert caught.value.step == 1


def test_a_chain_citing_a_lemma_adds_nothing_to_the_lemmas_premises():
    base = lemma()
    defining_r(base, 1)
    assert base.definitions() == [(q, x + 1)]
    assert r not in base.premises.ledger
    assert base.premises.free == {x}


def test_sibling_chains_see_only_their_own_definitions():
    base = lemma()
    first, second = defining_r(base, 1), defining_r(base, 2)  # the second forks
    assert first.definitions() == [(q, x + 1), (r, q + 1)]
    assert second.definitions() == [(q, x + 1), (r, q + 2)]
    both = Derivation(r).step(x + 2, S.using(first)).step(x + 2, S.using(second))
    with pytest.raises(InvalidDefinition, match="defined twice"):
        both.verify()


def test_a_sibling_s_hypothesis_does_not_reach_another_sibling_s_system():
    base = hypothesis_on_a()
    plus, minus = defining_b(base, x + y), defining_b(base, x - y)
    assert plus.premises.system.values[a] == x + y + 1
    assert minus.premises.system.values[a] == x - y + 1
    assert base.premises.system.values == {a: b + 1}
    assert_same(plus.premises, fresh(plus))
    assert_same(minus.premises, fresh(minus))


def test_a_contradiction_with_a_shared_system_is_still_refused():
    base = hypothesis_on_a()
    against = Derivation(a).step(b + 2, H.using((a, b + 2))).step(b + 2, S.using(base))
    with pytest.raises(ContradictoryPremises, match="hypothesis a = b \\+ 1"):
        against.verify()
    agreeing = Derivation(a).step(b + 1, H.using((a, b + 1))).step(b + 1, S.using(base))
    assert agreeing.verify().premises.system is base.premises.system  # nothing new: shared


def test_two_siblings_whose_premises_contradict_are_refused_together():
    base = hypothesis_on_a()
    one = Derivation(b).step(a - 1, S.using(base)).step(a - 1, H.using((b, 1))).verify()
    two = Derivation(b).step(a - 1, S.using(base)).step(a - 1, H.using((b, 2))).verify()
    both = Derivation(b).step(a - 1, S.using(one)).step(a - 1, S.using(two))
    with pytest.raises(ContradictoryPremises):
        both.verify()


def test_a_refused_chain_leaves_the_lemma_it_cites_as_it_was():
    base = lemma()
    circular = (
        Derivation(u)
        .step(v + 1, D.using((u, v + 1)))
        .step(u, D.using((v, u - 1)))
        .step(u, S.using(base))
    )
    with pytest.raises(InvalidDefinition, match="circular"):
        circular.verify()
    assert list(base.premises.ledger) == [q]
    after = Derivation(u).step(q, D.using((u, q))).step(x + 1, S.using(base)).verify()
    assert list(after.premises.ledger) == [q, u] and v not in after.premises.ledger
    assert_same(after.premises, fresh(after))


def test_a_name_fixed_by_a_sibling_is_not_fixed_for_another():
    base = Derivation(a).step(b, D.using((a, b))).verify()  # a = b, b free
    pinned = Derivation(b).step(1, D.using((b, 1))).step(1, S.using(base)).verify()
    assert list(pinned.premises.fixed) == [a, b]
    free = Derivation(a + y).step(b + y, S.using(base)).verify()  # a is not pinned here
    assert list(free.premises.fixed) == []
    assert_same(free.premises, fresh(free))


def test_a_long_chain_extends_one_ledger_and_siblings_fork_off_it():
    names = [Symbol(f"n{k}", real=True) for k in range(13)]
    data = [Symbol(f"x{k}", real=True) for k in range(13)]
    link = Derivation(names[0]).step(data[0], D.using((names[0], data[0]))).verify()
    links, siblings = [link], []
    for k in range(1, 13):
        before = link
        if k % 3 == 0:  # a sibling takes the tip first: the next link must fork
            sibling = (
                Derivation(names[k])
                .step(names[k - 1] - data[k], D.using((names[k], names[k - 1] - data[k])))
                .step(before.result - data[k], S.using(before))
                .verify()
            )
            siblings.append(sibling)
        link = (
            Derivation(names[k])
            .step(names[k - 1] + data[k], D.using((names[k], names[k - 1] + data[k])))
            .step(before.result + data[k], S.using(before))
            .verify()
        )
        if k % 3:
            assert link.premises.ledger.covers(before.premises.ledger)  # shared, not copied
        links.append(link)
    for k, link in enumerate(links):
        assert list(link.premises.ledger) == names[: k + 1]
        assert link.result == sum(data[: k + 1])
        assert_same(link.premises, fresh(link))
    for sibling in siblings:
        k = names.index(sibling.start)
        assert sibling.premises.ledger[names[k]] == names[k - 1] - data[k]
        assert list(sibling.premises.ledger) == names[: k + 1]
        assert_same(sibling.premises, fresh(sibling))


@pytest.mark.parametrize("padding", [0, 2])
def test_a_name_one_cited_lemma_defines_and_another_assumes_is_refused_whichever_is_longer(
    padding,
):
    """Lemma 1 defines a = 0, lemma 2 assumes a = y; a chain citing both rests on a name that
    is both, whichever lemma has the longer ledger (``padding`` extra definitions make lemma 2
    the longer; without them lemma 1 was the base, and lemma 2's hypothesis, new to it, was
    never compared with its definitions: the chain verified)."""
    t1, t2, t3 = (Symbol(name, real=True) for name in ("t1", "t2", "t3"))
    defining = Derivation(t1).step(t1, D.using((a, 0))).verify()
    assuming = Derivation(t2).step(t2, H.using((a, y)))
    for k in range(padding):
        assuming.step(t2, D.using((Symbol(f"d{k}", real=True), k)))
    assuming.verify()
    chain = Derivation(t3).step(t3, S.using(defining)).step(t3, S.using(assuming))
    with pytest.raises(InvalidDefinition, match=r"a is assumed .* and also defined"):
        chain.verify()

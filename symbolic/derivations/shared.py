"""Append-only logs that many premise sets share, each seen through a :class:`Snapshot`.

A chain of K derivations, each citing the one before, gathers its premises from those of the
chain it cites plus its own few.  Copying the cited ledger at every link costs O(K) per link
and O(K²) in all; a snapshot instead is a shared log and a length, and sees the first
``length`` entries only.  Extending a snapshot appends to its log in place when nothing was
appended after it (it is the log's tip) and returns a longer snapshot; otherwise (a sibling
chain extended the log first) it copies its own entries into a new log, and extends that.
Entries are never changed or removed, so what a snapshot sees is fixed when it is made: a
premise introduced later, or by a sibling, is never visible to an earlier snapshot.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from itertools import islice
from threading import Lock
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: Held while a log is tested for its tip and appended to.
_APPENDING = Lock()


class _Log(Generic[K, V]):
    """The entries, in the order appended, and where each key is (shared, append-only)."""

    __slots__ = ("keys", "positions", "values")

    def __init__(self) -> None:
        self.keys: list[K] = []
        self.values: dict[K, V] = {}
        self.positions: dict[K, int] = {}

    def append(self, key: K, value: V) -> None:
        self.positions[key] = len(self.keys)
        self.keys.append(key)
        self.values[key] = value


class Snapshot(Mapping[K, V], Generic[K, V]):
    """The first ``len(self)`` entries of a shared append-only log: a read-only, ordered
    mapping that later snapshots of the same log extend in place (see the module)."""

    __slots__ = ("_length", "_log")

    def __init__(self, log: _Log[K, V] | None = None, length: int = 0) -> None:
        self._log: _Log[K, V] = _Log() if log is None else log
        self._length = length

    def __contains__(self, key: object) -> bool:
        position = self._log.positions.get(key)  # type: ignore[arg-type]
        return position is not None and position < self._length

    def __getitem__(self, key: K) -> V:
        if key not in self:
            raise KeyError(key)
        return self._log.values[key]

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        """The value of ``key``, or ``default`` when this snapshot does not see it."""
        return self._log.values[key] if key in self else default

    def __iter__(self) -> Iterator[K]:
        return islice(self._log.keys, self._length)

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"Snapshot({dict(self.items())!r})"

    def position(self, key: K) -> int:
        """Where ``key`` is in the order (raises KeyError when this snapshot does not see it)."""
        if key not in self:
            raise KeyError(key)
        return self._log.positions[key]

    def covers(self, other: Snapshot[K, V]) -> bool:
        """True when ``other`` is a prefix of this snapshot (the same log, no longer): every
        entry it sees is one this snapshot sees, in the same order."""
        return other._log is self._log and other._length <= self._length

    def added_since(self, earlier: Snapshot[K, V]) -> list[K]:
        """The keys this snapshot sees and ``earlier`` does not, in order (a slice of the log
        when ``earlier`` is a prefix of this snapshot, else a scan)."""
        if self.covers(earlier):
            return self._log.keys[earlier._length : self._length]
        return [key for key in self if key not in earlier]

    def extended(self, items: Iterable[tuple[K, V]]) -> Snapshot[K, V]:
        """This snapshot with ``items`` appended (a key it already sees, or met before in
        ``items``, is skipped: the first value stays); ``self`` when nothing is new.  Appends
        in place when ``self`` is its log's tip, else to a copy of its own entries."""
        new: dict[K, V] = {}
        for key, value in items:
            if key not in new and key not in self:
                new[key] = value
        if not new:
            return self
        with _APPENDING:  # the tip test and the appending are one move, even across threads
            log = self._log
            if len(log.keys) != self._length:  # a sibling extended the log: fork
                log = _Log()
                for key in islice(self._log.keys, self._length):
                    log.append(key, self._log.values[key])
            for key, value in new.items():
                log.append(key, value)
            return Snapshot(log, len(log.keys))


def ordered_union(parts: Iterable[Snapshot[K, None]], extra: Iterable[K] = ()) -> Snapshot[K, None]:
    """The keys of ``parts``, in order, each once, then those of ``extra`` not among them (an
    ordered set); shares the log of the longest leading part that covers those before it, so
    that a part extending the one before costs nothing to merge."""
    snapshots = list(parts)
    start = 0  # every part before ``start`` is a prefix of it
    while start + 1 < len(snapshots) and snapshots[start + 1].covers(snapshots[start]):
        start += 1
    base: Snapshot[K, None] = snapshots[start] if snapshots else Snapshot()
    rest = (
        (key, None)
        for snapshot in snapshots[start + 1 :]
        if not base.covers(snapshot)
        for key in snapshot
    )
    return base.extended([*rest, *((key, None) for key in extra)])

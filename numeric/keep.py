"""What a run keeps: ``keep=`` of :func:`numeric.train` and :func:`numeric.train_batch`.

A run always keeps the final weights and its near-ties (sparsely: dataset, rate, step, w·x, bound
and prediction of each), which is O(b·e·d) plus the near-ties.  On top of that, ``keep`` is

- ``"all"`` (the default): ŷ, c, w·x and the bound at every step, and w⁽ᵏ⁾ for every k (in
  float64, ŷ and c are written during the run and w·x and the bounds on first use, by running
  the loop again: the run itself costs what "predictions" costs);
- ``"predictions"``: ŷ and c at every step (int8 each);
- ``"final"``: nothing more;
- an iterable of step numbers k (0 … n·epochs; 0 is w⁽⁰⁾): w⁽ᵏ⁾ at those k, and, when it also
  holds the string ``"predictions"``, ŷ and c at every step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral

from .errors import InvalidOption

NAMES = ("all", "predictions", "final")


@dataclass(frozen=True)
class Keep:
    """A parsed ``keep=``: ``everything`` for "all", ``predictions`` for ŷ and c at every step,
    ``steps`` the sorted step numbers whose weights are snapshotted during the run (none for
    "all", whose weights are rebuilt from the coefficients on demand)."""

    everything: bool
    predictions: bool
    steps: tuple[int, ...]
    given: object

    @property
    def label(self) -> str:
        """``keep=…`` as the user wrote it, for messages."""
        given = self.given
        if isinstance(given, str):
            return f"keep={given!r}"
        items = list(given) if isinstance(given, Iterable) else [given]
        shown = sorted(items, key=str) if isinstance(given, set | frozenset) else items
        if len(shown) > 6:
            shown = [*shown[:5], "…"]
        return "keep={" + ", ".join(str(v) if v != "…" else v for v in shown) + "}"


ALL = Keep(True, True, (), "all")


def parse_keep(keep: object, steps: int) -> Keep:
    """``keep`` checked against a run of ``steps`` steps; raises :class:`InvalidOption`."""
    message = (
        f"keep={keep!r} must be 'all', 'predictions', 'final' or step numbers from 0 to {steps} "
        "(optionally with 'predictions')"
    )
    if isinstance(keep, str):
        if keep not in NAMES:
            raise InvalidOption(message, keep)
        if keep == "all":
            return ALL
        return Keep(False, keep == "predictions", (), keep)
    if not isinstance(keep, Iterable):
        raise InvalidOption(message, keep)
    items = list(keep)
    predictions = "predictions" in [item for item in items if isinstance(item, str)]
    numbers = [item for item in items if not isinstance(item, str)]
    if any(isinstance(item, str) and item != "predictions" for item in items):
        raise InvalidOption(message, keep)
    for k in numbers:
        if isinstance(k, bool) or not isinstance(k, Integral) or not 0 <= int(k) <= steps:
            raise InvalidOption(message, keep)
    return Keep(False, predictions, tuple(sorted({int(k) for k in numbers})), keep)

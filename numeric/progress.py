"""A progress bar for long runs: tqdm on stderr, only when stderr is a terminal.

tqdm is optional (``pip install etaproof[progress]``); without it, or when stderr is a file or a
pipe, :class:`Progress` does nothing, so logs and tests never see a bar.
"""

from __future__ import annotations

import sys
from types import TracebackType

#: A bar appears only for runs still going after this many seconds.
DELAY_SECONDS = 1.0


class Progress:
    """Counts ``total`` units of work (rate × step updates) and shows them as a bar on stderr
    when ``enabled``, tqdm is installed and stderr is a terminal; otherwise a no-op."""

    def __init__(
        self, total: int, *, enabled: bool = True, desc: str = "training", unit: str = "step"
    ) -> None:
        self._bar = None
        if not enabled or total <= 0 or not _is_terminal(sys.stderr):
            return
        try:
            from tqdm import tqdm
        except ImportError:  # optional
            return
        self._bar = tqdm(
            total=total,
            desc=desc,
            unit=unit,
            unit_scale=True,
            file=sys.stderr,
            delay=DELAY_SECONDS,
            leave=False,
            mininterval=0.5,
            dynamic_ncols=True,
        )

    @property
    def shown(self) -> bool:
        """Whether a bar is live."""
        return self._bar is not None

    def advance(self, amount: int) -> None:
        """``amount`` more units done."""
        if self._bar is not None:
            self._bar.update(amount)

    def extend(self, amount: int) -> None:
        """``amount`` more units to do (work found on the way, like exact re-runs)."""
        if self._bar is not None:
            self._bar.total += amount
            self._bar.refresh()

    def close(self) -> None:
        """Remove the bar (it is not left on the terminal)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


#: The progress of a run nobody watches.
NO_PROGRESS = Progress(0, enabled=False)

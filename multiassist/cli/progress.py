"""The command's live progress line: a run's status and elapsed seconds on stderr.

It is drawn only when its stream is a terminal, with ``\\r`` updates on one line that is
wiped when the run stops; redirected output (a file, a pipe, CI logs) gets nothing from it.
"""

from __future__ import annotations

import time
from typing import Callable, Optional, TextIO

from multiassist.models import Run

__all__ = ["ProgressLine"]

#: Statuses at which a run stops being worked on, for now (requires_action waits for us).
_STOPPED = frozenset(
    {"completed", "failed", "cancelled", "expired", "incomplete", "requires_action"}
)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class ProgressLine:
    """One status line redrawn in place, e.g. ``run run_abc: in_progress (2.4 s)``.

    ``show(label, status)`` redraws it (the clock starts at the first ``show`` after a
    ``clear``); ``clear()`` wipes it so the next output starts on a clean line. Does nothing
    at all when ``stream`` is not a terminal (``enabled`` is False).
    """

    def __init__(
        self, stream: TextIO, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.enabled = _is_terminal(stream)
        self._clock = clock
        self._started: Optional[float] = None
        self._width = 0

    def show(self, label: str, status: str) -> None:
        """Redraw the line with ``label``, ``status`` and the seconds since it appeared."""
        if not self.enabled:
            return
        now = self._clock()
        if self._started is None:
            self._started = now
        text = f"{label}: {status} ({now - self._started:.1f} s)"
        padding = " " * max(0, self._width - len(text))
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Wipe the line and reset the clock (no-op when nothing is drawn)."""
        self._started = None
        if not self.enabled or not self._width:
            return
        self.stream.write("\r" + " " * self._width + "\r")
        self.stream.flush()
        self._width = 0

    def track_run(self, run: Run) -> None:
        """Show a polled run's status; clear the line once the run stopped (a poll hook)."""
        if run.status in _STOPPED:
            self.clear()
        else:
            self.show(f"run {run.id}", run.status)

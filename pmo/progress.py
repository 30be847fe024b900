"""A progress bar on stderr for long loads: only in an interactive terminal, only after 1 s.

Nothing is shown when stderr is not a terminal (piped, redirected, CI) or when ``CI`` is
set; rich is imported only once a bar is due, so short runs never pay for it.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import Any

#: Seconds of work before a bar appears.
DELAY = 1.0


def interactive() -> bool:
    """True when stderr is a terminal a person is watching (not CI, not a dumb terminal)."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts work done; draws a bar once ``DELAY`` seconds have passed with work left."""

    def __init__(self, total: int, label: str) -> None:
        self.total = total
        self.label = label
        self.done = 0
        self.started = time.monotonic()
        self.enabled = total > 0 and interactive()
        self._bar: Any = None
        self._task: Any = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.started < DELAY or self.done >= self.total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

"""Ctrl-C and SIGTERM while a browser runs: stop Chromium at once, clean up, then report.

Raising from a signal handler into Playwright's synchronous dispatch can leave the driver
half-way through a call (and the profile behind); instead the handler only kills the profile's
processes (``ChromiumOracle.interrupt``) and remembers the signal, so the call in progress fails
cleanly with ``OracleInterruptedError`` and the normal ``close()`` path removes everything.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Protocol

SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class Interruptible(Protocol):
    def interrupt(self) -> None: ...


@dataclass(slots=True)
class Stopped:
    """Which signal stopped the browser, if any."""

    signum: int | None = None

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number (130 for Ctrl-C)."""
        return 128 + (self.signum or signal.SIGINT)


@contextmanager
def stop_on_signals(target: Interruptible) -> Iterator[Stopped]:
    """While inside, SIGINT/SIGTERM call ``target.interrupt()``; the old handlers come back after.

    Outside the main thread (where Python cannot install handlers) this does nothing.
    """
    stopped = Stopped()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        if stopped.signum is None:
            stopped.signum = signum
        target.interrupt()

    previous: dict[signal.Signals, Any] = {}
    for sig in SIGNALS:
        previous[sig] = signal.signal(sig, handle)
    try:
        yield stopped
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)

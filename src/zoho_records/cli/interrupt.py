"""Ctrl-C while rows are being sent: the first stops taking rows (the requests in flight
finish and are reported), the second abandons the requests in flight."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Interrupt:
    """The first Ctrl-C sets ``stop``; the second abandons the requests in flight
    (``KeyboardInterrupt``), but never in the middle of reporting an outcome (``busy``): then
    ``abandon`` is set and the outcome is finished first."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.busy = False
        self.abandon = False


@contextlib.contextmanager
def gentle_interrupt(state: Interrupt) -> Iterator[None]:
    """While inside, the first Ctrl-C (SIGINT) only sets ``state.stop``; the next raises
    ``KeyboardInterrupt`` (deferred while ``state.busy``). Only the main thread can take
    signals: elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum: int, frame: object) -> None:
        if not state.stop.is_set():
            state.stop.set()
        elif state.busy:
            state.abandon = True
        else:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)

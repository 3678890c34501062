"""A one-line progress display on stderr: records done, errors, rate, ETA, and (given the
client's ``stats``) the requests allowed in flight now, their bound, and the 429s seen."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from .. import ClientStats


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _count(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``0 errors``."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def traffic(stats: ClientStats) -> list[str]:
    """The client's side of a progress line: ``concurrency 14/25`` (the requests the limiter
    allows in flight now / its bound) and the 429 answers seen so far."""
    return [
        f"concurrency {stats.concurrency}/{stats.max_concurrency}",
        _count(stats.throttled, "429"),
    ]


class Progress:
    """Redraws in place on a terminal (at most 10 times a second); elsewhere prints a line
    every ``interval`` seconds so that logs stay readable."""

    def __init__(
        self,
        total: int | None,
        *,
        label: str = "",
        stream: TextIO | None = None,
        enabled: bool = True,
        interval: float = 5.0,
        stats: Callable[[], ClientStats] | None = None,
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self.interval = 0.1 if self.tty else interval
        self.done = 0
        self.errors = 0
        self.skipped = 0
        self.stats = stats  # the client's ``stats`` (a snapshot per line drawn)
        self.start = time.monotonic()
        self._last_draw = 0.0 if self.tty else self.start

    def advance(self, done: int = 0, errors: int = 0, skipped: int = 0) -> None:
        self.done += done
        self.errors += errors
        self.skipped += skipped
        now = time.monotonic()
        if self.enabled and now - self._last_draw >= self.interval:
            self._last_draw = now
            self._draw(final=False)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        processed = self.done - self.skipped
        rate = processed / elapsed
        parts = []
        if self.total:
            pct = 100 * self.done / self.total
            parts.append(f"{self.done:,}/{self.total:,} rows ({pct:.0f}%)")
        else:
            parts.append(f"{self.done:,} rows")
        parts.append(_count(self.errors, "error"))
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        parts.append(f"{rate:,.0f} rows/s")
        if self.total and rate > 0 and self.done < self.total:
            parts.append(f"ETA {_duration((self.total - self.done) / rate)}")
        else:
            parts.append(f"elapsed {_duration(elapsed)}")
        if self.stats is not None:
            parts.extend(traffic(self.stats()))
        return (f"{self.label}: " if self.label else "") + " | ".join(parts)

    def _draw(self, final: bool) -> None:
        text = self.line()
        if self.tty:
            self.stream.write("\r\x1b[2K" + text + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self._draw(final=True)

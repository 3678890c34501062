"""``while_waiting``: a stream of outcomes calls back before it waits for answers (the moment
to make durable what was done with the outcomes so far). The bulk engines (``_bulk``) read
``IDLE``."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

# Called by a bulk engine on its consumer's thread (or task) before it waits for an answer
# when none is ready (``while_waiting``).
IDLE: contextvars.ContextVar[Callable[[], None] | None] = contextvars.ContextVar(
    "zoho_records_idle", default=None
)


@contextlib.contextmanager
def while_waiting(callback: Callable[[], None]) -> Iterator[None]:
    """Within the block, the client's streams of outcomes (``iter_update_records``,
    ``iter_insert``, ...) consumed on this thread, or in this asyncio task, call ``callback``
    each time they are about to wait for answers with none ready: the moment to make durable
    what was done with the outcomes so far, e.g. to flush a report file once per answered call
    instead of once per record (the command line's report, ``zoho-records ... --report``).
    An exception ``callback`` raises comes out of the stream's ``next()``; the stream then
    ends as if the consumer had stopped reading it.

    ::

        with zoho_records.while_waiting(report.flush):
            for outcome in client.crm.iter_update_records("Deals", rows):
                report.write(outcome)  # on disk by the time the stream waits again
    """
    if not callable(callback):
        # (``while_waiting(fh.flush())`` hands over flush's result, None: nothing would flush)
        raise TypeError(
            f"while_waiting takes a function to call, e.g. fh.flush (not fh.flush()), got "
            f"{type(callback).__name__} {callback!r}"[:200]
        )
    token = IDLE.set(callback)
    try:
        yield
    finally:
        IDLE.reset(token)

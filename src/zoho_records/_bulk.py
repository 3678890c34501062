"""The bulk engine: records -> chunks -> requests sent with bounded concurrency -> one outcome
per record, in input order.

A ``Call`` is one request carrying some records (their input positions in ``indices``). The
engine runs calls concurrently (threads for the sync client, tasks for the async one), keeps at
most ``concurrency`` requests in flight and a bounded queue of prepared calls, so inputs of any
size stream through in constant memory. A call that fails as a whole gives every record it
carried that failure as its outcome. After an error that every later request would repeat
(authentication, permission, unknown URL) the remaining calls are not sent: their records get
the same error, marked "not sent".
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from ._exceptions import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    TokenRefreshError,
    ZohoError,
)
from ._http import Req
from ._outcomes import BulkResult, RecordError, RecordOutcome

T = TypeVar("T")

# Whole-call failures that every following request would hit too.
FATAL_ERRORS: tuple[type[ZohoError], ...] = (
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    TokenRefreshError,
)


@dataclass(slots=True)
class Call:
    """One request and the records it carries."""

    req: Req
    indices: list[int]
    ids: list[str | None]
    parse: Callable[[httpx.Response, Sequence[int], Sequence[str | None]], list[RecordOutcome]]
    extra: dict[str, Any] = field(default_factory=dict)


def chunked(items: Iterable[T], size: int) -> Iterator[tuple[int, list[T]]]:
    """``(start, items)``: lists of at most ``size`` items and the input position of each
    list's first item (no per-item tuple: a chunk's items sit at ``start``, ``start + 1`` …)."""
    it = iter(items)
    start = 0
    while chunk := list(itertools.islice(it, size)):
        yield start, chunk
        start += len(chunk)


def failed_outcomes(call: Call, exc: ZohoError, *, sent: bool = True) -> list[RecordOutcome]:
    outcomes: list[RecordOutcome] = []
    for index, record_id in zip(call.indices, call.ids, strict=True):
        outcome = RecordError.from_exception(index, exc, record_id)
        if not sent:
            outcome = RecordError(
                outcome.index,
                outcome.code,
                f"not sent: an earlier request failed with {outcome.code}: {outcome.message}",
                outcome.details,
                outcome.id,
                outcome.status_code,
                exc,
            )
        outcomes.append(outcome)
    return outcomes


class _Abort:
    __slots__ = ("exc",)

    def __init__(self) -> None:
        self.exc: ZohoError | None = None


def _execute_sync(
    call: Call, send: Callable[[Req], httpx.Response], abort: _Abort
) -> list[RecordOutcome]:
    if abort.exc is not None:
        return failed_outcomes(call, abort.exc, sent=False)
    try:
        response = send(call.req)
        return call.parse(response, call.indices, call.ids)
    except ZohoError as exc:
        if isinstance(exc, FATAL_ERRORS):
            abort.exc = exc
        return failed_outcomes(call, exc)


def _send_only(
    call: Call, send: Callable[[Req], httpx.Response], abort: _Abort
) -> httpx.Response | list[RecordOutcome]:
    """The worker's part: the request (I/O). Parsing happens on the consuming thread."""
    if abort.exc is not None:
        return failed_outcomes(call, abort.exc, sent=False)
    try:
        return send(call.req)
    except ZohoError as exc:
        if isinstance(exc, FATAL_ERRORS):
            abort.exc = exc
        return failed_outcomes(call, exc)


def _finish(
    call: Call, sent: httpx.Response | list[RecordOutcome], abort: _Abort
) -> list[RecordOutcome]:
    if isinstance(sent, list):
        return sent
    try:
        return call.parse(sent, call.indices, call.ids)
    except ZohoError as exc:
        if isinstance(exc, FATAL_ERRORS):
            abort.exc = exc
        return failed_outcomes(call, exc)


class _Workers:
    """``concurrency`` threads sending calls from ``todo`` and putting ``(call, result)`` on
    ``done``: two ``SimpleQueue``s and nothing else (no ``Future``, no done-callback, no
    executor bookkeeping), so each request costs one hand-off each way. Threads start as work
    arrives (a one-request job starts one). ``None`` in ``todo`` stops a thread; after
    ``stop()`` (the consumer went away) calls still queued are dropped, not sent."""

    __slots__ = ("todo", "done", "threads", "send", "abort", "size", "stopped")

    def __init__(self, send: Callable[[Req], httpx.Response], abort: _Abort, size: int) -> None:
        self.todo: queue.SimpleQueue[Call | None] = queue.SimpleQueue()
        self.done: queue.SimpleQueue[tuple[Call, _Sent | BaseException]] = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.send = send
        self.abort = abort
        self.size = size
        self.stopped = False

    def submit(self, call: Call, pending: int) -> None:
        self.todo.put(call)
        if len(self.threads) < min(pending, self.size):
            thread = threading.Thread(
                target=self._run, name=f"zoho-records_{len(self.threads)}", daemon=True
            )
            thread.start()
            self.threads.append(thread)

    def _run(self) -> None:
        get, put, send, abort = self.todo.get, self.done.put, self.send, self.abort
        while (call := get()) is not None:
            if self.stopped:
                continue
            try:
                put((call, _send_only(call, send, abort)))
            except BaseException as exc:  # handed to the consumer, which raises it
                put((call, exc))

    def next_done(self) -> list[RecordOutcome]:
        call, sent = self.done.get()
        if isinstance(sent, BaseException):
            raise sent
        return _finish(call, sent, self.abort)

    def stop(self) -> None:
        self.stopped = True
        for _ in self.threads:
            self.todo.put(None)
        for thread in self.threads:
            thread.join()


_Sent = httpx.Response | list[RecordOutcome]


def iter_sync(
    calls: Iterable[Call],
    send: Callable[[Req], httpx.Response],
    concurrency: int,
) -> Iterator[list[RecordOutcome]]:
    """Run ``calls``; yield each call's outcomes as it completes (completion order).

    Worker threads only send (I/O, which releases the GIL); responses are parsed on the
    consuming thread, which keeps the workers from contending for the GIL with CPU-bound
    parsing (measured: ~20 % more records/s at concurrency 10). Calls go to the workers and
    answers come back through two queues (``_Workers``); at most ``2 * concurrency`` calls
    are queued or running. If the consumer stops early, calls not yet sent are dropped and the
    requests in flight are waited for.
    """
    abort = _Abort()
    if concurrency <= 1:
        for call in calls:
            yield _execute_sync(call, send, abort)
        return
    workers = _Workers(send, abort, concurrency)
    pending = 0
    try:
        for call in calls:
            pending += 1
            workers.submit(call, pending)
            if pending >= 2 * concurrency:
                pending -= 1
                yield workers.next_done()
        while pending:
            pending -= 1
            yield workers.next_done()
    finally:
        workers.stop()


async def _execute_async(
    call: Call, send: Callable[[Req], Awaitable[httpx.Response]], abort: _Abort
) -> list[RecordOutcome]:
    if abort.exc is not None:
        return failed_outcomes(call, abort.exc, sent=False)
    try:
        response = await send(call.req)
        return call.parse(response, call.indices, call.ids)
    except ZohoError as exc:
        if isinstance(exc, FATAL_ERRORS):
            abort.exc = exc
        return failed_outcomes(call, exc)


async def iter_async(
    calls: Iterable[Call],
    send: Callable[[Req], Awaitable[httpx.Response]],
    concurrency: int,
) -> AsyncIterator[list[RecordOutcome]]:
    """Async twin of ``iter_sync``."""
    abort = _Abort()
    pending: set[asyncio.Task[list[RecordOutcome]]] = set()
    try:
        for call in calls:
            pending.add(asyncio.ensure_future(_execute_async(call, send, abort)))
            if len(pending) >= max(concurrency, 1):
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield task.result()
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task.result()
    finally:
        for task in pending:
            task.cancel()


class _Slots:
    """Outcomes placed by input position as batches arrive in any order."""

    __slots__ = ("batches", "count")

    def __init__(self) -> None:
        self.batches: list[list[RecordOutcome]] = []
        self.count = 0

    def put(self, batch: list[RecordOutcome]) -> None:
        self.batches.append(batch)
        self.count += len(batch)

    def result(self) -> BulkResult:
        rows: list[RecordOutcome | None] = [None] * self.count
        try:
            for batch in self.batches:
                for o in batch:
                    rows[o.index] = o
        except IndexError:  # pragma: no cover - would be a bug in this module
            raise AssertionError("an outcome for a record that was not sent") from None
        if None in rows:  # pragma: no cover - would be a bug in this module
            missing = [i for i, r in enumerate(rows) if r is None]
            raise AssertionError(f"no outcome (or two outcomes) for records {missing[:10]}")
        return BulkResult(rows)  # type: ignore[arg-type]


def collect(batches: Iterable[list[RecordOutcome]]) -> BulkResult:
    """Assemble streamed outcomes into input order."""
    slots = _Slots()
    for batch in batches:
        slots.put(batch)
    return slots.result()


async def acollect(batches: AsyncIterator[list[RecordOutcome]]) -> BulkResult:
    slots = _Slots()
    async for batch in batches:
        slots.put(batch)
    return slots.result()

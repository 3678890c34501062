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
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
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


def chunked(items: Iterable[T], size: int) -> Iterator[list[tuple[int, T]]]:
    """``[(index, item), ...]`` lists of at most ``size`` items."""
    it = iter(enumerate(items))
    while chunk := list(itertools.islice(it, size)):
        yield chunk


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


def iter_sync(
    calls: Iterable[Call],
    send: Callable[[Req], httpx.Response],
    concurrency: int,
) -> Iterator[list[RecordOutcome]]:
    """Run ``calls``; yield each call's outcomes as it completes (completion order)."""
    abort = _Abort()
    if concurrency <= 1:
        for call in calls:
            yield _execute_sync(call, send, abort)
        return
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="zoho-records") as pool:
        pending: set[Future[list[RecordOutcome]]] = set()
        try:
            for call in calls:
                pending.add(pool.submit(_execute_sync, call, send, abort))
                if len(pending) >= 2 * concurrency:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        yield fut.result()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        finally:
            for fut in pending:
                fut.cancel()


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


def collect(batches: Iterable[list[RecordOutcome]]) -> BulkResult:
    """Assemble streamed outcomes into input order."""
    outcomes = [o for batch in batches for o in batch]
    outcomes.sort(key=lambda o: o.index)
    _check_complete(outcomes)
    return BulkResult(outcomes)


async def acollect(batches: AsyncIterator[list[RecordOutcome]]) -> BulkResult:
    outcomes = [o async for batch in batches for o in batch]
    outcomes.sort(key=lambda o: o.index)
    _check_complete(outcomes)
    return BulkResult(outcomes)


def _check_complete(outcomes: list[RecordOutcome]) -> None:
    for expected, outcome in enumerate(outcomes):
        if outcome.index != expected:  # pragma: no cover - would be a bug in this module
            raise AssertionError(f"outcome for record {expected} missing or duplicated")

"""An async transport that runs blocking httpx I/O on a thread pool.

Measured on the emulator (bench/client_throughput.py, 10,000 records, concurrency 10): raw
httpx sends ~97k records/s from a pool of 10 threads but ~60k with ``AsyncClient``;
``AsyncZohoClient`` does ~78k on this transport and ~54k on ``httpx.AsyncHTTPTransport`` (the
slowdown reported in encode/httpx#3215). ``ThreadedAsyncTransport``
gives ``AsyncZohoClient`` the faster path: each request is sent and its body read by a sync
transport on a worker thread while the event loop awaits the result.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import httpx

from . import _constants as C
from ._concurrency import OVERLOADED, SPENT, Limiter, Ticket, kind_of_status
from ._credits import credits_left, credits_spent, is_charged

# In a cancelled request's extensions: the thread still sending it (``ThreadedAsyncTransport``).
STILL_SENDING = "zoho_records.still_sending"


class ThreadedAsyncTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.BaseTransport, *, max_workers: int) -> None:
        self._inner = inner
        self._pool = ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix="zoho-records-io"
        )

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        try:
            content = response.read()
        finally:
            response.close()
        return httpx.Response(
            response.status_code,
            headers=[
                (k, v)
                for k, v in response.headers.items()
                if k.lower() not in ("content-encoding", "transfer-encoding", "content-length")
            ],
            content=content,
            extensions={k: v for k, v in response.extensions.items() if k != "network_stream"},
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not isinstance(request.stream, httpx.SyncByteStream):
            await request.aread()  # a sync transport needs a sync-readable body
            request.stream = httpx.ByteStream(request.content)
        future = self._pool.submit(self._send, request)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            if not future.done():  # its thread goes on sending it: a slot of the org's is taken
                request.extensions[STILL_SENDING] = future
            raise

    async def aclose(self) -> None:
        self._pool.shutdown(wait=False)
        self._inner.close()


def release_when_sent(limiter: Limiter, ticket: Ticket, request: httpx.Request) -> bool:
    """For a request whose task was cancelled while its thread still sends it: its slot is
    given back when the thread is done, with what the answer says (its credits counted), not
    at the cancellation (a job started then would send past the org's cap: 429s). False when
    nothing is still sending it."""
    future: Future[httpx.Response] | None = request.extensions.pop(STILL_SENDING, None)
    if future is None:
        return False

    def done(future: Future[httpx.Response]) -> None:
        if future.cancelled() or future.exception() is not None:
            limiter.release(ticket, None if future.cancelled() else OVERLOADED)
        else:
            release_answered(limiter, ticket, request, future.result())

    future.add_done_callback(done)
    return True


def release_answered(
    limiter: Limiter, ticket: Ticket, request: httpx.Request, response: httpx.Response
) -> bool:
    """Give ``ticket``'s slot back with what ``response`` teaches the limiter: its kind (a 429
    that says the day's credits are spent is ``SPENT``: no sign of concurrency), the credits of
    a charged answer (no 5xx, no 429) and ``X-API-CREDITS-REMAINING``. Whether it was spent."""
    status, cost = response.status_code, request.extensions.get(C.CREDITS_EXTENSION, 1)
    left = credits_left(response.headers)
    spent = credits_spent(status, left, cost)
    kind = SPENT if spent else kind_of_status(status)
    limiter.release(ticket, kind, cost if is_charged(status, response.content) else 0, left)
    return spent


class ConnectTimingTransport(httpx.HTTPTransport):
    """httpx's transport, timing the TCP handshake of each connection it opens (httpcore's
    ``trace`` extension, a caller's own trace still called): one network round trip, handed to
    ``on_connect`` (the limiter's ``note_connect``: slow start's ramp waits 1.5 of them)."""

    def __init__(self, *, limits: httpx.Limits, on_connect: Callable[[float], None]) -> None:
        super().__init__(limits=limits)
        self._on_connect = on_connect

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        theirs = request.extensions.get("trace")
        on_connect = self._on_connect
        started = 0.0

        def trace(name: str, info: dict[str, object]) -> None:
            nonlocal started
            if name == "connection.connect_tcp.started":
                started = time.perf_counter()
            elif name == "connection.connect_tcp.complete" and started:
                on_connect(time.perf_counter() - started)
            if theirs is not None:
                theirs(name, info)

        request.extensions = {**request.extensions, "trace": trace}
        return super().handle_request(request)


def default_sync_transport(
    limits: httpx.Limits, concurrency: int, on_connect: Callable[[float], None] | None = None
) -> httpx.BaseTransport:
    """``ZohoClient``'s network: sync httpx; the bulk engine sends from its own threads
    (``_bulk.iter_sync``), so ``concurrency`` needs no pool here. ``on_connect``: each new
    connection's handshake time (``ConnectTimingTransport``)."""
    if on_connect is None:
        return httpx.HTTPTransport(limits=limits)
    return ConnectTimingTransport(limits=limits, on_connect=on_connect)


def default_async_transport(
    limits: httpx.Limits, concurrency: int, on_connect: Callable[[float], None] | None = None
) -> httpx.AsyncBaseTransport:
    """``AsyncZohoClient``'s network: the same sync httpx on a pool of threads
    (``ThreadedAsyncTransport``), measured faster than ``httpx.AsyncHTTPTransport`` (see the
    module's docstring); ``concurrency`` requests run at once, plus two for single calls."""
    inner = default_sync_transport(limits, concurrency, on_connect)
    return ThreadedAsyncTransport(inner, max_workers=concurrency + 2)

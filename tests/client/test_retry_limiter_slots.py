"""The retry transports and the concurrency limiter together, sync and async twins alike:
every attempt takes a slot and gives it back however it ends (an answer, a connection error,
an exception, a stopped run), a retry waits ahead of new requests, and a 429 that our own
concurrency explains is sent again when a slot of the smaller limit frees, without sleeping
and without counting against ``max_retries`` (at most ``MAX_SLOT_RETRIES`` times).

The transports wrap an ``httpx.MockTransport`` and are driven through plain httpx clients:
no network, no real waiting (the policy's delays are milliseconds)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from zoho_records._concurrency import MAX_SLOT_RETRIES, STOP, Limiter, StopRequested, Ticket
from zoho_records._retry import CREDITS, AsyncRetryTransport, RetryPolicy, RetryTransport

FAST = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.002, jitter=0)
NONE = RetryPolicy(max_retries=0)
URL = "https://zoho.test/crm/v8/Deals"

Item = httpx.Response | BaseException


class Script:
    """Answers (or raises) each item in turn, the last one for ever; records what was sent,
    the hook's calls and the transport's sleeps."""

    def __init__(self, *items: Item) -> None:
        self.items = list(items)
        self.sent: list[httpx.Request] = []
        self.hook_calls: list[tuple[int, float, str]] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        item = self.items.pop(0) if len(self.items) > 1 else self.items[0]
        if isinstance(item, BaseException):
            raise item
        # a fresh copy: a response object is not sent twice (nor by both twins)
        return httpx.Response(item.status_code, headers=item.headers, content=item.content)

    def hook(self, request: httpx.Request, attempt: int, delay: float, reason: str) -> None:
        self.hook_calls.append((attempt, delay, reason))

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def send_sync(
    script: Script,
    policy: RetryPolicy = FAST,
    limiter: Limiter | None = None,
    extensions: dict[str, Any] | None = None,
) -> httpx.Response:
    transport = RetryTransport(
        httpx.MockTransport(script),
        policy,
        sleep=script.sleep,
        on_retry=script.hook,
        limiter=limiter,
    )
    with httpx.Client(transport=transport) as client:
        return client.send(client.build_request("PUT", URL, json={}, extensions=extensions))


def send_async(
    script: Script,
    policy: RetryPolicy = FAST,
    limiter: Limiter | None = None,
    extensions: dict[str, Any] | None = None,
) -> httpx.Response:
    async def main() -> httpx.Response:
        transport = AsyncRetryTransport(
            httpx.MockTransport(script),
            policy,
            sleep=script.asleep,
            on_retry=script.hook,
            limiter=limiter,
        )
        async with httpx.AsyncClient(transport=transport) as client:
            request = client.build_request("PUT", URL, json={}, extensions=extensions)
            return await client.send(request)

    return asyncio.run(main())


Send = Callable[..., httpx.Response]
both = pytest.mark.parametrize("send", [send_sync, send_async], ids=["sync", "async"])


def ok() -> httpx.Response:
    return httpx.Response(200, json={"data": []})


def throttled(retry_after: str | None = None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(429, json={"code": "TOO_MANY_REQUESTS"}, headers=headers)


class AlwaysOurs(Limiter):
    """A limiter that explains every 429 by our own concurrency (as if others of ours were
    always in flight), so that the bound on slot retries shows."""

    def explains(self, ticket: Ticket) -> bool:
        return True


# -- slots given back ---------------------------------------------------------------------------
@both
@pytest.mark.parametrize(
    ("items", "status", "requests", "calls"),
    [
        ([ok()], 200, 1, 1),
        ([httpx.Response(503), ok()], 200, 2, 1),
        ([httpx.ConnectError("refused"), ok()], 200, 2, 1),
        ([httpx.Response(400, json={"code": "INVALID_DATA"})], 400, 1, 1),
        ([httpx.Response(502)], 502, 3, 0),
    ],
    ids=["ok", "503-then-ok", "connect-error-then-ok", "400", "502-thrice"],
)
def test_every_attempt_takes_a_slot_and_gives_it_back(
    send: Send, items: list[Item], status: int, requests: int, calls: int
) -> None:
    script = Script(*items)
    limiter = Limiter(4)
    assert send(script, FAST, limiter).status_code == status
    stats = limiter.stats()
    assert len(script.sent) == requests
    assert (stats.in_flight, stats.requests, stats.calls) == (0, requests, calls)


@both
def test_connection_errors_to_the_end_give_every_slot_back(send: Send) -> None:
    script = Script(httpx.ConnectError("refused"))
    limiter = Limiter(4)
    with pytest.raises(httpx.ConnectError):
        send(script, FAST, limiter)
    stats = limiter.stats()
    assert (stats.in_flight, stats.requests, stats.calls) == (0, 3, 0)


@both
def test_an_exception_that_is_no_retry_case_gives_the_slot_back_and_propagates(
    send: Send,
) -> None:
    script = Script(RuntimeError("a bug in a transport below"), ok())
    limiter = Limiter(1, adaptive=False)
    with pytest.raises(RuntimeError, match="a bug in a transport below"):
        send(script, FAST, limiter)
    assert len(script.sent) == 1
    assert limiter.stats().in_flight == 0
    # the slot is free again: with concurrency 1 the next request goes out at once
    assert send(script, FAST, limiter).status_code == 200
    assert limiter.stats().in_flight == 0


@both
@pytest.mark.parametrize(
    ("extensions", "credits"),
    [(None, 1), ({CREDITS: 5}, 5)],
    ids=["no-credits-given", "credits-given"],
)
def test_an_answered_call_counts_its_credits(
    send: Send, extensions: dict[str, Any] | None, credits: int
) -> None:
    limiter = Limiter(4)
    send(Script(httpx.Response(503), ok()), FAST, limiter, extensions)
    stats = limiter.stats()
    assert (stats.calls, stats.credits) == (1, credits)  # the 503 costs nothing


# -- a run stopped while a request waited for its slot ------------------------------------------
@both
def test_a_request_whose_run_was_stopped_before_its_first_slot_is_not_sent(send: Send) -> None:
    script = Script(ok())
    limiter = Limiter(2)
    token = STOP.set(lambda: True)
    try:
        with pytest.raises(StopRequested):
            send(script, FAST, limiter)
    finally:
        STOP.reset(token)
    assert script.sent == []
    assert limiter.stats().in_flight == 0


@both
def test_a_retry_goes_out_although_the_run_was_stopped_meanwhile(send: Send) -> None:
    stopped = False

    def stop() -> bool:
        return stopped

    class StopAfterFirst(Script):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            nonlocal stopped
            response = super().__call__(request)
            stopped = True  # the record may have reached Zoho: its retry must finish it
            return response

    script = StopAfterFirst(httpx.Response(503), ok())
    limiter = Limiter(2)
    token = STOP.set(stop)
    try:
        assert send(script, FAST, limiter).status_code == 200
    finally:
        STOP.reset(token)
    assert len(script.sent) == 2
    assert limiter.stats().in_flight == 0


# -- without a limiter --------------------------------------------------------------------------
@both
@pytest.mark.parametrize(
    ("items", "policy", "status", "sent"),
    [
        ([ok()], FAST, 200, 1),
        ([httpx.Response(503), ok()], FAST, 200, 2),
        ([httpx.ConnectError("refused"), ok()], FAST, 200, 2),
        ([throttled(), ok()], NONE, 429, 1),
    ],
    ids=["ok", "503-then-ok", "connect-error-then-ok", "429-max-retries-0"],
)
def test_without_a_limiter_the_policy_alone_decides(
    send: Send, items: list[Item], policy: RetryPolicy, status: int, sent: int
) -> None:
    script = Script(*items)
    assert send(script, policy, None).status_code == status
    assert len(script.sent) == sent


@both
def test_without_a_limiter_an_exception_propagates(send: Send) -> None:
    script = Script(RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        send(script, FAST, None)


# -- 429s explained by our own concurrency --------------------------------------------------------
@both
def test_slot_retries_of_a_429_are_bounded_and_not_counted_against_max_retries(
    send: Send,
) -> None:
    # a guard: past the bound (and one policy retry) the server would answer; a transport
    # that retried for ever would end with that 200 instead of the 429
    script = Script(*[throttled() for _ in range(MAX_SLOT_RETRIES + 2)], ok())
    limiter = AlwaysOurs(50)
    response = send(script, RetryPolicy(max_retries=1, initial_delay=0.001, jitter=0), limiter)
    assert response.status_code == 429
    # the first send, MAX_SLOT_RETRIES slot retries, then the policy's one retry
    assert len(script.sent) == 1 + MAX_SLOT_RETRIES + 1
    attempts = [call[0] for call in script.hook_calls]
    assert attempts == list(range(1, MAX_SLOT_RETRIES + 2))
    # the slot retries wait for a slot, not for a delay; only the policy's retry sleeps
    assert [call[1] for call in script.hook_calls[:-1]] == [0.0] * MAX_SLOT_RETRIES
    assert script.sleeps == [0.001]
    assert {call[2] for call in script.hook_calls} == {"HTTP 429"}
    stats = limiter.stats()
    assert (stats.in_flight, stats.throttled, stats.calls) == (0, MAX_SLOT_RETRIES + 2, 0)


@both
def test_a_429_with_retry_after_is_not_ours_even_among_others(send: Send) -> None:
    script = Script(throttled("1"), ok())
    limiter = AlwaysOurs(50)
    assert send(script, NONE, limiter).status_code == 429
    assert len(script.sent) == 1 and script.hook_calls == []


@both
def test_a_slot_retry_and_a_connection_error_number_the_attempts_together(send: Send) -> None:
    script = Script(throttled(), httpx.ConnectError("refused"), ok())
    limiter = AlwaysOurs(50)
    policy = RetryPolicy(max_retries=1, initial_delay=0.001, jitter=0)
    assert send(script, policy, limiter).status_code == 200
    assert script.hook_calls == [(1, 0.0, "HTTP 429"), (2, 0.001, "ConnectError")]
    assert limiter.stats().in_flight == 0


def test_async_a_429_among_others_of_ours_is_sent_again_once_a_slot_frees() -> None:
    # A and B in flight together; B's 429 (no Retry-After) is explained by our concurrency:
    # the limit shrinks to 1 and B goes again as soon as A gives its slot back, although
    # max_retries is 0 and nothing sleeps
    order: list[str] = []
    hooks: list[tuple[str, int, float, str]] = []
    sleeps: list[float] = []
    b_arrived = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        name = request.headers["x-name"]
        order.append(name)
        if name == "A":
            await b_arrived.wait()
            return ok()
        if order.count("B") == 1:
            b_arrived.set()
            return throttled()
        return ok()

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def hook(request: httpx.Request, attempt: int, delay: float, reason: str) -> None:
        hooks.append((request.headers["x-name"], attempt, delay, reason))

    async def main() -> tuple[list[int], Limiter]:
        limiter = Limiter(10)
        transport = AsyncRetryTransport(
            httpx.MockTransport(handler), NONE, sleep=sleep, on_retry=hook, limiter=limiter
        )
        async with httpx.AsyncClient(transport=transport) as client:
            responses = await asyncio.gather(
                client.put(URL, headers={"x-name": "A"}),
                client.put(URL, headers={"x-name": "B"}),
            )
        return [r.status_code for r in responses], limiter

    statuses, limiter = asyncio.run(main())
    assert statuses == [200, 200]
    assert order == ["A", "B", "B"]
    assert hooks == [("B", 1, 0.0, "HTTP 429")]
    assert sleeps == []
    stats = limiter.stats()
    assert (stats.in_flight, stats.requests, stats.throttled, stats.calls) == (0, 3, 1, 2)
    assert stats.concurrency == 1  # the limit shrank to what was in flight less one


def test_async_a_retry_waits_ahead_of_requests_that_came_later() -> None:
    # one slot: A holds it while B, then C, wait; A's 503 frees it for B, and A's retry then
    # goes ahead of C (retries first), not after it
    order: list[str] = []
    release_a = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        name = request.headers["x-name"]
        order.append(name)
        if name == "A" and order.count("A") == 1:
            await release_a.wait()
            return httpx.Response(503)
        return ok()

    async def no_sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    async def settle() -> None:
        for _ in range(100):  # no I/O anywhere: every ready task runs up to its next wait
            await asyncio.sleep(0)

    async def main() -> Limiter:
        limiter = Limiter(1, adaptive=False)
        transport = AsyncRetryTransport(
            httpx.MockTransport(handler), FAST, sleep=no_sleep, limiter=limiter
        )
        async with httpx.AsyncClient(transport=transport) as client:
            a = asyncio.ensure_future(client.put(URL, headers={"x-name": "A"}))
            await settle()
            b = asyncio.ensure_future(client.put(URL, headers={"x-name": "B"}))
            await settle()
            c = asyncio.ensure_future(client.put(URL, headers={"x-name": "C"}))
            await settle()
            assert order == ["A"]  # B and C wait for the one slot, in that order
            release_a.set()
            responses = await asyncio.gather(a, b, c)
        assert [r.status_code for r in responses] == [200, 200, 200]
        return limiter

    limiter = asyncio.run(main())
    assert order == ["A", "B", "A", "C"]
    assert limiter.stats().in_flight == 0
    assert limiter.stats().peak_in_flight == 1


def test_async_a_slot_retry_of_our_own_429_waits_ahead_of_requests_that_came_later() -> None:
    # as above, but A's answer is a 429 our own concurrency explains (a slot retry, which does
    # not count against max_retries): its retry too goes ahead of C
    order: list[str] = []
    release_a = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        name = request.headers["x-name"]
        order.append(name)
        if name == "A" and order.count("A") == 1:
            await release_a.wait()
            return throttled()
        return ok()

    async def no_sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    async def settle() -> None:
        for _ in range(100):
            await asyncio.sleep(0)

    async def main() -> None:
        limiter = AlwaysOurs(1, adaptive=False)
        transport = AsyncRetryTransport(
            httpx.MockTransport(handler), FAST, sleep=no_sleep, limiter=limiter
        )
        async with httpx.AsyncClient(transport=transport) as client:
            a = asyncio.ensure_future(client.put(URL, headers={"x-name": "A"}))
            await settle()
            b = asyncio.ensure_future(client.put(URL, headers={"x-name": "B"}))
            await settle()
            c = asyncio.ensure_future(client.put(URL, headers={"x-name": "C"}))
            await settle()
            assert order == ["A"]
            release_a.set()
            responses = await asyncio.gather(a, b, c)
        assert [r.status_code for r in responses] == [200, 200, 200]

    asyncio.run(main())
    assert order == ["A", "B", "A", "C"]


# -- what a retry leaves behind -------------------------------------------------------------------
@both
def test_each_retry_is_logged_with_its_number_and_reason(
    send: Send, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="zoho_records")
    send(Script(throttled(), httpx.Response(503), ok()), FAST, AlwaysOurs(50))
    messages = [r.getMessage() for r in caplog.records if r.name == "zoho_records"]
    assert messages == [
        f"retrying PUT {URL} in 0.00s after HTTP 429 (retry 1)",
        f"retrying PUT {URL} in 0.00s after HTTP 503 (retry 2)",
    ]


def test_closing_the_async_transport_closes_the_one_it_wraps() -> None:
    closed: list[bool] = []

    class Inner(httpx.MockTransport):
        async def aclose(self) -> None:
            closed.append(True)

    async def main() -> None:
        transport = AsyncRetryTransport(Inner(lambda r: ok()), FAST)
        async with httpx.AsyncClient(transport=transport) as client:
            await client.get(URL)
        assert closed == [True]

    asyncio.run(main())


def test_closing_the_sync_transport_closes_the_one_it_wraps() -> None:
    closed: list[bool] = []

    class Inner(httpx.MockTransport):
        def close(self) -> None:
            closed.append(True)

    transport = RetryTransport(Inner(lambda r: ok()), FAST)
    with httpx.Client(transport=transport) as client:
        client.get(URL)
    assert closed == [True]

"""``AsyncRetryTransport``: an httpx transport that applies a ``RetryPolicy`` (see ``_retry``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx

from .._concurrency import (
    MAX_SLOT_RETRIES,
    OVERLOADED,
    STOP,
    Limiter,
    StopRequested,
    Ticket,
)
from .._credits import credits_left, credits_spent
from .._retry import (
    CREDITS,
    RETRYABLE_ERRORS,
    TRIES,
    RetryHook,
    RetryPolicy,
    call_hook,
    is_idempotent,
    log_retry,
    parse_retry_after,
    retry_reason,
)
from .._transports import release_answered, release_when_sent


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport with ``policy``: a retryable answer or error is sent again after the
    policy's delay, and the last answer (or error) is returned unchanged. The body is read
    here, so a connection dropped mid-body is retried too. ``sleep`` waits (tests pass a fake);
    ``on_retry(request, attempt, delay, reason)`` is called before each retry.

    With a ``limiter`` (``_concurrency``) each attempt waits for a slot and reports how it went
    (status, latency); the retry of a 429 that the limiter answered by shrinking is not slept
    on: it waits for a slot of the smaller limit, ahead of new requests. A request whose bulk
    run was stopped while it waited for its first slot is not sent (``StopRequested``).
    ``CREDITS`` in the request's extensions is what the call costs (counted once answered); a
    429 whose ``X-API-CREDITS-REMAINING`` is below that cost (the credits are spent) is returned
    at once, not retried (``_credits.credits_spent``)."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        on_retry: RetryHook | None = None,
        limiter: Limiter | None = None,
    ) -> None:
        self._inner = inner
        self._limiter = limiter
        self.policy = policy
        self._sleep = sleep
        self._on_retry = on_retry

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, again while the policy says so; the last answer."""
        retries = 0
        # retries of 429s our own concurrency explains: not counted against max_retries (the
        # limit shrank, so the retry waits for a real slot), up to MAX_SLOT_RETRIES
        slot_retries = 0
        idempotent = is_idempotent(request)
        limiter = self._limiter
        refused = 0  # the tries answered 429 (all of them: its error says so, ``TRIES``)
        while True:
            ticket: Ticket | None = None
            nap = True  # False: the retry waits for a slot instead
            if limiter is not None:
                ticket = await limiter.acquire_async(first=retries + slot_retries > 0)
                stop = STOP.get()
                if retries == 0 and stop is not None and stop():
                    limiter.release(ticket, None)
                    raise StopRequested
            try:
                response = await self._inner.handle_async_request(request)
                # Read here, so that a connection dropped mid-body is retried too.
                await response.aread()
            except RETRYABLE_ERRORS as exc:
                refused = -1  # (not every try was refused)
                if limiter is not None and ticket is not None:
                    limiter.release(ticket, OVERLOADED)
                if retries >= self.policy.max_retries or not self.policy.should_retry_error(
                    exc, idempotent=idempotent
                ):
                    raise
                delay = self.policy.delay(retries)
                retries += 1
                self._before_retry(request, retries + slot_retries, delay, retry_reason(None, exc))
            except BaseException:
                # (a cancelled task's request still being sent keeps its slot until it is done)
                if limiter is not None and ticket is not None:
                    if not release_when_sent(limiter, ticket, request):
                        limiter.release(ticket, None)
                raise
            else:
                status = response.status_code
                refused = refused + 1 if status == 429 and refused >= 0 else -1
                ours = False
                if limiter is not None and ticket is not None:
                    spent = release_answered(limiter, ticket, request, response)
                    ours = (
                        status == 429
                        and not spent
                        and slot_retries < MAX_SLOT_RETRIES
                        and limiter.explains(ticket)
                        and parse_retry_after(response.headers) is None
                    )
                else:
                    cost = request.extensions.get(CREDITS, 1)
                    spent = credits_spent(status, credits_left(response.headers), cost)
                # a 429 that says the day's credits are spent: no retry can succeed until the
                # calls of 24 hours ago age out, and it says nothing of our concurrency
                if spent:
                    return response
                if (
                    retries >= self.policy.max_retries and not ours
                ) or not self.policy.should_retry_response(response, idempotent=idempotent):
                    if refused > 1:  # every try was refused: its error says so, and what to do
                        response.extensions[TRIES] = (refused, limiter is None or limiter.adaptive)
                    return response
                if ours:
                    delay, nap = 0.0, False  # the limit shrank: the next free slot is the wait
                    slot_retries += 1
                else:
                    delay = self.policy.delay(retries, response)
                    retries += 1
                await response.aclose()
                self._before_retry(
                    request, retries + slot_retries, delay, retry_reason(response, None)
                )
            if nap:
                await self._sleep(delay)

    def _before_retry(
        self, request: httpx.Request, attempt: int, delay: float, reason: str
    ) -> None:
        log_retry(request, attempt, delay, reason)
        call_hook(self._on_retry, request, attempt, delay, reason)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()

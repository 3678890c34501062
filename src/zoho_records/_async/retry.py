"""``AsyncRetryTransport``: an httpx transport that applies a ``RetryPolicy`` (see ``_retry``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx

from .._retry import (
    RETRYABLE_ERRORS,
    RetryHook,
    RetryPolicy,
    call_hook,
    is_idempotent,
    log_retry,
    retry_reason,
)


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps a transport with ``policy``: a retryable answer or error is sent again after the
    policy's delay, and the last answer (or error) is returned unchanged. The body is read
    here, so a connection dropped mid-body is retried too. ``sleep`` waits (tests pass a fake);
    ``on_retry(request, attempt, delay, reason)`` is called before each retry."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        on_retry: RetryHook | None = None,
    ) -> None:
        self._inner = inner
        self.policy = policy
        self._sleep = sleep
        self._on_retry = on_retry

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, again while the policy says so; the last answer."""
        retries = 0
        idempotent = is_idempotent(request)
        while True:
            try:
                response = await self._inner.handle_async_request(request)
                # Read here, so that a connection dropped mid-body is retried too.
                await response.aread()
            except RETRYABLE_ERRORS as exc:
                if retries >= self.policy.max_retries or not self.policy.should_retry_error(
                    exc, idempotent=idempotent
                ):
                    raise
                delay = self.policy.delay(retries)
                self._before_retry(request, retries + 1, delay, retry_reason(None, exc))
            else:
                if retries >= self.policy.max_retries or not self.policy.should_retry_response(
                    response, idempotent=idempotent
                ):
                    return response
                delay = self.policy.delay(retries, response)
                await response.aclose()
                self._before_retry(request, retries + 1, delay, retry_reason(response, None))
            retries += 1
            await self._sleep(delay)

    def _before_retry(
        self, request: httpx.Request, attempt: int, delay: float, reason: str
    ) -> None:
        log_retry(request, attempt, delay, reason)
        call_hook(self._on_retry, request, attempt, delay, reason)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()

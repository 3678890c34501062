"""The retry policy, applied at the transport level so that every request goes through it.

``RetryTransport`` / ``AsyncRetryTransport`` wrap an httpx transport: a request that gets a
retryable status (``RETRY_STATUS_CODES``) or fails with a connection error or timeout is sent
again after a jittered exponential backoff, honouring ``Retry-After``. After the last attempt
the last response is returned (or the last error raised) unchanged. Bodies are read inside
the transport, so a connection dropped in the middle of a response is retried as well: turning it into an exception
or a per-record outcome is the caller's business. All Zoho record writes are safe to repeat
(updates by id, upserts by duplicate check, mass updates by ids or custom view).
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from . import _constants as C

__all__ = ["RetryPolicy", "RetryTransport", "AsyncRetryTransport"]

logger = logging.getLogger("zoho_records")

# Errors after which sending again may succeed. Not retried: UnsupportedProtocol, ProxyError,
# LocalProtocolError (our request is wrong; sending it again will not help).
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before sending a request again."""

    max_retries: int = C.DEFAULT_MAX_RETRIES
    initial_delay: float = C.INITIAL_RETRY_DELAY
    max_delay: float = C.MAX_RETRY_DELAY
    max_retry_after: float = C.MAX_RETRY_AFTER
    jitter: float = C.RETRY_JITTER
    status_codes: frozenset[int] = C.RETRY_STATUS_CODES

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")

    def should_retry_response(self, response: httpx.Response) -> bool:
        return response.status_code in self.status_codes

    def delay(self, retries_done: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number ``retries_done + 1``."""
        if response is not None:
            retry_after = parse_retry_after(response.headers)
            if retry_after is not None and 0 <= retry_after <= self.max_retry_after:
                return retry_after
        backoff: float = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return backoff * (1 - self.jitter * random.random())


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """``Retry-After`` (or ``retry-after-ms``) in seconds; None when absent or unparsable."""
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed.timestamp() - time.time()


RetryHook = Callable[[httpx.Request, int, float, str], None]


def _reason(response: httpx.Response | None, error: Exception | None) -> str:
    if response is not None:
        return f"HTTP {response.status_code}"
    return type(error).__name__


def _log_retry(request: httpx.Request, attempt: int, delay: float, reason: str) -> None:
    # URL only: no headers, no body, so no secrets (tokens never travel in URLs here).
    logger.info(
        "retrying %s %s in %.2fs after %s (retry %d)",
        request.method,
        request.url.copy_with(query=None),
        delay,
        reason,
        attempt,
    )


def _call_hook(
    hook: RetryHook | None, request: httpx.Request, attempt: int, delay: float, reason: str
) -> None:
    """Call the user's ``on_retry``; an error in it is logged, and the request goes on (it
    must not cost the outcomes of a bulk call)."""
    if hook is None:
        return
    try:
        hook(request, attempt, delay, reason)
    except Exception:
        logger.exception("on_retry hook failed (ignored)")


class RetryTransport(httpx.BaseTransport):
    """Wraps a sync transport with ``policy``."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: RetryHook | None = None,
    ) -> None:
        self._inner = inner
        self.policy = policy
        self._sleep = sleep
        self._on_retry = on_retry

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retries = 0
        while True:
            try:
                response = self._inner.handle_request(request)
                # Read here, so that a connection dropped mid-body is retried too.
                response.read()
            except RETRYABLE_ERRORS as exc:
                if retries >= self.policy.max_retries:
                    raise
                delay = self.policy.delay(retries)
                self._before_retry(request, retries + 1, delay, _reason(None, exc))
            else:
                if retries >= self.policy.max_retries or not self.policy.should_retry_response(
                    response
                ):
                    return response
                delay = self.policy.delay(retries, response)
                response.close()
                self._before_retry(request, retries + 1, delay, _reason(response, None))
            retries += 1
            self._sleep(delay)

    def _before_retry(
        self, request: httpx.Request, attempt: int, delay: float, reason: str
    ) -> None:
        _log_retry(request, attempt, delay, reason)
        _call_hook(self._on_retry, request, attempt, delay, reason)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps an async transport with ``policy``."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        *,
        sleep: Callable[[float], object] = asyncio.sleep,
        on_retry: RetryHook | None = None,
    ) -> None:
        self._inner = inner
        self.policy = policy
        self._sleep = sleep
        self._on_retry = on_retry

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retries = 0
        while True:
            try:
                response = await self._inner.handle_async_request(request)
                await response.aread()
            except RETRYABLE_ERRORS as exc:
                if retries >= self.policy.max_retries:
                    raise
                delay = self.policy.delay(retries)
                self._before_retry(request, retries + 1, delay, _reason(None, exc))
            else:
                if retries >= self.policy.max_retries or not self.policy.should_retry_response(
                    response
                ):
                    return response
                delay = self.policy.delay(retries, response)
                await response.aclose()
                self._before_retry(request, retries + 1, delay, _reason(response, None))
            retries += 1
            await self._sleep(delay)  # type: ignore[misc]

    def _before_retry(
        self, request: httpx.Request, attempt: int, delay: float, reason: str
    ) -> None:
        _log_retry(request, attempt, delay, reason)
        _call_hook(self._on_retry, request, attempt, delay, reason)

    async def aclose(self) -> None:
        await self._inner.aclose()

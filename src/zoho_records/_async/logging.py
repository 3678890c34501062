"""``AsyncLoggingTransport``: an httpx transport that logs each request sent through it (what is
logged, and how to turn it on: ``zoho_records._logging``)."""

from __future__ import annotations

import logging
import time

import httpx

from .._logging import log_answer, log_sizes, logger, next_attempt, status_line


class AsyncLoggingTransport(httpx.AsyncBaseTransport):
    """Wraps a transport (``inner``, an ``httpx.AsyncBaseTransport``) and logs each request
    sent through it on the ``zoho_records.http`` logger: at INFO one line once it is answered
    or fails (method, path, status or error, duration, which retry), at DEBUG also the bytes
    sent and received. Nothing is logged, nor the answer read early, while INFO is off."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the wrapped transport and log it; the answer, read, or the
        error, raised again unchanged."""
        if not logger.isEnabledFor(logging.INFO):
            return await self._inner.handle_async_request(request)
        attempt, start = next_attempt(request), time.perf_counter()
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
        except Exception as exc:
            log_answer(request, attempt, start, type(exc).__name__)
            raise
        log_answer(request, attempt, start, status_line(response))
        if logger.isEnabledFor(logging.DEBUG):
            log_sizes(request, response)
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()

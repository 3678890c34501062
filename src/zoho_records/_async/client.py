"""``AsyncZohoClient``: the client object (``client.crm``, ``client.bigin``, the lifecycle)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import Any

import httpx

from .. import _constants as C
from .._auth import TokenStore
from .._bulk import Call, iter_async
from .._client import HEADERS, _Base, checked_timeout, closed_error
from .._exceptions import ZohoError
from .._http import Req, transport_error
from .._logging import AsyncLoggingTransport
from .._outcomes import BulkResult, RecordOutcome, acollect
from .._resources import AsyncBigin, AsyncCrm, Stop
from .._retry import AsyncRetryTransport, RetryHook, RetryPolicy
from .._transports import default_async_transport


class AsyncZohoClient(_Base):
    """Client for the Zoho CRM (``client.crm``) and Bigin (``client.bigin``) APIs.

    Pick the data centre with ``dc`` (``"us"``, ``"eu"``, ``"in"``, ``"cn"``, ``"jp"``,
    ``"au"``, ``"ca"``, ``"sa"``) and the ``environment`` within it (``"production"``, the
    default, ``"sandbox"`` or ``"developer"``), or point ``base_url`` (and ``accounts_url``)
    anywhere else. Authenticate with an ``access_token``, or with ``refresh_token`` +
    ``client_id`` + ``client_secret`` to have access tokens fetched and refreshed for you.
    Requests go out with up to ``concurrency`` in flight (default 25, Zoho's highest edition
    cap): the client starts at 10 and adapts to what the org allows (it grows while calls
    succeed, shrinks on 429, 503 and rising latency; ``client.stats`` shows the current limit,
    the 429s seen and the credits spent); ``adaptive=False`` keeps exactly ``concurrency``
    requests in flight instead. Each request is retried per
    ``retry_policy`` (or just ``max_retries``), and ``on_retry(request, attempt, delay,
    reason)`` is called before each retry. By default requests go out through sync httpx from
    a pool of threads, which measured fastest (see ``_transports``); ``transport`` replaces the
    network (an ``httpx.AsyncBaseTransport``: ``httpx.MockTransport``, or
    ``httpx.AsyncHTTPTransport()``).

    Use it as ``async with AsyncZohoClient(...) as client:``, or call ``await client.aclose()``.
    """

    def __init__(
        self,
        *,
        dc: str | None = None,
        environment: str | None = None,
        base_url: str | None = None,
        accounts_url: str | None = None,
        access_token: str | None = None,
        refresh_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_store: TokenStore | None = None,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        retry_policy: RetryPolicy | None = None,
        timeout: float | httpx.Timeout | None = C.DEFAULT_TIMEOUT,
        concurrency: int = C.DEFAULT_CONCURRENCY,
        adaptive: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
        on_retry: RetryHook | None = None,
    ) -> None:
        self._configure(
            dc=dc,
            environment=environment,
            base_url=base_url,
            accounts_url=accounts_url,
            access_token=access_token,
            refresh_token=refresh_token,
            client_id=client_id,
            client_secret=client_secret,
            token_store=token_store,
            max_retries=max_retries,
            concurrency=concurrency,
            retry_policy=retry_policy,
            adaptive=adaptive,
        )
        if transport is None:
            transport = default_async_transport(
                self._limits(), self.concurrency, self._limiter.note_connect
            )
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=self._auth,
            transport=AsyncRetryTransport(
                AsyncLoggingTransport(transport),
                self.retry_policy,
                on_retry=on_retry,
                limiter=self._limiter,
            ),
            timeout=checked_timeout(timeout),
            headers=HEADERS,
        )
        self.crm = AsyncCrm(self)
        self.bigin = AsyncBigin(self)

    # -- plumbing used by the resources ---------------------------------------------------------
    async def _send(self, req: Req) -> httpx.Response:
        """Send one request; httpx's errors become ours (``_http.transport_error``)."""
        try:
            return await self._http.request(
                req.method,
                req.path,
                params=req.params,
                headers=req.header_map(),
                content=req.encoded(),
                extensions=self._extensions(req),
            )
        except httpx.HTTPError as exc:
            error: ZohoError = transport_error(exc)
        except RuntimeError:
            if not self._http.is_closed:
                raise
            error = closed_error(self)
        raise error  # outside the except block: no __context__ (see transport_error)

    def _check_open(self) -> None:
        """``closed_error`` after ``aclose()``: where a stream is made (nothing is sent yet),
        and before a bulk run (else each request's records would get the error)."""
        if self._http.is_closed:
            raise closed_error(self)

    def _iter_bulk(
        self, calls: Iterable[Call], *, stop: Stop = None
    ) -> AsyncGenerator[list[RecordOutcome]]:
        self._check_open()
        limiter = self._limiter
        return iter_async(
            calls,
            self._send,
            self.concurrency,
            stop=stop,
            window=lambda: limiter.limit,
            ramp=limiter.ramp,
        )

    async def _run_bulk(self, calls: Iterable[Call]) -> BulkResult:
        return await acollect(self._iter_bulk(calls))

    # -- lifecycle ------------------------------------------------------------------------------
    async def aclose(self) -> None:
        """Close the connections (the client cannot be used afterwards)."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncZohoClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

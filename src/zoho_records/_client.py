"""``ZohoClient`` and ``AsyncZohoClient``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

import httpx

from . import _constants as C
from ._auth import OAuthCredentials, TokenStore, ZohoAuth, clean_secret
from ._bulk import Call, acollect, collect, iter_async, iter_sync
from ._config import Endpoints, resolve_endpoints
from ._http import Req, asend, send
from ._logging import AsyncLoggingTransport, LoggingTransport
from ._outcomes import BulkResult, RecordOutcome
from ._resources import AsyncBigin, AsyncCrm, Bigin, Crm
from ._retry import AsyncRetryTransport, RetryHook, RetryPolicy, RetryTransport
from ._transports import ThreadedAsyncTransport
from ._version import __version__

__all__ = ["ZohoClient", "AsyncZohoClient"]


def _credentials(
    access_token: str | None,
    refresh_token: str | None,
    client_id: str | None,
    client_secret: str | None,
) -> OAuthCredentials | None:
    given = {"refresh_token": refresh_token, "client_id": client_id, "client_secret": client_secret}
    if not any(given.values()):
        if access_token is None:
            raise ValueError(
                "no credentials: pass access_token=..., or refresh_token=, client_id= and "
                "client_secret= (the client refreshes the access token itself)"
            )
        return None
    missing = [name for name, value in given.items() if not value]
    if missing:
        raise ValueError(f"refreshing tokens needs {', '.join(missing)} as well")
    return OAuthCredentials(*(clean_secret(value, name) for name, value in given.items()))


class _Base:
    _endpoints: Endpoints
    _auth: ZohoAuth
    concurrency: int
    retry_policy: RetryPolicy
    _unique_fields: dict[str, list[str]]  # module -> unique fields (upsert retry safety)

    def _configure(
        self,
        *,
        dc: str | None,
        environment: str | None,
        base_url: str | None,
        accounts_url: str | None,
        access_token: str | None,
        refresh_token: str | None,
        client_id: str | None,
        client_secret: str | None,
        token_store: TokenStore | None,
        max_retries: int,
        concurrency: int,
        retry_policy: RetryPolicy | None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        self._endpoints = resolve_endpoints(dc, base_url, accounts_url, environment)
        credentials = _credentials(access_token, refresh_token, client_id, client_secret)
        self._auth = ZohoAuth(
            accounts_url=self._endpoints.accounts_url,
            access_token=access_token,
            credentials=credentials,
            token_store=token_store,
        )
        self.concurrency = concurrency
        self.retry_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self._unique_fields = {}

    @property
    def base_url(self) -> str:
        return self._endpoints.api_url

    @property
    def accounts_url(self) -> str:
        return self._endpoints.accounts_url

    def _limits(self) -> httpx.Limits:
        return httpx.Limits(
            max_connections=max(self.concurrency, 10) + 2,
            max_keepalive_connections=max(self.concurrency, 10) + 2,
        )

    def __repr__(self) -> str:
        mode = "refresh_token" if self._auth.can_refresh else "access_token"
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, auth={mode!r}, "
            f"concurrency={self.concurrency}, max_retries={self.retry_policy.max_retries})"
        )


_HEADERS = {"User-Agent": f"zoho-records/{__version__}", "Accept": "application/json"}


class ZohoClient(_Base):
    """Synchronous client for the Zoho CRM (``client.crm``) and Bigin (``client.bigin``) APIs.

    Pick the data centre with ``dc`` (``"us"``, ``"eu"``, ``"in"``, ``"cn"``, ``"jp"``,
    ``"au"``, ``"ca"``, ``"sa"``) and the ``environment`` within it (``"production"``, the
    default, ``"sandbox"`` or ``"developer"``), or point ``base_url`` (and ``accounts_url``)
    anywhere else. Authenticate with an ``access_token``, or with ``refresh_token`` +
    ``client_id`` + ``client_secret`` to have access tokens fetched and refreshed for you. Bulk calls send up to ``concurrency`` requests
    at once from a thread pool; each request is retried per ``retry_policy`` (or just
    ``max_retries``). ``transport`` replaces the network (e.g. ``httpx.MockTransport``).

    Use it as a context manager, or call ``close()``.
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
        transport: httpx.BaseTransport | None = None,
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
        )
        inner = transport if transport is not None else httpx.HTTPTransport(limits=self._limits())
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=self._auth,
            transport=RetryTransport(LoggingTransport(inner), self.retry_policy, on_retry=on_retry),
            timeout=timeout,
            headers=_HEADERS,
        )
        self.crm = Crm(self)
        self.bigin = Bigin(self)

    # -- plumbing used by the resources ---------------------------------------------------------
    def _send(self, req: Req) -> httpx.Response:
        return send(self._http, req)

    def _iter_bulk(
        self, calls: Iterable[Call], *, stop: Callable[[], bool] | None = None
    ) -> Iterator[list[RecordOutcome]]:
        return iter_sync(calls, self._send, self.concurrency, stop=stop)

    def _run_bulk(self, calls: Iterable[Call]) -> BulkResult:
        return collect(self._iter_bulk(calls))

    # -- lifecycle ------------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZohoClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncZohoClient(_Base):
    """Asynchronous twin of ``ZohoClient`` (``await client.crm.update_records(...)``).

    By default requests are sent by sync httpx on a small thread pool
    (``ThreadedAsyncTransport``), which measured about twice as fast as
    ``httpx.AsyncHTTPTransport`` at the same concurrency; pass
    ``transport=httpx.AsyncHTTPTransport()`` to stay on the event loop entirely.
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
        )
        if transport is None:
            transport = ThreadedAsyncTransport(
                httpx.HTTPTransport(limits=self._limits()), max_workers=self.concurrency + 2
            )
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=self._auth,
            transport=AsyncRetryTransport(
                AsyncLoggingTransport(transport), self.retry_policy, on_retry=on_retry
            ),
            timeout=timeout,
            headers=_HEADERS,
        )
        self.crm = AsyncCrm(self)
        self.bigin = AsyncBigin(self)

    async def _send(self, req: Req) -> httpx.Response:
        return await asend(self._http, req)

    def _iter_bulk(self, calls: Iterable[Call]) -> AsyncIterator[list[RecordOutcome]]:
        return iter_async(calls, self._send, self.concurrency)

    async def _run_bulk(self, calls: Iterable[Call]) -> BulkResult:
        return await acollect(self._iter_bulk(calls))

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncZohoClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

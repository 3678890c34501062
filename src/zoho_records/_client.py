"""``ZohoClient`` and ``AsyncZohoClient``: what they share (``_Base``: endpoints, credentials,
retry policy); the clients themselves are twins, ``AsyncZohoClient`` written in
``_async/client.py`` and ``ZohoClient`` generated from it (``_sync/client.py``)."""

from __future__ import annotations

import math
from typing import Any

import httpx

from ._auth import OAuthCredentials, TokenStore, ZohoAuth, clean_secret
from ._concurrency import ClientStats, Limiter
from ._config import Endpoints, resolve_endpoints
from ._credits import credits_of_call
from ._exceptions import ZohoError
from ._http import Req
from ._retry import CREDITS, RetryPolicy
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


def checked_timeout(timeout: Any) -> float | httpx.Timeout | None:
    """``timeout`` as the clients take it, checked here rather than by the socket of the first
    request: seconds (a positive number), an ``httpx.Timeout``, or None (no timeout)."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(
            f"timeout must be a number of seconds, an httpx.Timeout or None, not {timeout!r}"
        )
    if not 0 < timeout < math.inf:  # (NaN too)
        raise ValueError(
            f"timeout must be a positive number of seconds, not {timeout!r} (None: no timeout)"
        )
    return timeout


def closed_error(client: object) -> ZohoError:
    """What using a client after ``close()``/``aclose()`` raises."""
    name = type(client).__name__
    return ZohoError(
        f"this {name} is closed (close()/aclose() was called, or its with block ended): "
        f"create a new {name} to send more requests"
    )


class _Base:
    _endpoints: Endpoints
    _auth: ZohoAuth
    concurrency: int
    retry_policy: RetryPolicy
    _limiter: Limiter
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
        adaptive: bool = True,
    ) -> None:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int):
            raise TypeError(f"concurrency must be a whole number, not {concurrency!r}")
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        if not isinstance(adaptive, bool):
            raise TypeError(f"adaptive must be True or False, not {adaptive!r}")
        self._endpoints = resolve_endpoints(dc, base_url, accounts_url, environment)
        credentials = _credentials(access_token, refresh_token, client_id, client_secret)
        self._auth = ZohoAuth(
            accounts_url=self._endpoints.accounts_url,
            access_token=access_token,
            credentials=credentials,
            token_store=token_store,
        )
        self.concurrency = concurrency
        self._limiter = Limiter(concurrency, adaptive=adaptive)
        self.retry_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self._unique_fields = {}

    @property
    def base_url(self) -> str:
        """The API root requests go to (from ``dc``/``environment`` or ``base_url``)."""
        return self._endpoints.api_url

    @property
    def accounts_url(self) -> str:
        """The accounts server that refreshes access tokens."""
        return self._endpoints.accounts_url

    @property
    def stats(self) -> ClientStats:
        """The traffic so far, read-only (a snapshot): the current concurrency limit and its
        bound, requests in flight, 429s seen, calls answered and the credits they cost."""
        return self._limiter.stats()

    @staticmethod
    def _extensions(req: Req) -> dict[str, Any]:
        """The httpx extensions of ``req``: its retry mark and what the call costs."""
        credits = credits_of_call(req.method, req.path, req.params, req.body, None)
        return {**(req.extensions() or {}), CREDITS: credits}

    def _limits(self) -> httpx.Limits:
        return httpx.Limits(
            max_connections=max(self.concurrency, 10) + 2,
            max_keepalive_connections=max(self.concurrency, 10) + 2,
        )

    def __repr__(self) -> str:
        mode = "refresh_token" if self._auth.can_refresh else "access_token"
        return (
            f"{type(self).__name__}(base_url={self.base_url!r}, auth={mode!r}, "
            f"concurrency={self.concurrency}, adaptive={self._limiter.adaptive}, max_retries={self.retry_policy.max_retries})"
        )


HEADERS = {"User-Agent": f"zoho-records/{__version__}", "Accept": "application/json"}


# The twins: ``AsyncZohoClient`` is written in ``_async/client.py`` and ``ZohoClient``
# generated from it (codegen/unasync.py). They build on ``_Base`` above, so they are imported
# last.
from ._async.client import AsyncZohoClient  # noqa: E402
from ._sync.client import ZohoClient  # noqa: E402

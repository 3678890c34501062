"""``AsyncAuthFlow``: ``ZohoAuth``'s httpx auth flow (the header; a refresh when the token is
about to expire or Zoho answers ``401 INVALID_TOKEN``). The decisions are ``ZohoAuth``'s
(``_auth``); this is only the order of requests. It imports nothing from ``_auth`` at run
time, so ``_auth`` imports it (and its generated twin) at the top."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from .._auth import AuthState


class AsyncAuthFlow:
    """``ZohoAuth``'s flow (a mixin: it works on the ``AuthState`` a ``ZohoAuth`` has)."""

    async def async_auth_flow(
        self: AuthState, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Authorize ``request``; refresh the token first when it is missing or about to
        expire, and once more (then send ``request`` again) when Zoho answers ``401
        INVALID_TOKEN``. Concurrent requests share a single refresh (the lock, then a second
        look at whether one is still needed)."""
        if self._needs_refresh():
            async with self._async_lock():
                if self._needs_refresh():
                    refresh = yield self._refresh_request()
                    await refresh.aread()
                    self._accept_refresh(refresh)
        token = self._authorize(request)
        response = yield request
        if self._credentials is not None and response.status_code == 401:
            await response.aread()
        if self._credentials is not None and self._invalid_token(response):
            async with self._async_lock():
                if self._needs_refresh(token):
                    refresh = yield self._refresh_request()
                    await refresh.aread()
                    self._accept_refresh(refresh)
            self._authorize(request)
            yield request

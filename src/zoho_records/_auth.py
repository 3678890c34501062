"""OAuth: the ``Authorization: Zoho-oauthtoken …`` header, refreshing the access token, and
where tokens are kept.

Tokens live in memory unless a ``TokenStore`` is given. With a refresh token, a new access token
is fetched (``POST {accounts}/oauth/v2/token``, ``grant_type=refresh_token``) when the current
one is about to expire and when Zoho answers ``401 INVALID_TOKEN``; concurrent requests share a
single refresh. Credentials are sent in the form body, never in URLs (httpx logs URLs), and no
repr in this module shows them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import httpx

from . import _constants as C
from ._async.auth import AsyncAuthFlow
from ._exceptions import APIResponseValidationError, TokenRefreshError
from ._sync.auth import SyncAuthFlow

logger = logging.getLogger("zoho_records")

__all__ = [
    "Token",
    "TokenStore",
    "MemoryTokenStore",
    "OAuthCredentials",
    "ZohoAuth",
    "clean_secret",
]


def clean_secret(value: object, what: str) -> str:
    """``value`` without surrounding white space (a token read from a file or a shell variable
    often ends in a newline), or ValueError. The message never shows the value: it is a secret."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise ValueError(f"{what} is empty")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        prefix = text.split()[0]
        if prefix.casefold() in ("zoho-oauthtoken", "bearer"):
            raise ValueError(
                f"{what} starts with {prefix!r}, the prefix of the Authorization header: give "
                "the token alone (the client adds 'Zoho-oauthtoken ')"
            )
        raise ValueError(
            f"{what} has a space or a control character inside it: a Zoho token or client "
            "credential is one line of letters, digits and dots; copy it again"
        )
    return text


@dataclass(frozen=True, slots=True)
class Token:
    """An access token and when it expires (epoch seconds; None: unknown)."""

    access_token: str = field(repr=False)
    expires_at: float | None = None

    def expires_within(self, seconds: float) -> bool:
        return self.expires_at is not None and time.time() >= self.expires_at - seconds


@runtime_checkable
class TokenStore(Protocol):
    """Where access tokens are kept between refreshes (and, if you like, between runs).

    ``load`` returns the last saved token or None; ``save`` is called after every refresh.
    Implementations must be thread-safe if the client is shared between threads.
    """

    def load(self) -> Token | None: ...

    def save(self, token: Token) -> None: ...


class MemoryTokenStore:
    """The default store: the token lives in this object only."""

    def __init__(self, token: Token | None = None) -> None:
        self._token = token

    def load(self) -> Token | None:
        return self._token

    def save(self, token: Token) -> None:
        self._token = token

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_token={self._token is not None})"


@dataclass(frozen=True, slots=True)
class OAuthCredentials:
    """What it takes to mint new access tokens: a self-client's refresh token and client."""

    refresh_token: str = field(repr=False)
    client_id: str = field(repr=False)
    client_secret: str = field(repr=False)


_NOT_JSON = object()


def _invalid_token(response: httpx.Response) -> bool:
    if response.status_code != 401:
        return False
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return False
    return isinstance(body, dict) and body.get("code") == "INVALID_TOKEN"


class AuthState(Protocol):
    """What the auth flows (``AsyncAuthFlow``, ``SyncAuthFlow``) use of ``ZohoAuth``."""

    _credentials: OAuthCredentials | None

    def _needs_refresh(self, failed: Token | None = None) -> bool: ...
    def _authorize(self, request: httpx.Request) -> Token | None: ...
    def _refresh_request(self) -> httpx.Request: ...
    def _accept_refresh(self, response: httpx.Response) -> None: ...
    def _invalid_token(self, response: httpx.Response) -> bool: ...
    def _sync_lock(self) -> threading.Lock: ...
    def _async_lock(self) -> asyncio.Lock: ...


class ZohoAuth(SyncAuthFlow, AsyncAuthFlow, httpx.Auth):
    """httpx auth: adds the header and refreshes the access token when needed. The flows are
    twins: ``AsyncAuthFlow`` is written in ``_async/auth.py``, ``SyncAuthFlow`` generated from
    it; the decisions they follow are the methods below."""

    requires_response_body = True

    def __init__(
        self,
        *,
        accounts_url: str,
        access_token: str | None = None,
        credentials: OAuthCredentials | None = None,
        token_store: TokenStore | None = None,
        expiry_margin: float = C.TOKEN_EXPIRY_MARGIN,
    ) -> None:
        if access_token is None and credentials is None:
            raise ValueError(
                "no credentials: pass access_token=..., or refresh_token=, client_id= and "
                "client_secret="
            )
        self._token_url = accounts_url.rstrip("/") + C.TOKEN_PATH
        self._credentials = credentials
        self._store: TokenStore = token_store if token_store is not None else MemoryTokenStore()
        self._margin = expiry_margin
        if access_token is not None:
            # given explicitly, it is the one to use (and to keep), whatever the store held
            given = Token(clean_secret(access_token, "access_token"))
            self._store.save(given)
            token: Token | None = given
        else:
            token = self._load()
        self._token: Token | None = token
        self._thread_lock = threading.Lock()
        self._loop_lock: asyncio.Lock | None = None
        self._lock_loop: asyncio.AbstractEventLoop | None = None
        self.refresh_count = 0

    def __repr__(self) -> str:
        mode = "refresh_token" if self._credentials is not None else "access_token"
        return f"ZohoAuth(mode={mode!r}, token_url={self._token_url!r})"

    def _load(self) -> Token | None:
        """The store's token; a store that fails is logged and treated as empty (a refresh
        then mints a token, kept in memory)."""
        try:
            return self._store.load()
        except Exception as exc:
            logger.warning("the token store could not load a token: %r", exc)
            return None

    @property
    def can_refresh(self) -> bool:
        return self._credentials is not None

    # -- decisions shared by both flows ---------------------------------------------------------
    def _needs_refresh(self, failed: Token | None = None) -> bool:
        """True if the current token is missing, about to expire, or is ``failed`` (the one a
        401 INVALID_TOKEN was answered with) and nobody has replaced it since."""
        if self._credentials is None:
            return False
        token = self._token
        if failed is None:
            if token is not None and not token.expires_within(self._margin):
                return False
        elif token is not None and token.access_token != failed.access_token:
            return False  # another request refreshed it already
        # Before refreshing: maybe another client or process sharing the store already did.
        stored = self._load()
        if (
            stored is not None
            and (token is None or stored.access_token != token.access_token)
            and (failed is None or stored.access_token != failed.access_token)
            and not stored.expires_within(self._margin)
        ):
            self._token = stored
            return False
        return True

    def _authorize(self, request: httpx.Request) -> Token | None:
        token = self._token
        if token is not None:
            request.headers["Authorization"] = f"{C.AUTH_SCHEME} {token.access_token}"
        return token

    def _refresh_request(self) -> httpx.Request:
        creds = self._credentials
        assert creds is not None
        return httpx.Request(
            "POST",
            self._token_url,
            data={
                "grant_type": "refresh_token",
                "client_id": creds.client_id,
                "client_secret": creds.client_secret,
                "refresh_token": creds.refresh_token,
            },
        )

    def _accept_refresh(self, response: httpx.Response) -> None:
        if response.status_code >= 500:
            raise TokenRefreshError(
                f"the accounts server failed (HTTP {response.status_code}) while refreshing the "
                "access token; the credentials may be fine: retry later",
                request=response.request,
            )
        try:
            body = json.loads(response.content)
        except (ValueError, RecursionError):
            body = _NOT_JSON
        # raised outside the except blocks: no __context__ (a JSONDecodeError keeps the whole
        # answer in ``doc``, a refreshed token among it)
        if body is _NOT_JSON:
            raise APIResponseValidationError(
                f"token refresh answered HTTP {response.status_code} with a non-JSON body",
                response=response,
            )
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            # Zoho answers a bad refresh token with HTTP 200 {"error": "invalid_code"}.
            error = body.get("error") if isinstance(body, dict) else None
            raise TokenRefreshError(
                f"could not refresh the access token (HTTP {response.status_code}"
                f"{', ' + str(error) if error else ''}): check the refresh token, client id "
                "and client secret",
                request=response.request,
                code=str(error) if error else None,
            )
        expires_in = body.get("expires_in")
        expires_at: float | None = None  # unknown: the token is used until Zoho answers 401
        if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
            if math.isfinite(expires_in) and expires_in > 0:
                expires_at = time.time() + float(expires_in)
        problem: str | None = None
        try:
            access_token = clean_secret(body["access_token"], "the refreshed access token")
        except ValueError as exc:
            problem = str(exc)
        if problem is not None:
            raise TokenRefreshError(problem, request=response.request)
        token = Token(access_token, expires_at)
        self._token = token
        self.refresh_count += 1
        try:
            self._store.save(token)
        except Exception as exc:  # the token is good; only keeping it elsewhere failed
            logger.warning("the token store could not save the new access token: %r", exc)

    # -- what the flows (``_async/auth.py`` and its generated sync twin) use ---------------------
    @staticmethod
    def _invalid_token(response: httpx.Response) -> bool:
        return _invalid_token(response)

    def _sync_lock(self) -> threading.Lock:
        """The lock sync refreshes share (one refresh at a time across threads)."""
        return self._thread_lock

    def _async_lock(self) -> asyncio.Lock:
        """The lock async refreshes share. An ``asyncio.Lock`` belongs to the loop it was first
        used in: a client used from a later loop (a second ``asyncio.run``) gets a new one."""
        loop = asyncio.get_running_loop()
        if self._loop_lock is None or self._lock_loop is not loop:
            self._loop_lock, self._lock_loop = asyncio.Lock(), loop
        return self._loop_lock

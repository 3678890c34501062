"""The auth decisions one at a time (when to refresh, what a refresh answer means, which lock
guards it), through ``ZohoAuth`` on an httpx client with a MockTransport; the async flow too."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import httpx
import pytest

from zoho_records import (
    APIResponseValidationError,
    MemoryTokenStore,
    OAuthCredentials,
    Token,
    TokenRefreshError,
)
from zoho_records._auth import ZohoAuth, clean_secret

CREDS = OAuthCredentials("1000.REFRESH", "1000.CLIENT", "SECRET")
ACCOUNTS = "https://accounts.test/"
INVALID = {"code": "INVALID_TOKEN", "status": "error", "message": "invalid oauth token"}


class Server:
    """Accounts + API: refreshes answer ``answers`` in turn (then fresh tokens); the API accepts
    the tokens in ``valid``."""

    def __init__(self, *answers: httpx.Response, valid: set[str] | None = None) -> None:
        self.answers = list(answers)
        self.valid = set(valid or ())
        self.refreshes: list[dict[str, str]] = []
        self.seen: list[str] = []  # the token each API request carried

    def refresh(self, request: httpx.Request) -> httpx.Response:
        self.refreshes.append({k: v[0] for k, v in parse_qs(request.content.decode()).items()})
        if self.answers:
            return self.answers.pop(0)
        token = f"T{len(self.refreshes)}"
        self.valid.add(token)
        return httpx.Response(200, json={"access_token": token, "expires_in": 3600})

    def api(self, request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        token = auth.removeprefix("Zoho-oauthtoken ")
        self.seen.append(token if auth.startswith("Zoho-oauthtoken ") else f"<{auth}>")
        if token in self.valid:
            return httpx.Response(200, json={"ok": token})
        return httpx.Response(401, json=INVALID)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v2/token":
            assert str(request.url) == "https://accounts.test/oauth/v2/token"
            return self.refresh(request)
        return self.api(request)


def client(server: Server, auth: ZohoAuth) -> httpx.Client:
    return httpx.Client(auth=auth, transport=httpx.MockTransport(server))


def refreshing(store: MemoryTokenStore | None = None, **kw: object) -> ZohoAuth:
    return ZohoAuth(accounts_url=ACCOUNTS, credentials=CREDS, token_store=store, **kw)  # type: ignore[arg-type]


# -- secrets -----------------------------------------------------------------------------------
def test_a_secret_is_stripped_and_checked() -> None:
    assert clean_secret("  1000.abc\n", "refresh_token") == "1000.abc"
    with pytest.raises(TypeError, match="refresh_token must be a string, got int"):
        clean_secret(5, "refresh_token")
    with pytest.raises(ValueError, match="client_id is empty"):
        clean_secret(" \n", "client_id")
    for inside in ("10 00", "10\t00", "10\x0000", "10\u200b00"):
        with pytest.raises(ValueError, match="has a space or a control character inside it"):
            clean_secret(inside, "access_token")


def test_a_given_access_token_is_cleaned_sent_and_saved() -> None:
    store = MemoryTokenStore(Token("stale"))
    server = Server(valid={"abc"})
    auth = ZohoAuth(accounts_url=ACCOUNTS, access_token=" abc\n", token_store=store)
    assert client(server, auth).get("https://api.test/x").json() == {"ok": "abc"}
    assert store.load() == Token("abc") and server.refreshes == []
    assert repr(auth) == (
        "ZohoAuth(mode='access_token', token_url='https://accounts.test/oauth/v2/token')"
    )
    assert not auth.can_refresh and refreshing().can_refresh
    assert "mode='refresh_token'" in repr(refreshing())


def test_no_credentials_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match="no credentials: pass access_token="):
        ZohoAuth(accounts_url=ACCOUNTS)


def test_tokens_and_credentials_are_immutable_and_hide_their_secrets() -> None:
    token, creds = Token("tok", 5.0), OAuthCredentials("r", "c", "s")
    with pytest.raises(dataclasses.FrozenInstanceError):
        token.access_token = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        creds.client_secret = "other"  # type: ignore[misc]
    assert {token: 1}[Token("tok", 5.0)] == 1  # hashable: a store may key on it
    assert repr(token) == "Token(expires_at=5.0)" and repr(creds) == "OAuthCredentials()"
    assert repr(MemoryTokenStore()) == "MemoryTokenStore(has_token=False)"
    assert repr(MemoryTokenStore(token)) == "MemoryTokenStore(has_token=True)"


def test_expires_within_counts_the_boundary_as_expiring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1000.0)
    assert Token("t", 1060.0).expires_within(60)
    assert not Token("t", 1060.5).expires_within(60)
    assert Token("t", 900.0).expires_within(0)
    assert not Token("t", None).expires_within(10**9)


# -- when to refresh ---------------------------------------------------------------------------
def test_without_a_token_the_first_request_refreshes_with_the_form() -> None:
    server = Server()
    auth = refreshing()
    assert client(server, auth).get("https://api.test/x").json() == {"ok": "T1"}
    assert server.refreshes == [
        {
            "grant_type": "refresh_token",
            "client_id": "1000.CLIENT",
            "client_secret": "SECRET",
            "refresh_token": "1000.REFRESH",
        }
    ]
    assert server.seen == ["T1"] and auth.refresh_count == 1


def test_a_fresh_token_is_used_without_a_refresh() -> None:
    server = Server(valid={"good"})
    store = MemoryTokenStore(Token("good", time.time() + 3600))
    client(server, refreshing(store)).get("https://api.test/x")
    assert server.refreshes == [] and server.seen == ["good"]


def test_a_token_inside_the_margin_is_refreshed_first() -> None:
    server = Server(valid={"old"})
    store = MemoryTokenStore(Token("old", time.time() + 100))
    client(server, refreshing(store, expiry_margin=200)).get("https://api.test/x")
    assert len(server.refreshes) == 1 and server.seen == ["T1"]
    store2 = MemoryTokenStore(Token("old", time.time() + 100))
    server2 = Server(valid={"old"})
    client(server2, refreshing(store2, expiry_margin=50)).get("https://api.test/x")
    assert server2.refreshes == [] and server2.seen == ["old"]


def test_a_401_invalid_token_refreshes_once_and_sends_again() -> None:
    server = Server()
    store = MemoryTokenStore(Token("revoked"))
    auth = refreshing(store)
    http = client(server, auth)
    assert http.get("https://api.test/x").json() == {"ok": "T1"}
    assert http.get("https://api.test/y").json() == {"ok": "T1"}
    assert server.seen == ["revoked", "T1", "T1"] and auth.refresh_count == 1
    assert store.load() is not None and store.load().access_token == "T1"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(401, json={"code": "OAUTH_SCOPE_MISMATCH"}),
        httpx.Response(401, text="not json"),
        httpx.Response(401, json=["INVALID_TOKEN"]),
        httpx.Response(403, json=INVALID),
    ],
)
def test_other_refusals_are_not_refreshed(answer: httpx.Response) -> None:
    store = MemoryTokenStore(Token("tok"))
    server = Server()
    http = httpx.Client(
        auth=refreshing(store),
        transport=httpx.MockTransport(
            lambda r: server.refresh(r) if r.url.path == "/oauth/v2/token" else answer
        ),
    )
    assert http.get("https://api.test/x").status_code == answer.status_code
    assert server.refreshes == []


def test_a_token_another_process_stored_is_adopted_instead_of_refreshing() -> None:
    store = MemoryTokenStore(Token("revoked"))
    auth = refreshing(store)
    server = Server(valid={"shared"})

    def transport(request: httpx.Request) -> httpx.Response:
        response = server(request)
        if response.status_code == 401:
            store.save(Token("shared", time.time() + 3600))  # another process refreshed
        return response

    http = httpx.Client(auth=auth, transport=httpx.MockTransport(transport))
    assert http.get("https://api.test/x").json() == {"ok": "shared"}
    assert server.refreshes == [] and server.seen == ["revoked", "shared"]


def test_a_stored_token_that_is_the_failed_one_or_expiring_is_not_adopted() -> None:
    # the store still holds the token that just failed: refresh
    server = Server()
    client(server, refreshing(MemoryTokenStore(Token("revoked")))).get("https://api.test/x")
    assert len(server.refreshes) == 1
    # no token in memory, the store's is about to expire: refresh
    server = Server(valid={"old"})
    store = MemoryTokenStore(Token("old", time.time() + 1))
    client(server, refreshing(store)).get("https://api.test/x")
    assert len(server.refreshes) == 1 and server.seen == ["T1"]


def test_a_store_that_cannot_load_is_treated_as_empty(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(MemoryTokenStore):
        def load(self) -> Token | None:
            raise OSError("disk gone")

    server = Server()
    with caplog.at_level(logging.WARNING, logger="zoho_records"):
        client(server, refreshing(Broken())).get("https://api.test/x")  # type: ignore[arg-type]
    assert server.seen == ["T1"]
    assert "the token store could not load a token: OSError('disk gone')" in caplog.text


def test_a_store_that_cannot_save_keeps_the_token_in_memory(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken(MemoryTokenStore):
        def save(self, token: Token) -> None:
            raise OSError("read-only")

    server = Server()
    http = client(server, refreshing(Broken()))  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="zoho_records"):
        http.get("https://api.test/x")
        http.get("https://api.test/x")
    assert server.seen == ["T1", "T1"] and len(server.refreshes) == 1
    assert "could not save the new access token: OSError('read-only')" in caplog.text


# -- what a refresh answer means ---------------------------------------------------------------
def refresh_with(answer: httpx.Response) -> tuple[ZohoAuth, Server]:
    server = Server(answer)
    auth = refreshing()
    client(server, auth).get("https://api.test/x")
    return auth, server


@pytest.mark.parametrize("status", [500, 503])
def test_a_failing_accounts_server_says_retry_later(status: int) -> None:
    with pytest.raises(TokenRefreshError, match=rf"accounts server failed \(HTTP {status}\)"):
        refresh_with(httpx.Response(status, json={"access_token": "x"}))


def test_a_refused_refresh_names_zohos_error() -> None:
    with pytest.raises(TokenRefreshError) as caught:
        refresh_with(httpx.Response(200, json={"error": "invalid_code"}))
    assert "could not refresh the access token (HTTP 200, invalid_code): check" in str(caught.value)
    assert caught.value.code == "invalid_code"
    with pytest.raises(TokenRefreshError) as caught:
        refresh_with(httpx.Response(499, json=["x"]))
    assert "(HTTP 499): check the refresh token" in str(caught.value)
    assert caught.value.code is None
    with pytest.raises(TokenRefreshError, match=r"\(HTTP 200\): check"):
        refresh_with(httpx.Response(200, json={"access_token": 5}))


def test_a_non_json_refresh_answer_is_a_validation_error_without_context() -> None:
    with pytest.raises(APIResponseValidationError, match="HTTP 200 with a non-JSON body") as c:
        refresh_with(httpx.Response(200, text="<html>"))
    assert c.value.__context__ is None and c.value.__cause__ is None


def test_a_refreshed_token_with_a_space_inside_is_refused_without_context() -> None:
    with pytest.raises(TokenRefreshError, match="the refreshed access token has a space") as c:
        refresh_with(httpx.Response(200, json={"access_token": "a b"}))
    assert c.value.__context__ is None


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [
        (3600, 3600.0),
        (10.5, 10.5),
        (0.5, 0.5),
        (True, None),
        (0, None),
        (-5, None),
        (float("inf"), None),
        ("3600", None),
        (None, None),
    ],
)
def test_the_tokens_expiry_follows_expires_in(
    monkeypatch: pytest.MonkeyPatch, expires_in: object, lifetime: float | None
) -> None:
    monkeypatch.setattr(time, "time", lambda: 1000.0)
    store = MemoryTokenStore()
    body = json.dumps({"access_token": " T9 ", "expires_in": expires_in}).replace(
        "Infinity", "1e999"
    )
    server = Server(httpx.Response(200, content=body.encode()), valid={"T9"})
    auth = refreshing(store, expiry_margin=1)
    client(server, auth).get("https://api.test/x")
    assert store.load() == Token("T9", None if lifetime is None else 1000.0 + lifetime)
    assert auth.refresh_count == 1


# -- the async flow ----------------------------------------------------------------------------
class Streamed(httpx.AsyncByteStream):
    """A body that arrives as a stream (as from a real server): unread until read."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aiter__(self) -> AsyncIterator[bytes]:
        await asyncio.sleep(0)
        yield self.data


def streamed(status: int, body: object) -> httpx.Response:
    return httpx.Response(status, stream=Streamed(json.dumps(body).encode()))


class AsyncServer(Server):
    async def handle(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # let concurrent requests meet at the lock
        response = self(request)
        return streamed(response.status_code, response.json())


def async_client(server: AsyncServer, auth: ZohoAuth) -> httpx.AsyncClient:
    return httpx.AsyncClient(auth=auth, transport=httpx.MockTransport(server.handle))


def test_async_first_request_and_a_401_refresh_read_streamed_answers() -> None:
    server = AsyncServer()
    auth = refreshing(MemoryTokenStore(Token("revoked")))

    async def main() -> list[object]:
        async with async_client(server, auth) as http:
            first = await http.get("https://api.test/x")
            second = await http.get("https://api.test/y")
            return [first.json(), second.json()]

    assert asyncio.run(main()) == [{"ok": "T1"}, {"ok": "T1"}]
    assert server.seen == ["revoked", "T1", "T1"] and auth.refresh_count == 1

    server = AsyncServer()
    auth = refreshing()
    assert asyncio.run(main()) == [{"ok": "T1"}, {"ok": "T1"}]
    assert server.seen == ["T1", "T1"] and auth.refresh_count == 1


def test_async_without_refresh_credentials_a_401_is_answered_as_is() -> None:
    server = AsyncServer()
    auth = ZohoAuth(accounts_url=ACCOUNTS, access_token="revoked")

    async def main() -> int:
        async with async_client(server, auth) as http:
            return (await http.get("https://api.test/x")).status_code

    assert asyncio.run(main()) == 401
    assert server.refreshes == [] and server.seen == ["revoked"]


def test_async_concurrent_requests_share_one_refresh_in_each_event_loop() -> None:
    """A client used from a second ``asyncio.run`` gets a lock of the new loop; within a loop,
    concurrent requests wait for a single refresh."""
    server = AsyncServer()
    auth = refreshing(expiry_margin=7200)  # every token is "about to expire": always refresh

    async def burst() -> list[int]:
        async with async_client(server, auth) as http:
            answers = await asyncio.gather(*(http.get("https://api.test/x") for _ in range(4)))
            return [a.status_code for a in answers]

    assert asyncio.run(burst()) == [200] * 4
    first = len(server.refreshes)
    assert asyncio.run(burst()) == [200] * 4
    # the lock serialises refreshes: the second look inside it still sees an expiring token,
    # so each request refreshes in turn; without the lock they would interleave
    assert first == 4 and len(server.refreshes) == 8
    assert auth.refresh_count == 8


def test_async_concurrent_401s_share_one_refresh() -> None:
    server = AsyncServer()
    auth = refreshing(MemoryTokenStore(Token("revoked")))

    async def burst() -> list[object]:
        async with async_client(server, auth) as http:
            answers = await asyncio.gather(*(http.get("https://api.test/x") for _ in range(5)))
            return [a.json() for a in answers]

    assert asyncio.run(burst()) == [{"ok": "T1"}] * 5
    assert len(server.refreshes) == 1
    assert asyncio.run(burst()) == [{"ok": "T1"}] * 5
    assert len(server.refreshes) == 1


def test_a_fresh_token_stored_since_the_start_is_adopted_instead_of_refreshing() -> None:
    # empty at the start, then another process stored one
    store = MemoryTokenStore()
    auth = refreshing(store)
    store.save(Token("shared", time.time() + 3600))
    server = Server(valid={"shared"})
    assert client(server, auth).get("https://api.test/x").json() == {"ok": "shared"}
    assert server.refreshes == []
    # about to expire at the start, then another process stored a fresh one
    store = MemoryTokenStore(Token("old", time.time() + 1))
    auth = refreshing(store)
    store.save(Token("shared", time.time() + 3600))
    server = Server(valid={"shared"})
    assert client(server, auth).get("https://api.test/x").json() == {"ok": "shared"}
    assert server.refreshes == [] and auth.refresh_count == 0

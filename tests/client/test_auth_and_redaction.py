"""Token refresh, token stores, and that no token ever shows (MockTransport, no network)."""

from __future__ import annotations

import json
import logging
import threading
import time
from urllib.parse import parse_qs

import httpx
import pytest

from zoho_records import (
    AuthenticationError,
    InternalServerError,
    MemoryTokenStore,
    Token,
    TokenRefreshError,
    TokenStore,
    ZohoClient,
)
from zoho_records._auth import OAuthCredentials, ZohoAuth

REFRESH = "1000.REFRESH-secret-refresh-token"
SECRET = "CLIENT-SECRET-xyz"
CLIENT_ID = "1000.CLIENTID"
OK = {"data": [{"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": "1"}}]}


class FakeZoho:
    """API + accounts server: accepts only the tokens it issued (or was told about)."""

    def __init__(
        self, valid: set[str] | None = None, *, refresh_answer: dict | None = None
    ) -> None:
        self.valid = set(valid or ())
        self.issued: list[str] = []
        self.refresh_answer = refresh_answer
        self.refreshes = 0
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v2/token":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            assert request.url.query == b""  # secrets never in the URL
            assert form == {
                "grant_type": "refresh_token",
                "client_id": CLIENT_ID,
                "client_secret": SECRET,
                "refresh_token": REFRESH,
            }
            with self.lock:
                self.refreshes += 1
                if self.refresh_answer is not None:
                    return httpx.Response(200, json=self.refresh_answer)
                token = f"1000.ACCESS-{self.refreshes}-secret"
                self.issued.append(token)
                self.valid.add(token)
            time.sleep(0.01)
            return httpx.Response(
                200, json={"access_token": token, "expires_in": 3600, "token_type": "Bearer"}
            )
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Zoho-oauthtoken ") or auth.split(" ", 1)[1] not in self.valid:
            return httpx.Response(
                401,
                json={
                    "code": "INVALID_TOKEN",
                    "status": "error",
                    "message": "invalid oauth token",
                    "details": {},
                },
            )
        return httpx.Response(200, json=echo(request))


def echo(request: httpx.Request) -> dict:
    """One success per record sent."""
    if not request.content:
        return OK
    records = json.loads(request.content)["data"]
    return {
        "data": [
            {
                "code": "SUCCESS",
                "status": "success",
                "message": "ok",
                "details": {"id": r.get("id", "1")},
            }
            for r in records
        ]
    }


def refreshing_client(fake: FakeZoho, **kw) -> ZohoClient:
    return ZohoClient(
        base_url="https://zoho.test",
        refresh_token=REFRESH,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        transport=httpx.MockTransport(fake),
        **kw,
    )


def test_first_request_fetches_a_token() -> None:
    fake = FakeZoho()
    client = refreshing_client(fake)
    assert client.crm.update_record("Deals", "1", {"Stage": "x"}).ok
    assert fake.refreshes == 1


def test_401_invalid_token_refreshes_once_and_replays() -> None:
    fake = FakeZoho()
    client = refreshing_client(fake, access_token="1000.EXPIRED-secret")
    assert client.crm.update_record("Deals", "1", {"Stage": "x"}).ok
    assert client.crm.update_record("Deals", "1", {"Stage": "y"}).ok
    assert fake.refreshes == 1


def test_expired_token_is_refreshed_before_sending() -> None:
    fake = FakeZoho(valid={"old"})
    store = MemoryTokenStore(Token("old", expires_at=time.time() + 5))  # inside the margin
    client = refreshing_client(fake, token_store=store)
    assert client.crm.get_record("Deals", "1") is not None or True
    assert fake.refreshes == 1
    saved = store.load()
    assert saved is not None and saved.access_token == fake.issued[0]
    assert saved.expires_at is not None and saved.expires_at > time.time() + 3000


def test_without_refresh_credentials_a_401_is_an_authentication_error() -> None:
    client = ZohoClient(
        base_url="https://zoho.test",
        access_token="1000.BAD-secret",
        transport=httpx.MockTransport(FakeZoho()),
    )
    with pytest.raises(AuthenticationError) as info:
        client.crm.update_record("Deals", "1", {"Stage": "x"})
    assert info.value.code == "INVALID_TOKEN" and info.value.status_code == 401
    assert "1000.BAD-secret" not in repr(info.value.request.headers) + str(
        info.value.request.headers
    )


def test_scope_mismatch_is_not_refreshed() -> None:
    fake = FakeZoho()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v2/token":
            return fake(request)
        return httpx.Response(
            401,
            json={
                "code": "OAUTH_SCOPE_MISMATCH",
                "status": "error",
                "message": "Unauthorized",
                "details": {},
            },
        )

    client = ZohoClient(
        base_url="https://zoho.test",
        refresh_token=REFRESH,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        transport=httpx.MockTransport(handler),
    )
    with pytest.raises(AuthenticationError) as info:
        client.crm.get_fields("Deals")
    assert info.value.code == "OAUTH_SCOPE_MISMATCH"
    assert fake.refreshes == 1  # the initial fetch only


def test_refused_refresh_is_a_token_refresh_error() -> None:
    client = refreshing_client(FakeZoho(refresh_answer={"error": "invalid_code"}))
    with pytest.raises(TokenRefreshError) as info:
        client.crm.update_record("Deals", "1", {"Stage": "x"})
    assert info.value.code == "invalid_code"
    assert REFRESH not in str(info.value) and SECRET not in str(info.value)


def test_concurrent_401s_share_one_refresh() -> None:
    fake = FakeZoho()
    client = refreshing_client(fake, access_token="1000.EXPIRED-secret", concurrency=10)
    result = client.crm.update_records("Deals", [{"id": str(i)} for i in range(2000)])
    assert result.ok and len(result) == 2000
    assert fake.refreshes == 1


def test_bulk_after_refused_refresh_stops_sending_and_reports_every_record() -> None:
    fake = FakeZoho(refresh_answer={"error": "invalid_client"})
    client = refreshing_client(fake, concurrency=4)
    result = client.crm.update_records("Deals", [{"id": str(i)} for i in range(1000)])
    assert len(result) == 1000 and not result.succeeded
    assert {o.code for o in result} == {"invalid_client"}
    assert fake.refreshes < 10  # the remaining chunks were not sent


def test_custom_token_store_protocol() -> None:
    class DictStore:
        def __init__(self) -> None:
            self.saved: list[Token] = []

        def load(self) -> Token | None:
            return self.saved[-1] if self.saved else None

        def save(self, token: Token) -> None:
            self.saved.append(token)

    store = DictStore()
    assert isinstance(store, TokenStore)
    fake = FakeZoho()
    client = refreshing_client(fake, token_store=store)
    client.crm.get_fields("Deals")
    assert [t.access_token for t in store.saved] == fake.issued
    # a second client sharing the store reuses the token instead of refreshing
    other = refreshing_client(fake, token_store=store)
    other.crm.get_fields("Deals")
    assert fake.refreshes == 1


# ------------------------------------------------------------------------------------------------
# redaction
# ------------------------------------------------------------------------------------------------
def test_tokens_never_appear_in_logs_exceptions_or_reprs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: httpx, httpcore, zoho_records
    secrets = [REFRESH, SECRET, CLIENT_ID, "1000.EXPIRED-secret"]
    fake = FakeZoho()
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if request.url.path != "/oauth/v2/token" and calls["n"] % 3 == 0:
            return httpx.Response(
                500,
                json={"code": "INTERNAL_ERROR", "status": "error", "message": "x", "details": {}},
            )
        return fake(request)

    client = ZohoClient(
        base_url="https://zoho.test",
        access_token="1000.EXPIRED-secret",
        refresh_token=REFRESH,
        client_id=CLIENT_ID,
        client_secret=SECRET,
        transport=httpx.MockTransport(flaky),
        max_retries=0,
    )
    texts = [
        repr(client),
        str(client),
        repr(client._auth),
        repr(Token("1000.EXPIRED-secret")),
        repr(OAuthCredentials(REFRESH, CLIENT_ID, SECRET)),
        repr(MemoryTokenStore(Token("tok-secret"))),
    ]
    errors: list[Exception] = []
    for _ in range(6):
        try:
            client.crm.update_record("Deals", "1", {"Stage": "x"})
        except InternalServerError as exc:
            errors.append(exc)
    assert errors, "expected some injected 500s"
    result = client.crm.update_records("Deals", [{"id": str(i)} for i in range(300)])
    assert len(result.failed) == 100
    for o in result.failed:
        assert o.error is not None
        errors.append(o.error)
    secrets += fake.issued
    for exc in errors:
        texts += [str(exc), repr(exc), repr(exc.args)]
        request = exc.request  # type: ignore[attr-defined]
        response = exc.response  # type: ignore[attr-defined]
        texts += [
            str(dict(request.headers)),
            repr(request.headers),
            request.content.decode(),
            str(dict(response.request.headers)),
            response.text,
            repr(vars(exc)),
        ]
    texts.append(caplog.text)
    blob = "\n".join(texts)
    for secret in secrets:
        assert secret not in blob, f"secret {secret[:12]}... leaked"
    assert "zoho.test" in caplog.text  # the logs were captured at all


def test_auth_repr_has_no_secrets() -> None:
    auth = ZohoAuth(
        accounts_url="https://a.test",
        access_token="tok-secret",
        credentials=OAuthCredentials(REFRESH, CLIENT_ID, SECRET),
    )
    assert "secret" not in repr(auth).lower().replace("token_url", "")
    assert json.dumps(repr(auth))

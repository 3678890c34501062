"""The Python API under the conditions a long-lived service meets: exceptions and outcomes
that cross process boundaries, clients reused across event loops, job waits that honour their
limit, tokens given explicitly, odd accounts-server answers, and user callbacks that fail."""

from __future__ import annotations

import asyncio
import copy
import json
import pickle
import time

import httpx
import pytest

from zoho_emulator.testing import EmulatorServer
from zoho_records import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncZohoClient,
    BulkResult,
    JobTimeoutError,
    MemoryTokenStore,
    RecordError,
    Token,
    TokenRefreshError,
    ZohoClient,
)
from zoho_records._exceptions import make_status_error

from .conftest import control, deal_ids, fast_retries, set_faults, success_answer

REFRESH = {
    "refresh_token": "emulator-refresh-token",
    "client_id": "emulator-client-id",
    "client_secret": "emulator-client-secret",
}


def sample_errors() -> list[Exception]:
    request = httpx.Request("PUT", "https://x.test/crm/v8/Deals", headers={"Authorization": "t"})
    response = httpx.Response(429, json={"code": "TOO_MANY_REQUESTS"}, request=request)
    return [
        APIConnectionError(request=request),
        APITimeoutError(request=request),
        make_status_error(response, response.json()),
        APIResponseValidationError("not JSON", response=response),
        TokenRefreshError("refused", request=request, code="invalid_code"),
        JobTimeoutError("42", 3.0, "RUNNING"),
    ]


@pytest.mark.parametrize("error", sample_errors(), ids=lambda e: type(e).__name__)
def test_every_exception_pickles_and_copies(error: Exception) -> None:
    for again in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert type(again) is type(error) and str(again) == str(error)
        for name in ("code", "status_code", "message", "details", "job_id"):
            assert getattr(again, name, None) == getattr(error, name, None)


def test_failed_outcomes_and_results_pickle() -> None:
    (error,) = sample_errors()[:1]
    outcome = RecordError(3, "CONNECTION_ERROR", "down", id="1", error=error)  # type: ignore[arg-type]
    result = BulkResult([outcome])
    again = pickle.loads(pickle.dumps(result))
    assert again == result and isinstance(again[0].error, APIConnectionError)


def test_timeout_error_says_timeout() -> None:
    error = APITimeoutError(request=None)
    assert error.code == "TIMEOUT" and str(error).startswith("TIMEOUT:")


def test_async_refresh_works_in_a_second_event_loop(emulator) -> None:
    """The refresh lock belongs to a loop; a client reused by a later asyncio.run gets its own."""
    client = AsyncZohoClient(base_url=emulator.base_url, **REFRESH)

    async def burst() -> list[object]:
        calls = [client.crm.get_record("Deals", deal_ids(1)[0]) for _ in range(10)]
        return await asyncio.gather(*calls, return_exceptions=True)

    assert all(isinstance(r, dict) for r in asyncio.run(burst()))
    expired = Token("expired", time.time() - 1)  # force a refresh in the next loop
    client._auth._token = expired
    client._auth._store.save(expired)
    assert all(isinstance(r, dict) for r in asyncio.run(burst()))
    assert client._auth.refresh_count == 2


def test_job_wait_honours_poll_timeout() -> None:
    with EmulatorServer(job_step_seconds=2.0) as server:
        client = ZohoClient(base_url=server.base_url, access_token=server.token)
        start = time.monotonic()
        with pytest.raises(JobTimeoutError) as caught:
            client.crm.mass_update(
                "Accounts", {"Industry": "Education"}, cvid="554023000000091515", poll_timeout=0.3
            )
        waited = time.monotonic() - start
        assert waited >= 0.3 and caught.value.job_id
        with pytest.raises(ValueError, match="poll_timeout"):
            client.crm.wait_for_mass_update("Accounts", caught.value.job_id, poll_timeout=-1)


def test_an_explicit_access_token_wins_over_the_store(emulator) -> None:
    store = MemoryTokenStore(Token("stale-token-from-the-store"))
    client = ZohoClient(base_url=emulator.base_url, access_token=emulator.token, token_store=store)
    assert client.crm.get_record("Deals", deal_ids(1)[0]) is not None
    assert store.load() == Token(emulator.token)


@pytest.mark.parametrize("expires_in", [-5, True, float("nan"), "3600", None])
def test_an_unreadable_expiry_is_unknown(expires_in) -> None:
    def accounts(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/v2/token"):
            body = {"access_token": "fresh", "expires_in": expires_in}
            return httpx.Response(200, content=json.dumps(body).encode())  # NaN as Zoho can't
        return success_answer(["1"])

    client = ZohoClient(
        base_url="https://x.test", transport=httpx.MockTransport(accounts), **REFRESH
    )
    for _ in range(3):
        assert client.crm.update_records("Deals", [{"id": "1"}]).ok
    assert client._auth.refresh_count == 1 and client._auth._token.expires_at is None


@pytest.mark.parametrize("status", [500, 503])
def test_a_failing_accounts_server_is_not_called_bad_credentials(status: int) -> None:
    def accounts(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="busy")

    client = ZohoClient(
        base_url="https://x.test",
        transport=httpx.MockTransport(accounts),
        retry_policy=fast_retries(0),
        **REFRESH,
    )
    with pytest.raises(TokenRefreshError, match=f"accounts server failed \\(HTTP {status}\\)"):
        client.crm.get_record("Deals", "1")


def test_a_failing_retry_hook_costs_no_outcome(emulator) -> None:
    set_faults(emulator, {"kind": "error", "status": 500, "method": "PUT", "count": 1})

    def hook(*args: object) -> None:
        raise ZeroDivisionError

    with ZohoClient(
        base_url=emulator.base_url,
        access_token=emulator.token,
        retry_policy=fast_retries(),
        on_retry=hook,
    ) as client:
        result = client.crm.update_records("Deals", [{"id": i} for i in deal_ids(150)])
    assert len(result) == 150 and result.ok


def test_a_failing_token_store_does_not_stop_the_calls(emulator) -> None:
    class BrokenStore:
        def load(self) -> Token | None:
            raise OSError("store unreachable")

        def save(self, token: Token) -> None:
            raise OSError("disk full")

    control(emulator, "POST", "/_emulator/tokens", {"token": "short-lived", "expires_in": 0.2})
    client = ZohoClient(base_url=emulator.base_url, token_store=BrokenStore(), **REFRESH)
    assert client.crm.update_records("Deals", [{"id": i} for i in deal_ids(3)]).ok
    assert client._auth.refresh_count == 1

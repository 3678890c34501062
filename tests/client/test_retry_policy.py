"""The retry policy, with httpx.MockTransport (no network)."""

from __future__ import annotations

import json

import httpx
import pytest

from zoho_records import (
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
    ZohoClient,
)
from zoho_records import _constants as C
from zoho_records._retry import RetryTransport, parse_retry_after

OK = {
    "data": [
        {
            "code": "SUCCESS",
            "status": "success",
            "message": "record updated",
            "details": {"id": "1"},
        }
    ]
}


def make_client(handler, sleeps: list[float], **kw) -> ZohoClient:
    client = ZohoClient(base_url="https://zoho.test", access_token="t0k3n", concurrency=1, **kw)
    # swap the sleep of the retry transport for a recorder
    transport = client._http._transport
    assert isinstance(transport, RetryTransport)
    transport._inner = httpx.MockTransport(handler)
    transport._sleep = sleeps.append
    return client


def test_defaults_live_in_constants() -> None:
    policy = RetryPolicy()
    assert policy.max_retries == C.DEFAULT_MAX_RETRIES == 3
    assert policy.status_codes == C.RETRY_STATUS_CODES
    assert {429, 500, 502, 503, 504} <= policy.status_codes
    assert 400 not in policy.status_codes and 401 not in policy.status_codes


def test_backoff_is_exponential_jittered_and_capped() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0, jitter=0.25)
    for attempt, base in enumerate([0.5, 1, 2, 4, 8, 8, 8]):
        for _ in range(50):
            delay = policy.delay(attempt)
            assert base * 0.75 <= delay <= base


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({}, None),
        ({"retry-after": "soon"}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers)) == expected


def test_429_is_retried_honouring_retry_after() -> None:
    sleeps: list[float] = []
    answers = iter(
        [
            httpx.Response(
                429,
                headers={"Retry-After": "2"},
                json={
                    "code": "TOO_MANY_REQUESTS",
                    "status": "error",
                    "message": "slow down",
                    "details": {},
                },
            ),
            httpx.Response(200, json=OK),
        ]
    )
    client = make_client(lambda request: next(answers), sleeps)
    outcome = client.crm.update_record("Deals", "1", {"Stage": "Closed Won"})
    assert outcome.ok
    assert sleeps == [2.0]


def test_retry_after_beyond_the_cap_falls_back_to_backoff() -> None:
    sleeps: list[float] = []
    answers = iter(
        [httpx.Response(503, headers={"Retry-After": "3600"}), httpx.Response(200, json=OK)]
    )
    client = make_client(lambda request: next(answers), sleeps)
    assert client.crm.update_record("Deals", "1", {"Stage": "x"}).ok
    assert len(sleeps) == 1 and sleeps[0] <= C.INITIAL_RETRY_DELAY


def test_5xx_retried_then_exhausted_raises_with_the_last_answer() -> None:
    sleeps: list[float] = []
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            500,
            json={"code": "INTERNAL_ERROR", "status": "error", "message": "boom", "details": {}},
        )

    client = make_client(handler, sleeps, max_retries=2)
    with pytest.raises(InternalServerError) as info:
        client.crm.update_record("Deals", "1", {"Stage": "x"})
    assert len(seen) == 3 and len(sleeps) == 2
    assert info.value.code == "INTERNAL_ERROR" and info.value.status_code == 500
    # the same body was sent every time
    assert len({r.content for r in seen}) == 1


def test_exhausted_429_is_a_rate_limit_error() -> None:
    client = make_client(
        lambda r: httpx.Response(
            429,
            json={"code": "TOO_MANY_REQUESTS", "status": "error", "message": "m", "details": {}},
        ),
        [],
        max_retries=1,
    )
    with pytest.raises(RateLimitError) as info:
        client.bigin.get_record("Contacts", "1")
    assert info.value.status_code == 429


def test_client_errors_are_not_retried() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(
            400,
            json={
                "code": "INVALID_MODULE",
                "status": "error",
                "message": "bad module",
                "details": {},
            },
        )

    client = make_client(handler, [])
    with pytest.raises(BadRequestError) as info:
        client.crm.update_record("Nope", "1", {"A": 1})
    assert len(calls) == 1 and info.value.code == "INVALID_MODULE"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (httpx.ConnectError("refused"), APIConnectionError),
        (httpx.ReadTimeout("slow"), APITimeoutError),
        (httpx.RemoteProtocolError("peer closed"), APIConnectionError),
    ],
)
def test_connection_errors_are_retried_then_raised(
    error: Exception, expected: type[Exception]
) -> None:
    sleeps: list[float] = []
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise error

    client = make_client(handler, sleeps, max_retries=2)
    with pytest.raises(expected):
        client.crm.get_record("Deals", "1")
    assert len(calls) == 3 and len(sleeps) == 2


def test_connection_error_then_success() -> None:
    answers = iter([httpx.ConnectError("refused"), httpx.Response(200, json=OK)])

    def handler(request: httpx.Request) -> httpx.Response:
        item = next(answers)
        if isinstance(item, Exception):
            raise item
        return item

    client = make_client(handler, [])
    assert client.crm.update_record("Deals", "1", {"Stage": "x"}).ok


def test_bulk_chunk_failing_after_retries_gives_every_record_an_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body["data"][0]["id"] == "100":  # the second chunk always fails
            return httpx.Response(
                503,
                json={
                    "code": "INTERNAL_ERROR",
                    "status": "error",
                    "message": "down",
                    "details": {},
                },
            )
        data = [
            {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": r["id"]}}
            for r in body["data"]
        ]
        return httpx.Response(200, json={"data": data})

    client = make_client(handler, [], max_retries=1)
    result = client.crm.update_records("Deals", [{"id": str(i)} for i in range(250)])
    assert len(result) == 250
    assert [o.index for o in result] == list(range(250))
    assert all(o.ok for o in result[:100]) and all(o.ok for o in result[200:])
    failed = result.failed
    assert [o.index for o in failed] == list(range(100, 200))
    assert {o.code for o in failed} == {"INTERNAL_ERROR"}
    assert failed[0].id == "100" and isinstance(failed[0].error, InternalServerError)


def test_async_client_retries_too() -> None:
    import asyncio

    from zoho_records import AsyncZohoClient
    from zoho_records._retry import AsyncRetryTransport

    answers = iter([httpx.Response(502), httpx.Response(200, json=OK)])
    sleeps: list[float] = []

    async def fake_sleep(delay: float) -> None:
        sleeps.append(delay)

    async def main() -> bool:
        async with AsyncZohoClient(base_url="https://zoho.test", access_token="t") as client:
            transport = client._http._transport
            assert isinstance(transport, AsyncRetryTransport)
            transport._inner = httpx.MockTransport(lambda r: next(answers))
            transport._sleep = fake_sleep
            outcome = await client.crm.update_record("Deals", "1", {"Stage": "x"})
            return outcome.ok

    assert asyncio.run(main())
    assert len(sleeps) == 1

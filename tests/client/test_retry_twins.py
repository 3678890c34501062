"""Retries as a user sees them, sync and async alike, through the public clients: connection
errors, bodies cut off mid-way, ``max_retries=0``, the ``on_retry`` hook's calls and arguments,
``Retry-After`` as an HTTP date, and the "not sent" note after a fatal error mid-run.

The clients get a MockTransport (``transport=``, wrapped by the retry layer) and a policy with
millisecond delays and no jitter: no network, no real waiting."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from zoho_records import (
    APIConnectionError,
    AsyncZohoClient,
    AuthenticationError,
    InternalServerError,
    RetryPolicy,
    ZohoClient,
)

OK = {"data": [{"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": "1"}}]}
FAST = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.002, jitter=0)

Handler = Callable[[httpx.Request], httpx.Response]


class CutOff(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body whose connection drops after the first bytes."""

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"data": ['
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"data": ['
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


class Script:
    """Answers (or raises) each item in turn; records what was sent and the hook's calls."""

    def __init__(self, *items: httpx.Response | Exception | Callable[[], httpx.Response]) -> None:
        self.items = list(items)
        self.sent: list[httpx.Request] = []
        self.hook_calls: list[tuple[str, str, int, float, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        item = self.items.pop(0) if len(self.items) > 1 else self.items[0]
        if isinstance(item, Exception):
            raise item
        return item() if callable(item) else item

    def hook(self, request: httpx.Request, attempt: int, delay: float, reason: str) -> None:
        self.hook_calls.append((request.method, request.url.path, attempt, delay, reason))


def sync_update(script: Script, policy: RetryPolicy = FAST) -> Any:
    with ZohoClient(
        base_url="https://zoho.test",
        access_token="tok",
        transport=httpx.MockTransport(script),
        retry_policy=policy,
        on_retry=script.hook,
        concurrency=2,
    ) as client:
        return client.crm.update_record("Deals", "1", {"Stage": "x"})


def async_update(script: Script, policy: RetryPolicy = FAST) -> Any:
    async def main() -> Any:
        async with AsyncZohoClient(
            base_url="https://zoho.test",
            access_token="tok",
            transport=httpx.MockTransport(script),
            retry_policy=policy,
            on_retry=script.hook,
            concurrency=2,
        ) as client:
            return await client.crm.update_record("Deals", "1", {"Stage": "x"})

    return asyncio.run(main())


both = pytest.mark.parametrize("update", [sync_update, async_update], ids=["sync", "async"])


@both
def test_a_connection_error_is_retried_and_the_hook_told(update: Callable[..., Any]) -> None:
    script = Script(httpx.ConnectError("refused"), httpx.Response(200, json=OK))
    assert update(script).ok
    assert len(script.sent) == 2
    assert script.hook_calls == [("PUT", "/crm/v8/Deals/1", 1, 0.001, "ConnectError")]


@both
def test_connection_errors_stop_after_max_retries(update: Callable[..., Any]) -> None:
    script = Script(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError):
        update(script)
    assert len(script.sent) == 3  # the first send and max_retries=2 retries
    assert [c[2:] for c in script.hook_calls] == [
        (1, 0.001, "ConnectError"),
        (2, 0.002, "ConnectError"),
    ]


@both
def test_max_retries_0_sends_once_after_a_connection_error(update: Callable[..., Any]) -> None:
    script = Script(httpx.ConnectError("refused"), httpx.Response(200, json=OK))
    with pytest.raises(APIConnectionError):
        update(script, RetryPolicy(max_retries=0))
    assert len(script.sent) == 1 and script.hook_calls == []


@both
def test_max_retries_0_returns_the_first_retryable_answer(update: Callable[..., Any]) -> None:
    script = Script(
        httpx.Response(502, json={"code": "INTERNAL_ERROR"}), httpx.Response(200, json=OK)
    )
    with pytest.raises(InternalServerError):
        update(script, RetryPolicy(max_retries=0))
    assert len(script.sent) == 1 and script.hook_calls == []


@both
def test_a_body_cut_off_mid_way_is_retried(update: Callable[..., Any]) -> None:
    script = Script(lambda: httpx.Response(200, stream=CutOff()), httpx.Response(200, json=OK))
    assert update(script).ok
    assert len(script.sent) == 2
    assert script.hook_calls == [("PUT", "/crm/v8/Deals/1", 1, 0.001, "RemoteProtocolError")]


@both
def test_a_retryable_status_tells_the_hook_its_attempt_delay_and_reason(
    update: Callable[..., Any],
) -> None:
    script = Script(
        httpx.Response(503, json={"code": "X"}),
        httpx.Response(429, json={"code": "X"}, headers={"Retry-After": "0.003"}),
        httpx.Response(200, json=OK),
    )
    assert update(script).ok
    assert [c[2:] for c in script.hook_calls] == [(1, 0.001, "HTTP 503"), (2, 0.003, "HTTP 429")]


@both
def test_a_failing_hook_is_logged_and_the_retry_goes_on(
    update: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    script = Script(httpx.Response(500, json={"code": "X"}), httpx.Response(200, json=OK))

    def hook(*args: object) -> None:
        raise ZeroDivisionError

    script.hook = hook  # type: ignore[method-assign]
    assert update(script).ok
    assert "on_retry hook failed (ignored)" in caplog.text


def http_date(offset: float) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


def test_retry_after_as_an_http_date_is_the_seconds_until_then() -> None:
    policy = RetryPolicy(max_retry_after=120, jitter=0, initial_delay=1, max_delay=1)
    answer = httpx.Response(503, headers={"Retry-After": http_date(60)})
    assert 58 <= policy.delay(0, answer) <= 60
    # a date in the past (or too far ahead) falls back to the backoff, never a negative wait
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": http_date(-60)})) == 1
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": http_date(600)})) == 1
    assert policy.delay(0, httpx.Response(503, headers={"Retry-After": "soon"})) == 1


@both
def test_a_503_with_an_http_date_retry_after_is_retried(
    update: Callable[..., Any],
) -> None:
    """A 503 with Retry-After says "not processed": safe to send again, the date is parsed."""
    script = Script(
        httpx.Response(503, json={"code": "X"}, headers={"Retry-After": http_date(-5)}),
        httpx.Response(200, json=OK),
    )
    assert update(script).ok
    assert [c[2:] for c in script.hook_calls] == [(1, 0.001, "HTTP 503")]


# -- a fatal error mid-run: what each record is told -------------------------------------------
def bulk_until_401(concurrency: int = 1) -> tuple[list[Any], list[int]]:
    """Three chunks of 100; the second is answered 401 (no way to refresh): fatal."""
    sizes: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        import json

        records = json.loads(request.content)["data"]
        sizes.append(len(records))
        if len(sizes) == 2:
            return httpx.Response(401, json={"code": "INVALID_TOKEN", "message": "expired"})
        return httpx.Response(
            200,
            json={
                "data": [
                    {
                        "code": "SUCCESS",
                        "status": "success",
                        "message": "ok",
                        "details": {"id": r["id"]},
                    }
                    for r in records
                ]
            },
        )

    with ZohoClient(
        base_url="https://zoho.test",
        access_token="tok",
        transport=httpx.MockTransport(handler),
        retry_policy=RetryPolicy(max_retries=0),
        concurrency=concurrency,
    ) as client:
        result = client.crm.update_records("Deals", [{"id": str(i)} for i in range(300)])
    return list(result), sizes


def test_after_a_fatal_error_only_the_records_never_sent_are_told_not_sent() -> None:
    outcomes, sizes = bulk_until_401()
    assert sizes == [100, 100]  # nothing more was sent after the fatal answer
    assert [o.index for o in outcomes] == list(range(300))
    assert all(o.ok for o in outcomes[:100])
    sent, unsent = outcomes[100:200], outcomes[200:]
    assert all(not o.ok and o.code == "INVALID_TOKEN" for o in sent + unsent)
    assert all(isinstance(o.error, AuthenticationError) for o in sent + unsent)
    # the records of the refused request were sent: no "not sent" for them
    assert not any(o.message.startswith("not sent") for o in sent)
    assert {o.id for o in sent} == {str(i) for i in range(100, 200)}
    # the others never left: they say so, with the error that stopped the run
    assert all(
        o.message.startswith("not sent: an earlier request failed with INVALID_TOKEN: ")
        for o in unsent
    )
    assert [o.id for o in unsent] == [str(i) for i in range(200, 300)]


@pytest.mark.timeout(20)
@both
def test_failed_attempts_give_their_concurrency_slot_back(update: Callable[..., Any]) -> None:
    """Every attempt holds one of the client's slots (``concurrency``): one that ends in a
    connection error, or in an answer, must free it, or the client stalls after a few."""
    script = Script(
        *([httpx.ConnectError("refused")] * 2 + [httpx.Response(503, json={"code": "X"})]) * 4,
        httpx.Response(200, json=OK),
    )
    policy = RetryPolicy(max_retries=20, initial_delay=0.0, max_delay=0.0, jitter=0)
    assert update(script, policy).ok
    assert len(script.sent) == 13
    assert [c[2] for c in script.hook_calls] == list(range(1, 13))

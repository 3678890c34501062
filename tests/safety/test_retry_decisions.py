"""The retry policy's decisions for writes that are and are not idempotent (``_retry``)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zoho_records import RetryPolicy
from zoho_records._retry import (
    IDEMPOTENT,
    RetryTransport,
    unique_fields_of,
    upsert_is_idempotent,
)
from zoho_records._types import NOT_GIVEN


def _run(answers: list[Any], *, idempotent: bool) -> tuple[int, Any]:
    """Send one request through a RetryTransport whose inner transport plays ``answers``
    (a response or an exception each); the number of attempts and the result."""
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        answer = answers[min(len(calls) - 1, len(answers) - 1)]
        if isinstance(answer, Exception):
            raise answer
        return answer

    transport = RetryTransport(
        httpx.MockTransport(handler), RetryPolicy(max_retries=3), sleep=lambda s: None
    )
    request = httpx.Request("POST", "https://x/bigin/v2/Contacts/upsert", content=b"{}")
    if not idempotent:
        request.extensions = {IDEMPOTENT: False}
    try:
        result: Any = transport.handle_request(request)
    except Exception as exc:  # noqa: BLE001
        result = exc
    return len(calls), result


OK = httpx.Response(200, json={"data": []})
REQ = httpx.Request("POST", "https://x")


@pytest.mark.parametrize(
    ("first", "retried_when_unsafe"),
    [
        (httpx.ConnectError("refused", request=REQ), True),
        (httpx.ConnectTimeout("slow", request=REQ), True),
        (httpx.PoolTimeout("pool", request=REQ), True),
        (httpx.Response(429), True),
        (httpx.Response(408), True),
        (httpx.Response(503, headers={"Retry-After": "0"}), True),
        (httpx.Response(503), False),
        (httpx.Response(500), False),
        (httpx.Response(502), False),
        (httpx.ReadTimeout("slow answer", request=REQ), False),
        (httpx.ReadError("reset", request=REQ), False),
        (httpx.WriteError("reset", request=REQ), False),
        (httpx.RemoteProtocolError("disconnected", request=REQ), False),
    ],
)
def test_what_is_retried(first: Any, retried_when_unsafe: bool) -> None:
    attempts, result = _run([first, OK], idempotent=True)
    assert attempts == 2 and result is OK  # an idempotent write is always sent again
    attempts, result = _run([first, OK], idempotent=False)
    assert attempts == (2 if retried_when_unsafe else 1)


def test_upsert_is_idempotent() -> None:
    assert upsert_is_idempotent([{"Email": "a@b"}, {"Email": "c@d", "X": 1}], ["Email"])
    assert upsert_is_idempotent([{"Phone": "1"}], ["Email", "Phone"])
    assert not upsert_is_idempotent([{"Email": "a@b"}, {"Last_Name": "x"}], ["Email"])
    for empty in ("", None, NOT_GIVEN, []):
        assert not upsert_is_idempotent([{"Email": empty}], ["Email"])
    assert not upsert_is_idempotent([{"Email": "a@b"}], None)  # unique fields unknown
    assert not upsert_is_idempotent([{"Email": "a@b"}], [])  # the module has none
    assert not upsert_is_idempotent([{"Email": "a@b"}], "Email")  # type: ignore[arg-type]
    assert not upsert_is_idempotent(["not a record"], ["Email"])
    # a record's own duplicate_check_fields wins
    assert upsert_is_idempotent([{"Phone": "1", "duplicate_check_fields": ["Phone"]}], ["Email"])
    assert not upsert_is_idempotent(
        [{"Email": "a", "duplicate_check_fields": ["Phone"]}], ["Email"]
    )


def test_unique_fields_come_from_the_metadata() -> None:
    meta = [
        {"api_name": "Email", "unique": {"casesensitive": "false"}},
        {"api_name": "Last_Name", "unique": {}},
        {"api_name": "Phone"},
        "junk",
    ]
    assert unique_fields_of(meta) == ["Email"]

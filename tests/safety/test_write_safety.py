"""Writes through a proxy that loses requests: before the server sees them, and after it has
acted on them and answered. Updates are repeated and end written; an upsert whose records have
no duplicate-check value is never repeated (no record is inserted twice) and its records say
their fate is unknown; an upsert with duplicate-check values is repeated and ends written once.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import Counter
from typing import Any

import pytest

from zoho_records import AsyncZohoClient, RecordError, RetryPolicy, ZohoClient

from .conftest import deal_ids, records
from .fault_proxy import FaultProxy, first_attempt_dropped

FAST = RetryPolicy(max_retries=3, initial_delay=0.01, max_delay=0.02, max_retry_after=0.02)


def alternating() -> Any:
    """drop_after, drop_before, drop_after, ... for successive new bodies."""
    modes = itertools.cycle(["drop_after", "drop_before"])
    return first_attempt_dropped(lambda body: next(modes))


def by_marker(after: str, before: str) -> Any:
    """drop_after for bodies holding ``after``, drop_before for those holding ``before``."""

    def mode(body: bytes) -> str | None:
        if after.encode() in body:
            return "drop_after"
        if before.encode() in body:
            return "drop_before"
        return None

    return first_attempt_dropped(mode)


def client_for(proxy: FaultProxy, emulator: Any, **kw: Any) -> ZohoClient:
    return ZohoClient(base_url=proxy.base_url, access_token=emulator.token, retry_policy=FAST, **kw)


def count_names(emulator: Any, prefix: str) -> Counter[str]:
    return Counter(
        r["Last_Name"]
        for r in records(emulator, "bigin", "Contacts")
        if str(r.get("Last_Name", "")).startswith(prefix)
    )


# -- updates ---------------------------------------------------------------------------------
def test_updates_are_repeated_and_end_written_with_one_outcome_each(emulator, proxy) -> None:
    proxy.plan = alternating()
    ids = deal_ids()
    before = len(records(emulator, "crm", "Deals"))
    with client_for(proxy, emulator) as client:
        result = client.crm.update_records(
            "Deals", [{"id": rid, "Next_Step": f"step {rid}"} for rid in ids]
        )
    assert [o.index for o in result] == list(range(len(ids)))
    assert all(o.ok for o in result), [o for o in result if not o.ok][:3]
    assert proxy.actions["drop_after"] and proxy.actions["drop_before"]
    deals = {r["id"]: r for r in records(emulator, "crm", "Deals")}
    assert len(deals) == before  # nothing inserted
    assert all(deals[rid]["Next_Step"] == f"step {rid}" for rid in ids)


def test_async_updates_are_repeated_and_end_written(emulator, proxy) -> None:
    proxy.plan = alternating()
    ids = deal_ids()[:120]

    async def run() -> Any:
        async with AsyncZohoClient(
            base_url=proxy.base_url, access_token=emulator.token, retry_policy=FAST
        ) as client:
            return await client.crm.update_records(
                "Deals", [{"id": rid, "Next_Step": "async"} for rid in ids]
            )

    result = asyncio.run(run())
    assert all(o.ok for o in result) and len(result) == len(ids)
    deals = {r["id"]: r for r in records(emulator, "crm", "Deals")}
    assert all(deals[rid]["Next_Step"] == "async" for rid in ids)


# -- upserts without duplicate-check values ----------------------------------------------------
def _nameless(prefix: str, n: int) -> list[dict[str, Any]]:
    return [{"Last_Name": f"{prefix}{i:03d}"} for i in range(n)]


def test_upsert_without_duplicate_check_values_never_inserts_twice(emulator, proxy) -> None:
    # three requests: the first loses its answer (written), the second is lost before the
    # server (not written), the third goes through
    rows = _nameless("Once", 250)
    proxy.plan = by_marker(after="Once000", before="Once100")
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert("Contacts", rows)
    codes = [o.code for o in result]
    assert codes[:200] == ["UNKNOWN"] * 200
    assert all(o.ok for o in result[200:])
    first = result[0]
    assert isinstance(first, RecordError)
    assert "may have been written; check before sending again" in first.message
    assert first.error is not None and first.error.code == "CONNECTION_ERROR"
    names = count_names(emulator, "Once")
    assert max(names.values()) == 1  # never twice
    assert sum(names.values()) == 150  # the first 100 (answer lost) and the last 50
    assert all(names[f"Once{i:03d}"] == 1 for i in range(100))
    assert not any(names[f"Once{i:03d}"] for i in range(100, 200))


def test_the_onlyonce_case_of_the_issue(emulator, proxy) -> None:
    proxy.plan = lambda method, path, body: "pass" if method == "GET" else "drop_after"
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert("Contacts", [{"Last_Name": "OnlyOnce"}])
    assert result[0].code == "UNKNOWN"
    assert count_names(emulator, "OnlyOnce") == {"OnlyOnce": 1}
    assert proxy.actions["drop_after"] == 1  # sent once, never again


def test_async_upsert_without_duplicate_check_values_never_inserts_twice(emulator, proxy):
    proxy.plan = by_marker(after="Asy000", before="Asy100")

    async def run() -> Any:
        async with AsyncZohoClient(
            base_url=proxy.base_url, access_token=emulator.token, retry_policy=FAST
        ) as client:
            return await client.bigin.upsert("Contacts", _nameless("Asy", 150))

    result = asyncio.run(run())
    assert [o.code for o in result[:150]] == ["UNKNOWN"] * 150
    names = count_names(emulator, "Asy")
    assert max(names.values()) == 1 and sum(names.values()) == 100


def test_failures_before_sending_are_retried_for_every_write(emulator, proxy) -> None:
    # a 429 says "not processed": an unsafe upsert is sent again
    emulator.emulator.faults.set([_rule("throttle", count=2, retry_after=0)])
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert("Contacts", _nameless("Throttled", 3))
    assert all(o.ok for o in result)
    assert emulator.emulator.faults.rules[0].fired == 2
    assert count_names(emulator, "Throttled") == Counter({f"Throttled{i:03d}": 1 for i in range(3)})


def test_a_500_for_an_unsafe_upsert_is_unknown_and_not_repeated(emulator, proxy) -> None:
    emulator.emulator.faults.set([_rule("error", status=500, count=1)])
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert("Contacts", _nameless("Err", 2))
    assert [o.code for o in result] == ["UNKNOWN", "UNKNOWN"]
    assert result[0].status_code == 500
    assert emulator.emulator.faults.rules[0].fired == 1
    assert sum(1 for r in emulator.emulator.backend.request_log if r.get("op") == "upsert") == 0


def test_an_unreachable_server_is_not_unknown(emulator) -> None:
    import socket

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with ZohoClient(
        base_url=f"http://127.0.0.1:{port}", access_token="t", retry_policy=FAST
    ) as client:
        result = client.bigin.upsert(
            "Contacts", _nameless("Nowhere", 1), duplicate_check_fields=["Email"]
        )
    assert result[0].code == "CONNECTION_ERROR"  # nothing was sent: safe to send again
    assert result[0].error.may_have_reached_server is False  # type: ignore[union-attr]


def _rule(kind: str, **kw: Any) -> Any:
    from zoho_emulator.faults import FaultRule

    return FaultRule(kind=kind, path=r"^/bigin/v2/Contacts/upsert", **kw)


# -- upserts with duplicate-check values --------------------------------------------------------
@pytest.mark.parametrize("given", [True, False], ids=["duplicate_check_fields", "unique-metadata"])
def test_upsert_with_duplicate_check_values_is_repeated_and_written_once(
    emulator, proxy, given: bool
) -> None:
    proxy.plan = alternating()
    rows = [{"Last_Name": f"Dup{i:03d}", "Email": f"dup{i}@example.com"} for i in range(250)]
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert(
            "Contacts", rows, duplicate_check_fields=["Email"] if given else None
        )
    assert all(o.ok for o in result), [o for o in result if not o.ok][:2]
    assert proxy.actions["drop_after"] and proxy.actions["drop_before"]
    emails = Counter(
        r.get("Email") for r in records(emulator, "bigin", "Contacts") if r.get("Email")
    )
    assert all(emails[f"dup{i}@example.com"] == 1 for i in range(250))


def test_one_record_without_a_value_makes_its_request_unsafe(emulator, proxy) -> None:
    proxy.plan = lambda method, path, body: "pass" if method == "GET" else "drop_after"
    rows = [{"Last_Name": "Mixed1", "Email": "m1@example.com"}, {"Last_Name": "Mixed2"}]
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert("Contacts", rows, duplicate_check_fields=["Email"])
    assert [o.code for o in result] == ["UNKNOWN", "UNKNOWN"]
    assert proxy.actions["drop_after"] == 1
    assert count_names(emulator, "Mixed") == Counter({"Mixed1": 1, "Mixed2": 1})


def test_unreadable_metadata_makes_an_upsert_unsafe(emulator, proxy) -> None:
    # a token without the settings scope cannot read which fields are unique
    emulator.emulator.tokens.tokens["noset"] = type(
        emulator.emulator.tokens.tokens[emulator.token]
    )(token="noset", scopes=frozenset({"zohobigin.modules.all"}))
    proxy.plan = lambda method, path, body: "pass" if method == "GET" else "drop_after"
    with ZohoClient(base_url=proxy.base_url, access_token="noset", retry_policy=FAST) as client:
        result = client.bigin.upsert("Contacts", [{"Last_Name": "Meta", "Email": "meta@x.com"}])
    assert result[0].code == "UNKNOWN"
    assert count_names(emulator, "Meta") == {"Meta": 1}


def test_report_json_of_unknown_outcome(emulator, proxy) -> None:
    proxy.plan = lambda method, path, body: "pass" if method == "GET" else "drop_before"
    with client_for(proxy, emulator) as client:
        result = client.bigin.upsert("Contacts", [{"Last_Name": "Json"}])
    json.dumps(result[0].to_dict())
    assert result[0].to_dict()["code"] == "UNKNOWN"


def test_a_record_the_answer_leaves_out_is_unknown_for_an_unsafe_upsert() -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"fields": []})
        item = {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": "1"}}
        return httpx.Response(200, json={"data": [item]})  # one result for two records

    with ZohoClient(
        base_url="https://x", access_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        unsafe = client.bigin.upsert("Contacts", [{"Last_Name": "a"}, {"Last_Name": "b"}])
        safe = client.bigin.upsert(
            "Contacts", [{"Email": "a@x"}, {"Email": "b@x"}], duplicate_check_fields=["Email"]
        )
    assert [o.code for o in unsafe] == ["SUCCESS", "UNKNOWN"]
    assert "may have been written" in unsafe[1].message
    assert [o.code for o in safe] == ["SUCCESS", "MISSING_RESULT"]

"""The bulk engine against the emulator over real HTTP: chunking, order, partial failures,
retries under injected faults, token refresh."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from zoho_records import AsyncZohoClient, RecordError, RecordSuccess, ZohoClient

from .conftest import control, deal_ids, emulator_records, fast_retries, request_log, set_faults

pytestmark = pytest.mark.timeout(120)


def updates(n: int, stage: str = "Closed Won") -> list[dict[str, object]]:
    return [{"id": rid, "Stage": stage, "Next_Step": f"step {rid}"} for rid in deal_ids(n)]


def test_chunks_of_100_in_input_order(client: ZohoClient, emulator) -> None:
    result = client.crm.update_records("Deals", updates(250))
    assert result.ok and len(result) == 250
    assert [o.index for o in result] == list(range(250))
    assert [o.id for o in result] == deal_ids(250)
    writes = [r for r in request_log(emulator) if r["op"] == "update"]
    assert sorted(len(r["ids"]) for r in writes) == [50, 100, 100]
    state = emulator_records(emulator, "crm", "Deals")
    assert all(state[rid]["Next_Step"] == f"step {rid}" for rid in deal_ids(250))


def test_mass_update_by_ids_chunks_of_500(client: ZohoClient, emulator) -> None:
    ids = deal_ids(1200)
    result = client.crm.mass_update("Deals", {"Stage": "Closed Lost"}, ids=ids)
    assert result.ok and [o.id for o in result] == ids
    calls = [r for r in request_log(emulator) if r["op"] == "mass_update"]
    assert sorted(len(r["ids"]) for r in calls) == [200, 500, 500]
    state = emulator_records(emulator, "crm", "Deals")
    assert {state[i]["Stage"] for i in ids} == {"Closed Lost"}


def test_partial_failures_keep_their_place(client: ZohoClient) -> None:
    records = updates(230)
    records[3] = {"id": "1234567", "Stage": "Closed Won"}  # no such record
    records[150] = {"id": deal_ids(230)[150], "Amount": "lots"}  # wrong type
    records[229] = {"Stage": "Closed Won"}  # no id
    result = client.crm.update_records("Deals", records)
    assert len(result) == 230
    failed = {o.index: o for o in result.failed}
    assert set(failed) == {3, 150, 229}
    assert failed[3].code == "INVALID_DATA" and failed[3].id == "1234567"
    assert failed[150].details.get("api_name") == "Amount"
    assert failed[229].code == "MANDATORY_NOT_FOUND"
    assert all(isinstance(o, RecordSuccess) for i, o in enumerate(result) if i not in failed)


def test_a_chunk_failing_as_a_whole_gives_each_record_the_failure(client: ZohoClient) -> None:
    result = client.crm.update_records("NoSuchModule", updates(150))
    assert len(result) == 150 and not result.succeeded
    assert {o.code for o in result} == {"INVALID_MODULE"}
    assert [o.id for o in result] == deal_ids(150)


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "throttle", "probability": 0.3, "retry_after": 0},
        {"kind": "error", "status": 500, "probability": 0.3},
        {"kind": "error", "status": 503, "probability": 0.3},
        {"kind": "drop", "probability": 0.3},
    ],
    ids=["429", "500", "503", "dropped-connection"],
)
def test_every_record_accounted_for_once_under_faults(client: ZohoClient, emulator, fault) -> None:
    set_faults(emulator, {**fault, "method": "PUT"})
    n = 1000
    records = updates(n)
    result = client.crm.update_records("Deals", records)
    assert len(result) == n and [o.index for o in result] == list(range(n))
    # with 3 retries at p=0.3 an unrecoverable chunk is possible but rare; if one happens it
    # must be reported, not lost
    state = emulator_records(emulator, "crm", "Deals")
    for o, rec in zip(result, records, strict=True):
        if o.ok:
            assert state[rec["id"]]["Next_Step"] == rec["Next_Step"]
        else:
            assert o.code in ("TOO_MANY_REQUESTS", "INTERNAL_ERROR", "CONNECTION_ERROR")
    fired = control(emulator, "GET", "/_emulator/faults")["faults"][0]["fired"]
    assert fired > 0


def test_unrecoverable_faults_are_reported_per_record(emulator) -> None:
    set_faults(emulator, {"kind": "drop", "method": "PUT"})
    with ZohoClient(
        base_url=emulator.base_url, access_token=emulator.token, retry_policy=fast_retries(1)
    ) as client:
        result = client.crm.update_records("Deals", updates(120))
    assert len(result) == 120 and not result.succeeded
    assert {o.code for o in result} == {"CONNECTION_ERROR"}
    assert all(isinstance(o, RecordError) and o.error is not None for o in result)


def test_expired_token_is_refreshed(emulator) -> None:
    control(emulator, "POST", "/_emulator/tokens", {"token": "short-lived", "expires_in": 0.5})
    with ZohoClient(
        base_url=emulator.base_url,
        access_token="short-lived",
        refresh_token="emulator-refresh-token",
        client_id="emulator-client-id",
        client_secret="emulator-client-secret",
    ) as client:
        assert client.crm.update_records("Deals", updates(5)).ok
        import time

        time.sleep(0.6)
        result = client.crm.update_records("Deals", updates(300))  # 401 INVALID_TOKEN -> refresh
        assert result.ok
        assert client._auth.refresh_count == 1


def test_refresh_before_first_request_and_redaction_over_http(emulator, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    with ZohoClient(
        base_url=emulator.base_url,
        refresh_token="emulator-refresh-token",
        client_id="emulator-client-id",
        client_secret="emulator-client-secret",
    ) as client:
        assert client.crm.update_records("Deals", updates(10)).ok
        token = client._auth._token.access_token
    for secret in (token, "emulator-refresh-token", "emulator-client-secret"):
        assert secret not in caplog.text


def test_bad_refresh_credentials(emulator) -> None:
    with ZohoClient(
        base_url=emulator.base_url,
        refresh_token="wrong",
        client_id="emulator-client-id",
        client_secret="emulator-client-secret",
    ) as client:
        result = client.crm.update_records("Deals", updates(300))
    assert {o.code for o in result} == {"invalid_code"} and len(result) == 300


def test_async_client_bulk(emulator) -> None:
    async def main():
        async with AsyncZohoClient(
            base_url=emulator.base_url, access_token=emulator.token, retry_policy=fast_retries()
        ) as client:
            return await client.crm.update_records("Deals", updates(450, "Closed Lost"))

    set_faults(emulator, {"kind": "throttle", "probability": 0.2, "method": "PUT"})
    result = asyncio.run(main())
    assert len(result) == 450 and [o.id for o in result] == deal_ids(450)


def test_mass_update_by_custom_view_polls_the_job(client: ZohoClient) -> None:
    job = client.crm.mass_update("Accounts", {"Industry": "Education"}, cvid="554023000000091515")
    assert job.done and job.status == "COMPLETED" and job.updated_count == job.total_count
    again = client.crm.mass_update_status("Accounts", job.job_id)
    assert again.status == "COMPLETED"


def test_wire_ids_are_strings(client: ZohoClient, emulator) -> None:
    result = client.crm.update_records(
        "Deals", [{"id": int(i), "Stage": "Closed Won"} for i in deal_ids(3)]
    )
    assert result.ok and [o.id for o in result] == deal_ids(3)
    assert httpx.get(emulator.base_url + "/_emulator/health").status_code == 200

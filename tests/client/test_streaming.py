"""The streaming twins of the bulk writes: every record exactly once, in completion order."""

from __future__ import annotations

import asyncio

from zoho_emulator.testing import EmulatorServer
from zoho_records import AsyncZohoClient, ZohoClient

DEALS = ["3652397000003852095", "554023000000497007", "554023000000497015"]


def test_iter_update_records_yields_every_record_once_with_its_index():
    with (
        EmulatorServer() as server,
        ZohoClient(base_url=server.base_url, access_token=server.token, concurrency=4) as client,
    ):
        records = [{"id": DEALS[i % 3], "Next_Step": f"step {i}"} for i in range(250)]
        records[7] = {"id": "554023000000999999", "Next_Step": "no such deal"}
        outcomes = list(client.crm.iter_update_records("Deals", records))
        assert sorted(o.index for o in outcomes) == list(range(250))
        bad = next(o for o in outcomes if o.index == 7)
        assert not bad.ok and bad.code == "INVALID_DATA"
        assert sum(o.ok for o in outcomes) == 249


def test_bigin_streams_upsert_and_async_streams_update():
    with EmulatorServer() as server:
        with ZohoClient(base_url=server.base_url, access_token=server.token) as client:
            rows = [{"Last_Name": f"Stream {i}", "Email": f"s{i}@example.com"} for i in range(3)]
            outcomes = list(
                client.bigin.iter_upsert("Contacts", rows, duplicate_check_fields=["Email"])
            )
            assert sorted(o.index for o in outcomes) == [0, 1, 2]
            assert {o.action for o in outcomes if o.ok} == {"insert"}

        async def run() -> list:
            async with AsyncZohoClient(
                base_url=server.base_url, access_token=server.token
            ) as aclient:
                records = [{"id": DEALS[0], "Next_Step": "async"}] * 5
                return [o async for o in aclient.crm.iter_update_records("Deals", records)]

        outcomes = asyncio.run(run())
        assert sorted(o.index for o in outcomes) == [0, 1, 2, 3, 4] and all(o.ok for o in outcomes)

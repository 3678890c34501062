"""Issue 13 against the emulator over HTTP: every new operation through the client (sync and
async) and the CLI, and the nightly round trip (export 10,000 records, update them back
unchanged) counted on what the emulator holds before and after."""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from zoho_emulator.testing import EmulatorServer
from zoho_records import AsyncZohoClient, SearchLimitError, ZohoClient
from zoho_records.cli import main

from .conftest import dataset_with_deals, deal_ids, emulator_records

pytestmark = pytest.mark.timeout(300)


def test_iter_records_reads_3000_deals_once_each_past_2000(client: ZohoClient, emulator) -> None:
    held = emulator_records(emulator, "crm", "Deals")
    ids = [r["id"] for r in client.crm.iter_records("Deals", fields=["Deal_Name", "Stage"])]
    assert len(ids) == len(set(ids)) == len(held)
    assert set(ids) == set(held)


def test_get_records_one_page_and_token(client: ZohoClient) -> None:
    page = client.crm.get_records("Deals", fields="Deal_Name", per_page=200, page=10)
    assert len(page.records) == 200 and page.more_records
    token = page.next_page_token
    assert token
    after = client.crm.get_records("Deals", fields="Deal_Name", per_page=200, page_token=token)
    assert not {r["id"] for r in after.records} & {r["id"] for r in page.records}


def test_insert_read_back_then_delete_then_gone(client: ZohoClient, emulator) -> None:
    result = client.crm.insert(
        "Deals", [{"Deal_Name": f"new {i}", "Stage": "Qualification"} for i in range(150)]
    )
    assert all(o.ok for o in result), [o for o in result if not o.ok][:2]
    new_ids = [o.id for o in result]
    assert len(set(new_ids)) == 150
    assert client.crm.get_record("Deals", new_ids[0])["Deal_Name"] == "new 0"  # type: ignore[index]
    # the first id again at the end: its request waits for the one that deletes it
    # (``_in_flight``), so the repeat is the one told "deleted already"
    gone = client.crm.delete("Deals", [*new_ids, new_ids[0]])
    assert [o.ok for o in gone[:150]] == [True] * 150
    assert not gone[150].ok and gone[150].id == new_ids[0]
    held = emulator_records(emulator, "crm", "Deals")
    assert not set(new_ids) & set(held)


def test_crm_upsert_inserts_then_updates(client: ZohoClient) -> None:
    first = client.crm.upsert(
        "Deals",
        [{"Deal_Name": "Upserted deal", "Stage": "Qualification"}],
        duplicate_check_fields=["Deal_Name"],
    )
    assert first[0].ok and first[0].action == "insert"
    again = client.crm.upsert(
        "Deals",
        [{"Deal_Name": "Upserted deal", "Stage": "Closed Won"}],
        duplicate_check_fields=["Deal_Name"],
    )
    assert again[0].ok and again[0].action == "update" and again[0].id == first[0].id


def test_search_finds_what_was_written_and_stops_at_its_reach(client: ZohoClient) -> None:
    client.crm.update_records("Deals", [{"id": rid, "Stage": "Closed Won"} for rid in deal_ids(7)])
    found = list(client.crm.iter_search("Deals", criteria="(Stage:equals:Closed Won)"))
    assert set(deal_ids(7)) <= {r["id"] for r in found}
    with pytest.raises(SearchLimitError):
        list(client.crm.iter_search("Deals", criteria="(Stage:equals:Qualification)"))


def test_bigin_insert_search_delete(client: ZohoClient) -> None:
    made = client.bigin.insert("Contacts", [{"Last_Name": "Bigin-e2e", "Email": "e2e@x.io"}])
    assert made[0].ok
    found = list(client.bigin.iter_search("Contacts", email="e2e@x.io"))
    assert [r["id"] for r in found] == [made[0].id]
    assert all(o.ok for o in client.bigin.delete("Contacts", [made[0].id]))  # type: ignore[list-item]
    assert list(client.bigin.iter_search("Contacts", email="e2e@x.io")) == []


def test_async_iter_records(emulator) -> None:
    async def main_() -> int:
        async with AsyncZohoClient(base_url=emulator.base_url, access_token=emulator.token) as c:
            return len([r async for r in c.crm.iter_records("Deals", fields="Stage")])

    assert asyncio.run(main_()) == len(emulator_records(emulator, "crm", "Deals"))


# -- the nightly round trip on 10,000 records ----------------------------------------------------
@pytest.fixture(scope="module")
def big() -> Iterator[EmulatorServer]:
    with EmulatorServer(data=dataset_with_deals(10_000)) as server:
        yield server


def test_export_update_round_trip_on_10000_records_changes_nothing(
    big: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", big.token)
    for name in ("ZOHO_DC", "ZOHO_BASE_URL", "ZOHO_REFRESH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    target = ["--base-url", big.base_url, "--no-progress"]
    before = emulator_records(big, "crm", "Deals")
    out = tmp_path / "deals.csv"
    assert main(["export", "--module", "Deals", "--out", str(out), *target]) == 0
    with out.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(before) and {r["id"] for r in rows} == set(before)
    report = tmp_path / "report.csv"
    code = main(
        ["update", "--module", "Deals", "--file", str(out), "--report", str(report), *target]
    )
    assert code == 0
    after = emulator_records(big, "crm", "Deals")
    assert len(after) == len(before)

    def unchanged(record: dict[str, Any]) -> str:
        return json.dumps(
            {k: v for k, v in record.items() if k not in ("Modified_Time", "Modified_By")},
            sort_keys=True,
        )

    assert {k: unchanged(v) for k, v in after.items()} == {
        k: unchanged(v) for k, v in before.items()
    }


def test_cli_insert_upsert_delete_on_the_emulator(
    big: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", big.token)
    target = ["--base-url", big.base_url, "--no-progress"]
    count = len(emulator_records(big, "crm", "Deals"))
    new = tmp_path / "new.csv"
    new.write_text("Deal_Name,Stage\nCLI one,Qualification\nCLI two,Qualification\n")
    report = tmp_path / "ins.csv"
    assert (
        main(["insert", "--module", "Deals", "--file", str(new), "--report", str(report), *target])
        == 0
    )
    with report.open(newline="") as fh:
        ids = [r["record_id"] for r in csv.DictReader(fh)]
    assert len(emulator_records(big, "crm", "Deals")) == count + 2
    up = tmp_path / "up.csv"
    up.write_text("Deal_Name,Stage\nCLI one,Closed Won\n")
    assert (
        main(
            [
                "upsert",
                "--product",
                "crm",
                "--module",
                "Deals",
                "--file",
                str(up),
                "--duplicate-check-fields",
                "Deal_Name",
                *target,
            ]
        )
        == 0
    )
    assert emulator_records(big, "crm", "Deals")[ids[0]]["Stage"] == "Closed Won"
    assert main(["delete", "--module", "Deals", "--ids", ",".join(ids), *target]) == 0
    assert len(emulator_records(big, "crm", "Deals")) == count

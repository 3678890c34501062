"""``update_record(module, record_id, fields)`` with an ``id`` among the fields that is another
record's: the request went to ``record_id``'s URL with the other id in its body, two records
named in one call and the outcome reporting ``record_id`` whichever Zoho wrote. It is refused
now, before anything is sent; the record's own id (a record read, changed and sent back) is
taken as before."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from zoho_records import NOT_GIVEN, AsyncZohoClient, ZohoClient

from .conftest import EmulatorServer, deal_ids, emulator_records, request_log

pytestmark = pytest.mark.timeout(60)


def sync_update(emulator: EmulatorServer, product: str, *args: Any) -> Any:
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        return getattr(client, product).update_record(*args)


def async_update(emulator: EmulatorServer, product: str, *args: Any) -> Any:
    async def run() -> Any:
        async with AsyncZohoClient(base_url=emulator.base_url, access_token=emulator.token) as c:
            return await getattr(c, product).update_record(*args)

    return asyncio.run(run())


@pytest.mark.parametrize("update", [sync_update, async_update])
@pytest.mark.parametrize("product", ["crm", "bigin"])
def test_an_id_in_fields_that_is_not_record_id_is_refused(
    emulator: EmulatorServer, update: Any, product: str
) -> None:
    first, second = deal_ids(2)
    with pytest.raises(ValueError) as caught:
        update(emulator, product, "Deals", first, {"id": second, "Stage": "Closed Won"})
    assert str(caught.value) == (
        f"fields has id {second!r} but record_id is {first!r}: they name two records; leave id "
        "out of fields (record_id names the record to update)"
    )
    assert not request_log(emulator)


@pytest.mark.parametrize("update", [sync_update, async_update])
def test_the_records_own_id_in_fields_is_taken(emulator: EmulatorServer, update: Any) -> None:
    rid = deal_ids(1)[0]
    with ZohoClient(base_url=emulator.base_url, access_token=emulator.token) as client:
        record = client.crm.get_record("Deals", rid)
    assert record is not None
    record["Stage"] = "Closed Lost"
    outcome = update(emulator, "crm", "Deals", rid, record)
    assert outcome.ok and outcome.id == rid
    assert emulator_records(emulator, "crm", "Deals")[rid]["Stage"] == "Closed Lost"
    # an int id and its digit string name one record
    outcome = update(emulator, "crm", "Deals", int(rid), {"id": rid, "Stage": "Closed Won"})
    assert outcome.ok
    outcome = update(emulator, "crm", "Deals", rid, {"id": int(rid), "Stage": "Closed Won"})
    assert outcome.ok


@pytest.mark.parametrize("update", [sync_update, async_update])
def test_an_id_left_out_with_not_given_is_taken(emulator: EmulatorServer, update: Any) -> None:
    # (NOT_GIVEN is a key to leave out: it was told "fields has id NOT_GIVEN but record_id is
    # ...: they name two records", and nothing was sent)
    rid = deal_ids(1)[0]
    outcome = update(emulator, "crm", "Deals", rid, {"id": NOT_GIVEN, "Stage": "Closed Won"})
    assert outcome.ok and outcome.id == rid

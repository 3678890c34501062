"""``zoho_records`` driven end to end against the emulator, for every operation of both specs.

Only public faces: the client by import (``zoho_records``), the emulator over HTTP. The
emulator's default dataset provides the ids used here (they are the Zoho docs' sample ids).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from contract_tests.server.bundle import bundle_path

ROOT = Path(__file__).resolve().parents[2]
for _sub, _probe in (("src", "zoho_records"), ("generated", "zoho_crm_client")):
    if importlib.util.find_spec(_probe) is None:
        sys.path.insert(0, str(ROOT / _sub))

from zoho_emulator.testing import EmulatorServer  # noqa: E402
from zoho_records import (  # noqa: E402
    NOT_GIVEN,
    APIStatusError,
    AsyncZohoClient,
    BadRequestError,
    BulkResult,
    MassUpdateJob,
    RecordError,
    RecordSuccess,
    ZohoClient,
    append_values,
    delete_link,
)

pytestmark = pytest.mark.timeout(120)

DEAL = "3652397000003852095"
DEALS = ["3652397000003852095", "554023000000497007", "554023000000497015"]
ACCOUNTS_VIEW = "554023000000091515"
PIPELINE = "2034020000000489124"
PIPELINE_WITH_PRODUCTS = "2034020000000644063"
PRODUCT = "2034020000000489210"

COVERED: dict[tuple[str, str], str] = {}


def covers(product: str, operation_id: str):
    def mark(fn):
        COVERED[(product, operation_id)] = fn.__name__
        return fn

    return mark


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as s:
        yield s


@pytest.fixture
def client(server: EmulatorServer) -> Iterator[ZohoClient]:
    httpx.post(server.base_url + "/_emulator/reset").raise_for_status()
    with ZohoClient(base_url=server.base_url, access_token=server.token) as c:
        yield c


# -- CRM -------------------------------------------------------------------------------------------
@covers("crm", "updateRecords")
def test_crm_update_records(client: ZohoClient) -> None:
    records = [
        {"id": DEALS[0], "Stage": "Closed Won", "Foreign_Languages": ["Korean"]},
        {"id": "1234", "Stage": "Closed Won"},
        append_values({"id": DEALS[1], "Languages_Known": ["Spanish"]}, Languages_Known=True),
    ]
    result = client.crm.update_records(
        "Deals", records, trigger=[], skip_feature_execution=["cadences"]
    )
    assert isinstance(result, BulkResult) and len(result) == 3
    assert isinstance(result[0], RecordSuccess) and result[0].id == DEALS[0]
    assert isinstance(result[1], RecordError) and result[1].code == "INVALID_DATA"
    assert result[2].ok
    assert set(client.crm.get_record("Deals", DEALS[1])["Languages_Known"]) == {"French", "Spanish"}


@covers("crm", "updateRecord")
def test_crm_update_record_null_versus_not_given(client: ZohoClient) -> None:
    outcome = client.crm.update_record(
        "Deals",
        DEAL,
        {"Amount": None, "Stage": NOT_GIVEN, "Listings": [delete_link("431581000000697244")]},
    )
    assert outcome.ok and outcome.id == DEAL
    record = client.crm.get_record("Deals", DEAL)
    assert record["Amount"] is None and record["Stage"] == "Qualification"
    assert not record.get("Listings")


@covers("crm", "getRecord")
def test_crm_get_record(client: ZohoClient) -> None:
    record = client.crm.get_record("Deals", DEAL, version="v7")
    assert record is not None and record["id"] == DEAL
    with pytest.raises(BadRequestError) as info:
        client.crm.get_record("Deals", "1234")
    assert info.value.code == "INVALID_DATA" and info.value.details == {"id": "1234"}


@covers("crm", "getFields")
def test_crm_get_fields(client: ZohoClient) -> None:
    fields = {f["api_name"]: f for f in client.crm.get_fields("Deals")}
    assert fields["Amount"]["data_type"] == "currency"


@covers("crm", "massUpdateRecords")
def test_crm_mass_update_by_ids(client: ZohoClient) -> None:
    result = client.crm.mass_update("Deals", {"Lead_Source": "Advertisement"}, ids=[*DEALS, "999"])
    assert [o.ok for o in result] == [True, True, True, False]
    assert result[3].code == "INVALID_DATA" and result[3].id == "999"


@covers("crm", "getMassUpdateStatus")
def test_crm_mass_update_by_cvid_and_status(client: ZohoClient) -> None:
    job = client.crm.mass_update(
        "Accounts", {"Industry": "Education"}, cvid=ACCOUNTS_VIEW, wait=False
    )
    assert isinstance(job, MassUpdateJob) and job.job_id.isdigit()
    with pytest.raises(APIStatusError) as info:  # one job per custom view at a time
        client.crm.mass_update("Accounts", {"Industry": "Retail"}, cvid=ACCOUNTS_VIEW)
    assert info.value.code == "ALREADY_SCHEDULED" and info.value.status_code == 202
    for _ in range(50):
        if client.crm.mass_update_status("Accounts", job.job_id).done:
            break
    final = client.crm.mass_update("Accounts", {"Industry": "Retail"}, cvid=ACCOUNTS_VIEW)
    assert final.done and final.status == "COMPLETED"
    status = client.crm.mass_update_status("Accounts", final.job_id)
    assert status.status == "COMPLETED" and status.updated_count == status.total_count


# -- Bigin -----------------------------------------------------------------------------------------
@covers("bigin", "updateRecords")
def test_bigin_update_records(client: ZohoClient) -> None:
    result = client.bigin.update_records(
        "Pipelines",
        [
            {"id": PIPELINE, "Amount": 8000, "Stage": "Qualification"},
            {"id": "2034020000000489080", "Contact_Name": {"id": "2034020000000489022"}},
        ],
    )
    assert result.ok and [o.id for o in result] == [PIPELINE, "2034020000000489080"]


@covers("bigin", "updateRecord")
def test_bigin_update_record(client: ZohoClient) -> None:
    assert client.bigin.update_record("Pipelines", PIPELINE, {"Amount": None}, trigger=[]).ok
    assert client.bigin.get_record("Pipelines", PIPELINE)["Amount"] is None


@covers("bigin", "getRecord")
def test_bigin_get_record(client: ZohoClient) -> None:
    assert client.bigin.get_record("Pipelines", PIPELINE)["Deal_Name"] == "Himalayan Trek"


@covers("bigin", "upsertRecords")
def test_bigin_upsert(client: ZohoClient) -> None:
    result = client.bigin.upsert(
        "Pipelines",
        [
            {
                "Deal_Name": "Himalayan Trek",
                "Stage": "Closed Won",
                "Sub_Pipeline": "Sales Pipeline Standard",
            },
            {
                "Deal_Name": "Wildlife Safari Social Media Activity",
                "Stage": "Campaign Planning",
                "Sub_Pipeline": "Marketing",
                "Pipeline": {"id": "2034020000000095023"},
                "Closing_Date": "2023-11-18",
            },
        ],
        duplicate_check_fields=["Deal_Name"],
    )
    assert [(o.action, o.duplicate_field) for o in result] == [
        ("update", "Deal_Name"),
        ("insert", None),
    ]  # type: ignore[union-attr]


@covers("bigin", "updateRelatedRecords")
def test_bigin_update_related(client: ZohoClient) -> None:
    result = client.bigin.update_related(
        "Pipelines",
        PIPELINE_WITH_PRODUCTS,
        "Products",
        [{"id": PRODUCT, "Unit_Price": 600}, {"id": "2034020000000489999"}],
    )
    assert result[0].ok and result[0].id == PRODUCT
    assert not result[1].ok and result[1].code == "INVALID_DATA"


@covers("bigin", "getRelatedRecords")
def test_bigin_get_related(client: ZohoClient) -> None:
    related = client.bigin.get_related(
        "Pipelines", PIPELINE_WITH_PRODUCTS, "Products", page=1, per_page=200
    )
    assert {"2034020000000489203", "2034020000000489200"} <= {r["id"] for r in related}
    assert client.bigin.get_related("Pipelines", PIPELINE, "Products") == []


@covers("bigin", "getFields")
def test_bigin_get_fields(client: ZohoClient) -> None:
    assert "Deal_Name" in {f["api_name"] for f in client.bigin.get_fields("Pipelines")}


# -- async twin, and the coverage pin ---------------------------------------------------------------
def test_async_client_every_operation(server: EmulatorServer) -> None:
    async def main() -> None:
        async with AsyncZohoClient(base_url=server.base_url, access_token=server.token) as c:
            assert (await c.crm.update_records("Deals", [{"id": DEAL, "Stage": "Closed Won"}])).ok
            assert (await c.crm.update_record("Deals", DEAL, {"Stage": "Closed Lost"})).ok
            assert (await c.crm.get_record("Deals", DEAL))["Stage"] == "Closed Lost"
            assert await c.crm.get_fields("Deals")
            assert (await c.crm.mass_update("Deals", {"Type": "New Business"}, ids=DEALS)).ok
            job = await c.crm.mass_update("Accounts", {"Industry": "Retail"}, cvid=ACCOUNTS_VIEW)
            assert (await c.crm.mass_update_status("Accounts", job.job_id)).done
            assert (await c.bigin.update_records("Pipelines", [{"id": PIPELINE, "Amount": 1}])).ok
            assert (await c.bigin.update_record("Pipelines", PIPELINE, {"Amount": 2})).ok
            assert (await c.bigin.get_record("Pipelines", PIPELINE))["Amount"] == 2
            assert (
                await c.bigin.upsert(
                    "Pipelines",
                    [
                        {
                            "Deal_Name": "Himalayan Trek",
                            "Stage": "Closed Won",
                            "Sub_Pipeline": "Sales Pipeline Standard",
                        }
                    ],
                )
            ).ok
            assert (
                await c.bigin.update_related(
                    "Pipelines", PIPELINE_WITH_PRODUCTS, "Products", [{"id": PRODUCT}]
                )
            ).ok
            assert await c.bigin.get_related("Pipelines", PIPELINE_WITH_PRODUCTS, "Products")
            assert await c.bigin.get_fields("Pipelines")

    httpx.post(server.base_url + "/_emulator/reset").raise_for_status()
    asyncio.run(main())


# -- issue 13: insert, upsert, read, search, delete -------------------------------------------------
@covers("crm", "insertRecords")
@covers("crm", "deleteRecords")
def test_crm_insert_then_delete(client: ZohoClient) -> None:
    made = client.crm.insert("Deals", [{"Deal_Name": "e2e insert", "Stage": "Qualification"}])
    assert made[0].ok and made[0].id
    assert client.crm.get_record("Deals", made[0].id)["Deal_Name"] == "e2e insert"
    gone = client.crm.delete("Deals", [made[0].id])
    assert gone[0].ok and gone[0].id == made[0].id


@covers("crm", "deleteRecord")
def test_crm_delete_record(client: ZohoClient) -> None:
    assert client.crm.delete_record("Deals", DEALS[2], wf_trigger=False).ok
    assert not client.crm.delete_record("Deals", DEALS[2]).ok  # gone already


@covers("crm", "upsertRecords")
def test_crm_upsert(client: ZohoClient) -> None:
    first = client.crm.upsert(
        "Deals",
        [{"Deal_Name": "e2e upsert", "Stage": "Qualification"}],
        duplicate_check_fields=["Deal_Name"],
    )
    assert first[0].ok and first[0].action == "insert"


@covers("crm", "getRecords")
def test_crm_get_and_iter_records(client: ZohoClient) -> None:
    page = client.crm.get_records("Deals", fields=["Deal_Name"], per_page=2)
    assert len(page.records) == 2
    ids = [r["id"] for r in client.crm.iter_records("Deals", fields="Deal_Name", per_page=1)]
    assert set(DEALS) <= set(ids) and len(ids) == len(set(ids))


@covers("crm", "searchRecords")
def test_crm_search(client: ZohoClient) -> None:
    found = list(client.crm.iter_search("Deals", criteria="(Stage:equals:Qualification)"))
    assert DEAL in {r["id"] for r in found}


@covers("bigin", "insertRecords")
@covers("bigin", "deleteRecords")
@covers("bigin", "searchRecords")
@covers("bigin", "getRecords")
@covers("bigin", "deleteRecord")
def test_bigin_insert_read_search_delete(client: ZohoClient) -> None:
    made = client.bigin.insert("Contacts", [{"Last_Name": "E2e", "Email": "e2e@zylker.com"}])
    assert made[0].ok
    assert made[0].id in {
        r["id"] for r in client.bigin.iter_records("Contacts", fields="Last_Name")
    }
    assert [r["id"] for r in client.bigin.iter_search("Contacts", email="e2e@zylker.com")] == [
        made[0].id
    ]
    assert client.bigin.get_records("Contacts", fields="Last_Name", per_page=1).records
    assert client.bigin.delete_record("Contacts", made[0].id).ok
    assert not client.bigin.delete("Contacts", [made[0].id])[0].ok


def test_every_operation_of_both_specs_is_covered() -> None:
    operations = set()
    for product in ("crm", "bigin"):
        spec = json.loads(bundle_path(product).read_text(encoding="utf-8"))
        for item in spec["paths"].values():
            for method, op in item.items():
                if method in ("get", "put", "post", "patch", "delete") and "operationId" in op:
                    operations.add((product, op["operationId"]))
    assert operations == set(COVERED), sorted(operations ^ set(COVERED))

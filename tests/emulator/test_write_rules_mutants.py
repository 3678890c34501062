"""Mass update rules the other emulator tests leave out: a territory with its child
territories, an empty ``ids`` list, and a record in ``ids`` that breaks a field rule while the
others are written."""

from __future__ import annotations

from typing import Any

from .conftest import Api

URL = "/crm/v8/Accounts/actions/mass_update"
CVID = "554023000000091515"
INDIA = "554023000000430409"  # Zylker Systems, Chemel; its child Karnataka: Oh My Goodknits


def run_job(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    r = api.post(URL, body)
    assert r.status_code == 202 or r.status_code == 200, r.json()
    job = r.json()["data"][0]["details"]["job_id"]
    for _ in range(4):
        report = api.get(URL, params={"job_id": job}).json()["data"][0]
    assert report["Status"] == "COMPLETED"
    return report


def test_a_territory_with_its_children_takes_their_records_too(api: Api) -> None:
    body = {"data": [{"Industry": "Retail"}], "cvid": CVID}
    alone = run_job(api, {**body, "territory": {"id": INDIA}})
    assert alone["Total_Count"] == 2
    with_children = run_job(api, {**body, "territory": {"id": INDIA, "include_child": True}})
    assert with_children["Total_Count"] == 3
    assert api.record("crm", "Accounts", "554023000000238123")["Industry"] == "Retail"
    assert api.record("crm", "Accounts", "554023000000238124")["Industry"] == "Services"


def test_an_empty_ids_list_is_a_missing_field(api: Api) -> None:
    r = api.post(URL, {"data": [{"Industry": "Retail"}], "ids": []})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "MANDATORY_NOT_FOUND", body
    assert body["details"]["api_name"] == "ids"


def test_a_record_that_breaks_a_rule_is_told_and_the_others_written(api: Api) -> None:
    ids = ["554023000000238121", "1", "554023000000238122"]
    r = api.post(URL, {"data": [{"Industry": "Retail"}], "ids": ids})
    assert r.status_code == 207, r.json()  # multi-status: some written, one refused
    codes = [item["code"] for item in r.json()["data"]]
    assert codes == ["SUCCESS", "INVALID_DATA", "SUCCESS"]
    assert api.record("crm", "Accounts", "554023000000238122")["Industry"] == "Retail"

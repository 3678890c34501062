"""Mass update rules (CRM)."""

from __future__ import annotations

from typing import Any

import pytest

from zoho_emulator import EmulatorConfig

from .conftest import Api, Harness

URL = "/crm/v8/Accounts/actions/mass_update"
DEALS = "/crm/v8/Deals/actions/mass_update"
CVID = "554023000000091515"


def err(r: Any) -> dict[str, Any]:
    body = r.json()
    assert body["status"] == "error", body
    return body


@pytest.mark.parametrize(
    "url,body,message",
    [
        (URL, {"data": [{}], "ids": ["554023000000238121"]}, "No field found"),
        (
            URL,
            {"data": [{"Industry": "Retail", "Rating": "Active"}], "ids": ["554023000000238121"]},
            "Max field limit exceeded",
        ),
        (
            DEALS,
            {
                "data": [
                    {
                        "Type": "New Business",
                        "Stage": "Qualification",
                        "Amount": 1,
                        "Probability": 5,
                    }
                ],
                "ids": ["554023000000497007"],
            },
            "Max field limit exceeded",
        ),
        (
            URL,
            {"data": [{"Description": "x"}], "ids": ["554023000000238121"]},
            "This field cannot be updated in the Mass Update",
        ),
        (
            URL,
            {
                "data": [{"Parent_Account": {"id": "554023000000238122"}}],
                "ids": ["554023000000238121"],
            },
            "This field cannot be updated in the Mass Update",
        ),
        (
            "/crm/v8/Leads/actions/mass_update",
            {"data": [{"Email": "a@b.co"}], "ids": ["554023000000527003"]},
            "This field cannot be updated in the Mass Update",
        ),
        (
            URL,
            {"data": [{"Nope": 1}], "ids": ["554023000000238121"]},
            "This field cannot be updated in the Mass Update",
        ),
    ],
)
def test_field_rules(api: Api, url: str, body: dict[str, Any], message: str) -> None:
    r = api.post(url, body)
    assert r.status_code == 400
    b = err(r)
    assert b["code"] == "INVALID_DATA" and b["message"] == message


def test_deals_allow_three_fields(api: Api) -> None:
    r = api.post(
        DEALS,
        {
            "data": [{"Type": "New Business", "Stage": "Qualification", "Amount": 1}],
            "ids": ["554023000000497007"],
        },
    )
    assert r.status_code == 200


def test_neither_ids_nor_cvid(api: Api) -> None:
    r = api.post(URL, {"data": [{"Industry": "Retail"}]})
    assert r.status_code == 400
    b = err(r)
    assert b["code"] == "MANDATORY_NOT_FOUND" and b["message"] == "required field not found"


def test_territory_needs_a_custom_view(api: Api) -> None:
    """A territory narrows a custom view: with ids but no cvid the request is refused."""
    body = {"data": [{"Industry": "Retail"}], "ids": ["554023000000497007"]}
    r = api.post(URL, {**body, "territory": {"id": "554023000000430010"}})
    assert r.status_code == 400
    b = err(r)
    assert b["code"] == "MANDATORY_NOT_FOUND" and b["details"]["api_name"] == "cvid"


def test_more_than_500_ids(api: Api) -> None:
    r = api.post(URL, {"data": [{"Industry": "Retail"}], "ids": [str(i + 1) for i in range(501)]})
    assert r.status_code == 400 and err(r)["code"] == "LIMIT_EXCEEDED"


def test_all_ids_invalid_400(api: Api) -> None:
    r = api.post(URL, {"data": [{"Industry": "Retail"}], "ids": ["1", 2]})
    assert r.status_code == 400
    assert r.json()["data"] == [
        {
            "code": "INVALID_DATA",
            "details": {"id": "1"},
            "message": "the id given seems to be invalid",
            "status": "error",
        },
        {
            "code": "INVALID_DATA",
            "details": {"id": "2"},
            "message": "the id given seems to be invalid",
            "status": "error",
        },
    ]


def test_over_write_false_appends(api: Api) -> None:
    r = api.post(DEALS, {"data": [{"Languages_Known": ["German"]}], "ids": ["554023000000497007"]})
    assert r.status_code == 200
    assert api.record("crm", "Deals", "554023000000497007")["Languages_Known"] == [
        "French",
        "German",
    ]


def test_invalid_value(api: Api) -> None:
    r = api.post(DEALS, {"data": [{"Amount": "lots"}], "ids": ["554023000000497007"]})
    assert r.status_code == 400 and err(r)["details"]["expected_data_type"] == "currency"


@pytest.mark.parametrize(
    "body",
    [
        {"data": [{"Industry": "Retail"}], "cvid": "1"},
        {"data": [{"Industry": "Retail"}], "cvid": "554023000000091530"},  # a Deals view
        {"data": [{"Industry": "Retail"}], "cvid": CVID, "territory": {"id": "1"}},
    ],
)
def test_unknown_cvid_or_territory(api: Api, body: dict[str, Any]) -> None:
    r = api.post(URL, body)
    assert r.status_code == 400
    b = err(r)
    assert b["code"] == "INVALID_DATA" and b["message"] == "The id given seems to be invalid"


def test_empty_view(api: Api) -> None:
    r = api.post(URL, {"data": [{"Industry": "Retail"}], "cvid": "554023000000091520"})
    assert r.status_code == 400
    b = err(r)
    assert b["code"] == "NO_RECORDS_FOUND" and b["message"] == "no record found to update"


def test_already_scheduled_until_completed(api: Api) -> None:
    body = {"data": [{"Industry": "Retail"}], "cvid": CVID}
    first = api.post(URL, body)
    assert first.status_code == 202
    job = first.json()["data"][0]["details"]["job_id"]
    second = api.post(URL, body)
    assert second.status_code == 202
    assert second.json() == {
        "code": "ALREADY_SCHEDULED",
        "details": {"job_id": job},
        "message": "Already a Mass Action scheduler is running for the given cvid",
        "status": "error",
    }
    for _ in range(3):
        api.get(URL, params={"job_id": job})
    assert api.post(URL, body).json()["data"][0]["code"] == "SUCCESS"


def test_without_territory_whole_view(api: Api) -> None:
    job = api.post(URL, {"data": [{"Rating": "Active"}], "cvid": CVID}).json()["data"][0][
        "details"
    ]["job_id"]
    reports = [api.get(URL, params={"job_id": job}).json()["data"][0] for _ in range(3)]
    assert [(r["Status"], r["Updated_Count"]) for r in reports] == [
        ("SCHEDULED", 0),
        ("RUNNING", 2),
        ("COMPLETED", 4),
    ]


def test_territory_without_children(api: Api) -> None:
    body = {
        "data": [{"Industry": "Retail"}],
        "cvid": CVID,
        "territory": {"id": "554023000000430409"},
    }
    job = api.post(URL, body).json()["data"][0]["details"]["job_id"]
    for _ in range(3):
        report = api.get(URL, params={"job_id": job}).json()["data"][0]
    assert report["Total_Count"] == 2 and report["Status"] == "COMPLETED"


def test_status_errors(api: Api) -> None:
    assert api.get(URL).json()["code"] == "REQUIRED_PARAM_MISSING"
    assert api.get(URL, params={"job_id": "1"}).json()["code"] == "INVALID_DATA"


def test_record_count_exceeded(harness: Harness) -> None:
    api = harness.make(EmulatorConfig(mass_update_max_records=3))
    r = api.post(URL, {"data": [{"Industry": "Retail"}], "cvid": CVID})
    assert r.status_code == 400
    b = err(r)
    assert b["code"] == "LIMIT_EXCEEDED" and b["message"] == "Record count exceeded"


def test_time_paced_jobs(harness: Harness) -> None:
    import time

    api = harness.make(EmulatorConfig(job_step_seconds=0.1))
    job = api.post(URL, {"data": [{"Industry": "Retail"}], "cvid": CVID}).json()["data"][0][
        "details"
    ]["job_id"]
    assert api.get(URL, params={"job_id": job}).json()["data"][0]["Status"] == "SCHEDULED"
    time.sleep(0.25)
    assert api.get(URL, params={"job_id": job}).json()["data"][0]["Status"] == "COMPLETED"
    assert api.record("crm", "Accounts", "554023000000238124")["Industry"] == "Retail"


def test_data_must_hold_one_object(api: Api) -> None:
    r = api.post(
        URL,
        {"data": [{"Industry": "Retail"}, {"Industry": "Retail"}], "ids": ["554023000000238121"]},
    )
    assert r.status_code == 400 and err(r)["code"] == "INVALID_DATA"


def test_unique_field_cannot_be_mass_updated(api: Api) -> None:
    r = api.post(URL, {"data": [{"Account_Name": "Same"}], "ids": ["554023000000238121"]})
    assert r.status_code == 400
    assert err(r)["message"] == "This field cannot be updated in the Mass Update"


def test_related_all_failed_mixed_is_207(api: Api) -> None:
    r = api.put(
        "/bigin/v2/Pipelines/2034020000000644063/Products",
        {"data": [{"Unit_Price": 1}, {"id": "1"}]},
    )
    assert r.status_code == 207
    assert [x["code"] for x in r.json()["data"]] == ["MANDATORY_NOT_FOUND", "INVALID_DATA"]


def test_deals_take_three_fields_in_any_dataset() -> None:
    """The limit comes from the Mass Update page, not only from the packaged dataset."""
    from zoho_emulator.dataset import default_dataset
    from zoho_emulator.schema import compile_schema

    modules = default_dataset()["crm"]["modules"]
    for spec in modules.values():
        spec.pop("mass_update_max_fields", None)
    compiled = compile_schema(modules, "crm")
    assert compiled["Deals"].mass_update_max_fields == 3
    assert compiled["Accounts"].mass_update_max_fields == 1


def test_a_job_nobody_polls_ends_in_time(api: Api) -> None:
    # (without a job step time only status polls moved a job: after a scheduled mass update
    # whose job nobody read, e.g. the CLI's --no-wait, its view answered ALREADY_SCHEDULED for
    # good, the README's quickstart included)
    backend = api.emulator.backend
    now = [1_000_000.0]
    real = backend.clock
    backend.clock = lambda: now[0]
    try:
        body = {"data": [{"Industry": "Retail"}], "cvid": CVID}
        assert api.post(URL, body).status_code == 202
        now[0] += 9.9
        assert api.post(URL, body).json()["code"] == "ALREADY_SCHEDULED"
        now[0] += 0.1  # 10 s after it was scheduled
        done = api.post(URL, body).json()["data"][0]
        assert done["code"] == "SUCCESS" and done["details"]["job_id"]
    finally:
        backend.clock = real

"""Upsert and related-list rules."""

from __future__ import annotations

from zoho_emulator import EmulatorConfig

from .conftest import Api, Harness

PIPE = "2034020000000644063"


def test_upsert_only_inserts_201(api: Api) -> None:
    r = api.post(
        "/bigin/v2/Contacts/upsert", {"data": [{"Last_Name": "New", "Email": "new@example.com"}]}
    )
    assert r.status_code == 201
    item = r.json()["data"][0]
    assert (
        item["action"] == "insert"
        and item["duplicate_field"] is None
        and item["message"] == "record added"
    )
    assert item["details"]["$approval_state"] == "approved"


def test_upsert_default_checks_unique_fields(api: Api) -> None:
    r = api.post(
        "/bigin/v2/Contacts/upsert",
        {"data": [{"Last_Name": "Jones2", "Email": "LEOTA@example.com"}]},
    )
    assert r.status_code == 200
    item = r.json()["data"][0]
    assert item["action"] == "update" and item["duplicate_field"] == "Email"
    assert item["details"]["id"] == "2034020000000489022"


def test_upsert_top_level_duplicate_check_fields_order(api: Api) -> None:
    body = {
        "data": [
            {
                "Deal_Name": "Brand new",
                "Amount": 9000,
                "Sub_Pipeline": "Sales Pipeline Standard",
                "Stage": "Qualification",
            }
        ],
        "duplicate_check_fields": ["Amount", "Deal_Name"],
    }
    r = api.post("/bigin/v2/Pipelines/upsert", body)
    item = r.json()["data"][0]
    assert item["duplicate_field"] == "Amount" and item["details"]["id"] == "2034020000000478412"


def test_upsert_insert_needs_mandatory_fields(api: Api) -> None:
    r = api.post("/bigin/v2/Pipelines/upsert", {"data": [{"Deal_Name": "No stage"}]})
    assert r.status_code == 400
    item = r.json()["data"][0]
    assert item["code"] == "MANDATORY_NOT_FOUND" and item["message"] == "required field not found"
    assert item["details"]["json_path"].startswith("$.data[0].")


def test_upsert_unknown_duplicate_check_field(api: Api) -> None:
    r = api.post(
        "/bigin/v2/Pipelines/upsert",
        {"data": [{"Deal_Name": "x", "duplicate_check_fields": ["Nope"]}]},
    )
    assert r.status_code == 400 and r.json()["data"][0]["code"] == "INVALID_DATA"


def test_upsert_mixed_statuses(api: Api) -> None:
    r = api.post(
        "/bigin/v2/Products/upsert",
        {
            "data": [
                {"Product_Name": "Kayak Rental", "Unit_Price": 600},
                {"Product_Code": "no name"},
            ]
        },
    )
    assert r.status_code == 207
    assert [x["code"] for x in r.json()["data"]] == ["SUCCESS", "MANDATORY_NOT_FOUND"]


def test_crm_insert_records(api: Api) -> None:
    r = api.post("/crm/v8/Leads", {"data": [{"Last_Name": "Inserted"}]})
    assert r.status_code == 201
    item = r.json()["data"][0]
    assert item["message"] == "record added" and "action" not in item
    assert api.record("crm", "Leads", item["details"]["id"])["Last_Name"] == "Inserted"


# ---- related lists -----------------------------------------------------------------------------


def test_related_invalid_related_id(api: Api) -> None:
    r = api.put(f"/bigin/v2/Pipelines/{PIPE}/Products", {"data": [{"id": "123"}]})
    assert r.status_code == 400
    assert r.json()["data"][0] == {
        "code": "INVALID_DATA",
        "details": {"id": "123"},
        "message": "the related id given seems to be invalid",
        "status": "error",
    }


def test_related_missing_id_202(api: Api) -> None:
    r = api.put(f"/bigin/v2/Pipelines/{PIPE}/Products", {"data": [{"Unit_Price": 1}]})
    assert r.status_code == 202
    item = r.json()["data"][0]
    assert item["code"] == "MANDATORY_NOT_FOUND" and item["message"] == "required field not found"


def test_related_invalid_data_202(api: Api) -> None:
    r = api.put(
        f"/bigin/v2/Pipelines/{PIPE}/Products",
        {"data": [{"id": "2034020000000489210", "Unit_Price": "x"}]},
    )
    assert r.status_code == 202
    assert r.json()["data"][0]["code"] == "INVALID_DATA"


def test_related_mixed_207(api: Api) -> None:
    r = api.put(
        f"/bigin/v2/Pipelines/{PIPE}/Products",
        {"data": [{"id": "2034020000000489210"}, {"id": "1"}]},
    )
    assert r.status_code == 207


def test_related_get_204_when_none_and_inverse(api: Api) -> None:
    other = "2034020000000489124"
    assert api.get(f"/bigin/v2/Pipelines/{other}/Products").status_code == 204
    r = api.put(f"/bigin/v2/Pipelines/{other}/Products", {"data": [{"id": 2034020000000489210}]})
    assert r.status_code == 200 and r.json()["data"][0]["details"] == {"id": "2034020000000489210"}
    rows = api.get(f"/bigin/v2/Pipelines/{other}/Products").json()["data"]
    assert [x["id"] for x in rows] == ["2034020000000489210"]
    back = api.get("/bigin/v2/Products/2034020000000489210/Pipelines").json()["data"]
    assert [x["id"] for x in back] == [other]


def test_related_unknown_parent_and_list(api: Api) -> None:
    r = api.put("/bigin/v2/Pipelines/1/Products", {"data": [{"id": "2034020000000489210"}]})
    assert r.status_code == 400 and r.json()["message"] == "the id given seems to be invalid"
    r = api.put(f"/bigin/v2/Pipelines/{PIPE}/Nope", {"data": [{"id": "2034020000000489210"}]})
    assert r.status_code == 400 and r.json()["code"] == "INVALID_DATA"


def test_related_paging(api: Api) -> None:
    r = api.get(f"/bigin/v2/Pipelines/{PIPE}/Products", params={"per_page": "1", "page": "2"})
    assert r.status_code == 200
    assert r.json()["info"] == {"per_page": 1, "count": 1, "page": 2, "more_records": False}


def test_extra_operations_is_a_no_op(harness: Harness) -> None:
    """Deprecated: the new operations are served with and without it, the same way."""
    for config in (EmulatorConfig(), EmulatorConfig(extra_operations=True)):
        api = harness.make(config)
        r = api.post("/crm/v8/Leads/upsert", {"data": [{"Last_Name": "x"}]})
        assert r.status_code == 201


def test_crm_upsert(api: Api) -> None:
    r = api.post("/crm/v8/Accounts/upsert", {"data": [{"Account_Name": "Chemel", "Phone": "1"}]})
    assert r.status_code == 200 and r.json()["data"][0]["duplicate_field"] == "Account_Name"

"""Issue 13's operations, served by default: insert, CRM upsert, get records (paging by page and
by page token), search and delete, for CRM and Bigin, with Zoho's limits and error codes."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api

LEADS = "/crm/v8/Leads"


def insert(api: Api, path: str, records: list[dict[str, Any]]) -> list[str]:
    ids: list[str] = []
    for start in range(0, len(records), 100):
        r = api.post(path, {"data": records[start : start + 100]})
        assert r.status_code == 201, r.text
        ids += [item["details"]["id"] for item in r.json()["data"]]
    return ids


def error(r: Any) -> tuple[int, str]:
    return r.status_code, r.json()["code"]


# ---- insert ------------------------------------------------------------------------------------


def test_insert_gives_new_ids_and_system_fields_and_reads_back(api: Api) -> None:
    r = api.post(LEADS, {"data": [{"Last_Name": "One"}, {"Last_Name": "Two", "Company": "Z"}]})
    assert r.status_code == 201
    items = r.json()["data"]
    ids = [i["details"]["id"] for i in items]
    assert len(set(ids)) == 2 and all(i.isdigit() for i in ids)
    for item in items:
        d = item["details"]
        assert item["code"] == "SUCCESS" and item["message"] == "record added"
        assert d["Created_Time"] == d["Modified_Time"] and d["Created_By"] == d["Modified_By"]
    rec = api.record("crm", "Leads", ids[1])
    assert rec["Company"] == "Z" and rec["Created_Time"] and rec["Created_By"]["id"]


def test_insert_duplicate_unique_field_and_missing_mandatory(api: Api) -> None:
    insert(api, LEADS, [{"Last_Name": "A", "Email": "dup@example.com"}])
    r = api.post(
        LEADS,
        {"data": [{"Last_Name": "B", "Email": "DUP@example.com"}, {"Company": "no name"},
                  {"Last_Name": "C"}]},
    )  # fmt: skip
    assert r.status_code == 207
    dup, missing, ok = r.json()["data"]
    assert dup["code"] == "DUPLICATE_DATA" and dup["details"]["api_name"] == "Email"
    assert dup["details"]["duplicate_record"]["id"]
    assert missing["code"] == "MANDATORY_NOT_FOUND"
    assert missing["details"]["api_name"] == "Last_Name"
    assert ok["status"] == "success"


@pytest.mark.parametrize("count", [0, 101])
def test_insert_record_count_limits(api: Api, count: int) -> None:
    r = api.post(LEADS, {"data": [{"Last_Name": f"L{i}"} for i in range(count)]})
    assert r.status_code == 400
    assert r.json()["code"] == ("INVALID_DATA" if count == 0 else "LIMIT_EXCEEDED")


def test_crm_upsert_inserts_then_updates_by_duplicate_check_field(api: Api) -> None:
    body = {"data": [{"Last_Name": "U", "Email": "u@example.com"}],
            "duplicate_check_fields": ["Email"]}  # fmt: skip
    first = api.post(f"{LEADS}/upsert", body)
    assert first.status_code == 201 and first.json()["data"][0]["action"] == "insert"
    body["data"][0]["Company"] = "Now"
    second = api.post(f"{LEADS}/upsert", body)
    item = second.json()["data"][0]
    assert second.status_code == 200 and item["action"] == "update"
    assert item["duplicate_field"] == "Email"
    assert item["details"]["id"] == first.json()["data"][0]["details"]["id"]


# ---- get records -------------------------------------------------------------------------------


def test_get_records_requires_fields_and_limits_them(api: Api) -> None:
    assert error(api.get(LEADS)) == (400, "REQUIRED_PARAM_MISSING")
    many = ",".join(f"F{i}" for i in range(51))
    assert error(api.get(LEADS, params={"fields": many})) == (400, "LIMIT_EXCEEDED")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"per_page": "0"}, "INVALID_DATA"),
        ({"per_page": "201"}, "INVALID_DATA"),
        ({"page": "0"}, "INVALID_DATA"),
        ({"page": "x"}, "INVALID_DATA"),
        ({"page": "11", "per_page": "200"}, "DISCRETE_PAGINATION_LIMIT_EXCEEDED"),
        ({"page": "1", "page_token": "abc"}, "AMBIGUITY_DURING_PROCESSING"),
        ({"cvid": "1", "sort_by": "id"}, "AMBIGUITY_DURING_PROCESSING"),
        ({"sort_order": "up"}, "INVALID_DATA"),
        ({"approved": "maybe"}, "INVALID_DATA"),
        ({"converted": "yes"}, "INVALID_DATA"),
        ({"include_child": "1"}, "INVALID_DATA"),
        ({"ids": "1,a"}, "INVALID_DATA"),
        ({"cvid": "12a"}, "INVALID_DATA"),
        ({"territory_id": "x"}, "INVALID_DATA"),
        ({"ids": ",".join(str(10**5 + i) for i in range(101))}, "LIMIT_EXCEEDED"),
        ({"page_token": "not-issued"}, "INVALID_DATA"),
        ({"sort_by": "No_Such_Field"}, "INVALID_DATA"),
    ],
)
def test_get_records_refuses_bad_parameters(api: Api, params: dict[str, str], code: str) -> None:
    assert error(api.get(LEADS, params={"fields": "Last_Name", **params})) == (400, code)


def test_get_records_fields_sort_and_ids(api: Api) -> None:
    ids = insert(api, "/crm/v8/Accounts", [{"Account_Name": n} for n in ("Bq", "Aq", "Cq")])
    r = api.get("/crm/v8/Accounts", params={"fields": "Account_Name", "ids": ",".join(ids),
                                            "sort_by": "Account_Name", "sort_order": "asc"})  # fmt: skip
    assert r.status_code == 200
    assert [x["Account_Name"] for x in r.json()["data"]] == ["Aq", "Bq", "Cq"]
    assert all(set(x) == {"id", "Account_Name"} for x in r.json()["data"])
    info = r.json()["info"]
    assert info["sort_by"] == "Account_Name" and info["sort_order"] == "asc"
    assert info["more_records"] is False and info["next_page_token"] is None


def test_get_records_empty_is_204_and_not_modified_is_304(api: Api) -> None:
    r = api.get("/crm/v8/Solutions", params={"fields": "id"})
    assert r.status_code == 204 and r.content == b""
    r = api.get(LEADS, params={"fields": "Last_Name"},
                headers={"If-Modified-Since": "2999-01-01T00:00:00+00:00"})  # fmt: skip
    assert r.status_code == 304


def test_paging_by_page_then_token_returns_each_record_once(api: Api) -> None:
    insert(api, "/crm/v8/Products", [{"Product_Name": f"P{i:04d}"} for i in range(2050)])
    seen: list[str] = []
    params: dict[str, str] = {"fields": "Product_Name", "per_page": "200"}
    for page in range(1, 11):
        r = api.get("/crm/v8/Products", params={**params, "page": str(page)})
        assert r.status_code == 200
        seen += [x["id"] for x in r.json()["data"]]
    token = r.json()["info"]["next_page_token"]
    assert token and r.json()["info"]["page_token_expiry"]
    r = api.get("/crm/v8/Products", params={**params, "page": "11"})
    assert error(r) == (400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")
    while token:
        r = api.get("/crm/v8/Products", params={**params, "page_token": token})
        assert r.status_code == 200
        seen += [x["id"] for x in r.json()["data"]]
        token = r.json()["info"]["next_page_token"]
    total = len(api.emulator.backend.products["crm"].records["Products"])
    assert len(seen) == len(set(seen)) == total >= 2050


def test_page_token_is_bound_to_its_parameters_and_expires(api: Api) -> None:
    insert(api, "/crm/v8/Products", [{"Product_Name": f"Q{i}"} for i in range(5)])
    params = {"fields": "Product_Name", "per_page": "2"}
    token = api.get("/crm/v8/Products", params=params).json()["info"]["next_page_token"]
    changed = {**params, "fields": "Product_Code", "page_token": token}
    assert error(api.get("/crm/v8/Products", params=changed)) == (400, "TOKEN_BOUND_DATA_MISMATCH")
    assert api.get("/crm/v8/Products", params={**params, "page_token": token}).status_code == 200
    backend = api.emulator.backend
    real = backend.clock
    backend.clock = lambda: real() + 24 * 3600 + 1
    try:
        r = api.get("/crm/v8/Products", params={**params, "page_token": token})
        assert error(r) == (400, "EXPIRED_VALUE")
    finally:
        backend.clock = real


def test_expired_page_tokens_are_forgotten(api: Api) -> None:
    """A long-running emulator does not keep every page token (and the ids each read holds)
    forever: expired ones are dropped as new ones are issued."""
    insert(api, "/crm/v8/Products", [{"Product_Name": f"F{i}"} for i in range(3)])
    params = {"fields": "Product_Name", "per_page": "1"}
    backend = api.emulator.backend
    old = api.get("/crm/v8/Products", params=params).json()["info"]["next_page_token"]
    real = backend.clock
    backend.clock = lambda: real() + 24 * 3600 + 1
    try:
        for _ in range(1100):
            assert api.get("/crm/v8/Products", params=params).status_code == 200
        assert old not in backend.page_tokens
        assert len(backend.page_tokens) == 1100  # the 1,100 live ones
    finally:
        backend.clock = real


# ---- search ------------------------------------------------------------------------------------


def test_search_needs_a_search_parameter(api: Api) -> None:
    assert error(api.get(f"{LEADS}/search")) == (400, "EXPECTED_PARAM_MISSING")


def test_search_finds_what_was_written(api: Api) -> None:
    insert(api, LEADS, [
        {"Last_Name": "Burns,B", "Company": "Acme (EU)", "No_of_Employees": 40,
         "Email": "burns@acme.example", "Phone": "555-0101"},
        {"Last_Name": "Smith", "Company": "Acme Inc", "No_of_Employees": 7},
    ])  # fmt: skip

    def names(**params: str) -> list[str]:
        r = api.get(f"{LEADS}/search", params=params)
        if r.status_code == 204:
            return []
        assert r.status_code == 200, r.text
        return sorted(x["Last_Name"] for x in r.json()["data"])

    assert names(criteria=r"(Last_Name:equals:Burns\,B)") == ["Burns,B"]
    assert names(criteria=r"(Company:equals:Acme \(EU\))") == ["Burns,B"]
    assert "Smith" in names(criteria="(Company:starts_with:acme)")
    assert names(criteria="((Company:starts_with:Acme)and(No_of_Employees:greater_than:10))") == [
        "Burns,B"
    ]
    both = "((No_of_Employees:between:5,8)or(No_of_Employees:equals:40))"
    assert names(criteria=both) == ["Burns,B", "Smith"]
    assert names(criteria=r"(Last_Name:in:Smith,Burns\,B)") == ["Burns,B", "Smith"]
    assert names(email="burns@acme.example") == ["Burns,B"]
    assert names(phone="555-0101") == ["Burns,B"]
    assert "Smith" in names(word="Smith")
    assert names(criteria="(Last_Name:equals:NobodyByThisName)") == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"criteria": "Last_Name:equals:x"}, "INVALID_QUERY"),
        ({"criteria": "(Nope:equals:x)"}, "INVALID_QUERY"),
        ({"criteria": "(Last_Name:like:x)"}, "INVALID_QUERY"),
        ({"criteria": "(Email_Opt_Out:starts_with:t)"}, "INVALID_QUERY"),
        ({"criteria": "(No_of_Employees:between:1)"}, "INVALID_QUERY"),
        ({"criteria": "(" + ")and(".join(["Last_Name:equals:x"] * 11) + ")"}, "INVALID_QUERY"),
        ({"word": "a"}, "INVALID_DATA"),
        ({"word": "page", "page": "11", "per_page": "200"}, "LIMIT_REACHED"),
        ({"word": "page", "per_page": "201"}, "INVALID_DATA"),
    ],
)
def test_search_refuses(api: Api, params: dict[str, str], code: str) -> None:
    assert error(api.get(f"{LEADS}/search", params=params)) == (400, code)


# ---- delete ------------------------------------------------------------------------------------


def test_delete_makes_a_record_unreadable_and_unupdatable(api: Api) -> None:
    ids = insert(api, LEADS, [{"Last_Name": "D1"}, {"Last_Name": "D2", "Email": "d2@x.example"}])
    r = api.request("DELETE", LEADS, params={"ids": ",".join(ids), "wf_trigger": "false"})
    assert r.status_code == 200
    assert [x["details"] for x in r.json()["data"]] == [{"id": i} for i in ids]
    assert all(x["message"] == "record deleted" for x in r.json()["data"])
    missing = api.get(f"{LEADS}/{ids[0]}")
    assert missing.status_code == 400 and missing.json()["code"] == "INVALID_DATA"
    upd = api.put(LEADS, {"data": [{"id": ids[0], "Company": "x"}]})
    assert upd.status_code == 400 and upd.json()["data"][0]["code"] == "INVALID_DATA"
    # its unique value is free again
    assert insert(api, LEADS, [{"Last_Name": "D3", "Email": "d2@x.example"}])
    again = api.request("DELETE", f"{LEADS}/{ids[1]}")
    assert again.status_code == 400
    assert again.json()["data"][0]["message"] == "record not deleted"


def test_wf_trigger_is_case_insensitive_as_zohos_sdk_sends_it(api: Api) -> None:
    (rid,) = insert(api, LEADS, [{"Last_Name": "W"}])
    r = api.request("DELETE", LEADS, params={"ids": rid, "wf_trigger": "False"})
    assert r.status_code == 200


def test_bulk_delete_with_an_unknown_id_fails_only_its_item(api: Api) -> None:
    (rid,) = insert(api, LEADS, [{"Last_Name": "D"}])
    r = api.request("DELETE", LEADS, params={"ids": f"{rid},111"})
    assert r.status_code == 207
    assert [x["status"] for x in r.json()["data"]] == ["success", "error"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "REQUIRED_PARAM_MISSING"),
        ({"ids": ",".join(str(10**5 + i) for i in range(101))}, "LIMIT_EXCEEDED"),
        ({"ids": "12,x"}, "UNABLE_TO_PARSE_DATA_TYPE"),
        ({"ids": "12", "wf_trigger": "yes"}, "UNABLE_TO_PARSE_DATA_TYPE"),
    ],
)
def test_delete_refuses(api: Api, params: dict[str, str], code: str) -> None:
    assert error(api.request("DELETE", LEADS, params=params)) == (400, code)


# ---- Bigin -------------------------------------------------------------------------------------


def test_bigin_insert_get_search_delete(api: Api) -> None:
    (rid,) = insert(api, "/bigin/v2/Contacts", [{"Last_Name": "Bigin", "Email": "b@b.example"}])
    r = api.get("/bigin/v2/Contacts", params={"fields": "Last_Name", "ids": rid})
    assert r.status_code == 200 and r.json()["data"] == [{"id": rid, "Last_Name": "Bigin"}]
    r = api.get("/bigin/v2/Contacts/search", params={"email": "b@b.example"})
    assert [x["id"] for x in r.json()["data"]] == [rid]
    assert api.request("DELETE", f"/bigin/v2/Contacts/{rid}").status_code == 200
    assert api.get(f"/bigin/v2/Contacts/{rid}").status_code == 400


def test_delete_needs_the_delete_scope(api: Api) -> None:
    add = api.client.post(
        "/_emulator/tokens",
        json={"token": "read-only", "scopes": ["ZohoCRM.modules.leads.READ"]},
    )
    assert add.status_code in (200, 201), add.text
    r = api.request("DELETE", LEADS, params={"ids": "1"}, token="read-only")
    assert error(r) == (401, "OAUTH_SCOPE_MISMATCH")


@pytest.mark.parametrize("product, module", [("crm/v8", "Leads"), ("bigin/v2", "Contacts")])
def test_search_needs_the_search_scope_beside_the_read_scope(
    api: Api, product: str, module: str
) -> None:
    root = "ZohoCRM" if product.startswith("crm") else "ZohoBigin"
    tokens = {
        "read-only": [f"{root}.modules.{module}.READ"],
        "search-only": ["ZohoSearch.securesearch.READ"],
        "read-and-search": [f"{root}.modules.{module}.READ", "ZohoSearch.securesearch.READ"],
    }
    for token, scopes in tokens.items():
        add = api.client.post("/_emulator/tokens", json={"token": token, "scopes": scopes})
        assert add.status_code in (200, 201), add.text
    path, params = f"/{product}/{module}/search", {"word": "nothing-matches-this"}
    for token in ("read-only", "search-only"):
        assert error(api.get(path, params=params, token=token)) == (401, "OAUTH_SCOPE_MISMATCH")
    assert api.get(path, params=params, token="read-and-search").status_code == 204
    # a page read needs no search scope
    read = api.get(f"/{product}/{module}", params={"fields": "id"}, token="read-only")
    assert read.status_code in (200, 204)


def test_a_token_read_is_a_snapshot_of_its_ids_taken_at_its_first_page(api: Api) -> None:
    """Records written while a read pages through by token do not shift it: no record comes
    twice or is skipped (an insert sorts first under the default id-descending order), a record
    deleted since is left out, a record updated since shows its new values."""
    ids = insert(api, "/crm/v8/Products", [{"Product_Name": f"S{i:03d}"} for i in range(30)])
    params: dict[str, str] = {"fields": "Product_Name", "per_page": "10"}
    first = api.get("/crm/v8/Products", params=params).json()
    start_ids = [x["id"] for x in first["data"]]
    held_then = set(api.emulator.backend.products["crm"].records["Products"])
    new_ids = insert(api, "/crm/v8/Products", [{"Product_Name": f"N{i}"} for i in range(5)])
    later = sorted(held_then - set(start_ids), key=int, reverse=True)
    gone, renamed = later[0], later[1]
    r = api.request("DELETE", "/crm/v8/Products", params={"ids": gone})
    assert r.status_code == 200, r.text
    r = api.put("/crm/v8/Products", {"data": [{"id": renamed, "Product_Name": "renamed"}]})
    assert r.status_code == 200, r.text
    seen, names = list(start_ids), {}
    token = first["info"]["next_page_token"]
    while token:
        body = api.get("/crm/v8/Products", params={**params, "page_token": token}).json()
        seen += [x["id"] for x in body["data"]]
        names.update({x["id"]: x["Product_Name"] for x in body["data"]})
        token = body["info"]["next_page_token"]
    assert len(seen) == len(set(seen))
    assert set(seen) == held_then - {gone}
    assert not set(seen) & set(new_ids)
    assert names[renamed] == "renamed"
    assert set(ids) - {gone} <= set(seen)

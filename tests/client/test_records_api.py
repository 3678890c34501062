"""Issue 13 through the client, on httpx.MockTransport: insert, CRM upsert, delete by ids, one
page of Get Records, and the lazy readers (page numbers, then page tokens past 2,000; search
stops at its 2,000 reach), sync and async."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from zoho_records import AsyncZohoClient, RecordsPage, SearchLimitError, ZohoClient

Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, **kw: Any) -> ZohoClient:
    kw.setdefault("max_retries", 0)
    return ZohoClient(
        base_url="https://zoho.test",
        access_token="t",
        transport=httpx.MockTransport(handler),
        **kw,
    )


def written(body: dict[str, Any], status: int = 201, action: str | None = None) -> httpx.Response:
    data = []
    for n, _ in enumerate(body["data"]):
        item: dict[str, Any] = {
            "code": "SUCCESS",
            "status": "success",
            "message": "record added",
            "details": {"id": str(9000 + n)},
        }
        if action:
            item["action"] = action
            item["duplicate_field"] = None
        data.append(item)
    return httpx.Response(status, json={"data": data})


# -- insert -----------------------------------------------------------------------------------
def test_insert_chunks_of_100_one_outcome_per_record_new_ids() -> None:
    seen: list[tuple[str, str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append((request.method, request.url.path, len(body["data"])))
        assert body["trigger"] == []
        return written(body)

    with client(handler) as c:
        result = c.crm.insert("Deals", [{"Deal_Name": f"d{i}"} for i in range(250)], trigger=[])
    assert sorted(seen) == [
        ("POST", "/crm/v8/Deals", 50),
        ("POST", "/crm/v8/Deals", 100),
        ("POST", "/crm/v8/Deals", 100),
    ]
    assert len(result) == 250 and all(o.ok for o in result)
    assert [o.index for o in result] == list(range(250))
    assert result[0].id == "9000"


def test_insert_is_never_resent_after_a_failure_that_may_have_reached_zoho() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ReadTimeout("no answer", request=request)

    with client(handler, max_retries=3, retry_policy=None) as c:
        result = c.crm.insert("Deals", [{"Deal_Name": "a"}, {"Deal_Name": "b"}])
    assert calls == 1
    assert [o.code for o in result] == ["UNKNOWN", "UNKNOWN"]


def test_insert_is_retried_when_nothing_reached_zoho() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ConnectError("refused", request=request)
        return written(json.loads(request.content))

    from zoho_records import RetryPolicy

    policy = RetryPolicy(max_retries=2, initial_delay=0.0, max_delay=0.0)
    with client(handler, retry_policy=policy) as c:
        result = c.bigin.insert("Contacts", [{"Last_Name": "a"}])
    assert calls == 2 and result[0].ok


def test_bigin_insert_path_and_stream() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/bigin/v2/Contacts" and request.method == "POST"
        return written(json.loads(request.content))

    with client(handler) as c:
        outcomes = list(c.bigin.iter_insert("Contacts", [{"Last_Name": str(i)} for i in range(5)]))
    assert sorted(o.index for o in outcomes) == list(range(5))


# -- CRM upsert --------------------------------------------------------------------------------
def test_crm_upsert_sends_duplicate_check_fields_and_reports_action() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/crm/v8/Contacts/upsert"
        body = json.loads(request.content)
        assert body["duplicate_check_fields"] == ["Email"]
        return written(body, 200, action="update")

    with client(handler) as c:
        result = c.crm.upsert("Contacts", [{"Email": "a@x.io"}], duplicate_check_fields=["Email"])
    assert result[0].action == "update"


def test_crm_upsert_retry_follows_the_bigin_rule() -> None:
    """Records with a value in a duplicate-check field: retried; without: UNKNOWN, sent once."""
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(len(json.loads(request.content)["data"]))
        return httpx.Response(500, json={"code": "INTERNAL_ERROR", "status": "error"})

    from zoho_records import RetryPolicy

    policy = RetryPolicy(max_retries=2, initial_delay=0.0, max_delay=0.0)
    with client(handler, retry_policy=policy) as c:
        safe = c.crm.upsert("Contacts", [{"Email": "a@x.io"}], duplicate_check_fields=["Email"])
        assert len(attempts) == 3 and safe[0].code == "INTERNAL_ERROR"
        attempts.clear()
        unsafe = c.crm.upsert("Contacts", [{"Phone": "1"}], duplicate_check_fields=["Email"])
    assert len(attempts) == 1 and unsafe[0].code == "UNKNOWN"


def test_crm_upsert_without_check_fields_reads_unique_fields_once() -> None:
    metadata = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal metadata
        if request.url.path.endswith("/settings/fields"):
            metadata += 1
            return httpx.Response(
                200,
                json={"fields": [{"api_name": "Email", "data_type": "email", "unique": {"x": 1}}]},
            )
        return written(json.loads(request.content), 201, action="insert")

    with client(handler) as c:
        c.crm.upsert("Contacts", [{"Email": "a@x.io"}])
        c.crm.upsert("Contacts", [{"Email": "b@x.io"}])
        assert c.crm.unique_fields("Contacts") == ["Email"]
    assert metadata == 1


# -- delete ------------------------------------------------------------------------------------
def test_delete_chunks_of_100_ids_matched_by_id_and_bad_ids_refused() -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        ids = request.url.params["ids"].split(",")
        data = [
            {
                "code": "SUCCESS",
                "status": "success",
                "message": "record deleted",
                "details": {"id": i},
            }
            for i in reversed(ids)  # answered out of order: matched by id
        ]
        return httpx.Response(200, json={"data": data})

    ids: list[Any] = [str(1000 + i) for i in range(205)]
    ids[3] = "12ab"
    with client(handler) as c:
        result = c.crm.delete("Deals", ids, wf_trigger=False)
    assert len(requests) == 3
    assert all(r.method == "DELETE" and r.url.path == "/crm/v8/Deals" for r in requests)
    assert {r.url.params["wf_trigger"] for r in requests} == {"false"}
    assert len(result) == 205
    assert result[3].code == "INVALID_INPUT"
    assert all(o.ok and o.id == ids[o.index] for o in result if o.index != 3)


def test_bigin_delete_is_retried_as_idempotent() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise httpx.ReadTimeout("lost", request=request)
        ids = request.url.params["ids"].split(",")
        return httpx.Response(
            200,
            json={
                "data": [
                    {"code": "SUCCESS", "status": "success", "details": {"id": i}} for i in ids
                ]
            },
        )

    from zoho_records import RetryPolicy

    policy = RetryPolicy(max_retries=2, initial_delay=0.0, max_delay=0.0)
    with client(handler, retry_policy=policy) as c:
        result = c.bigin.delete("Contacts", [1, 2])
    assert calls == 2 and all(o.ok for o in result)


def test_delete_refuses_a_single_id_string() -> None:
    with client(lambda r: httpx.Response(200)) as c, pytest.raises(TypeError, match="list"):
        c.crm.delete("Deals", "123")


# -- reading -----------------------------------------------------------------------------------
def pager(total: int, seen: list[dict[str, str]], *, tokens: bool = True) -> Handler:
    """A Get Records server of ``total`` records (ids 1..total) that pages like Zoho."""

    def handler(request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        seen.append(params)
        per_page = int(params.get("per_page", 200))
        if "page_token" in params:
            assert "page" not in params
            start = int(params["page_token"].removeprefix("tok"))
        else:
            page = int(params.get("page", 1))
            assert page * per_page <= 2000, "paged past 2,000 without a token"
            start = (page - 1) * per_page
        chunk = [{"id": str(i + 1)} for i in range(start, min(start + per_page, total))]
        if not chunk:
            return httpx.Response(204)
        more = start + per_page < total
        info: dict[str, Any] = {"per_page": per_page, "count": len(chunk), "more_records": more}
        if tokens and more:
            info["next_page_token"] = f"tok{start + per_page}"
        return httpx.Response(200, json={"data": chunk, "info": info})

    return handler


def test_iter_records_reads_every_record_once_past_2000_with_tokens() -> None:
    seen: list[dict[str, str]] = []
    with client(pager(4321, seen)) as c:
        ids = [r["id"] for r in c.crm.iter_records("Deals", fields=["Deal_Name", "Stage"])]
    assert ids == [str(i) for i in range(1, 4322)]
    assert [p.get("page") for p in seen[:10]] == [str(i) for i in range(1, 11)]
    assert all("page_token" in p for p in seen[10:])
    assert all(p["fields"] == "Deal_Name,Stage" for p in seen)


def test_iter_records_is_lazy() -> None:
    seen: list[dict[str, str]] = []
    with client(pager(1000, seen)) as c:
        stream = c.crm.iter_records("Deals", fields="Deal_Name", per_page=100)
        first = next(iter(stream))
        assert first == {"id": "1"} and len(seen) == 1


def test_iter_records_no_records_is_nothing() -> None:
    with client(lambda r: httpx.Response(204)) as c:
        assert list(c.bigin.iter_records("Contacts", fields="Last_Name")) == []


def test_iter_records_stop_ends_after_the_page_in_hand() -> None:
    seen: list[dict[str, str]] = []
    with client(pager(1000, seen)) as c:
        got = list(c.crm.iter_records("Deals", fields="Deal_Name", per_page=50, stop=lambda: True))
    assert len(got) == 50 and len(seen) == 1


def test_iter_search_reaches_2000_then_says_so() -> None:
    seen: list[dict[str, str]] = []
    got: list[dict[str, Any]] = []
    with (
        client(pager(2500, seen, tokens=False)) as c,
        pytest.raises(SearchLimitError, match="2000"),
    ):
        for record in c.crm.iter_search("Deals", criteria="(Stage:equals:Won)"):
            got.append(record)
    assert len(got) == 2000
    assert all(p["criteria"] == "(Stage:equals:Won)" for p in seen)


def test_iter_search_with_zoho_s_default_page_size_says_so_too() -> None:
    # per_page=None (Zoho's default, 200): the limit's message once failed on None * 10
    got: list[dict[str, Any]] = []
    with (
        client(pager(2500, [], tokens=False)) as c,
        pytest.raises(SearchLimitError, match="2000"),
    ):
        for record in c.crm.iter_search("Deals", word="Won", per_page=None):  # type: ignore[arg-type]
            got.append(record)
    assert len(got) == 2000


def test_iter_search_needs_exactly_one_key() -> None:
    with client(lambda r: httpx.Response(204)) as c:
        with pytest.raises(ValueError, match="exactly one"):
            list(c.crm.iter_search("Deals"))
        with pytest.raises(ValueError, match="exactly one"):
            list(c.bigin.iter_search("Contacts", email="a@x.io", word="x"))
        assert list(c.bigin.iter_search("Contacts", email="a@x.io")) == []


def test_get_records_one_page_and_argument_checks() -> None:
    seen: list[dict[str, str]] = []
    with client(pager(300, seen)) as c:
        page = c.crm.get_records(
            "Deals", fields=["Deal_Name"], page=2, per_page=100, sort_order="asc", sort_by="id"
        )
        assert isinstance(page, RecordsPage)
        assert page.records[0] == {"id": "101"} and page.more_records
        assert page.next_page_token == "tok200"
        nxt = c.crm.get_records("Deals", fields="Deal_Name", page_token=page.next_page_token)
        assert nxt.records[0] == {"id": "201"}
        with pytest.raises(ValueError, match="fields is required"):
            c.crm.get_records("Deals", fields=None)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="at most 50"):
            c.crm.get_records("Deals", fields=[f"F{i}" for i in range(51)])
        with pytest.raises(ValueError, match="per_page"):
            c.crm.get_records("Deals", fields="A", per_page=201)
        with pytest.raises(ValueError, match="sort_by cannot go with cvid"):
            c.crm.get_records("Deals", fields="A", sort_by="id", cvid=5)
        with pytest.raises(ValueError, match="page or page_token"):
            c.crm.get_records("Deals", fields="A", page=1, page_token="x")
    assert seen[0]["sort_order"] == "asc"


def test_async_twins_read_and_write() -> None:
    async def main() -> None:
        seen: list[dict[str, str]] = []
        handler = pager(450, seen)

        def route(request: httpx.Request) -> httpx.Response:
            if request.method == "GET":
                return handler(request)
            return written(json.loads(request.content))

        async with AsyncZohoClient(
            base_url="https://zoho.test",
            access_token="t",
            transport=httpx.MockTransport(route),
        ) as c:
            ids = [r["id"] async for r in c.crm.iter_records("Deals", fields="Deal_Name")]
            assert len(ids) == 450 == len(set(ids))
            result = await c.bigin.insert("Contacts", [{"Last_Name": "x"}])
            assert result[0].ok

    asyncio.run(main())

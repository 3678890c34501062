"""What the client puts on the wire for the arguments no other test gives (reads by ids,
sort order, a mass update by custom view with a territory), what it refuses before sending,
and the answers it refuses to read (a mass update without a job id, a page that is not one)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import Any

import httpx
import pytest

from zoho_records import APIResponseValidationError, APIStatusError, BadRequestError, ZohoClient

pytestmark = pytest.mark.timeout(60)

ID = "5843104000000424673"
PAGE = {"data": [{"id": ID}], "info": {"more_records": False, "count": 1}}


class Wire:
    """Answers every request with ``answer`` and keeps what was sent."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.sent: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self.answer(request)

    def client(self) -> ZohoClient:
        return ZohoClient(
            base_url="https://x.test",
            access_token="t",
            transport=httpx.MockTransport(self),
            max_retries=0,
        )


def page(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=PAGE)


def test_a_read_by_ids_sends_them_comma_separated_and_sorted_as_asked() -> None:
    wire = Wire(page)
    with wire.client() as c:
        got = c.crm.get_records(
            "Deals", fields=["Stage"], ids=[ID, 7, " 8 "], sort_by="id", sort_order="desc"
        )
    assert got.records == PAGE["data"]
    params = wire.sent[0].url.params
    assert params["ids"] == f"{ID},7,8" and params["sort_order"] == "desc"


@pytest.mark.parametrize(
    ("kwargs", "error", "says"),
    [
        ({"ids": ID}, TypeError, "ids must be a list of record ids"),
        ({"ids": [ID, "12x"]}, ValueError, "'12x' is not a record id"),
        ({"ids": [str(i) for i in range(101)]}, ValueError, "at most 100 ids per read, got 101"),
        ({"ids": [str(i) for i in range(100)]}, None, ""),
        ({"sort_order": "down"}, ValueError, "sort_order must be 'asc' or 'desc', got 'down'"),
        ({"fields": ["Stage", "no spaces"]}, ValueError, r"field API names .*'no spaces'"),
        ({"fields": []}, ValueError, "field API names"),
        ({"fields": [f"F{i}" for i in range(51)]}, ValueError, "51 fields asked; Zoho returns"),
        ({"fields": [f"F{i}" for i in range(50)]}, None, ""),
    ],
)
def test_read_arguments_are_checked_before_sending(
    kwargs: dict[str, Any], error: type[Exception] | None, says: str
) -> None:
    wire = Wire(page)
    arguments: dict[str, Any] = {"fields": ["Stage"], **kwargs}
    with wire.client() as c:
        if error is None:
            c.crm.get_records("Deals", **arguments)
            assert len(wire.sent) == 1
            return
        with pytest.raises(error, match=says):
            c.crm.get_records("Deals", **arguments)
    assert wire.sent == []


@pytest.mark.parametrize(
    ("search", "says"),
    [
        ({}, r"exactly one of criteria=, email=, phone= or word= \(got none\)"),
        ({"email": "a@b.c", "word": "x"}, r"\(got email, word\)"),
        ({"word": "  "}, "word must be a non-empty string"),
        ({"criteria": 5}, "criteria must be a non-empty string"),
    ],
)
def test_a_search_needs_exactly_one_non_empty_key(search: dict[str, Any], says: str) -> None:
    wire = Wire(page)
    with wire.client() as c, pytest.raises(ValueError, match=says):
        c.crm.iter_search("Deals", **search)  # (checked when called)
    assert wire.sent == []


def scheduled(_: httpx.Request) -> httpx.Response:
    item = {
        "code": "SUCCESS",
        "status": "success",
        "message": "scheduled",
        "details": {"job_id": "42"},
    }
    return httpx.Response(202, json={"data": [item]})


@pytest.mark.parametrize(
    ("territory", "sent"),
    [(77, {"id": "77"}), ("77", {"id": "77"}), ({"id": "77", "include_child": True}, None)],
)
def test_a_mass_update_by_custom_view_sends_its_territory_and_over_write(
    territory: Any, sent: dict[str, Any] | None
) -> None:
    wire = Wire(scheduled)
    with wire.client() as c:
        job = c.crm.mass_update(
            "Deals", {"Stage": "Won"}, cvid=55, territory=territory, over_write=True, wait=False
        )
    assert job.job_id == "42" and job.status == "SCHEDULED"
    body = json.loads(wire.sent[0].content)
    assert body == {
        "data": [{"Stage": "Won"}],
        "cvid": "55",
        "territory": sent or territory,
        "over_write": True,
    }


@pytest.mark.parametrize(
    ("answer", "error", "says"),
    [
        (
            httpx.Response(
                202,
                json={
                    "data": [
                        {"code": "SUCCESS", "status": "success", "message": "x", "details": {}}
                    ]
                },
            ),
            APIResponseValidationError,
            "mass update answer has no job_id",
        ),
        (
            httpx.Response(
                400,
                json={
                    "data": [
                        {
                            "code": "INVALID_DATA",
                            "status": "error",
                            "message": "bad cvid",
                            "details": {"api_name": "cvid"},
                        }
                    ]
                },
            ),
            BadRequestError,
            "bad cvid",
        ),
    ],
)
def test_a_mass_update_answer_without_a_job_is_an_error(
    answer: httpx.Response, error: type[Exception], says: str
) -> None:
    wire = Wire(lambda _: answer)
    with wire.client() as c, pytest.raises(error, match=says):
        c.crm.mass_update("Deals", {"Stage": "Won"}, cvid=55, wait=False)


@pytest.mark.parametrize(
    "body", [{"data": {"id": ID}}, {"data": [ID]}, {"info": {}}, [PAGE]], ids=str
)
def test_a_page_that_is_not_a_page_is_an_error_not_records(body: Any) -> None:
    wire = Wire(lambda _: httpx.Response(200, json=body))
    with wire.client() as c, pytest.raises(APIResponseValidationError, match="a page of records"):
        c.crm.get_records("Deals", fields=["Stage"])


def test_records_that_are_mappings_but_not_dicts_are_sent_as_read() -> None:
    # (a generator of read-only mappings: each is copied as it is read, its id kept)
    def records() -> Iterator[Any]:
        for stage in ("Won", "Lost"):
            yield MappingProxyType({"id": ID, "Stage": stage})

    answer = {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": ID}}
    wire = Wire(lambda _: httpx.Response(200, json={"data": [answer]}))
    with wire.client() as c:
        result = c.crm.update_records("Deals", records())
    assert [o.id for o in result] == [ID, ID] and result.ok
    # one id twice: two requests, in order, each with its own values
    assert [json.loads(r.content)["data"] for r in wire.sent] == [
        [{"id": ID, "Stage": "Won"}],
        [{"id": ID, "Stage": "Lost"}],
    ]


def test_a_list_of_read_only_mappings_is_sent_with_their_ids() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        data = [
            {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": r["id"]}}
            for r in json.loads(request.content)["data"]
        ]
        return httpx.Response(200, json={"data": data})

    wire = Wire(answer)
    records = [
        MappingProxyType({"id": ID, "Stage": "Won"}),
        MappingProxyType({"id": "8"}),
        MappingProxyType({"id": ID, "Stage": "Lost"}),
    ]
    with wire.client() as c:
        result = c.crm.update_records("Deals", records)
    assert [o.id for o in result] == [ID, "8", ID] and result.ok
    # the id read from each mapping orders its two rows: two requests, in file order
    assert [[r["id"] for r in json.loads(q.content)["data"]] for q in wire.sent] == [
        [ID, "8"],
        [ID],
    ]


def test_one_record_s_update_is_its_outcome() -> None:
    answer = {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": ID}}
    with Wire(lambda _: httpx.Response(200, json={"data": [answer]})).client() as c:
        outcome = c.crm.update_record("Deals", ID, {"Stage": "Won"})
    assert outcome.ok and outcome.id == ID and outcome.index == 0 and outcome.code == "SUCCESS"


def test_a_mass_update_answer_without_data_is_an_error_not_a_crash() -> None:
    wire = Wire(lambda _: httpx.Response(202, json={"message": "accepted"}))
    with wire.client() as c, pytest.raises(APIStatusError, match="HTTP 202 accepted"):
        c.crm.mass_update("Deals", {"Stage": "Won"}, cvid=55, wait=False)


@pytest.mark.parametrize(
    ("body", "status", "counts"),
    [
        (
            {
                "data": [
                    {
                        "Status": "COMPLETED",
                        "Total_Count": 5,
                        "Updated_Count": 4,
                        "Not_Updated_Count": 1,
                        "Failed_Count": 0,
                    }
                ]
            },
            "COMPLETED",
            (5, 4, 1, 0),
        ),
        ({"data": [{"status": "RUNNING", "total_count": 9}]}, "RUNNING", (9, None, None, None)),
        ({"data": []}, None, (None, None, None, None)),
        ({"info": {}}, None, (None, None, None, None)),
    ],
)
def test_a_mass_update_status_reads_zoho_s_counts(
    body: dict[str, Any], status: str | None, counts: tuple[int | None, ...]
) -> None:
    wire = Wire(lambda _: httpx.Response(200, json=body))
    with wire.client() as c:
        job = c.crm.mass_update_status("Deals", 42)
    assert job.job_id == "42" and job.status == status
    assert (job.total_count, job.updated_count, job.not_updated_count, job.failed_count) == counts


@pytest.mark.parametrize(
    ("answer", "record"),
    [
        (httpx.Response(200, json=PAGE), {"id": ID}),
        (httpx.Response(200, json={"data": []}), None),
        (httpx.Response(200, json={"data": [ID]}), None),
        (httpx.Response(204), None),
    ],
)
def test_get_record_is_the_record_or_none(answer: httpx.Response, record: Any) -> None:
    with Wire(lambda _: answer).client() as c:
        assert c.crm.get_record("Deals", ID) == record


def test_empty_answers_are_empty_lists_and_pages() -> None:
    with Wire(lambda _: httpx.Response(204)).client() as c:
        assert c.crm.get_fields("Deals") == []
        empty = c.crm.get_records("Deals", fields=["Stage"], per_page=1)
    assert empty.records == [] and empty.info == {"more_records": False, "count": 0}
    assert not empty.more_records


def test_bad_field_names_are_named_three_at_most() -> None:
    with Wire(page).client() as c, pytest.raises(ValueError) as caught:
        c.crm.get_records("Deals", fields=["Stage", "a b", "c d", "e f", "g h"])
    assert "got ['a b', 'c d', 'e f']" in str(caught.value)

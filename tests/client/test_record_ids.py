"""A record id that is not 1 to 19 digits is refused before it is sent (an update, an insert,
an upsert, a related list), as ``INVALID_INPUT`` on its own record (the others of its request
still go): above all a float, which cannot hold
a 19-digit id (a pandas column of ids read as numbers) and names a neighbour, possibly
another record. A record without an id is still sent (Zoho answers MANDATORY_NOT_FOUND)."""

from __future__ import annotations

import enum
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoho_records import NOT_GIVEN, ZohoClient
from zoho_records import _operations as ops

pytestmark = pytest.mark.timeout(60)

GOOD = "5843104000000424673"


class Server:
    def __init__(self) -> None:
        self.bodies: list[Any] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else {}
        self.bodies.append(body)
        if "ids" in body:  # a mass update by ids: scheduled
            data = [{"code": "SCHEDULED", "status": "success", "message": "scheduled"}]
            return httpx.Response(202, json={"data": data, "job_id": "9"})
        ids = [r.get("id") for r in body.get("data", [])] or request.url.params["ids"].split(",")
        answers = [
            {"code": "SUCCESS", "status": "success", "message": "ok", "details": {"id": str(i)}}
            for i in ids
        ]
        return httpx.Response(200, json={"data": answers})


def client(server: Server) -> ZohoClient:
    return ZohoClient(
        base_url="https://x.test", access_token="t", transport=httpx.MockTransport(server)
    )


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (float(GOOD), "is a float, which cannot hold a record id exactly"),
        (1.0, "is a float"),
        (True, "True is not a record id: 1 to 19 digits"),
        ("abc", "'abc' is not a record id"),
        ("", "'' is not a record id"),
        ("12e3", "is not a record id"),
        (10**19, "is not a record id"),
        (-5, "is not a record id"),
        (f" {GOOD}", "has spaces around its digits"),
    ],
)
def test_a_malformed_id_in_an_update_is_not_sent(bad: Any, says: str) -> None:
    server = Server()
    records = [{"id": GOOD, "Stage": "Won"}, {"id": bad, "Stage": "Won"}, {"id": 7, "x": 1}]
    with client(server) as c:
        result = c.crm.update_records("Deals", records)
    assert [o.ok for o in result] == [True, False, True]
    assert result[1].code == "INVALID_INPUT" and says in result[1].message
    assert result[1].message.startswith("not sent: record 1's id ")
    assert server.bodies == [{"data": [records[0], {"id": 7, "x": 1}]}]  # (the int id goes)


def test_a_float_id_is_refused_in_bigin_updates_and_related_lists_too() -> None:
    server = Server()
    with client(server) as c:
        updated = c.bigin.update_records("Pipelines", [{"id": 1.5e18, "Stage": "Won"}])
        related = c.bigin.update_related("Pipelines", GOOD, "Products", [{"id": 2.5e18}])
    assert [o.code for o in (*updated, *related)] == ["INVALID_INPUT", "INVALID_INPUT"]
    assert server.bodies == []


def test_records_without_an_id_are_still_sent_for_zoho_to_answer() -> None:
    server = Server()
    records: list[dict[str, Any]] = [{"Stage": "Won"}, {"id": None, "Stage": "Lost"}]
    with client(server) as c:
        c.crm.update_records("Deals", records)
        # (beside a refused one too: that chunk is read record by record)
        c.crm.update_records("Deals", [*records, {"id": 2.0}])
    assert server.bodies == [{"data": records}, {"data": records}]


def test_inserts_and_upserts_refuse_a_float_id_as_well() -> None:
    server = Server()
    rows: list[dict[str, Any]] = [{"id": float(GOOD), "Last_Name": "A"}, {"Last_Name": "B"}]
    with client(server) as c:
        inserted = c.crm.insert("Leads", rows)
        upserted = c.bigin.upsert("Contacts", rows, duplicate_check_fields=["Email"])
    assert [o.code for o in inserted][0] == [o.code for o in upserted][0] == "INVALID_INPUT"
    assert [b["data"] for b in server.bodies] == [[{"Last_Name": "B"}], [{"Last_Name": "B"}]]


def test_mass_updates_and_deletes_name_a_float_id_as_such() -> None:
    server = Server()
    with client(server) as c:
        mass = c.crm.mass_update("Deals", {"Stage": "Won"}, ids=[float(GOOD), "abc", GOOD])
        deleted = c.crm.delete("Deals", [float(GOOD), GOOD])
    assert [o.code for o in mass][:2] == ["INVALID_INPUT", "INVALID_INPUT"]
    assert "id 0 5.843104000000425e+18 is a float" in mass[0].message
    assert "id 1 'abc' is not a record id" in mass[1].message  # (sent before: all of it failed)
    assert server.bodies[0]["ids"] == [GOOD]
    assert "is a float" in deleted[0].message and deleted[1].ok


class _Named(int, enum.Enum):  # an int whose str() is its name ("_Named.A"), not its digits
    A = 5843104000000424673


@pytest.mark.parametrize("odd", [Fraction(5), Decimal("5.0"), Decimal("5E+3"), Decimal(-5)])
def test_an_id_neither_str_nor_int_is_refused_in_a_chunk_of_plain_dicts_too(odd: Any) -> None:
    # (it was sent when every record of its chunk was a plain dict, and refused beside any
    # other record: whether it went depended on its neighbours)
    server = Server()
    with client(server) as c:
        alone = c.crm.update_records("Deals", [{"id": odd, "Stage": "Won"}])
        beside = c.crm.update_records("Deals", [{"id": odd, "Stage": "Won"}, {"id": 1.0}])
    assert alone[0].code == beside[0].code == "INVALID_INPUT"
    assert alone[0].message == beside[0].message
    assert "is not a record id: 1 to 19 digits, as a str or an int" in alone[0].message
    assert server.bodies == []


def test_a_whole_decimal_id_is_sent_as_its_digits() -> None:
    # (a NUMERIC(19) column read from a database is a Decimal: it holds the id exactly)
    server = Server()
    with client(server) as c:
        updated = c.crm.update_records("Deals", [{"id": Decimal(GOOD), "Stage": "Won"}])
        deleted = c.crm.delete("Deals", [Decimal(GOOD)])
    assert updated[0].ok and deleted[0].ok
    assert server.bodies[0] == {"data": [{"id": GOOD, "Stage": "Won"}]}


def test_an_int_whose_str_is_a_name_is_an_int_id() -> None:
    server = Server()
    with client(server) as c:
        updated = c.crm.update_records("Deals", [{"id": _Named.A, "Stage": "Won"}])
        deleted = c.crm.delete("Deals", [_Named.A])
    assert updated[0].ok and deleted[0].ok
    assert server.bodies[0] == {"data": [{"id": int(GOOD), "Stage": "Won"}]}


_ID_VALUES = st.one_of(
    st.none(),
    st.just(NOT_GIVEN),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.from_regex(r"\A[0-9]{0,21}\Z"),
    st.from_regex(r"\A\s?[0-9]{1,20}\s?\Z"),
    st.text(max_size=22),
    st.floats(allow_nan=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=0),
    st.sampled_from([_Named.A, Fraction(7), b"123"]),
)


@given(st.lists(_ID_VALUES, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_fast_path_takes_a_chunk_exactly_when_each_id_would_be_taken(ids: list[Any]) -> None:
    # a chunk of plain dicts goes out as it is when ``_plain_ids`` says so; else each record is
    # judged by ``_bad_id``: the two must agree, or an id goes or not by its neighbours
    chunk = [{"id": rid} for rid in ids]
    each = all(ops._bad_id("id", rid) is None for rid in ids)
    assert ops._plain_ids(ops._ids_of_records(chunk)) == each

"""Requests of one bulk job that carry the same record id are applied in input order, sync and
async, in the library and the command line: a call with an id of a call in flight is sent only
once that call is answered, so a record on two rows far apart (in different requests) ends
with the later row's values, and of two deletes of one id the first is the one that deletes.

Each test holds the first request's answer back (the server applies it late); an engine that
sends the later request meanwhile lets it overtake, and the test sees the earlier row win.
Calls that share no id still go side by side (checked in the same tests)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zoho_records import NOT_GIVEN, AsyncZohoClient, ZohoClient, while_waiting
from zoho_records import _operations as ops
from zoho_records._bulk import Call
from zoho_records._in_flight import (
    InFlightIds,
    chunked_apart,
    first_repeat,
    first_shared,
    upsert_keys,
)
from zoho_records.cli import main
from zoho_records.cli.calls import record_keys
from zoho_records.cli.grouping import Grouper
from zoho_records.cli.rows import Row

from .conftest import (
    control,
    deal_ids,
    emulator_records,
    request_log,
    set_faults,
    success_answer,
)
from .test_cli import read_report, target

HOLD = 0.4  # seconds the first request's answer is held back
# an engine that never frees a call's ids would wait for ever: a failure, not a hang
pytestmark = pytest.mark.timeout(60)


class Server:
    """A mock Zoho that applies a request's records when it answers, and notes which requests
    were in its hands together (and whether two of them carried one id)."""

    def __init__(self, hold_first: bool = True) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, Any] = {}
        self.in_hand: list[set[str]] = []
        self.overlaps: list[str] = []  # ids in two requests in its hands at once
        self.count = 0
        self.beside_held = 0  # requests that arrived while the held one was in its hands
        self.holding = False
        self.hold_first = hold_first

    def arrive(self, request: httpx.Request) -> tuple[list[dict[str, Any]], set[str], bool]:
        records = json.loads(request.content)["data"]
        ids = {str(r["id"]) for r in records if "id" in r}
        with self.lock:
            self.count += 1
            first = self.count == 1
            self.beside_held += self.holding
            self.holding = self.holding or (first and self.hold_first)
            for other in self.in_hand:
                self.overlaps.extend(sorted(ids & other))
            self.in_hand.append(ids)
        return records, ids, first and self.hold_first

    def answer(self, records: list[dict[str, Any]], ids: set[str]) -> httpx.Response:
        with self.lock:
            if self.holding and self.in_hand[0] is ids:
                self.holding = False
            self.in_hand.remove(ids)
            for r in records:
                self.values[str(r.get("id"))] = r.get("Stage")
        return success_answer([r.get("id", "1") for r in records])

    def sync_handler(self, request: httpx.Request) -> httpx.Response:
        records, ids, hold = self.arrive(request)
        if hold:
            time.sleep(HOLD)
        return self.answer(records, ids)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        records, ids, hold = self.arrive(request)
        if hold:
            await asyncio.sleep(HOLD)
        return self.answer(records, ids)


def rows_with_a_repeat() -> list[dict[str, str]]:
    """400 rows (4 requests); row 350 updates row 0's record again, with another Stage."""
    rows = [{"id": str(i), "Stage": "Qualification"} for i in range(400)]
    rows[350] = {"id": "0", "Stage": "Closed Won"}
    return rows


def run_update(server: Server, async_: bool, rows: list[dict[str, str]]) -> list[Any]:
    options: dict[str, Any] = {"base_url": "https://x.test", "access_token": "t", "max_retries": 0}
    if not async_:
        with ZohoClient(**options, transport=httpx.MockTransport(server.sync_handler)) as client:
            return list(client.crm.update_records("Deals", rows))

    async def main_() -> list[Any]:
        transport = httpx.MockTransport(server.async_handler)
        async with AsyncZohoClient(**options, transport=transport) as client:
            return list(await client.crm.update_records("Deals", rows))

    return asyncio.run(main_())


@pytest.mark.parametrize("async_", [False, True], ids=["sync", "async"])
def test_a_repeated_id_is_sent_after_the_request_before_it_is_answered(async_: bool) -> None:
    server = Server()
    outcomes = run_update(server, async_, rows_with_a_repeat())
    assert all(o.ok for o in outcomes) and len(outcomes) == 400
    assert server.overlaps == [], "two requests with one id were in the server's hands at once"
    assert server.values["0"] == "Closed Won"  # the later row's value
    # the calls between the two did not wait: they went while the first was held
    assert server.beside_held == 2


@pytest.mark.parametrize("async_", [False, True], ids=["sync", "async"])
def test_calls_without_ids_never_wait_for_each_other(async_: bool) -> None:
    # inserts name no record: all four requests are in flight together while the first is held
    server = Server()
    rows = [{"Deal_Name": f"d{i}", "Stage": "Qualification"} for i in range(400)]
    options: dict[str, Any] = {"base_url": "https://x.test", "access_token": "t", "max_retries": 0}
    if async_:

        async def main_() -> None:
            transport = httpx.MockTransport(server.async_handler)
            async with AsyncZohoClient(**options, transport=transport) as client:
                assert (await client.crm.insert("Deals", rows)).ok

        asyncio.run(main_())
    else:
        with ZohoClient(**options, transport=httpx.MockTransport(server.sync_handler)) as client:
            assert client.crm.insert("Deals", rows).ok
    assert server.beside_held == 3


@pytest.mark.parametrize("async_", [False, True], ids=["sync", "async"])
def test_a_failed_request_frees_its_ids(async_: bool) -> None:
    # the first request fails as a whole (500, no retry): the repeat is still sent, and applied
    server = Server(hold_first=False)
    failed = {"done": False}

    def fail_first(request: httpx.Request) -> httpx.Response | None:
        with server.lock:
            if not failed["done"]:
                failed["done"] = True
                return httpx.Response(500, json={"code": "INTERNAL_ERROR", "status": "error"})
        return None

    plain_sync, plain_async = server.sync_handler, server.async_handler

    def sync_handler(request: httpx.Request) -> httpx.Response:
        return fail_first(request) or plain_sync(request)

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return fail_first(request) or await plain_async(request)

    server.sync_handler, server.async_handler = sync_handler, async_handler  # type: ignore[method-assign]
    outcomes = run_update(server, async_, rows_with_a_repeat())
    assert [o.ok for o in outcomes[:100]] == [False] * 100
    assert all(o.ok for o in outcomes[100:]) and server.values["0"] == "Closed Won"


def test_in_flight_ids_hold_what_was_sent_and_free_it_once() -> None:
    ids = InFlightIds()
    first = Call(None, [0, 1, 2], ["1", None, "1"], lambda *_: [])
    second = Call(None, [3], ["1"], lambda *_: [])
    other = Call(None, [4], ["2"], lambda *_: [])
    nameless = Call(None, [5], [None], lambda *_: [])
    assert not ids.clash(first)
    ids.hold(first)
    assert ids.clash(second) and not ids.clash(other) and not ids.clash(nameless)
    first.ids = [None, None, None]  # a record taken out while in flight (cannot be encoded)
    ids.release(first)
    assert not ids.clash(second) and ids.ids == set() and ids.by_call == {}
    ids.hold(nameless)  # holds nothing
    assert ids.by_call == {}


@given(
    st.lists(st.one_of(st.none(), st.sampled_from("abcdefgh")), max_size=60),
    st.integers(1, 12),
)
def test_chunks_never_carry_an_id_twice_and_end_only_where_they_must(
    ids: list[str | None], size: int
) -> None:
    chunks = list(chunked_apart(ids, size, list))
    assert [i for _, chunk, _, _ in chunks for i in chunk] == ids  # every item once, in order
    position = 0
    for n, (start, chunk, chunk_ids, _) in enumerate(chunks):
        assert start == position and 0 < len(chunk) <= size and list(chunk_ids) == chunk
        named = [i for i in chunk if i is not None]
        assert len(set(named)) == len(named)
        position += len(chunk)
        if n + 1 < len(chunks) and len(chunk) < size:  # ended early: the next id is in it
            assert ids[position] is not None and ids[position] in chunk
    expected = next((p for p, i in enumerate(ids) if i is not None and i in ids[:p]), None)
    assert first_repeat(ids) == expected


# Against the emulator ------------------------------------------------------------------------
def test_one_request_never_carries_an_id_twice(client: ZohoClient, emulator) -> None:
    # Zoho matches a delete's results to ids: two results for one id in one answer cannot be
    # told apart (both outcomes of X said "not deleted" though the first had deleted it)
    made = client.crm.insert(
        "Deals", [{"Deal_Name": f"d{i}", "Stage": "Qualification"} for i in range(3)]
    )
    x, y, z = (o.id for o in made)
    gone = client.crm.delete("Deals", [x, y, x])
    assert [(o.ok, o.id) for o in gone] == [(True, x), (True, y), (False, x)]
    assert gone[2].code == "INVALID_DATA"  # the emulator's "record not deleted": deleted already
    updated = client.crm.update_records(
        "Deals", [{"id": z, "Stage": "Closed Won"}, {"id": z, "Stage": "Closed Lost"}]
    )
    assert updated.ok and emulator_records(emulator, "crm", "Deals")[z]["Stage"] == "Closed Lost"
    requests = [r for r in request_log(emulator) if r["op"] in ("delete", "update")]
    assert [r["op"] for r in requests] == ["delete", "delete", "update", "update"]
    # (the emulator logs the ids a delete deleted: none the second time)
    assert [r["ids"] for r in requests] == [[x, y], [], [z], [z]]


def test_of_two_deletes_of_one_id_the_first_deletes(client: ZohoClient, emulator) -> None:
    result = client.crm.insert(
        "Deals", [{"Deal_Name": f"new {i}", "Stage": "Qualification"} for i in range(150)]
    )
    assert result.ok
    new_ids = [o.id for o in result]
    # the first delete request (100 ids) is applied 1 s late: the second (50 + the first id
    # again) would overtake it
    set_faults(emulator, {"kind": "latency", "method": "DELETE", "latency_ms": 1000, "count": 1})
    gone = client.crm.delete("Deals", [*new_ids, new_ids[0]])
    assert [o.ok for o in gone[:150]] == [True] * 150
    assert not gone[150].ok and gone[150].id == new_ids[0]  # deleted already
    assert not set(new_ids) & set(emulator_records(emulator, "crm", "Deals"))


def test_cli_update_a_record_on_two_rows_ends_with_the_later_row(env, tmp_path: Path) -> None:
    ids = deal_ids(300)
    src = tmp_path / "deals.csv"
    lines = [f"{rid},Qualification" for rid in ids]
    lines[250] = f"{ids[0]},Closed Won"  # row 251 updates row 1's record again
    src.write_text("id,Stage\n" + "\n".join(lines) + "\n")
    # the first update request (rows 1-100) is applied 1 s late
    set_faults(env, {"kind": "latency", "method": "PUT", "latency_ms": 1000, "count": 1})
    report = tmp_path / "report.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, *target(env)]) == 0
    assert [r["outcome"] for r in read_report(report)] == ["success"] * 300
    assert emulator_records(env, "crm", "Deals")[ids[0]]["Stage"] == "Closed Won"


def test_cli_group_identical_sends_a_repeated_id_plain_in_file_order(env, tmp_path: Path) -> None:
    # two groups of 500 rows (Closed Won, Closed Lost); the last row sets the first row's
    # record again, so that record is in both groups: its two rows go as plain updates, in
    # file order, and the record ends Closed Lost
    ids = deal_ids(1000)
    src = tmp_path / "deals.csv"
    lines = [f"{rid},Closed Won" for rid in ids[:500]] + [f"{rid},Closed Lost" for rid in ids[500:]]
    lines[999] = f"{ids[0]},Closed Lost"
    src.write_text("id,Stage\n" + "\n".join(lines) + "\n")
    report = tmp_path / "report.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, "--group-identical", "--group-min", "2", *target(env)]) == 0
    assert [r["outcome"] for r in read_report(report)] == ["success"] * 1000
    assert emulator_records(env, "crm", "Deals")[ids[0]]["Stage"] == "Closed Lost"
    log = request_log(env)
    assert (
        sorted(r["op"] for r in log if r["op"] != "fields") == ["mass_update"] * 2 + ["update"] * 2
    )
    # the repeated id's two rows: a request each (no request carries an id twice), in file order
    assert [r["ids"] for r in log if r["op"] == "update"] == [[ids[0]], [ids[0]]]


def test_grouper_sends_every_row_of_a_repeated_id_plain() -> None:
    grouper = Grouper(frozenset({"Stage"}), 1, 2)
    records = [{"id": str(i), "Stage": "Won"} for i in range(5)] + [
        {"id": str(i), "Stage": "Lost"} for i in range(5, 9)
    ]
    records.append({"id": "0", "Stage": "Lost"})  # row 10: row 1's record, in the other group
    records.append({"id": 6, "Stage": "Lost"})  # row 11: row 7's record (an int id)
    for number, record in enumerate(records, 1):
        grouper.add(Row(number, record))
    groups, plain = grouper.split()
    assert [[r.number for r in g.rows] for g in groups] == [[2, 3, 4, 5], [6, 8, 9]]
    assert [r.number for r in plain] == [1, 7, 10, 11]
    assert [sorted(g.ids) for g in groups] == [["1", "2", "3", "4"], ["5", "7", "8"]]


def test_the_async_stream_calls_back_while_a_repeated_id_waits() -> None:
    # 300 rows: the first request is held; the third carries its id again, so the engine waits
    # for the first: before it does, with the second request's 100 outcomes taken, it calls
    # back (``while_waiting``), as it does before any other wait for answers
    server = Server()
    rows = [{"id": str(i), "Stage": "Qualification"} for i in range(300)]
    rows[250] = {"id": "0", "Stage": "Closed Won"}
    seen: list[int] = []

    async def main_() -> int:
        taken = 0
        transport = httpx.MockTransport(server.async_handler)
        options = {"base_url": "https://x.test", "access_token": "t", "max_retries": 0}
        async with AsyncZohoClient(**options, transport=transport) as client:  # type: ignore[arg-type]
            with while_waiting(lambda: seen.append(taken)):
                async for outcome in client.crm.iter_update_records("Deals", rows):
                    assert outcome.ok, outcome
                    taken += 1
        return taken

    assert asyncio.run(main_()) == 300
    assert 100 in seen, seen  # called back while the first request was still held
    assert seen[-1] == 200  # and before it waits for the last request
    assert server.values["0"] == "Closed Won"


@pytest.mark.parametrize("grouped", [False, True], ids=["update", "group-identical"])
def test_dry_run_counts_the_calls_the_run_makes_with_repeated_ids(
    env, tmp_path: Path, capsys: Any, grouped: bool
) -> None:
    # 300 rows; row 3 names row 1's record, row 150 row 149's: plain updates are cut before
    # each (rows 1-2, 3-102, 103-149, 150-249, 250-300: 5 calls, not 3); grouped, those four
    # rows go plain (rows 1, 3+149, 150: 3 calls) and the other 296 by one mass update
    ids = deal_ids(300)
    lines = [f"{rid},Closed Won" for rid in ids]
    lines[2], lines[149] = f"{ids[0]},Closed Lost", f"{ids[148]},Closed Lost"
    src = tmp_path / "deals.csv"
    src.write_text("id,Stage\n" + "\n".join(lines) + "\n")
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    if grouped:
        args.append("--group-identical")
    control(env, "POST", "/_emulator/limits", {"daily_credits": 1_000_000})  # (counts credits)
    assert main([*args, "--dry-run"]) == 0
    said = re.search(
        r"would take (\d+) API call\(s\) and (\d+) API credit", capsys.readouterr().err
    )
    assert said is not None
    before = env.stats()
    assert main(args) == 0
    after = env.stats()
    writes = [r for r in request_log(env) if r["op"] in ("update", "mass_update")]
    assert int(said.group(1)) == len(writes) == (4 if grouped else 5)
    # the credits the writes cost (the run's metadata read, 1 credit, is not in the dry run)
    spent = after["credits"]["spent"] - before["credits"]["spent"] - 1
    assert int(said.group(2)) == spent
    records = emulator_records(env, "crm", "Deals")
    assert records[ids[0]]["Stage"] == records[ids[148]]["Stage"] == "Closed Lost"


# Upserts: a record is also named by its duplicate-check values -----------------------------
def test_upsert_keys_name_a_record_by_its_id_and_duplicate_check_values() -> None:
    fields = ("Email", "Phone")
    assert upsert_keys(fields, {"id": 12, "Email": " Ann@X.com ", "Phone": 5550100}) == (
        "12",
        "Email\x1fann@x.com",
        "Phone\x1f5550100",
    )
    assert upsert_keys(fields, {"Email": "", "Phone": None, "Last_Name": "A"}) == ()
    # the record's own duplicate_check_fields win over the request's
    own = {"Email": "a@x.com", "Last_Name": "A", "duplicate_check_fields": ["Last_Name"]}
    assert upsert_keys(fields, own) == ("Last_Name\x1fa",)
    assert upsert_keys(fields, "not a record") == ()
    assert upsert_keys(fields, {"id": "7", "Email": NOT_GIVEN}) == ("7",)  # left out: no key
    assert first_shared([("a",), ("b", "c"), ("d",), ("c",)]) == 3
    assert first_shared([("a",), (), ("b",)]) is None


@pytest.mark.parametrize("explicit", [True, False], ids=["duplicate_check_fields", "unique"])
def test_two_upserts_of_one_new_record_go_in_file_order(
    client: ZohoClient, emulator, explicit: bool
) -> None:
    # rows 1 and 150 (in different requests) and rows 151-152 (in one request's reach) name
    # one new Lead each by Email; the first request is applied 1 s late: the later rows must
    # update what the earlier inserted, never race it
    rows = [{"Last_Name": f"L{i}", "Email": f"lead{i}@x.test", "Company": "c"} for i in range(200)]
    rows[149] = {"Last_Name": "Second", "Email": "lead0@x.test", "Company": "c"}
    rows[151] = {"Last_Name": "Twice", "Email": "lead150@x.test", "Company": "c"}
    set_faults(emulator, {"kind": "latency", "method": "POST", "latency_ms": 1000, "count": 1})
    options = {"duplicate_check_fields": ["Email"]} if explicit else {}
    result = client.crm.upsert("Leads", rows, **options)
    assert result.ok, [o for o in result if not o.ok][:2]
    assert [result[i].action for i in (0, 149, 150, 151)] == [
        "insert",
        "update",
        "insert",
        "update",
    ]
    assert result[0].id == result[149].id and result[150].id == result[151].id
    leads = emulator_records(emulator, "crm", "Leads")
    assert leads[result[0].id]["Last_Name"] == "Second"
    assert leads[result[150].id]["Last_Name"] == "Twice"
    upserts = [r for r in request_log(emulator) if r["op"] == "upsert"]
    assert len(upserts) == 3  # rows 1-100, 101-151, 152-200: cut before row 152


_values = st.one_of(
    st.none(),
    st.sampled_from(["", " A@x.test", "a@x.test ", "b@x.test", "0"]),
    st.integers(0, 3),
    st.booleans(),
    st.just(["x"]),
)


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.sampled_from(["", "12", "13"]), st.integers(12, 13), st.booleans()),
            "Email": _values,
            "Phone": _values,
            "duplicate_check_fields": st.sampled_from([["Phone"], "Email", []]),
        },
    ),
    st.sampled_from([None, ["Email"], ["Email", "Phone"]]),
)
def test_the_dry_run_names_records_as_the_client_does(
    record: dict[str, Any], match_on: list[str] | None
) -> None:
    assert record_keys(record, match_on) == upsert_keys(tuple(match_on or ()), record)


@pytest.mark.parametrize("explicit", [True, False], ids=["duplicate-check-fields", "unique"])
def test_dry_run_counts_the_upsert_calls_the_run_makes(
    env, tmp_path: Path, capsys: Any, explicit: bool
) -> None:
    # 150 Leads; row 30 names row 10's new Lead again (same Email): the client
    # cuts the first request before it (rows 1-29, 30-129, 130-150: 3 calls, not 2)
    lines = [f"L{i},lead{i}@x.test,c" for i in range(150)]
    lines[29] = "Again,lead9@x.test,c"
    src = tmp_path / "leads.csv"
    src.write_text("Last_Name,Email,Company\n" + "\n".join(lines) + "\n")
    args = ["upsert", "--product", "crm", "--module", "Leads", "--file", str(src), *target(env)]
    if explicit:
        args += ["--duplicate-check-fields", "Email"]
    assert main([*args, "--dry-run"]) == 0
    said = re.search(r"would take (\d+) API call\(s\)", capsys.readouterr().err)
    assert said is not None
    assert main(args) == 0
    upserts = [r for r in request_log(env) if r["op"] == "upsert"]
    assert int(said.group(1)) == len(upserts) == 3
    leads = [
        r
        for r in emulator_records(env, "crm", "Leads").values()
        if r.get("Email") == "lead9@x.test"
    ]
    assert [r["Last_Name"] for r in leads] == ["Again"]


def test_an_upsert_call_holds_the_keys_of_its_own_records_only() -> None:
    # row 3 names row 1's new record: it starts the second call, and its key is that call's
    records = [{"Email": "a@x.test"}, {"Email": "b@x.test", "id": "9"}, {"Email": "A@x.test"}]
    calls = list(ops.record_calls(lambda body: None, records, match_on=["Email"]))  # type: ignore[arg-type,return-value]
    assert [c.indices for c in calls] == [[0, 1], [2]]
    assert [c.keys for c in calls] == [
        ["Email\x1fa@x.test", "9", "Email\x1fb@x.test"],
        ["Email\x1fa@x.test"],
    ]

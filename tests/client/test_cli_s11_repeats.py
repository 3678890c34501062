"""What rows of one record cost, said by the command line: a file that names one record on
many rows goes one call per row of that record, one after the other; ``--dry-run`` and the
real run's summary say so (the rows, the most repeated ids with their rows, the calls and
credits more), and the dry run's calls and credits are what the run sends. A real
``--group-identical`` run says why rows were not grouped, in the dry run's words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zoho_records._in_flight import chunked_apart
from zoho_records.cli import main
from zoho_records.cli.calls import CallPlan, Calls, Repeats

from .conftest import control, deal_ids, emulator_records, request_log

pytestmark = pytest.mark.timeout(180)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def said(err: str, start: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(f"zoho-records: {start}")]


# ---- the plan's count of repeats ---------------------------------------------------------------
def plan_of(keys: list[tuple[str, ...]], size_op: str = "update") -> CallPlan:
    plan = CallPlan()
    for number, own in enumerate(keys, 1):
        plan.add(size_op, None, own, number)
    return plan


def note(cuts: int, calls: int, credits: int, records: str) -> str:
    """What the dry run and the summary say (without the ``zoho-records: `` prefix)."""
    return (
        f"{cuts:,} row(s) name a record a row before them in the same call names too, so a "
        "call ends before each: the rows of one record go in file order, one call per row of "
        f"the record, one after the other, which takes {calls:,} API call(s) and {credits:,} "
        f"API credit(s) more than rows of distinct records would ({records}); to send a "
        "record in one call, write its changes on one row"
    )


def test_one_record_on_every_row_is_named_with_its_rows_and_the_calls_it_costs() -> None:
    plan = plan_of([("7",)] * 250)
    ((estimate, _),) = plan.estimates()
    assert (estimate.calls, estimate.credits) == (250, 250)
    # 250 rows of distinct records: 3 calls, 25 credits
    assert plan.repeated() == note(249, 247, 225, "id 7 on 250 rows: 1, 2, 3, 4, 5, ...")


def test_the_records_that_end_calls_are_named_most_rows_first() -> None:
    # rows 1-4: a b a b (a call ends before row 3: b's rows 2 and 4 are in different calls,
    # no call ends for b); rows 5-7: c c c (ends before 6 and 7); row 8: a again, far
    keys = [("a",), ("b",), ("a",), ("b",), ("c",), ("c",), ("c",), ("a",)]
    plan = plan_of(keys)
    # calls: [a b] [a b c] [c] [c a]: 4 where 8 rows of distinct records take 1
    assert plan.repeated() == note(
        3, 3, 3, "2 records; most rows: id a on 3 rows: 1, 3, 8; id c on 3 rows: 5, 6, 7"
    )


def test_a_row_with_two_keys_ends_one_call() -> None:
    # an upsert names its record by id and Email: row 2 repeats both of row 1's keys
    plan = plan_of([("9", "Email\x1fa@x.test"), ("9", "Email\x1fa@x.test")], "upsert")
    assert plan.repeated() == note(
        1, 1, 1, "2 records; most rows: id 9 on 2 rows: 1, 2; Email 'a@x.test' on 2 rows: 1, 2"
    )


@given(
    st.lists(st.lists(st.sampled_from("abcdef"), max_size=2, unique=True), max_size=60),
    st.integers(1, 12),
)
def test_the_calls_counted_are_the_calls_the_client_cuts(keys: list[list[str]], size: int) -> None:
    calls = Calls(size)
    for number, own in enumerate(keys, 1):
        calls.add(own, number)
    lengths = [len(chunk) for _, chunk, _, _ in chunked_apart(keys, size, _no_ids, _own)]
    assert sorted(calls.sizes().elements()) == sorted(lengths)
    # the rows counted are those a call ends early before
    assert calls.repeats.cuts == sum(1 for n in lengths[:-1] if n < size)


def _no_ids(chunk: list[list[str]]) -> list[None]:
    return [None] * len(chunk)


def _own(chunk: list[list[str]]) -> list[list[str]]:
    return chunk


def test_repeats_that_cost_no_call_are_not_mentioned() -> None:
    # row 101 names row 1's record: the first call is full anyway, so nothing is said
    keys = [(str(n),) for n in range(100)] + [("0",)]
    assert plan_of(keys).repeated() is None
    assert plan_of([(str(n),) for n in range(300)]).repeated() is None
    assert plan_of([(), (), ()], "insert").repeated() is None  # rows naming no record


def test_beyond_the_records_kept_by_name_the_ids_are_examples(monkeypatch) -> None:
    monkeypatch.setattr(Repeats, "KEPT", 2)
    plan = plan_of([("a",), ("a",), ("b",), ("b",), ("c",), ("c",), ("c",)])
    assert plan.repeated() == note(
        4, 4, 4, "more than 2 records; e.g. id a on 2 rows: 1, 2; id b on 2 rows: 3, 4; ..."
    )


# ---- against the emulator: the dry run, the run, and what each says ------------------------
def one_record_file(tmp_path: Path, rid: str, others: list[str]) -> Path:
    """150 rows of ``rid`` (Amount 1..150), then one row for each of ``others``."""
    lines = [f"{rid},{n}" for n in range(1, 151)] + [f"{o},7" for o in others]
    src = tmp_path / "deals.csv"
    src.write_text("id,Amount\n" + "\n".join(lines) + "\n")
    return src


@pytest.mark.parametrize("grouped", [False, True], ids=["update", "group-identical"])
def test_a_file_of_one_record_costs_what_the_dry_run_says_and_the_summary_says_why(
    env, tmp_path: Path, capsys: Any, grouped: bool
) -> None:
    ids = deal_ids(121)
    src = one_record_file(tmp_path, ids[0], ids[1:])
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    if grouped:
        args.append("--group-identical")
    control(env, "POST", "/_emulator/limits", {"daily_credits": 1_000_000})  # (counts credits)
    assert main([*args, "--dry-run"]) == 0
    dry = capsys.readouterr().err
    cost = re.search(r"would take ([\d,]+) API call\(s\) and ([\d,]+) API credit", dry)
    assert cost is not None
    expected = "zoho-records: " + note(
        149, 148, 135, f"id {ids[0]} on 150 rows: 1, 2, 3, 4, 5, ..."
    )
    assert said(dry, "149 row(s) name a record") == [expected], dry
    before = env.stats()
    assert main(args) == 0
    after = env.stats()
    err = capsys.readouterr().err
    writes = [r for r in request_log(env) if r["op"] in ("update", "mass_update")]
    # plain: rows 1-149 one a call, then rows 150-249 and 250-270 (151 calls, 149 + 10 + 3
    # credits) where 270 rows of distinct records take 3 calls, 27 credits; grouped: the
    # record's 150 rows one a call, the 120 others one mass update (151 calls, 150 + 1 credits)
    # where 150 rows take 2 calls, 15 credits
    assert int(cost.group(1)) == len(writes) == 151
    spent = after["credits"]["spent"] - before["credits"]["spent"] - 1  # (the metadata read)
    assert int(cost.group(2).replace(",", "")) == spent
    # the real run's summary says the same, once, before its counts
    assert said(err, "149 row(s) name a record") == [expected]
    lines = err.splitlines()
    assert lines.index(expected) + 1 == next(
        i for i, line in enumerate(lines) if " API call(s), " in line
    )
    assert emulator_records(env, "crm", "Deals")[ids[0]]["Amount"] == 150  # the last row won


def test_a_file_without_repeats_gets_no_such_note(env, tmp_path: Path, capsys: Any) -> None:
    ids = deal_ids(3)
    src = tmp_path / "d.csv"
    src.write_text("id,Amount\n" + "\n".join(f"{i},5" for i in ids) + "\n")
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    assert main([*args, "--dry-run"]) == 0
    assert main(args) == 0
    assert "in the same call names too" not in capsys.readouterr().err


def test_the_note_counts_the_rows_sent_not_the_bad_ones(env, tmp_path: Path, capsys) -> None:
    # rows 2 and 4 are bad (not sent): of the record's rows, 1, 3 and 5 go, one call each
    rid = deal_ids(1)[0]
    src = tmp_path / "d.csv"
    src.write_text(f"id,Amount\n{rid},1\n{rid},abc\n{rid},3\n{rid},x\n{rid},5\n")
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    expected = "zoho-records: " + note(2, 2, 2, f"id {rid} on 3 rows: 1, 3, 5")
    assert main([*args, "--dry-run"]) == 1
    assert said(capsys.readouterr().err, "2 row(s) name") == [expected]
    assert main(args) == 1
    assert said(capsys.readouterr().err, "2 row(s) name") == [expected]
    assert len([r for r in request_log(env) if r["op"] == "update"]) == 3


# ---- --group-identical: a real run says why rows were not grouped ---------------------------
def test_a_real_group_identical_run_says_why_rows_are_not_grouped(
    env, tmp_path: Path, capsys: Any
) -> None:
    ids = deal_ids(200)
    rows: list[dict[str, Any]] = [{"id": i, "Stage": "Closed Won"} for i in ids[:120]]
    rows += [{"id": i, "Stage": "Closed Lost"} for i in ids[120:150]]  # below --group-min
    rows += [{"id": i, "Description": "same text"} for i in ids[150:170]]  # multi-line
    rows += [{"id": i, "Next_Step": None} for i in ids[185:189]]  # clearing
    rows += [{"id": ids[0], "Stage": "Closed Won"}]  # an id of the big group again
    src = tmp_path / "d.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    args = ["update", "--module", "Deals", "--file", str(src), "--group-identical"]
    assert main([*args, "--dry-run", *target(env)]) == 0
    dry = said(capsys.readouterr().err, "")
    why = [line for line in dry if " not grouped: " in line]
    assert len(why) == 4, dry
    assert main([*args, *target(env)]) == 0
    err = capsys.readouterr().err
    real = said(err, "")
    assert [line for line in real if " not grouped: " in line] == why  # once, same words
    # said before the first outcome is counted: ahead of the summary's lines
    assert real.index(why[-1]) < next(i for i, line in enumerate(real) if "API call(s)," in line)
    assert "175 succeeded, 0 failed" in err


def test_with_if_unmodified_since_the_note_says_later_rows_are_refused(
    env, tmp_path: Path, capsys: Any
) -> None:
    # the first row of the record changes it after the time given: Zoho refuses the second
    rid = deal_ids(1)[0]
    src = tmp_path / "d.csv"
    src.write_text(f"id,Amount\n{rid},1\n{rid},2\n")
    since = "2024-06-01T00:00:00+00:00"  # after the record's last change (2024-01-01)
    args = ["update", "--module", "Deals", "--file", str(src), *target(env)]
    args += ["--if-unmodified-since", since]
    expected = "zoho-records: " + note(1, 1, 1, f"id {rid} on 2 rows: 1, 2").replace(
        "; to send",
        f"; with --if-unmodified-since {since}, Zoho refuses a record's rows after its first "
        "(ALREADY_MODIFIED) when the first is written after that time; to send",
    )
    assert main([*args, "--dry-run"]) == 0
    assert said(capsys.readouterr().err, "1 row(s) name") == [expected]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert said(err, "1 row(s) name") == [expected]
    assert "row 2 (line 3): ALREADY_MODIFIED" in err and "1 succeeded, 1 failed" in err


def test_a_delete_of_one_id_twice_says_to_leave_the_second_out(env, capsys: Any) -> None:
    a, b = deal_ids(2)
    args = ["delete", "--module", "Deals", "--ids", f"{a},{a},{b}", *target(env)]
    expected = (
        f"zoho-records: 1 row(s) name a record a row before them in the same call names too, so "
        "a call ends before each: the rows of one record go in file order, one call per row of "
        "the record, one after the other, which takes 1 API call(s) and 1 API credit(s) more "
        f"than rows of distinct records would (id {a} on 2 rows: 1, 2); a record is deleted "
        "once: its rows after the first fail (Zoho's answer: record not deleted), so leave "
        "them out"
    )
    assert main([*args, "--dry-run"]) == 0
    assert said(capsys.readouterr().err, "1 row(s) name") == [expected]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert said(err, "1 row(s) name") == [expected]
    assert "row 2: INVALID_DATA: record not deleted" in err


@pytest.mark.parametrize("explicit", [True, False], ids=["duplicate-check-fields", "unique"])
def test_an_upsert_run_says_what_the_dry_run_says_with_one_metadata_read(
    env, tmp_path: Path, capsys: Any, explicit: bool
) -> None:
    src = tmp_path / "leads.csv"
    src.write_text("Last_Name,Email,Company\nA,a@x.test,c\nB,A@X.test,c\nC,c@x.test,c\n")
    args = ["upsert", "--product", "crm", "--module", "Leads", "--file", str(src), *target(env)]
    if explicit:
        args += ["--duplicate-check-fields", "Email"]
    expected = "zoho-records: " + note(1, 1, 1, "Email 'a@x.test' on 2 rows: 1, 2")
    assert main([*args, "--dry-run"]) == 0
    assert said(capsys.readouterr().err, "1 row(s) name") == [expected]
    before = len(request_log(env))
    assert main(args) == 0
    err = capsys.readouterr().err
    assert said(err, "1 row(s) name") == [expected]
    assert [r["op"] for r in request_log(env)[before:]] == ["upsert", "upsert"]
    assert "zoho-records: 3 API call(s)," in err  # and the metadata read, once


def test_a_mass_update_run_says_what_its_dry_run_says(env, tmp_path: Path, capsys: Any) -> None:
    a, b = deal_ids(2)
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stage\n{a},Closed Won\n{a},Closed Won\n{b},Closed Won\n{a},Closed Lost\n")
    args = ["mass-update", "--module", "Deals", "--file", str(src), *target(env)]
    # rows 1-3 set one value: a call ends before row 2; row 4 is a group of its own
    expected = (
        f"zoho-records: 1 row(s) name a record a row before them in the same call names too, so "
        "a call ends before each: the rows of one record go in file order, one call per row of "
        "the record, one after the other, which takes 1 API call(s) and 1 API credit(s) more "
        f"than rows of distinct records would (id {a} on 3 rows: 1, 2, 4); a record's rows that "
        "set the same values need one row: leave the others out"
    )
    assert main([*args, "--dry-run"]) == 0
    assert said(capsys.readouterr().err, "1 row(s) name") == [expected]
    assert main(args) == 0
    assert said(capsys.readouterr().err, "1 row(s) name") == [expected]
    assert len([r for r in request_log(env) if r["op"] == "mass_update"]) == 3

"""The command line at Zoho's limits (issue 14), against the emulator over HTTP: the progress
line's concurrency and 429s, what ``--dry-run`` says a file will cost, the calls and credits of
the summary (equal to what the emulator counted), and ``update --group-identical`` (rows of
equal values as mass updates by id, each row reported on its own, resumable)."""

from __future__ import annotations

import csv
import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from zoho_records import ClientStats
from zoho_records.cli import main
from zoho_records.cli.grouping import Grouper, mass_updatable
from zoho_records.cli.metadata import FieldTypes
from zoho_records.cli.progress import Progress
from zoho_records.cli.rows import Row

from .conftest import (
    ROOT,
    control,
    deal_ids,
    emulator_records,
    request_log,
    set_faults,
    write_csv,
)

pytestmark = pytest.mark.timeout(180)


def target(emulator: Any, *extra: str) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0", *extra]


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def ops(server: Any, op: str) -> list[dict[str, Any]]:
    return [r for r in request_log(server) if r["op"] == op]


def write_credits(n: int) -> int:
    """Zoho's table, worked out here independently: 1 credit per 10 records, per call of 100."""
    full, rest = divmod(n, 100)
    return full * 10 + math.ceil(rest / 10)


SPENT = re.compile(
    r"zoho-records: ([\d,]+) API call\(s\).*?, ([\d,]+) API credit\(s\).*?([\d,]+) answered 429"
)


def spent(err: str) -> tuple[int, int, int]:
    found = SPENT.search(err)
    assert found, err
    calls, credits, throttled = (int(g.replace(",", "")) for g in found.groups())
    return calls, credits, throttled


# -- the progress line ---------------------------------------------------------------------------
def test_progress_line_draws_the_clients_concurrency_and_429s() -> None:
    stats = ClientStats(
        concurrency=14,
        max_concurrency=25,
        adaptive=True,
        in_flight=3,
        peak_in_flight=15,
        requests=120,
        throttled=3,
        calls=117,
        credits=1170,
    )
    line = Progress(200, label="update Deals", enabled=False, stats=lambda: stats).line()
    assert line.endswith("| concurrency 14/25 | 3 429s"), line
    assert "concurrency" not in Progress(200, enabled=False).line()


def test_progress_line_and_summary_count_the_429s_the_emulator_sent(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    control(env, "POST", "/_emulator/limits", {"max_concurrent_requests": 3})
    set_faults(env, {"kind": "latency", "latency_ms": 100, "method": "PUT"})
    ids = deal_ids(2000)
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in ids])
    args = ["update", "--module", "Deals", "--file", str(src), "--base-url", env.base_url]
    assert main(args) == 0
    err = capsys.readouterr().err
    progress = [line for line in err.splitlines() if line.startswith("update Deals: ")]
    assert progress, err
    found = re.search(r"\| concurrency (\d+)/25 \| ([\d,]+) 429s?$", progress[-1])  # (1 429)
    assert found, progress[-1]
    throttled = env.stats()["throttled_total"]
    assert throttled >= 1  # 10 sent at once against a cap of 3
    assert int(found.group(2)) == throttled
    assert 1 <= int(found.group(1)) <= 25
    assert spent(err)[2] == throttled
    state = emulator_records(env, "crm", "Deals")
    assert {state[i]["Stage"] for i in ids} == {"Closed Won"}


# -- the summary's calls and credits ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "n", "extra", "calls", "credits"),
    [
        ("update", 250, [], 1 + 3, 1 + 25),  # the metadata read, then 100 + 100 + 50 records
        ("update", 1200, ["--group-identical"], 1 + 3, 1 + 3),  # mass updates of 500, 500, 200
        ("delete", 150, [], 2, 2),  # no metadata read; 100 + 50 ids
    ],
)
def test_summary_calls_and_credits_equal_what_the_emulator_counted(
    env: Any,
    tmp_path: Path,
    capsys: Any,
    command: str,
    n: int,
    extra: list[str],
    calls: int,
    credits: int,
) -> None:
    control(env, "POST", "/_emulator/limits", {"daily_credits": 1_000_000})
    rows = [[i, "Closed Won"] for i in deal_ids(n)]
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], rows)
    assert main([command, "--module", "Deals", "--file", str(src), *target(env), *extra]) == 0
    stats = env.stats()
    assert spent(capsys.readouterr().err) == (calls, credits, 0)
    assert stats["credits"]["spent"] == credits
    assert stats["requests"] == calls


# -- --dry-run: calls and credits ------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 10, 11, 100, 101, 250, 1000])
def test_dry_run_says_the_calls_and_credits_of_an_update(
    env: Any, tmp_path: Path, capsys: Any, n: int
) -> None:
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in deal_ids(n)])
    args = ["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)]
    assert main(args) == 0
    err = capsys.readouterr().err
    calls, credits = math.ceil(n / 100), write_credits(n)
    assert (
        f"the {n:,} row(s) to send would take {calls:,} API call(s) and {credits:,} API "
        "credit(s) by Zoho's credit table: update:" in err
    ), err
    assert "1 credit per 10 records, up to 100 records a call" in err
    assert not ops(env, "update")  # nothing sent


def test_dry_run_counts_only_the_valid_rows_not_done_and_groups_mass_updates(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    ids = deal_ids(1300)
    rows = [[i, "Closed Won" if n < 1200 else "Closed Lost"] for n, i in enumerate(ids)]
    rows.append(["not-an-id", "Closed Won"])
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], rows)
    base = ["--module", "Deals", "--file", str(src), "--dry-run", *target(env)]
    assert main(["update", *base, "--group-identical"]) == 1  # one invalid row
    err = capsys.readouterr().err
    # 1,200 in one group (3 calls), 100 in another (1 call): 4 calls, 4 credits
    assert "the 1,300 row(s) to send would take 4 API call(s) and 4 API credit(s)" in err, err
    assert "mass_update: 1,300 row(s) in 2 group(s) of equal values in 4 call(s)" in err
    assert main(["update", *base, "--group-identical", "--group-min", "101"]) == 1
    err = capsys.readouterr().err
    # the group of 100 is below --group-min: its rows go by plain update (1 call, 10 credits)
    assert "would take 4 API call(s) and 13 API credit(s)" in err, err
    assert main(["mass-update", *base]) == 1
    assert "would take 4 API call(s) and 4 API credit(s)" in capsys.readouterr().err
    assert main(["delete", *base]) == 1
    assert "would take 13 API call(s) and 13 API credit(s)" in capsys.readouterr().err
    assert not ops(env, "mass_update") and not ops(env, "delete")


def test_dry_run_of_a_resumed_run_counts_the_rows_left(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in deal_ids(250)])
    report = tmp_path / "r.csv"
    assert (
        main(
            [
                "update",
                "--module",
                "Deals",
                "--file",
                str(src),
                "--report",
                str(report),
                *target(env),
            ]
        )
        == 0
    )
    lines = report.read_text().splitlines()
    report.write_text("\n".join(lines[:121]) + "\n")  # 120 rows done
    capsys.readouterr()
    dry = ["update", "--module", "Deals", "--file", str(src), "--resume", str(report), "--dry-run"]
    assert main([*dry, *target(env)]) == 0
    assert (
        "the 130 row(s) to send would take 2 API call(s) and 13 API credit(s)"
        in capsys.readouterr().err
    )


# -- --group-identical ------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [500, 1200, 3000])
def test_group_identical_same_stage_makes_one_mass_update_per_500_rows(
    env: Any, tmp_path: Path, n: int
) -> None:
    ids = deal_ids(n)
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in ids])
    report = tmp_path / "r.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, "--group-identical", *target(env)]) == 0
    calls = ops(env, "mass_update")
    assert len(calls) == math.ceil(n / 500)
    assert sorted(i for c in calls for i in c["ids"]) == sorted(ids)
    assert not ops(env, "update")
    lines = read_report(report)
    assert sorted(int(r["row"]) for r in lines) == list(range(1, n + 1))  # each row once
    assert all(
        r["outcome"] == "success" and r["record_id"] == ids[int(r["row"]) - 1] for r in lines
    )
    state = emulator_records(env, "crm", "Deals")
    assert {state[i]["Stage"] for i in ids} == {"Closed Won"}


def test_group_identical_mixed_file(env: Any, tmp_path: Path) -> None:
    """Groups big enough go by mass update; small groups, rows with a field a mass update may
    not change or with too many fields, and both rows of a repeated id (in file order) go by
    plain update: each row once, with its own outcome."""
    ids = deal_ids(860)
    header = ["id", "Stage", "Amount", "Next_Step", "Deal_Name", "Description"]
    rows: list[list[Any]] = []
    rows += [[i, "Closed Won", "", "", "", ""] for i in ids[:600]]  # group A: 500 + 100
    rows += [[i, "Closed Lost", 5, "", "", ""] for i in ids[600:750]]  # group B: 2 fields
    rows += [[i, "Qualification", "", "", "", ""] for i in ids[750:790]]  # below --group-min
    rows += [[i, "", 1000 + n, "", "", ""] for n, i in enumerate(ids[790:820])]  # groups of 1
    rows += [[i, "Closed Won", 7, "x", "Big", ""] for i in ids[820:840]]  # 4 fields: > 3
    rows += [[i, "Closed Won", "", "", "", "multi-line"] for i in ids[840:860]]  # textarea
    rows.append([ids[0], "Closed Won", "", "", "", ""])  # a repeated id, same values as A
    src = write_csv(tmp_path / "d.csv", header, rows)
    report = tmp_path / "r.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, "--group-identical", *target(env)]) == 0
    mass = sorted(len(c["ids"]) for c in ops(env, "mass_update"))
    assert mass == [99, 150, 500]  # group A without the repeated id
    plain = [i for c in ops(env, "update") for i in c["ids"]]
    assert len(plain) == 40 + 30 + 20 + 20 + 2 and len(ops(env, "update")) == 2
    assert plain[0] == plain[-1] == ids[0]  # row 1 first, the repeat last
    lines = read_report(report)
    assert sorted(int(r["row"]) for r in lines) == list(range(1, len(rows) + 1))
    assert {r["outcome"] for r in lines} == {"success"}
    for r in lines:
        assert r["record_id"] == rows[int(r["row"]) - 1][0]
    state = emulator_records(env, "crm", "Deals")
    assert state[ids[0]]["Stage"] == "Closed Won" and state[ids[700]]["Amount"] == 5
    assert state[ids[700]]["Stage"] == "Closed Lost" and state[ids[760]]["Stage"] == "Qualification"
    assert state[ids[800]]["Amount"] == 1010 and state[ids[830]]["Deal_Name"] == "Big"
    assert state[ids[850]]["Description"] == "multi-line"


def test_group_identical_replaces_multi_select_values_as_an_update_does(
    env: Any, tmp_path: Path
) -> None:
    ids = deal_ids(120)
    first = write_csv(tmp_path / "a.csv", ["id", "Foreign_Languages"], [[i, "French"] for i in ids])
    assert main(["update", "--module", "Deals", "--file", str(first), *target(env)]) == 0
    second = write_csv(
        tmp_path / "b.csv", ["id", "Foreign_Languages"], [[i, "English"] for i in ids]
    )
    args = ["update", "--module", "Deals", "--file", str(second), "--group-identical"]
    assert main([*args, *target(env)]) == 0
    assert len(ops(env, "mass_update")) == 1
    state = emulator_records(env, "crm", "Deals")
    assert {tuple(state[i]["Foreign_Languages"]) for i in ids} == {("English",)}


def test_group_identical_failing_ids_are_reported_on_their_rows(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    ids = deal_ids(300)
    gone = ids[149]
    assert main(["delete", "--module", "Deals", "--ids", gone, *target(env)]) == 0
    rows = [[i, "Closed Won"] for i in ids]
    rows[6][0] = "7999999999999999999"  # no such record
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], rows)
    report = tmp_path / "r.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, "--group-identical", *target(env)]) == 1
    lines = {int(r["row"]): r for r in read_report(report)}
    assert len(lines) == 300 and len(ops(env, "mass_update")) == 1
    failed = {n: (r["code"], r["record_id"]) for n, r in lines.items() if r["outcome"] != "success"}
    assert failed == {7: ("INVALID_DATA", "7999999999999999999"), 150: ("INVALID_DATA", gone)}
    assert "298 succeeded, 2 failed" in capsys.readouterr().err


def test_group_identical_without_the_mass_update_scope_falls_back_to_plain_updates(
    env: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    scopes = ["ZohoCRM.modules.ALL", "ZohoCRM.settings.fields.READ"]
    control(env, "POST", "/_emulator/tokens", {"token": "writer", "scopes": scopes})
    control(env, "POST", "/_emulator/limits", {"daily_credits": 1_000_000})
    ids = deal_ids(300)
    stages = ["Closed Won", "Closed Lost"]  # two groups, two refused mass updates
    rows = [[i, stages[n % 2]] for n, i in enumerate(ids)]
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], rows)
    report = tmp_path / "r.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "writer")
    assert main([*args, "--group-identical", *target(env)]) == 0
    err = capsys.readouterr().err
    assert "this token may not mass update (OAUTH_SCOPE_MISMATCH" in err
    # the refused mass updates (401) cost nothing, in the summary as at the emulator
    assert spent(err)[1] == env.stats()["credits"]["spent"]
    assert err.count("sending the rows of its mass updates as plain updates") == 1
    lines = read_report(report)
    assert sorted(int(r["row"]) for r in lines) == list(range(1, 301))
    assert {r["outcome"] for r in lines} == {"success"}
    assert sorted(i for c in ops(env, "update") for i in c["ids"]) == sorted(ids)
    state = emulator_records(env, "crm", "Deals")
    assert [state[i]["Stage"] for i in ids] == [s for _, s in rows]


def test_group_identical_resume_after_interruption(env: Any, tmp_path: Path) -> None:
    """Ctrl-C after the first mass update: the call in flight finishes and is reported, the
    rows not sent say so; --resume sends exactly the rest, each row once."""
    ids = deal_ids(3000)
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in ids])
    report = tmp_path / "r.csv"
    set_faults(env, {"kind": "latency", "latency_ms": 400, "method": "POST"})
    cmd = [
        sys.executable, "-m", "zoho_records.cli", "update", "--module", "Deals", "--file", str(src),
        "--report", str(report), "--group-identical", "--concurrency", "1", "--no-progress",
        "--base-url", env.base_url,
    ]  # fmt: skip
    pythonpath = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    )
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, "PYTHONPATH": pythonpath, "ZOHO_ACCESS_TOKEN": env.token},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if report.exists() and len(report.read_text().splitlines()) > 500:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    first = read_report(report)
    done = {int(r["row"]) for r in first if r["outcome"] == "success"}
    interrupted = {int(r["row"]) for r in first if r["code"] == "INTERRUPTED"}
    assert 500 <= len(done) < 3000 and len(done) % 500 == 0
    received = {i for c in ops(env, "mass_update") for i in c["ids"]}
    assert received == {
        ids[n - 1] for n in done
    }  # nothing sent after Ctrl-C but what was in flight
    assert done | interrupted == set(range(1, 3001)) and not done & interrupted
    control(env, "POST", "/_emulator/reset")  # data back, request log emptied
    resume = ["--report", str(report), "--resume", str(report), "--group-identical"]
    assert main(["update", "--module", "Deals", "--file", str(src), *resume, *target(env)]) == 0
    sent = [i for c in ops(env, "mass_update") for i in c["ids"]]
    assert sorted(sent) == sorted(ids[n - 1] for n in interrupted)  # the rest, once each
    final = read_report(report)
    assert [int(r["row"]) for r in final] == list(range(1, 3001))
    assert {r["outcome"] for r in final} == {"success"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--product", "bigin"], "Bigin's API does not have"),
        (["--trigger", "workflow"], "does not go with --trigger"),
        (["--no-trigger"], "does not go with --no-trigger"),
        (["--if-unmodified-since", "2024-01-15T15:26:49+05:30"], "If-Unmodified-Since"),
        (["--no-metadata"], "does not go with --no-metadata"),
        (["--group-min", "0"], "--group-min must be at least 1"),
    ],
)
def test_group_identical_refuses_what_a_mass_update_cannot_do(
    env: Any, tmp_path: Path, capsys: Any, extra: list[str], message: str
) -> None:
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in deal_ids(3)])
    args = ["update", "--module", "Deals", "--file", str(src), "--group-identical", *extra]
    assert main([*args, *target(env)]) == 2
    assert message in capsys.readouterr().err
    assert not request_log(env)


def test_help_says_what_group_identical_changes(capsys: Any) -> None:
    with pytest.raises(SystemExit):
        main(["update", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in (
        "--group-identical",
        "500 ids a call",
        "at most 3 fields in Deals and 1 in other modules",
        "email, lookup, layout, multi-line or line-item fields",
        "a mass update takes no trigger",
        "approvals, blueprints, workflows",
        "without the ZohoCRM.mass_update scope gets a warning",
        "mass-update-records.html",
        "--group-min",
    ):
        assert words in text, words


# -- the grouping rules, without a server ----------------------------------------------------------
def deals_fields() -> FieldTypes:
    types = {
        "Stage": "picklist",
        "Amount": "currency",
        "Next_Step": "text",
        "Deal_Name": "text",
        "Account_Name": "lookup",
        "Email": "email",
        "Notes": "textarea",
        "Created_Time": "datetime",
        "Closing_Date": "date",
    }
    return FieldTypes(types, {}, read_only=["Created_Time"], mass_update={"Closing_Date": False})


def test_which_fields_may_be_mass_updated() -> None:
    allowed = mass_updatable(deals_fields())
    assert allowed == {"Stage", "Amount", "Next_Step", "Deal_Name"}  # the flag wins over type


@pytest.mark.parametrize(
    ("record", "grouped"),
    [
        ({"Stage": "Closed Won"}, True),
        ({"Stage": "Closed Won", "Amount": 5, "Next_Step": "x"}, True),
        ({"Stage": "Closed Won", "Amount": 5, "Next_Step": "x", "Deal_Name": "y"}, False),
        ({"Stage": None}, False),  # clearing a field
        ({"Account_Name": {"id": "1"}}, False),
        ({"Notes": "a\nb"}, False),
        ({"Stage": "Closed Won", "$append_values": {"Tags": True}}, False),
        ({}, False),
    ],
)
def test_which_rows_may_go_by_mass_update(record: dict[str, Any], grouped: bool) -> None:
    grouper = Grouper(mass_updatable(deals_fields()), 3, 1)
    assert (grouper.fields_of({"id": "1", **record}) is not None) == grouped


def test_small_groups_and_repeated_ids_stay_plain_in_file_order() -> None:
    grouper = Grouper(frozenset({"Stage"}), 1, 3)
    stages = ["A", "B", "A", "A", "B", "A", "C"]
    rows = [Row(n, {"id": str(100 + n), "Stage": s}) for n, s in enumerate(stages, 1)]
    rows.append(Row(8, {"id": "101", "Stage": "A"}))  # row 1's id again
    for row in rows:
        grouper.add(row)
    groups, plain = grouper.split()
    # row 1 leaves its group with its repeat (row 8): both plain, in file order
    assert [[r.number for r in g.rows] for g in groups] == [[3, 4, 6]]
    assert [r.number for r in plain] == [1, 2, 5, 7, 8]


def test_a_cvid_mass_updates_json_says_what_it_cost(env: Any, capsys: Any) -> None:
    control(env, "POST", "/_emulator/limits", {"daily_credits": 1_000_000})
    args = ["mass-update", "--module", "Accounts", "--cvid", "554023000000091515"]
    assert main([*args, "--set", "Industry=Education", *target(env)]) == 0
    job = json.loads(capsys.readouterr().out)
    stats = env.stats()
    assert job["status"] == "COMPLETED"
    # the metadata read, the job scheduled, its status polled until done
    assert job["api_calls"] == stats["requests"] >= 3
    assert job["api_credits"] == stats["credits"]["spent"] and job["throttled"] == 0


def test_group_identical_second_ctrl_c_abandons_the_calls_in_flight(
    env: Any, tmp_path: Path
) -> None:
    """A second Ctrl-C: the rows the client took (the mass updates in flight and those it
    queued, as in a plain run) are reported unknown (ABANDONED), the rows it never took
    INTERRUPTED; every row once, exit 130."""
    ids = deal_ids(3000)
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[i, "Closed Won"] for i in ids])
    report = tmp_path / "r.csv"
    set_faults(env, {"kind": "latency", "latency_ms": 1500, "method": "POST"})
    cmd = [
        sys.executable, "-m", "zoho_records.cli", "update", "--module", "Deals", "--file", str(src),
        "--report", str(report), "--group-identical", "--concurrency", "2", "--no-progress",
        "--base-url", env.base_url,
    ]  # fmt: skip
    pythonpath = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    )
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, "PYTHONPATH": pythonpath, "ZOHO_ACCESS_TOKEN": env.token},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while env.stats()["in_flight"] < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    lines = read_report(report)
    assert sorted(int(r["row"]) for r in lines) == list(range(1, 3001))
    codes: dict[str, int] = {}
    for r in lines:
        codes[r["code"]] = codes.get(r["code"], 0) + 1
    assert set(codes) == {"ABANDONED", "INTERRUPTED"}, codes
    assert codes["ABANDONED"] in (1000, 1500, 2000)  # 2 in flight, up to 2 more queued
    assert {r["outcome"] for r in lines if r["code"] == "ABANDONED"} == {"unknown"}


def test_which_answers_cost_credits() -> None:
    """As the emulator charges (zoho_emulator.limits): a refused token, an unknown URL and a
    429 cost nothing; a scope mismatch (the token was valid) and any other answer do."""
    from zoho_records._credits import is_charged

    scope = b'{"code":"OAUTH_SCOPE_MISMATCH","details":{},"message":"m","status":"error"}'
    token = b'{"code":"INVALID_TOKEN","details":{},"message":"m","status":"error"}'
    assert is_charged(401, scope) and not is_charged(401, token)
    assert not is_charged(404, b"") and not is_charged(429, b"")
    assert is_charged(200, b"{}") and is_charged(400, b"{}") and is_charged(204, b"")

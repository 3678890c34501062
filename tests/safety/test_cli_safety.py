"""The command line through the fault proxy: every row's fate is in the report exactly once,
uncertain upsert rows are reported as such and not sent again on --resume unless told, the
summary counts every kind of outcome, and the same nightly command works on the first night."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from zoho_emulator.faults import FaultRule
from zoho_emulator.testing import EmulatorServer
from zoho_records.cli import main

from .conftest import deal_ids, records
from .fault_proxy import FaultProxy
from .test_write_safety import alternating, by_marker, count_names

ROOT = Path(__file__).resolve().parents[2]


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def run(proxy: FaultProxy, *args: str) -> int:
    return main([*args, "--base-url", proxy.base_url, "--no-progress"])


def contacts_csv(tmp_path: Path, prefix: str, n: int, email: bool = False) -> Path:
    path = tmp_path / f"{prefix}.csv"
    lines = ["Last_Name,Email" if email else "Last_Name"]
    lines += [
        f"{prefix}{i:03d},{prefix.lower()}{i}@example.com" if email else f"{prefix}{i:03d}"
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_upsert_rows_of_unknown_fate_are_reported_once_and_not_resent(
    env, proxy, tmp_path: Path, capsys
) -> None:
    src = contacts_csv(tmp_path, "Cli", 250)
    report = tmp_path / "r.csv"
    proxy.plan = by_marker(after="Cli000", before="Cli100")
    args = ["upsert", "--module", "Contacts", "--file", str(src), "--report", str(report)]
    assert run(proxy, *args) == 3
    err = capsys.readouterr().err
    assert "50 succeeded, 0 failed, 200 unknown (may have been written" in err
    lines = read_report(report)
    assert [int(r["row"]) for r in sorted(lines, key=lambda r: int(r["row"]))] == list(
        range(1, 251)
    )
    outcomes = {int(r["row"]): (r["outcome"], r["code"]) for r in lines}
    assert all(outcomes[n] == ("unknown", "UNKNOWN") for n in range(1, 201))
    assert all(outcomes[n][0] == "success" for n in range(201, 251))
    names = count_names(env, "Cli")
    assert max(names.values()) == 1 and sum(names.values()) == 150

    # the nightly rerun: the unknown rows are not sent again, and stay unknown in the report
    proxy.plan = lambda method, path, body: "pass"
    assert run(proxy, *args, "--resume", str(report)) == 3
    err = capsys.readouterr().err
    assert "200 unknown" in err and "50 skipped" in err
    assert count_names(env, "Cli") == names
    again = read_report(report)
    assert [int(r["row"]) for r in again] == list(range(1, 251))  # one line per row
    assert Counter(r["outcome"] for r in again) == {"unknown": 200, "success": 50}

    # told to, they are sent again (the user checked them: here by deleting nothing)
    assert run(proxy, *args, "--resume", str(report), "--resend-unknown") == 0
    final = read_report(report)
    assert [int(r["row"]) for r in final] == list(range(1, 251))
    assert {r["outcome"] for r in final} == {"success"}


def test_upsert_with_duplicate_check_values_retries_and_writes_once(
    env, proxy, tmp_path: Path
) -> None:
    src = contacts_csv(tmp_path, "Dupe", 250, email=True)
    report = tmp_path / "r.jsonl"
    proxy.plan = alternating()
    args = ["upsert", "--module", "Contacts", "--file", str(src), "--report", str(report)]
    assert run(proxy, *args) == 0
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert sorted(r["row"] for r in lines) == list(range(1, 251))
    assert {r["outcome"] for r in lines} == {"success"}
    assert proxy.actions["drop_after"] and proxy.actions["drop_before"]
    emails = Counter(r.get("Email") for r in records(env, "bigin", "Contacts"))
    assert all(emails[f"dupe{i}@example.com"] == 1 for i in range(250))


def test_updates_through_lost_requests_report_each_row_once(env, proxy, tmp_path: Path) -> None:
    ids = deal_ids()
    src = tmp_path / "d.csv"
    src.write_text("id,Next_Step\n" + "".join(f"{i},cli {i}\n" for i in ids))
    report = tmp_path / "r.csv"
    proxy.plan = alternating()
    cmd = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert run(proxy, *cmd) == 0
    lines = read_report(report)
    assert sorted(int(r["row"]) for r in lines) == list(range(1, len(ids) + 1))
    assert {r["outcome"] for r in lines} == {"success"}
    deals = {r["id"]: r for r in records(env, "crm", "Deals")}
    assert all(deals[i]["Next_Step"] == f"cli {i}" for i in ids)


def test_without_a_report_the_console_says_how_many_failures_it_did_not_list(
    env, proxy, tmp_path: Path, capsys
) -> None:
    src = tmp_path / "d.csv"
    src.write_text("id,Stage\n" + "".join(f"{9_000_000_000 + i},Closed Won\n" for i in range(120)))
    assert run(proxy, "update", "--module", "Deals", "--file", str(src)) == 1
    err = capsys.readouterr().err
    assert err.count("\nrow ") + err.startswith("row ") == 50
    assert "0 succeeded, 120 failed" in err
    assert "70 more failed row(s) are not listed above" in err and "--report FILE" in err


def test_resume_of_a_report_that_does_not_exist_yet_starts_afresh(
    env, proxy, tmp_path: Path, capsys
) -> None:
    ids = deal_ids(5)
    src = tmp_path / "d.csv"
    src.write_text("id,Stage\n" + "".join(f"{i},Closed Won\n" for i in ids))
    report = tmp_path / "nightly.csv"
    nightly = ["update", "--module", "Deals", "--file", str(src)]
    nightly += ["--report", str(report), "--resume", str(report)]
    assert run(proxy, *nightly) == 0
    assert "does not exist yet" in capsys.readouterr().err
    assert len(read_report(report)) == 5
    assert run(proxy, *nightly) == 0  # the second night: all done before
    assert "5 skipped" in capsys.readouterr().err
    assert [r["outcome"] for r in read_report(report)] == ["success"] * 5


@pytest.mark.parametrize(("concurrency", "abandoned_rows"), [(1, 100), (2, 250)])
def test_a_second_ctrl_c_reports_the_abandoned_rows(
    env, tmp_path: Path, concurrency: int, abandoned_rows: int
) -> None:
    # an emulator of its own: the abandoned requests must not land in the shared one later
    with EmulatorServer() as server:
        _second_ctrl_c(server, tmp_path, concurrency, abandoned_rows)


def _second_ctrl_c(env: EmulatorServer, tmp_path: Path, concurrency: int, abandoned_rows: int):
    # concurrency 1: one request in flight, 150 rows never read; 2: two in flight and the
    # third call queued (all 250 rows handed to the engine)
    ids = deal_ids()
    src = tmp_path / "d.csv"
    src.write_text("id,Next_Step\n" + "".join(f"{i},x\n" for i in ids))
    report = tmp_path / "r.csv"
    env.emulator.faults.set([FaultRule(kind="latency", latency_ms=3000, method="PUT")])
    pythonpath = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    )
    cmd = [sys.executable, "-m", "zoho_records.cli", "update", "--module", "Deals"]
    cmd += ["--file", str(src), "--report", str(report), "--concurrency", str(concurrency)]
    cmd += ["--no-progress"]
    cmd += ["--base-url", env.base_url]
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, "PYTHONPATH": pythonpath, "ZOHO_ACCESS_TOKEN": env.token},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and env.emulator.in_flight < concurrency:
        time.sleep(0.02)
    assert env.emulator.in_flight == concurrency  # the requests are in flight (3 s each)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    lines = read_report(report)
    rows = Counter(int(r["row"]) for r in lines)
    assert max(rows.values()) == 1  # no row twice
    abandoned = [r for r in lines if r["code"] == "ABANDONED"]
    assert len(abandoned) == abandoned_rows
    assert {r["outcome"] for r in abandoned} == {"unknown"}
    assert "may or may not have been written" in abandoned[0]["message"]
    assert f"{abandoned_rows} unknown" in err, err
    # counted once each: the summary adds up to the file's rows
    if abandoned_rows < 250:
        assert f"{250 - abandoned_rows} not reached" in err, err
    else:
        assert "not reached" not in err, err


def test_an_upsert_reads_the_field_metadata_once(env, proxy, tmp_path: Path) -> None:
    src = contacts_csv(tmp_path, "Meta", 3, email=True)
    seen: list[str] = []

    def plan(method: str, path: str, body: bytes) -> str:
        seen.append(f"{method} {path}")
        return "pass"

    proxy.plan = plan
    assert run(proxy, "upsert", "--module", "Contacts", "--file", str(src)) == 0
    assert sum("settings/fields" in s for s in seen) == 1, seen

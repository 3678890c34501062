"""The ``zoho-records`` command line against the emulator (over HTTP)."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zoho_records.cli import main

from .conftest import ROOT, control, deal_ids, emulator_records, request_log, set_faults

pytestmark = pytest.mark.timeout(180)


def target(emulator) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def deals_csv(tmp_path: Path, n: int, name: str = "deals.csv") -> Path:
    path = tmp_path / name
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "Stage", "Amount", "Next_Step"])
        for i, rid in enumerate(deal_ids(n)):
            w.writerow([rid, "Closed Won", 1000 + i, f"row {i + 1}"])
    return path


def read_report(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text().splitlines()]
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_update_from_csv_with_csv_report(env, tmp_path: Path, capsys) -> None:
    report = tmp_path / "report.csv"
    code = main(
        [
            "update",
            "--module",
            "Deals",
            "--file",
            str(deals_csv(tmp_path, 250)),
            "--report",
            str(report),
            *target(env),
        ]
    )
    assert code == 0
    lines = read_report(report)
    assert [int(r["row"]) for r in lines] == list(range(1, 251)) or sorted(
        int(r["row"]) for r in lines
    ) == list(range(1, 251))
    assert {r["outcome"] for r in lines} == {"success"}
    assert {r["record_id"] for r in lines} == set(deal_ids(250))
    state = emulator_records(env, "crm", "Deals")
    assert (
        state[deal_ids(250)[9]]["Amount"] == 1009
        and state[deal_ids(250)[9]]["Next_Step"] == "row 10"
    )
    assert "250 succeeded, 0 failed" in capsys.readouterr().err


def test_jsonl_input_and_report(env, tmp_path: Path) -> None:
    src = tmp_path / "deals.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": rid, "Stage": "Closed Lost"}) for rid in deal_ids(3)) + "\n"
    )
    report = tmp_path / "r.jsonl"
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
    assert sorted(r["row"] for r in read_report(report)) == [1, 2, 3]


def test_bad_rows_are_reported_and_the_rest_sent(env, tmp_path: Path, capsys) -> None:
    ids = deal_ids(4)
    src = tmp_path / "d.csv"
    src.write_text(
        "id,Stage,Amount\n"
        f"{ids[0]},Closed Won,10\n"
        f"{ids[1]},Closed Won,ten\n"
        "3.65E+18,Closed Won,10\n"
        f"{ids[3]},Closed Won,10\n"
        "1234,Closed Won,10\n"
    )
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
        == 1
    )
    by_row = {int(r["row"]): r for r in read_report(report)}
    assert sorted(by_row) == [1, 2, 3, 4, 5]
    assert by_row[1]["outcome"] == by_row[4]["outcome"] == "success"
    assert by_row[2]["code"] == "INVALID_INPUT" and "column Amount" in by_row[2]["message"]
    assert by_row[3]["code"] == "INVALID_INPUT" and "spreadsheet" in by_row[3]["message"]
    assert (
        by_row[5]["code"] == "INVALID_DATA" and by_row[5]["record_id"] == "1234"
    )  # Zoho's verdict


def test_missing_id_column_is_a_clear_error(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.csv"
    src.write_text("record,Stage\n1,Closed Won\n")
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    assert "no 'id' column" in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_unknown_column_suggests_a_field(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.csv"
    src.write_text(f"id,Stagee\n{deal_ids(1)[0]},Closed Won\n")
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    assert "did you mean 'Stage'" in capsys.readouterr().err


def test_dry_run_checks_rows_and_sends_nothing(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.csv"
    ids = deal_ids(3)
    src.write_text(
        "id,Stage,Amount,$append_values\n"
        f"{ids[0]},Closed Won,10,\n"
        f"{ids[1]},Closed Won,abc,\n"
        f'{ids[2]},Closed Won,10,"{{""Stage"": ""yes""}}"\n'
    )
    assert main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)]) == 1
    err = capsys.readouterr().err
    assert "row 2 (line 3), column Amount: 'abc' is not a number" in err
    assert "row 3 (line 4), column $append_values.Stage" in err and "boolean" in err
    assert "nothing was sent" in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_jsonl_values_are_checked_against_the_modules_fields(env, tmp_path: Path, capsys) -> None:
    """A JSONL value that cannot fit its field, or a key that is no field, is reported for its
    row (by key, with the fix) in a dry run and in a real run; the good rows are sent."""
    ids = deal_ids(3)
    src = tmp_path / "d.jsonl"
    lines = [
        {"id": ids[0], "Stage": "Closed Won", "Amount": 10},
        {"id": ids[1], "Stage": "Closed Won", "Amount": "ten", "Stagee": "x"},
        {"id": ids[2], "Closing_Date": "2024-02-30"},
    ]
    src.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)]) == 1
    err = capsys.readouterr().err
    assert 'row 2 (line 2), key Amount: "ten" does not fit field type currency' in err
    assert "row 2 (line 2), key Stagee: 'Stagee' is not a field of Deals" in err
    assert "did you mean 'Stage'?" in err
    assert (
        'row 3 (line 3), key Closing_Date: "2024-02-30" does not fit field type date: '
        "February 2024 has 29 days, so day 30 does not exist"
    ) in err
    assert not [r for r in request_log(env) if r["op"] == "update"]

    report = tmp_path / "r.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, *target(env)]) == 1
    outcomes = {int(r["row"]): r for r in read_report(report)}
    assert outcomes[1]["outcome"] == "success"
    assert outcomes[2]["code"] == outcomes[3]["code"] == "INVALID_INPUT"
    assert "key Amount" in outcomes[2]["message"] and "key Stagee" in outcomes[2]["message"]
    sent = [i for r in request_log(env) if r["op"] == "update" for i in r["ids"]]
    assert sent == [ids[0]]


def test_resume_after_failures_runs_only_what_is_left(env, tmp_path: Path) -> None:
    src = deals_csv(tmp_path, 500)
    report = tmp_path / "r.csv"
    set_faults(
        env, {"kind": "error", "status": 500, "method": "PUT", "after": 2}
    )  # 3rd request on fails
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
                "--concurrency",
                "1",
                *target(env),
            ]
        )
        == 1
    )
    first = read_report(report)
    assert len(first) == 500
    failed = {int(r["row"]) for r in first if r["outcome"] != "success"}
    assert len(failed) == 300
    set_faults(env)
    before = len([r for r in request_log(env) if r["op"] == "update"])
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
                "--resume",
                str(report),
                *target(env),
            ]
        )
        == 0
    )
    writes = [r for r in request_log(env) if r["op"] == "update"][before:]
    assert sum(len(r["ids"]) for r in writes) == 300  # only the failed rows were sent again
    last: dict[int, str] = {}
    for r in read_report(report):
        last[int(r["row"])] = r["outcome"]
    assert len(last) == 500 and set(last.values()) == {"success"}


def test_resume_into_a_new_report_marks_skipped_rows(env, tmp_path: Path) -> None:
    src = deals_csv(tmp_path, 5)
    old = tmp_path / "old.csv"
    ids = deal_ids(5)
    old.write_text(
        "row,outcome,code,message,record_id\n"
        f"1,success,SUCCESS,ok,{ids[0]}\n2,error,X,y,\n3,success,SUCCESS,ok,{ids[2]}\n4,succ"
    )
    new = tmp_path / "new.jsonl"
    assert (
        main(
            [
                "update",
                "--module",
                "Deals",
                "--file",
                str(src),
                "--report",
                str(new),
                "--resume",
                str(old),
                *target(env),
            ]
        )
        == 0
    )
    lines = {r["row"]: r["outcome"] for r in read_report(new)}
    assert lines == {1: "skipped", 2: "success", 3: "skipped", 4: "success", 5: "success"}


def test_interrupted_run_then_resume(env, tmp_path: Path) -> None:
    """Ctrl-C in the middle: the report holds what finished; --resume does the rest, once."""
    src = deals_csv(tmp_path, 3000)
    report = tmp_path / "r.csv"
    set_faults(env, {"kind": "latency", "latency_ms": 150, "method": "PUT"})
    cmd = [
        sys.executable,
        "-m",
        "zoho_records.cli",
        "update",
        "--module",
        "Deals",
        "--file",
        str(src),
        "--report",
        str(report),
        "--concurrency",
        "2",
        "--no-progress",
        "--base-url",
        env.base_url,
    ]
    pythonpath = os.pathsep.join(
        [str(ROOT / "src"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    )
    proc = subprocess.Popen(
        cmd, env={**os.environ, "PYTHONPATH": pythonpath}, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if report.exists() and len(report.read_text().splitlines()) > 400:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err
    assert "waiting for the requests in flight" in err
    done = {int(r["row"]) for r in read_report(report) if r["outcome"] == "success"}
    assert 400 <= len(done) < 3000
    # Every request the emulator received was answered and its rows reported: the requests in
    # flight at Ctrl-C were waited for, and nothing was sent after it.
    row_of = {rid: n for n, rid in enumerate(deal_ids(3000), start=1)}
    received = {row_of[i] for r in request_log(env) if r["op"] == "update" for i in r["ids"]}
    assert received == done
    # rows read but not sent say so (and run again on resume)
    first = read_report(report)
    interrupted = {int(r["row"]) for r in first if r["code"] == "INTERRUPTED"}
    assert not interrupted & received
    assert {int(r["row"]) for r in first} == done | interrupted
    control(env, "POST", "/_emulator/reset")  # also empties the request log (it keeps 1000)
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
                "--resume",
                str(report),
                *target(env),
            ]
        )
        == 0
    )
    sent = sum(len(r["ids"]) for r in request_log(env) if r["op"] == "update")
    assert sent == 3000 - len(done)
    final = read_report(report)
    # the resumed report says one final outcome per row, in row order (issue 10: it used to
    # keep the first run's INTERRUPTED lines beside the resumed run's)
    assert [int(r["row"]) for r in final] == list(range(1, 3001))
    assert {r["outcome"] for r in final} == {"success"}


def test_mass_update_ids_file_grouped_by_values(env, tmp_path: Path) -> None:
    ids = deal_ids(1100)
    src = tmp_path / "ids.csv"
    src.write_text(
        "id,Stage\n"
        + "".join(
            f"{rid},{'Closed Won' if i % 2 else 'Closed Lost'}\n" for i, rid in enumerate(ids)
        )
    )
    report = tmp_path / "r.csv"
    assert (
        main(
            [
                "mass-update",
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
    state = emulator_records(env, "crm", "Deals")
    assert state[ids[0]]["Stage"] == "Closed Lost" and state[ids[1]]["Stage"] == "Closed Won"
    assert len(read_report(report)) == 1100
    calls = [r for r in request_log(env) if r["op"] == "mass_update"]
    assert sorted(len(c["ids"]) for c in calls) == [50, 50, 500, 500]


def test_mass_update_ids_with_set(env, tmp_path: Path) -> None:
    src = tmp_path / "ids.csv"
    src.write_text("id\n" + "\n".join(deal_ids(3)) + "\n")
    assert (
        main(
            [
                "mass-update",
                "--module",
                "Deals",
                "--file",
                str(src),
                "--set",
                "Type=Existing Business",
                *target(env),
            ]
        )
        == 0
    )
    assert {emulator_records(env, "crm", "Deals")[i]["Type"] for i in deal_ids(3)} == {
        "Existing Business"
    }


def test_mass_update_set_values_are_typed_by_the_field(env, tmp_path: Path) -> None:
    """--set reads VALUE like a CSV cell of that field: a digit string stays text in a text
    field, a number goes to a currency field as a number."""
    src = tmp_path / "ids.csv"
    src.write_text("id\n" + "\n".join(deal_ids(2)) + "\n")
    args = ["mass-update", "--module", "Deals", "--file", str(src), *target(env)]
    assert main([*args, "--set", "Next_Step=0123", "--set", "Amount=12.50"]) == 0
    state = emulator_records(env, "crm", "Deals")
    assert {(state[i]["Next_Step"], state[i]["Amount"]) for i in deal_ids(2)} == {("0123", 12.5)}


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("Amount=twelve", "--set Amount: 'twelve' is not a number"),
        ("Stagee=Won", "--set 'Stagee' is not a field of Deals"),
        ("Stage", "write FIELD=VALUE"),
        ("Stage=Closed Wonn", "--set Stage: 'Closed Wonn' is not one of the values"),
    ],
)
def test_bad_set_values_stop_before_anything_is_written(
    env, tmp_path: Path, capsys, setting: str, message: str
) -> None:
    src = tmp_path / "ids.csv"
    src.write_text("id\n" + "\n".join(deal_ids(2)) + "\n")
    report = tmp_path / "r.csv"
    report.write_text("keep me\n")
    args = ["mass-update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, "--set", setting, *target(env)]) == 2
    assert message in capsys.readouterr().err
    assert report.read_text() == "keep me\n"  # not truncated: nothing ran
    assert not [r for r in request_log(env) if r["op"] == "mass_update"]


def test_mass_update_cvid(env, capsys) -> None:
    assert (
        main(
            [
                "mass-update",
                "--module",
                "Accounts",
                "--cvid",
                "554023000000091515",
                "--set",
                "Industry=Education",
                *target(env),
            ]
        )
        == 0
    )
    job = json.loads(capsys.readouterr().out)
    assert job["status"] == "COMPLETED"


def test_upsert_and_update_related(env, tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text(
        json.dumps(
            {
                "Deal_Name": "Himalayan Trek",
                "Stage": "Closed Won",
                "Sub_Pipeline": "Sales Pipeline Standard",
            }
        )
        + "\n"
        + json.dumps(
            {
                "Deal_Name": "Brand new",
                "Stage": "Qualification",
                "Sub_Pipeline": "Marketing",
                "Pipeline": {"id": "2034020000000095023"},
            }
        )
        + "\n"
    )
    report = tmp_path / "r.csv"
    assert (
        main(
            [
                "upsert",
                "--module",
                "Pipelines",
                "--file",
                str(src),
                "--duplicate-check-fields",
                "Deal_Name",
                "--report",
                str(report),
                *target(env),
            ]
        )
        == 0
    )
    messages = sorted(r["message"] for r in read_report(report))
    assert messages == ["record added (insert)", "record updated (update)"]
    rel = tmp_path / "rel.csv"
    rel.write_text("id,Unit_Price\n2034020000000489210,600\n")
    assert (
        main(
            [
                "update-related",
                "--module",
                "Pipelines",
                "--record-id",
                "2034020000000644063",
                "--related-list",
                "Products",
                "--file",
                str(rel),
                *target(env),
            ]
        )
        == 0
    )


def test_no_credentials_for_a_real_target(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.delenv("ZOHO_ACCESS_TOKEN", raising=False)
    for name in (
        "ZOHO_REFRESH_TOKEN",
        "ZOHO_CLIENT_ID",
        "ZOHO_CLIENT_SECRET",
        "ZOHO_BASE_URL",
        "ZOHO_DC",
    ):
        monkeypatch.delenv(name, raising=False)
    assert (
        main(["update", "--module", "Deals", "--file", str(deals_csv(tmp_path, 1)), "--dc", "eu"])
        == 2
    )
    assert "ZOHO_ACCESS_TOKEN" in capsys.readouterr().err


def test_example_runs_against_the_embedded_emulator(monkeypatch, capsys) -> None:
    for name in ("ZOHO_DC", "ZOHO_BASE_URL", "ZOHO_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert (
        main(
            [
                "update",
                "--module",
                "Deals",
                "--file",
                str(ROOT / "examples" / "deals.csv"),
                "--no-progress",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "embedded Zoho emulator" in err and "3 succeeded, 0 failed" in err


def test_upsert_example_runs_against_the_embedded_emulator(monkeypatch, capsys) -> None:
    for name in ("ZOHO_DC", "ZOHO_BASE_URL", "ZOHO_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    args = [
        "upsert",
        "--module",
        "Pipelines",
        "--file",
        str(ROOT / "examples" / "pipelines.jsonl"),
        "--duplicate-check-fields",
        "Deal_Name",
        "--no-progress",
    ]
    assert main(args) == 0
    assert "2 succeeded, 0 failed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--max-retries", "-1"], "--max-retries must be 0 or more"),
        (["--concurrency", "0"], "--concurrency must be at least 1"),
        (["--if-unmodified-since", "yesterday"], "'yesterday' is not an ISO 8601 date-time"),
        (["--if-unmodified-since", "2024-01-15T15:26:49"], "with an offset"),
        (["--product", "bigin", "--if-unmodified-since", "2024-01-15T15:26:49Z"], "CRM option"),
    ],
)
def test_bad_options_are_usage_errors_before_anything_is_sent(
    env, tmp_path: Path, capsys, extra: list[str], message: str
) -> None:
    report = tmp_path / "r.csv"
    args = ["update", "--module", "Deals", "--file", str(deals_csv(tmp_path, 3))]
    assert main([*args, "--report", str(report), *target(env), *extra]) == 2
    err = capsys.readouterr().err
    assert "zoho-records: error:" in err and message in err
    assert "Traceback" not in err
    assert not report.exists()
    assert not [r for r in request_log(env) if r["op"] == "update"]

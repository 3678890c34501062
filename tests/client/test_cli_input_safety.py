"""The command line never destroys a file, never sends a file it cannot read whole, and never
resumes from a report that is not the input's: each case is a usage error (exit 2) before
anything is sent, with a message that says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoho_records.cli import main

from .conftest import control, deal_ids, emulator_records, request_log
from .test_cli import deals_csv, read_report, target


def sent_updates(server) -> list[str]:
    return [
        i for r in request_log(server) if r["op"] in ("update", "mass_update") for i in r["ids"]
    ]


def run(server, *args: str) -> int:
    return main([*args, *target(server)])


def test_report_or_resume_naming_the_input_is_refused(env, tmp_path: Path, capsys) -> None:
    src = deals_csv(tmp_path, 3)
    before = src.read_text()
    for option in ("--report", "--resume"):
        assert run(env, "update", "--module", "Deals", "--file", str(src), option, str(src)) == 2
        assert "is the input file" in capsys.readouterr().err
    assert src.read_text() == before
    assert sent_updates(env) == []


def test_resume_from_another_files_report_is_refused(env, tmp_path: Path, capsys) -> None:
    a = deals_csv(tmp_path, 3, "a.csv")
    report = tmp_path / "ra.csv"
    assert run(env, "update", "--module", "Deals", "--file", str(a), "--report", str(report)) == 0
    b = tmp_path / "b.csv"
    b.write_text("id,Stage\n" + "".join(f"{i},Closed Lost\n" for i in deal_ids(10)[5:8]))
    code = run(env, "update", "--module", "Deals", "--file", str(b), "--resume", str(report))
    assert code == 2
    err = capsys.readouterr().err
    assert f"{report} is not the report of {b}" in err and "row 1 differs" in err
    assert {emulator_records(env, "crm", "Deals")[i]["Stage"] for i in deal_ids(10)[5:8]} == {
        "Qualification"
    }


def test_a_jsonl_file_that_is_no_report_cannot_be_resumed_from(env, tmp_path: Path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "Stage": "Won"}) + "\n" for i in deal_ids(2)))
    other = tmp_path / "other.jsonl"
    other.write_text(src.read_text())
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(other)) == 2
    assert "is not a zoho-records report" in capsys.readouterr().err
    assert other.read_text() == src.read_text()


def test_an_unclosed_quote_stops_the_run_before_anything_is_sent(env, tmp_path: Path, capsys):
    ids = deal_ids(3)
    src = tmp_path / "d.csv"
    src.write_text(f'id,Next_Step\n{ids[0]},"call him\n{ids[1]},send contract\n{ids[2]},ok\n')
    for extra in ([], ["--dry-run"]):
        assert run(env, "update", "--module", "Deals", "--file", str(src), *extra) == 2
        err = capsys.readouterr().err
        assert "never closed" in err and "Nothing was sent" in err
    assert sent_updates(env) == []


def test_a_byte_that_is_not_utf8_stops_the_run_before_anything_is_sent(env, tmp_path, capsys):
    lines = [json.dumps({"id": i, "Description": "ok"}).encode() for i in deal_ids(1000)]
    lines.append(b'{"id": "7000000000000000001", "Description": "caf\xe9"}')
    src = tmp_path / "d.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    report = tmp_path / "r.csv"
    code = run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(report))
    assert code == 2
    err = capsys.readouterr().err
    assert "line 1001: byte 0xe9" in err and "not UTF-8" in err and "Traceback" not in err
    assert sent_updates(env) == [] and not report.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: (p / "adir.csv").mkdir() or ["--file", str(p / "adir.csv")],
            "is a directory, not a file",
        ),
        (lambda p: ["--report", str(p / "nodir" / "r.csv")], "does not exist"),
        (lambda p: (p / "rdir").mkdir() or ["--report", str(p / "rdir")], "is a directory"),
        (lambda p: ["--module", "Deals/1"], "is not a Zoho API name"),
        (lambda p: ["--module", ""], "is not a Zoho API name"),
    ],
)
def test_unusable_paths_and_names_are_usage_errors(env, tmp_path: Path, capsys, make, message):
    args = ["--module", "Deals", "--file", str(deals_csv(tmp_path, 2)), *make(tmp_path)]
    assert run(env, "update", *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert sent_updates(env) == []


def test_a_cell_longer_than_the_csv_modules_default_limit_is_read(env, tmp_path: Path):
    ids = deal_ids(2)
    src = tmp_path / "d.csv"
    src.write_text(f"id,Description\n{ids[0]},{'x' * 200_000}\n{ids[1]},short\n")
    report = tmp_path / "r.csv"
    run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(report))
    assert sorted(int(r["row"]) for r in read_report(report)) == [1, 2]  # both reported


def test_tsv_json_arrays_and_a_bom(env, tmp_path: Path) -> None:
    ids = deal_ids(3)
    tsv = tmp_path / "d.tsv"
    tsv.write_text(f"id\tStage\n{ids[0]}\tClosed Won\n")
    arr = tmp_path / "d.json"
    arr.write_text(json.dumps([{"id": ids[1], "Stage": "Closed Won"}]))
    bom = tmp_path / "b.csv"
    bom.write_bytes(b"\xef\xbb\xbfid,Stage\n" + f"{ids[2]},Closed Won\n".encode())
    for src in (tsv, arr, bom):
        assert run(env, "update", "--module", "Deals", "--file", str(src)) == 0, src
    assert {emulator_records(env, "crm", "Deals")[i]["Stage"] for i in ids} == {"Closed Won"}


def test_resuming_a_report_cut_short_mid_line(env, tmp_path: Path) -> None:
    """A crash can leave half a line; resuming ends it before appending, and the row it was
    about runs again."""
    src = deals_csv(tmp_path, 3)
    ids = deal_ids(3)
    report = tmp_path / "r.csv"
    report.write_text(f"row,outcome,code,message,record_id\n1,success,SUCCESS,ok,{ids[0]}\n2,succ")
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(report)) == 0
    rows = read_report(report)
    assert [r["row"] for r in rows if r["outcome"] == "success"] == ["1", "2", "3"]
    assert sent_updates(env) == ids[1:]


def test_a_report_saved_with_a_bom_can_be_resumed(env, tmp_path: Path) -> None:
    src = deals_csv(tmp_path, 2)
    ids = deal_ids(2)
    report = tmp_path / "r.csv"
    report.write_bytes(
        b"\xef\xbb\xbfrow,outcome,code,message,record_id\n" + f"1,success,S,ok,{ids[0]}\n".encode()
    )
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(report)) == 0
    assert sent_updates(env) == ids[1:]


def test_refused_credentials_stop_before_sending(env, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "wrong-token")
    assert run(env, "update", "--module", "Deals", "--file", str(deals_csv(tmp_path, 2))) == 2
    err = capsys.readouterr().err
    assert "refused the credentials" in err and "INVALID_TOKEN" in err
    assert sent_updates(env) == []


def test_dry_run_writes_a_report_when_asked(env, tmp_path: Path) -> None:
    ids = deal_ids(2)
    src = tmp_path / "d.csv"
    src.write_text(f"id,Amount\n{ids[0]},10\n{ids[1]},ten\n")
    report = tmp_path / "dry.csv"
    args = ["--module", "Deals", "--file", str(src), "--dry-run", "--report", str(report)]
    assert run(env, "update", *args) == 1
    rows = {r["row"]: r for r in read_report(report)}
    assert rows["1"]["outcome"] == "valid" and rows["2"]["outcome"] == "invalid"
    assert "column Amount" in rows["2"]["message"] and rows["2"]["record_id"] == ids[1]
    assert sent_updates(env) == []


def test_mass_update_of_ids_alone_needs_set(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "ids.csv"
    src.write_text("id\n" + "\n".join(deal_ids(2)) + "\n")
    assert run(env, "mass-update", "--module", "Deals", "--file", str(src)) == 2
    assert "has only ids" in capsys.readouterr().err


def test_cvid_with_a_report_is_a_usage_error(env, tmp_path: Path, capsys) -> None:
    args = ["--module", "Accounts", "--cvid", "554023000000091515", "--set", "Industry=x"]
    assert run(env, "mass-update", *args, "--report", str(tmp_path / "r.csv")) == 2
    assert "--report and --resume go with --file rows" in capsys.readouterr().err


def test_rows_refused_before_sending_keep_their_id_in_the_report(env, tmp_path: Path) -> None:
    ids = deal_ids(1)
    src = tmp_path / "d.csv"
    src.write_text(f"id,Amount\n{ids[0]},ten\n")
    report = tmp_path / "r.csv"
    run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(report))
    (row,) = read_report(report)
    assert row["code"] == "INVALID_INPUT" and row["record_id"] == ids[0]


def test_resume_of_an_upsert_with_another_files_report_is_refused(env, tmp_path: Path, capsys):
    """Upsert rows have no ids to compare: the report's input digests tell the files apart."""

    def pipelines(path: Path, names: list[str]) -> Path:
        rows = [
            {"Deal_Name": n, "Stage": "Closed Won", "Sub_Pipeline": "Sales Pipeline Standard"}
            for n in names
        ]
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        return path

    first = pipelines(tmp_path / "p1.jsonl", ["Trek A", "Trek B", "Trek C"])
    report = tmp_path / "up.jsonl"
    args = ["upsert", "--module", "Pipelines", "--duplicate-check-fields", "Deal_Name"]
    assert run(env, *args, "--file", str(first), "--report", str(report)) == 0
    second = pipelines(tmp_path / "p2.jsonl", ["Safari A", "Safari B", "Safari C"])
    assert run(env, *args, "--file", str(second), "--resume", str(report)) == 2
    assert "is not the report of" in capsys.readouterr().err
    # the file's own report resumes: nothing left to do
    assert run(env, *args, "--file", str(first), "--resume", str(report)) == 0


def test_a_hard_link_to_the_input_is_not_a_report(env, tmp_path: Path, capsys) -> None:
    src = deals_csv(tmp_path, 2)
    link = tmp_path / "hard.csv"
    link.hardlink_to(src)
    before = src.read_text()
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(link)) == 2
    assert "is the input file" in capsys.readouterr().err
    assert src.read_text() == before


@pytest.mark.parametrize("name", ["r.json", "r.xlsx"])
def test_a_report_needs_a_known_format(env, tmp_path: Path, capsys, name: str) -> None:
    src = deals_csv(tmp_path, 2)
    assert (
        run(
            env, "update", "--module", "Deals", "--file", str(src), "--report", str(tmp_path / name)
        )
        == 2
    )
    assert "a report is .csv (or .txt), .tsv, or .jsonl" in capsys.readouterr().err


@pytest.mark.parametrize(
    "tail",
    ['2,error,INVALID_DATA,"invalid', "2,success,SUCCESS,record updated,70000"],
    ids=["inside-a-quoted-message", "inside-the-record-id"],
)
def test_a_report_cut_anywhere_in_its_last_line_resumes(env, tmp_path: Path, tail: str) -> None:
    src = deals_csv(tmp_path, 3)
    ids = deal_ids(3)
    report = tmp_path / "r.csv"
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(report)) == 0
    lines = report.read_text().splitlines()  # the header, then rows in completion order
    row1 = next(line for line in lines if line.startswith("1,"))
    report.write_text("\n".join([lines[0], row1, tail]))
    for _ in range(2):  # resuming twice sends each remaining row once
        assert (
            run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(report))
            == 0
        )
    sent = [i for r in request_log(env) if r["op"] == "update" for i in r["ids"]]
    assert sent.count(ids[1]) == 2 and sent.count(ids[2]) == 2  # first run + one resume
    assert sent.count(ids[0]) == 1


def test_a_json_file_may_hold_one_pretty_printed_object(env, tmp_path: Path) -> None:
    src = tmp_path / "one.json"
    src.write_text(json.dumps({"id": deal_ids(1)[0], "Stage": "Closed Won"}, indent=2))
    assert run(env, "update", "--module", "Deals", "--file", str(src)) == 0
    assert emulator_records(env, "crm", "Deals")[deal_ids(1)[0]]["Stage"] == "Closed Won"


def test_mass_update_jsonl_of_ids_alone_needs_set(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "ids.jsonl"
    src.write_text("".join(json.dumps({"id": i}) + "\n" for i in deal_ids(2)))
    assert run(env, "mass-update", "--module", "Deals", "--file", str(src)) == 2
    assert "has only ids" in capsys.readouterr().err
    assert sent_updates(env) == []


def test_metadata_refused_for_scope_only_warns_and_writes(env, tmp_path, capsys, monkeypatch):
    """A token with the modules scope but not the settings scope may still write records."""
    control(
        env, "POST", "/_emulator/tokens", {"token": "writer", "scopes": ["ZohoCRM.modules.ALL"]}
    )
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "writer")
    assert run(env, "update", "--module", "Deals", "--file", str(deals_csv(tmp_path, 2))) == 0
    err = capsys.readouterr().err
    assert "not readable with this token" in err and "settings.fields.READ" in err
    assert sent_updates(env) == deal_ids(2)


def test_an_unreachable_target_stops_before_sending(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "t")
    args = ["update", "--module", "Deals", "--file", str(deals_csv(tmp_path, 2))]
    code = main([*args, "--base-url", "http://127.0.0.1:9", "--no-progress", "--max-retries", "0"])
    assert code == 2
    err = capsys.readouterr().err
    assert "could not read the field metadata of Deals" in err and "nothing was sent" in err


def test_credentials_refused_mid_run_end_with_exit_2(env, tmp_path, capsys, monkeypatch) -> None:
    """Without the metadata read, the first write meets the refusal: nothing more is sent,
    every row says so, and the exit status says the command could not be used."""
    monkeypatch.setenv("ZOHO_ACCESS_TOKEN", "wrong-token")
    report = tmp_path / "r.csv"
    args = ["--module", "Deals", "--file", str(deals_csv(tmp_path, 250)), "--no-metadata"]
    assert run(env, "update", *args, "--report", str(report), "--concurrency", "1") == 2
    err = capsys.readouterr().err
    assert "Zoho refused the credentials" in err and "INVALID_TOKEN" in err
    rows = read_report(report)
    assert len(rows) == 250 and {r["code"] for r in rows} == {"INVALID_TOKEN"}
    assert sum("not sent" in r["message"] for r in rows) == 150  # after the first refusal


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_stops_before_sending(env, tmp_path, capsys) -> None:
    src = deals_csv(tmp_path, 2)
    link = tmp_path / "full.csv"
    link.symlink_to("/dev/full")
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(link)) == 2
    err = capsys.readouterr().err
    assert "cannot write the report" in err and "Traceback" not in err
    assert sent_updates(env) == []


def test_cvid_job_id_is_told_before_waiting(env, capsys) -> None:
    args = ["--module", "Accounts", "--cvid", "554023000000091515", "--set", "Industry=Education"]
    assert run(env, "mass-update", *args) == 0
    captured = capsys.readouterr()
    job = json.loads(captured.out)
    assert f"mass update job {job['job_id']} scheduled; waiting" in captured.err
    assert job["status"] == "COMPLETED"


def test_a_report_failing_mid_run_stops_taking_rows(env, tmp_path, capsys, monkeypatch) -> None:
    """Disk full half-way: no more rows are taken, the outcomes the report lacks are printed,
    and the run ends with exit 2 (what was sent is accounted for on stderr or in the report)."""
    from zoho_records.cli import report as _report

    real_write = _report.ReportWriter.write
    written = []

    def failing_write(self, row, *rest):
        if len(written) >= 300:
            raise OSError(28, "No space left on device")
        written.append(row)
        return real_write(self, row, *rest)

    monkeypatch.setattr(_report.ReportWriter, "write", failing_write)
    report = tmp_path / "r.csv"
    args = ["--module", "Deals", "--file", str(deals_csv(tmp_path, 3000)), "--report", str(report)]
    # at most 10 calls in flight: the engine takes up to 2 x the limit calls ahead (2,000 rows
    # here); at the default bound of 25 it may take the whole file before the report fails
    args += ["--concurrency", "10"]
    assert run(env, "update", *args) == 2
    err = capsys.readouterr().err
    assert "cannot write the report" in err and "taking no more rows" in err
    printed = {
        int(line.split()[1].rstrip(":")) for line in err.splitlines() if line.startswith("row ")
    }
    sent = sent_updates(env)
    assert 300 < len(sent) < 3000
    row_of = {rid: n for n, rid in enumerate(deal_ids(3000), start=1)}
    assert {row_of[i] for i in sent} <= set(written) | printed  # every row sent is told


def test_a_renamed_column_is_a_changed_file_for_resume(env, tmp_path: Path, capsys) -> None:
    src = deals_csv(tmp_path, 3)
    report = tmp_path / "r.csv"
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(report)) == 0
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(src.read_text().replace("Next_Step", "Description", 1))
    args = ["--module", "Deals", "--file", str(renamed), "--resume", str(report)]
    assert run(env, "update", *args) == 2
    assert "differs from the row the report marks done" in capsys.readouterr().err


def test_a_report_of_a_longer_file_is_refused(env, tmp_path: Path, capsys) -> None:
    src = deals_csv(tmp_path, 3)
    report = tmp_path / "r.csv"
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--report", str(report)) == 0
    src.write_text("\n".join(src.read_text().splitlines()[:3]) + "\n")  # rows 1 and 2 only
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(report)) == 2
    assert "marks row 3 done but the file's last row is 2" in capsys.readouterr().err


def test_an_abandoned_resume_keeps_the_report_usable(env, tmp_path: Path) -> None:
    """A cut line is dropped when the report is next appended to, not completed: it never
    turns into a line that counts."""
    src = deals_csv(tmp_path, 3)
    ids = deal_ids(3)
    report = tmp_path / "r.csv"
    header = "row,outcome,code,message,record_id,input_digest"
    report.write_text(f"{header}\n3,success,SUCCESS,record updated,{ids[2]},12b3")
    from zoho_records.cli.report import ReportWriter, read_done

    ReportWriter(report, append=True).close()  # what a resume abandoned at once leaves
    assert report.read_text() == header + "\n" and read_done(report) == {}
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(report)) == 0


@pytest.mark.parametrize("text", ['{\n  "id": "1",\n  "Amount": NaN\n}\n', '{\n  "id": "1",\n}\n'])
def test_a_broken_pretty_printed_json_object_is_one_error(env, tmp_path, capsys, text) -> None:
    src = tmp_path / "one.json"
    src.write_text(text)
    assert run(env, "update", "--module", "Deals", "--file", str(src)) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert sent_updates(env) == []


@pytest.mark.parametrize(
    "extra",
    [["--module", "Deals\n"], ["--record-id", "2034020000000644063\n"]],
)
def test_a_trailing_newline_does_not_pass_the_name_checks(env, tmp_path, capsys, extra) -> None:
    args = ["update-related", "--module", "Pipelines", "--record-id", "2034020000000644063"]
    args += ["--related-list", "Products", "--file", str(deals_csv(tmp_path, 1)), *extra]
    assert run(env, *args) == 2
    assert "is not a Zoho" in capsys.readouterr().err


def test_a_file_without_rows_is_a_usage_error(env, tmp_path: Path, capsys) -> None:
    src = tmp_path / "empty.csv"
    src.write_text("id,Stage\n")
    assert run(env, "update", "--module", "Deals", "--file", str(src)) == 2
    assert "has no rows to send" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_dry_run_report_that_cannot_be_written(env, tmp_path: Path, capsys) -> None:
    link = tmp_path / "full.csv"
    link.symlink_to("/dev/full")
    args = ["--module", "Deals", "--file", str(deals_csv(tmp_path, 1)), "--dry-run"]
    assert run(env, "update", *args, "--report", str(link)) == 2
    assert "cannot write the report" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.xlsx", b"row,outcome\n1,success\n", "report.xlsx: a report is .csv (or .txt)"),
        ("report.csv", b"row,outcome\n1,\xff\xfe\n", "report.csv is not a zoho-records report"),
    ],
    ids=["wrong-extension", "not-utf-8"],
)
def test_resume_from_a_report_that_cannot_be_read_is_a_usage_error(
    env, tmp_path: Path, capsys, name: str, content: bytes, message: str
) -> None:
    """A report of the wrong extension or bytes that are not UTF-8: exit 2, a message that says
    what a report is, the report untouched and nothing sent (no UnboundLocalError)."""
    src = deals_csv(tmp_path, 3)
    report = tmp_path / name
    report.write_bytes(content)
    assert run(env, "update", "--module", "Deals", "--file", str(src), "--resume", str(report)) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert report.read_bytes() == content
    assert sent_updates(env) == []

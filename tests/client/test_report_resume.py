"""The result report as ``--resume`` reads it: every kind of damaged or foreign report is a
clear ``InputFileError`` or a line that runs again, never a crash or another row's values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoho_records.cli.report import (
    Done,
    ReportWriter,
    compact,
    read_done,
    read_done_rows,
    report_format,
)
from zoho_records.cli.rows import InputFileError

HEADER = "row,outcome,code,message,record_id,input_digest\n"


def jsonl(*items: dict[str, object]) -> str:
    return "".join(json.dumps(i) + "\n" for i in items)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("r.csv", "csv"),
        ("r.txt", "csv"),
        ("r.tsv", "tsv"),
        ("r.jsonl", "jsonl"),
        ("r.ndjson", "jsonl"),
        ("R.CSV", "csv"),
        ("r.JsonL", "jsonl"),
    ],
)
def test_the_report_format_follows_the_extension(name: str, fmt: str) -> None:
    assert report_format(Path(name)) == fmt


def test_an_unknown_report_extension_names_the_ones_allowed() -> None:
    with pytest.raises(ValueError, match=r"r\.xlsx: a report is \.csv .*\.tsv.*\.jsonl"):
        report_format(Path("r.xlsx"))


def test_a_tsv_report_is_tab_separated_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "r.tsv"
    with ReportWriter(path) as report:
        report.write(1, "success", "SUCCESS", "a, b", "11", "d1")
    assert path.read_text() == (
        "row\toutcome\tcode\tmessage\trecord_id\tinput_digest\n1\tsuccess\tSUCCESS\ta, b\t11\td1\n"
    )
    assert read_done(path) == {1: Done("11", "d1", "success", "SUCCESS", "a, b")}


def test_the_header_is_on_disk_before_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    report = ReportWriter(path)
    try:
        assert path.read_text() == HEADER  # flushed at once: an unwritable report fails early
        assert report.lines == 0
        report.write(1, "error", "X", "m", None)
        report.write(2, "error", "X", "m", None)
        assert report.lines == 2
    finally:
        report.close()


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_a_message_stays_on_one_line(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "r.csv"
    with ReportWriter(path) as report:
        report.write(1, "error", "X", f"first{newline}second", None)
    assert path.read_text() == HEADER + "1,error,X,first second,,\n"


def test_jsonl_lines_keep_a_missing_record_id_as_null(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    with ReportWriter(path) as report:
        report.write(1, "error", "X", "é", None, "d")
        report.write(2, "success", "SUCCESS", "", "5")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {
        "row": 1,
        "outcome": "error",
        "code": "X",
        "message": "é",
        "record_id": None,
        "input_digest": "d",
    }
    assert '"é"' in lines[0]  # not escaped
    assert json.loads(lines[1])["record_id"] == "5"
    assert read_done(path) == {2: Done("5", "", "success", "SUCCESS", "")}


def test_writing_without_append_replaces_the_report(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "9,success,S,,1,\n")
    with ReportWriter(path) as report:
        report.write(1, "success", "S", "", "2")
    assert path.read_text() == HEADER + "1,success,S,,2,\n"


def test_appending_to_an_empty_report_writes_the_header(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("")
    with ReportWriter(path, append=True) as report:
        report.write(1, "success", "S", "", "2")
    assert path.read_text() == HEADER + "1,success,S,,2,\n"


def test_appending_keeps_an_older_reports_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("row,outcome,code,message,record_id\n1,error,X,m,\n")
    with ReportWriter(path, append=True) as report:
        report.write(1, "success", "S", "ok", "7", "digest")
    assert path.read_text().splitlines() == [
        "row,outcome,code,message,record_id",
        "1,error,X,m,",
        "1,success,S,ok,7",
    ]
    assert read_done(path) == {1: Done("7", "", "success", "S", "ok")}


def test_appending_to_a_jsonl_report_writes_no_header(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(jsonl({"row": 1, "outcome": "error"}))
    with ReportWriter(path, append=True) as report:
        report.write(1, "success", "S", "", "3")
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["outcome"] == "success"


def test_appending_after_a_cut_line_drops_it(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "1,success,S,,1,\n2,succ")
    with ReportWriter(path, append=True) as report:
        report.write(3, "success", "S", "", "3")
    assert path.read_text() == HEADER + "1,success,S,,1,\n3,success,S,,3,\n"


def test_appending_after_a_cut_header_starts_the_report_over(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("row,outc")  # not one newline: the whole file was cut short
    with ReportWriter(path, append=True) as report:
        report.write(1, "success", "S", "", "1")
    assert path.read_text() == HEADER + "1,success,S,,1,\n"


def test_a_cut_line_longer_than_64_kib_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("x" * 70000)
    ReportWriter(path, append=True).close()
    assert path.stat().st_size == 70000


def test_a_long_report_loses_only_its_cut_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    body = jsonl(*({"row": i, "outcome": "success", "message": "m" * 50} for i in range(2000)))
    assert len(body) > 65536
    path.write_text(body + '{"row": 2000, "outc')
    ReportWriter(path, append=True).close()
    assert path.read_text() == body


def test_appending_to_a_report_ending_with_a_newline_keeps_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    body = jsonl({"row": 1, "outcome": "success"})
    path.write_text(body)
    ReportWriter(path, append=True).close()
    assert path.read_text() == body


def test_resume_takes_the_last_line_of_each_row_and_keeps_unknown(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        HEADER
        + "1,error,X,m,,d1\n"
        + "1,success,SUCCESS,done,11,d1\n"
        + "2,success,SUCCESS,,22,d2\n"
        + "2,error,X,again,,d2\n"
        + "3,unknown,UNKNOWN,lost,,d3\n"
        + "4,skipped,ALREADY_DONE,,44,d4\n"
        + "5,invalid,X,,,d5\n"
    )
    assert read_done(path) == {
        1: Done("11", "d1", "success", "SUCCESS", "done"),
        3: Done("", "d3", "unknown", "UNKNOWN", "lost"),
        4: Done("44", "d4", "skipped", "ALREADY_DONE", ""),
    }
    assert read_done_rows(path) == {1, 4}


def test_a_report_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("\ufeff".encode() + (HEADER + "1,success,S,,1,\n").encode())
    assert read_done_rows(path) == {1}
    with ReportWriter(path, append=True) as report:
        report.write(2, "success", "S", "", "2")
    assert read_done_rows(path) == {1, 2}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.xlsx", HEADER.encode(), "is not a zoho-records report"),
        ("r.csv", b"row,outcome\n1,success\xff\xfe\n", "is not a zoho-records report"),
        ("r.jsonl", b'{"row": 1, "outcome": "\xff"}\n', "is not a zoho-records report"),
        ("r.csv", b"id,name\n1,a\n", "is not a zoho-records report"),
        ("r.csv", b"row,code\n1,a\n", "is not a zoho-records report"),
        ("r.tsv", HEADER.encode(), "is not a zoho-records report"),  # commas in a .tsv
        ("r.jsonl", b'{"id": 1}\n[1, 2]\n', "is not a zoho-records report"),
        ("r.jsonl", b'{"row": 1}\n', "is not a zoho-records report"),
        ("r.jsonl", b'{"outcome": "success"}\n', "is not a zoho-records report"),
        ("r.jsonl", b"not json\n", "is not a zoho-records report"),
    ],
)
def test_a_file_that_is_no_report_is_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message) as caught:
        read_done(path)
    assert str(path) in str(caught.value)
    assert caught.value.__cause__ is None  # no traceback of a decoding error behind it


def test_a_missing_report_or_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"cannot resume: report .*nope\.csv does not exist"):
        read_done(tmp_path / "nope.csv")
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(InputFileError, match="is a directory, not a report"):
        read_done(tmp_path / "d.csv")


def test_an_empty_jsonl_report_has_no_rows_done(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n \n")
    assert read_done(path) == {}


def test_a_garbled_jsonl_line_runs_again_and_the_rest_still_count(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        jsonl({"row": 1, "outcome": "success", "record_id": "1"})
        + '{"row": 2, "outcome": "succ\n'
        + "[" * 100000
        + "\n"
        + "[3]\n"
        + jsonl({"row": 4, "outcome": "success", "record_id": "4"})
    )
    assert read_done(path) == {1: Done("1", "", "success"), 4: Done("4", "", "success")}


def test_an_unparsable_row_runs_again_without_another_rows_values(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        jsonl(
            {"row": 1, "outcome": "success", "record_id": "1", "input_digest": "d1"},
            {"row": "two", "outcome": "success", "record_id": "2"},
            {"row": None, "outcome": "success", "record_id": "3"},
            {"row": 4, "record_id": "4"},
            {"row": 5, "outcome": "success", "record_id": "5"},
        )
    )
    assert read_done(path) == {
        1: Done("1", "d1", "success"),
        5: Done("5", "", "success"),
    }


def test_a_csv_line_with_broken_quoting_or_a_bad_row_runs_again(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        HEADER
        + "1,success,S,,1,d1\n"
        + '2,success,S,"a"b,2,d2\n'
        + "x,success,S,,3,d3\n"
        + "\n"
        + "4,success,S,,4,d4\n"
    )
    assert read_done(path) == {
        1: Done("1", "d1", "success", "S"),
        4: Done("4", "d4", "success", "S"),
    }


def test_compact_leaves_one_line_per_row_in_row_order(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        HEADER
        + "3,error,X,m,,d3\n"
        + "1,error,X,m,,d1\n"
        + "3,success,S,,33,d3\n"
        + "2,success,S,,22,d2\n"
        + "1,unknown,UNKNOWN,,,d1\n"
        + "4,succ"
    )
    compact(path)
    assert path.read_text() == (
        HEADER + "1,unknown,UNKNOWN,,,d1\n" + "2,success,S,,22,d2\n" + "3,success,S,,33,d3\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


def test_compact_of_a_jsonl_report_adds_no_header(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        jsonl({"row": 2, "outcome": "success"}, {"row": 1, "outcome": "error"})
        + jsonl({"row": 2, "outcome": "error"})
    )
    compact(path)
    assert [json.loads(line) for line in path.read_text().splitlines()] == [
        {"row": 1, "outcome": "error"},
        {"row": 2, "outcome": "error"},
    ]


def test_flush_puts_the_lines_written_on_disk_before_close(tmp_path: Path) -> None:
    """An interrupted run leaves every finished row in the report: the CLI flushes after each
    batch, so a crash before close loses nothing already flushed."""
    path = tmp_path / "r.jsonl"
    report = ReportWriter(path)
    try:
        report.write(1, "success", "S", "", "1")
        report.flush()
        assert read_done_rows(path) == {1}
    finally:
        report.close()


def test_a_cut_line_is_dropped_up_to_64_kib(tmp_path: Path) -> None:
    """The cut line is looked for in the last 64 KiB: a cut line of 65,535 bytes (its newline
    the window's first byte) is dropped; one of 65,536 has no newline in the window: left."""
    path = tmp_path / "r.jsonl"
    head = jsonl({"row": 1, "outcome": "success"})
    path.write_text(head + "x" * 65535)
    ReportWriter(path, append=True).close()
    assert path.read_text() == head
    path.write_text(head + "x" * 65536)
    ReportWriter(path, append=True).close()
    assert path.stat().st_size == len(head) + 65536


def test_a_broken_csv_line_never_borrows_the_previous_rows_values(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(HEADER + '1,success,S,"a"b,1,d1\n' + "2,success,S,,2,d2\n")
    assert read_done(path) == {2: Done("2", "d2", "success", "S")}  # first line: no crash
    path.write_text(HEADER + "1,success,S,,1,d1\n" + '2,success,S,"a"b,2,d2\n' + "\n")
    compact(path)
    assert path.read_text() == HEADER + "1,success,S,,1,d1\n"

"""Appending to a report that holds nothing but blank lines (a crash right after the first
byte, or a user's empty file): the report starts afresh with its header, so that the rows
written after it can be resumed from."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoho_records.cli.report import ReportWriter, read_done

HEADER = "row,outcome,code,message,record_id,input_digest\n"


@pytest.mark.parametrize("blank", ["\n", "\n\n", " \n", "\r\n"])
@pytest.mark.parametrize("name", ["r.csv", "r.tsv"])
def test_a_blank_report_gets_its_header_before_the_rows(
    tmp_path: Path, name: str, blank: str
) -> None:
    path = tmp_path / name
    path.write_bytes(blank.encode())
    with ReportWriter(path, append=True) as report:
        report.write(1, "success", "", "", "1001", "d1")
        report.write(2, "error", "INVALID_DATA", "bad", None, "d2")
    text = path.read_text(encoding="utf-8")
    delimiter = "\t" if name.endswith(".tsv") else ","
    assert text.splitlines()[0] == HEADER.strip().replace(",", delimiter)
    assert len(text.splitlines()) == 3  # the header and the two rows, nothing blank
    done = read_done(path)
    assert done[1].record_id == "1001" and done[1].input_digest == "d1"
    assert set(done) == {1}  # the failed row runs again


def test_a_report_with_content_after_a_blank_first_line_is_not_wiped(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("\n" + HEADER + "1,success,,,1001,d1\n", encoding="utf-8")
    ReportWriter(path, append=True).close()
    assert path.read_text(encoding="utf-8").startswith("\n" + HEADER + "1,success")


def test_a_blank_jsonl_report_is_appended_to(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n", encoding="utf-8")
    with ReportWriter(path, append=True) as report:
        report.write(1, "success", "", "", "1001", "d1")
    assert read_done(path)[1].record_id == "1001"

"""A file whose lines end in a carriage return alone (classic Mac line ends: Excel's "CSV
(Macintosh)" and older Mac tools write them) stopped the run with the csv module's own words,
"new-line character seen in unquoted field - do you need to open the file in universal-newline
mode?", which tell a user nothing they can do. Such a file is read as its lines."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main
from zoho_records.cli.reading import read_rows

from .conftest import deal_ids, emulator_records

pytestmark = pytest.mark.timeout(120)


def rows_of(path: Path) -> list[tuple[int, int | None, dict[str, Any], list[str]]]:
    return [
        (r.number, r.line, dict(r.record), [p.message for p in r.problems])
        for r in read_rows(path, field_types=None)
    ]


def test_a_csv_with_carriage_returns_alone_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(b'id,Stage,Description\r1,Closed Won,"two\rlines"\r2,Qualification,x\r')
    assert rows_of(path) == [
        (1, 2, {"id": "1", "Stage": "Closed Won", "Description": "two\rlines"}, []),
        (2, 4, {"id": "2", "Stage": "Qualification", "Description": "x"}, []),
    ]


def test_crlf_and_lf_files_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes(b'id,Description\r\n1,"a\r\nb"\r\n2,"c\rd"\n3,e')
    # (a carriage return alone inside a cell is no line end here: row 3 is on line 5)
    assert [(n, line, rec) for n, line, rec, _ in rows_of(path)] == [
        (1, 2, {"id": "1", "Description": "a\r\nb"}),
        (2, 4, {"id": "2", "Description": "c\rd"}),
        (3, 5, {"id": "3", "Description": "e"}),
    ]


def test_a_utf16_tsv_with_carriage_returns_alone_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mac.tsv"
    path.write_bytes("id\tStage\r1\tClosed Won\r2\tQualification".encode("utf-16"))
    assert [rec for _, _, rec, _ in rows_of(path)] == [
        {"id": "1", "Stage": "Closed Won"},
        {"id": "2", "Stage": "Qualification"},
    ]


def test_json_lines_with_carriage_returns_alone_are_one_object_a_line(tmp_path: Path) -> None:
    path = tmp_path / "mac.jsonl"
    path.write_bytes(b'{"id": "1", "Stage": "A"}\r{"id": "2", "Stage": "B"}\r')
    assert rows_of(path) == [
        (1, 1, {"id": "1", "Stage": "A"}, []),
        (2, 2, {"id": "2", "Stage": "B"}, []),
    ]


def test_the_run_updates_every_row_of_a_mac_csv(env: Any, tmp_path: Path) -> None:
    first, second = deal_ids(2)
    src = tmp_path / "mac.csv"
    src.write_bytes(f"id,Stage\r{first},Closed Won\r{second},Closed Lost\r".encode())
    report = tmp_path / "r.csv"
    argv = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*argv, "--base-url", env.base_url, "--no-progress"]) == 0
    with report.open(newline="") as fh:
        assert [(r["row"], r["outcome"]) for r in csv.DictReader(fh)] == [
            ("1", "success"),
            ("2", "success"),
        ]
    records = emulator_records(env, "crm", "Deals")
    assert (records[first]["Stage"], records[second]["Stage"]) == ("Closed Won", "Closed Lost")

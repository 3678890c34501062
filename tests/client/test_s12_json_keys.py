"""A JSON object that names a key twice: the JSON reader keeps the last value and drops the
other, so ``{"id": "1", "Stage": "Closed Won", "Stage": "Qualification"}`` was sent as
Qualification with nothing said, while a CSV header naming a column twice is refused. Such a
row (JSON Lines, a .json array, a CSV cell holding JSON, ``--set FIELD=JSON``) is now a
problem of its row and key, and the other rows go."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main
from zoho_records.cli.errors import UsageError
from zoho_records.cli.options import parse_set
from zoho_records.cli.reading import read_rows

from .conftest import deal_ids, emulator_records, request_log

pytestmark = pytest.mark.timeout(120)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def problems(path: Path, **kw: Any) -> list[str]:
    return [str(p) for row in read_rows(path, field_types=None, **kw) for p in row.problems]


def test_a_jsonl_object_with_a_key_twice_is_a_problem_of_its_row(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(
        '{"id": "1", "Stage": "Closed Won", "Stage": "Qualification"}\n'
        '{"id": "2", "Account_Name": {"id": "3", "id": "4"}}\n'
        '{"id": "5", "Stage": "Closed Won"}\n'
    )
    assert problems(path) == [
        "row 1 (line 1), key Stage: appears twice in the object (JSON keeps only the last "
        "value and drops the other): keep one",
        "row 2 (line 2), key Account_Name: an object names 'id' twice (JSON keeps only the "
        "last value and drops the other): keep one",
    ]


def test_a_json_array_item_with_a_key_twice_is_a_problem_of_its_item(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text('[{"id": "1", "Stage": "A"},\n {"id": "2", "id": "3", "Stage": "B"}]')
    assert problems(path) == [
        "row 2 (line 2), key id: appears twice in the object (JSON keeps only the last value "
        "and drops the other): keep one"
    ]


def test_a_csv_cell_holding_json_with_a_key_twice_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('id,Subform\n1,"[{""id"":""2"",""id"":""3""}]"\n4,"[{""id"":""5""}]"\n')
    assert problems(path) == [
        "row 1 (line 2), column Subform: an object names 'id' twice (JSON keeps only the "
        "last value and drops the other): keep one"
    ]


def test_set_with_a_json_value_naming_a_key_twice_is_refused() -> None:
    with pytest.raises(UsageError, match="--set Account_Name: an object names 'id' twice"):
        parse_set(['Account_Name={"id": "1", "id": "2"}'])
    assert parse_set(['Account_Name={"id": "1"}']) == {"Account_Name": {"id": "1"}}


def test_the_run_sends_the_other_rows_and_reports_every_row(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    first, second = deal_ids(2)
    src = tmp_path / "d.jsonl"
    src.write_text(
        f'{{"id": "{first}", "Stage": "Closed Won", "Stage": "Qualification"}}\n'
        f'{{"id": "{second}", "Stage": "Closed Won"}}\n'
    )
    before = emulator_records(env, "crm", "Deals")[first]["Stage"]
    report = tmp_path / "r.csv"
    argv = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*argv, *target(env)]) == 1
    with report.open(newline="") as fh:
        lines = {r["row"]: r for r in csv.DictReader(fh)}
    assert lines.keys() == {"1", "2"}
    assert (lines["1"]["outcome"], lines["1"]["code"]) == ("error", "INVALID_INPUT")
    assert "appears twice" in lines["1"]["message"]
    assert lines["2"]["outcome"] == "success"
    sent = [i for r in request_log(env) if r["op"] == "update" for i in r["ids"]]
    assert sent == [second]
    records = emulator_records(env, "crm", "Deals")
    assert records[first]["Stage"] == before
    assert records[second]["Stage"] == "Closed Won"


def test_a_key_twice_is_told_once_not_also_for_its_value(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "1", "Amount": "lots", "Amount": "more", "Stage": 5}\n')
    rows = list(read_rows(path, field_types={"Amount": "currency", "Stage": "picklist"}))
    assert [(p.column, p.message.split(" (")[0]) for p in rows[0].problems] == [
        ("Amount", "appears twice in the object"),
        ("Stage", "5 does not fit field type picklist: write text as a JSON string"),
    ]

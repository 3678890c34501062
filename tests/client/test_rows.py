"""Reading CSV/JSONL input: clear errors per row and column, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoho_records._rows import header_problems, read_header, read_rows

TYPES = {
    "Stage": "picklist",
    "Amount": "currency",
    "Probability": "integer",
    "Closing_Date": "date",
    "Foreign_Languages": "multiselectpicklist",
    "Account_Name": "lookup",
    "Listings": "multiselectlookup",
    "Is_Hot": "boolean",
    "Next_Step": "text",
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cells_become_typed_json(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "d.csv",
        "id,Stage,Amount,Probability,Closing_Date,Foreign_Languages,Account_Name,Listings,Is_Hot,Next_Step\n"
        '1,Closed Won,1250.50,40,2024-01-31,English;Korean,554023000000238121,"[{""id"":""4"",""_delete"":null}]",yes,\n'
        '2,,12,,,"[""Spanish""]","{""id"":""9""}",,false,call back\n',
    )
    rows = list(read_rows(path, field_types=TYPES))
    assert [r.problems for r in rows] == [[], []]
    assert rows[0].record == {
        "id": "1",
        "Stage": "Closed Won",
        "Amount": 1250.5,
        "Probability": 40,
        "Closing_Date": "2024-01-31",
        "Foreign_Languages": ["English", "Korean"],
        "Account_Name": {"id": "554023000000238121"},
        "Listings": [{"id": "4", "_delete": None}],
        "Is_Hot": True,
    }
    assert rows[1].record == {
        "id": "2",
        "Amount": 12,
        "Foreign_Languages": ["Spanish"],
        "Account_Name": {"id": "9"},
        "Is_Hot": False,
        "Next_Step": "call back",
    }


def test_empty_as_null(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "id,Next_Step,Amount\n1,,\n")
    (row,) = read_rows(path, field_types=TYPES, empty_as_null=True)
    assert row.record == {"id": "1", "Next_Step": None, "Amount": None}


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        ("abc,Closed Won,1", "id", "not a Zoho record id"),
        ("3.65E+18,Closed Won,1", "id", "spreadsheet"),
        ("12345678901234567890,Closed Won,1", "id", "20 digits"),
        ('1,Closed Won,"1,000",50', "Amount", "thousands"),
        ("1,Closed Won,1,fifty", "Probability", "whole number"),
        ('1,Closed Won,1,1,"[""English"""', "Foreign_Languages", "cannot read"),
        ('1,Closed Won,1,1,"[1,2]"', "Foreign_Languages", "array of strings"),
        ("1,Closed Won,1,1,English,Zylker", "Account_Name", "not a lookup"),
        ("1,Closed Won,1,1,English,1,2024-02-30", "Closing_Date", "not a date"),
        ("1,Closed Won,1,1,English,1,2024-02-01,maybe", "Is_Hot", "true or false"),
    ],
)
def test_bad_cells_name_row_column_and_fix(
    tmp_path: Path, cells: str, column: str, fragment: str
) -> None:
    header = "id,Stage,Amount,Probability,Foreign_Languages,Account_Name,Closing_Date,Is_Hot"
    path = write(tmp_path, "d.csv", f"{header}\n1,Closed Won\n{cells}\n")
    rows = list(read_rows(path, field_types=TYPES))
    assert len(rows) == 2  # nothing lost
    problems = [p for p in rows[1].problems if p.column == column]
    assert problems, rows[1].problems
    assert fragment in problems[0].message
    assert str(problems[0]).startswith(f"row 2, column {column}: ")


def test_missing_and_misnamed_id_column(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "ID,Stage\n1,Closed Won\n")
    problems = header_problems(read_header(path), TYPES, require_id=True, module="Deals")
    assert any("no 'id' column" in p and "rename it" in p for p in problems)


def test_unknown_column_suggests_the_field(tmp_path: Path) -> None:
    problems = header_problems(["id", "Stagee"], TYPES, require_id=True, module="Deals")
    assert problems == [
        "column 'Stagee' is not a field of Deals (use field API names, see get_fields); did you mean 'Stage'?"
    ]


def test_short_rows_and_empty_ids_are_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "id,Stage,Amount\n,Closed Won,1\n1,Closed Won\n\n2,x,1\n")
    rows = list(read_rows(path, field_types=TYPES))
    assert [r.number for r in rows] == [1, 2, 4]  # the blank line keeps its number
    assert "id is empty" in rows[0].problems[0].message
    assert "2 cells but the header has 3" in rows[1].problems[0].message
    assert rows[2].ok


def test_jsonl_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "d.jsonl",
        '{"id": "1", "Stage": "Closed Won"}\n\n{"id": 2}\n[1]\n{"Stage": "x"}\n{bad\n{"id": "x1"}\n',
    )
    rows = list(read_rows(path))
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].ok and rows[1].record == {"id": "2"}
    assert "must be an object" in rows[2].problems[0].message
    assert 'missing "id"' in rows[3].problems[0].message
    assert "not valid JSON" in rows[4].problems[0].message
    assert rows[5].problems[0].column == "id"

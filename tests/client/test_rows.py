"""Reading CSV/JSONL input: clear errors per row and column, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoho_records.cli.reading import header_problems, read_header, read_rows

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
    assert str(problems[0]).startswith(f"row 2 (line 3), column {column}: ")


def test_missing_and_misnamed_id_column(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "ID,Stage\n1,Closed Won\n")
    problems = header_problems(read_header(path), TYPES, require_id=True, module="Deals")
    assert any("no 'id' column" in p and "rename it" in p for p in problems)


def test_unknown_column_suggests_the_field(tmp_path: Path) -> None:
    problems = header_problems(["id", "Stagee"], TYPES, require_id=True, module="Deals")
    assert problems == [
        "column 'Stagee' is not a field of Deals (use field API names; "
        "`zoho-records fields --module Deals` lists them); did you mean 'Stage'?"
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


def test_jsonl_values_are_checked_against_field_types(tmp_path: Path) -> None:
    """JSONL values that cannot fit their field get a problem naming the key and the fix;
    values that fit (including null, numeric strings and integer floats) pass."""
    good = {
        "id": "1",
        "Stage": "Closed Won",
        "Amount": "12.5",
        "Probability": 40.0,
        "Closing_Date": "2024-02-29",
        "Foreign_Languages": ["English"],
        "Account_Name": {"id": "3652397000000281001"},
        "Listings": [{"id": "5", "_delete": None}],
        "Is_Hot": False,
        "Next_Step": None,
        "$append_values": {"Foreign_Languages": True},
        "duplicate_check_fields": ["Deal_Name"],
    }
    bad = {
        "id": "2",
        "Stage": 3,
        "Amount": "12,5",
        "Probability": 1.5,
        "Closing_Date": "2024-02-30",
        "Foreign_Languages": "English",
        "Account_Name": {"name": "Zylker"},
        "Listings": {"id": "5"},
        "Is_Hot": "yes",
    }
    path = write(tmp_path, "d.jsonl", json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    rows = list(read_rows(path, field_types=TYPES, known_fields=TYPES, module="Deals"))
    assert rows[0].ok, rows[0].problems
    by_key = {p.column: p for p in rows[1].problems}
    assert set(by_key) == set(bad) - {"id"}
    assert all(p.kind == "key" and p.row == 2 for p in by_key.values())
    assert str(by_key["Amount"]) == (
        'row 2 (line 2), key Amount: "12,5" does not fit field type currency: write a number, '
        "e.g. 1250.5"
    )
    assert "YYYY-MM-DD" in by_key["Closing_Date"].message
    assert '{"id": "<digits>"}' in by_key["Account_Name"].message
    assert "true or false" in by_key["Is_Hot"].message


def test_jsonl_unknown_keys_name_the_field_meant(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", '{"id": "1", "Stagee": "Won", "$x": 1}\n')
    (row,) = read_rows(path, field_types=TYPES, known_fields=TYPES, module="Deals")
    (problem,) = row.problems
    assert problem.column == "Stagee" and "did you mean 'Stage'?" in problem.message
    # without known fields (e.g. relation fields of a related list) unknown keys pass
    (row,) = read_rows(path, field_types=TYPES)
    assert row.ok


def test_csv_date_time_needs_an_offset(tmp_path: Path) -> None:
    types = {"When": "datetime"}
    path = write(tmp_path, "d.csv", "id,When\n1,2024-01-15T15:26:49+05:30\n2,2024-01-15T15:26:49\n")
    first, second = read_rows(path, field_types=types)
    assert first.ok and first.record["When"] == "2024-01-15T15:26:49+05:30"
    assert "offset" in second.problems[0].message


# ---- messages about the value itself (issue 15) -------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            "2024-02-30",
            "'2024-02-30' is not a date: February 2024 has 29 days, so day 30 does "
            "not exist; write YYYY-MM-DD, e.g. 2024-01-31",
        ),
        ("2023-02-29", "February 2023 has 28 days, so day 29 does not exist"),
        ("2024-04-31", "April 2024 has 30 days, so day 31 does not exist"),
        ("2024-13-01", "there is no month 13 (months are 01 to 12)"),
        ("0000-01-01", "there is no year 0000"),
        ("31/01/2024", "the year must come first"),
        ("next week", "not in the form YYYY-MM-DD"),
    ],
)
def test_a_date_that_does_not_exist_says_why(tmp_path: Path, cell: str, message: str) -> None:
    path = write(tmp_path, "d.csv", f"id,Closing_Date\n1,{cell}\n")
    (row,) = read_rows(path, field_types=TYPES)
    assert len(row.problems) == 1 and message in row.problems[0].message


def test_a_leap_day_is_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "id,Closing_Date\n1,2024-02-29\n")
    (row,) = read_rows(path, field_types=TYPES)
    assert row.ok and row.record["Closing_Date"] == "2024-02-29"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30T10:00:00+05:30", "February 2024 has 29 days, so day 30 does not exist"),
        ("2024-01-15T15:26:49", "the offset from UTC is missing (e.g. +05:30 or Z)"),
        ("2024-01-15", "the time is missing"),
        ("2024-01-15T25:00:00Z", "'25:00:00Z' is not a time of day"),
    ],
)
def test_a_date_time_that_is_not_one_says_why(tmp_path: Path, value: str, message: str) -> None:
    types = {"Due": "datetime"}
    path = write(tmp_path, "d.jsonl", json.dumps({"id": "1", "Due": value}) + "\n")
    (row,) = read_rows(path, field_types=types)
    assert len(row.problems) == 1 and message in row.problems[0].message, row.problems


@pytest.mark.parametrize(
    ("cell", "hint"),
    [
        ("ninety", "write it in digits, e.g. 42"),
        ("12.5", "this field takes no decimals, e.g. 12"),
        ("1,000", "write digits without separators, e.g. 1000"),
    ],
)
def test_a_whole_number_message_gives_an_example(tmp_path: Path, cell: str, hint: str) -> None:
    path = write(tmp_path, "d.csv", f'id,Probability\n1,"{cell}"\n')
    (row,) = read_rows(path, field_types=TYPES)
    assert row.problems[0].message == (
        f"{cell!r} is not a whole number (field type integer); {hint}"
    )


def test_picklist_values_are_checked_with_the_nearest_ones(tmp_path: Path) -> None:
    picklists = {
        "Stage": ("Qualification", "Closed Won", "Closed Lost"),
        "Foreign_Languages": ("English", "Korean"),
    }
    path = write(
        tmp_path,
        "d.csv",
        "id,Stage,Foreign_Languages\n1,Closed Wonn,English\n2,closed won,Korean;Klingon\n"
        "3,Closed Won,English;Korean\n4,Lunch,\n",
    )
    rows = list(read_rows(path, field_types=TYPES, picklists=picklists, module="Deals"))
    first, second, third, fourth = rows
    assert str(first.problems[0]) == (
        "row 1 (line 2), column Stage: 'Closed Wonn' is not one of the values of the picklist "
        "Stage (nearest: 'Closed Won', 'Closed Lost'); values must match exactly "
        "(`zoho-records fields --module Deals` lists them all)"
    )
    assert [p.column for p in second.problems] == ["Stage", "Foreign_Languages"]
    assert "(did you mean 'Closed Won'?)" in second.problems[0].message
    assert "'Klingon' is not one of the values of the picklist Foreign_Languages" in (
        second.problems[1].message
    )
    assert third.ok
    assert "its values are 'Qualification', 'Closed Won', 'Closed Lost'" in (
        fourth.problems[0].message
    )


def test_bigin_hints_name_the_bigin_fields_command(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", json.dumps({"id": "1", "Stagee": "x"}) + "\n")
    (row,) = read_rows(
        path, field_types=TYPES, known_fields=TYPES, module="Pipelines", product="bigin"
    )
    assert "`zoho-records fields --module Pipelines --product bigin` lists them" in (
        row.problems[0].message
    )


def test_rows_are_named_by_their_file_line(tmp_path: Path) -> None:
    csv_path = write(tmp_path, "d.csv", 'id,Next_Step\n1,"a\nb"\n\n2,x\nx,y\n')
    rows = list(read_rows(csv_path))
    assert [(r.number, r.line) for r in rows] == [(1, 2), (3, 5), (4, 6)]
    assert str(rows[-1].problems[0]).startswith("row 4 (line 6), column id: ")
    jsonl = write(tmp_path, "d.jsonl", '\n{"id": "1"}\n\n{"id": "x"}\n')
    rows = list(read_rows(jsonl))
    assert [(r.number, r.line) for r in rows] == [(1, 2), (2, 4)]
    assert str(rows[1].problems[0]).startswith("row 2 (line 4), key id: ")


def test_items_of_a_json_array_are_named_by_the_line_they_start_on(tmp_path: Path) -> None:
    text = '[\n  {"id": "1"},\n\n  {\n    "id": "x"\n  }, {"id": "2"}\n]\n'
    path = write(tmp_path, "d.json", text)
    rows = list(read_rows(path))
    assert [(r.number, r.line) for r in rows] == [(1, 2), (2, 4), (3, 6)]
    assert str(rows[1].problems[0]).startswith("row 2 (line 4), key id: ")

"""CSV cells typed by their field's type and JSON values checked against it, value by value:
what each becomes, and the exact problem told for what cannot be right."""

from __future__ import annotations

from typing import Any

import pytest

from zoho_records import NOT_GIVEN
from zoho_records.cli.cells import (
    FieldChecks,
    check_id,
    check_value,
    convert_cell,
    picklist_problem,
)
from zoho_records.cli.rows import Row


def cell(raw: str, data_type: str | None, column: str = "Field", **kw: Any) -> tuple[Any, list]:
    row = Row(1, {})
    value = convert_cell(row, column, raw, data_type, False, kw.get("picklists"))
    return value, [p.message for p in row.problems]


def checked(value: Any, data_type: str, picklists: FieldChecks | None = None) -> list[str]:
    row = Row(1, {})
    check_value(row, "Field", value, data_type, picklists)
    return [p.message for p in row.problems]


@pytest.mark.parametrize(
    ("raw", "data_type", "column", "expected"),
    [
        ("  ", "text", "Field", "  "),  # spaces are a text value
        ("  ", "integer", "Field", NOT_GIVEN),  # but no number
        ("Won", "picklist", "Stage", "Won"),  # values not known: taken as is
        ("[1, 2]", None, "Field", [1, 2]),  # untyped: JSON when it looks like JSON
        ("[1, 2]", "text", "Field", "[1, 2]"),  # a text field keeps the text
        ('{"a": 1}', None, "$approval", {"a": 1}),
        ('"x"', "text", "$note", "x"),  # a $ key is always JSON
        ("12", "currency", "Field", 12),
        ("12.0", "currency", "Field", 12.0),
        ("1e3", "double", "Field", 1000),
        ("12.5", "double", "Field", 12.5),
        ('{"id": "1"}', "lookup", "Owner", {"id": "1"}),
        ("[]", "subform", "Items", []),
        # spaces around an address are a spreadsheet's: they went out, and the emulator's
        # email check refused the row, though the dry run had passed it
        (" j.smith@zylker.com\t", "email", "Email", "j.smith@zylker.com"),
        (" kept as text ", "text", "Field", " kept as text "),
    ],
)
def test_a_cell_becomes_the_value_its_field_takes(
    raw: str, data_type: str | None, column: str, expected: Any
) -> None:
    value, problems = cell(raw, data_type, column)
    assert problems == []
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("raw", "data_type", "column", "problem"),
    [
        ("nan", "double", "Field", "'nan' is not a finite number"),
        ("-inf", "currency", "Field", "'-inf' is not a finite number"),
        (
            '{"a": }',
            None,
            "Field",
            "cannot read '{\"a\": }' as JSON (Expecting value at character 7); write valid "
            'JSON such as ["A","B"] or {"id":"123"}',
        ),
        (
            '{"name": "x"}',
            "lookup",
            "Owner",
            'a lookup must name the linked record: {"id": "<digits>"}',
        ),
        ('{"a": 1}', "subform", "Items", "field type subform takes a JSON array of objects"),
        ('{"a": 1}', None, "Tag", "field type Tag takes a JSON array of objects"),
        (
            "1,000",
            "integer",
            "Field",
            "'1,000' is not a whole number (field type integer); "
            "write digits without separators, e.g. 1000",
        ),
        (
            "12.0",
            "integer",
            "Field",
            "'12.0' is not a whole number (field type integer); write it as 12",
        ),
        (
            "12.5",
            "integer",
            "Field",
            "'12.5' is not a whole number (field type integer); "
            "this field takes no decimals, e.g. 12",
        ),
        (
            "inf",
            "integer",
            "Field",
            "'inf' is not a whole number (field type integer); write it in digits, e.g. 42",
        ),
        (
            "ten",
            "integer",
            "Field",
            "'ten' is not a whole number (field type integer); write it in digits, e.g. 42",
        ),
    ],
)
def test_a_cell_that_cannot_be_right_is_one_problem_and_no_value(
    raw: str, data_type: str | None, column: str, problem: str
) -> None:
    value, problems = cell(raw, data_type, column)
    assert value is NOT_GIVEN
    assert problems == [problem]


def test_long_cells_are_cut_to_40_characters_in_the_problem() -> None:
    long = "{" + "x" * 60
    _, problems = cell(long, None)
    assert f"cannot read {long[:40]!r} as JSON" in problems[0]
    _, problems = cell("y" * 60, "lookup", "Owner")
    assert problems[0].startswith(f"{'y' * 40!r} is not a lookup")
    _, problems = cell('["a", 1' + "2" * 50 + "]", "multiselectpicklist")
    assert problems[0].startswith(repr(('["a", 1' + "2" * 50)[:40]) + " must be a JSON array")


def test_unreadable_json_in_a_lookup_or_a_list_is_told_once() -> None:
    for data_type, column in (("lookup", "Owner"), ("subform", "Items")):
        value, problems = cell("{broken", data_type, column)
        assert value is NOT_GIVEN and len(problems) == 1


def test_a_boolean_is_no_record_id() -> None:
    row = Row(1, {})
    assert check_id(row, "id", True) is None
    # said as the JSON file writes it (it said True, Python's spelling)
    assert [p.message for p in row.problems] == ["true is not a record id; ids are digit strings"]


def test_a_picklist_value_far_from_all_shows_the_first_eight_values() -> None:
    eight = [f"Value {c}" for c in "ABCDEFGH"]
    shown = ", ".join(repr(v) for v in eight)
    assert f"its values are {shown});" in picklist_problem("Stage", "zzz", eight, "hint")
    assert f"its values are {shown}, ...);" in picklist_problem(
        "Stage", "zzz", [*eight, "Value I"], "hint"
    )


def test_a_picklist_value_near_several_shows_the_three_nearest() -> None:
    allowed = ["Stage1", "Stage2", "Stage3", "Stage4"]
    message = picklist_problem("Stage", "Stage", allowed, "hint")
    assert "(nearest: 'Stage4', 'Stage3', 'Stage2');" in message  # closest first


@pytest.mark.parametrize(
    ("value", "data_type", "problem"),
    [
        (1.5, "integer", "1.5 does not fit field type integer: write a whole number, e.g. 42"),
        (
            "1.5",
            "integer",
            '"1.5" does not fit field type integer: write a whole number; this '
            "field takes no decimals, e.g. 2",
        ),
        (
            "12a",
            "bigint",
            '"12a" does not fit field type bigint: write a whole number; write it '
            "in digits, e.g. 42",
        ),
        (True, "double", "true does not fit field type double: write a number, e.g. 1250.5"),
        ("NaN", "double", '"NaN" does not fit field type double: write a number, e.g. 1250.5'),
        (
            "x" * 50,
            "double",
            '"' + "x" * 36 + "... does not fit field type double: write a number, e.g. 1250.5",
        ),
        (
            0,
            "lookup",
            '0 does not fit field type lookup: link the record by its id: {"id": "<digits>"}',
        ),
        ({"a": 1}, "subform", '{"a": 1} does not fit field type subform: write a list of objects'),
        ([1], "tag", "[1] does not fit field type tag: write a list of objects"),
        (
            ["A", 1],
            "multiselectpicklist",
            '["A", 1] does not fit field type '
            'multiselectpicklist: write a list of strings, e.g. ["Korean","Spanish"]',
        ),
    ],
)
def test_a_json_value_that_cannot_fit_its_field_is_told(
    value: Any, data_type: str, problem: str
) -> None:
    assert checked(value, data_type) == [problem]


@pytest.mark.parametrize(
    ("value", "data_type"),
    [
        (42, "integer"),
        (42.0, "integer"),
        ("-42", "integer"),
        (1, "double"),
        (1.5, "currency"),
        ("1.5", "double"),
        (7, "lookup"),
        ({"id": "123"}, "lookup"),
        ([{"id": "1"}], "subform"),
        (["A"], "multiselectpicklist"),
    ],
)
def test_a_json_value_that_fits_is_no_problem(value: Any, data_type: str) -> None:
    assert checked(value, data_type) == []


def test_json_picklist_values_are_checked_once_per_key() -> None:
    picklists = FieldChecks({"Field": ["A", "B"]}, "Deals", "crm")
    assert checked("A", "picklist", picklists) == []
    assert len(checked("C", "picklist", picklists)) == 1
    assert checked("C", "text", picklists) == []  # only a picklist field is checked
    assert len(checked(["C", "D"], "multiselectpicklist", picklists)) == 1
    assert checked(["C"], "multiselectpicklist", None) == []


@pytest.mark.parametrize(
    ("value", "data_type", "problem"),
    [
        (
            20240131,
            "date",
            "20240131 does not fit field type date: write a date as a string, "
            "YYYY-MM-DD, e.g. 2024-01-31",
        ),
        (
            1,
            "datetime",
            "1 does not fit field type datetime: write ISO 8601 with an offset, "
            "e.g. 2024-01-15T15:26:49+05:30",
        ),
        (
            "2024-02-30",
            "date",
            '"2024-02-30" does not fit field type date: February 2024 has 29 '
            "days, so day 30 does not exist; write YYYY-MM-DD, e.g. 2024-01-31",
        ),
        (
            "2024-01-00",
            "date",
            '"2024-01-00" does not fit field type date: January 2024 has 31 '
            "days, so day 00 does not exist; write YYYY-MM-DD, e.g. 2024-01-31",
        ),
        (
            0,
            "lookup",
            '0 does not fit field type lookup: link the record by its id: {"id": "<digits>"}',
        ),
        (
            "Zoë",
            "integer",
            '"Zoë" does not fit field type integer: write a whole number; write '
            "it in digits, e.g. 42",
        ),
        (
            "y" * 38,
            "double",
            '"' + "y" * 38 + '" does not fit field type double: write a number, e.g. 1250.5',
        ),
        (
            "y" * 39,
            "double",
            '"' + "y" * 36 + "... does not fit field type double: write a number, e.g. 1250.5",
        ),
    ],
    ids=["date-number", "datetime-number", "feb-30", "day-0", "lookup-0", "non-ascii", "40", "41"],
)
def test_a_json_value_problem_shows_the_value_as_written(
    value: Any, data_type: str, problem: str
) -> None:
    assert checked(value, data_type) == [problem]


def test_the_smallest_lookup_id_fits() -> None:
    assert checked(1, "lookup") == []
    assert checked("2024-01-01", "date") == []

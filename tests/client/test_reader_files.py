"""The command line's input files as the readers see them: every unreadable file is a clear
``InputFileError`` naming what and where, a header's faults are all told, and rows carry the
line they start on and a digest of what they hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoho_records.cli.reading import file_format, header_problems, read_header, read_rows
from zoho_records.cli.rows import InputFileError, digest


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_an_unknown_file_type_is_named_with_the_ones_that_work(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"unknown file type '\.xml'; use a \.csv"):
        file_format(tmp_path / "deals.xml")  # (a workbook is told to be saved as CSV)


def test_a_directory_or_a_missing_file_is_told_as_such(tmp_path: Path) -> None:
    (tmp_path / "in.csv").mkdir()
    with pytest.raises(InputFileError, match="is a directory, not a file"):
        list(read_rows(tmp_path / "in.csv"))
    with pytest.raises(InputFileError, match="no such file"):
        list(read_rows(tmp_path / "missing.csv"))


def test_a_byte_that_is_not_utf8_is_named_with_its_line_and_character(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", b"id,Name\n1,Caf\xe9\n")
    with pytest.raises(InputFileError, match=r"line 2: byte 0xe9 \(character 6\) is not UTF-8"):
        list(read_rows(path))


def test_rows_after_a_quoted_cell_over_several_lines_keep_their_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", 'id,Description\n1,"two\nlines"\n2,one\n')
    rows = list(read_rows(path))
    assert [(r.number, r.line) for r in rows] == [(1, 2), (2, 4)]


def test_text_after_a_closing_quote_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", 'id,Name\n1,"say" hi\n')
    with pytest.raises(InputFileError, match="line 2: text after a closing double quote"):
        list(read_rows(path))


def test_another_csv_fault_is_told_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", b"id,Name\n1,a\rb\n")  # a lone carriage return
    with pytest.raises(InputFileError, match=r"line \d: not readable as CSV \(.*\)\. Nothing was"):
        list(read_rows(path))


def test_by_default_an_empty_id_is_a_problem_and_an_empty_cell_is_left_out(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "in.csv", "id,Name,Phone\n,Ann,\n")
    (row,) = read_rows(path)
    assert [(p.column, p.message) for p in row.problems] == [
        ("id", "the id is empty; every row needs the record's id")
    ]
    assert row.record == {"Name": "Ann"}


def test_an_empty_id_is_told_beside_another_cells_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", "id,Amount\n,not a number\n")
    (row,) = read_rows(path, field_types={"Amount": "currency"})
    assert {p.column for p in row.problems} == {"id", "Amount"}


def test_every_fault_of_a_header_is_told() -> None:
    problems = header_problems(["id", "Name", "Name", ""], None, require_id=True, module="Deals")
    assert problems == [
        "column 'Name' appears twice in the header; keep one",
        "a header cell is empty; name every column after a field API name",
    ]
    assert header_problems(["ID", "Name"], None, require_id=True, module="Deals")[0].endswith(
        "(found 'ID': rename it to 'id')"
    )


def test_a_header_is_read_from_csv_only_and_an_empty_csv_has_none(tmp_path: Path) -> None:
    assert read_header(write(tmp_path, "in.jsonl", '{"id": "1"}\n')) == []
    assert read_header(write(tmp_path, "in.csv", " id , Name\n1,a\n")) == ["id", "Name"]
    with pytest.raises(InputFileError, match="is empty: expected a header row"):
        read_header(write(tmp_path, "empty.csv", ""))


def test_json_lines_in_a_json_file_are_read_line_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, "in.json", '{"id": "1"}\n{"id": "2"}\n')
    assert [r.record["id"] for r in read_rows(path)] == ["1", "2"]


def test_an_array_in_a_jsonl_file_is_no_array_of_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", '[{"id": "1"}, {"id": "2"}]\n')
    rows = list(read_rows(path))
    assert len(rows) == 1 and rows[0].problems


def test_a_single_object_json_file_is_one_row_with_its_line_and_a_stable_digest(
    tmp_path: Path,
) -> None:
    one = write(tmp_path, "one.json", '\n{\n  "id": "1",\n  "Name": "Zoë"\n}\n')
    (row,) = read_rows(one)
    assert (row.number, row.line, row.record) == (1, 2, {"id": "1", "Name": "Zoë"})
    # the same object in an array (other key order, other spacing): the same digest
    array = write(tmp_path, "array.json", '[{"Name":"Zoë","id":"1"}]')
    (same,) = read_rows(array)
    assert row.digest == same.digest != ""


def test_a_csv_cell_longer_than_the_csv_modules_default_limit_is_read(tmp_path: Path) -> None:
    long = "x" * 200_000  # a textarea holds 32,000; the server judges lengths, not the reader
    path = write(tmp_path, "in.csv", f"id,Description\n1,{long}\n")
    (row,) = read_rows(path)
    assert row.record["Description"] == long


def test_a_column_without_a_header_is_left_out_of_the_record(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", "id,,Name\n1,ignored,Ann\n")
    (row,) = read_rows(path)
    assert row.record == {"id": "1", "Name": "Ann"}


def test_a_csv_cell_nested_too_deep_stops_the_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "in.csv", "id,$data\n1," + "[" * 101 + "]" * 101 + "\n")
    with pytest.raises(InputFileError, match=r"line 2, column \$data: a value nests"):
        list(read_rows(path))


def test_json_array_items_carry_the_line_they_start_on(tmp_path: Path) -> None:
    text = '\n[\n  {"id": "1"},\n\n  {"id": "2",\n   "Name": "b"},  {"id": "3"}\n]\n'
    rows = list(read_rows(write(tmp_path, "in.json", text)))
    assert [(r.number, r.line) for r in rows] == [(1, 3), (2, 5), (3, 6)]
    assert list(read_rows(write(tmp_path, "e.json", " [ ] "))) == []


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "bad.json",
            '[\n  {"id": "1"},\n  {"id": }\n]',
            r"line 3: not valid JSON \(Expecting value, column 10\)",
        ),
        ("nan.json", '[{"id": "1", "Amount": NaN}]', "NaN is not valid JSON"),
        ("nan-object.json", '{"id": "1",\n "Amount": NaN}', "NaN is not valid JSON"),
        (
            "deep.jsonl",
            '{"id": "1"}\n{"a": ' + "[" * 101 + "]" * 101 + "}\n",
            "line 2: a value nests",
        ),
    ],
)
def test_a_json_file_that_cannot_be_read_is_told_with_its_place(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(InputFileError, match=message):
        list(read_rows(write(tmp_path, name, text)))


def test_a_bad_json_line_is_a_problem_of_its_row_and_the_others_are_read(tmp_path: Path) -> None:
    text = '{"id": "1"}\n{"id": }\n\n{"id": "3", "Amount": Infinity}\n{"id": "4"}\n'
    rows = list(read_rows(write(tmp_path, "in.jsonl", text)))
    assert [(r.number, r.line) for r in rows] == [(1, 1), (2, 2), (3, 4), (4, 5)]
    assert [p.message for p in rows[1].problems] == [
        "not valid JSON (Expecting value at character 8); each line must be one JSON object"
    ]
    assert "Infinity is not valid JSON" in rows[2].problems[0].message
    assert rows[0].ok and rows[3].ok


def test_a_jsonl_row_digest_is_that_of_its_line(tmp_path: Path) -> None:
    (row,) = read_rows(write(tmp_path, "in.jsonl", '{"b": 1, "id": "1"}\n'))
    assert row.digest == digest('{"b": 1, "id": "1"}')


def test_the_id_key_is_no_unknown_field(tmp_path: Path) -> None:
    path = write(tmp_path, "in.jsonl", '{"id": "1", "Name": "a"}\n')
    (row,) = read_rows(path, known_fields={"Name": "text"})
    assert row.ok

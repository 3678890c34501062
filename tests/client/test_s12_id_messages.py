"""Two ids a new user's files held, told only "is not a Zoho record id (1 to 19 digits); copy
ids from Zoho exactly": a web export's ``zcrm_<id>`` in a file with API-name headers (the
prefix is taken off only when the header is the web export's), and an id a spreadsheet
formatted as a number (``554,023,000,000,497,007``: it keeps 15 digits, so the id may be
another's). Each now says what it is and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoho_records.cli.reading import read_rows


def id_problems(tmp_path: Path, cells: list[str], suffix: str = ".csv") -> list[str]:
    path = tmp_path / f"d{suffix}"
    if suffix == ".csv":
        path.write_text("id,Stage\n" + "".join(f'"{c}",Won\n' for c in cells))
    else:
        path.write_text("".join(f'{{"id": "{c}", "Stage": "Won"}}\n' for c in cells))
    return [p.message for r in read_rows(path) for p in r.problems if p.column == "id"]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_web_exports_id_is_told_to_lose_its_prefix(tmp_path: Path, suffix: str) -> None:
    assert id_problems(tmp_path, ["zcrm_3652397000000281001"], suffix) == [
        "'zcrm_3652397000000281001' is a record id as Zoho's web export writes it: write it "
        "without zcrm_ (3652397000000281001)"
    ]


@pytest.mark.parametrize(
    "cell", ["554,023,000,000,497,007", "3 652 397 000 000 281 001", "1'234", "12\u00a0345"]
)
def test_an_id_with_digit_groups_is_told_as_a_spreadsheets_number(
    tmp_path: Path, cell: str
) -> None:
    assert id_problems(tmp_path, [cell]) == [
        f"{cell!r} is an id a spreadsheet formatted as a number (digit groups; it keeps only 15 "
        "digits of a number): format the id column as text and export again"
    ]


@pytest.mark.parametrize(
    "cell", ["zcrm_", "zcrm_12345678901234567890", "ZCRM_123", "1,23", "12,3456", ",123", "a,123"]
)
def test_other_bad_ids_are_told_as_before(tmp_path: Path, cell: str) -> None:
    assert id_problems(tmp_path, [cell]) == [
        f"{cell!r} is not a Zoho record id (1 to 19 digits); copy ids from Zoho exactly"
    ]


def test_good_ids_have_no_problem(tmp_path: Path) -> None:
    assert id_problems(tmp_path, ["3652397000000281001", " 42 "]) == []

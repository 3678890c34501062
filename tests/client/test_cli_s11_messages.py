"""What the command line says of bad rows where a new user's try found it wrong: a row with
fewer cells than the header was told to quote a comma inside a value (and a TSV file's rows
were told of commas); a JSON id that is not text or a whole number was shown in Python's
spelling, and a float id was not said to have lost its digits; the progress line said
"1 errors"."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from zoho_records import ClientStats
from zoho_records.cli import build_parser, main
from zoho_records.cli.progress import Progress
from zoho_records.cli.reading import header_problems, read_rows

from .conftest import deal_ids, request_log

pytestmark = pytest.mark.timeout(120)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def problems(path: Path) -> list[str]:
    return [p.message for row in read_rows(path, field_types=None) for p in row.problems]


@pytest.mark.parametrize(("suffix", "sep", "name"), [(".csv", ",", "comma"), (".tsv", "\t", "tab")])
def test_a_row_with_too_few_or_too_many_cells_says_which(
    tmp_path: Path, suffix: str, sep: str, name: str
) -> None:
    path = tmp_path / f"d{suffix}"
    rows = ["id,Stage,Amount", "1,Closed Won", "2", "3,Closed Won,5,x", "4,Closed Won,5"]
    path.write_text("\n".join(r.replace(",", sep) for r in rows) + "\n")
    assert problems(path) == [
        f"has 2 cells but the header has 3 columns: 1 cell(s) missing (an empty value still "
        f"needs its {name}: each row has one cell per column)",
        f"has 1 cell but the header has 3 columns: 2 cell(s) missing (an empty value still "
        f"needs its {name}: each row has one cell per column)",
        f"has 4 cells but the header has 3 columns (a {name} inside a value needs double "
        "quotes around the value)",
    ]


def test_a_tab_separated_txt_file_is_told_of_tabs(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"  # Excel's "Unicode Text": tab-separated
    path.write_text("id\tStage\n1\tClosed Won\tx\n")
    assert problems(path) == [
        "has 3 cells but the header has 2 columns (a tab inside a value needs double quotes "
        "around the value)"
    ]


def test_a_json_id_is_shown_as_the_file_writes_it(env, tmp_path: Path, capsys: Any) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.json"
    src.write_text(
        f'[{{"id": {rid}.0, "Stage": "Closed Won"}}, {{"id": true, "Stage": "Closed Won"}},'
        ' {"id": null, "Stage": "Closed Won"}, {"id": ["1"], "Stage": "Closed Won"}]'
    )
    assert main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)]) == 1
    err = capsys.readouterr().err
    assert (
        "row 1 (line 1), key id: 7e+18 is not a record id: a number with a decimal point or "
        "an exponent cannot hold an id's 19 digits; write the id as a digit string, e.g. "
        '"3652397000003852095"'
    ) in err, err
    assert "row 2 (line 1), key id: true is not a record id; ids are digit strings" in err
    assert "row 3 (line 1), key id: null is not a record id; ids are digit strings" in err
    assert 'row 4 (line 1), key id: ["1"] is not a record id; ids are digit strings' in err
    assert "True" not in err and "None" not in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_the_progress_line_says_1_error_and_1_429() -> None:
    """It said "1 errors" and "1 429s"."""
    out = io.StringIO()
    stats = ClientStats(9, 25, True, 0, 0, 0, 1, 0, 0)
    progress = Progress(3, label="update Deals", stream=out, interval=0, stats=lambda: stats)
    progress.advance(1, errors=1)
    line = out.getvalue().splitlines()[-1]
    assert " | 1 error | " in line and line.endswith("| concurrency 9/25 | 1 429"), line
    progress.advance(2, errors=1)
    line = out.getvalue().splitlines()[-1]
    assert " | 2 errors | " in line, line


def test_the_help_of_if_unmodified_since_says_the_row_fails() -> None:
    """It said "skip records changed since": such a row is not skipped (the summary counts
    it failed, with ALREADY_MODIFIED, and the run exits 1)."""
    text = " ".join(
        build_parser()
        ._subparsers._group_actions[0]  # type: ignore[union-attr]
        .choices["update"]
        .format_help()
        .split()
    )
    assert (
        "--if-unmodified-since TIME ISO 8601 time with an offset, e.g. 2024-01-15T15:26:49+05:30: "
        "a record changed since is not updated: its row fails with ALREADY_MODIFIED (CRM)"
    ) in text
    assert "skip" not in text.split("--if-unmodified-since TIME")[1].split("--group")[0]


@pytest.mark.parametrize(
    ("name", "sep", "said"),
    [
        (
            "d.csv",
            ";",
            "semicolons",
        ),
        ("d.txt", ";", "semicolons"),
        ("d.csv", "\t", "tabs"),
        ("d.csv", "|", "bars"),
    ],
)
def test_a_header_of_another_separator_says_so(
    env, tmp_path: Path, capsys: Any, name: str, sep: str, said: str
) -> None:
    """It said there is no 'id' column and that 'id;Stage' is no field ("did you mean
    'Stage'?")."""
    src = tmp_path / name
    src.write_text(f"id{sep}Stage\n{deal_ids(1)[0]}{sep}Closed Won\n")
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    fix = (
        "name the file .tsv"
        if sep == "\t"
        else "save it as CSV with commas (in Excel: CSV UTF-8 (Comma delimited))"
    )
    assert (
        f"zoho-records: error: {src}: the header is one column, {f'id{sep}Stage'!r}: its names "
        f"are separated by {said}, but the file is read with commas between cells: {fix}\n"
    ) in err, err
    assert "no 'id' column" not in err and "did you mean" not in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_workbook_is_told_to_be_saved_as_csv(env, tmp_path: Path, capsys, suffix) -> None:
    src = tmp_path / f"deals{suffix}"
    src.write_bytes(b"PK\x03\x04 not text")
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    assert (
        f"zoho-records: error: {src}: a spreadsheet workbook ({suffix}) is not read: save its "
        "sheet as CSV (in Excel: File > Save As > CSV UTF-8 (Comma delimited)) and pass that "
        "file"
    ) in capsys.readouterr().err


def test_an_id_column_spelled_otherwise_is_told_once(tmp_path: Path) -> None:
    """'ID' was told to be renamed to 'id', then said to be no field of Deals."""
    problems = header_problems(
        ["ID", "stage"], {"Stage": "picklist"}, require_id=True, module="Deals"
    )
    assert problems == [
        "no 'id' column: the first line must be a header and one column must be called 'id', "
        "holding each record's Zoho id (found 'ID': rename it to 'id')",
        "column 'stage' is not a field of Deals (use field API names; `zoho-records fields "
        "--module Deals` lists them); did you mean 'Stage'?",
    ]


def test_a_row_under_a_header_of_one_column_says_1_column(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("id\n1,2\n")
    assert problems(path) == [
        "has 2 cells but the header has 1 column (a comma inside a value needs double quotes "
        "around the value)"
    ]


@pytest.mark.parametrize(("sep", "said"), [(";", "semicolons"), ("|", "bars")])
def test_a_tsv_header_of_another_separator_is_said_to_be_read_with_tabs(
    env, tmp_path: Path, capsys: Any, sep: str, said: str
) -> None:
    """A .tsv file is read with tabs: it was said to be read with commas."""
    src = tmp_path / "d.tsv"
    src.write_text(f"id{sep}Stage\n{deal_ids(1)[0]}{sep}Closed Won\n")
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    assert (
        f"zoho-records: error: {src}: the header is one column, {f'id{sep}Stage'!r}: its names "
        f"are separated by {said}, but the file is read with tabs between cells: save it as "
        "CSV with commas (in Excel: CSV UTF-8 (Comma delimited)), named .csv\n"
    ) in err, err
    assert "commas between cells" not in err


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("Deal_Nam", "'Deal_Nam' is not a field of Deals (use field API names; "),
        ("deal_name", "did you mean 'Deal_Name'?"),
        ("Deal_Name,", "an empty name (a comma too many?)"),
    ],
)
def test_a_duplicate_check_field_the_module_lacks_stops_the_upsert_before_sending(
    env: Any, tmp_path: Path, capsys: Any, given: str, says: str
) -> None:
    emulator = env
    # (Zoho refuses every row of such an upsert, each call charged: before, every row was sent)
    path = tmp_path / "deals.csv"
    path.write_text("Deal_Name,Stage\nA,Qualification\nB,Qualification\n")
    args = ["upsert", "--product", "crm", "--module", "Deals", "--file", str(path)]
    for dry in ([], ["--dry-run"]):
        code = main([*args, "--duplicate-check-fields", given, *dry, *target(emulator)])
        err = capsys.readouterr().err
        assert code == 2 and "error: --duplicate-check-fields: " in err and says in err, err
    assert not [r for r in request_log(emulator) if r["op"] == "upsert"]


@pytest.mark.parametrize(
    ("name", "hint"),
    [("wrkflow", "did you mean 'workflow'?"), ("Workflow", "did you mean"), ("x", "")],
)
def test_a_trigger_zoho_does_not_know_is_refused_before_anything_is_sent(
    env: Any, capsys: Any, name: str, hint: str
) -> None:
    # (sent as given, Zoho ran no automation for it: a typo made a silent change of behaviour)
    deals = Path(__file__).parents[2] / "examples" / "deals.csv"
    args = ["update", "--module", "Deals", "--file", str(deals), "--trigger", name]
    assert main([*args, *target(env)]) == 2
    err = capsys.readouterr().err
    assert f"error: --trigger {name!r} is none of Zoho's triggers (workflow, approval" in err
    assert hint in err and not [r for r in request_log(env) if r["op"] == "update"]
    assert main([*args[:-1], "approval", "--trigger", "workflow", "--dry-run", *target(env)]) == 0

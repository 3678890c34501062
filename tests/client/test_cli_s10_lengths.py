"""Values longer than their field takes (the field metadata's ``length``) are problems of their
row and column before anything is sent, as the emulator (the reference for Zoho's answers)
refuses them, no stricter; and Zoho's error details (``maximum_length``) reach the report."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main
from zoho_records.cli.metadata import field_types_of

from .conftest import deal_ids, emulator_records, request_log, write_csv

pytestmark = pytest.mark.timeout(180)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def read_report(path: Path) -> dict[int, dict[str, str]]:
    if path.suffix == ".jsonl":
        lines = [json.loads(line) for line in path.read_text().splitlines()]
    else:
        with path.open(newline="") as fh:
            lines = list(csv.DictReader(fh))
    return {int(line["row"]): line for line in lines}


HEADER = ["id", "Next_Step", "Deal_Name", "Amount", "Description"]


def test_the_metadata_reader_keeps_each_fields_length() -> None:
    types = field_types_of(
        [
            {"api_name": "Next_Step", "data_type": "text", "length": 100},
            {"api_name": "Deal_Name", "data_type": "text", "length": "120"},  # a digit string
            {"api_name": "Amount", "data_type": "currency", "length": 16},
            {"api_name": "Flag", "data_type": "boolean", "length": True},  # not a length
            {"api_name": "Zero", "data_type": "text", "length": 0},
            {"api_name": "Odd", "data_type": "text", "length": "many"},
            {"api_name": "None", "data_type": "text"},
        ]
    )
    assert types.lengths == {"Next_Step": 100, "Deal_Name": 120, "Amount": 16}


def test_the_dry_run_reports_values_longer_than_their_field_by_row_and_column(
    env, tmp_path: Path, capsys
) -> None:
    """It said "all rows valid" and the real run then got INVALID_DATA for each such row."""
    ids = deal_ids(2)
    fits = [ids[0], "n" * 100, "d" * 120, "1234567890123456.5", "x" * 32000]
    over = [ids[1], "n" * 101, "d" * 121, "9" * 17, "x" * 32001]
    src = write_csv(tmp_path / "d.csv", HEADER, [fits, over])
    code = main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert (
        "row 2 (line 3), column Next_Step: 'nnnnnnnnnnnnnnnnnnnnnnnnnnn...' is 101 characters "
        "long, but Next_Step takes at most 100 (the field metadata's length); Zoho would refuse "
        "the row (INVALID_DATA): shorten it"
    ) in err
    assert "column Deal_Name: 'ddddddddddddddddddddddddddd...' is 121 characters long, " in err
    assert "but Deal_Name takes at most 120" in err
    assert (
        "row 2 (line 3), column Amount: 99999999999999999 is 17 digits before the decimal "
        "point, but Amount takes at most 16"
    ) in err
    assert "column Description: 'xxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 32,001 characters" in err
    assert "at most 32,000" in err
    assert "row 1 " not in err
    assert "4 problem(s); nothing was sent" in err
    assert "the 1 row(s) to send would take 1 API call(s)" in err
    assert not [r for r in request_log(env) if r["op"] == "update"]


def test_a_real_run_refuses_an_over_long_row_locally_and_sends_the_others(
    env, tmp_path: Path, capsys
) -> None:
    ids = deal_ids(3)
    src = write_csv(
        tmp_path / "d.csv",
        ["id", "Next_Step", "Amount"],
        [[ids[0], "call back", 5], [ids[1], "n" * 101, 5], [ids[2], "ok", "1" * 17]],
    )
    report = tmp_path / "r.csv"
    code = main(
        ["update", "--module", "Deals", "--file", str(src), "--report", str(report), *target(env)]
    )
    assert code == 1, capsys.readouterr().err
    lines = read_report(report)
    assert lines[1]["outcome"] == "success"
    for row, field, size, maximum in ((2, "Next_Step", "101", "100"), (3, "Amount", "17", "16")):
        assert lines[row]["outcome"] == "error" and lines[row]["code"] == "INVALID_INPUT"
        message = lines[row]["message"]
        assert message.startswith(f"column {field}: ")
        assert f" is {size} " in message and f"{field} takes at most {maximum}" in message
    sent = [r for r in request_log(env) if r["op"] == "update"]
    assert len(sent) == 1  # one call, the good row alone: no credit spent on the others
    records = emulator_records(env, "crm", "Deals")
    assert records[ids[0]]["Next_Step"] == "call back"
    assert records[ids[1]].get("Next_Step") != "n" * 101
    assert records[ids[2]]["Amount"] == 100  # unchanged


def test_json_lines_values_are_held_to_the_same_lengths(env, tmp_path: Path, capsys) -> None:
    ids = deal_ids(4)
    rows = [
        {"id": ids[0], "Next_Step": "n" * 100, "Amount": -(10**15) * 9.5},  # 16 digits
        {"id": ids[1], "Next_Step": "n" * 101},
        {"id": ids[2], "Amount": "12345678901234567"},  # a number as a string
        {"id": ids[3], "Languages_Known": ["English"] * 300},  # 2,399 characters joined
    ]
    src = tmp_path / "d.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    code = main(["update", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "row 1 " not in err
    assert "row 2 (line 2), key Next_Step: 'nnnn" in err and "101 characters long" in err
    assert "row 3 (line 3), key Amount: '12345678901234567' is 17 digits before" in err
    assert (
        "row 4 (line 4), key Languages_Known: ['English', " in err
        and "is 2,399 characters with its values joined by ';', but Languages_Known takes at "
        "most 2,000"
        in err
    )
    assert "3 problem(s)" in err


def test_the_checks_refuse_what_the_emulator_refuses_and_nothing_more(
    env, client, tmp_path: Path, capsys
) -> None:
    """Around each limit: the rows the dry run finds too long are exactly the records the
    emulator answers with ``maximum_length`` when the same values are sent unchecked. Whole
    numbers have a ``length`` in the metadata that is no limit of the value."""
    cases: list[tuple[str, Any]] = [
        ("Next_Step", "n" * 100),
        ("Next_Step", "n" * 101),
        ("Next_Step", "é" * 100),  # characters, not bytes
        ("Deal_Name", "d" * 121),
        ("Amount", 9_999_999_999_999_999),  # 16 digits
        ("Amount", 99_999_999_999_999_999),
        ("Amount", -9_999_999_999_999_999.75),  # a float: -1e16, 17 digits
        ("Amount", "9999999999999999"),  # a string Zoho reads as a number: 1e16 again
        ("Amount", 1_000_000_000_000_000.5),
        ("Description", "x" * 32001),
        ("Probability", 2_000_000_000),  # 10 digits; the metadata says 9: no limit of the value
        ("Languages_Known", ["English"] * 200),  # 1,599 characters joined
        ("Languages_Known", ["English"] * 300),
    ]
    records = [
        {"id": rid, col: v} for rid, (col, v) in zip(deal_ids(len(cases)), cases, strict=True)
    ]
    src = tmp_path / "d.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    dry_report = tmp_path / "dry.csv"
    args = ["update", "--module", "Deals", "--file", str(src), "--dry-run"]
    main([*args, "--report", str(dry_report), *target(env)])
    capsys.readouterr()
    refused_here = {n for n, line in read_report(dry_report).items() if line["outcome"] != "valid"}
    outcomes = client.crm.update_records("Deals", records)
    refused_there = {o.index + 1 for o in outcomes if not o.ok}
    assert all("maximum_length" in o.details for o in outcomes if not o.ok)
    assert refused_there == {2, 4, 6, 7, 8, 10, 13}
    assert refused_here == refused_there


def test_a_set_value_longer_than_its_field_stops_the_run_before_sending(
    env, tmp_path: Path, capsys
) -> None:
    src = tmp_path / "ids.csv"
    src.write_text("id\n" + "\n".join(deal_ids(2)) + "\n")
    args = ["mass-update", "--module", "Deals", "--file", str(src), "--set"]
    assert main([*args, "Next_Step=" + "n" * 101, *target(env)]) == 2
    err = capsys.readouterr().err
    assert "--set Next_Step: " in err and "101 characters long" in err
    assert "Next_Step takes at most 100" in err
    assert not [r for r in request_log(env) if r["op"] == "mass_update"]


# ---- Zoho's error details in the report --------------------------------------------------------
def test_the_report_keeps_zohos_details_of_a_refused_row(env, tmp_path: Path, capsys) -> None:
    """It said only `invalid data [field Next_Step]`, dropping ``maximum_length``."""
    rid = deal_ids(1)[0]
    src = write_csv(tmp_path / "d.csv", ["id", "Next_Step"], [[rid, "n" * 101]])
    base = ["update", "--module", "Deals", "--file", str(src), "--no-metadata", *target(env)]
    assert main(base) == 1
    assert (
        f"row 1 (line 2): INVALID_DATA: invalid data [field Next_Step, maximum_length 100] "
        f"(id {rid})"
    ) in capsys.readouterr().err
    report = tmp_path / "r.jsonl"
    assert main([*base, "--report", str(report)]) == 1
    line = read_report(report)[1]
    assert line["message"] == "invalid data [field Next_Step, maximum_length 100]"


def test_details_are_shown_compactly_and_in_a_fixed_order() -> None:
    from zoho_records.cli.tally import detail_text

    details = {
        "json_path": "$.data[3].Subform_1[0].Product",
        "maximum_length": "100",
        "expected_data_type": "text",
        "api_name": "Subform_1",
        "duplicate_record": {"module": {"api_name": "Deals"}, "id": "42"},
        "limit": 3,
    }
    shown = detail_text(details, "7")
    assert shown == (
        " [field Subform_1, at Subform_1[0].Product, duplicate_record "
        '{"id":"42","module":{"api_name":"Deals"}}, expected_data_type text, limit 3, '
        "maximum_length 100]"
    )
    assert detail_text(dict(reversed(list(details.items()))), "7") == shown
    # the record's place in its request is left out, so is the row's own id; another id is not
    assert detail_text({"api_name": "Stage", "json_path": "$.data[0].Stage"}) == " [field Stage]"
    assert detail_text({"id": "7"}, "7") == ""
    assert detail_text({"id": "8"}, "7") == " [id 8]"
    assert detail_text({"api_name": "X", "note": "y" * 200}).endswith("y" * 74 + "...]")
    assert detail_text(None) == detail_text({}) == ""


def test_a_csv_number_of_16_digits_is_sent_exactly(env, tmp_path: Path, capsys) -> None:
    """A whole number went through a float: 9999999999999999 was sent as 1e16 (17 digits),
    which the emulator refuses as longer than Amount takes."""
    rid = deal_ids(1)[0]
    src = write_csv(tmp_path / "d.csv", ["id", "Amount"], [[rid, "9" * 16]])
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 0, (
        capsys.readouterr().err
    )
    assert emulator_records(env, "crm", "Deals")[rid]["Amount"] == 9_999_999_999_999_999


def test_fields_shows_the_longest_value_each_field_takes(env, capsys) -> None:
    assert main(["fields", "--module", "Deals", "--base-url", env.base_url]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[2:]}
    assert "required, up to 120 characters" in lines["Deal_Name"]
    assert "up to 100 characters" in lines["Next_Step"]
    assert "up to 32,000 characters" in lines["Description"]
    assert "up to 16 digits before the point" in lines["Amount"]
    assert "up to" not in lines["Stage"]  # its values say what it takes
    assert "up to" not in lines["Probability"]  # a whole number's length is not checked

"""``insert`` with an ``id`` column (an export, or an update's file, given to the wrong command):
the ids were sent in the insert's body and every row was inserted as a new record, a second
copy of each record the file names, with nothing said (its --help says "no 'id'"). A CSV
header with an ``id`` column is now refused before anything is sent, as an unknown column is;
a JSON object with an ``id`` key is a problem of its row, and the other rows go."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main

from .conftest import deal_ids, emulator_records, request_log, write_csv

pytestmark = pytest.mark.timeout(120)

SAID = (
    "an insert creates new records, and Zoho assigns their ids: to change the records these "
    "ids name, use update (or upsert); to create new records, leave the id out"
)


def target(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--no-progress", "--max-retries", "0"]


def inserts(emulator: Any) -> list[dict[str, Any]]:
    return [r for r in request_log(emulator) if r["op"] == "insert"]


def test_a_csv_with_an_id_column_is_refused_and_nothing_is_inserted(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    rid = deal_ids(1)[0]
    src = write_csv(tmp_path / "d.csv", ["id", "Deal_Name", "Stage"], [[rid, "X", "Qualification"]])
    before = len(emulator_records(env, "crm", "Deals"))
    assert main(["insert", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    assert f"zoho-records: error: {src}: column 'id': {SAID}" in err, err
    assert len(emulator_records(env, "crm", "Deals")) == before
    assert not inserts(env)


def test_the_dry_run_says_so_and_exits_2(env: Any, tmp_path: Path, capsys: Any) -> None:
    rid = deal_ids(1)[0]
    src = write_csv(tmp_path / "d.csv", ["id", "Deal_Name", "Stage"], [[rid, "X", "Qualification"]])
    argv = ["insert", "--module", "Deals", "--file", str(src), "--dry-run", *target(env)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{src}, header (line 1): column 'id': {SAID}" in err, err


def test_a_json_object_with_an_id_is_a_problem_of_its_row(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    rid = deal_ids(1)[0]
    src = tmp_path / "d.jsonl"
    src.write_text(
        f'{{"id": "{rid}", "Deal_Name": "Copy", "Stage": "Qualification"}}\n'
        '{"Deal_Name": "Fresh", "Stage": "Qualification"}\n'
    )
    report = tmp_path / "r.csv"
    argv = ["insert", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*argv, *target(env)]) == 1
    with report.open(newline="") as fh:
        lines = {r["row"]: r for r in csv.DictReader(fh)}
    assert (lines["1"]["outcome"], lines["1"]["code"]) == ("error", "INVALID_INPUT")
    assert lines["1"]["message"] == f"key id: {SAID}"
    assert lines["2"]["outcome"] == "success"
    names = [r["Deal_Name"] for r in emulator_records(env, "crm", "Deals").values()]
    assert names.count("Fresh") == 1 and "Copy" not in names


def test_update_and_upsert_still_take_an_id_column(env: Any, tmp_path: Path) -> None:
    rid = deal_ids(1)[0]
    src = write_csv(tmp_path / "d.csv", ["id", "Stage"], [[rid, "Closed Won"]])
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 0
    src = write_csv(
        tmp_path / "u.csv", ["id", "Deal_Name", "Stage"], [[rid, "Renamed", "Closed Won"]]
    )
    argv = ["upsert", "--product", "crm", "--module", "Deals", "--file", str(src)]
    assert main([*argv, *target(env)]) == 0

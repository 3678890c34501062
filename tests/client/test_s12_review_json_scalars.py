"""The session's check for a JSON key named twice walked any value it was given: a JSON value
that is a number, true, false or null (``--set Amount=5`` read as JSON, a Tag cell ``5``, a
``$`` column's ``true``) raised ``TypeError: 'int' object is not iterable`` out of the command
line, a traceback, where such a value is read as before (or is a problem of its row)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main
from zoho_records.cli.options import parse_set
from zoho_records.cli.reading import read_rows

from .conftest import deal_ids

pytestmark = pytest.mark.timeout(60)


def test_set_takes_json_scalars_as_before() -> None:
    assert parse_set(["Amount=5", "Flag=true", "Gone=null", "Rate=1.5", 'Name="x"']) == {
        "Amount": 5,
        "Flag": True,
        "Gone": None,
        "Rate": 1.5,
        "Name": "x",
    }


def test_cells_read_as_json_that_are_scalars_are_read_or_told(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("id,Tag,$state\n1,5,true\n")
    (row,) = read_rows(path, field_types=None)
    assert row.record["$state"] is True
    assert [p.column for p in row.problems] == ["Tag"]  # (a Tag is a JSON array of objects)


def test_the_command_line_tells_the_row_not_a_traceback(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    src = tmp_path / "d.csv"
    src.write_text(f"id,Tag\n{deal_ids(1)[0]},5\n")
    argv = ["update", "--module", "Deals", "--file", str(src), "--dry-run"]
    assert main([*argv, "--base-url", env.base_url, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "1 problem(s)" in err

"""The command counts the input's rows while it reads the field metadata (``cli/scan.py``):
the two overlap, the count is the prescan's, an error either meets is reported in the order it
was before (metadata, header, then the rows), and a count no longer needed stops."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from zoho_records.cli import main, scan
from zoho_records.cli.commands.base import Command
from zoho_records.cli.errors import UsageError

from .conftest import deal_ids
from .test_cli import deals_csv, read_report, target

HOLD = 10.0  # seconds the metadata read waits for the count at most


def counting_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "zoho-records-count"]


def test_the_rows_are_counted_while_the_metadata_is_read(
    env: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = threading.Event()
    real_count = scan.count_rows

    def count_rows(*args: Any, **kw: Any) -> scan.RowCount:
        result = real_count(*args, **kw)
        counted.set()
        return result

    real_maps = Command.field_maps
    overlapped: list[bool] = []

    def field_maps(self: Command, run: Any) -> Any:
        # the metadata read waits for the count: it ends only if the count ran meanwhile
        overlapped.append(counted.wait(HOLD))
        return real_maps(self, run)

    monkeypatch.setattr(scan, "count_rows", count_rows)
    monkeypatch.setattr(Command, "field_maps", field_maps)
    report = tmp_path / "r.csv"
    src = deals_csv(tmp_path, 250)
    args = ["update", "--module", "Deals", "--file", str(src), "--report", str(report)]
    assert main([*args, *target(env)]) == 0
    assert overlapped == [True]
    assert len(read_report(report)) == 250


def test_a_metadata_failure_is_reported_before_a_bad_file_and_stops_the_count(
    env: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    ids = deal_ids(2)
    src = tmp_path / "d.csv"
    src.write_text(f'id,Next_Step\n{ids[0]},"never closed\n{ids[1]},ok\n' * 2000)

    def field_maps(self: Command, run: Any) -> Any:
        raise UsageError("the metadata step failed")

    monkeypatch.setattr(Command, "field_maps", field_maps)
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    assert "the metadata step failed" in err and "never closed" not in err
    assert counting_threads() == []  # cancelled and joined


def test_an_unreadable_file_is_reported_at_the_prescan_as_before(
    env: Any, tmp_path: Path, capsys: Any
) -> None:
    ids = deal_ids(2)
    src = tmp_path / "d.csv"
    src.write_text(f'id,Next_Step\n{ids[0]},"call him\n{ids[1]},ok\n')
    assert main(["update", "--module", "Deals", "--file", str(src), *target(env)]) == 2
    err = capsys.readouterr().err
    assert "never closed" in err and "Nothing was sent" in err
    assert counting_threads() == []
